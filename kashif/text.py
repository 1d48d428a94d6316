"""Arabic text handling: word tokens, sentences and letter normalisation, all with offsets.

Every function here is pure and keeps code-point offsets into the *original* text, because
the annotation contract (ANNOTATION.md) measures every span on the text exactly as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: Arabic diacritics (harakat, shadda, sukun, dagger alif, Quranic marks) and the tatweel.
DIACRITICS_RE = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
SENTENCE_END = frozenset(".!?؟\n")
_LETTER_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})
# Matching may also fold digits; these have the same length, so offsets are unchanged.
_DIGIT_MAP = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
#: one group of attached proclitics (ANNOTATION.md): conjunction, then a preposition or لل.
PROCLITICS = ("ولل", "فلل", "لل", "وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
AD_MARKER_RE = re.compile(r"\[ad_\d+\]")


@lru_cache(maxsize=4096)
def is_word_char(ch: str) -> bool:
    """Letters, combining marks and digits (Unicode L*, M*, N*): what a word is made of."""
    return unicodedata.category(ch)[0] in "LMN"


def is_arabic_char(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06FF" or "\u0750" <= ch <= "\u077F" or "\u08A0" <= ch <= "\u08FF" \
        or "\uFB50" <= ch <= "\uFDFF" or "\uFE70" <= ch <= "\uFEFF"


def has_arabic(text: str) -> bool:
    """True when ``text`` holds at least one Arabic-script letter."""
    return any(is_arabic_char(c) for c in text)


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark: ``text[start:end] == token.text``."""

    start: int
    end: int
    text: str
    kind: str  # "word" (Arabic), "latin", "num", "punct", "marker"

    @property
    def is_word(self) -> bool:
        return self.kind in ("word", "latin", "num")


@lru_cache(maxsize=65536)
def token_kind(word: str) -> str:
    """The kind of a word token: "num", "word" (Arabic script) or "latin"."""
    if all(unicodedata.category(c)[0] == "N" for c in word):
        return "num"
    if any(is_arabic_char(c) for c in word):
        return "word"
    return "latin"


# \w misses combining marks, so Arabic diacritics and Latin combining accents are added.
_MARKS = "\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u08D3-\u08FF"
TOKEN_RE = re.compile(rf"(?P<marker>\[ad_\d+\])|(?P<word>(?:[^\W_]|[{_MARKS}])+)|\S", re.UNICODE)


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets into ``text``.

    A word is a maximal run of letters, marks and digits (so diacritics, tatweel, the era
    marker in ``2014م`` and glued words stay inside it, as the span rules need); every other
    visible character is a one-character punctuation token; scraping markers like ``[ad_1]``
    are one ``marker`` token; white space, zero-width and direction marks are skipped.
    """
    out: list[Token] = []
    append = out.append
    for m in TOKEN_RE.finditer(text):
        s = m.group()
        group = m.lastgroup
        if group == "word" or (group is None and is_word_char(s)):  # (a mark outside _MARKS)
            append(Token(m.start(), m.end(), s, token_kind(s)))
        elif group == "marker":
            append(Token(m.start(), m.end(), s, "marker"))
        elif unicodedata.category(s)[0] != "C":  # skip format chars: ZWJ, ZWNJ, RLM, BOM ...
            append(Token(m.start(), m.end(), s, "punct"))
    return out


_SENTENCE_END_CHAR_RE = re.compile("[" + re.escape("".join(sorted(SENTENCE_END))) + "]")


def sentence_ids(text: str, protected: list[tuple[int, int]] | tuple = ()) -> list[int]:
    """Sentence number of every character (plus one past the end). A sentence ends at
    ``. ! ? ؟`` or a line break; such characters inside a ``protected`` span (an entity) do not
    end one. This is exactly the rule the validator applies to relations."""
    n = len(text)
    ends = np.fromiter((m.start() for m in _SENTENCE_END_CHAR_RE.finditer(text)), dtype=np.int64)
    if len(ends) and len(protected):
        inside = np.zeros(n + 1, dtype=np.int64)  # +1 at a span's start, -1 at its end
        for s, e in protected:
            s, e = max(0, s), max(0, min(n, e))
            if s < e:
                inside[s] += 1
                inside[e] -= 1
        ends = ends[np.cumsum(inside)[ends] == 0]
    step = np.zeros(n + 1, dtype=np.int64)
    np.add.at(step, ends + 1, 1)  # a sentence end belongs to its sentence; the next one starts after it
    return np.cumsum(step).tolist()


def sentences(text: str, protected: list[tuple[int, int]] | tuple = ()) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` ranges of the sentences that hold at least one visible
    character, trimmed of surrounding white space; the end mark stays inside its sentence."""
    inside = bytearray(len(text))
    for s, e in protected:
        for i in range(max(0, s), min(len(text), e)):
            inside[i] = 1
    out = []
    start = 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END and not inside[i]:
            out.append((start, i if ch == "\n" else i + 1))
            start = i + 1
    out.append((start, len(text)))
    trimmed = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e and any(not unicodedata.category(c).startswith(("Z", "C", "P")) for c in text[s:e]):
            trimmed.append((s, e))
    return trimmed


