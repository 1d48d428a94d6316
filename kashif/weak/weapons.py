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
import re
from dataclasses import dataclass
from functools import lru_cache

from kashif.text import normalize_letters
from kashif.weak.base import Span, register
from kashif.weak.gazetteer import Matcher, load, longest, name_matches, view
from kashif.weak.patterns import SERVICE_ARMS, Analysis, _norm_set, _readings, _word_at, analyse
from kashif.weak.resources import word_zipf

#: class nouns: a weapon with or without a modifier
CLASS_NOUNS = _norm_set("""
قذائف قذيفة قنابل قنبلة بنادق بندقية صواريخ صاروخ ذخيرة ذخائر مدفعية مدافع مدفع راجمات راجمة ألغام لغم
متفجرات مسدسات مسدس رشاشات رشاش طوربيدات طوربيد هاون خرطوشة خراطيش
صاروخا مدفعا لغما رشاشا مسدسا طوربيدا
صاروخين صاروخان قذيفتين قذيفتان قنبلتين قنبلتان لغمين لغمان مدفعين مدفعان
إطلاقة إطلاقات
""")
#: detonators (صاعقة، صواعق) are a weapon when counted (``156 صاعقة``) or typed (``صواعق كهربائية``):
#: alone the word is a thunderbolt
DETONATORS = _norm_set("صاعقة صواعق")
#: (the dual, ``أسقطت 36 مسيرة وصاروخين``, is a class noun like the singular)
#: the singular in the accusative (``أطلقت صاروخا باليستيا``) is a class noun too
#: heads that are a weapon only with a type modifier
NEEDS_TYPE = _norm_set("""
أسلحة سلاح مواد مادة عوامل عبوات عبوة أحزمة حزام حزاما أجهزة جهاز جهازا غاز غازات رمانة رمانات
""")
#: vehicles that are a munition only when rigged with explosives (سيارة مفخخة: a car bomb)
VEHICLES = _norm_set("سيارة سيارات سيارتين شاحنة شاحنات دراجة دراجات عربة عربات")
RIGGED = _norm_set("مفخخة مفخخ مفخخا مفخختين مفخختان ملغمة ملغومة")
#: of those, the ones whose bare form is a vote against an entity
BARE_NEGATIVE = _norm_set("أسلحة سلاح مواد غاز عتاد معدات")
#: heads that take only a chemical/toxic or explosive modifier (مواد سامة, عبوات ناسفة)
CHEMICAL_ONLY = _norm_set("مواد مادة عوامل غاز غازات")
EXPLOSIVE_ONLY = _norm_set("عبوات عبوة أحزمة حزام حزاما أجهزة جهاز جهازا")
#: one-word type modifiers (without the article; the article and و are allowed before them)
CHEMICAL = _norm_set("""
كيميائية كيماوية كيمياوية كيميائي كيماوي كيمياوي سامة سام سمية بيولوجية بيولوجي جرثومية جرثومي نووية
نووي مشعة إشعاعية كلور خردل سارين أعصاب
""")
EXPLOSIVE = _norm_set("ناسفة ناسف ناسفا متفجرة متفجر متفجرا مرتجلة مفخخة مفخخا")
TYPES = CHEMICAL | EXPLOSIVE | _norm_set("""
عنقودية عنقودي فوسفورية فوسفوري حارقة حارق موجهة موجه ذكية ذكي هاون مدفعية صاروخية صاروخي باليستية باليستي
بالستية بالستي تقليدية تقليدي خفيفة خفيف ثقيلة ثقيل متوسطة متوسط فتاكة فتاك قناصة قناص آلية آلي رشاشة رشاش
مضادة دمار
باليستيا بالستيا موجها صاروخيا مضادا يدوية يدوي انزلاقية انزلاقي مجنحة مجنح جوالة جوال كروز فراغية فراغي
ارتجاجية ارتجاجي حرارية حراري دخانية دخاني ضوئية ضوئي انشطارية انشطاري
آليا يدويا صيد نارية ناري ناريا
جماعي جماعية فردي فردية ليزر كهربائية كهربائي
""")
#: (أسلحة فردية "small arms", سلاح جماعي "a crew-served weapon", سلاح الليزر, صواعق كهربائية)
#: إلى and على normalise to الي / علي, which would read as the type آلي "automatic"
_PREPOSITIONS = frozenset({"الي", "علي"})
_ANTI = ("للدروع", "للطائرات", "للدبابات", "للطيران", "للسفن")
#: multi-word type modifiers: first word -> continuations (normalised: المدى -> المدي)
PHRASES = {
    "الدمار": ("الشامل",),
    "دمار": ("شامل",),
    "الحرب": ("الكيميائية", "الكيماوية", "الكيمياوية", "البيولوجية"),
    "غير": ("تقليدية", "التقليدية", "نووية", "النووية", "تقليدي", "التقليدي", "نووي", "النووي"),
    "مضادة": _ANTI,
    "مضاد": _ANTI,
    "مضادا": _ANTI,
    "المضادة": _ANTI,
    "المضاد": _ANTI,
    **dict.fromkeys(("عابرة", "عابر", "عابرا", "العابرة", "العابر"), ("للقارات",)),
    **dict.fromkeys(("قصيرة", "قصير", "متوسطة", "متوسط", "بعيدة", "بعيد", "طويلة", "طويل", "القصيرة",
                     "القصير", "المتوسطة", "المتوسط", "البعيدة", "البعيد", "الطويلة", "الطويل"), ("المدي",)),
    **dict.fromkeys(("شديدة", "شديد", "الشديدة", "الشديد"), ("الانفجار",)),
    **dict.fromkeys(("مسيلة", "المسيلة"), ("للدموع",)),
    **dict.fromkeys(("يدوية", "يدوي", "محلية", "محلي"), ("الصنع",)),
    **dict.fromkeys(("موجهة", "الموجهة", "موجه", "الموجه"), ("بالليزر",)),
    **dict.fromkeys(("خارقة", "الخارقة"), ("للتحصينات", "للدروع")),
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


_ALL_HEADS = CLASS_NOUNS | NEEDS_TYPE | BARE_NEGATIVE | VEHICLES | DETONATORS
#: heads that keep their meaning with a possessive suffix (مدافعه is "its defender")
POSSESSIVE_HEADS = _norm_set("أسلحة سلاح صواريخ قذائف قنابل ذخائر ذخيرة عبوات متفجرات حزام أحزمة")
_HEAD_TAILS = frozenset(h[-3:] for h in _ALL_HEADS)
#: possessive suffixes a head noun may carry (أسلحتها النووية، صواريخه)
_POSSESSIVE = ("هما", "هم", "ها", "ه")


def _unsuffixed(word: str) -> str | None:
    """``word`` without a possessive suffix, ``ت`` back to ``ة`` (أسلحتها -> أسلحة)."""
    for suffix in _POSSESSIVE:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            return stem[:-1] + "ة" if stem.endswith("ت") else stem
    return None


@lru_cache(maxsize=200_000)
def _head(word: str) -> tuple[bool, frozenset[str] | None, bool] | None:
    """``(needs_type, allowed_modifiers, bare_is_negative)`` when ``word`` is a weapon head
    noun (or a bare negative one, with ``allowed_modifiers`` None), possibly with a possessive
    suffix; cached per word."""
    if word[-3:] not in _HEAD_TAILS:  # a cheap test first: most words end unlike any head
        bare = _unsuffixed(word)
        if bare is None or bare[-3:] not in _HEAD_TAILS:
            return None
    forms = _bare(word)
    if forms.isdisjoint(_ALL_HEADS) and (bare := _unsuffixed(word)):
        forms = _bare(bare) & POSSESSIVE_HEADS
    negative = not forms.isdisjoint(BARE_NEGATIVE)
    if not forms.isdisjoint(CLASS_NOUNS):
        return False, TYPES, False
    if not forms.isdisjoint(VEHICLES):
        return True, RIGGED, False
    if not forms.isdisjoint(DETONATORS):
        return True, TYPES, False
    if not forms.isdisjoint(NEEDS_TYPE):
        if not forms.isdisjoint(CHEMICAL_ONLY):
            return True, CHEMICAL, negative
        if not forms.isdisjoint(EXPLOSIVE_ONLY):
            return True, EXPLOSIVE, negative
        return True, TYPES, negative
    return (True, None, True) if negative else None


def _counted(a: Analysis, i: int) -> bool:
    """A number stands right before token ``i`` (``156 صاعقة``, ``و85 صاعقة``)."""
    return i > 0 and a.words[i - 1][-1:].isdigit()


#: a firearm's head noun that its model's name may follow (سلاح شطاير)
FIREARM = _norm_set("سلاح")
#: a model's transliterated name is rarer than this as a word
MODEL_ZIPF = 2.5


def _model_after_weapon(a: Analysis, i: int) -> bool:
    """Token ``i`` is سلاح and the next word an unknown transliterated name: indefinite, no
    feminine or nisba ending (an adjective agrees: سلاح خطير), very rare, no known name."""
    k = i + 1
    if not a.is_word(k) or a.kinds[k] != "word" or _bare(a.words[i]).isdisjoint(FIREARM) or a.gaz[k] is not None:
        return False
    w = a.words[k]
    return not w.startswith(("ال", "و")) and not w.endswith(("ة", "ي", "ا")) and len(w) >= 3 \
        and _zipf(w) < MODEL_ZIPF and _head(w) is None


def _modifier(a: Analysis, k: int, allowed: frozenset[str], first: bool) -> int:
    """The token after the type modifier that starts at ``k`` (``k`` when there is none); a
    modifier joined by و only coordinates with an earlier one (الكيميائية والبيولوجية), so
    ``الغاز والكلور`` stays two words."""
    if not a.is_word(k):
        return k
    w = a.words[k]
    if (first and w.startswith("و")) or w in _PREPOSITIONS:
        return k
    for first_word in (w, w[1:] if w.startswith("و") else w):
        if first_word in PHRASES:
            if a.is_word(k + 1) and a.words[k + 1] in PHRASES[first_word]:
                return k + 2
            if a.words[k + 1] == "-" and a.is_word(k + 2) and a.words[k + 2] in PHRASES[first_word]:
                return k + 3  # أرض-أرض
    if w in allowed or not _bare(w).isdisjoint(allowed):  # (آليا normalises to اليا: no article)
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
        if j == i + 1 and _model_after_weapon(a, i):
            j = i + 2  # سلاح شطاير: a firearm and its model's unknown name, one WEAPON (data/dev decision)
        if j == i + 1 and needs and not (_counted(a, i) and not _bare(a.words[i]).isdisjoint(DETONATORS)):
            if negative and a.words[i + 1] not in SERVICE_ARMS:  # سلاح الجو: an air force
                bare.append(i)
            continue  # (156 صاعقة: counted detonators need no type)
        found.append((i, j))
        free = j  # the modifiers are not heads themselves (قذائف هاون)
    return found, bare


#: ``من طراز X`` / ``من نوع X``: X is a model name when a weapon or a weapon system precedes
#: it
MODEL_CUES = _norm_set("طراز نوع")
#: (not drones or aircraft: platforms are not entities, so ``طائرة مسيرة من طراز MQ-9`` is none)
SYSTEMS = _norm_set("منظومة منظومات منظومتي رشقة رشقات")
#: a treaty named after the weapons it bans: ``اتفاقية حظر الأسلحة الكيميائية`` is a name, the
#: weapons inside it are not a mention (ANNOTATION.md: only the outermost name is annotated)
TREATY = _norm_set("اتفاقية معاهدة اتفاق")
TREATY_OBJECT = _norm_set("حظر منع عدم انتشار")
_QUOTES = frozenset("“”\"«»'‘’„")


def _model_name(a: Analysis, k: int) -> tuple[int, int] | None:
    """The model name that starts at token ``k`` (after ``من طراز``): quoted words, or Latin
    letters, digits and rare words joined by hyphens (``هواسونغ-18``, ``M75``, ``بانتسير``)."""
    n = a.n
    if k < n and a.words[k] in _QUOTES:
        e = k + 1
        while e < n and e - k <= 5 and a.words[e] not in _QUOTES and (a.kinds[e] != "punct" or a.words[e] == "-"):
            e += 1
        return (k + 1, e) if e > k + 1 and e < n and a.words[e] in _QUOTES and a.words[e - 1] != "-" else None
    e = k
    while e < n and e - k < 4:
        kind, w = a.kinds[e], a.words[e]
        # شاهد-136; a common word is a family name before its variant number too (بركان 1)
        hyphenated = (e + 2 < n and a.words[e + 1] == "-" and a.kinds[e + 2] == "num") \
            or (e == k and e + 1 < n and a.kinds[e + 1] == "num")
        if kind in ("latin", "num") or (kind == "word" and not w.startswith(("ال", "و")) and a.gaz[e] is None
                                        and (_zipf(w) < 3.6 or hyphenated)):
            e += 1
        elif w == "-" and e > k and e + 1 < n and a.kinds[e + 1] in ("latin", "num", "word"):
            e += 1
        else:
            break
    while e > k and a.words[e - 1] == "-":
        e -= 1
    return (k, e) if e > k else None


@lru_cache(maxsize=1)
def model_short_names() -> frozenset[str]:
    """Family names of the lexicon's models with a variant code (``شاهد`` of ``شاهد-136``):
    after ``من طراز`` the family name alone still names the model."""
    out = set()
    for e in load("weapons", ("AGENT", "MODEL")):
        if e.type != "MODEL":
            continue
        parts = normalize_letters(e.surface).replace("-", " ").split()
        # a family name and a variant code (شاهد-136, فاتح-110, تور-M1), not a noun phrase
        variant = any(ch.isdigit() or ch.isascii() and ch.isalpha() for p in parts[1:] for ch in p)
        if variant and len(parts[0]) >= 3 and not parts[0].isdigit() and _head(parts[0]) is None \
                and parts[0] not in SYSTEMS:
            out.add(parts[0])
    return frozenset(out)


def _models(a: Analysis, ends: set[int]) -> list[tuple[int, int]]:
    """Model names after ``من طراز`` / ``من نوع`` when a weapon ends (``ends``: the token after
    each weapon) or a weapon system stands at most four tokens before, or when the name is the
    short form of a lexicon model (``الطائرات المسيرة من طراز شاهد``)."""
    out = []
    for k in sorted(k for w in MODEL_CUES for k in a.positions.get(w, ()) if k):
        cue = k - 1 if a.words[k - 1] == "من" else k
        if k + 1 < a.n and a.words[k + 1] in model_short_names() \
                and not (k + 2 < a.n and a.words[k + 2] == "-"):
            out.append((k + 1, k + 2))
            continue
        if not any(cue - d in ends or (cue - d >= 0 and not _bare(a.words[cue - d]).isdisjoint(SYSTEMS))
                   for d in range(0, 5)):
            continue
        m = _model_name(a, k + 1)
        if m:
            out.append(m)
    return out


_DESIGNATION = re.compile(r"^[A-Z]{1,5}(?:-?[0-9]{1,4}[A-Z]{0,3})?$")
#: a calibre after a class noun belongs to the weapon: ``خرطوشة عيار 7.62 مم``
CALIBRE = _norm_set("عيار")
CALIBRE_UNITS = _norm_set("مم ملم مليمتر ميليمتر ملليمتر")
#: cartridge cases are ammunition only with their calibre (``20 ظرف عيار 5.56 مم``)
CALIBRE_HEADS = _norm_set("ظرف ظروف أظرف")


def _calibre_end(a: Analysis, j: int) -> int:
    """The end of a weapon that ends at token ``j``, taking a calibre written after it
    (``عيار 7.62 مم``, ``عيار 12``): ``عيار``, a number (with its decimal part) and a unit."""
    if _word_at(a, j) not in CALIBRE or j + 1 >= a.n or a.kinds[j + 1] != "num":
        return j
    e = j + 2
    if e + 1 < a.n and a.words[e] in ".,،" and a.kinds[e + 1] == "num":
        e += 2
    return e + 1 if _word_at(a, e) in CALIBRE_UNITS else e


def _designation_end(a: Analysis, j: int) -> int:
    """The end of a weapon whose class noun ends at token ``j``, taking a Latin model
    designation written right after it (``صواريخ M-75``, ``قذائف RPG-7``, ``بندقية AK-47``):
    capitals with digits, joined by a hyphen or not. A Latin word without a digit (``صواريخ
    Tomahawk``) is left to the lexicon."""
    if j >= a.n or a.kinds[j] != "latin":
        return j
    m = _model_name(a, j)
    if m is None:
        return j
    text = "".join(a.words[k] for k in range(*m))
    return m[1] if _DESIGNATION.match(text) and any(ch.isdigit() for ch in text) else j


def _acronyms(a: Analysis, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``WEAPON (ACRONYM)``: a short bracketed form right after a weapon is a WEAPON too
    (``قذائف صاروخية (آر بي جي)``, ``الأجهزة المتفجرة المرتجلة (IED)``)."""
    out = []
    for _, j in ranges:
        if j < a.n and a.words[j] == "(":
            k = j + 1
            while k < a.n and k - j <= 3 and a.kinds[k] in ("latin", "word", "num") \
                    and (a.kinds[k] != "word" or len(a.words[k]) <= 3):
                k += 1
            if k > j + 1 and k < a.n and a.words[k] == ")":
                out.append((j + 1, k))
    return out


def _listed_models(a: Analysis, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``سلاح "كلاشينكوف" و"مزراق" و"بنلي"``: quoted names coordinated with a quoted weapon are
    models of the same list (each without its quotes, as the quoted model itself)."""
    out = []
    for i, j in ranges:
        if not (i > 0 and a.words[i - 1] in _QUOTES and _word_at(a, j) in _QUOTES):
            continue
        k = j + 1  # after the closing quote
        while _word_at(a, k) == "و" and (m := _model_name(a, k + 1)) and k + 1 < a.n and a.words[k + 1] in _QUOTES:
            out.append(m)
            k = m[1] + 1
    return out


def _in_treaty(a: Analysis, i: int) -> bool:
    """The weapon at token ``i`` names a treaty (``اتفاقية حظر الأسلحة الكيميائية``,
    ``اتفاقية الأسلحة الكيميائية``, ``معاهدة عدم انتشار الأسلحة النووية``)."""
    k = i - 1
    while k >= 0 and k >= i - 2 and a.words[k] in TREATY_OBJECT:
        k -= 1
    return k >= 0 and not _bare(a.words[k]).isdisjoint(TREATY)


def _zipf(word: str) -> float:
    return word_zipf().get(word, 0.0)


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
    for k in _spelling_tokens(text):  # a model spelled otherwise joins its class noun: سلاح كلاشنكوف
        lexicon_starts.setdefault(k, k + 1)
    found, bare = _weapon_heads(a, lexicon_starts)
    found = [(i, _calibre_end(a, _designation_end(a, j))) for i, j in found]
    found += [(i, e) for w in CALIBRE_HEADS & a.positions.keys() for i in a.positions[w]
              if (e := _calibre_end(a, i + 1)) > i + 1]
    lex = [m for m in lex if not _in_treaty(a, bisect.bisect_left(a.starts, m.start))]
    found = [(i, j) for i, j in found if not _in_treaty(a, i)]
    lex_ranges = [(i, j) for i, j in lexicon_starts.items()]
    ends = {j for _, j in found + lex_ranges}
    taken = {t for i, j in found + lex_ranges for t in range(i, j)}
    extra = [r for r in _models(a, ends) + _acronyms(a, found + lex_ranges) + _listed_models(a, found + lex_ranges)
             if not taken.intersection(range(*r))]
    found = sorted(found + extra)
    grammar = tuple(a.span(i, j, "WEAPON") for i, j in found if not inside_org[a.starts[i]])
    negative = tuple(a.span(i, i + 1, "O") for i in bare if not inside_org[a.starts[i]])
    lexicon = tuple(doc.span(m.start, m.end, "WEAPON") for m in lex if not inside_org[m.start])
    return lexicon, grammar, negative


@dataclass(frozen=True)
class WeaponLexiconFunction:
    """WEAPON for toxic agents and model names from the weapon lexicon."""

    name: str = "weapon.lexicon@2"

    def __call__(self, text: str) -> list[Span]:
        return list(_weapons(text)[0])


@dataclass(frozen=True)
class WeaponGrammarFunction:
    """WEAPON for a class noun or a typed أسلحة/سلاح/مواد/عوامل with its type modifiers."""

    name: str = "weapon.grammar@6"

    def __call__(self, text: str) -> list[Span]:
        return list(_weapons(text)[1])


@dataclass(frozen=True)
class BareWeaponNegativeFunction:
    """``O`` on bare الأسلحة/السلاح/الغاز/المواد/العتاد/المعدات (no kind: not an entity)."""

    name: str = "weapon.bare_negative@2"

    def __call__(self, text: str) -> list[Span]:
        return list(_weapons(text)[2])


#: long vowels that transliterations of foreign model names add or drop (كلاشنيكوف، كلاشينكوف، كلاشنكوف)
_VOWELS = str.maketrans("", "", "اوي")


def _skeleton(word: str) -> str:
    """A word's letters without its inner long vowels (the first letter kept as written)."""
    return word[:1] + word[1:].translate(_VOWELS)


@lru_cache(maxsize=1)
def _model_skeletons() -> tuple[frozenset[str], frozenset[str]]:
    """Skeletons of the one-word Arabic-script model names of the lexicon (five letters or more:
    shorter ones meet ordinary words), and the names as written (without the article)."""
    skeletons, written = set(), set()
    for e in load("weapons", ("AGENT", "MODEL")):
        if e.type != "MODEL":
            continue
        w = normalize_letters(e.surface)
        w = w[2:] if w.startswith("ال") else w
        if " " not in w and len(_skeleton(w)) >= 5 and not w.isascii():
            skeletons.add(_skeleton(w))
            written.add(w)
    return frozenset(skeletons), frozenset(written)


@dataclass(frozen=True)
class ModelSpellingFunction:
    """WEAPON for another spelling of a one-word model name of the lexicon: transliterations add
    or drop long vowels (``كلاشنكوف``, ``كلاشينكوف`` for ``كلاشنيكوف``). A common word or a name
    the gazetteers know is never one."""

    name: str = "weapon.model_spelling@1"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        return [a.span(k, k + 1, "WEAPON") for k in _spelling_tokens(text)]


@lru_cache(maxsize=4)
def _spelling_tokens(text: str) -> tuple[int, ...]:
    """Tokens of ``text`` that spell a one-word model name of the lexicon otherwise."""
    a = analyse(text)
    skeletons, written = _model_skeletons()
    out: list[int] = []
    for word, positions in a.positions.items():
        if word_zipf().get(word, 0.0) >= 3.0:
            continue
        for _, stem in _readings(word):
            bare = stem[2:] if stem.startswith("ال") else stem
            if len(bare) >= 5 and bare not in written and _skeleton(bare) in skeletons:
                out += [k for k in positions if a.gaz[k] is None]
                break
    return tuple(sorted(out))


@register("weapon.lexicon@2")
def _lexicon_function() -> WeaponLexiconFunction:
    return WeaponLexiconFunction()


@register("weapon.grammar@6")
def _grammar_function() -> WeaponGrammarFunction:
    return WeaponGrammarFunction()


@register("weapon.model_spelling@1")
def _spelling_function() -> ModelSpellingFunction:
    return ModelSpellingFunction()


@register("weapon.bare_negative@2")
def _negative_function() -> BareWeaponNegativeFunction:
    return BareWeaponNegativeFunction()
