"""Development check of the entity labelling functions on their own (no label model).

Resolves the votes of :func:`kashif.weak.entities.entity_functions` per document with a simple
rule -- longest span first, a span equal to or inside an ``O`` vote is dropped -- and reports:

* strict span+type micro P/R/F1 against the gold seed article(s) (``--gold``);
* word-level strict (seqeval, IOB2) F1 over PER/LOC/ORG on the first ``--conll-sentences``
  sentences of ANERcorp (label map PER->PERS, GPE/LOC/FAC->LOC, ORG->ORG);
* the time all functions take on the whole ANERcorp train text, start-up included.

Usage: python benchmarks/dev_entities.py [--gold FILE.jsonl] [--conll FILE] [--conll-sentences N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

_T0 = time.perf_counter()

from kashif.weak.base import Span  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ANER_MAP = {"PER": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}


def resolve(votes: list[Span]) -> list[Span]:
    """Longest span first, no overlaps; a span equal to or inside an ``O`` vote is dropped."""
    negatives = [s for s in votes if s.type == "O"]
    taken = bytearray(max((s.end for s in votes), default=0) + 1)
    out = []
    for s in sorted((s for s in votes if s.type != "O"), key=lambda s: (s.start - s.end, s.start)):
        if any(o.start <= s.start and s.end <= o.end for o in negatives):
            continue
        if not any(taken[s.start:s.end]):
            taken[s.start:s.end] = b"\x01" * (s.end - s.start)
            out.append(s)
    return sorted(out, key=lambda s: s.start)


def label(text: str, functions) -> list[Span]:
    votes = [s for f in functions for s in f(text)]
    return resolve(votes)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def seed_scores(gold_path: Path, functions, show: bool) -> None:
    from kashif.schema import read_jsonl

    tp = fp = fn = 0
    per_type: Counter = Counter()
    for doc in read_jsonl(gold_path):
        pred = {(s.start, s.end, s.type) for s in label(doc.text, functions)}
        gold = {(e.start, e.end, e.type) for e in doc.entities}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for s in pred & gold:
            per_type[(s[2], "tp")] += 1
        for s in pred - gold:
            per_type[(s[2], "fp")] += 1
        for s in gold - pred:
            per_type[(s[2], "fn")] += 1
        if show:
            for s in sorted(pred ^ gold):
                tag = "FP" if s in pred else "FN"
                print(f"  {tag} {s[2]:7} {doc.text[s[0]:s[1]]!r}")
    p, r, f = prf(tp, fp, fn)
    print(f"{gold_path.name}: strict entity micro P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp} fp={fp} fn={fn})")
    for t in sorted({t for t, _ in per_type}):
        pt, rt, ft = prf(per_type[(t, "tp")], per_type[(t, "fp")], per_type[(t, "fn")])
        print(f"  {t:7} P={pt:.3f} R={rt:.3f} F1={ft:.3f}")


def conll_scores(conll: Path, n_sentences: int, functions) -> None:
    from seqeval.metrics import classification_report, f1_score
    from seqeval.scheme import IOB2

    from kashif.bio import spans_to_bio
    from kashif.corpus import conll_to_doc, read_conll
    from kashif.text import Token

    sents = read_conll(conll)[:n_sentences]
    raw, offsets = conll_to_doc(sents, "anercorp")
    spans = label(raw.text, functions)
    mapped = [(s.start, s.end, ANER_MAP[s.type]) for s in spans if s.type in ANER_MAP]
    flat = [Token(a, b, raw.text[a:b], "word") for offs in offsets for a, b in offs]
    tags = spans_to_bio(flat, mapped)
    pred, gold, k = [], [], 0
    for sent in sents:
        pred.append(tags[k:k + len(sent.tokens)])
        gold.append([t if t[2:] in ("PERS", "LOC", "ORG") else "O" for t in sent.tags])
        k += len(sent.tokens)
    f = f1_score(gold, pred, mode="strict", scheme=IOB2)
    print(f"ANERcorp first {len(sents)} sentences: word-level strict F1 (PERS/LOC/ORG) = {f:.3f}")
    print(classification_report(gold, pred, mode="strict", scheme=IOB2, digits=3))


def timing(conll: Path, functions) -> None:
    from kashif.corpus import conll_to_doc, read_conll

    raw, _ = conll_to_doc(read_conll(conll), "anercorp")
    t = time.perf_counter()
    n = sum(len(f(raw.text)) for f in functions)
    lf_s = time.perf_counter() - t
    print(f"all entity LFs on ANERcorp train ({len(raw.text):,} chars, one document): {lf_s:.2f} s "
          f"({n:,} votes); since start-up {time.perf_counter() - _T0:.2f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, action="append")
    ap.add_argument("--conll", type=Path, default=SHARED / "data/external/anercorp/train.txt")
    ap.add_argument("--conll-sentences", type=int, default=500)
    ap.add_argument("--show", action="store_true", help="list every false positive / negative")
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args(argv)
    from kashif.weak.entities import entity_functions

    functions = entity_functions()
    golds = args.gold or [SHARED / "data/gold/seed-000.jsonl"]
    if not args.no_timing and args.conll.is_file():
        timing(args.conll, functions)
    for g in golds:
        if g.is_file():
            seed_scores(g, functions, args.show)
        else:
            print(f"{g}: not found; seed scores skipped", file=sys.stderr)
    if args.conll.is_file():
        conll_scores(args.conll, args.conll_sentences, functions)
    else:
        print(f"{args.conll}: not found; ANERcorp scores skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
