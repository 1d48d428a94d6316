"""Every entity labelling function, in one list for the weak labeller.

Families (names are versioned; bump the version when a function's behaviour changes):

* ``gazetteer.*``: names from ``data/gazetteers/*.tsv`` and CLDR (Babel), matched with
  Aho-Corasick on the normalised text (:mod:`kashif.weak.gazetteer`); ``gazetteer.negative``
  votes ``O`` on back-references, generic descriptions and bare nationality adjectives.
* ``cue.*``: titles, first names, partial repeats, class words, state adjectives and
  datelines (:mod:`kashif.weak.patterns`).
* ``date.grammar``: the date grammar (:mod:`kashif.weak.dates`).
* ``weapon.*``: the weapon lexicon, the head-noun grammar and ``O`` on bare الأسلحة/السلاح
  (:mod:`kashif.weak.weapons`).
"""

from __future__ import annotations

import bisect
import re

from kashif.text import PROCLITICS, normalize_letters
from kashif.weak.base import LabellingFunction
from kashif.weak.dates import DateFunction
from kashif.weak.gazetteer import gpe_function, loc_function, negative_function, org_function, per_function
from kashif.weak.patterns import (
    DatelineFunction,
    FirstNamePersonFunction,
    NationalBodyFunction,
    OrgCueFunction,
    OrgRepeatFunction,
    PersonRepeatFunction,
    PlaceCueFunction,
    StateOrgFunction,
    TitlePersonFunction,
)
from kashif.weak.weapons import BareWeaponNegativeFunction, WeaponGrammarFunction, WeaponLexiconFunction


def entity_functions() -> list[LabellingFunction]:
    """A fresh instance of every entity labelling function (the word lists and automata they
    share are built once per process, on first use)."""
    return [
        gpe_function(),
        loc_function(),
        org_function(),
        per_function(),
        negative_function(),
        TitlePersonFunction(),
        FirstNamePersonFunction(),
        PersonRepeatFunction(),
        OrgCueFunction(),
        OrgRepeatFunction(),
        StateOrgFunction(),
        NationalBodyFunction(),
        PlaceCueFunction(),
        DatelineFunction(),
        DateFunction(),
        WeaponLexiconFunction(),
        WeaponGrammarFunction(),
        BareWeaponNegativeFunction(),
    ]


# --------------------------------------------------------------------------------------------
# document-level propagation of the final labels

#: named types (a weapon kind or a date found again is found by its own grammar)
PROPAGATED = frozenset({"PER", "ORG", "GPE", "LOC", "FAC"})
_WORD_RE = re.compile(r"[^\W_]+(?:[\u064B-\u065F\u0670\u0640][^\W_]*)*")


def _bare(word: str) -> str:
    return normalize_letters(word)


def _stems(word: str) -> list[tuple[int, str]]:
    """``(clitic length, stem)`` readings of a normalised word: as written, then without one
    proclitic group (``وبغداد`` -> ``بغداد``; ``للجيش`` -> ``الجيش``)."""
    out = [(0, word)]
    for c in PROCLITICS:
        if word.startswith(c) and len(word) - len(c) >= 2:
            stem = word[len(c):]
            out.append((len(c), "ال" + stem if c.endswith("لل") else stem))
    return out


def propagate_names(text: str, spans: list, make) -> list:
    """The final ``spans`` plus later (and earlier) mentions of the same names in ``text``: a
    name labelled anywhere in the document labels its other occurrences that no span covers,
    with or without attached proclitics (``وX``, ``لX``, ``بX``), and a person's rare last name
    alone (``سيرغي لافروف`` -> ``لافروف``). A name that two spans give different types is left
    alone. ``spans`` are sorted, non-overlapping objects with ``start``, ``end``, ``type`` and
    ``prob``; ``make(start, end, type, prob, clitic_len)`` builds a new one; the result is
    sorted."""
    from kashif.weak.patterns import _is_common  # the word-frequency test the cues use

    if not spans:
        return spans
    words = [(m.start(), m.end(), _bare(m.group())) for m in _WORD_RE.finditer(text)]
    starts = [w[0] for w in words]
    names: dict[tuple[str, ...], tuple[str, float]] = {}
    clash: set[tuple[str, ...]] = set()

    def add(key: tuple[str, ...], typ: str, prob: float) -> None:
        if key in names and names[key][0] != typ:
            clash.add(key)
        names[key] = (typ, max(prob, names.get(key, (typ, 0.0))[1]))

    for sp in spans:
        if sp.type not in PROPAGATED:
            continue
        k = bisect.bisect_left(starts, sp.start)
        toks = []
        while k < len(words) and words[k][1] <= sp.end:
            toks.append(words[k][2])
            k += 1
        if not toks:
            continue
        cl = getattr(sp, "clitic_len", None)
        readings = _stems(toks[0])
        # the name without its proclitics: where the voter knew them, else only before the article
        first = next((s for c, s in readings if c == cl), toks[0]) if cl else \
            next((s for c, s in readings if c and s.startswith("ال")), toks[0])
        key = (first, *toks[1:])
        if len("".join(key)) < 3:
            continue
        add(key, sp.type, sp.prob)
        last = toks[-1]
        if sp.type == "PER" and len(toks) > 1 and len(last) >= 4 and not _is_common(last):
            add((last,), "PER", sp.prob * 0.9)
    for key in clash:
        names.pop(key, None)
    if not names:
        return spans
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(names, key=len, reverse=True):
        by_first.setdefault(key[0], []).append(key)
    covered = [(sp.start, sp.end) for sp in spans]
    cov_starts = [c[0] for c in covered]

    def free(s: int, e: int) -> bool:
        k = bisect.bisect_right(cov_starts, e - 1) - 1
        return k < 0 or covered[k][1] <= s

    added = []
    last_end = -1
    for i, (s, _, w) in enumerate(words):
        if s < last_end:
            continue
        for clitic, stem in _stems(w):
            key = next((key for key in by_first.get(stem, ())
                        if tuple(x[2] for x in words[i + 1:i + len(key)]) == key[1:]), None)
            if key is None:
                continue
            e = words[i + len(key) - 1][1]
            if "\n" not in text[s:e] and free(s, e):
                typ, prob = names[key]
                added.append(make(s, e, typ, prob * 0.9, clitic or None))
                last_end = e
            break
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda sp: sp.start)
