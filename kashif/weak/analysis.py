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


def _stats(item: np.ndarray, lf: np.ndarray, label: np.ndarray, n_items: int,
           lf_names: Sequence[str], label_names: Sequence[str]) -> tuple[dict, dict, dict]:
    """Coverage, overlap and conflict per function, per label and overall from sparse votes
    (one vote per function and item), vectorised."""
    n = max(n_items, 1)
    per_item = np.bincount(item, minlength=n_items)
    lo = np.full(n_items, len(label_names))
    hi = np.full(n_items, -1)
    np.minimum.at(lo, item, label)
    np.maximum.at(hi, item, label)
    conflict_item = (hi > lo) & (per_item > 0)
    overlap_item = per_item > 1
    n_lf, n_lab = len(lf_names), len(label_names)
    functions = {}
    lf_votes = np.bincount(lf, minlength=n_lf)
    lf_over = np.bincount(lf, weights=overlap_item[item], minlength=n_lf)
    # a vote conflicts when another vote on its item differs from it
    differs = conflict_item[item] & ~((lo[item] == label) & (hi[item] == label))
    lf_conf = np.bincount(lf, weights=differs, minlength=n_lf)
    for j, name in enumerate(lf_names):
        functions[name] = {"votes": int(lf_votes[j]), "items": int(lf_votes[j]),
                           "coverage": round(lf_votes[j] / n, 4), "overlap": round(lf_over[j] / n, 4),
                           "conflict": round(lf_conf[j] / n, 4)}
    labels = {}
    if len(item):
        pairs = np.unique(item * n_lab + label)
        lab_items = np.bincount(pairs % n_lab, minlength=n_lab)
        lab_over = np.bincount(pairs % n_lab, weights=overlap_item[pairs // n_lab], minlength=n_lab)
        lab_conf = np.bincount(pairs % n_lab, weights=conflict_item[pairs // n_lab], minlength=n_lab)
        lab_votes = np.bincount(label, minlength=n_lab)
        for k, name in enumerate(label_names):
            if lab_items[k]:
                labels[name] = {"votes": int(lab_votes[k]), "items": int(lab_items[k]),
                                "coverage": round(lab_items[k] / n, 4), "overlap": round(lab_over[k] / n, 4),
                                "conflict": round(lab_conf[k] / n, 4)}
    voted = per_item > 0
    total = {"coverage": round(voted.sum() / n, 4) if n_items else 0.0,
             "overlap": round(overlap_item.sum() / n, 4) if n_items else 0.0,
             "conflict": round(conflict_item.sum() / n, 4) if n_items else 0.0}
    return functions, labels, total


def analyse_entities(labelled: Sequence, gold: Sequence[Document] | None = None,
                     reliabilities: dict[str, float] | None = None) -> dict:
    """Entity-function statistics over :class:`~kashif.weak.labeller.LabelledDoc` objects."""
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
    functions, labels, total = _stats(np.array(item, dtype=np.int64), np.array(lf, dtype=np.int64),
                                      np.array(label, dtype=np.int64), n, names, ENTITY_CLASSES)
    for name in names:
        counts = Counter(s.type for ld in labelled for s in ld.entity_votes.get(name, ()))
        functions[name]["spans"] = sum(counts.values())
        functions[name]["labels"] = dict(sorted(counts.items()))
        if reliabilities and name in reliabilities:
            functions[name]["learnt_accuracy"] = reliabilities[name]
    if gold is not None:
        _entity_accuracy(labelled, gold, functions)
    return {"items": n, "documents": len(labelled), "functions": functions, "labels": labels, "total": total}


def _entity_accuracy(labelled: Sequence, gold: Sequence[Document], functions: dict) -> None:
    by_id = {g.id: g for g in gold}
    stats: dict[str, Counter] = defaultdict(Counter)
    n_gold = 0
    for ld in labelled:
        g = by_id.get(ld.document.id)
        if g is None:
            continue
        exact = {(e.start, e.end, e.type) for e in g.entities}
        n_gold += len(exact)
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
    for lf, st in stats.items():
        if lf in functions and st["n"]:
            functions[lf]["precision"] = round(st["right"] / st["n"], 4)
            functions[lf]["overlap_precision"] = round(st["overlap_right"] / st["n"], 4)
            functions[lf]["recall"] = round(st["found"] / n_gold, 4) if n_gold else 0.0


def analyse_relations(labelled: Sequence, gold: Sequence[Document] | None = None,
                      reliabilities: dict[str, float] | None = None) -> dict:
    """Relation-function statistics over the candidate pairs of labelled documents."""
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
    functions, labels, total = _stats(np.array(item, dtype=np.int64), np.array(lf, dtype=np.int64),
                                      np.array(label, dtype=np.int64), n, names, RELATION_CLASSES)
    for name in names:
        counts = Counter(lab for ld in labelled for lab in ld.relation_votes.get(name, {}).values())
        functions[name]["labels"] = dict(sorted(counts.items()))
        if reliabilities and name in reliabilities:
            functions[name]["learnt_accuracy"] = reliabilities[name]
    if gold is not None:
        by_id = {g.id: g for g in gold}
        stats: dict[str, Counter] = defaultdict(Counter)
        for ld in labelled:
            g = by_id.get(ld.document.id)
            if g is None:
                continue
            ge = {e.id: e for e in g.entities}
            gold_rel = {(ge[r.head].start, ge[r.head].end, ge[r.tail].start, ge[r.tail].end): r.type
                        for r in g.relations}
            ents = ld.document.entities
            for name, pv in ld.relation_votes.items():
                for (h, t), lab in pv.items():
                    key = (ents[h].start, ents[h].end, ents[t].start, ents[t].end)
                    stats[name]["n"] += 1
                    stats[name]["right"] += gold_rel.get(key, NO_RELATION) == lab
        for name, st in stats.items():
            if name in functions and st["n"]:
                functions[name]["precision"] = round(st["right"] / st["n"], 4)
    return {"items": n, "documents": len(labelled), "functions": functions, "labels": labels, "total": total}


def analyse(labelled: Sequence, gold: Sequence[Document] | None = None, provenance: dict | None = None) -> dict:
    """The full report: ``{"entities": ..., "relations": ..., "provenance": ...}``."""
    rel = (provenance or {}).get("reliabilities", {})
    return {"entities": analyse_entities(labelled, gold, rel.get("entities")),
            "relations": analyse_relations(labelled, gold, rel.get("relations")),
            "provenance": provenance or {}}


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
