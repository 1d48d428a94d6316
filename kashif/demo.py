"""``make demo``: the whole Kashif path on CPU, on the five seed articles.

weak labels of the seeds -> a pretrained multilingual encoder (multilingual-e5-small, built offline
from PyPI wheels by ``make encoder``) fine-tuned on them -> evaluation against the gold we have,
beside the weak labeller -> extraction on a sample paragraph, with a short summary. Without the
encoder (``--config configs/tiny-cpu.yaml``) a tiny BERT is trained from scratch instead. The
trained model is left in ``runs/demo/model``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from kashif.files import write_json

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

log = logging.getLogger("kashif.demo")

REPO = Path(__file__).resolve().parents[1]
SAMPLE = (
    "قالت وزارة الدفاع الروسية يوم الخميس إن تنظيم “داعش” استخدم غاز الكلور في هجوم على مواقع الجيش "
    "السوري في ريف دير الزور. وأكد المتحدث باسم التحالف الدولي الكولونيل شون رايان أن مقاتلي التنظيم "
    "يصنعون قذائف هاون محشوة بمواد سامة في مدينة الرقة في سوريا منذ تشرين الأول 2016."
)


def _rule(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


def _show_doc(doc, max_entities: int = 40) -> None:
    by_id = {e.id: e for e in doc.entities}
    for e in doc.entities[:max_entities]:
        score = f"{e.score:.2f}" if e.score is not None else "-"
        print(f"  {e.type:<7} {e.text:<28} [{e.start}:{e.end}] p={score}")
    for r in doc.relations:
        score = f"{r.score:.2f}" if r.score is not None else "-"
        print(f"  {by_id[r.head].text} --{r.type}--> {by_id[r.tail].text}  p={score}")


def _record_eval(model_dir: Path, name: str, entry: dict) -> None:
    """Add a model-vs-weak-labeller entry to the folder's eval_results.json (read by the model
    card), replacing the file atomically."""
    path = model_dir / "eval_results.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results[name] = entry
    write_json(results, path)


def describe_encoder(cfg) -> dict[str, str]:
    """What the demo trains, in words: the pretrained encoder and its licence, or a tiny BERT."""
    if cfg.model.init == "scratch":
        return {"short": f"a tiny BERT from scratch ({cfg.model.layers} layers x {cfg.model.hidden})",
                "long": "random weights and a WordPiece vocabulary trained on the 4 articles: it knows no Arabic "
                        "beyond them"}
    info_path = Path(cfg.model.name) / "kashif_encoder.json"
    info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.is_file() else {}
    base = info.get("base_model", cfg.model.name)
    return {"short": f"{base} (pretrained)",
            "long": f"{base} ({info.get('license', 'see its card')} licence; 12 layers x 384, multilingual "
                    f"pretraining; {info.get('quantization', '')}; lowest {cfg.model.freeze_layers} layers "
                    "and the embeddings kept fixed)"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kashif.demo", description=__doc__)
    ap.add_argument("--corpus", default=str(REPO / "data/raw/seeds"))
    ap.add_argument("--gold", default=str(REPO.parent / "shared/data/gold"))
    ap.add_argument("--config", default=str(REPO / "configs/e5-demo.yaml"),
                    help="training config (default: the pretrained encoder; configs/tiny-cpu.yaml: from scratch)")
    ap.add_argument("--output", default=str(REPO / "runs/demo"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    t0 = time.time()

    from kashif.corpus import CorpusError, read_corpus
    from kashif.schema import read_jsonl, write_jsonl
    from kashif.text import sentences
    from kashif.weak.analysis import analyse, format_report
    from kashif.weak.labeller import WeakLabeller

    try:
        raw = list(read_corpus(args.corpus))
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    gold_dir = Path(args.gold)
    gold = [d for f in sorted(gold_dir.glob("*.jsonl")) for d in read_jsonl(f)] if gold_dir.is_dir() else []
    gold_ids = {g.id for g in gold}

    _rule(f"1. weak labels: {len(raw)} seed articles")
    labeller = WeakLabeller(aggregator="dawid-skene").fit([d.text for d in raw])
    detailed = labeller.label_corpus_detailed(raw)
    weak = [d.document for d in detailed]
    print(format_report(analyse(detailed, None, labeller.provenance())))
    first = weak[0]
    for s, e in sentences(first.text)[:3]:
        print(f"\n  « {first.text[s:e]} »")
        print("   " + ", ".join(f"{x.text}/{x.type}" for x in first.entities if s <= x.start and x.end <= e))
    n_ent = sum(len(d.entities) for d in weak)
    n_rel = sum(len(d.relations) for d in weak)
    # Articles with gold stay out of training, so step 3 measures the model on text it never saw.
    train_docs = [d for d in weak if d.id not in gold_ids]
    out = Path(args.output)
    write_jsonl(train_docs, out / "weak.jsonl")
    write_json({"weak_supervision": labeller.provenance()}, out / "metadata.json")
    print(f"\n  {n_ent} entities, {n_rel} relations; {len(train_docs)} articles without gold -> "
          f"{out / 'weak.jsonl'}")

    from kashif.training import load_config, train

    try:
        cfg = load_config(args.config, [f"data.train={out / 'weak.jsonl'}", f"output_dir={out / 'model'}",
                                        "tracking.report_to=none"])
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    what = describe_encoder(cfg)
    _rule(f"2. fine-tune {what['short']} on the weak labels (CPU)")
    print(f"  {what['long']}")
    if cfg.model.init == "pretrained" and not (Path(cfg.model.name) / "config.json").is_file():
        print(f"error: no encoder in {cfg.model.name}: run `make encoder` (or use --config configs/tiny-cpu.yaml)",
              file=sys.stderr)
        return 2
    result = train(cfg)
    print(f"  model -> {result.model_dir}")

    _rule("3. evaluate on held-out gold: weak labeller vs model")
    from kashif import Extractor
    from kashif.metrics import evaluate_documents

    extractor = Extractor.from_pretrained(str(result.model_dir), device="cpu")
    summary = {}
    if gold:
        weak_pred = [labeller.label(g.id, g.text) for g in gold]
        model_pred = [replace(p, id=g.id) for g, p in zip(gold, extractor.extract([g.text for g in gold]))]
        reports = {}
        for name, pred in (("weak labeller", weak_pred), ("model", model_pred)):
            reports[name] = rep = evaluate_documents(gold, pred)
            summary[name] = (rep["entities"]["strict"]["micro"]["f1"], rep["relations"]["strict"]["micro"]["f1"])
        _record_eval(Path(result.model_dir), "gold-held-out",
                     {"model": reports["model"], "weak": reports["weak labeller"], "documents": len(gold)})
        print(f"  {'':<14} {'entity F1':>10} {'relation F1':>12}   (strict, {len(gold)} gold article(s) "
              "kept out of training)")
        for name, (ef, rf) in summary.items():
            print(f"  {name:<14} {ef:>10.3f} {rf:>12.3f}")
        print("  (the labelling functions were written with this article in view, so the labeller's figure\n"
              f"   is optimistic; the model learnt from 4 articles of weak labels: {what['short']})\n"
              "   For a model trained on a real corpus (10 k articles) run `make train-cpu`.")
    else:
        print(f"  no gold found in {gold_dir}; skipped")

    _rule("4. extract from a sample paragraph")
    print(f"  {SAMPLE}\n")
    _show_doc(extractor.extract(SAMPLE))

    _rule("summary")
    print(f"  weak labels: {n_ent} entities / {n_rel} relations in {len(raw)} articles")
    for name, (ef, rf) in summary.items():
        print(f"  {name}: entity strict F1 {ef:.3f}, relation strict F1 {rf:.3f}")
    print(f"  trained model: {result.model_dir} = {what['short']}  (try: predict --model {result.model_dir} "
          "--input FILE)")
    print(f"  total time: {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
