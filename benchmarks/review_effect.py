"""What are an analyst's corrections worth? Model F1 with 0 vs N reviewed documents.

The training pool is the weak labels of 19 documents of our own development data (seeds 001-004
and the paragraphs of ``unseen-dev``, ``unseen-holdout`` and ``unseen-final``; the labeller is
fitted on their texts, never their annotations). "Reviewing" N of them replaces their weak
labels with our annotations of them, as if an analyst had corrected them in Label Studio
(``data.reviewed``, weighted ``data.reviewed_weight``). The N documents are the first N of
``kashif review rank``'s order (active learning) and, for comparison, the first N of a seeded
random order. Every model (tiny config, from scratch, CPU) is scored on a gold set that shares
no text with the pool: the official seed-000 gold and ``unseen-blind2`` (7 documents).

The same N reviewed documents are also given to the weak labeller's Dawid-Skene entity model
(``WeakLabeller.fit(texts, reviewed=...)``) and its own F1 on the held-out gold is reported.

    python benchmarks/review_effect.py [--sizes 0,5,19] [--epochs 30] [--output runs/bench/review_effect.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "data" / "dev"
POOL = ["seeds-dev.jsonl", "unseen-dev.jsonl", "unseen-holdout.jsonl", "unseen-final.jsonl"]
EVAL = [REPO.parent / "shared" / "data" / "gold" / "seed-000.jsonl", DEV / "unseen-blind2.jsonl"]
log = logging.getLogger("review_effect")


def _docs(paths):
    from kashif.schema import read_jsonl

    return [d for p in paths for d in read_jsonl(p)]


def _train_and_score(work: Path, weak, reviewed, gold_path: Path, epochs: int, weight: float, seed: int) -> dict:
    from kashif.evaluation import evaluate
    from kashif.schema import write_jsonl
    from kashif.training import load_config, train

    work.mkdir(parents=True, exist_ok=True)
    write_jsonl(weak, work / "weak.jsonl")
    write_jsonl(reviewed, work / "reviewed.jsonl")
    overrides = [f"data.train={work / 'weak.jsonl'}", f"output_dir={work / 'model'}", f"train.epochs={epochs}",
                 "data.validation_fraction=0.0", "tracking.report_to=none", "train.progress=false",
                 f"data.reviewed_weight={weight}", f"seed={seed}"]
    if reviewed:
        overrides.append(f"data.reviewed={work / 'reviewed.jsonl'}")
    t0 = time.perf_counter()
    result = train(load_config(REPO / "configs" / "tiny-cpu.yaml", overrides))
    report = evaluate(gold_path, model=str(result.model_dir), device="cpu")
    return {"entity_f1": report["entities"]["strict"]["micro"]["f1"],
            "relation_f1": report["relations"]["strict"]["micro"]["f1"],
            "train_seconds": round(time.perf_counter() - t0, 1)}


def label_model_rows(pool, eval_docs, order: list[str], sizes: list[int]) -> list[dict]:
    """The weak labeller's own F1 on the held-out gold when its Dawid-Skene entity model is fitted
    blind (N = 0) or with N reviewed pool documents pinning their clusters' classes."""
    from kashif.corpus import RawDoc
    from kashif.metrics import evaluate_documents
    from kashif.weak.labeller import WeakLabeller

    by_id = {d.id: d for d in pool}
    rows = []
    for n in sizes:
        chosen = set(order[:n])
        texts = [d.text for d in pool if d.id not in chosen] + [d.text for d in eval_docs]
        wl = WeakLabeller().fit(texts, reviewed=[by_id[i] for i in sorted(chosen)])
        report = evaluate_documents(eval_docs, wl.label_corpus([RawDoc(d.id, d.text) for d in eval_docs]))
        rows.append({"reviewed": n, "entity_f1": report["entities"]["strict"]["micro"]["f1"],
                     "relation_f1": report["relations"]["strict"]["micro"]["f1"]})
    return rows


def _print_rows(rows: list[dict], args, n_pool: int, has_zero: bool) -> None:
    print(f"review effect: tiny model, {args.epochs} epochs, reviewed_weight {args.weight}; held-out gold: "
          f"seed-000 + unseen-blind2 (7 documents); pool of {n_pool} weak-labelled documents")
    print(f"{'reviewed':>8}  {'order':<7} {'entity F1':>9} {'relation F1':>11}  {'vs 0 (entities)':>15}")
    base = next(r for r in rows if r["reviewed"] == 0)["entity_f1"] if has_zero else None
    for r in rows:
        ratio = f"{r['entity_f1'] / base:.2f}x" if base else "-"
        print(f"{r['reviewed']:>8}  {r['order']:<7} {r['entity_f1']:>9.3f} {r['relation_f1']:>11.3f}  {ratio:>15}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0,5,19", help="numbers of reviewed documents (the README: 0,5,10,19)")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--weight", type=float, default=3.0, help="data.reviewed_weight")
    ap.add_argument("--seed", type=int, default=0, help="training seed and the random order's seed")
    ap.add_argument("--no-random", action="store_true", help="only the ranked order")
    ap.add_argument("--no-train", action="store_true", help="only the label-model rows (seconds)")
    ap.add_argument("--output", default=str(REPO / "runs" / "bench" / "review_effect.json"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s %(message)s")
    log.setLevel(logging.INFO)
    from kashif.corpus import RawDoc
    from kashif.review.evidence import weak_views
    from kashif.review.rank import rank
    from kashif.schema import write_jsonl
    from kashif.weak.labeller import WeakLabeller

    gold_pool = _docs(DEV / p for p in POOL)
    weak = WeakLabeller().label_corpus([RawDoc(d.id, d.text) for d in gold_pool])
    ranked = [r.id for r in rank(weak_views(weak))]
    shuffled = sorted(d.id for d in gold_pool)
    random.Random(args.seed).shuffle(shuffled)
    by_id = {d.id: d for d in gold_pool}
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    lm_rows = label_model_rows(gold_pool, _docs(EVAL), ranked, sorted({0, *sizes}))
    print("weak labeller on the held-out gold, Dawid-Skene entity model fitted with N reviewed documents:")
    print(f"{'reviewed':>8}  {'entity F1':>9} {'relation F1':>11}")
    for r in lm_rows:
        print(f"{r['reviewed']:>8}  {r['entity_f1']:>9.3f} {r['relation_f1']:>11.3f}")
    orders = {"ranked": ranked} if args.no_random else {"ranked": ranked, "random": shuffled}
    rows = []
    with tempfile.TemporaryDirectory(prefix="review-effect-") as tmp:
        gold_path = Path(tmp) / "heldout.jsonl"
        write_jsonl(_docs(EVAL), gold_path)
        done: dict[tuple[str, ...], dict] = {}
        for n in [] if args.no_train else sizes:
            for name, order in orders.items():
                chosen = tuple(sorted(order[:n]))
                if chosen not in done:  # 0 and all-documents are the same run for both orders
                    log.info("training with %d reviewed document(s) (%s order)", n, name)
                    done[chosen] = _train_and_score(Path(tmp) / f"{name}-{n}", weak, [by_id[i] for i in chosen],
                                                    gold_path, args.epochs, args.weight, args.seed)
                rows.append({"reviewed": n, "order": name, **done[chosen]})
                log.info("%d reviewed (%s): %s", n, name, done[chosen])
    if rows:
        _print_rows(rows, args, len(gold_pool), 0 in sizes)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"args": vars(args), "ranked_order": ranked, "random_order": shuffled, "rows": rows,
                               "label_model_rows": lm_rows},
                              ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
