"""Does the trained model generalise beyond its weak labels? Weak labeller vs trained model, per type.

Two protocols, one run (CPU, tiny config):

1. ANERcorp. The last 20% of the sentences of ``anercorp/train.txt`` are held out as the test set;
   the text of the first 80% (never its gold tags) is weak-labelled as extra unlabelled training
   data, together with the seed articles 001-004. Both the labeller and the model are scored on
   the held-out gold with seqeval (strict IOB2) through the ``anercorp`` label map (PERS, LOC =
   our GPE+LOC+FAC, ORG; MISC and our WEAPON/DATE are not scored).
2. Leave one document out on the seeds. Only seed 000 has gold, so the model is trained on the
   weak labels of seeds 001-004 alone and scored on the seed-000 gold (entities and relations,
   strict), next to the labeller fitted on the same four texts.

    python benchmarks/generalisation.py [--max-sentences 1200] [--epochs 15] [--output results.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
log = logging.getLogger("generalisation")


def _chunks(seq: list, n: int) -> list[list]:
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def _train(labelled: Path, out: Path, epochs: int, overrides: list[str]):
    from kashif.model import JointModel, load_tokenizer
    from kashif.training import load_config, train

    cfg = load_config(REPO / "configs" / "tiny-cpu.yaml",
                      [f"data.train={labelled}", f"output_dir={out}", f"train.epochs={epochs}",
                       "tracking.report_to=none", "train.progress=false", *overrides])
    result = train(cfg)
    model = JointModel.from_pretrained(result.model_dir)
    return model, load_tokenizer(result.model_dir), cfg


def _model_conll_tags(model, tok, cfg, sentences) -> list[list[str]]:
    """The model's IOB2 tags for every CoNLL token: predict on the joined text, map spans back."""
    from kashif.bio import spans_to_bio
    from kashif.corpus import conll_to_doc
    from kashif.model.predict import predict_documents
    from kashif.text import Token

    tags: list[list[str]] = []
    for k, block in enumerate(_chunks(sentences, 20)):
        raw, offsets = conll_to_doc(block, f"anercorp-test-{k}")
        (doc,) = predict_documents(model, tok, [raw.text], [raw.id], max_length=cfg.data.max_length,
                                   stride=cfg.data.stride, relations=False)
        spans = [(e.start, e.end, e.type) for e in doc.entities]
        for offs in offsets:
            toks = [Token(s, e, raw.text[s:e], "word") for s, e in offs]
            inside = [sp for sp in spans if offs and sp[0] < offs[-1][1] and offs[0][0] < sp[1]]
            tags.append(spans_to_bio(toks, inside))
    return tags


def _row(name: str, a: dict, b: dict) -> str:
    def f(s: dict) -> str:
        return f"{s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"

    return f"  {name:<10} {a.get('support', 0):>7} | {f(a)} | {f(b)}"


