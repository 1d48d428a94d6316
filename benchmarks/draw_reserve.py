"""Draw a reserve of ANT articles for the next blind dev set: ids only, written as JSONL.

Articles of 600-2,400 characters (shorter than the 2,500-8,000 that ``governed_check.py`` shows
for hand checks) with at least four distinct security keywords, outside every set already in
``data/dev/ant``, ordered by a seeded hash of their id. Add the written file to the ``exclude``
list of every training recipe so that no model reads the texts before they are annotated.

Usage: python benchmarks/draw_reserve.py OUT.jsonl [--n 40] [--seed 6]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from governed_check import ANT, _ant_articles, _key  # noqa: E402

KEYWORDS = ("إرهاب", "هجوم", "سلاح", "أسلحة", "الجيش", "داعش", "الحرس الوطني", "اعتقال", "إيقاف",
            "قصف", "مسلح", "تفجير", "عملية أمنية", "الأمن", "اغتيال", "قتل", "حجز", "ليبيا", "سوريا")


def draw(path: Path, n: int, seed: int) -> list[str]:
    ids = [d["id"] for d in _ant_articles(path)
           if 600 <= len(text := d.get("text") or "") <= 2400 and sum(k in text for k in KEYWORDS) >= 4]
    return sorted(ids, key=lambda i: _key(seed, i))[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--ant", type=Path, default=ANT)
    args = ap.parse_args(argv)
    if args.out.exists():
        print(f"error: {args.out} exists; a reserve is drawn once", file=sys.stderr)
        return 2
    ids = draw(args.ant, args.n, args.seed)
    args.out.write_text("".join(json.dumps({"id": i}) + "\n" for i in ids), encoding="utf-8")
    print(f"{len(ids)} ids -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
