"""Weak labeller quality: majority vote vs Dawid-Skene, side by side, on every gold set.

1. Our gold (ANNOTATION.md JSONL; each file on its own): entity strict/partial per type + micro,
   relation strict/relaxed per label + micro.
2. ANERcorp train (general newswire, CoNLL): word-level strict IOB2 F1 over PER/LOC/ORG through
   the ``anercorp`` label map (our GPE/LOC/FAC -> LOC; MISC, WEAPON, DATE not scored). ANERcorp's
   labels are used here for measurement only.
3. An ablation: entity micro F1 with the precise functions only
   (:func:`kashif.weak.entities.entity_functions`) and with the broad ones added
   (:func:`kashif.weak.heuristics.heuristic_functions`, the labeller's default), for both
   aggregators: what the broad functions add, and how each aggregator copes with their noise.

The labeller is fitted on the texts it labels (no labels seen), as ``kashif label`` does.

    python benchmarks/weak_quality.py [--gold FILE|DIR ...] [--anercorp FILE] [--max-sentences N]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from kashif.corpus import RawDoc, read_conll
from kashif.files import write_json
from kashif.metrics import ANERCORP, conll_scores, evaluate_documents
from kashif.schema import read_jsonl
from kashif.weak.entities import entity_functions
from kashif.weak.labeller import WeakLabeller, default_entity_functions

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
AGGREGATORS = ("majority", "dawid-skene")
FUNCTION_SETS = {"precise": entity_functions, "precise+broad": default_entity_functions}
log = logging.getLogger("weak_quality")


def gold_files(paths: list[Path]) -> list[Path]:
    """Every ``*.jsonl`` under the given files or folders (folders that do not exist are skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.jsonl"))
        elif path.is_file():
            files.append(path)
    if not files:
        raise SystemExit(f"error: no gold JSONL in {', '.join(map(str, paths))}")
    return files


def side_by_side(title: str, a: dict, b: dict, names=AGGREGATORS) -> str:
    """One table: label | P R F1 of ``a`` | P R F1 of ``b`` | F1 difference and ratio."""
    labels = list(dict.fromkeys([*a["per_type"], *b["per_type"]]))
    head = (f"{title:<24} | {names[0]:^20} | {names[1]:^20} | {'dF1':>6} | {'ratio':>5} | support")
    lines = [head, f"{'':<24} | {'P':>6} {'R':>6} {'F1':>6} | {'P':>6} {'R':>6} {'F1':>6} |", "-" * len(head)]
    zero = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    for label in [*labels, "micro"]:
        x = a["micro"] if label == "micro" else a["per_type"].get(label, zero)
        y = b["micro"] if label == "micro" else b["per_type"].get(label, zero)
        ratio = f"{y['f1'] / x['f1']:5.2f}" if x["f1"] else "    -"
        cells = " | ".join(f"{100 * s['precision']:6.2f} {100 * s['recall']:6.2f} {100 * s['f1']:6.2f}"
                           for s in (x, y))
        if label == "micro":
            lines.append("-" * len(head))
        lines.append(f"{label:<24} | {cells} | {100 * (y['f1'] - x['f1']):+6.2f} | {ratio} | "
                     f"{max(x['support'], y['support']):>7}")
    return "\n".join(lines)


def label_documents(docs: list, aggregator: str, functions) -> list:
    """The labeller's documents for ``docs``' texts, fitted on them (their labels never seen)."""
    wl = WeakLabeller(aggregator, entity_functions=functions())
    return wl.label_corpus([RawDoc(d.id, d.text) for d in docs])


def label_conll(sentences: list, aggregator: str, functions) -> list[list[str]]:
    return WeakLabeller(aggregator, entity_functions=functions(), relations=False).label_conll(sentences)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, nargs="+", default=[SHARED / "data" / "gold", REPO / "data" / "dev"],
                    help="gold JSONL files or folders (each file is scored on its own)")
    ap.add_argument("--anercorp", type=Path, default=SHARED / "data" / "external" / "anercorp" / "train.txt")
    ap.add_argument("--max-sentences", type=int, default=None, help="first N ANERcorp sentences only")
    ap.add_argument("--output", type=Path, default=REPO / "runs" / "bench" / "weak_quality.json")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    sets = {f.stem: list(read_jsonl(f)) for f in gold_files(args.gold)}
    sents = read_conll(args.anercorp)[: args.max_sentences]
    gold_tags = [list(s.tags or ()) for s in sents]
    result: dict = {"gold": {}, "ablation": {},
                    "anercorp": {"path": str(args.anercorp), "sentences": len(sents),
                                 "tokens": sum(len(s.tokens) for s in sents)}}
    for fs, functions in FUNCTION_SETS.items():
        for agg in AGGREGATORS:
            t0 = time.perf_counter()
            for name, docs in sets.items():
                report = evaluate_documents(docs, label_documents(docs, agg, functions))
                result["ablation"].setdefault(name, {}).setdefault(fs, {})[agg] = \
                    report["entities"]["strict"]["micro"]["f1"]
                if fs == "precise+broad":
                    result["gold"].setdefault(name, {"documents": len(docs)})[agg] = report
            seqeval = conll_scores(gold_tags, label_conll(sents, agg, functions), label_map=ANERCORP)
            result["ablation"].setdefault("anercorp", {}).setdefault(fs, {})[agg] = seqeval["micro"]["f1"]
            if fs == "precise+broad":
                result["anercorp"][agg] = {"seqeval": seqeval}
            log.warning("%s / %s: %.1f s", fs, agg, time.perf_counter() - t0)

    for name, g in result["gold"].items():
        print(f"Gold {name}: {g['documents']} document(s)\n")
        for section, modes in (("entities", ("strict", "partial")), ("relations", ("strict", "relaxed"))):
            for mode in modes:
                print(side_by_side(f"{section} {mode}", g["majority"][section][mode],
                                   g["dawid-skene"][section][mode]) + "\n")
    a = result["anercorp"]
    print(f"ANERcorp: {len(sents)} sentences, {a['tokens']} tokens; word-level strict IOB2 (anercorp label map)\n")
    print(side_by_side("ANERcorp seqeval", a["majority"]["seqeval"], a["dawid-skene"]["seqeval"]) + "\n")
    print("Entity micro F1 (strict; ANERcorp: seqeval) by function set and aggregator\n")
    head = f"{'gold set':<18} | " + " | ".join(f"{fs + ' ' + agg:>26}" for fs in FUNCTION_SETS for agg in AGGREGATORS)
    print(head + "\n" + "-" * len(head))
    for name, row in result["ablation"].items():
        print(f"{name:<18} | " + " | ".join(f"{100 * row[fs][agg]:>26.2f}" for fs in FUNCTION_SETS
                                            for agg in AGGREGATORS))
    write_json(result, args.output)
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
