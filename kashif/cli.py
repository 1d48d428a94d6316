"""``kashif`` command: ``kashif label``, ``kashif data``, ``kashif publish``, ``kashif review``.

Each sub-command lives with the part of the package it drives and is imported lazily, so
``kashif label`` starts without importing torch.
"""

from __future__ import annotations

import importlib
import logging
import sys

COMMANDS = {
    "label": ("kashif.weak.cli", "label_main", "weak-label a corpus into ANNOTATION.md JSONL or CoNLL"),
    "data": ("kashif.weak.cli", "data_main", "build the weakly labelled DatasetDict in data/processed/"),
    "publish": ("kashif.hub.cli", "main", "publish a trained model folder to the Hugging Face Hub"),
    "encoder": ("kashif.model.encoder_cli", "main", "build the offline pretrained encoder (multilingual-e5-small)"),
    "review": ("kashif.review.cli", "main", "Label Studio review loop: export, import, rank, push, pull"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        print("usage: kashif {" + ",".join(COMMANDS) + "} [options]\n")
        for name, (_, _, doc) in COMMANDS.items():
            print(f"  {name:<8} {doc}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    module, func, _ = COMMANDS[argv[0]]
    return int(getattr(importlib.import_module(module), func)(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
