"""Labelling-function analysis in the style of Snorkel's ``LFAnalysis`` and skweak's
``LFAnalysis``: coverage, overlaps and conflicts per function and per label, and accuracy where
gold documents are given.

Items are what the label models see: for entities the clusters of overlapping candidate spans
(:func:`kashif.weak.aggregate.cluster_spans`), for relations the candidate entity pairs of a
sentence. A function's label on an item is its vote as the label model sees it (in a cluster: the
type of its outermost span; a name nested in another function's span of another type is silent).

* coverage: share of items the function (or label) votes on;
* overlap: share of items where it votes and another function votes too;
* conflict: share of items where it votes and another function votes a different label;
* with gold: ``precision`` (its spans / pairs that are exactly a gold entity / relation; an ``O``
  or ``NONE`` vote is right when gold has nothing there), ``overlap_precision`` (entities: the
  span overlaps a gold entity of the same type), ``recall`` (gold items it found exactly).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from kashif.files import write_json
from kashif.schema import NO_RELATION, Document
from kashif.weak.aggregate import ENTITY_CLASSES, RELATION_CLASSES, cluster_spans, doc_members


class _Section:
    """Additive vote counts of one kind of item (entity clusters or relation candidate pairs):
    everything the report's ratios are made of, so documents can be added a chunk at a time (and
    counts from worker processes merged) without keeping any document."""

    def __init__(self, classes: Sequence[str]) -> None:
        self.classes = tuple(classes)
        self.items = 0
        self.documents = 0
        self.lf: dict[str, np.ndarray] = {}  # name -> [votes, overlap, conflict]
        k = len(self.classes)
        self.lab = np.zeros((4, k), dtype=np.int64)  # votes, items, overlap, conflict per class
        self.total = np.zeros(3, dtype=np.int64)  # items voted on, overlapped, in conflict
        self.labels: dict[str, Counter] = {}  # name -> label -> spans / pairs
        self.gold: dict[str, Counter] = defaultdict(Counter)
        self.n_gold = 0

    def add_votes(self, item: list[int], lf: list[int], label: list[int], n_items: int,
                  names: Sequence[str]) -> None:
        """Add sparse votes (one per function and item, items numbered from 0)."""
        item_a, lf_a, label_a = (np.array(x, dtype=np.int64) for x in (item, lf, label))
        n_lab = len(self.classes)
        per_item = np.bincount(item_a, minlength=n_items)
        lo = np.full(n_items, n_lab)
        hi = np.full(n_items, -1)
        np.minimum.at(lo, item_a, label_a)
        np.maximum.at(hi, item_a, label_a)
        conflict_item = (hi > lo) & (per_item > 0)
        overlap_item = per_item > 1
        n_lf = len(names)
        # a vote conflicts when another vote on its item differs from it
        differs = conflict_item[item_a] & ~((lo[item_a] == label_a) & (hi[item_a] == label_a))
        counts = np.stack([np.bincount(lf_a, minlength=n_lf),
                           np.bincount(lf_a, weights=overlap_item[item_a], minlength=n_lf).astype(np.int64),
                           np.bincount(lf_a, weights=differs, minlength=n_lf).astype(np.int64)], axis=1)
        for j, name in enumerate(names):
            self.lf[name] = self.lf.get(name, 0) + counts[j]
        if len(item_a):
            pairs = np.unique(item_a * n_lab + label_a)
            k, it = pairs % n_lab, pairs // n_lab
            self.lab[0] += np.bincount(label_a, minlength=n_lab)
            self.lab[1] += np.bincount(k, minlength=n_lab)
            self.lab[2] += np.bincount(k, weights=overlap_item[it], minlength=n_lab).astype(np.int64)
            self.lab[3] += np.bincount(k, weights=conflict_item[it], minlength=n_lab).astype(np.int64)
        self.total += [int((per_item > 0).sum()), int(overlap_item.sum()), int(conflict_item.sum())]
        self.items += n_items

    def merge(self, other: _Section) -> None:
        self.items += other.items
        self.documents += other.documents
        for name, c in other.lf.items():
            self.lf[name] = self.lf.get(name, 0) + c
        self.lab += other.lab
        self.total += other.total
        for name, c in other.labels.items():
            self.labels.setdefault(name, Counter()).update(c)
        for name, c in other.gold.items():
            self.gold[name].update(c)
        self.n_gold += other.n_gold

    def report(self, reliabilities: dict[str, float] | None, spans: bool) -> dict:
        n = max(self.items, 1)
        functions = {}
        for name in sorted(self.lf):
            votes, over, conf = (int(x) for x in self.lf[name])
            f = {"votes": votes, "items": votes, "coverage": round(votes / n, 4),
                 "overlap": round(over / n, 4), "conflict": round(conf / n, 4)}
            counts = self.labels.get(name, Counter())
            if spans:
                f["spans"] = sum(counts.values())
            f["labels"] = dict(sorted(counts.items()))
            if reliabilities and name in reliabilities:
                f["learnt_accuracy"] = reliabilities[name]
            st = self.gold.get(name)
            if st and st["n"]:
                f["precision"] = round(st["right"] / st["n"], 4)
                if spans:
                    f["overlap_precision"] = round(st["overlap_right"] / st["n"], 4)
                    f["recall"] = round(st["found"] / self.n_gold, 4) if self.n_gold else 0.0
            functions[name] = f
        labels = {}
        for k, name in enumerate(self.classes):
            votes, items, over, conf = (int(x) for x in self.lab[:, k])
            if items:
                labels[name] = {"votes": votes, "items": items, "coverage": round(items / n, 4),
                                "overlap": round(over / n, 4), "conflict": round(conf / n, 4)}
        voted, over, conf = (int(x) for x in self.total)
        total = {"coverage": round(voted / n, 4) if self.items else 0.0,
                 "overlap": round(over / n, 4) if self.items else 0.0,
                 "conflict": round(conf / n, 4) if self.items else 0.0}
        return {"items": self.items, "documents": self.documents, "functions": functions, "labels": labels,
                "total": total}


class LFCounts:
    """The labelling-function analysis accumulated as counts: :meth:`add` labelled documents a
    chunk at a time (memory stays flat in the corpus size), :meth:`merge` counts made elsewhere
    (another process), :meth:`report` at the end. ``gold``: documents by id, for accuracy."""

    def __init__(self, gold: Sequence[Document] | None = None) -> None:
        self.entities = _Section(ENTITY_CLASSES)
        self.relations = _Section(RELATION_CLASSES)
        self.gold = {g.id: g for g in gold} if gold is not None else None

    def add(self, labelled: Sequence) -> LFCounts:
        """Add :class:`~kashif.weak.labeller.LabelledDoc` objects. Returns ``self``."""
        self._add_entities(labelled)
        self._add_relations(labelled)
        return self

    def merge(self, other: LFCounts) -> LFCounts:
        self.entities.merge(other.entities)
        self.relations.merge(other.relations)
        return self

    def report(self, provenance: dict | None = None) -> dict:
        """``{"entities": ..., "relations": ..., "provenance": ...}``."""
        rel = (provenance or {}).get("reliabilities", {})
        return {"entities": self.entities.report(rel.get("entities"), spans=True),
                "relations": self.relations.report(rel.get("relations"), spans=False),
                "provenance": provenance or {}}

    def _add_entities(self, labelled: Sequence) -> None:
        sec = self.entities
        names = sorted({lf for ld in labelled for lf in ld.entity_votes})
        index = {n: j for j, n in enumerate(names)}
        cls = {c: k for k, c in enumerate(ENTITY_CLASSES)}
        item: list[int] = []
        lf: list[int] = []
        label: list[int] = []
        n = 0
        for ld in labelled:
            clusters = ld.clusters or cluster_spans(doc_members(ld.entity_votes))
            for c in clusters:
                for name, t in c.vote_map.items():
                    item.append(n)
                    lf.append(index[name])
                    label.append(cls[t])
                n += 1
            for name, spans in ld.entity_votes.items():
                sec.labels.setdefault(name, Counter()).update(s.type for s in spans)
        sec.add_votes(item, lf, label, n, names)
        sec.documents += len(labelled)
        if self.gold is not None:
            self._entity_accuracy(labelled)

    def _entity_accuracy(self, labelled: Sequence) -> None:
        stats = self.entities.gold
        for ld in labelled:
            g = self.gold.get(ld.document.id) if self.gold is not None else None
            if g is None:
                continue
            exact = {(e.start, e.end, e.type) for e in g.entities}
            self.entities.n_gold += len(exact)
            for lf, spans in ld.entity_votes.items():
                found = set()
                for s in spans:
                    st = stats[lf]
                    st["n"] += 1
                    over = [e for e in g.entities if e.start < s.end and s.start < e.end]
                    if s.type == "O":
                        st["right"] += not over
                        st["overlap_right"] += not over
                        continue
                    if (s.start, s.end, s.type) in exact:
                        st["right"] += 1
                        found.add((s.start, s.end, s.type))
                    st["overlap_right"] += any(e.type == s.type for e in over)
                stats[lf]["found"] += len(found)

    def _add_relations(self, labelled: Sequence) -> None:
        sec = self.relations
        names = sorted({lf for ld in labelled for lf in ld.relation_votes})
        index = {n: j for j, n in enumerate(names)}
        cls = {c: k for k, c in enumerate(RELATION_CLASSES)}
        item: list[int] = []
        lf: list[int] = []
        label: list[int] = []
        n = 0
        for ld in labelled:
            for h, t, _ in ld.candidates:
                for name, pv in ld.relation_votes.items():
                    lab = pv.get((h, t))
                    if lab is not None:
                        item.append(n)
                        lf.append(index[name])
                        label.append(cls[lab])
                n += 1
            for name, pv in ld.relation_votes.items():
                sec.labels.setdefault(name, Counter()).update(pv.values())
        sec.add_votes(item, lf, label, n, names)
        sec.documents += len(labelled)
        if self.gold is None:
            return
        for ld in labelled:
            g = self.gold.get(ld.document.id)
            if g is None:
                continue
            ge = {e.id: e for e in g.entities}
            gold_rel = {(ge[r.head].start, ge[r.head].end, ge[r.tail].start, ge[r.tail].end): r.type
                        for r in g.relations}
            ents = ld.document.entities
            for name, pv in ld.relation_votes.items():
                for (h, t), lab in pv.items():
                    key = (ents[h].start, ents[h].end, ents[t].start, ents[t].end)
                    sec.gold[name]["n"] += 1
                    sec.gold[name]["right"] += gold_rel.get(key, NO_RELATION) == lab


def analyse_entities(labelled: Sequence, gold: Sequence[Document] | None = None,
                     reliabilities: dict[str, float] | None = None) -> dict:
    """Entity-function statistics over :class:`~kashif.weak.labeller.LabelledDoc` objects."""
    counts = LFCounts(gold)
    counts._add_entities(labelled)
    return counts.entities.report(reliabilities, spans=True)


def analyse_relations(labelled: Sequence, gold: Sequence[Document] | None = None,
                      reliabilities: dict[str, float] | None = None) -> dict:
    """Relation-function statistics over the candidate pairs of labelled documents."""
    counts = LFCounts(gold)
    counts._add_relations(labelled)
    return counts.relations.report(reliabilities, spans=False)


def analyse(labelled: Sequence, gold: Sequence[Document] | None = None, provenance: dict | None = None) -> dict:
    """The full report: ``{"entities": ..., "relations": ..., "provenance": ...}``."""
    return LFCounts(gold).add(labelled).report(provenance)


def _table(title: str, section: dict) -> list[str]:
    fns = section["functions"]
    has_gold = any("precision" in v for v in fns.values())
    has_rel = any("learnt_accuracy" in v for v in fns.values())
    head = f"{'function':<34}{'labels':<26}{'votes':>7}{'cover':>7}{'overlap':>8}{'conflict':>9}"
    head += f"{'learnt':>8}" if has_rel else ""
    head += f"{'prec':>7}{'ov.prec':>8}{'recall':>7}" if has_gold else ""
    lines = [f"{title}: {section['items']} items in {section['documents']} documents", head, "-" * len(head)]
    for name in sorted(fns):
        v = fns[name]
        labels = ",".join(sorted(v.get("labels", {})))[:25]
        row = f"{name:<34}{labels:<26}{v['votes']:>7}{v['coverage']:>7.3f}{v['overlap']:>8.3f}{v['conflict']:>9.3f}"
        if has_rel:
            row += f"{v.get('learnt_accuracy', float('nan')):>8.3f}"
        if has_gold:
            row += (f"{v.get('precision', float('nan')):>7.3f}{v.get('overlap_precision', float('nan')):>8.3f}"
                    f"{v.get('recall', float('nan')):>7.3f}")
        lines.append(row)
    lines.append("-" * len(head))
    for lab in sorted(section["labels"]):
        v = section["labels"][lab]
        lines.append(f"{'label ' + lab:<34}{'':<26}{v['votes']:>7}{v['coverage']:>7.3f}{v['overlap']:>8.3f}"
                     f"{v['conflict']:>9.3f}")
    t = section["total"]
    lines.append(f"{'all':<34}{'':<26}{'':>7}{t['coverage']:>7.3f}{t['overlap']:>8.3f}{t['conflict']:>9.3f}")
    return lines


def format_report(report: dict) -> str:
    """The report as two plain-text tables (entity functions, relation functions)."""
    lines = _table("entity labelling functions", report["entities"])
    if report["relations"]["functions"]:
        lines += [""] + _table("relation labelling functions", report["relations"])
    return "\n".join(lines)


def write_report(report: dict, path: str | os.PathLike) -> None:
    """Write the report as JSON atomically (temporary file renamed into place)."""
    write_json(report, path)
