"""Which documents to review first (active learning): documents ordered by what a correction
is worth.

A document's worth is the sum of four parts, all computed without gold:

* ``entity_entropy``: the entropy (bits) of the label model's class posterior of every cluster
  of overlapping votes -- the spans the model is unsure about;
* ``relation_entropy``: the same for every candidate entity pair in a sentence;
* ``lf_disagreement``: for every cluster or pair that two or more functions voted on, the share
  of votes that disagree with the most common one -- conflicts the model had to settle;
* ``model_disagreement`` (when a model's predictions are given): the entities and relations that
  the model and the weak labeller do not share (strict match on offsets and type).

Documents are ranked by worth per 1,000 characters (a document shorter than that counts as
1,000): an analyst's time goes with what must be read, and a long article holds more labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from kashif.review.evidence import WeakView
from kashif.schema import Document

PARTS = ("entity_entropy", "relation_entropy", "lf_disagreement", "model_disagreement")


@dataclass(frozen=True)
class Ranked:
    """One document's place in the review queue."""

    id: str
    worth: float  # per 1,000 characters: the ranking key
    parts: dict[str, float]
    chars: int

    def to_dict(self) -> dict:
        return {"id": self.id, "worth": round(self.worth, 4), "chars": self.chars,
                **{k: round(v, 4) for k, v in self.parts.items()}}


def entropy_bits(post: np.ndarray) -> np.ndarray:
    """Entropy in bits of each row of a probability matrix."""
    p = np.clip(np.asarray(post, dtype=float), 1e-12, 1.0)
    return -(np.asarray(post, dtype=float) * np.log2(p)).sum(axis=1) if len(p) else np.zeros(0)


def disagreement(votes: Sequence[Mapping[str, str]]) -> float:
    """Over items with two or more votes: the share of votes that differ from the most common."""
    total = 0.0
    for v in votes:
        if len(v) < 2:
            continue
        counts: dict[str, int] = {}
        for lab in v.values():
            counts[lab] = counts.get(lab, 0) + 1
        total += 1.0 - max(counts.values()) / len(v)
    return total


def _labels(doc: Document) -> tuple[set, set]:
    ents = {(e.start, e.end, e.type) for e in doc.entities}
    by_id = {e.id: e for e in doc.entities}
    rels = {((by_id[r.head].start, by_id[r.head].end), (by_id[r.tail].start, by_id[r.tail].end), r.type)
            for r in doc.relations}
    return ents, rels


def model_disagreement(weak: Document, model: Document) -> int:
    """Entities and relations found by one of the two and not the other."""
    we, wr = _labels(weak)
    me, mr = _labels(model)
    return len(we ^ me) + len(wr ^ mr)


def rank(views: Sequence[WeakView], predictions: Mapping[str, Document] | None = None) -> list[Ranked]:
    """The documents of ``views`` from the most to the least worth reviewing (ties: by id)."""
    out = []
    for v in views:
        doc = v.document
        parts = {
            "entity_entropy": float(entropy_bits(v.entity_posteriors).sum()),
            "relation_entropy": float(entropy_bits(v.relation_posteriors).sum()),
            "lf_disagreement": disagreement(v.cluster_votes) + disagreement(v.relation_votes),
            "model_disagreement": 0.0,
        }
        if predictions is not None and doc.id in predictions:
            parts["model_disagreement"] = float(model_disagreement(doc, predictions[doc.id]))
        chars = len(doc.text)
        out.append(Ranked(doc.id, sum(parts.values()) / max(1.0, chars / 1000), parts, chars))
    out.sort(key=lambda r: (-r.worth, r.id))
    return out
