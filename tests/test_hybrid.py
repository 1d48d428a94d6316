"""The hybrid of a model and the weak labeller (kashif.inference.hybrid): the labeller's labels, and
the model's entities of its types where the labeller has none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kashif.corpus import RawDoc
from kashif.inference.cli import main
from kashif.inference.hybrid import check_types, combine, combine_tags, read_model_types
from kashif.model import ModelLoadError
from kashif.schema import ENTITY_TYPES, Document, Entity, Relation, read_jsonl, validate
from kashif.weak.labeller import WeakLabeller

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
TEXT = "قال أحمد بن علي عضو حركة النهضة في تونس إن الهجوم وقع أمس."


def _ent(eid: str, surface: str, typ: str, text: str = TEXT, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(eid, start, start + len(surface), typ, surface, surface, 0.9)


def test_the_labeller_wins_and_the_model_adds_its_types_where_the_labeller_is_silent():
    weak = Document("d", TEXT, (_ent("T1", "أحمد بن علي", "PER"), _ent("T2", "حركة النهضة", "ORG"),
                                _ent("T3", "تونس", "GPE")),
                    (Relation("T1", "T2", "MEMBER_OF", 0.8), Relation("T2", "T3", "LOCATED_IN", 0.7)))
    # the model: a shorter person (the labeller's stays), an ORG (not a model type), a PER over the
    # labeller's GPE (the labeller wins) and a person where the labeller found nothing
    model = Document("d", TEXT, (_ent("T1", "أحمد", "PER"), _ent("T2", "عضو", "ORG"),
                                 _ent("T3", "تونس", "PER"), _ent("T4", "قال", "PER")), ())
    out = combine(weak, model, ["PER"])
    assert validate(out) == []
    assert [(e.id, e.text, e.type) for e in out.entities] == [
        ("T1", "قال", "PER"), ("T2", "أحمد بن علي", "PER"), ("T3", "حركة النهضة", "ORG"), ("T4", "تونس", "GPE")]
    assert [(r.head, r.type, r.tail) for r in out.relations] == [("T2", "MEMBER_OF", "T3"), ("T3", "LOCATED_IN", "T4")]
    assert combine(weak, model, []) == weak and combine(weak, model, ["ORG"]).entities[1].text == "عضو"
    with pytest.raises(ValueError, match="different texts"):
        combine(weak, Document("d", TEXT + " "), ["PER"])


def test_tags_follow_the_same_rule():
    weak = ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "O", "B-GPE"]
    model = ["B-PER", "O", "B-PER", "B-PER", "O", "B-ORG", "I-GPE"]
    assert combine_tags(weak, model, ["PER"]) == ["B-PER", "I-PER", "B-PER", "B-ORG", "I-ORG", "O", "B-GPE"]


_WORDS = ["قال", "أحمد", "حركة", "النهضة", "تونس", "في", "الجيش", "صاروخ", "2017", "،"]


@st.composite
def _doc_pair(draw):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
    text = " ".join(words)
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]

    def spans(prefix: str) -> tuple[Entity, ...]:
        out, i = [], 0
        while i < len(words):
            n = draw(st.integers(0, 3))
            if n and i + n <= len(words):
                s, e = starts[i], starts[i + n - 1] + len(words[i + n - 1])
                out.append(Entity(f"T{len(out) + 1}", s, e, draw(st.sampled_from(ENTITY_TYPES)), text[s:e], text[s:e]))
                i += n + draw(st.integers(0, 2))
            else:
                i += 1
        return tuple(out)

    weak, model = spans("w"), spans("m")
    rels = tuple(Relation(weak[a].id, weak[b].id, "LOCATED_IN") for a in range(len(weak)) for b in range(len(weak))
                 if a != b and draw(st.booleans()) and draw(st.booleans()))
    types = draw(st.lists(st.sampled_from(ENTITY_TYPES), max_size=3))
    return Document("d", text, weak, rels), Document("d", text, model), types


@settings(max_examples=150, deadline=None)
@given(_doc_pair())
def test_combined_documents_keep_offsets_and_never_overlap(pair):
    weak, model, types = pair
    out = combine(weak, model, types)
    ents = out.entities
    assert all(out.text[e.start:e.end] == e.text for e in ents)
    assert all(a.end <= b.start for a, b in zip(ents, ents[1:]))  # sorted, disjoint
    assert [e.id for e in ents] == [f"T{i + 1}" for i in range(len(ents))]
    spans = [(e.start, e.end, e.type) for e in ents]
    weak_spans = [(e.start, e.end, e.type) for e in weak.entities]
    assert set(weak_spans) <= set(spans)  # the labeller's entities all stay
    assert all(e.type in types and (e.start, e.end, e.type) in {(m.start, m.end, m.type) for m in model.entities}
               for e in ents if (e.start, e.end, e.type) not in weak_spans)
    by_id = {e.id: (e.start, e.end, e.type) for e in ents}
    old = {e.id: (e.start, e.end, e.type) for e in weak.entities}
    assert [(by_id[r.head], by_id[r.tail], r.type) for r in out.relations] == \
        [(old[r.head], old[r.tail], r.type) for r in weak.relations]


def test_model_types_file_and_config_errors(tmp_path):
    assert read_model_types(tmp_path) == ()
    (tmp_path / "hybrid.json").write_text('{"model_types": ["PER", "PER"]}', encoding="utf-8")
    assert read_model_types(tmp_path) == ("PER",)
    for bad, msg in (('{"model_types": ["PERSON"]}', "unknown entity type 'PERSON'"),
                     ('{"model_types": "PER"}', "expected a list"), ("{not json", "not a hybrid.json")):
        (tmp_path / "hybrid.json").write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=msg):
            read_model_types(tmp_path)
    assert check_types(["WEAPON", "PER"]) == ("WEAPON", "PER")
    from kashif.training.config import TrainConfig

    with pytest.raises(ValueError, match=r"config predict.model_types=\['GUN'\]"):
        TrainConfig.from_dict({"data": {"train": "x.jsonl"}, "predict": {"model_types": ["GUN"]}})
    cfg = TrainConfig.from_dict({"data": {"train": "x.jsonl"}, "predict": {"model_types": ["PER"]}})
    assert cfg.predict.model_types == ["PER"]


@pytest.fixture(scope="module")
def hybrid_person_dir(person_model_dir, tmp_path_factory) -> Path:
    """The tiny model fixed to say B-PER everywhere, with a hybrid.json adding its persons."""
    import shutil

    out = Path(shutil.copytree(person_model_dir, tmp_path_factory.mktemp("hybrid") / "model"))
    (out / "hybrid.json").write_text(json.dumps({"model_types": ["PER"]}), encoding="utf-8")
    return out


def test_extractor_hybrid_follows_the_folder(hybrid_person_dir, tiny_model_dir):
    from kashif import Extractor

    texts = [p.read_text(encoding="utf-8")[:600] for p in sorted(SEEDS.glob("*.txt"))]
    ex = Extractor.from_pretrained(hybrid_person_dir, device="cpu")
    assert ex.hybrid and ex.model_types == ("PER",) and "hybrid" in repr(ex)
    docs = ex.extract(texts)
    weak = WeakLabeller().fit(texts).label_corpus([RawDoc(f"doc-{i + 1}", t) for i, t in enumerate(texts)])
    added = 0
    for d, w in zip(docs, weak):
        assert validate(d) == []
        spans = [(e.start, e.end, e.type) for e in d.entities]
        assert set(spans) >= {(e.start, e.end, e.type) for e in w.entities}
        assert len(d.relations) == len(w.relations)
        added += len(spans) - len(w.entities)
    assert added > 0
    alone = Extractor.from_pretrained(hybrid_person_dir, device="cpu", hybrid=False)
    assert not alone.hybrid and {e.type for d in alone.extract(texts) for e in d.entities} == {"PER"}
    with pytest.raises(ModelLoadError, match="no hybrid.json"):
        Extractor.from_pretrained(tiny_model_dir, device="cpu", hybrid=True)


def test_predict_hybrid_with_two_workers_equals_one_process(hybrid_person_dir, tmp_path, capsys):
    texts = [p.read_text(encoding="utf-8")[:300 + 41 * k] for k, p in enumerate(sorted(SEEDS.glob("*.txt")))]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{k:02d}", "text": texts[k % 5]}, ensure_ascii=False) + "\n"
                           for k in range(40)), encoding="utf-8")
    outs = {}
    for n in ("1", "2"):
        out = tmp_path / f"{n}.jsonl"
        assert main(["--model", str(hybrid_person_dir), "--input", str(src), "--output", str(out), "--num-proc", n]) == 0
        outs[n] = [(d.id, [(e.start, e.end, e.type) for e in d.entities], [(r.head, r.type, r.tail) for r in d.relations])
                   for d in read_jsonl(out)]
    assert outs["1"] == outs["2"]
    assert {t for _, ents, _ in outs["1"] for *_, t in ents} > {"PER"}  # the labeller's types are there
    assert any(rels for *_, rels in outs["1"])
    out = tmp_path / "alone.jsonl"
    assert main(["--model", str(hybrid_person_dir), "--input", str(src), "--output", str(out), "--model-only"]) == 0
    assert {e.type for d in read_jsonl(out) for e in d.entities} == {"PER"}


def test_model_card_says_the_predictions_are_hybrid(tiny_model_dir, tmp_path):
    import shutil

    from hub_fixtures import _doc, eval_results, write_trained_files

    from kashif.hub.card import card_inputs_from_model_dir, render_card
    from kashif.metrics import evaluate_documents

    d = write_trained_files(Path(shutil.copytree(tiny_model_dir, tmp_path / "m")))
    plain = render_card(card_inputs_from_model_dir(d, "me/kashif-test"))
    assert "hybrid" not in plain.lower()
    results = eval_results()
    gold = [_doc([("داعش", "ORG")], [])]
    results["seed-gold"]["hybrid"] = evaluate_documents(gold, gold)
    (d / "eval_results.json").write_text(json.dumps(results), encoding="utf-8")
    (d / "hybrid.json").write_text('{"model_types": ["PER"]}', encoding="utf-8")
    card = render_card(card_inputs_from_model_dir(d, "me/kashif-test"))
    assert "add PER from the model where the labeller found nothing" in card and "--model-only" in card
    assert "| hybrid: the labeller, and PER from the model where it has none | 100.0" in card


def test_conll_first_does_not_leave_a_labeller_without_relations(hybrid_person_dir):
    from kashif import Extractor
    from kashif.corpus import ConllSentence

    ex = Extractor.from_pretrained(hybrid_person_dir, device="cpu")
    tags = ex.extract_conll([ConllSentence(("قال", "أحمد", "إن", "تونس", "جميلة"), None)])
    assert len(tags[0]) == 5 and ex.labeller is None
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    assert ex.extract(text).relations  # the seed article's labeller relations are there
