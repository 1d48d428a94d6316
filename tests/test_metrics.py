"""kashif.metrics: entity, relation and seqeval scores with hand-counted expected values."""

from __future__ import annotations

import pytest
from seqeval.metrics import f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from kashif.bio import spans_to_bio
from kashif.metrics import (
    ANERCORP,
    conll_scores,
    evaluate_documents,
    format_report,
    get_label_map,
    repair_iob2,
)
from kashif.schema import Document, build_document
from kashif.text import tokenize

TEXT = "قصفت القوات العراقية الموصل بقذائف هاون. وقال جون دوريان إن داعش استخدم غاز الكلور."
# قصفت 0-4, القوات العراقية 5-20 (العراقية 12-20), الموصل 21-27, بقذائف هاون 28-39,
# جون دوريان 46-56 (جون 46-49, دوريان 50-56), داعش 60-64, غاز الكلور 72-82 (الكلور 76-82)
GOLD = build_document("d1", TEXT, [
    (5, 20, "ORG", None), (21, 27, "GPE", None), (28, 39, "WEAPON", None),
    (46, 56, "PER", None), (60, 64, "ORG", None), (72, 82, "WEAPON", None),
], [(0, 1, "ATTACKED", None), (0, 2, "USED", None), (4, 5, "USED", None)])
PRED = build_document("d1", TEXT, [
    (0, 4, "DATE", 0.6),        # false positive
    (12, 20, "ORG", 0.9),       # partial: inside القوات العراقية
    (21, 27, "GPE", 0.9),       # exact
    (28, 39, "WEAPON", 0.8),    # exact
    (50, 56, "LOC", 0.4),       # overlaps جون دوريان with the wrong type
    (60, 64, "ORG", 0.95),      # exact
    (76, 82, "WEAPON", 0.7),    # partial: inside غاز الكلور
], [(1, 3, "USED", 0.8),        # relaxed only (head is partial)
    (5, 6, "USED", 0.9),        # relaxed only (tail is partial)
    (5, 2, "ATTACKED", 0.3)])   # wrong


def s(p: float, r: float, f: float, n: int) -> dict:
    return {"precision": pytest.approx(p), "recall": pytest.approx(r), "f1": pytest.approx(f), "support": n}


ZERO1, ZERO0 = s(0, 0, 0, 1), s(0, 0, 0, 0)
HALF2, ONE1, ONE2 = s(0.5, 0.5, 0.5, 2), s(1, 1, 1, 1), s(1, 1, 1, 2)


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate_documents([GOLD], [PRED])


def test_entity_strict(report):
    strict = report["entities"]["strict"]
    assert strict["micro"] == s(3 / 7, 3 / 6, 6 / 13, 6)
    assert list(strict["per_type"]) == ["PER", "ORG", "GPE", "LOC", "WEAPON", "DATE"]
    assert strict["per_type"] == {"PER": ZERO1, "ORG": HALF2, "GPE": ONE1, "LOC": ZERO0,
                                  "WEAPON": HALF2, "DATE": ZERO0}


def test_entity_partial(report):
    partial = report["entities"]["partial"]
    assert partial["micro"] == s(5 / 7, 5 / 6, 10 / 13, 6)
    assert partial["per_type"] == {"PER": ZERO1, "ORG": ONE2, "GPE": ONE1, "LOC": ZERO0,
                                   "WEAPON": ONE2, "DATE": ZERO0}


def test_relations(report):
    rel = report["relations"]
    assert rel["strict"]["micro"] == s(0, 0, 0, 3)
    assert rel["strict"]["per_type"] == {"USED": s(0, 0, 0, 2), "ATTACKED": ZERO1}
    assert rel["relaxed"]["micro"] == s(2 / 3, 2 / 3, 2 / 3, 3)
    assert rel["relaxed"]["per_type"] == {"USED": ONE2, "ATTACKED": ZERO1}


