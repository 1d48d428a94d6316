"""Gazetteers: human-editable TSV lists plus CLDR names, matched with Aho-Corasick.

A gazetteer file in ``data/gazetteers/`` has a header line ``surface<TAB>type<TAB>provenance``
and one entry per line; ``#`` starts a comment line. Every entry names where it comes from
(``domain:armed-groups``, ``seed-articles``, ``cldr:...``), so a wrong entry can be traced.

Matching runs on the normalised text (:func:`kashif.text.normalize_with_map`) once per document
and maps every hit back onto the original text, so it is blind to diacritics, tatweel, hamza
forms and ى/ي, and the offsets stay exact. A hit must be whole words, except that an attached
proclitic group (و ف ب ل ك لل ...) before it is taken into the span (ANNOTATION.md rule 1), and
that a hit inside a glued word (``سورياوالعراق``) is kept when the rest of the word is itself a
known name, joined by و where it follows.
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick

from kashif.text import PROCLITICS, is_word_char, normalize, normalize_with_map, span_to_original
from kashif.weak.base import KnownCliticSpan, Span, register
from kashif.weak.resources import cldr_cities, cldr_territories, geonames_cities, variants

log = logging.getLogger(__name__)

#: where the TSV files live; ``KASHIF_GAZETTEER_DIR`` points elsewhere (tests, other domains)
GAZETTEER_DIR = Path(os.environ.get("KASHIF_GAZETTEER_DIR") or Path(__file__).resolve().parents[2] / "data" / "gazetteers")
HEADER = ("surface", "type", "provenance")
_CLITICS = frozenset(PROCLITICS)
#: prepositions that scraped text glues to the next word (``فيالبحر الأحمر``): a name with the
#: article after one of them is still a name, the preposition outside it
_GLUED_WORDS = frozenset({"في", "من", "علي", "عن", "الي", "مع"})


class GazetteerError(ValueError):
    """A gazetteer file is missing or malformed (the message names the file and line)."""


@dataclass(frozen=True)
class Entry:
    surface: str
    type: str
    provenance: str


def load_tsv(path: str | Path, types: Iterable[str] | None = None) -> list[Entry]:
    """Entries of one gazetteer TSV file; ``types`` (when given) are the types it may use."""
    p = Path(path)
    allowed = set(types) if types is not None else None
    try:
        lines = p.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{p}: cannot read gazetteer ({exc})") from None
    out: list[Entry] = []
    header_seen = False
    for ln, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if not header_seen:
            if tuple(cols) != HEADER:
                raise GazetteerError(f"{p}:{ln}: expected the header {'<TAB>'.join(HEADER)!r}")
            header_seen = True
            continue
        if len(cols) != 3 or not all(cols):
            raise GazetteerError(f"{p}:{ln}: expected 3 non-empty tab-separated columns, got {line!r}")
        if allowed is not None and cols[1] not in allowed:
            raise GazetteerError(f"{p}:{ln}: type {cols[1]!r} not one of {sorted(allowed)}")
        out.append(Entry(*cols))
    if not header_seen:
        raise GazetteerError(f"{p}: empty gazetteer (no header line)")
    return out


@cache
def load(name: str, types: tuple[str, ...] | None = None) -> tuple[Entry, ...]:
    """The entries of ``GAZETTEER_DIR/<name>.tsv`` (cached)."""
    return tuple(load_tsv(GAZETTEER_DIR / f"{name}.tsv", types))


# ------------------------------------------------------------------------------------------
# One normalised view of a document, shared by every labelling function


#: a word (letters, digits, Latin combining marks: what normalisation leaves of a word) or one
#: visible character; the same units as :func:`kashif.text.tokenize`, without building Token
#: objects, because every labelling function walks these words on every document
_TOKEN_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036F])+|\S|\n")
_LINE_BREAK_RE = re.compile("[\n\r\u2028\u2029]")
_ARABIC_RE = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


@lru_cache(maxsize=100_000)
def _kind(w: str) -> str:
    if len(w) == 1 and not w.isalnum():
        return "punct"
    if w.isdigit():
        return "num"
    return "word" if _ARABIC_RE.search(w) else "latin"


class DocView:
    """The normalised text of a document with its offset map, and its words in normalised
    space; built once per document (see :func:`view`) and shared by all labelling functions.

    ``norm`` is :func:`kashif.text.normalize_with_map`'s text with one change of the same length:
    the space that stands for a line break is a ``\n``, so no name or date runs across a line
    (ANNOTATION.md: a line break ends a sentence). Words are parallel lists: ``starts``, ``ends``
    (offsets into ``norm``), ``words`` and ``kinds`` (``word`` Arabic, ``latin``, ``num``,
    ``punct``; a line break is a ``punct`` token)."""

    def __init__(self, text: str):
        self.text = text
        norm, self.index = normalize_with_map(text)
        breaks = sorted({q for m in _LINE_BREAK_RE.finditer(text)
                         if 0 <= (q := bisect.bisect_right(self.index, m.start()) - 1) < len(norm) and norm[q] == " "})
        if breaks:
            pieces, prev = [], 0
            for q in breaks:
                pieces += [norm[prev:q], "\n"]
                prev = q + 1
            norm = "".join(pieces) + norm[prev:]
        self.norm = norm
        matches = list(_TOKEN_RE.finditer(norm))
        self.starts: list[int] = [m.start() for m in matches]
        self.ends: list[int] = [m.end() for m in matches]
        self.words: list[str] = [m.group() for m in matches]
        self.kinds: list[str] = [_kind(w) for w in self.words]
        self.n = len(self.starts)
        self.words.append("")  # a sentinel: words[n] is always safe to read

    def span(self, start: int, end: int, typ: str) -> Span:
        """A :class:`Span` on the original text from a normalised ``[start, end)``."""
        s, e = span_to_original(self.text, self.index, start, end)
        return Span(s, e, typ)


@lru_cache(maxsize=4)
def view(text: str) -> DocView:
    """The shared :class:`DocView` of ``text`` (a small cache: the labelling functions of one
    document run one after another)."""
    return DocView(text)


# ------------------------------------------------------------------------------------------
# Aho-Corasick matching


@dataclass(frozen=True)
class Match:
    """A hit in normalised space: ``[start, end)`` includes attached proclitics, which are the
    first ``clitic`` characters."""

    start: int
    end: int
    label: str
    clitic: int


def _word_start(norm: str, i: int) -> int:
    while i > 0 and is_word_char(norm[i - 1]):
        i -= 1
    return i


def _word_end(norm: str, i: int) -> int:
    n = len(norm)
    while i < n and is_word_char(norm[i]):
        i += 1
    return i


class Matcher:
    """Whole-word, clitic- and glue-aware multi-pattern matching of names over a
    :class:`DocView`. ``entries`` are ``(surface, label)``; the first label given for a surface
    wins, so list the most trusted source first."""

    def __init__(self, entries: Iterable[tuple[str, str]]):
        self.automaton = ahocorasick.Automaton()
        self.keys: dict[str, str] = {}
        for surface, label in entries:
            for v in variants(surface):
                key = normalize(v)
                keys = [key]
                if key.startswith("ال") and len(key) > 3:
                    keys.append("لل" + key[2:])  # ل + the article: للعراق
                for k in keys:
                    if k and k not in self.keys:
                        self.keys[k] = label
                        self.automaton.add_word(k, (len(k), label))
        if self.keys:
            self.automaton.make_automaton()

    def _known_rest(self, rest: str, depth: int = 0) -> bool:
        """``rest`` (the part of a glued word after a name) is و + a known name, possibly glued
        to more of the same (``والعراقوسوريا``)."""
        if not rest.startswith("و") or depth > 3:
            return False
        rest = rest[1:]
        for j in range(len(rest), 1, -1):
            if rest[:j] in self.keys and (j == len(rest) or self._known_rest(rest[j:], depth + 1)):
                return True
        return False

    def _known_left(self, rest: str) -> bool:
        """``rest`` (the part of a glued word before a name) is a known name (after an optional
        proclitic), followed by an optional و."""
        core = rest[:-1] if rest.endswith("و") else rest
        if core in self.keys:
            return True
        return any(core.startswith(c) and core[len(c):] in self.keys for c in PROCLITICS)

    def find(self, doc: DocView) -> list[Match]:
        """Every acceptable hit, overlapping ones included."""
        norm = doc.norm
        out: list[Match] = []
        if not self.keys:
            return out
        for end_idx, (length, label) in self.automaton.iter(norm):
            end = end_idx + 1
            start = end - length
            ws = _word_start(norm, start)
            we = _word_end(norm, end)
            if we != end and not self._known_rest(norm[end:we]):
                continue
            if ws == start:
                out.append(Match(start, end, label, 0))
                continue
            prefix = norm[ws:start]
            if prefix in _CLITICS:
                out.append(Match(ws, end, label, start - ws))
            elif self._known_left(prefix) or (prefix in _GLUED_WORDS and norm.startswith("ال", start)):
                out.append(Match(start, end, label, 0))
        return out


def longest(matches: Iterable[Match]) -> list[Match]:
    """Non-overlapping hits, longest first (then leftmost), in text order."""
    chosen: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if not taken.intersection(range(m.start, m.end)):
            chosen.append(m)
            taken.update(range(m.start, m.end))
    chosen.sort(key=lambda m: m.start)
    return chosen


# ------------------------------------------------------------------------------------------
# The name gazetteers (domain TSVs + CLDR) and their labelling functions

#: files and the types each may hold, in priority order (earlier wins for the same surface)
NAME_FILES = (
    ("org", ("ORG",)),
    ("fac", ("FAC",)),
    ("loc", ("LOC",)),
    ("gpe", ("GPE",)),
    ("per", ("PER",)),
)


def name_entries() -> list[tuple[str, str]]:
    """``(surface, type)`` of every name: domain files first, then CLDR countries/regions and
    cities, GeoNames towns, then the negative entries (type ``O``) and nationality adjectives."""
    out: list[tuple[str, str]] = []
    for name, types in NAME_FILES:
        out.extend((e.surface, e.type) for e in load(name, types))
    for s, t, _ in (*cldr_territories(), *cldr_cities()):
        out.append((s, t))
        g = _hard_g_variant(s)
        if g:
            out.append((g, t))
    out.extend((s, t) for s, t, _ in geonames_cities())
    out.extend((e.surface, "O") for e in load("negatives", ("O",)))
    out.extend((form, "O") for form in nationality_forms())
    return out


#: a word at least this frequent is no foreign name whose ``غ`` may be written ``ج``
HARD_G_ZIPF = 4.5


def _hard_g_variant(surface: str) -> str | None:
    """A foreign place name's /g/ written ``ج`` (the Egyptian spelling: ``هونج كونج``,
    ``بنجلاديش``, ``شيكاجو``) where CLDR writes ``غ``. Frequent words keep their ``غ``: they are
    Arabic (``بغداد``, ``المغرب``, ``غرب``) or would turn into other words (``غرب`` -> ``جرب``)."""
    from kashif.weak.resources import word_zipf

    zipf = word_zipf()
    words = surface.split(" ")
    out = [w.replace("غ", "ج") if "غ" in w and zipf.get(normalize(w), 0.0) < HARD_G_ZIPF
           and zipf.get(normalize(w.replace("غ", "ج")), 0.0) < HARD_G_ZIPF else w for w in words]
    return " ".join(out) if out != words else None


def _adjective_forms(base: str) -> set[str]:
    """Definite and plural forms of an adjective; every word of a two-word adjective agrees
    (``كوري جنوبي`` -> الكوري الجنوبي، الكورية الجنوبية ...)."""
    words = base.split()
    forms = {" ".join("ال" + w + end for w in words) for end in ("", "ة", "ين", "ون", "ان", "تين", "تان")}
    return forms | {" ".join(w + end for w in words) for end in ("", "ين", "ون")}


@lru_cache(maxsize=1)
def nationality_forms() -> frozenset[str]:
    """Definite and plural forms of every adjective in ``nationalities.tsv`` (``سوري`` ->
    السوري، السورية، السوريين، سوريون ...): negative evidence on their own. Indefinite feminine
    forms are left out: ``سورية`` is also a name."""
    out: set[str] = set()
    for e in load("nationalities", ("NAT", "ADJ")):
        out |= _adjective_forms(e.surface)
    return frozenset(out)


#: a derived adjective whose definite form is at least this frequent is an ordinary word
#: (``المالي`` "financial"): not a state adjective by derivation alone
_DERIVED_MAX_ZIPF = 4.2


def _derived_adjective(country: str) -> str | None:
    """The regular nisba of a one-word CLDR country name: ``-يا`` -> ``-ي`` (سوريا، أوكرانيا),
    ``-ا`` -> ``-ي`` (كندا), a consonant + ``ي`` (الصومال، ميانمار، السودان); None for names
    ending in ``ة`` or ``ي`` (irregular or ambiguous: typed in ``nationalities.tsv``)."""
    w = normalize(country)
    if " " in w or len(w) < 3:
        return None
    if w.startswith("ال"):
        w = w[2:]
    if w.endswith(("ة", "ي")):
        return None
    if w.endswith("يا"):
        return w[:-1]
    if w.endswith("ا"):
        return w[:-1] + "ي"
    return w + "ي"


@lru_cache(maxsize=1)
def derived_state_adjectives() -> frozenset[str]:
    """``(nisba)`` of every one-word CLDR country (provenance ``cldr:territory:XX`` + the nisba
    rule of :func:`_derived_adjective`), so a state's army is found for any country, not only
    for those typed in ``nationalities.tsv``; frequent ordinary words are left out."""
    from kashif.weak.resources import word_zipf

    zipf = word_zipf()
    out = set()
    for surface, typ, _ in cldr_territories():
        adj = _derived_adjective(surface) if typ == "GPE" else None
        if adj and len(adj) >= 5 and zipf.get("ال" + adj, 0.0) < _DERIVED_MAX_ZIPF:  # short: too ambiguous
            out.add(adj)
    return frozenset(out)


@lru_cache(maxsize=1)
def state_adjectives() -> frozenset[str]:
    """Normalised definite forms of the adjectives that name a state (type ``NAT`` in
    ``nationalities.tsv``, and the nisbas derived from CLDR countries): the ones that stay
    inside an organisation's span (``الجيش السوري``, ANNOTATION.md rule 5)."""
    typed = [e.surface for e in load("nationalities", ("NAT", "ADJ")) if e.type == "NAT"]
    adjectives = set(typed) | derived_state_adjectives()
    return frozenset(normalize(f) for a in adjectives for f in _adjective_forms(a) if f.startswith("ال"))


