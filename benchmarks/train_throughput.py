"""Training tokens/s of Kashif's loop vs the Hugging Face ``Trainer``: same model, data, batch size,
precision and number of optimizer steps, in one run.

    python benchmarks/train_throughput.py [--config configs/tiny-cpu.yaml] [--data data/raw/seeds]
                                          [--steps 40] [--set section.key=value ...]

Tokens are non-padding tokens of the training batches; time is the wall time of the training
steps (set-up, evaluation and checkpoints excluded for both). The fair comparison samples batches
the same way (random, no length grouping) in both; our loop's default length-grouped batching is
reported on a second line. Runs are interleaved and repeated (``--repeats``) and the best of each
counts, since one run on a shared machine can hit a load spike. Prints the ratio ours / Trainer
(target >= 1.0).
"""

from __future__ import annotations

import argparse
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


def _ours(config: str, overrides: list[str]) -> tuple[float, object]:
    from kashif.training import load_config, train

    cfg = load_config(config, overrides)
    result = train(cfg)
    return result.metrics["train_tokens_per_s"], cfg


def _trainer(cfg, steps: int) -> float:
    import torch
    from accelerate.utils import set_seed
    from transformers import Trainer, TrainerCallback, TrainingArguments

    from kashif.model import load_tokenizer
    from kashif.schema import read_jsonl
    from kashif.training.data import Collator, build_features
    from kashif.training.loop import _build_model

    tc = cfg.train
    tok = load_tokenizer(cfg.run_dir / "tokenizer" if cfg.model.init == "scratch" else cfg.model.name)
    docs = list(read_jsonl(cfg.run_dir / "data" / "train.jsonl"))  # the exact documents our run used
    features = build_features(docs, tok, cfg.data, cfg.weak)
    set_seed(cfg.seed)
    model = _build_model(cfg, tok)
    collate = Collator(tok.pad_token_id)
    counted = {"tokens": 0, "batches": 0}

    def counting_collate(batch):
        out = collate(batch)
        if counted["batches"] < steps * tc.grad_accum:
            counted["tokens"] += int(out["attention_mask"].sum())
            counted["batches"] += 1
        return out

    clock: dict[str, float] = {}

    class Clock(TrainerCallback):
        def on_train_begin(self, args, state, control, **kw):
            clock["t0"] = time.perf_counter()

        def on_train_end(self, args, state, control, **kw):
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            clock["t1"] = time.perf_counter()

    with tempfile.TemporaryDirectory() as out:
        args = TrainingArguments(
            output_dir=out, per_device_train_batch_size=tc.batch_size, gradient_accumulation_steps=tc.grad_accum,
            max_steps=steps, learning_rate=tc.lr, weight_decay=tc.weight_decay, lr_scheduler_type="linear",
            warmup_steps=int(tc.warmup_ratio * steps), max_grad_norm=tc.max_grad_norm, logging_steps=steps,
            save_strategy="no", eval_strategy="no", report_to="none", disable_tqdm=True, seed=cfg.seed,
            bf16=tc.mixed_precision == "bf16", fp16=tc.mixed_precision == "fp16",
            use_cpu=not torch.cuda.is_available(), dataloader_num_workers=tc.num_workers,
            remove_unused_columns=False)
        trainer = Trainer(model=model, args=args, train_dataset=features, data_collator=counting_collate,
                          callbacks=[Clock()])
        trainer.train()
    return counted["tokens"] / (clock["t1"] - clock["t0"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", default=str(REPO / "configs" / "tiny-cpu.yaml"))
    ap.add_argument("--data", default=str(REPO / "data" / "raw" / "seeds"),
                    help="training data: labelled JSONL or raw text (weak-labelled)")
    ap.add_argument("--steps", type=int, default=40, help="optimizer steps for each loop")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved runs of each loop; the best counts")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    with tempfile.TemporaryDirectory() as tmp:
        common = [f"data.train={args.data}", "data.validation=null", "data.validation_fraction=0",
                  "data.eval_sets={}", f"train.max_steps={args.steps}", "train.epochs=100000",
                  f"train.save_every={10**9}", f"train.log_every={args.steps}", "train.progress=false",
                  "tracking.report_to=none", *args.overrides]
        fair, grouped, hf = [], [], []
        try:
            # interleaved repeats, best of each: a shared machine's load spikes hit single runs
            for r in range(args.repeats):
                tps, cfg = _ours(args.config, [*common, f"output_dir={tmp}/random-{r}/model",
                                               "train.group_by_length=false"])
                fair.append(tps)
                hf.append(_trainer(cfg, args.steps))
                grouped.append(_ours(args.config, [*common, f"output_dir={tmp}/grouped-{r}/model",
                                                   "train.group_by_length=true"])[0])
        except (ValueError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        fair, grouped, hf = max(fair), max(grouped), max(hf)
    print(f"model: {cfg.model.init} ({cfg.model.name or f'{cfg.model.layers}x{cfg.model.hidden}'}), "
          f"batch {cfg.train.batch_size} x {cfg.data.max_length} max, precision {cfg.train.mixed_precision}, "
          f"{args.steps} steps, best of {args.repeats}")
    print(f"{'HF Trainer (random batches)':<36} {hf:>10,.0f} tokens/s")
    print(f"{'kashif loop (random batches)':<36} {fair:>10,.0f} tokens/s   ratio {fair / hf:.2f}")
    print(f"{'kashif loop (length-grouped)':<36} {grouped:>10,.0f} tokens/s   ratio {grouped / hf:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
