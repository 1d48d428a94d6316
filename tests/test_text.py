"""kashif.text: tokens, sentences and normalisation on hand-written Arabic, plus property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kashif.text import (
    is_arabic_char,
    is_word_char,
    make_norm,
    normalize,
    normalize_letters,
    normalize_with_map,
    sentence_ids,
    sentences,
    span_to_original,
    tokenize,
)


def toks(text: str) -> list[tuple[int, int, str, str]]:
    return [(t.start, t.end, t.text, t.kind) for t in tokenize(text)]


# ---------------------------------------------------------------------------------- tokenize


def test_tokenize_keeps_diacritics_and_tatweel_inside_words():
    assert toks("قالَ المتحدثُ كـــتب") == [
        (0, 4, "قالَ", "word"),
        (5, 13, "المتحدثُ", "word"),
        (14, 20, "كـــتب", "word"),
    ]


def test_tokenize_digits_latin_and_era_marker():
    assert toks("في ١٥ أبريل 2017 قالت ISIS-K عام 2014م") == [
        (0, 2, "في", "word"),
        (3, 5, "١٥", "num"),
        (6, 11, "أبريل", "word"),
        (12, 16, "2017", "num"),
        (17, 21, "قالت", "word"),
        (22, 26, "ISIS", "latin"),
        (26, 27, "-", "punct"),
        (27, 28, "K", "latin"),
        (29, 32, "عام", "word"),
        (33, 38, "2014م", "word"),  # the era marker stays on its year (DATE rule 8)
    ]


def test_tokenize_punctuation_each_one_token():
    assert toks("تنظيم “داعش” و«الرقة»، ثم؛ هل؟") == [
        (0, 5, "تنظيم", "word"),
        (6, 7, "“", "punct"),
        (7, 11, "داعش", "word"),
        (11, 12, "”", "punct"),
        (13, 14, "و", "word"),
        (14, 15, "«", "punct"),
        (15, 20, "الرقة", "word"),
        (20, 21, "»", "punct"),
        (21, 22, "،", "punct"),
        (23, 25, "ثم", "word"),
        (25, 26, "؛", "punct"),
        (27, 29, "هل", "word"),
        (29, 30, "؟", "punct"),
    ]


def test_tokenize_ad_marker_is_one_token():
    assert toks("دمشق [ad_1] حلب[ad_12]") == [
        (0, 4, "دمشق", "word"),
        (5, 11, "[ad_1]", "marker"),
        (12, 15, "حلب", "word"),
        (15, 22, "[ad_12]", "marker"),
    ]


def test_tokenize_skips_zero_width_and_direction_marks():
    # ZWNJ splits the glued words without becoming a token; RLM and BOM vanish
    text = "\ufeffسوريا\u200cوالعراق\u200f دمشق"
    assert toks(text) == [(1, 6, "سوريا", "word"), (7, 14, "والعراق", "word"), (16, 20, "دمشق", "word")]


def test_tokenize_empty_and_blank():
    assert tokenize("") == []
    assert tokenize(" \n\t\u00a0") == []


def test_word_and_arabic_chars():
    assert is_word_char("ـ") and is_word_char("َ") and is_word_char("٣") and is_word_char("x")
    assert not is_word_char("،") and not is_word_char(" ") and not is_word_char("\u200c")
    assert is_arabic_char("ع") and is_arabic_char("٣") and not is_arabic_char("x")


# ---------------------------------------------------------------------------------- sentences


def test_sentences_end_at_marks_and_line_breaks():
    text = "قال المتحدث: داعش استخدم الكلور. وأضاف!\nهل تأكد ذلك؟ نعم\n\n  .  \nسطر أخير"
    got = sentences(text)
    assert [text[s:e] for s, e in got] == [
        "قال المتحدث: داعش استخدم الكلور.",
        "وأضاف!",
        "هل تأكد ذلك؟",
        "نعم",
        "سطر أخير",  # the lone "." between blank lines is no sentence
    ]
    assert got == [(0, 32), (33, 39), (40, 52), (53, 56), (64, 72)]


def test_sentences_protected_span_keeps_its_period():
    text = "وصل د. جون إلى دمشق. ثم غادر"
    assert sentences(text) == [(0, 6), (7, 20), (21, 28)]
    assert sentences(text, protected=[(4, 10)]) == [(0, 20), (21, 28)]
    sid = sentence_ids(text, [(4, 10)])
    assert len(sid) == len(text) + 1
    assert sid[0] == sid[5] == sid[19] == 0 and sid[21] == 1 and sid[len(text)] == 1
    assert sentence_ids(text)[7] == 1  # without protection the period ends sentence 0


def test_sentences_of_blank_text():
    assert sentences("") == []
    assert sentences(" \n. \n") == []


# ---------------------------------------------------------------------------------- normalisation


def test_normalize_with_map_letters_diacritics_tatweel_space():
    text = "أَعلنَ  الجيشُ إلى آذار ـ ٢٠١٨\u200f"
    norm, index = normalize_with_map(text)
    assert norm == "اعلن الجيش الي اذار 2018"
    assert index == [0, 2, 3, 4, 6, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 26, 27, 28,
                     29, 31]
    assert len(index) == len(norm) + 1 and index[-1] == len(text)
    # the norm span of الجيش maps back onto الجيشُ with its damma
    a = norm.index("الجيش")
    assert span_to_original(text, index, a, a + 5) == (8, 14)
    assert text[8:14] == "الجيشُ"


def test_normalize_with_map_keeps_digits_when_asked():
    assert normalize_with_map("عام ٢٠١٨", fold_digits=False)[0] == "عام ٢٠١٨"
    assert normalize("عام ٢٠١٨") == "عام 2018"


def test_span_to_original_tatweel_inside_and_after():
    text = "كـتب الرئيسـ"
    norm, index = normalize_with_map(text)
    assert norm == "كتب الرئيس"
    assert span_to_original(text, index, 0, 3) == (0, 4)
    assert span_to_original(text, index, 4, len(norm)) == (5, 12)


def test_span_to_original_stray_mark_opening_a_word():
    # a diacritic typed after the space belongs to the word it opens (the span stays word-aligned)
    text = "قال َداعش"
    norm, index = normalize_with_map(text)
    assert norm == "قال داعش"
    assert span_to_original(text, index, 4, 8) == (4, 9)
    assert tokenize(text)[1].start == 4


def test_normalize_letters_keeps_ta_marbuta_and_digits():
    assert normalize_letters("  مُنظَّمة   إلى\u00a0الأمم ٢٠١٨ ") == "منظمة الي الامم ٢٠١٨"
    assert normalize_letters("آل إسماعيل أحمد مصطفى") == "ال اسماعيل احمد مصطفي"


# ---------------------------------------------------------------------------------- make_norm


@pytest.mark.parametrize(("surface", "clitic_len", "expected"), [
    ("والعراق", None, "العراق"),
    ("للأسلحة", None, "الاسلحة"),
    ("وللأسلحة", None, "الاسلحة"),
    ("بالسلاح الكيماوي", None, "السلاح الكيماوي"),
    ("واشنطن", None, "واشنطن"),
    ("وزارة الدفاع الروسية", None, "وزارة الدفاع الروسية"),
    ("لداعش", None, "لداعش"),  # no article: without clitic_len nothing is guessed
    ("لداعش", 1, "داعش"),
    ("وداعش", 1, "داعش"),
    ("للأسلحة", 1, "الاسلحة"),  # ل + the article's lam: لل -> ال
    ("واشنطن", 0, "واشنطن"),
    ("الأمم  المتحدة", None, "الامم المتحدة"),
    ("مُنظَّمة حظر الأسلحة", None, "منظمة حظر الاسلحة"),
    ("سورياوالعراق", None, "سورياوالعراق"),  # a glued word is not re-spaced
])
def test_make_norm(surface, clitic_len, expected):
    assert make_norm(surface, clitic_len) == expected


# ---------------------------------------------------------------------------------- properties

# Arabic letters with hamza forms, diacritics, tatweel, digits, Latin, punctuation, white space
# and format characters: everything the functions treat specially.
ALPHABET = list("ابتثجحخدذرسشصضطظعغفقكلمنهويةءأإآىٱ") + list("\u064e\u064f\u0650\u0651\u0652\u064b\u0640") \
    + list("0123456789٠١٢٣٤٥٦٧٨٩abcXYZ") + list(".،؛؟!?“”«»()-:[]_") \
    + [" ", " ", " ", "\n", "\t", "\u00a0", "\u200c", "\u200d", "\u200f", "\u200e", "\ufeff"]
texts = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_tokenize_offsets_valid_and_disjoint(text):
    prev_end = 0
    for t in tokenize(text):
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= prev_end
        prev_end = t.end
        if t.is_word:
            assert all(is_word_char(c) for c in t.text)
            # words are maximal: no word character glued on either side
            assert t.start == 0 or not is_word_char(text[t.start - 1])
            assert t.end == len(text) or not is_word_char(text[t.end])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalize_with_map_index_monotonic_and_faithful(text):
    norm, index = normalize_with_map(text)
    assert len(index) == len(norm) + 1 and index[-1] == len(text)
    assert all(a < b for a, b in zip(index, index[1:]))
    for i, ch in enumerate(norm):
        orig = text[index[i]]
        if ch == " ":
            assert orig.isspace()
        else:
            assert normalize_with_map(orig)[0] == ch


def _norm_words(norm: str) -> list[tuple[int, int]]:
    """Maximal runs of word characters in the normalised text."""
    out, start = [], None
    for i, ch in enumerate(norm + " "):
        if is_word_char(ch) if i < len(norm) else False:
            start = i if start is None else start
        elif start is not None:
            out.append((start, i))
            start = None
    return out


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_span_to_original_word_aligned(text, data):
    norm, index = normalize_with_map(text)
    words = _norm_words(norm)
    if not words:
        return
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i, len(words) - 1))
    s, e = span_to_original(text, index, words[i][0], words[j][1])
    assert 0 <= s < e <= len(text)
    assert normalize_with_map(text[s:e])[0] == norm[words[i][0]:words[j][1]]
    assert s == 0 or not is_word_char(text[s - 1])
    assert e == len(text) or not is_word_char(text[e])
