"""Broad, noisy entity labelling functions, and the negative evidence that checks them.

The precise functions (gazetteers, titles, class words: :mod:`kashif.weak.patterns`) only fire
where they are sure, so they miss most names they have never seen. The functions here look at
the *context* a name stands in instead and accept any rare word there: they find names no list
holds, and they are wrong more often. How often differs from one corpus to the next, which is
what the label model (:class:`kashif.weak.aggregate.DawidSkeneModel`) learns from their
agreement and conflicts with the other functions: where a broad function's lone votes are
usually contradicted it outvotes them, where they are not it keeps them. Majority vote counts
every vote the same and keeps them all.

"Rare" is :meth:`kashif.weak.patterns.Analysis.name_like`: a Zipf frequency below 4 in the
``wordfreq`` Arabic list, not a title, class word, month, direction or nationality adjective,
no pronoun ending (``جهته``, ``بلادهم``).

* ``heur.prep_place``: rare words after a locative preposition (``في``, ``إلى``, ``من``,
  ``قرب`` ...) -> GPE. On conflict news most are towns; on general news many are not.
* ``heur.speech_subject``: rare words right after a verb of saying (``قال``, ``أكد``, ``أضاف``
  ...) -> PER: in news prose the speaker follows the verb (``وقال جوتشولك``).
* ``heur.state_genitive``: a rare word after a noun whose genitive is usually a state
  (``حكومة``, ``عاصمة``, ``سفير``, ``شعب`` ...) -> GPE.
* ``heur.seat_place``: an unknown word glued to a locative ``ب`` right after an organisation,
  a national force or a facility (``للحرس الوطني بالعوينة``), or an unknown bare one right after
  a known place (``بجربة بميدون``) -> LOC when definite (a quarter), else GPE (a town): the seat.
* ``heur.article_form``: ``O`` on a rare word whose definite form is in common use or occurs in
  the same text (``مفاوضات`` / ``المفاوضات``): personal and foreign place names never take the
  article, so such a word is an ordinary noun or adjective (the Arabic counterpart of "a word also
  seen in lower case is no name"). Known names and first names are left alone.

Spans cover whole words (attached proclitics inside: ANNOTATION.md rule 1) and never cross
punctuation or a line break. Measured on ANERcorp train (token-exact precision against its
PER/LOC/ORG; measurement only): prep_place 0.19, speech_subject 0.68, state_genitive 0.55,
article_form 0.80 (its ``O`` votes overlap no gold entity).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kashif.text import PROCLITICS, normalize_letters
from kashif.weak.base import LabellingFunction, Span, register
from kashif.weak.patterns import (
    COMMON_ZIPF,
    Analysis,
    _feminine_plural,
    _lexicon,
    analyse,
    named_ends,
    seat_stem,
    seat_type,
)
from kashif.weak.resources import word_zipf
from kashif.weak.weapons import _head

#: a definite word rarer than this may be a place name on its own (الفلوجة)
RARE_DEFINITE_ZIPF = 3.0
#: at most this many words in one name
MAX_WORDS = 3


def _forms(words: str) -> frozenset[str]:
    return frozenset(normalize_letters(w) for w in words.split())


#: locative prepositions, alone or after a conjunction
PLACE_PREPOSITIONS = _forms("في وفي ففي إلى وإلى الى والى من ومن قرب وقرب داخل نحو ونحو عبر حتى بين أنحاء")
#: verbs of saying, whose subject (the speaker) follows them in news prose
SPEECH_VERBS = _forms("""
قال وقال فقال قالت وقالت أكد وأكد أكدت وأكدت أضاف وأضاف أضافت وأضافت صرح وصرح صرحت أعلن وأعلن أعلنت
ذكر وذكر ذكرت وذكرت أوضح وأوضح أوضحت أفاد وأفاد أفادت أشار وأشار أشارت اعتبر واعتبر رأى ورأى نفى ونفى
دعا ودعا طالب وطالب حذر وحذر يقول ويقول تقول قائلا
""")
#: nouns whose genitive is usually a state: حكومة X، عاصمة X، سفير X
STATE_GENITIVE = _forms("""
حكومة وحكومة لحكومة عاصمة وعاصمة سفير وسفير سفارة وسفارة شعب وشعب برلمان وبرلمان حدود وحدود أراضي
وأراضي سفيرة رئيس ورئيس رئيسة ملك وملك أمير جيش وجيش دولة ودولة جمهورية وجمهورية مملكة ومملكة سلطنة
إمارة ولاية مواطني ومواطني
""")


#: a possessive or object pronoun ending (جهته، موقفها، بلادهم): a noun or verb, not a name
PRONOUN_ENDINGS = ("ته", "تها", "تهم", "ها", "هم", "هما", "كم")


def _candidate(a: Analysis, i: int) -> bool:
    """Token ``i`` may be part of a name: rare (:meth:`Analysis.name_like`) and no pronoun ending."""
    return a.name_like(i) and not (len(a.words[i]) >= 4 and a.words[i].endswith(PRONOUN_ENDINGS))


def _rare_definite(a: Analysis, i: int) -> bool:
    """A definite word that is itself rare (الفلوجة, not الحكومة) and names nothing known."""
    w = a.words[i]
    return (a.kinds[i] == "word" and w.startswith("ال") and len(w) > 4 and a.gaz[i] is None
            and word_zipf().get(w, 0.0) < RARE_DEFINITE_ZIPF and not w.endswith(("ية", "يين", "يون", "ات")))


def _run(a: Analysis, j: int, definite_ok: bool = False) -> int:
    """The token after a run of up to :data:`MAX_WORDS` rare words starting at ``j`` (``j``
    when there is none); a word starting with ``و`` after the first is another name."""
    k = j
    while k < a.n and k - j < MAX_WORDS and (_candidate(a, k) or (k == j and definite_ok and _rare_definite(a, k))):
        if k > j and a.words[k].startswith("و"):
            break
        k += 1
    return k


def _after(a: Analysis, triggers: frozenset[str], typ: str, definite_ok: bool = False) -> list[Span]:
    """The rare-word run right after any trigger word, as ``typ``."""
    out: list[tuple[int, int]] = []
    pos = a.positions
    for w in triggers:
        for i in pos.get(w, ()):
            end = _run(a, i + 1, definite_ok)
            if end > i + 1:
                out.append((i + 1, end))
    return [a.span(i, j, typ) for i, j in sorted(set(out))]


@dataclass(frozen=True)
class PrepositionPlaceFunction:
    """GPE: the rare word(s) after a locative preposition (``في``, ``إلى``, ``من`` ...)."""

    name: str = "heur.prep_place@4"

    def __call__(self, text: str) -> list[Span]:
        # a sound feminine plural (في ملابسات، بين أعوان is a broken plural and stays) is a noun
        return [s for s in _after(analyse(text), PLACE_PREPOSITIONS, "GPE", definite_ok=True)
                if not _feminine_plural(normalize_letters(text[s.start:s.end].split()[0]))]


@dataclass(frozen=True)
class SpeechSubjectFunction:
    """PER: the rare word(s) right after a verb of saying (``وقال جوتشولك``)."""

    name: str = "heur.speech_subject@3"

    def __call__(self, text: str) -> list[Span]:
        return _after(analyse(text), SPEECH_VERBS, "PER")


@dataclass(frozen=True)
class StateGenitiveFunction:
    """GPE: the rare word after a noun whose genitive is usually a state (``حكومة X``)."""

    name: str = "heur.state_genitive@3"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        out = []
        for w in STATE_GENITIVE:
            for i in a.positions.get(w, ()):
                j = i + 1
                if j < a.n and (_candidate(a, j) or _rare_definite(a, j)):
                    out.append((j, j + 1))
        return [a.span(i, j, "GPE") for i, j in sorted(set(out))]


@dataclass(frozen=True)
class SeatPlaceFunction:
    """A place: a word glued to a locative ``ب`` that names no known place and that the
    frequency list does not know as written (:func:`kashif.weak.patterns.seat_type`), where a
    seat follows: right after an organisation, a national force or a facility (``للحرس الوطني
    بالعوينة``, ``المستشفى المحلي بالشبيكة``, ``للحرس الوطني بقبلي``), or -- when the name itself is
    unknown and bare -- right after a known place (``بجربة بميدون``: a place inside it). Never
    after a given name or a title (``عبد الحكيم بلحاج``: a surname with its own ب)."""

    name: str = "heur.seat_place@1"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        ends = named_ends(a)
        out = []
        glued = sorted(i for w, where in a.positions.items() if seat_stem(w) for i in where if i)
        for i in glued:  # only words with a locative ب can be seats: far fewer than all tokens
            typ = seat_type(a, i)
            if not typ or _after_given_name(a, i):
                continue
            unknown_town = typ == "GPE" and not word_zipf().get(seat_stem(a.words[i]), 0.0)
            if i in ends or (unknown_town and _after_place(a, i - 1)):
                out.append(a.span(i, i + 1, typ))
        return out


def _after_given_name(a: Analysis, i: int) -> bool:
    """A given name or a title stands right before token ``i`` (الطاهر بلخوجة, اللواء باقري)."""
    k = i - 1
    if not a.is_word(k):
        return False
    w = a.words[k]
    return a.first_names[k] is not None or "title" in a.cues[k] or "unit" in a.cues[k] \
        or (w.startswith("ال") and w[2:] in _lexicon()["first"])


def _after_place(a: Analysis, i: int) -> bool:
    """Token ``i`` ends a known place (``بجربة``)."""
    g = a.gaz[i] if a.is_word(i) else None
    return g is not None and g.label in ("GPE", "LOC") and a.gaz_end(i) == i + 1


@lru_cache(maxsize=200_000)
def _definite_forms(word: str) -> tuple[str, ...]:
    """``ال`` + the word, and + the word without each possible proclitic group (و ف ب ل ك لل
    and their combinations)."""
    out = ["ال" + word]
    for c in PROCLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            out.append("ال" + word[len(c):])
    return tuple(out)


#: a definite form at least this frequent marks an ordinary noun or adjective
ARTICLE_ZIPF = 3.0


@dataclass(frozen=True)
class ArticleFormNegativeFunction:
    """``O`` on a rare word whose definite form is common or occurs in the same text."""

    name: str = "heur.article_form@4"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        zipf = word_zipf()
        pos = a.positions
        hits = []
        for w, where in pos.items():  # each distinct word once; the cheap tests first
            if zipf.get(w, 0.0) >= COMMON_ZIPF or w.startswith("ال"):
                continue  # common or definite: never a name candidate (Analysis.name_like)
            if not any(zipf.get(d, 0.0) >= ARTICLE_ZIPF or d in pos for d in _definite_forms(w)) \
                    or not a.name_like(where[0]):
                continue
            if _head(w) is not None:
                continue  # a weapon's class noun (وذخيرة) is the weapon functions' to judge
            # a known name or first name is a name, whatever its article form
            hits.extend(i for i in where if a.gaz[i] is None and a.first_names[i] is None)
        return [a.span(i, i + 1, "O") for i in sorted(hits)]


def heuristic_functions() -> list[LabellingFunction]:
    """A fresh instance of every broad, noisy entity labelling function."""
    return [PrepositionPlaceFunction(), SpeechSubjectFunction(), StateGenitiveFunction(), SeatPlaceFunction(),
            ArticleFormNegativeFunction()]


@register("heur.prep_place@4")
def _prep_place() -> PrepositionPlaceFunction:
    return PrepositionPlaceFunction()


@register("heur.speech_subject@3")
def _speech_subject() -> SpeechSubjectFunction:
    return SpeechSubjectFunction()


@register("heur.state_genitive@3")
def _state_genitive() -> StateGenitiveFunction:
    return StateGenitiveFunction()


@register("heur.seat_place@1")
def _seat_place() -> SeatPlaceFunction:
    return SeatPlaceFunction()


@register("heur.article_form@4")
def _article_form() -> ArticleFormNegativeFunction:
    return ArticleFormNegativeFunction()