#: state adjectives that are also frequent words (``المالي`` "financial"): a state adjective
#: only right after these heads (``الجيش المالي``, ``السلطات المالية``)
AMBIGUOUS_STATE_ADJECTIVES = frozenset(normalize(f) for f in _adjective_forms("مالي") if f.startswith("ال"))
AMBIGUOUS_STATE_HEADS = frozenset(normalize(w) for w in "الجيش القوات الحكومة السلطات".split())


@lru_cache(maxsize=1)
def name_matcher() -> Matcher:
    """The one automaton over every name gazetteer (built on first use)."""
    return Matcher(name_entries())


#: first words of known organisations that a following state adjective completes
#: (``هيئة الأركان المشتركة`` + ``الكورية الجنوبية``, ``الحرس الثوري`` + ``الإيراني``:
#: ANNOTATION.md rule 5, the adjective is inside the span)
GENERIC_ORG_HEADS = frozenset(normalize(w) for w in """
وزارة هيئة قيادة القيادة الجيش القوات الحكومة الشرطة البحرية الاستخبارات المخابرات جهاز مجلس الحرس
سلاح الدفاع الخارجية الداخلية رئاسة مديرية الأمن الحزب حزب الجبهة جبهة
""".split())
_NEXT_WORDS_RE = re.compile(r"[ \t]+([^\W_]+)(?:[ \t]+([^\W_]+))?")