def test_seqeval_is_seqeval_strict_iob2(report):
    tokens = tokenize(TEXT)
    y_true = [spans_to_bio(tokens, [(e.start, e.end, e.type) for e in GOLD.entities])]
    y_pred = [spans_to_bio(tokens, [(e.start, e.end, e.type) for e in PRED.entities])]
    assert y_true == [["O", "B-ORG", "I-ORG", "B-GPE", "B-WEAPON", "I-WEAPON", "O", "O", "B-PER", "I-PER",
                       "O", "B-ORG", "O", "B-WEAPON", "I-WEAPON", "O"]]
    micro = report["seqeval"]["micro"]
    assert micro == s(3 / 7, 1 / 2, 6 / 13, 6)
    kw = dict(mode="strict", scheme=IOB2)
    assert micro["precision"] == pytest.approx(precision_score(y_true, y_pred, **kw))
    assert micro["recall"] == pytest.approx(recall_score(y_true, y_pred, **kw))
    assert micro["f1"] == pytest.approx(f1_score(y_true, y_pred, **kw))
    assert report["seqeval"]["per_type"]["WEAPON"] == HALF2


def test_perfect_prediction_scores_one():
    rep = evaluate_documents([GOLD], [GOLD])
    for section in ("entities", "relations"):
        for mode in rep[section].values():
            assert mode["micro"]["f1"] == 1.0
    assert rep["seqeval"]["micro"] == s(1, 1, 1, 6)


def test_partial_matches_each_gold_once():
    gold = build_document("d", TEXT, [(46, 56, "PER", None)])
    pred = build_document("d", TEXT, [(46, 49, "PER", None), (50, 56, "PER", None)])
    rep = evaluate_documents([gold], [pred])
    assert rep["entities"]["partial"]["micro"] == s(1 / 2, 1, 2 / 3, 1)
    assert rep["entities"]["strict"]["micro"] == s(0, 0, 0, 1)


def test_partial_prefers_the_exact_match():
    # the first prediction overlaps both gold spans; the exact one must not be stolen
    gold = build_document("d", TEXT, [(46, 49, "PER", None), (50, 56, "PER", None)])
    pred = build_document("d", TEXT, [(46, 56, "PER", None), (50, 56, "PER", None)])
    rep = evaluate_documents([gold], [pred])
    assert rep["entities"]["partial"]["micro"] == s(1, 1, 1, 2)
    assert rep["entities"]["strict"]["micro"] == s(1 / 2, 1 / 2, 1 / 2, 2)


def test_relaxed_relation_needs_same_types_and_label():
    gold = build_document("d", TEXT, [(60, 64, "ORG", None), (72, 82, "WEAPON", None)], [(0, 1, "USED", None)])
    wrong_type = build_document("d", TEXT, [(60, 64, "GPE", None), (76, 82, "WEAPON", None)],
                                [(0, 1, "USED", None)])
    wrong_label = build_document("d", TEXT, [(60, 64, "ORG", None), (76, 82, "WEAPON", None)],
                                 [(0, 1, "PRODUCED", None)])
    twice = build_document("d", TEXT, [(60, 64, "ORG", None), (72, 76, "WEAPON", None),
                                       (76, 82, "WEAPON", None)], [(0, 1, "USED", None), (0, 2, "USED", None)])
    assert evaluate_documents([gold], [wrong_type])["relations"]["relaxed"]["micro"] == s(0, 0, 0, 1)
    assert evaluate_documents([gold], [wrong_label])["relations"]["relaxed"]["micro"] == s(0, 0, 0, 1)
    assert evaluate_documents([gold], [twice])["relations"]["relaxed"]["micro"] == s(1 / 2, 1, 2 / 3, 1)


def test_glued_word_scores_by_characters_and_by_tokens():
    text = "في سورياوالعراق"
    gold = build_document("g", text, [(3, 8, "GPE", None), (8, 15, "GPE", None)])
    pred = build_document("g", text, [(3, 15, "GPE", None)])
    rep = evaluate_documents([gold], [pred])
    assert rep["entities"]["strict"]["micro"] == s(0, 0, 0, 2)
    assert rep["entities"]["partial"]["micro"] == s(1, 1 / 2, 2 / 3, 2)
    # IOB2 on word tokens cannot split a glued word: both sides tag the one token B-GPE
    assert rep["seqeval"]["micro"] == s(1, 1, 1, 1)


