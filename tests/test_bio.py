"""kashif.bio: character spans <-> IOB2 tags over word tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kashif.bio import bio_ids_to_ranges, bio_to_ranges, bio_to_spans, spans_to_bio
from kashif.text import tokenize

TEXT = "قال الكولونيل جون دوريان إن “داعش” استخدم غاز الكلور في سورياوالعراق."
TOKENS = tokenize(TEXT)
# tokens: قال الكولونيل جون دوريان إن “ داعش ” استخدم غاز الكلور في سورياوالعراق .
SPANS = [(14, 24, "PER"), (29, 33, "ORG"), (42, 52, "WEAPON")]
TAGS = ["O", "O", "B-PER", "I-PER", "O", "O", "B-ORG", "O", "O", "B-WEAPON", "I-WEAPON", "O", "O", "O"]


def test_spans_to_bio():
    assert [t.text for t in TOKENS][6] == "داعش"
    assert spans_to_bio(TOKENS, SPANS) == TAGS
    assert spans_to_bio(TOKENS, reversed(SPANS)) == TAGS  # order of the spans does not matter


def test_bio_to_spans():
    assert bio_to_spans(TOKENS, TAGS) == SPANS


def test_adjacent_spans_of_one_type_stay_apart():
    tags = spans_to_bio(TOKENS, [(14, 17, "PER"), (18, 24, "PER")])
    assert tags[2:4] == ["B-PER", "B-PER"]
    assert bio_to_spans(TOKENS, tags) == [(14, 17, "PER"), (18, 24, "PER")]


def test_glued_word_spans_share_one_token():
    # سوريا and والعراق inside the glued token سورياوالعراق: the first span keeps the token
    tags = spans_to_bio(TOKENS, [(56, 61, "GPE"), (61, 68, "GPE")])
    assert tags[12] == "B-GPE" and tags.count("B-GPE") == 1
    assert bio_to_spans(TOKENS, tags) == [(56, 68, "GPE")]


def test_span_not_on_token_edges_covers_the_tokens_it_overlaps():
    assert spans_to_bio(TOKENS, [(15, 20, "PER")])[2:4] == ["B-PER", "I-PER"]


def test_span_over_punctuation_only_tags_nothing():
    assert spans_to_bio(TOKENS, [(33, 34, "ORG")])[7] == "B-ORG"
    assert spans_to_bio(TOKENS, [(34, 35, "ORG")]) == ["O"] * len(TOKENS)  # a space: no token


def test_bio_to_spans_lenient_reading():
    tags = ["I-PER", "I-PER", "B-PER", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "", "O", "O", "O", "B-GPE", "O"]
    assert bio_to_spans(TOKENS, tags) == [
        (0, 13, "PER"),  # a stray I- starts a span
        (14, 17, "PER"),
        (18, 24, "ORG"),  # I- of another type starts a new span
        (28, 34, "ORG"),  # “داعش”: tags on punctuation are read as given
        (56, 68, "GPE"),
    ]


def test_empty():
    assert spans_to_bio([], [(0, 3, "PER")]) == []
    assert bio_to_spans([], []) == []
    assert spans_to_bio(TOKENS, []) == ["O"] * len(TOKENS)


# ---------------------------------------------------------------------------------- property

WORDS = ["داعش", "سوريا", "غاز", "الكلور", "جون", "في", "،", "“", "”", "2014", "ISIS", "."]
TYPES = ["PER", "ORG", "GPE", "WEAPON", "DATE"]


@st.composite
def tokens_and_spans(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
    text = draw(st.sampled_from([" ", "  ", "\n"])).join(words)
    tokens = tokenize(text)
    # cut the tokens into runs; each run is a span or not
    spans, i = [], 0
    while i < len(tokens):
        n = draw(st.integers(1, 4))
        run = tokens[i:i + n]
        if draw(st.booleans()):
            spans.append((run[0].start, run[-1].end, draw(st.sampled_from(TYPES))))
        i += n
    return tokens, spans


@settings(max_examples=300, deadline=None)
@given(tokens_and_spans())
def test_round_trip_of_token_aligned_spans(case):
    tokens, spans = case
    tags = spans_to_bio(tokens, spans)
    assert len(tags) == len(tokens)
    assert bio_to_spans(tokens, tags) == spans


_LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE"]


@settings(max_examples=300)
@given(st.lists(st.integers(0, len(_LABELS) - 1), max_size=40))
def test_vectorised_reading_of_label_ids_is_bio_to_ranges(ids):
    """Prediction reads tags as label ids in numpy: the same ranges as the reference reading,
    stray ``I-X`` and adjacent ``B-X`` included."""
    assert bio_ids_to_ranges(ids, _LABELS) == bio_to_ranges([_LABELS[i] for i in ids])
