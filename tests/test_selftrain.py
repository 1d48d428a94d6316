"""Self-training: the teacher's predictions fill the weak labels' gaps, never overwrite them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kashif.schema import build_document, validate
from kashif.training.config import DataConfig
from kashif.training.selftrain import fill_gaps, teach

TEXT = "استخدمت قوات النظام غاز السارين في خان شيخون"


def _doc(spans, rels=()):
    return build_document("d", TEXT, spans, rels)


def test_teacher_fills_gaps_and_never_overwrites_weak_spans():
    weak = _doc([(8, 19, "ORG", 0.9)])  # قوات النظام
    taught = _doc([(8, 12, "ORG", 0.99),  # overlaps the weak ORG: dropped, the rules win
                   (20, 31, "WEAPON", 0.8),  # غاز السارين: a gap, added
                   (35, 44, "GPE", 0.3)],  # خان شيخون: not confident enough
                  [(0, 1, "USED", 0.9)])  # its head is a dropped span: not added
    merged = fill_gaps(weak, taught, min_score=0.5)
    assert [(e.text, e.type) for e in merged.entities] == [("قوات النظام", "ORG"), ("غاز السارين", "WEAPON")]
    assert merged.relations == ()
    assert validate(merged) == []


def test_teacher_relations_join_weak_and_added_entities():
    weak = _doc([(8, 19, "ORG", 0.9), (35, 44, "GPE", 1.0)])
    taught = _doc([(8, 19, "ORG", 0.9), (20, 31, "WEAPON", 0.8), (35, 44, "GPE", 0.9)],
                  [(0, 1, "USED", 0.7), (0, 2, "LOCATED_IN", 0.2)])
    merged = fill_gaps(weak, taught, min_score=0.5)
    ents = {e.id: e.text for e in merged.entities}
    assert [(ents[r.head], r.type, ents[r.tail]) for r in merged.relations] == [
        ("قوات النظام", "USED", "غاز السارين")]  # the unsure LOCATED_IN (0.2) is left out
    # a pair the weak labels relate keeps the weak relation
    weak2 = _doc([(8, 19, "ORG", 0.9), (35, 44, "GPE", 1.0)], [(0, 1, "LOCATED_IN", 1.0)])
    taught2 = _doc([(8, 19, "ORG", 0.9), (35, 44, "GPE", 0.9)], [(0, 1, "ATTACKED", 0.9)])
    assert [r.type for r in fill_gaps(weak2, taught2).relations] == ["LOCATED_IN"]


def test_texts_must_match():
    with pytest.raises(ValueError, match="text differs"):
        fill_gaps(_doc([]), build_document("d", TEXT + " ", []))


WORDS = [(0, 7), (8, 12), (13, 19), (20, 23), (24, 31), (32, 34), (35, 38), (39, 44)]
span = st.tuples(st.integers(0, 7), st.integers(1, 3), st.sampled_from(["ORG", "GPE", "WEAPON", "PER"]),
                 st.floats(0, 1))


def _spans(raw):
    out, used = [], set()
    for w, n, t, s in raw:
        words = set(range(w, min(w + n, len(WORDS))))
        if words & used:
            continue
        used |= words
        out.append((WORDS[min(words)][0], WORDS[max(words)][1], t, s))
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(span, max_size=4), st.lists(span, max_size=5), st.floats(0, 1))
def test_merged_documents_are_valid_and_keep_every_weak_span(weak_raw, taught_raw, min_score):
    weak, taught = _doc(_spans(weak_raw)), _doc(_spans(taught_raw))
    merged = fill_gaps(weak, taught, min_score)
    assert validate(merged) == []  # offsets exact, no overlaps
    assert {(e.start, e.end, e.type) for e in weak.entities} <= {(e.start, e.end, e.type) for e in merged.entities}
    for e in merged.entities:
        assert TEXT[e.start:e.end] == e.text


def test_teach_with_a_model_folder(tiny_model_dir):
    docs = [build_document(f"d{i}", TEXT, [(8, 19, "ORG", 1.0)]) for i in range(3)]
    out = teach(docs, str(tiny_model_dir), min_score=0.0, device="cpu")
    assert [d.id for d in out] == ["d0", "d1", "d2"]
    for d in out:
        assert (8, 19, "ORG") in {(e.start, e.end, e.type) for e in d.entities}
        assert validate(d) == []


def test_teacher_options_are_checked():
    with pytest.raises(ValueError, match="teacher_documents"):
        DataConfig(train="x", teacher_documents=-1).check()
    with pytest.raises(ValueError, match="teacher_min_score"):
        DataConfig(train="x", teacher_min_score=1.5).check()


def test_training_documents_are_a_seeded_taught_sample(tiny_model_dir):
    from pathlib import Path

    from kashif.training.data import load_documents

    seeds = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    cfg = DataConfig(train=str(seeds), teacher=str(tiny_model_dir), teacher_documents=2)
    docs, prov = load_documents(cfg, seed=3)
    again, _ = load_documents(cfg, seed=3)
    assert len(docs) == 2 and [d.id for d in docs] == [d.id for d in again]
    assert prov["teacher"] == {"model": str(tiny_model_dir), "documents": 2, "min_score": 0.5}
    assert prov["note"].startswith(f"Self-training: the model {tiny_model_dir} (the teacher)")
    assert all(validate(d) == [] for d in docs)


def test_a_missing_teacher_is_a_one_line_data_error(tmp_path):
    from pathlib import Path

    from kashif.training.data import DataError, load_documents

    seeds = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    with pytest.raises(DataError, match=r"^data\.teacher: .*no-such-model"):
        load_documents(DataConfig(train=str(seeds), teacher=str(tmp_path / "no-such-model")))