def test_documents_matched_by_id():
    other = Document("d2", "لا شيء هنا", ())
    other_gold = build_document("d2", TEXT, [(60, 64, "ORG", None)])
    # a gold document without a prediction predicts nothing
    rep = evaluate_documents([GOLD, other_gold], [PRED])
    assert rep["entities"]["strict"]["micro"] == s(3 / 7, 3 / 7, 3 / 7, 7)
    # order of the predictions does not matter
    assert evaluate_documents([other_gold, GOLD], [build_document("d2", TEXT, []), PRED]) == rep
    with pytest.raises(ValueError, match="1 predicted document\\(s\\) not in gold, e.g. 'd2'"):
        evaluate_documents([GOLD], [PRED, other])
    with pytest.raises(ValueError, match="duplicate document id 'd1' in gold"):
        evaluate_documents([GOLD, GOLD], [PRED])
    with pytest.raises(ValueError, match="duplicate document id 'd1' in predictions"):
        evaluate_documents([GOLD], [PRED, PRED])
    with pytest.raises(ValueError, match="document 'd1': predicted text differs"):
        evaluate_documents([GOLD], [Document("d1", TEXT + " ")])


def test_empty_prediction_and_empty_gold():
    rep = evaluate_documents([GOLD], [])
    assert rep["entities"]["strict"]["micro"] == s(0, 0, 0, 6)
    empty = evaluate_documents([Document("e", "نص")], [Document("e", "نص")])
    assert empty["entities"]["strict"] == {"micro": ZERO0, "per_type": {}}
    assert empty["relations"]["relaxed"] == {"micro": ZERO0, "per_type": {}}


def test_label_map_on_documents():
    gold = build_document("d", TEXT, [(5, 20, "ORG", None), (21, 27, "LOC", None), (28, 39, "MISC", None),
                                      (46, 56, "PERS", None)])
    pred = build_document("d", TEXT, [(5, 20, "ORG", None), (21, 27, "GPE", None), (28, 39, "WEAPON", None),
                                      (46, 56, "PER", None), (60, 64, "FAC", None)])
    rep = evaluate_documents([gold], [pred], label_map=ANERCORP)
    strict = rep["entities"]["strict"]
    assert strict["per_type"] == {"PERS": ONE1, "LOC": s(1 / 2, 1, 2 / 3, 1), "ORG": ONE1}
    assert strict["micro"] == s(3 / 4, 1, 6 / 7, 3)


# ---------------------------------------------------------------------------------- CoNLL


def test_conll_scores_plain():
    gold = [["B-PER", "I-PER", "O", "B-GPE"], ["O", "B-ORG", "I-ORG"]]
    pred = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "I-ORG", "I-ORG"]]  # stray I-ORG: no entity
    out = conll_scores(gold, pred)
    assert out["micro"] == s(1 / 2, 1 / 3, 2 / 5, 3)
    assert out["per_type"] == {"PER": ONE1, "ORG": ZERO1, "GPE": ZERO1, "LOC": ZERO0}
    assert out["micro"]["f1"] == pytest.approx(f1_score(gold, pred, mode="strict", scheme=IOB2))


def test_conll_scores_anercorp_map():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC", "B-MISC", "I-MISC", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-GPE", "B-DATE", "O", "B-ORG", "B-FAC"]]
    out = conll_scores(gold, pred, label_map=get_label_map("anercorp"))
    # MISC and DATE are not scored; the stray gold I-ORG is read as B-ORG; FAC counts as LOC
    assert out["per_type"] == {"PERS": ONE1, "LOC": s(1 / 2, 1, 2 / 3, 1), "ORG": ONE1}
    assert out["micro"] == s(3 / 4, 1, 6 / 7, 3)


