"""Character spans <-> IOB2 tags over word tokens (:func:`kashif.text.tokenize`).

A span covers the tokens it overlaps. Glued-word spans (a span inside one token) tag that
token; when two spans share a token, the first keeps it, since IOB2 cannot say more.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from kashif.text import Token


def spans_to_bio(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for ``tokens`` from ``(start, end, type)`` character spans."""
    tags = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for start, end, typ in sorted(spans):
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or tokens[i].end <= start:
            i += 1
        first = True
        while i < len(tokens) and tokens[i].start < end:
            if tags[i] != "O":
                if first:
                    break  # the token belongs to an earlier span
                i += 1
                continue
            tags[i] = ("B-" if first else "I-") + typ
            first = False
            i += 1
    return tags


def bio_to_ranges(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(first, last, type)`` token index ranges (``last`` exclusive) of IOB2 tags; a stray
    ``I-X`` starts an entity (the usual lenient reading, as in seqeval's default mode)."""
    out: list[tuple[int, int, str]] = []
    cur: list | None = None
    for i, tag in enumerate(tags):
        if tag == "O" or not tag:
            if cur:
                out.append(tuple(cur))
            cur = None
            continue
        prefix, _, typ = tag.partition("-")
        if prefix == "I" and cur is not None and cur[2] == typ:
            cur[1] = i + 1
        else:
            if cur:
                out.append(tuple(cur))
            cur = [i, i + 1, typ]
    if cur:
        out.append(tuple(cur))
    return out


@lru_cache(maxsize=8)
def _label_table(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Per label id: its type's index (-1 for ``O``) and whether it is a ``B-`` tag; the types."""
    types = tuple(dict.fromkeys(lab.partition("-")[2] for lab in labels if lab != "O"))
    kind = np.array([types.index(lab.partition("-")[2]) if lab != "O" else -1 for lab in labels])
    begin = np.array([lab.startswith("B-") for lab in labels])
    return kind, begin, types


def bio_ids_to_ranges(tag_ids: np.ndarray, labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """:func:`bio_to_ranges` of label ids (``labels[i]`` is id ``i``'s IOB2 tag), vectorised."""
    kind_of, begin_of, types = _label_table(tuple(labels))
    ids = np.asarray(tag_ids, dtype=np.int64)
    kind = kind_of[ids]
    inside = kind >= 0
    prev = np.r_[-1, kind[:-1]]
    starts = inside & (begin_of[ids] | (prev != kind))
    bounds = np.r_[np.flatnonzero(starts | ~inside), len(kind)]  # an entity runs to the next of these
    firsts = np.flatnonzero(starts)
    lasts = bounds[np.searchsorted(bounds, firsts, side="right")]
    return [(f, e, types[k]) for f, e, k in zip(firsts.tolist(), lasts.tolist(), kind[firsts].tolist())]


def bio_to_spans(tokens: Sequence[Token], tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, type)`` character spans from IOB2 tags (see :func:`bio_to_ranges`)."""
    return [(tokens[first].start, tokens[last - 1].end, typ)
            for first, last, typ in bio_to_ranges(list(tags)[:len(tokens)])]