# What normalisation removes or folds: diacritics, tatweel, format characters (zero-width and
# direction marks, BOM) and runs of white space.
_DROP = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF"
_DROP_OR_SPACE_RE = re.compile(rf"\s*[{_DROP}][{_DROP}\s]*|\s\s+|[^\S ]")


def normalize_with_map(text: str, fold_digits: bool = True) -> tuple[str, list[int]]:
    """Letters normalised for matching, with the original index of every kept character.

    أ إ آ ٱ -> ا, ى -> ي, diacritics, tatweel and zero-width/direction marks removed, every run of
    white space (no-break space too) folded into one space, Arabic-Indic digits -> 0-9 when
    ``fold_digits``. Returns ``(norm, index)`` with ``len(index) == len(norm) + 1``;
    ``index[-1] == len(text)``. Map a span back with :func:`span_to_original`.
    """
    parts: list[str] = []
    index: list[int] = []
    prev = 0
    last_space = False
    for m in _DROP_OR_SPACE_RE.finditer(text):
        s, e = m.span()
        if s > prev:
            parts.append(text[prev:s])
            index.extend(range(prev, s))
            last_space = False
        seg = m.group()
        if seg[0].isspace() or any(c.isspace() for c in seg):
            if not last_space:
                parts.append(" ")
                index.append(s + next(i for i, c in enumerate(seg) if c.isspace()))
                last_space = True
        prev = e
    if prev < len(text):
        parts.append(text[prev:])
        index.extend(range(prev, len(text)))
    index.append(len(text))
    norm = "".join(parts).translate(_LETTER_MAP)
    if fold_digits:
        norm = norm.translate(_DIGIT_MAP)
    return norm, index


def span_to_original(text: str, index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map the normalised span ``[start, end)`` back onto ``text``: the span ends after its last
    kept character plus any diacritics or tatweel attached to it, so it stays word-aligned."""
    s = index[start]
    e = index[end - 1] + 1
    # diacritics or tatweel that open the word (a stray mark after a space) belong to it too
    b = s
    while b > 0 and DIACRITICS_RE.match(text[b - 1]):
        b -= 1
    if b < s and (b == 0 or not is_word_char(text[b - 1])):
        s = b
    while e < len(text) and DIACRITICS_RE.match(text[e]):
        e += 1
    return s, e


def normalize(text: str) -> str:
    """The matching form of ``text`` (see :func:`normalize_with_map`) without the map."""
    return normalize_with_map(text)[0]


def normalize_letters(text: str) -> str:
    """ANNOTATION.md letter normalisation: أ إ آ -> ا, ى -> ي, diacritics and tatweel removed,
    white space folded; ة and the digits kept as written."""
    s = DIACRITICS_RE.sub("", text).translate(_LETTER_MAP)
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", s).strip()


@lru_cache(maxsize=65536)
def make_norm(surface: str, clitic_len: int | None = None) -> str:
    """The ``norm`` of a mention (ANNOTATION.md): attached proclitics removed (``لل`` -> ``ال``),
    letters normalised, white space folded. ``clitic_len`` is the number of leading characters
    known to be proclitics (a gazetteer knows where the name starts); without it only
    proclitics before the article are removed, which is never wrong."""
    s = surface
    if clitic_len is None:
        clean = normalize_letters(s)
        for p in ("ولل", "فلل", "لل"):
            if clean.startswith(p) and len(clean) > len(p) + 1:
                return "ال" + clean[len(p):]
        for p in ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال"):
            if clean.startswith(p) and len(clean) > len(p) + 1:
                return clean[len(p) - 2:]
        return clean
    prefix, rest = s[:clitic_len], s[clitic_len:]
    rest_n = normalize_letters(rest)
    if prefix.endswith("ل") and rest_n.startswith("ل") and not rest_n.startswith("ال"):
        # لل: the second lam is the article's, its alif dropped after the preposition ل
        return "ا" + rest_n
    return rest_n