def test_anercorp_map_reads_per_and_mis_variants_and_reports_unknown_gold_tags(caplog):
    """Issue 12 item 2: PER (not PERS) was dropped silently, the type scored with support 0."""
    gold = [["B-PER", "I-PER", "O", "B-LOC", "B-MIS1", "B-MISC", "B-EVENT", "I-EVENT", "B-EVENT"]]
    pred = [["B-PER", "I-PER", "O", "B-GPE", "O", "O", "O", "O", "O"]]
    with caplog.at_level("WARNING", logger="kashif.metrics"):
        out = conll_scores(gold, pred, label_map=ANERCORP)
    assert out["per_type"] == {"PERS": ONE1, "LOC": ONE1}
    assert [r.getMessage() for r in caplog.records] == [
        "gold tag EVENT (3 token(s)) is not in the anercorp label map (known: PERS, PER, LOC, ORG, MIS*); "
        "not scored"]
    assert ANERCORP.unknown_gold([["B-PERS", "B-MIS0", "O"]]) == {}


def test_label_map_tags_and_repair():
    assert ANERCORP.map_pred_tags(["B-GPE", "I-GPE", "B-WEAPON", "I-FAC", "O"]) == \
        ["B-LOC", "I-LOC", "O", "I-LOC", "O"]
    assert ANERCORP.map_gold_tags(["B-MISC", "I-PERS", "B-ORG"]) == ["O", "I-PERS", "B-ORG"]
    assert repair_iob2(["I-PERS", "I-PERS", "O", "B-LOC", "I-ORG", "I-ORG"]) == \
        ["B-PERS", "I-PERS", "O", "B-LOC", "B-ORG", "I-ORG"]
    with pytest.raises(ValueError, match="unknown label map 'conll03' \\(known: anercorp\\)"):
        get_label_map("conll03")


@pytest.mark.parametrize(("gold", "pred", "message"), [
    ([["O"], ["O"]], [["O"]], "2 gold sentences but 1 predicted"),
    ([["O", "B-PER"]], [["O"]], "sentence 1: 2 gold tags but 1 predicted"),
    ([["O", "PER"]], [["O", "O"]], "gold sentence 1: 'PER' is not an IOB2 tag"),
    ([["O"]], [["E-PER"]], "predicted sentence 1: 'E-PER' is not an IOB2 tag"),
])
def test_conll_scores_rejects_misaligned_input(gold, pred, message):
    with pytest.raises(ValueError, match=message):
        conll_scores(gold, pred)


# ---------------------------------------------------------------------------------- tables


def test_format_report(report):
    text = format_report(report)
    lines = text.splitlines()
    assert lines[0].startswith("entities     |         strict         |        partial         | support")
    assert "PER          |   0.00   0.00   0.00 |   0.00   0.00   0.00 |       1" in lines
    assert "ORG          |  50.00  50.00  50.00 | 100.00 100.00 100.00 |       2" in lines
    assert "micro        |  42.86  50.00  46.15 |  71.43  83.33  76.92 |       6" in lines
    assert "USED         |   0.00   0.00   0.00 | 100.00 100.00 100.00 |       2" in lines
    assert "micro        |   0.00   0.00   0.00 |  66.67  66.67  66.67 |       3" in lines
    assert "micro        |  42.86  50.00  46.15 |       6" in lines  # seqeval
    assert [ln.split()[0] for ln in lines if ln and ln[0] != "-" and ln.split()[0].isupper()] == [
        "PER", "ORG", "GPE", "LOC", "WEAPON", "DATE", "USED", "ATTACKED", "PER", "ORG", "GPE", "LOC",
        "WEAPON", "DATE"]


def test_format_report_of_conll_scores():
    out = conll_scores([["B-PER", "O"]], [["B-PER", "O"]])
    assert format_report({"seqeval": out}) == format_report(out)
    assert "PER          | 100.00 100.00 100.00 |       1" in format_report(out).splitlines()