def state_adjective_length(words: list[str]) -> int:
    """How many of ``words`` (normalised, at most two) form a state adjective: 2 for
    ``الكورية الجنوبية``, 1 for ``الروسية``, 0 for none."""
    states = state_adjectives()
    if len(words) > 1 and f"{words[0]} {words[1]}" in states:
        return 2
    return 1 if words and words[0] in states else 0


def _with_state_adjectives(norm: str, matches: list[Match]) -> list[Match]:
    """Known organisations with a generic head grown over the state adjective after them; the
    ``O`` hits on those adjectives are dropped."""
    grown: list[Match] = []
    taken: list[tuple[int, int]] = []
    for m in matches:
        if m.label == "ORG" and norm[m.start + m.clitic:m.end].split(" ", 1)[0] in GENERIC_ORG_HEADS:
            nxt = _NEXT_WORDS_RE.match(norm, m.end)
            if nxt:
                k = state_adjective_length([w for w in nxt.groups() if w])
                if k:
                    m = Match(m.start, nxt.end(k), m.label, m.clitic)
                    taken.append((m.start, m.end))
        grown.append(m)
    if not taken:
        return matches
    return [m for m in grown if not (m.label == "O" and any(a <= m.start and m.end <= b for a, b in taken))]


_CAPITAL_RE = re.compile(r" العاصمة(?![^\W_])")
#: a town's quarter or district named by a direction adjective: ``صفاقس الجنوبية``, ``القدس الشرقية``
_DIRECTION_ADJECTIVE_RE = re.compile(r" ال(?:جنوبي|شمالي|شرقي|غربي)ة?(?![^\W_])")


