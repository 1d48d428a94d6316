"""Subword label alignment, windowing and training features on hand-made Arabic inputs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from transformers import BertTokenizer

from kashif.model.encoding import Window, align_labels, encode_texts, plan_windows, span_window, window_owner
from kashif.model.labels import ENTITY_LABELS, inside_label_ids
from kashif.schema import build_document
from kashif.training.config import DataConfig, WeakConfig
from kashif.training.data import build_features, collate

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "استخدم", "داعش", "غاز", "ال", "##كلور", "في", "سوريا", ".",
         "،"]
TEXT = "استخدم داعش الكلور في سوريا."
L = {lab: i for i, lab in enumerate(ENTITY_LABELS)}
X = -100


@pytest.fixture(scope="module")
def tok() -> BertTokenizer:
    # a hand-made vocabulary: "الكلور" is split into "ال" + "##كلور"
    return BertTokenizer(vocab={t: i for i, t in enumerate(VOCAB)}, do_lower_case=False, strip_accents=True)


def _doc(scores=(None, None, None), rel_score=None):
    spans = [(7, 11, "ORG", scores[0]), (12, 18, "WEAPON", scores[1]), (22, 27, "GPE", scores[2])]
    return build_document("d", TEXT, spans, [(0, 1, "USED", rel_score)])


def test_label_ids_are_fixed():
    assert (L["O"], L["B-ORG"], L["B-GPE"], L["B-WEAPON"], L["I-WEAPON"]) == (0, 3, 5, 11, 12)
    assert inside_label_ids()[L["B-WEAPON"]] == L["I-WEAPON"]
    assert inside_label_ids()[L["I-PER"]] == L["I-PER"] and inside_label_ids()[0] == 0


def test_first_and_all_subword_alignment(tok):
    words = ["استخدم", "داعش", "الكلور", "في", "سوريا", "."]
    enc = tok(words, is_split_into_words=True)
    assert tok.convert_ids_to_tokens(enc.input_ids) == ["[CLS]", "استخدم", "داعش", "ال", "##كلور", "في", "سوريا",
                                                         ".", "[SEP]"]
    word_labels = [L["O"], L["B-ORG"], L["B-WEAPON"], L["O"], L["B-GPE"], L["O"]]
    assert align_labels(enc.word_ids(), word_labels) == [X, 0, 3, 11, X, 0, 5, 0, X]
    assert align_labels(enc.word_ids(), word_labels, label_all_subwords=True,
                        inside_ids=inside_label_ids()) == [X, 0, 3, 11, 12, 0, 5, 0, X]
    # an ignored word stays ignored on every subword
    assert align_labels(enc.word_ids(), [0, 3, X, 0, 5, 0], label_all_subwords=True,
                        inside_ids=inside_label_ids()) == [X, 0, 3, X, X, 0, 5, 0, X]


def test_encode_texts_word_to_subword_map(tok):
    (enc,) = encode_texts(tok, [TEXT])
    assert [t.text for t in enc.tokens] == ["استخدم", "داعش", "الكلور", "في", "سوريا", "."]
    assert enc.ids == (5, 6, 8, 9, 10, 11, 12)
    assert enc.word_start == (0, 1, 2, 4, 5, 6) and enc.word_end == (1, 2, 4, 5, 6, 7)
    # a word the normaliser erases entirely (a lone tanween, stripped as an accent) becomes [UNK]
    (enc,) = encode_texts(tok, ["داعش \u064b سوريا"])
    assert enc.ids == (6, 1, 11)
    assert encode_texts(tok, [""])[0].ids == ()


def test_features_labels_spans_and_pairs(tok):
    (f,) = build_features([_doc()], tok, DataConfig(train="x", max_length=32, stride=4), WeakConfig())
    assert f.input_ids == [2, 5, 6, 8, 9, 10, 11, 12, 3]
    assert f.labels == [X, 0, 3, 11, X, 0, 5, 0, X]
    assert f.spans == [(2, 3), (3, 5), (6, 7)]
    assert f.span_types == [1, 5, 2]  # ORG, WEAPON, GPE
    # ORG->WEAPON is USED; ORG->GPE, GPE->ORG and GPE->WEAPON are NONE; WEAPON->x is never a candidate
    assert f.pairs == [(0, 1), (0, 2), (2, 0), (2, 1)]
    assert f.pair_labels == [1, 0, 0, 0]
    (g,) = build_features([_doc()], tok, DataConfig(train="x", max_length=32, stride=4, label_all_subwords=True),
                          WeakConfig())
    assert g.labels == [X, 0, 3, 11, 12, 0, 5, 0, X]


def test_weak_label_options(tok):
    doc = _doc(scores=(0.9, 0.4, 0.8), rel_score=0.7)
    data = DataConfig(train="x", max_length=32, stride=4)
    (f,) = build_features([doc], tok, data, WeakConfig(min_entity_score=0.5, soft_targets=True, weight_by_score=True))
    assert f.labels == [X, 0, 3, X, X, 0, 5, 0, X]  # the unsure WEAPON is neither WEAPON nor O
    assert f.label_scores == pytest.approx([1, 1, 0.9, 1, 1, 1, 0.8, 1, 1])
    assert f.label_weights == pytest.approx([0, 1, 0.9, 1, 1, 1, 0.8, 1, 0])
    assert f.pairs == [(0, 1), (1, 0)] and f.pair_labels == [0, 0]  # only داعش and سوريا remain
    (g,) = build_features([doc], tok, data, WeakConfig(soft_targets=True, min_relation_score=0.5))
    assert g.pair_labels[0] == 1 and g.pair_scores[0] == pytest.approx(0.7)
    (h,) = build_features([doc], tok, data, WeakConfig(min_relation_score=0.8))
    assert h.pairs == [(0, 2), (2, 0), (2, 1)]  # the unsure USED pair is left out, not taught as NONE


def test_o_weight_lightens_only_words_outside_entities(tok):
    data = DataConfig(train="x", max_length=32, stride=4)
    (f,) = build_features([_doc()], tok, data, WeakConfig(o_weight=0.25))
    # [CLS] استخدم داعش ال ##كلور في سوريا . [SEP]: O words at 0.25, entity subwords at 1, specials 0
    assert f.labels == [X, 0, 3, L["B-WEAPON"], X, 0, 5, 0, X]
    assert f.label_weights == pytest.approx([0, 0.25, 1, 1, 1, 0.25, 1, 0.25, 0])


def test_none_weight_lightens_only_pairs_without_a_relation(tok):
    data = DataConfig(train="x", max_length=32, stride=4)
    (f,) = build_features([_doc(rel_score=0.7)], tok, data, WeakConfig(none_weight=0.2, weight_by_score=True))
    assert f.pair_labels == [1, 0, 0, 0]  # USED, then three NONE pairs
    assert f.pair_weights == pytest.approx([0.7, 0.2, 0.2, 0.2])


def test_collate_offsets_pairs_by_batch(tok):
    feats = build_features([_doc(), build_document("e", "داعش في سوريا", [(0, 4, "ORG", None), (8, 13, "GPE", None)])],
                           tok, DataConfig(train="x", max_length=32, stride=4), WeakConfig())
    b = collate(feats, pad_id=0)
    assert b["input_ids"].shape == (2, 9)
    assert b["attention_mask"][1].tolist() == [1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert b["labels"][1].tolist() == [X, 3, 0, 5, X, X, X, X, X]
    assert b["entity_spans"].tolist() == [[0, 2, 3], [0, 3, 5], [0, 6, 7], [1, 1, 2], [1, 3, 4]]
    assert b["pairs"].tolist() == [[0, 1], [0, 2], [2, 0], [2, 1], [3, 4], [4, 3]]


def test_plan_windows_exact():
    # ten one-subword words, windows of 4 subwords sharing 2
    starts, ends = list(range(10)), list(range(1, 11))
    wins = plan_windows(starts, ends, 4, 2)
    assert [(w.first, w.last) for w in wins] == [(0, 4), (2, 6), (4, 8), (6, 10)]
    owner = window_owner(wins, 10).tolist()
    assert owner == [0, 0, 0, 1, 1, 2, 2, 3, 3, 3]
    assert span_window(wins, 4, 6) == 1 and span_window(wins, 0, 10) is None
    # a word longer than a window gets one of its own, clipped, and the next starts after it
    wins = plan_windows([0, 1, 7], [1, 7, 8], 4, 1)
    assert wins == [Window(0, 1, 0, 1), Window(1, 2, 1, 5), Window(2, 3, 7, 8)]
    with pytest.raises(ValueError, match="stride"):
        plan_windows(starts, ends, 4, 4)


def test_sentence_windows():
    # words 0-9 of one subword each; sentences begin at words 3, 5 and 9
    starts, ends = list(range(10)), list(range(1, 11))
    wins = plan_windows(starts, ends, 4, 2, breaks=(3, 5, 9))
    assert [(w.first, w.last) for w in wins] == [(0, 3), (3, 5), (5, 9), (9, 10)]
    # a sentence longer than a window (words 0-7) is read with overlap, then cut at the break
    wins = plan_windows(starts, ends, 4, 2, breaks=(8,))
    assert [(w.first, w.last) for w in wins] == [(0, 4), (2, 6), (4, 8), (8, 10)]
    assert window_owner(wins, 10).tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 3, 3]


def test_sentence_breaks(tok):
    text = "قال 3.5 مرة. ثم ذهب!\nو جاء؟ انتهى"
    (enc,) = encode_texts(tok, [text])
    starts = [enc.tokens[w].text for w in enc.breaks]
    assert starts == ["ثم", "و", "انتهى"]  # not after the "." inside 3.5
    assert encode_texts(tok, ["كلمة"])[0].breaks == ()


def test_long_document_every_word_in_a_window(tok):
    text = " ".join(["استخدم داعش الكلور في سوريا."] * 40)
    (enc,) = encode_texts(tok, [text])
    wins = plan_windows(enc.word_start, enc.word_end, 30, 8, enc.breaks)
    assert len(wins) > 5
    assert all(w.sub_end - w.sub_start <= 30 for w in wins)
    covered = [i for w in wins for i in range(w.sub_start, w.sub_end)]
    assert covered == list(range(len(enc.ids)))  # no subword is dropped, none is read twice
    assert all(enc.tokens[w.first].text == "استخدم" for w in wins)  # whole sentences
    owner = window_owner(wins, len(enc.tokens))
    assert all(wins[k].first <= w < wins[k].last for w, k in enumerate(owner))
    doc = build_document("long", text, [(7 + 29 * i, 11 + 29 * i, "ORG", None) for i in range(40)])
    assert all(doc.text[e.start:e.end] == "داعش" for e in doc.entities)
    feats = build_features([doc], tok, DataConfig(train="x", max_length=32, stride=8), WeakConfig())
    assert len(feats) == len(wins) and all(len(f) <= 32 for f in feats)
    assert sum(f.labels.count(L["B-ORG"]) for f in feats) >= 40


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_word_cache_matches_whole_document_tokenisation(tiny_model_dir, seed_texts, data):
    """Words are tokenised once each, out of context: the ids must be those of the whole document."""
    from kashif.model import load_tokenizer
    from kashif.model.encoding import SubwordCache
    from kashif.text import tokenize

    tokenizer = load_tokenizer(tiny_model_dir)
    text = data.draw(st.sampled_from(seed_texts))
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, min(len(text), a + 400)))
    extra = data.draw(st.text(alphabet="abc صيني٣.\u064b،", max_size=20))
    piece = text[a:b] + extra
    cache = SubwordCache(tokenizer, max_words=data.draw(st.sampled_from([5, 200_000])))
    (enc,) = encode_texts(tokenizer, [piece], cache)
    (again,) = encode_texts(tokenizer, [piece], cache)  # from the cache (or after it started afresh)
    words = [t.text for t in tokenize(piece)]
    if not words:
        assert enc.ids == ()
        return
    whole = tokenizer(words, is_split_into_words=True, add_special_tokens=False)
    wids = whole.word_ids()
    for w in range(len(words)):
        ids = tuple(i for i, k in zip(whole["input_ids"], wids) if k == w) or (tokenizer.unk_token_id,)
        assert enc.ids[enc.word_start[w]:enc.word_end[w]] == ids
    assert again == enc
    assert len(cache._ids) <= max(cache.max_words, len(set(words)))
