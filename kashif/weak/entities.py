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

from kashif.weak.base import LabellingFunction
from kashif.weak.dates import DateFunction
from kashif.weak.gazetteer import gpe_function, loc_function, negative_function, org_function, per_function
from kashif.weak.patterns import (
    ClubNameFunction,
    DatelineFunction,
    FirstNamePersonFunction,
    NationalBodyFunction,
    OrgCueFunction,
    OrgRepeatFunction,
    PersonRepeatFunction,
    PlaceCueFunction,
    SportsTeamFunction,
    StateOrgFunction,
    TitlePersonFunction,
)
from kashif.weak.weapons import (
    BareWeaponNegativeFunction,
    ModelSpellingFunction,
    WeaponGrammarFunction,
    WeaponLexiconFunction,
)


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
        SportsTeamFunction(),
        ClubNameFunction(),
        DatelineFunction(),
        DateFunction(),
        WeaponLexiconFunction(),
        WeaponGrammarFunction(),
        ModelSpellingFunction(),
        BareWeaponNegativeFunction(),
    ]


# --------------------------------------------------------------------------------------------
# document-level propagation of the final labels

#: a family name written with its connector: its short form keeps it (``بن بلة``, ``أبو زيد``)
CHAIN_SHORT = frozenset({"بن", "ابن", "ابو"})  # normalised forms (آل folds into the article: left out)
#: named types (a weapon kind or a date found again is found by its own grammar)
PROPAGATED = frozenset({"PER", "ORG", "GPE", "LOC", "FAC"})


def propagate_names(text: str, spans: list, make, blocks: list[int] | None = None) -> list:
    """The final ``spans`` plus the other mentions of the same names in ``text``: a name labelled
    anywhere in the document labels its occurrences that no span covers, with or without
    attached proclitics (``وX``, ``لX``, ``بX``), and a person's rare last name alone (``سيرغي
    لافروف`` -> ``لافروف``). A name that two spans give different types is left alone.
    ``spans`` are sorted, non-overlapping objects with ``start``, ``end``, ``type``, ``prob``
    and ``clitic_len``; ``make(start, end, type, prob, clitic_len)`` builds a new one; the
    result is sorted. ``blocks``: character offsets where independent parts of the text start
    (CoNLL input: blocks of nearby sentences); names then propagate only inside their part.
    Works on the words of the shared analysis (:func:`kashif.weak.patterns.analyse`)."""
    from kashif.weak.patterns import analyse

    if not spans:
        return spans
    a = analyse(text)
    # original offsets of the words, for locating the spans (normalising keeps the order)
    index = a.doc.index
    starts = [index[x] for x in a.starts]
    bounds = [*(blocks or [0]), len(text) + 1]
    span_starts = [sp.start for sp in spans]
    parts = []  # (the part's spans, its tokens, the names they label)
    for lo, hi in zip(bounds, bounds[1:]):
        s0, s1 = bisect.bisect_left(span_starts, lo), bisect.bisect_left(span_starts, hi)
        if s0 < s1 and (names := _names(a, starts, spans[s0:s1])):
            parts.append((spans[s0:s1], bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi), names))
    stems = _stem_positions(a, {key[0] for *_, names in parts for key in names})
    added: list = []
    for part, t0, t1, names in parts:
        added += _mentions(a, stems, names, part, t0, t1, make)
    if not added:
        return spans
    return sorted([*spans, *added], key=lambda x: x.start)


def _stem_positions(a, wanted: set[str]) -> dict[str, list[int]]:
    """Each ``wanted`` first word of a name -> the (sorted) tokens of the words that read so
    without their proclitics: each part of the text then finds its candidates without reading
    every token."""
    from kashif.weak.patterns import _readings

    out: dict[str, list[int]] = {}
    for word, positions in a.positions.items():
        for _, stem in _readings(word):
            if stem in wanted:
                out.setdefault(stem, []).extend(positions)
    for v in out.values():
        v.sort()
    return out


