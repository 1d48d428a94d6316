"""Inter-annotator agreement: two standoff annotations of the same ANT articles, scored against each other.

Our dev and blind sets are each made by one annotator. ``data/dev/ant/blind5-second.jsonl`` is a
second, independent annotation of 8 of the 27 ``blind5`` articles (made without seeing the first);
strict F1 between the two says how much of a labeller's error on these sets may be the gold's own
noise. The first file is read as the reference, so precision and recall swap when the two swap;
F1 does not.

    python benchmarks/agreement.py [FIRST SECOND] [--ant ../shared/data/external/ant/ant.jsonl]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kashif.evaluation import EvaluationError, read_standoff
from kashif.metrics import evaluate_documents

REPO = Path(__file__).resolve().parents[1]
ANT = REPO.parent / "shared" / "data" / "external" / "ant" / "ant.jsonl"
DEV = REPO / "data" / "dev" / "ant"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("first", nargs="?", type=Path, default=DEV / "blind5.jsonl")
    ap.add_argument("second", nargs="?", type=Path, default=DEV / "blind5-second.jsonl")
    ap.add_argument("--ant", type=Path, default=ANT)
    args = ap.parse_args(argv)
    try:
        first = {d.id: d for d in read_standoff(args.first, args.ant)}
        second = read_standoff(args.second, args.ant)
    except EvaluationError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    missing = [d.id for d in second if d.id not in first]
    if missing:
        print(f"error: {len(missing)} articles of {args.second} are not in {args.first} (e.g. {missing[0]})",
              file=sys.stderr)
        return 1
    report = evaluate_documents([first[d.id] for d in second], second)
    print(f"{len(second)} articles annotated twice ({args.first.name} as reference, {args.second.name} scored)")
    for kind in ("entities", "relations"):
        strict = report[kind]["strict"]
        print(f"  {kind:10s}       P     R    F1 gold")
        for name, s in [*sorted(strict["per_type"].items()), ("micro", strict["micro"])]:
            print(f"  {name:12s} {100 * s['precision']:5.1f} {100 * s['recall']:5.1f} {100 * s['f1']:5.1f} {s['support']:4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
