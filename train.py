#!/usr/bin/env python
"""Train a Kashif model: ``python train.py --config configs/tiny-cpu.yaml [--set section.key=value ...]``.

A thin entry point over :func:`kashif.training.train`; on a GPU use
``accelerate launch train.py --config configs/arabert-base.yaml``. Problems (a bad config value,
missing data, an unreachable Hub, a full disk) end with one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


def main(argv: list[str] | None = None) -> int:
    # help is for people: plain text, not the module docstring's reStructuredText
    ap = argparse.ArgumentParser(
        prog="train.py", description="Train a Kashif model (entity tagger and relation head) from a YAML config.",
        epilog="examples:\n  python train.py --config configs/tiny-cpu.yaml --set train.epochs=10   (CPU, offline)\n"
               "  accelerate launch train.py --config configs/arabert-base.yaml             (GPU)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True, help="YAML config (configs/*.yaml)")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a config value, e.g. --set train.epochs=3 (repeatable)")
    ap.add_argument("--resume", action="store_true", help="continue from the run's latest checkpoint")
    ap.add_argument("--report-to", choices=["auto", "wandb", "none"],
                    help="experiment tracking: auto = wandb when an API key is configured (default: the config's)")
    args = ap.parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main_process = os.environ.get("RANK", "0") == "0"  # set by accelerate launch / torchrun
    logging.basicConfig(level=logging.INFO if main_process else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("accelerate").setLevel(logging.WARNING)  # per-file checkpoint chatter
    from kashif.model import ModelLoadError
    from kashif.training import TrainingError, load_config, train

    overrides = list(args.overrides)
    if args.resume:
        overrides.append("train.resume=true")
    if args.report_to:
        overrides.append(f"tracking.report_to={args.report_to}")
    try:
        cfg = load_config(args.config, overrides)
        result = train(cfg)
    except KeyboardInterrupt:
        print("interrupted: the model folder was not written; continue with --resume", file=sys.stderr)
        return 130
    except (ValueError, ModelLoadError, TrainingError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not main_process:
        return 0
    print(f"model: {result.model_dir}")
    for k, v in result.metrics.items():
        print(f"  {k:<28} {v:.4f}" if isinstance(v, float) else f"  {k:<28} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
