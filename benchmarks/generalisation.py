"""Does a trained model beat its teacher? The weak labeller vs trained models, per gold set and type.

Scores every model folder given (default: the offline recipe's pretrained-encoder model and the
same recipe from scratch) and the weak labeller on the same gold sets:

- the ANERcorp held-out slice: the last 20% of the sentences of ``anercorp/train.txt``, which no
  Kashif recipe trains on (word-level strict IOB2 through the ``anercorp`` label map: PERS, LOC =
  our GPE+LOC+FAC, ORG; MISC and our WEAPON/DATE are not scored);
- the ANT sets of ``data/dev/ant`` (issue 10; standoff over the ANT corpus, whose texts are
  rebuilt from ``../shared``): news articles the recipes leave out of training (``data.exclude``);
  each blind set was blind to the labeller once, for its round (data/dev/README.md);
- ``wiki-dev``: encyclopedic paragraphs (out of the news domain), never trained on;
- our dev annotations in ``data/dev`` (``unseen-blind2`` was never used for model selection;
  the others were: ``make train-cpu`` selects its checkpoint on unseen-dev/holdout/final);
- the seeds: seed 000 (official gold, never trained on) and seeds 001-004 (our annotations;
  the models trained on these texts' weak labels, so this row measures fit, not generalisation).

The labeller is fitted on each set's own text (never its labels), as ``evaluate.py --labeller``.
A model folder with a ``hybrid.json`` (``predict.model_types``) gets a second column, "hybrid":
its entities of those types with the labeller's other types and relations, as ``predict`` runs it.

    python benchmarks/generalisation.py [--model runs/cpu/model --model runs/cpu-scratch/model] [--output out.json]

Make the models with ``make train-cpu`` and ``make train-cpu-scratch`` (see the README).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = {
    "ANT blind (18 news articles, round 2)": "ant:blind",  # standoff gold over ant.jsonl, see data/dev/README.md
    "ANT blind3 (12 news articles, round 3)": "ant:blind3",
    "ANT blind4 (round 4; kept out of training: data/dev/ant/reserve4.jsonl)": "ant:blind4",
    "ANT blind5 (round 5; 27 more articles of data/dev/ant/reserve4.jsonl)": "ant:blind5",
    "ANT blind6 (round 6; kept out of training: data/dev/ant/reserve6.jsonl)": "ant:blind6",
    "ANT blind6b (round 6; the rest of data/dev/ant/reserve6.jsonl)": "ant:blind6b",
    "ANT blind7 (round 6; kept out of training: data/dev/ant/reserve7.jsonl)": "ant:blind7",
    "ANT dev (6 news articles)": "ant:dev",
    "wiki-dev (6 encyclopedic paragraphs)": REPO / "data" / "dev" / "wiki-dev.jsonl",
    "wiki-blind2 (encyclopedic paragraphs, round 4)": REPO / "data" / "dev" / "wiki-blind2.jsonl",
    "wiki-blind3 (encyclopedic paragraphs, round 5)": REPO / "data" / "dev" / "wiki-blind3.jsonl",
    "seed-000 (official gold)": SHARED / "data" / "gold" / "seed-000.jsonl",
    "seeds 001-004 (trained on their weak labels)": REPO / "data" / "dev" / "seeds-dev.jsonl",
    "dev unseen-blind2 (not used for selection)": REPO / "data" / "dev" / "unseen-blind2.jsonl",
    "dev unseen-dev+holdout+final (selection set)": None,  # the three files, scored together
}
SELECTION = ["unseen-dev", "unseen-holdout", "unseen-final"]
ANERCORP = SHARED / "data" / "external" / "anercorp" / "train.txt"
ANT = SHARED / "data" / "external" / "ant" / "ant.jsonl"


def _f(s: dict | None) -> str:
    return "   -  " if s is None else f"{100 * s['f1']:5.1f}"


def _table(name: str, entries: dict[str, dict], kind: str) -> list[str]:
    """Per-type F1 of the labeller and each model on one set (``kind``: entities | relations)."""
    def section(rep: dict) -> dict:
        return rep["seqeval"] if "entities" not in rep else rep[kind]["strict"]

    first = next(iter(entries.values()))
    weak = section(first["weak"])
    models = {}
    for m, e in entries.items():  # a hybrid model (hybrid.json) also as its hybrid with the labeller
        models[m] = section(e["model"])
        if "hybrid" in e:
            models[f"{m} hybrid"] = section(e["hybrid"])
    types = sorted({*weak["per_type"], *(t for s in models.values() for t in s["per_type"])})
    head = f"  {'type':<11}{'support':>8} | labeller | " + " | ".join(f"{m[:22]:>22}" for m in models)
    lines = [f"\n{name}: {kind} F1 (strict)", head]
    for t in [*types, "micro"]:
        w = weak["micro"] if t == "micro" else weak["per_type"].get(t)
        sup = (w or next((s["per_type"].get(t) for s in models.values() if s["per_type"].get(t)), {})).get("support", 0)
        row = [(s["micro"] if t == "micro" else s["per_type"].get(t)) for s in models.values()]
        lines.append(f"  {t:<11}{sup:>8} |   {_f(w)}  | " + " | ".join(f"{_f(r):>22}" for r in row))
    micro = {m: s["micro"]["f1"] for m, s in models.items()}
    for m, f in micro.items():
        a, b = round(1000 * f), round(1000 * weak["micro"]["f1"])  # as printed: ties are ties
        verdict = "beats" if a > b else "matches" if a == b else "does NOT beat"
        lines.append(f"  -> {m} {verdict} the labeller ({100 * f:.1f} vs {100 * weak['micro']['f1']:.1f})")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", action="append", default=[], help="a trained model folder (repeatable)")
    ap.add_argument("--anercorp", default=str(ANERCORP))
    ap.add_argument("--ant", default=str(ANT), help="the ANT corpus (texts of the standoff ANT gold sets)")
    ap.add_argument("--heldout", type=float, default=0.2, help="the last fraction of ANERcorp train scored")
    ap.add_argument("--output", default=str(REPO / "runs" / "bench" / "generalisation.json"))
    args = ap.parse_args(argv)
    models = args.model or [str(REPO / "runs" / "cpu" / "model"), str(REPO / "runs" / "cpu-scratch" / "model")]
    missing = [m for m in models if not (Path(m) / "config.json").is_file()]
    if missing:
        print(f"error: no trained model in {', '.join(missing)} (make train-cpu / make train-cpu-scratch)",
              file=sys.stderr)
        return 2
    from kashif.evaluation import EvaluationError, model_vs_labeller, read_standoff
    from kashif.files import write_json
    from kashif.schema import read_jsonl, write_jsonl

    t0 = time.time()
    work = Path(args.output).parent / "generalisation-gold"
    work.mkdir(parents=True, exist_ok=True)
    gold: dict[str, str] = {}
    results: dict[str, dict] = {}
    try:
        for name, src in GOLD.items():  # every set as an ANNOTATION.md JSONL file (texts rebuilt, not copied)
            path = work / f"{len(gold)}.jsonl"
            if src is None:
                write_jsonl([d for n in SELECTION for d in read_jsonl(REPO / "data" / "dev" / f"{n}.jsonl")], path)
            elif str(src).startswith("ant:"):
                write_jsonl(read_standoff(REPO / "data" / "dev" / "ant" / f"{str(src)[4:]}.jsonl", args.ant), path)
            else:
                path = Path(src)
            gold[name] = str(path)
        for m in models:
            results[m] = model_vs_labeller(m, gold, {"ANERcorp held-out 20%": args.anercorp},
                                           conll_tail=args.heldout, device="cpu")
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        for p in work.glob("*.jsonl"):
            p.unlink()
    lines = [f"models: {', '.join(models)}"]
    short = {m: Path(m).parent.name or m for m in models}
    for name in ["ANERcorp held-out 20%", *gold]:
        entries = {short[m]: results[m][name] for m in models}
        lines += _table(name, entries, "entities")
        if "relations" in next(iter(entries.values()))["model"]:
            lines += _table(name, entries, "relations")
    lines.append(f"\ntotal time {time.time() - t0:.0f} s")
    print("\n".join(lines))
    write_json({"models": models, "results": results}, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
