"""The model card: typed data from a model folder, the rendered card, its metadata, the golden file.

Regenerate the golden card after an intended template change with
``KASHIF_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_model_card.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from hub_fixtures import LABELS, trained_model_dir
from huggingface_hub import ModelCard

from kashif.hub.card import (
    CardError,
    CardInputs,
    EvalSetResult,
    LabellingFunctionInfo,
    Score,
    SystemResult,
    TrainingInfo,
    WeakSupervisionInfo,
    card_inputs_from_model_dir,
    eval_sets_from_results,
    example_document,
    render_card,
    weak_supervision_from_provenance,
)
from kashif.schema import NO_RELATION, RELATION_TYPES, relation_allowed, validate

GOLDEN = Path(__file__).parent / "golden" / "model_card.md"


def golden_inputs() -> CardInputs:
    """Fixed typed data for the golden card (independent of any model folder)."""
    return CardInputs(
        repo_id="kashif-nlp/kashif-arabert-conflict",
        entity_labels=tuple(LABELS),
        relation_labels=(NO_RELATION, *RELATION_TYPES),
        architecture="BertForTokenClassification",
        training=TrainingInfo("aubmindlab/bert-base-arabertv02", (
            ("seed", "13"), ("model.name", "aubmindlab/bert-base-arabertv02"), ("training.epochs", "5"),
            ("training.learning_rate", "3e-05"), ("training.batch_size", "16"), ("data.max_length", "256"))),
        weak_supervision=WeakSupervisionInfo("dawid-skene", (
            LabellingFunctionInfo("gazetteer.gpe@1", 0.31, 0.92),
            LabellingFunctionInfo("pattern.org_class_word@2", 0.12, 0.81),
            LabellingFunctionInfo("grammar.date@1", 0.05, None),
        ), documents=1200, coverage=(("tokens", 0.085),)),
        eval_sets=(
            EvalSetResult("seed-gold", documents=5, model=SystemResult(
                entities=Score(0.8, 0.7, 0.7467, 60), relations=Score(0.5, 0.4, 0.4444, 10),
                entity_types=(("ORG", Score(0.9, 0.8, 0.8471, 25)), ("GPE", Score(0.85, 0.9, 0.8743, 20)),
                              ("WEAPON", Score(0.6, 0.4, 0.48, 15))),
                relation_types=(("USED", Score(0.6, 0.5, 0.5455, 6)), ("ATTACKED", Score(0.33, 0.25, 0.2845, 4)))),
                weak=SystemResult(
                entities=Score(0.85, 0.6, 0.7034, 60), relations=Score(0.7, 0.3, 0.42, 10),
                entity_types=(("ORG", Score(0.95, 0.7, 0.8061, 25)), ("GPE", Score(0.9, 0.85, 0.8743, 20)),
                              ("WEAPON", Score(0.7, 0.2, 0.3111, 15))),
                relation_types=(("USED", Score(0.8, 0.5, 0.6154, 6)), ("ATTACKED", Score(0.5, 0.0, 0.0, 4))))),
            EvalSetResult("anercorp-test", sentences=924, gold_file="test.txt", model=SystemResult(
                entities=Score(0.6, 0.5, 0.5455, 900), relations=None, entity_metric="seqeval",
                entity_types=(("PERS", Score(0.7, 0.6, 0.6462, 300)), ("LOC", Score(0.6, 0.5, 0.5455, 400)),
                              ("ORG", Score(0.4, 0.3, 0.3429, 200))))),
        ),
        license="apache-2.0",
        kashif_version="0.1.0",
    )


def test_golden_card():
    text = render_card(golden_inputs())
    if os.environ.get("KASHIF_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), \
        "card differs from tests/golden/model_card.md (KASHIF_UPDATE_GOLDEN=1 to regenerate, then review the diff)"


def test_card_metadata_parses_with_model_index():
    card = ModelCard(render_card(golden_inputs()))
    data = card.data
    assert data.language == "ar"
    assert data.license == "apache-2.0"
    assert data.pipeline_tag == "token-classification"
    assert data.base_model == "aubmindlab/bert-base-arabertv02"
    assert data.library_name == "transformers"
    assert {"arabic", "relation-extraction", "weak-supervision"} <= set(data.tags)
    assert data.model_name == "kashif-arabert-conflict"
    got = {(r.dataset_name, r.task_type, r.metric_type, r.metric_config, r.metric_value) for r in data.eval_results}
    assert got == {
        ("seed-gold", "token-classification", "f1", "entities-strict", 0.7467),
        ("seed-gold", "token-classification", "f1", "relations-strict", 0.4444),
        ("anercorp-test", "token-classification", "f1", "entities-seqeval", 0.5455),
    }


def test_card_sections_and_content():
    text = render_card(golden_inputs())
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## What the model extracts", "## How to use it", "## Training data and weak supervision",
                        "## Evaluation", "## Intended use", "## Out-of-scope use", "## Limitations and bias",
                        "## Files"]
    # the schema table carries every relation with its allowed types, from kashif.schema
    assert "| `MEMBER_OF` | PER, ORG, GPE | ORG, GPE |" in text
    assert "| `USED` | PER, ORG, GPE | WEAPON |" in text
    # weak labeller vs model, per type, with the labelling-function versions
    assert "| weak labeller | 85.0 | 60.0 | **70.3** | 70.0 | 30.0 | **42.0** |" in text
    assert "| this model | 80.0 | 70.0 | **74.7** | 50.0 | 40.0 | **44.4** |" in text
    assert "| `WEAPON` | 15 | 31.1 | 48.0 |" in text
    assert "| `pattern.org_class_word` | 2 | 12.0 | 81.0 |" in text
    # a set scored only on entities shows no relation numbers and says how it was scored
    assert "| this model | 60.0 | 50.0 | **54.5** | – | – | **–** |" in text
    assert "seqeval's strict IOB2 scores" in text
    assert "Gold: 5 documents." in text and "Gold: `test.txt`, 924 sentences." in text
    assert "not verified facts" in text and "state-aligned outlets" in text
    assert 'pipeline("token-classification", model="kashif-nlp/kashif-arabert-conflict"' in text
    assert 'Extractor.from_pretrained("kashif-nlp/kashif-arabert-conflict")' in text


def test_example_follows_the_schema():
    doc = example_document()
    assert validate(doc) == []
    assert [(e.text, e.type) for e in doc.entities] == [
        ("جون دوريان", "PER"), ("التحالف الدولي", "ORG"), ("داعش", "ORG"), ("غاز الخردل", "WEAPON"),
        ("القوات العراقية", "ORG"), ("الموصل", "GPE"), ("آذار 2017", "DATE")]
    for r in doc.relations:
        assert relation_allowed(r.type, doc.entity(r.head).type, doc.entity(r.tail).type)


# --------------------------------------------------------------------------------------------
# reading a model folder


@pytest.fixture(scope="module")
def model_dir(tiny_model_dir, tmp_path_factory):
    return trained_model_dir(tiny_model_dir, tmp_path_factory)


def test_inputs_from_model_dir(model_dir):
    inputs = card_inputs_from_model_dir(model_dir, "someone/tiny")
    assert inputs.model_name == "tiny"
    assert inputs.entity_labels == tuple(LABELS)
    assert inputs.relation_labels == (NO_RELATION, *RELATION_TYPES)
    assert inputs.architecture == "BertForTokenClassification"
    # a model trained from scratch has no base model; local paths stay out of the card
    assert inputs.training.base_model is None
    assert inputs.training.settings == (
        ("seed", "13"), ("model.name", "tiny-bert-scratch"), ("model.hidden_size", "32"), ("model.layers", "1"),
        ("training.epochs", "2"), ("training.learning_rate", "0.001"), ("training.batch_size", "8"),
        ("data.max_length", "128"))
    ws = inputs.weak_supervision
    assert ws.aggregator == "dawid-skene" and ws.documents == 5
    assert ws.labelling_functions == (LabellingFunctionInfo("gazetteer.gpe@1", 0.31, 0.92),
                                      LabellingFunctionInfo("pattern.org_class_word@2", 0.12, None),
                                      LabellingFunctionInfo("grammar.date@1", 0.04, None))
    assert ws.coverage == (("tokens", 0.085),)
    (es,) = inputs.eval_sets
    assert es.name == "seed-gold" and es.documents == 1
    # gold: 4 entities, 2 relations; the model finds 3 entities right and USED; the weak
    # labeller 3 of 4 right (الموصل as LOC) and ATTACKED
    assert es.model.entities == Score(1.0, 0.75, pytest.approx(6 / 7), 4)
    assert es.model.relations == Score(1.0, 0.5, pytest.approx(2 / 3), 2)
    assert es.weak.entities == Score(0.75, 0.75, 0.75, 4)
    assert dict(es.weak.entity_types)["LOC"] == Score(0.0, 0.0, 0.0, 0)
    assert dict(es.model.relation_types)["ATTACKED"] == Score(0.0, 0.0, 0.0, 1)


def test_base_model_is_a_hub_id():
    from kashif.hub.card import training_from_config

    cfg = {"model": {"name": "aubmindlab/bert-base-arabertv02"}, "output_dir": "runs/x"}
    assert training_from_config(cfg) == TrainingInfo("aubmindlab/bert-base-arabertv02",
                                                      (("model.name", "aubmindlab/bert-base-arabertv02"),))


def test_provenance_variants():
    ws = weak_supervision_from_provenance({"aggregator": "majority", "labelling_functions": {
        "gazetteer.gpe@1": {"coverage": 0.2}, "date.grammar@3": {}}, "coverage": 0.4})
    assert ws.labelling_functions == (LabellingFunctionInfo("gazetteer.gpe@1", 0.2),
                                      LabellingFunctionInfo("date.grammar@3"))
    assert ws.coverage == (("overall", 0.4),)
    assert weak_supervision_from_provenance({"weak_labelled": False, "note": "gold labels"}) == \
        WeakSupervisionInfo(None, (), note="gold labels")


def test_eval_results_variants():
    from kashif.metrics import ANERCORP, conll_scores

    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"]]
    (es,) = eval_sets_from_results({"anercorp": conll_scores(gold, pred, ANERCORP)})
    assert es.weak is None and es.model.relations is None and es.model.entity_metric == "seqeval"
    assert es.model.entities == Score(0.5, 0.5, 0.5, 2)  # PERS right, LOC missed, ORG spurious
    assert [t for t, _ in es.model.entity_types] == ["PERS", "LOC", "ORG"]
    with pytest.raises(CardError, match="seed has neither 'entities' nor 'seqeval'"):
        eval_sets_from_results({"seed": {"f1": 1.0}})
    assert eval_sets_from_results({}) == ()
    # kashif.training's "validation" is scored against training labels: the card says so
    (val,) = eval_sets_from_results({"validation": conll_scores(gold, pred, ANERCORP)})
    assert val.note.startswith("a held-out split of the training documents")
    assert "This set is a held-out split of the training documents" in render_card(
        replace(golden_inputs(), eval_sets=(val,)))
    with pytest.raises(CardError, match="expected an object"):
        eval_sets_from_results([])


def test_malformed_model_dir(model_dir, tmp_path):
    bad = tmp_path / "model"
    bad.mkdir()
    for name in ("relation_head.json", "kashif_config.yaml", "eval_results.json", "weak_supervision.json"):
        (bad / name).write_bytes((model_dir / name).read_bytes())
    (bad / "config.json").write_text(json.dumps({"model_type": "bert"}), encoding="utf-8")
    with pytest.raises(CardError, match="config.json has no id2label"):
        card_inputs_from_model_dir(bad, "a/b")
    (bad / "config.json").write_bytes((model_dir / "config.json").read_bytes())
    (bad / "eval_results.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CardError, match="eval_results.json: not readable JSON"):
        card_inputs_from_model_dir(bad, "a/b")


def test_untrained_model_card(tiny_model_dir):
    # the shared tiny folder as built: random weights, never evaluated, no weak labels recorded
    inputs = card_inputs_from_model_dir(tiny_model_dir, "someone/untrained")
    assert inputs.eval_sets == ()
    assert inputs.weak_supervision == WeakSupervisionInfo(None, (), note="untrained model")
    assert inputs.training.base_model is None
    card = ModelCard(render_card(inputs))
    assert card.data.eval_results is None and "model-index" not in card.content and "model_name" not in card.content
    assert "**This model has not been evaluated on gold data**" in card.text
    assert "No weak-supervision provenance was recorded with this model (untrained model)." in card.text


def test_card_of_a_model_trained_on_weak_labels(tmp_path):
    """Issue 12 item 12: the card of a real trained folder (weak_supervision.json as training
    writes it, from WeakLabeller.provenance()) said no provenance was recorded."""
    from kashif.training import load_config, train

    repo = Path(__file__).resolve().parents[1]
    seeds = repo / "data" / "raw" / "seeds"
    cfg = load_config(repo / "configs" / "tiny-cpu.yaml", [
        f"data.train={seeds}", "data.validation_fraction=0.2", "data.max_length=64", "data.stride=16",
        "model.hidden=32", "model.layers=1", "model.heads=2", "model.vocab_size=600",
        "model.relation_ffn_dim=32", "model.relation_type_dim=8", "train.batch_size=8",
        "train.max_steps=1", "train.progress=false", "tracking.report_to=none",
        f"output_dir={tmp_path / 'model'}"])
    model_dir = train(cfg).model_dir
    recorded = json.loads((model_dir / "weak_supervision.json").read_text(encoding="utf-8"))
    assert recorded["weak_labelled"] is True and "entity_functions" in recorded  # the real format
    ws = card_inputs_from_model_dir(model_dir, "someone/demo").weak_supervision
    names = [lf.name for lf in ws.labelling_functions]
    assert ws.aggregator == "dawid-skene" and ws.documents == 5
    assert names == [f["name"] for f in recorded["entity_functions"] + recorded["relation_functions"]]
    learnt = recorded["reliabilities"]["entities"]
    assert any(lf.accuracy == learnt[lf.name] for lf in ws.labelling_functions if lf.name in learnt)
    text = render_card(card_inputs_from_model_dir(model_dir, "someone/demo"))
    assert "No weak-supervision provenance" not in text
    assert "It labelled 5 documents." in text and f"| `{names[0].partition('@')[0]}` |" in text


def test_provenance_of_several_sources():
    one = {"aggregator": "dawid-skene", "entity_functions": [{"name": "gazetteer.gpe@1"}],
           "relation_functions": [], "reliabilities": {"entities": {"gazetteer.gpe@1": 0.9}}, "fitted_on": {"documents": 3}}
    two = {"aggregator": "majority", "entity_functions": [{"name": "date.grammar@1"}], "fitted_on": {"documents": 2}}
    ws = weak_supervision_from_provenance({"weak_labelled": True, "sources": [one, two]})
    assert ws.aggregator == "dawid-skene + majority" and ws.documents == 5
    assert ws.labelling_functions == (LabellingFunctionInfo("gazetteer.gpe@1", None, 0.9),
                                      LabellingFunctionInfo("date.grammar@1"))
