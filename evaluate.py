"""Score predictions, a model or the weak labeller against gold: a thin entry point over
:func:`kashif.evaluation.evaluate`.

    python evaluate.py --gold GOLD.jsonl --pred PRED.jsonl
    python evaluate.py --gold GOLD.jsonl --model runs/demo/model --output runs/eval.json
    python evaluate.py --gold train.txt --gold-format conll --label-map anercorp --labeller
"""

from __future__ import annotations

import argparse
import logging
import sys

from kashif.corpus import CorpusError
from kashif.evaluation import GOLD_FORMATS, EvaluationError, evaluate
from kashif.files import check_writable, write_json
from kashif.metrics import LABEL_MAPS, format_report
from kashif.schema import SchemaError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    # help is for people: plain text, not the module docstring's reStructuredText
    ap = argparse.ArgumentParser(
        description="Score predictions, a model or the weak labeller against a gold file.",
        epilog="examples:\n  python evaluate.py --gold GOLD.jsonl --pred PRED.jsonl\n"
               "  python evaluate.py --gold GOLD.jsonl --model runs/demo/model --output runs/eval.json\n"
               "  python evaluate.py --gold train.txt --gold-format conll --label-map anercorp --labeller",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True, help="gold file: ANNOTATION.md JSONL or CoNLL 'token TAG'")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--pred", help="predictions file (JSONL; CoNLL 'token TAG' when the gold is CoNLL)")
    src.add_argument("--model", help="model folder or hub id: run it over the gold texts and score")
    src.add_argument("--labeller", nargs="?", const="dawid-skene", choices=("dawid-skene", "majority"),
                     help="run the weak labeller (aggregator, default dawid-skene) over the gold texts")
    ap.add_argument("--gold-format", choices=GOLD_FORMATS, default="jsonl")
    ap.add_argument("--label-map", choices=sorted(LABEL_MAPS),
                    help="score against another tag set (anercorp: PER/LOC/ORG vs PERS/LOC/ORG)")
    ap.add_argument("--output", help="write the scores as JSON here")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1 ...")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    if args.output:
        try:
            check_writable(args.output)  # before a model runs over the gold, not after
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 2
    try:
        report = evaluate(args.gold, args.pred, model=args.model, labeller=args.labeller,
                          gold_format=args.gold_format, label_map=args.label_map,
                          batch_size=args.batch_size, device=args.device)
    except (EvaluationError, SchemaError, CorpusError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_report(report))
    if args.output:
        try:
            write_json(report, args.output)
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 2
        logging.info("scores written to %s", args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