def _table(title: str, weak: dict, model: dict, types: list[str]) -> list[str]:
    lines = [f"\n{title}", f"  {'type':<10} {'support':>7} | {'weak labeller P/R/F1':<20} | trained model P/R/F1"]
    for t in types:
        empty = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
        lines.append(_row(t, weak["per_type"].get(t, empty), model["per_type"].get(t, empty)))
    lines.append(_row("micro", weak["micro"], model["micro"]))
    verdict = "beats" if model["micro"]["f1"] > weak["micro"]["f1"] else "does NOT beat"
    lines.append(f"  -> the model {verdict} the labeller here (micro F1 {model['micro']['f1']:.3f} vs "
                 f"{weak['micro']['f1']:.3f})")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--anercorp", default=str(SHARED / "data" / "external" / "anercorp" / "train.txt"))
    ap.add_argument("--seeds", default=str(REPO / "data" / "raw" / "seeds"))
    ap.add_argument("--gold", default=str(SHARED / "data" / "gold" / "seed-000.jsonl"))
    ap.add_argument("--max-sentences", type=int, default=1200,
                    help="ANERcorp training-part sentences used as unlabelled text (0 = all)")
    ap.add_argument("--max-eval-sentences", type=int, default=0, help="held-out sentences scored (0 = all)")
    ap.add_argument("--epochs", type=int, default=15, help="epochs of the ANERcorp model")
    ap.add_argument("--loo-epochs", type=int, default=40, help="epochs of the seeds-only model")
    ap.add_argument("--aggregator", default="dawid-skene", choices=["dawid-skene", "majority"])
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="training config override for both models")
    ap.add_argument("--output", help="write the scores as JSON here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    t0 = time.time()

    from kashif.corpus import CorpusError, RawDoc, conll_to_doc, read_conll, read_corpus
    from kashif.metrics import ANERCORP, conll_scores, evaluate_documents
    from kashif.model.predict import predict_documents
    from kashif.schema import ENTITY_TYPES, RELATION_TYPES, read_jsonl, write_jsonl
    from kashif.weak.labeller import WeakLabeller

    try:
        sentences = read_conll(args.anercorp)
        seeds = list(read_corpus(args.seeds))
        gold = list(read_jsonl(args.gold))
    except (CorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cut = int(len(sentences) * 0.8)
    train_part, test_part = sentences[:cut], sentences[cut:]
    if args.max_sentences:
        train_part = train_part[:args.max_sentences]
    if args.max_eval_sentences:
        test_part = test_part[:args.max_eval_sentences]
    gold_ids = {g.id for g in gold}
    other_seeds = [d for d in seeds if d.id not in gold_ids]
    unlabelled = [conll_to_doc(block, f"anercorp-train-{k:04d}")[0] for k, block in enumerate(_chunks(train_part, 20))]
    results: dict = {"anercorp": {}, "loo_seed_000": {}, "settings": vars(args)}
    lines = [f"ANERcorp: {len(train_part)} training-part sentences as unlabelled text, {len(test_part)} held-out "
             f"sentences scored; seeds: {len(other_seeds)} for training, gold {sorted(gold_ids)} for scoring"]

    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        # -------------------------------------------------------------- 1. ANERcorp
        corpus: list[RawDoc] = other_seeds + unlabelled
        labeller = WeakLabeller(aggregator=args.aggregator).fit([d.text for d in corpus])
        write_jsonl(labeller.label_corpus(corpus), tmpd / "weak-anercorp.jsonl")
        log.warning("weak labels ready (%.0f s); training the ANERcorp model", time.time() - t0)
        model, tok, cfg = _train(tmpd / "weak-anercorp.jsonl", tmpd / "anercorp-model", args.epochs, args.overrides)
        gold_tags = [list(s.tags) for s in test_part]
        weak_tags = labeller.label_conll(test_part)
        model_tags = _model_conll_tags(model, tok, cfg, test_part)
        weak_s = conll_scores(gold_tags, weak_tags, label_map=ANERCORP)
        model_s = conll_scores(gold_tags, model_tags, label_map=ANERCORP)
        results["anercorp"] = {"weak_labeller": weak_s, "model": model_s}
        lines += _table("ANERcorp held-out (last 20% of train.txt), seqeval strict via the anercorp label map",
                        weak_s, model_s, list(ANERCORP.gold.values()))
        # the same model on the seed-000 gold (it never saw seed 000)
        pred = predict_documents(model, tok, [g.text for g in gold], [g.id for g in gold],
                                 max_length=cfg.data.max_length, stride=cfg.data.stride)
        weak_gold = [labeller.label(g.id, g.text) for g in gold]
        rep_w, rep_m = evaluate_documents(gold, weak_gold), evaluate_documents(gold, pred)
        results["seed_000_by_anercorp_model"] = {"weak_labeller": rep_w, "model": rep_m}
        lines += _table("seed-000 gold, entities strict (model trained on ANERcorp text + seeds 001-004)",
                        rep_w["entities"]["strict"], rep_m["entities"]["strict"], list(ENTITY_TYPES))

        # -------------------------------------------------------------- 2. leave seed 000 out
        loo = WeakLabeller(aggregator=args.aggregator).fit([d.text for d in other_seeds])
        write_jsonl(loo.label_corpus(other_seeds), tmpd / "weak-seeds.jsonl")
        log.warning("training the leave-one-out model (%.0f s)", time.time() - t0)
        model, tok, cfg = _train(tmpd / "weak-seeds.jsonl", tmpd / "loo-model", args.loo_epochs, args.overrides)
        pred = predict_documents(model, tok, [g.text for g in gold], [g.id for g in gold],
                                 max_length=cfg.data.max_length, stride=cfg.data.stride)
        weak_gold = [loo.label(g.id, g.text) for g in gold]
        rep_w, rep_m = evaluate_documents(gold, weak_gold), evaluate_documents(gold, pred)
        results["loo_seed_000"] = {"weak_labeller": rep_w, "model": rep_m}
        lines += _table("leave-one-out: seed-000 gold, entities strict (trained on seeds 001-004 only)",
                        rep_w["entities"]["strict"], rep_m["entities"]["strict"], list(ENTITY_TYPES))
        lines += _table("leave-one-out: seed-000 gold, relations strict",
                        rep_w["relations"]["strict"], rep_m["relations"]["strict"], list(RELATION_TYPES))

    lines.append(f"\ntotal time {time.time() - t0:.0f} s")
    print("\n".join(lines))
    if args.output:
        Path(args.output).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