#: provenances of ``gpe.tsv`` that name states, not towns
_STATE_PROVENANCES = ("domain:country-variants", "domain:official-state-names")


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Normalised names of states (CLDR's, and the country spellings of ``gpe.tsv``): ``X
    الجنوبية`` after a state is a region of it, not a name."""
    states = [s for s, t, _ in cldr_territories() if t == "GPE"]
    states += [e.surface for e in load("gpe", ("GPE",)) if e.provenance in _STATE_PROVENANCES]
    return frozenset(normalize(s) for s in states)


def _with_capital_word(norm: str, matches: list[Match]) -> list[Match]:
    """A city named with its rank, as Maghrebi news names a capital after its country:
    ``تونس العاصمة``, ``بالجزائر العاصمة`` -> one GPE (the O hit on العاصمة, if any, dropped); a
    town (no country) with a direction adjective is one GPE too (``بصفاقس الجنوبية``)."""
    out: list[Match] = []
    grown_to = -1
    for m in matches:
        if m.start < grown_to:
            continue
        cap = _CAPITAL_RE.match(norm, m.end) if m.label == "GPE" else None
        if cap is None and m.label == "GPE" and norm[m.start + m.clitic:m.end] not in _countries():
            cap = _DIRECTION_ADJECTIVE_RE.match(norm, m.end)
        if cap:
            m = Match(m.start, cap.end(), m.label, m.clitic)
            grown_to = cap.end()
        out.append(m)
    return out


#: a military base in the document (``قاعدة عسكرية``, ``القاعدة الجوية``, ``قاعدة للجيش``) ...
_MILITARY_BASE_RE = re.compile(
    r"(?<![^\W\d_])[وفبل]{0,2}(?:ال)?قاعدة\s(?:ال)?(?:عسكرية|جوية|بحرية|امريكية|اميركية|روسية|تركية|للجيش|للقوات|عسكرية)")
#: ... makes a bare ``القاعدة`` shortly after it that no ``تنظيم`` introduces the base again,
#: not the organisation
_BASE_WINDOW = 300
_ORG_INTRO_RE = re.compile(r"(?:تنظيم|التنظيم|جماعة|زعيم|زعيمة|عناصر|مسلحي|مقاتلي|المرتبط|المرتبطة|فرع)\s$")


def _base_back_references(norm: str, matches: list[Match]) -> list[Match]:
    """``مخازن القاعدة`` after ``قاعدة عسكرية``: the base, so the ORG hit becomes an ``O`` vote."""
    bases = [b.end() for b in _MILITARY_BASE_RE.finditer(norm)]
    if not bases:
        return matches
    out = []
    for m in matches:
        if m.label == "ORG" and any(0 < m.start - b <= _BASE_WINDOW for b in bases) \
                and norm[m.start + m.clitic:m.end] == "القاعدة" \
                and not _ORG_INTRO_RE.search(norm, max(0, m.start - 12), m.start):
            m = Match(m.start, m.end, "O", m.clitic)
        out.append(m)
    return out


#: class words of ANNOTATION.md rule 3 that head known names in ``org.tsv`` (حركة الشباب)
#: (not قوات: ``قوات النمر``, ``قوات التحالف`` stay whole -- a force is named with its class word)
ORG_CLASS_WORDS = frozenset(normalize(w) for w in "تنظيم منظمة حركة حزب جماعة ميليشيا فصيل".split())
#: one-word rests that are no complete name on their own: ``حزب الله`` is one name,
#: ``قوات التحالف`` stays whole (ANNOTATION.md rule 3)
_NOT_NAME_ALONE = frozenset(normalize(w) for w in "الله التحالف الدولة".split())


def _without_class_word(norm: str, matches: list[Match]) -> list[Match]:
    """A known organisation written ``class word + one definite noun`` (``حركة الشباب``, ``قوات
    النمر``, ``حزب النور``) is named by the noun alone, so the span leaves the class word (and
    a proclitic on it) outside (ANNOTATION.md rule 3). Adjectives (``جماعة الحوثي``), plurals and
    :data:`_NOT_NAME_ALONE` keep it."""
    out = []
    for m in matches:
        if m.label == "ORG":
            words = norm[m.start + m.clitic:m.end].split(" ")
            rest = words[-1]
            if len(words) == 2 and words[0] in ORG_CLASS_WORDS and rest.startswith("ال") and len(rest) > 4 \
                    and rest not in _NOT_NAME_ALONE and not rest.endswith(("ي", "ية", "ين", "ون", "ات")):
                m = Match(m.end - len(rest), m.end, m.label, 0)
        out.append(m)
    return out


#: a dateline up to an opening quote: ``بغداد – «``
_DATELINE_QUOTE_RE = re.compile(r"(?:^|\n)[^\W\d_][^\n\-–—]{0,40}[-–—][ \t]*[«“\"]$")
_CLOSING_QUOTES = "»”\""


def _dateline_outlets(norm: str, matches: list[Match]) -> list[Match]:
    """A place name quoted right after a dateline's dash is the outlet the report comes from
    (``بغداد – «الشرق الأوسط»:``), so the hit is ORG, not LOC/GPE."""
    out = []
    for m in matches:
        if m.label in ("LOC", "GPE") and not m.clitic and norm[m.end:m.end + 1] in _CLOSING_QUOTES \
                and _DATELINE_QUOTE_RE.search(norm, max(0, m.start - 60), m.start):
            m = Match(m.start, m.end, "ORG", 0)
        out.append(m)
    return out


#: a place that names an agreement, a battle or a conference (``اتفاق الصخيرات``, ``معركة حطين``):
#: the place is not annotated there (data/dev decision, round 4)
_NAMED_AFTER_RE = re.compile(r"(?<![^\W\d_])[وفبل]{0,2}(?:اتفاق|اتفاقيه|اتفاقية|معاهده|معاهدة|معركه|معركة|مؤتمر|موتمر)\s$")
#: ``مسقط رأس`` "birthplace" is no Muscat
_IDIOMS = {"مسقط": re.compile(r"\sراس(?![^\W\d_])")}


#: a definite word right before a hit: ``التفتيشات الديوانية``
_DEFINITE_BEFORE_RE = re.compile(r"(?<![^\W\d_])[وفبل]{0,2}(ال[^\W\d_]{2,}) $")
#: definite nouns that a place name follows in apposition (``المدينة``, ``العاصمة``), not an adjective
_PLACE_HEADS = frozenset(normalize(w) for w in "المدينة العاصمة المملكة الجمهورية الولاية المحافظة البلدة القرية المنطقة الإمارة".split())


def _nisba_after_definite(norm: str, m: Match) -> bool:
    """A definite place name shaped like a feminine nisba right after a definite noun is the
    noun's adjective, agreeing with it, not the place: ``التفتيشات الديوانية`` "customs
    inspections" (not Diwaniyah), ``الصحف السعودية`` (a bare nationality adjective)."""
    name = norm[m.start:m.end]
    if not (name.startswith("ال") and name.endswith("ية") and " " not in name):
        return False
    before = _DEFINITE_BEFORE_RE.search(norm, max(0, m.start - 30), m.start)
    return before is not None and before.group(1) not in _PLACE_HEADS


def _not_places(norm: str, matches: list[Match]) -> list[Match]:
    """Place hits that name an event, stand in an idiom or are an adjective become ``O`` votes."""
    out = []
    for m in matches:
        if m.label in ("GPE", "LOC") and not m.clitic and (
                _NAMED_AFTER_RE.search(norm, max(0, m.start - 14), m.start)
                or ((idiom := _IDIOMS.get(norm[m.start:m.end])) and idiom.match(norm, m.end))
                or _nisba_after_definite(norm, m)):
            m = Match(m.start, m.end, "O", 0)
        out.append(m)
    return out


@lru_cache(maxsize=4)
def _resolved(text: str) -> tuple[Match, ...]:
    doc = view(text)
    matches = _with_state_adjectives(doc.norm, longest(name_matcher().find(doc)))
    matches = _dateline_outlets(doc.norm, _base_back_references(doc.norm, _not_places(doc.norm, matches)))
    return tuple(_with_capital_word(doc.norm, _without_class_word(doc.norm, matches)))


def name_matches(text: str) -> list[Match]:
    """Longest non-overlapping name-gazetteer hits in ``text`` (cached per document)."""
    return list(_resolved(text))


@dataclass(frozen=True)
class GazetteerFunction:
    """Votes for the gazetteer hits of some types (the hits are resolved across all name
    gazetteers first, so a country inside a longer name, ``سجن الصين``, is not a vote)."""

    name: str
    types: tuple[str, ...]

    def __call__(self, text: str) -> list[Span]:
        doc = view(text)
        out = []
        for m in name_matches(text):
            if m.label in self.types:
                sp = doc.span(m.start, m.end, m.label)
                out.append(KnownCliticSpan(sp.start, sp.end, sp.type, m.clitic or None) if m.clitic else sp)
        return out


@register("gazetteer.gpe@4")
def gpe_function() -> GazetteerFunction:
    return GazetteerFunction("gazetteer.gpe@4", ("GPE",))


@register("gazetteer.loc@4")
def loc_function() -> GazetteerFunction:
    return GazetteerFunction("gazetteer.loc@4", ("LOC", "FAC"))


@register("gazetteer.org@3")
def org_function() -> GazetteerFunction:
    return GazetteerFunction("gazetteer.org@3", ("ORG",))


@register("gazetteer.per@2")
def per_function() -> GazetteerFunction:
    return GazetteerFunction("gazetteer.per@2", ("PER",))


@register("gazetteer.negative@4")
def negative_function() -> GazetteerFunction:
    """Back-references, generic descriptions and bare nationality adjectives: ``O`` votes."""
    return GazetteerFunction("gazetteer.negative@4", ("O",))
