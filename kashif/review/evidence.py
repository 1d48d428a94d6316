"""What the weak labeller saw on each document: who voted for every label, and how sure the
label model is about every span and every entity pair.

``kashif label`` writes only the aggregated labels (with their probability); the votes behind
them are cheap to recompute, so review commands run the labeller again on the documents' texts
(fitted on those texts, as ``kashif label`` was) instead of widening the JSONL schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kashif.corpus import RawDoc
from kashif.review.tasks import DocEvidence, Evidence
from kashif.schema import Document
from kashif.weak.aggregate import ENTITY_CLASSES, RELATION_CLASSES


@dataclass
class WeakView:
    """One document as the weak labeller sees it.

    ``entity_posteriors``: the class posterior (``O`` first, then the 7 types) of every cluster of
    overlapping votes; ``cluster_votes``: each cluster's votes (function -> class);
    ``relation_posteriors``: the posterior (``NONE`` first) of every candidate entity pair.
    """

    document: Document
    evidence: DocEvidence
    entity_posteriors: np.ndarray
    cluster_votes: list[dict[str, str]] = field(default_factory=list)
    relation_posteriors: np.ndarray = field(default_factory=lambda: np.zeros((0, len(RELATION_CLASSES))))
    relation_votes: list[dict[str, str]] = field(default_factory=list)


def weak_views(docs: Sequence[Document], aggregator: str = "dawid-skene") -> list[WeakView]:
    """Label the documents' texts again (fitting the label models on them) and keep the votes."""
    from kashif.weak.labeller import WeakLabeller

    wl = WeakLabeller(aggregator)
    labelled = wl.label_corpus_detailed([RawDoc(d.id, d.text) for d in docs])
    out = []
    for ld in labelled:
        doc = ld.document
        clusters = ld.clusters
        posts = wl.entity_model.cluster_posteriors(clusters)
        ent_post = np.array([list(p.values()) for _, p in posts], dtype=float).reshape(len(posts), len(ENTITY_CLASSES))
        ev = DocEvidence()
        for e in doc.entities:
            voters, against = set(), set()
            for c in clusters:
                if c.start >= e.end or c.end <= e.start:
                    continue
                for lf, vote in c.vote_map.items():
                    if vote != e.type:
                        against.add(lf)
                    elif any(lf == m_lf and s.type == e.type and s.start < e.end and e.start < s.end
                             for m_lf, s in c.members):
                        voters.add(lf)
            ev.entities[(e.start, e.end, e.type)] = Evidence(e.score, tuple(sorted(voters)), tuple(sorted(against)))
        rel_post = np.zeros((0, len(RELATION_CLASSES)))
        pair_votes: list[dict[str, str]] = []
        if ld.candidates:
            rel_post = wl.relation_model.posteriors(ld.candidates, ld.relation_votes)
            pair_votes = [{lf: pv[(h, t)] for lf, pv in ld.relation_votes.items() if (h, t) in pv}
                          for h, t, _ in ld.candidates]
        ents = doc.entities
        for r in doc.relations:
            h, t = doc.entity(r.head), doc.entity(r.tail)
            hi, ti = ents.index(h), ents.index(t)
            voters = tuple(sorted(lf for lf, pv in ld.relation_votes.items() if pv.get((hi, ti)) == r.type))
            ev.relations[((h.start, h.end), (t.start, t.end), r.type)] = Evidence(r.score, voters)
        out.append(WeakView(doc, ev, ent_post, [dict(c.vote_map) for c in clusters], rel_post, pair_votes))
    return out
