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

from kashif.weak.base import LabellingFunction
from kashif.weak.dates import DateFunction
from kashif.weak.gazetteer import gpe_function, loc_function, negative_function, org_function, per_function
from kashif.weak.patterns import (
    DatelineFunction,
    FirstNamePersonFunction,
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
        PlaceCueFunction(),
        DatelineFunction(),
        DateFunction(),
        WeaponLexiconFunction(),
        WeaponGrammarFunction(),
        BareWeaponNegativeFunction(),
    ]
