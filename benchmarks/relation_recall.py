"""Weak labeller: entity and relation P/R/F1 per type and relation recall by argument distance.

One run scores the Dawid-Skene labeller (fitted on each set's texts, labels never seen, as
``kashif label`` does) on

- the standoff ANT sets of ``data/dev/ant`` (``ant-blind``, ``ant-dev``, ``ant-blind3`` ...; texts
  rebuilt from ``../shared/data/external/ant/ant.jsonl``), each described in ``STANDOFF`` below and
  in ``data/dev/README.md``;
- the older dev sets (``data/dev/*.jsonl``) and the official ``seed-000`` gold;
- the ANERcorp held-out slice (the last 20% of ``train.txt`` sentences, cut as in
  ``generalisation.py``): word-level strict IOB2 per type through the ``anercorp`` map.

Relation recall by distance counts words strictly between the two mentions (0-2, 3-6, 7+) and
flags relations with another entity between the mentions or the tail written before the head.
With ``--baseline FILE`` (a JSON this script wrote earlier, e.g. the first blind measurement in
``benchmarks/baselines/``) every micro F1 and bucket recall is printed beside the baseline's.

    python benchmarks/relation_recall.py [--baseline benchmarks/baselines/relation_recall_first_blind.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from kashif.corpus import RawDoc, read_conll
from kashif.evaluation import EvaluationError, read_standoff
from kashif.files import write_json
from kashif.metrics import ANERCORP, conll_scores, evaluate_documents, relation_recall_by_distance
from kashif.schema import read_jsonl
from kashif.weak.labeller import WeakLabeller

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
log = logging.getLogger("relation_recall")


#: standoff dev sets over ant.jsonl, by file stem under data/dev/ant (see data/dev/README.md)
STANDOFF = {"blind": "18 ANT conflict articles annotated before any rule was written from them",
            "dev": "ANT articles annotated for development (rules were written while reading them)",
            "blind3": "12 further ANT articles annotated before the third round changed any rule",
            "blind4": "11 ANT articles of reserve4.jsonl annotated before the fourth round changed any rule",
            "blind5": "27 further reserve4.jsonl articles annotated before the fifth round changed any rule",
            "blind6": "23 ANT articles of reserve6.jsonl annotated before the sixth round changed any rule",
            "blind6b": "16 further reserve6.jsonl articles, annotated while the sixth round's rules were written",
            "blind7": "30 ANT articles of reserve7.jsonl, annotated while the sixth round's second phase was written"}
#: the latest round's blind sets that no rule writer ever read, pooled by ``--pool`` (each scored
#: on its own, then their counts summed: a larger sample of the same kind of text)
FRESH = ("ant-blind6b", "ant-blind7")


def gold_sets(args) -> dict[str, list]:
    sets = {}
    for stem in STANDOFF:
        if (path := args.ant_sets / f"{stem}.jsonl").is_file():
            sets[f"ant-{stem}"] = read_standoff(path, args.ant)
    for f in [*sorted(args.gold.glob("*.jsonl")), *args.extra]:
        sets[f.stem] = list(read_jsonl(f))
    return sets


def score_set(docs: list) -> dict:
    pred = WeakLabeller("dawid-skene").label_corpus([RawDoc(d.id, d.text) for d in docs])
    report = evaluate_documents(docs, pred)
    return {"documents": len(docs), "entities": report["entities"]["strict"],
            "relations": report["relations"]["strict"], "distance": relation_recall_by_distance(docs, pred)}


def score_anercorp(path: Path, part: str = "heldout") -> dict:
    """``heldout``: the last 20% of the sentences; ``dev``: the first 80%, where rules may be
    measured during development (aggregate scores only; the labels are never read for rules)."""
    sents = read_conll(path)
    cut = int(len(sents) * 0.8)
    held = sents[cut:] if part == "heldout" else sents[:cut]
    tags = WeakLabeller("dawid-skene", relations=False).label_conll(held)
    return {"sentences": len(held), "entities": conll_scores([list(s.tags) for s in held], tags, label_map=ANERCORP)}


def pooled(results: list[dict]) -> dict:
    """Micro P/R/F1 over several scored sets, from their counts (each set keeps its own fit)."""
    out = {}
    for kind in ("entities", "relations"):
        gold = sum(r[kind]["micro"]["support"] for r in results)
        tp = sum(round(r[kind]["micro"]["recall"] * r[kind]["micro"]["support"]) for r in results)
        pred = sum(round(r[kind]["micro"]["recall"] * r[kind]["micro"]["support"] / r[kind]["micro"]["precision"])
                   for r in results if r[kind]["micro"]["precision"])
        p, rec = tp / pred if pred else 0.0, tp / gold if gold else 0.0
        out[kind] = {"micro": {"precision": p, "recall": rec, "f1": 2 * p * rec / (p + rec) if p + rec else 0.0,
                               "support": gold}}
    return out


def _cell(s: dict) -> str:
    return f"{100 * s['precision']:5.1f} {100 * s['recall']:5.1f} {100 * s['f1']:5.1f} {s['support']:>4}"


def _base(baseline: dict, *keys) -> float | None:
    x = baseline
    for k in keys:
        if not isinstance(x, dict) or k not in x:
            return None
        x = x[k]
    return x


def print_set(name: str, r: dict, baseline: dict) -> None:
    print(f"== {name} ({r.get('documents', r.get('sentences'))} {'documents' if 'documents' in r else 'sentences'})")
    sections = ("entities", "relations") if "relations" in r else ("entities",)
    for section in sections:
        s = r[section]
        print(f"  {section:<12} {'P':>5} {'R':>5} {'F1':>5} gold")
        for label, v in s["per_type"].items():
            print(f"  {label:<12} {_cell(v)}")
        b = _base(baseline, name, section, "micro", "f1")
        cmp = f"   (baseline F1 {100 * b:5.1f}, ratio {s['micro']['f1'] / b:4.2f})" if b else ""
        print(f"  {'micro':<12} {_cell(s['micro'])}{cmp}")
    if "distance" in r:
        print("  relation recall by where the arguments stand")
        for bucket, v in r["distance"].items():
            b = _base(baseline, name, "distance", bucket)
            cmp = f"   (baseline {b['found']}/{b['total']})" if b else ""
            print(f"  {bucket:<18} {v['found']:>3} of {v['total']:>3}  {100 * v['recall']:5.1f}{cmp}")
    print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ant-sets", type=Path, default=REPO / "data" / "dev" / "ant",
                    help="folder of the standoff ANT dev sets: " + "; ".join(f"{k}: {v}" for k, v in STANDOFF.items()))
    ap.add_argument("--ant", type=Path, default=SHARED / "data" / "external" / "ant" / "ant.jsonl")
    ap.add_argument("--gold", type=Path, default=REPO / "data" / "dev", help="folder of dev gold JSONL")
    ap.add_argument("--extra", type=Path, nargs="*", default=[SHARED / "data" / "gold" / "seed-000.jsonl"])
    ap.add_argument("--anercorp", type=Path, default=SHARED / "data" / "external" / "anercorp" / "train.txt")
    ap.add_argument("--only", nargs="*", help="score only these set names (e.g. ant-dev; anercorp-dev, the "
                    "first 80%% of ANERcorp, only when named)")
    ap.add_argument("--pool", action="store_true", help="also print the fresh blind sets pooled: " + ", ".join(FRESH))
    ap.add_argument("--baseline", type=Path, help="an earlier JSON of this script to compare with")
    ap.add_argument("--output", type=Path, default=REPO / "runs" / "bench" / "relation_recall.json")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        sets = gold_sets(args)
        baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else {}
    except (EvaluationError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = {}
    for name, docs in sets.items():
        if args.only and name not in args.only:
            continue
        result[name] = score_set(docs)
        print_set(name, result[name], baseline)
    if not args.only or "anercorp-heldout" in args.only:
        result["anercorp-heldout"] = score_anercorp(args.anercorp)
        print_set("anercorp-heldout", result["anercorp-heldout"], baseline)
    if args.only and "anercorp-dev" in args.only:  # the development part: only on request
        result["anercorp-dev"] = score_anercorp(args.anercorp, "dev")
        print_set("anercorp-dev", result["anercorp-dev"], baseline)
    if args.pool and all(n in result for n in FRESH):
        result["pooled-fresh"] = pooled([result[n] for n in FRESH])
        for kind in ("entities", "relations"):
            m, b = result["pooled-fresh"][kind]["micro"], _base(baseline, "pooled-fresh", kind, "micro", "f1")
            print(f"pooled {' + '.join(FRESH)} {kind}: {_cell(m)}" + (f"   (baseline F1 {100 * b:5.1f})" if b else ""))
    write_json(result, args.output)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