def _names(a, starts: list[int], spans: list) -> dict[tuple[str, ...], tuple[str, float]]:
    """Name words (the first without its proclitics) -> type and probability, for the names
    that ``spans`` label; a name given two types is left out."""
    from kashif.weak.patterns import _is_common, _readings

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
        while k < a.n and starts[k] < sp.end:
            if a.kinds[k] in ("word", "latin"):
                toks.append(a.words[k])
            k += 1
        if not toks:
            continue
        cl = sp.clitic_len
        readings = _readings(toks[0])
        # the name without its proclitics: where the voter knew them, else only before the article
        first = next((r for c, r in readings if c == cl), toks[0]) if cl else \
            next((r for c, r in readings if c and r.startswith("ال")), toks[0])
        key = (first, *toks[1:])
        if len("".join(key)) < 3 or (sp.type == "PER" and len(key) == 1 and _common_non_name(first)):
            continue  # (وقالت القوى: a common noun read once as a speaker is not spread to هذه القوى)
        add(key, sp.type, sp.prob)
        last = toks[-1]
        if sp.type == "PER" and len(toks) > 2 and toks[-2] in CHAIN_SHORT:
            add((toks[-2], last), "PER", sp.prob * 0.9)  # أحمد بن بلة -> بن بلة, not بلة
        elif sp.type == "PER" and len(toks) > 1 and len(last) >= 4 and not _is_common(last):
            add((last,), "PER", sp.prob * 0.9)
    for key in clash:
        names.pop(key, None)
    return names


#: a one-word person name at least this frequent as a word is not spread (القوى "the forces" 4.9);
#: a family name that is also a rarer word still is (الشاهد 4.1, الطيب 4.6)
PROPAGATE_MAX_ZIPF = 4.8


def _common_non_name(word: str) -> bool:
    """A very common word that no name list knows as a given name or surname: labelled a person
    once (a speaker, a role), it is no name to look for elsewhere in the document."""
    from kashif.weak.patterns import _lexicon, _zipf

    lex = _lexicon()
    return _zipf(word) >= PROPAGATE_MAX_ZIPF and word not in lex["first"] and word not in lex["ambiguous"] and word not in lex["surnames"]


def _family_word(a, k: int) -> bool:
    """Token ``k`` may be a family name after a given name: a known surname or given name, or
    a definite word (not a noun with a pronoun: لقي X حتفه)."""
    from kashif.weak.patterns import _lexicon

    w = a.words[k]
    lex = _lexicon()
    return a.kinds[k] == "word" and (w in lex["surnames"] or w in lex["first"] or w.startswith("ال"))


def _mentions(a, stems: dict[str, list[int]], names: dict, spans: list, t0: int, t1: int, make) -> list:
    """The new mentions of ``names`` among tokens ``t0..t1-1`` that no span of ``spans`` covers;
    ``stems``: :func:`_stem_positions`."""
    from kashif.weak.patterns import _readings

    span_of = a.doc.span
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(names, key=len, reverse=True):
        by_first.setdefault(key[0], []).append(key)
    hits: list[tuple[int, int, int]] = []  # (first token, tokens, clitic length)
    candidates: set[int] = set()
    for stem in by_first:
        where = stems.get(stem, ())
        candidates.update(where[bisect.bisect_left(where, t0):bisect.bisect_left(where, t1)])
    for i in sorted(candidates):
        for clitic, stem in _readings(a.words[i]):
            keys = by_first.get(stem)
            if keys:
                key = next((key for key in keys if tuple(a.words[i + 1:i + len(key)]) == key[1:]), None)
                if key is not None:
                    hits.append((i, len(key), clitic))
                break
    covered = [(sp.start, sp.end) for sp in spans]
    cov_starts = [c[0] for c in covered]
    added = []
    last_end = -1
    for i, n, clitic in hits:
        if i < last_end or i + n > t1:
            continue
        key = (next((r for c, r in _readings(a.words[i]) if c == clitic), a.words[i]), *a.words[i + 1:i + n])
        typ, prob = names[key]
        if typ == "PER" and n == 1 and i + 1 < t1 and _family_word(a, i + 1):
            # a given name labelled alone elsewhere, here with its family name (العم X ... منزل X العشي)
            n = max(1, min(a.name_end(i, max_words=2, first_ok=True), t1) - i)
        s_, e_ = a.starts[i], a.ends[i + n - 1]
        if "\n" in a.doc.norm[s_:e_]:
            continue
        sp = span_of(s_, e_, "X")
        k = bisect.bisect_right(cov_starts, sp.end - 1) - 1
        if k >= 0 and covered[k][1] > sp.start:
            continue
        added.append(make(sp.start, sp.end, typ, prob * 0.9, clitic or None))
        last_end = i + n
    return added
