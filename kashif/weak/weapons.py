"""Weapon labelling functions (ANNOTATION.md rule 7 and "More decisions").

A WEAPON needs a kind: a toxic agent or a model name (the lexicon in
``data/gazetteers/weapons.tsv``), a class noun (قذائف، قنابل، ذخيرة، المدفعية ...) with its type
modifiers, or ``أسلحة``/``سلاح``/``مواد``/``عوامل`` with a type modifier (``الأسلحة الكيميائية``,
``أسلحة الدمار الشامل``, ``مواد سامة``). The span is the head noun with its article, attached
proclitics and type modifiers; counts, containers, demonstratives, origin adjectives and
quality phrases stay outside (``13 ألف قطعة ذخيرة`` -> ``ذخيرة``, ``البنادق الصينية`` ->
``البنادق``). Bare ``الأسلحة``/``السلاح``/``الغاز``/``المواد``/``العتاد``/``المعدات`` are not entities:
:class:`BareWeaponNegativeFunction` votes ``O`` on them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from kashif.weak.base import Span, register
from kashif.weak.gazetteer import Matcher, load, longest, name_matches, view
from kashif.weak.patterns import Analysis, _norm_set, _readings, analyse

#: class nouns: a weapon with or without a modifier
CLASS_NOUNS = _norm_set("""
قذائف قذيفة قنابل قنبلة بنادق بندقية صواريخ صاروخ ذخيرة ذخائر مدفعية مدافع مدفع راجمات راجمة ألغام لغم
متفجرات مسدسات مسدس رشاشات رشاش طوربيدات طوربيد هاون
""")
#: heads that are a weapon only with a type modifier
NEEDS_TYPE = _norm_set("أسلحة سلاح مواد عوامل عبوات عبوة أحزمة حزام أجهزة جهاز غاز غازات")
#: of those, the ones whose bare form is a vote against an entity
BARE_NEGATIVE = _norm_set("أسلحة سلاح مواد غاز عتاد معدات")
#: heads that take only a chemical/toxic or explosive modifier (مواد سامة, عبوات ناسفة)
CHEMICAL_ONLY = _norm_set("مواد عوامل غاز غازات")
EXPLOSIVE_ONLY = _norm_set("عبوات عبوة أحزمة حزام أجهزة جهاز")
#: one-word type modifiers (without the article; the article and و are allowed before them)
CHEMICAL = _norm_set("""
كيميائية كيماوية كيمياوية كيميائي كيماوي كيمياوي سامة سام سمية بيولوجية بيولوجي جرثومية جرثومي نووية
نووي مشعة إشعاعية كلور خردل سارين أعصاب
""")
EXPLOSIVE = _norm_set("ناسفة ناسف متفجرة متفجر مرتجلة مفخخة")
TYPES = CHEMICAL | EXPLOSIVE | _norm_set("""
عنقودية عنقودي فوسفورية فوسفوري حارقة حارق موجهة موجه ذكية ذكي هاون مدفعية صاروخية صاروخي باليستية باليستي
بالستية بالستي تقليدية تقليدي خفيفة خفيف ثقيلة ثقيل متوسطة متوسط فتاكة فتاك قناصة قناص آلية آلي رشاشة رشاش
مضادة دمار
""")
#: multi-word type modifiers: first word -> continuations
PHRASES = {
    "الدمار": ("الشامل",),
    "دمار": ("شامل",),
    "الحرب": ("الكيميائية", "الكيماوية", "الكيمياوية", "البيولوجية"),
    "غير": ("تقليدية", "التقليدية", "نووية", "النووية", "تقليدي", "التقليدي", "نووي", "النووي"),
    "مضادة": ("للدروع", "للطائرات", "للدبابات", "للطيران"),
    "مضاد": ("للدروع", "للطائرات", "للدبابات", "للطيران"),
    "ارض": ("ارض", "جو"),
    "جو": ("جو", "ارض"),
    "المتفجرة": ("المرتجلة",),
}


@lru_cache(maxsize=1)
def weapon_matcher() -> Matcher:
    """Aho-Corasick over the weapon lexicon (toxic agents and model names)."""
    return Matcher((e.surface, "WEAPON") for e in load("weapons", ("AGENT", "MODEL")))


@lru_cache(maxsize=200_000)
def _bare(word: str) -> frozenset[str]:
    """Readings of a word without proclitics and without the article (cached per word)."""
    return frozenset(stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem for _, stem in _readings(word))


@lru_cache(maxsize=200_000)
def _head(word: str) -> tuple[bool, frozenset[str] | None, bool] | None:
    """``(needs_type, allowed_modifiers, bare_is_negative)`` when ``word`` is a weapon head
    noun (or a bare negative one, with ``allowed_modifiers`` None); cached per word."""
    forms = _bare(word)
    negative = not forms.isdisjoint(BARE_NEGATIVE)
    if not forms.isdisjoint(CLASS_NOUNS):
        return False, TYPES, False
    if not forms.isdisjoint(NEEDS_TYPE):
        if not forms.isdisjoint(CHEMICAL_ONLY):
            return True, CHEMICAL, negative
        if not forms.isdisjoint(EXPLOSIVE_ONLY):
            return True, EXPLOSIVE, negative
        return True, TYPES, negative
    return (True, None, True) if negative else None


def _modifier(a: Analysis, k: int, allowed: frozenset[str], first: bool) -> int:
    """The token after the type modifier that starts at ``k`` (``k`` when there is none); a
    modifier joined by و only coordinates with an earlier one (الكيميائية والبيولوجية), so
    ``الغاز والكلور`` stays two words."""
    if not a.is_word(k):
        return k
    w = a.words[k]
    if first and w.startswith("و"):
        return k
    for first_word in (w, w[1:] if w.startswith("و") else w):
        if first_word in PHRASES and a.is_word(k + 1) and a.words[k + 1] in PHRASES[first_word]:
            return k + 2
    if not _bare(w).isdisjoint(allowed):
        return k + 1
    return k


def _weapon_heads(a: Analysis, lexicon_starts: dict[int, int]) -> tuple[list[tuple[int, int]], list[int]]:
    """``(weapon token ranges, bare-head token indices)`` from the head-noun grammar."""
    found: list[tuple[int, int]] = []
    bare: list[int] = []
    n = a.n
    free = 0
    for i in range(n):
        if i < free or a.kinds[i] != "word":
            continue
        head = _head(a.words[i])
        if head is None:
            continue
        needs, allowed, negative = head
        if allowed is None:
            bare.append(i)  # a bare negative head that never takes a type (العتاد، المعدات)
            continue
        j = max(i + 1, lexicon_starts.get(i, 0))  # صواريخ سكود is one lexicon entry
        while j < n:
            if j in lexicon_starts:  # a model or agent after the head: صواريخ سكود، ذخيرة الكلور
                j = lexicon_starts[j]
                continue
            k = _modifier(a, j, allowed, j == i + 1)
            if k == j:
                break
            j = k
        if j == i + 1 and needs:
            if negative:
                bare.append(i)
            continue
        found.append((i, j))
        free = j  # the modifiers are not heads themselves (قذائف هاون)
    return found, bare


@lru_cache(maxsize=4)
def _weapons(text: str) -> tuple[tuple[Span, ...], tuple[Span, ...], tuple[Span, ...]]:
    """(lexicon spans, grammar spans, bare-head negatives) of one document."""
    doc = view(text)
    a = analyse(text)
    # a weapon inside a known organisation's name (منظمة حظر الأسلحة الكيميائية) is no vote
    inside_org = bytearray(len(doc.norm) + 1)
    for m in name_matches(text):
        if m.label == "ORG":
            inside_org[m.start:m.end] = b"\x01" * (m.end - m.start)
    lex = [m for m in longest(weapon_matcher().find(doc)) if not inside_org[m.start]]
    lexicon_starts: dict[int, int] = {}
    for m in lex:
        i = bisect.bisect_left(a.starts, m.start)
        if i < a.n and a.starts[i] == m.start and not m.clitic:  # والكلور after الغاز: a second weapon
            j = i
            while j < a.n and a.starts[j] < m.end:
                j += 1
            lexicon_starts[i] = j
    found, bare = _weapon_heads(a, lexicon_starts)
    grammar = tuple(a.span(i, j, "WEAPON") for i, j in found if not inside_org[a.starts[i]])
    negative = tuple(a.span(i, i + 1, "O") for i in bare if not inside_org[a.starts[i]])
    lexicon = tuple(doc.span(m.start, m.end, "WEAPON") for m in lex)
    return lexicon, grammar, negative


@dataclass(frozen=True)
class WeaponLexiconFunction:
    """WEAPON for toxic agents and model names from the weapon lexicon."""

    name: str = "weapon.lexicon@1"

    def __call__(self, text: str) -> list[Span]:
        return list(_weapons(text)[0])


@dataclass(frozen=True)
class WeaponGrammarFunction:
    """WEAPON for a class noun or a typed أسلحة/سلاح/مواد/عوامل with its type modifiers."""

    name: str = "weapon.grammar@1"

    def __call__(self, text: str) -> list[Span]:
        return list(_weapons(text)[1])


@dataclass(frozen=True)
class BareWeaponNegativeFunction:
    """``O`` on bare الأسلحة/السلاح/الغاز/المواد/العتاد/المعدات (no kind: not an entity)."""

    name: str = "weapon.bare_negative@1"

    def __call__(self, text: str) -> list[Span]:
        return list(_weapons(text)[2])


@register("weapon.lexicon@1")
def _lexicon_function() -> WeaponLexiconFunction:
    return WeaponLexiconFunction()


@register("weapon.grammar@1")
def _grammar_function() -> WeaponGrammarFunction:
    return WeaponGrammarFunction()


@register("weapon.bare_negative@1")
def _negative_function() -> BareWeaponNegativeFunction:
    return BareWeaponNegativeFunction()
