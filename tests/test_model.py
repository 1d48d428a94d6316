"""The joint model: relation head outputs, losses, saving/loading, prediction in character space."""

from __future__ import annotations

import json
import time

import pytest
import torch
from torch.nn import functional as F

from kashif.model import ENTITY_LABELS, RELATION_LABELS, JointModel, ModelLoadError, load_tokenizer
from kashif.model.predict import predict_documents
from kashif.model.relation_head import RelationHead, RelationHeadConfig, soft_cross_entropy, span_means
from kashif.schema import ENTITY_TYPES, validate
from kashif.text import tokenize


def _head(hidden: int = 8) -> RelationHead:
    torch.manual_seed(0)
    return RelationHead(RelationHeadConfig(hidden_size=hidden, type_dim=4, ffn_dim=16, dropout=0.0))


def test_label_sets():
    assert RELATION_LABELS == ("NONE", "USED", "PRODUCED", "SUPPLIED", "ATTACKED", "LOCATED_IN", "MEMBER_OF")
    assert ENTITY_LABELS[:5] == ("O", "B-PER", "I-PER", "B-ORG", "I-ORG")
    assert len(ENTITY_LABELS) == 15


def test_relation_head_shapes_none_label_and_loss_none():
    head = _head().eval()
    hidden = torch.randn(2, 10, 8)
    per, org, weapon = (ENTITY_TYPES.index(t) for t in ("PER", "ORG", "WEAPON"))
    spans = torch.tensor([[0, 1, 3], [0, 5, 6], [1, 2, 4], [1, 7, 9]])
    types = torch.tensor([org, weapon, per, org])
    pairs = torch.tensor([[0, 1], [1, 0], [2, 3]])
    out = head(hidden, spans, types, pairs)
    assert out.loss is None
    assert out.logits.shape == (3, 7)
    # ORG -> WEAPON: only NONE, USED and PRODUCED survive the schema mask
    kept = (out.logits[0] > -1e3).nonzero().flatten().tolist()
    assert [RELATION_LABELS[i] for i in kept] == ["NONE", "USED", "PRODUCED"]
    # WEAPON -> ORG: nothing is allowed but NONE
    assert (out.logits[1] > -1e3).nonzero().flatten().tolist() == [0]
    # PER -> ORG
    kept = (out.logits[2] > -1e3).nonzero().flatten().tolist()
    assert [RELATION_LABELS[i] for i in kept] == ["NONE", "SUPPLIED", "ATTACKED", "MEMBER_OF"]
    out = head(hidden, spans, types, pairs, labels=torch.tensor([1, 0, 6]))
    assert out.loss.shape == () and out.loss.item() > 0
    out.loss.backward()
    assert head.ffn[0].weight.grad is not None


def test_relation_head_without_pairs():
    head = _head()
    out = head(torch.randn(1, 4, 8), torch.zeros((0, 3), dtype=torch.long), torch.zeros(0, dtype=torch.long),
               torch.zeros((0, 2), dtype=torch.long))
    assert out.logits.shape == (0, 7) and out.loss is None


def test_relation_head_inference_path_equals_concatenation():
    """At inference the first layer is applied by parts; it must be the same function as training's."""
    torch.manual_seed(0)
    head = _head(hidden=8)
    hidden = torch.randn(2, 6, 8)
    spans = torch.tensor([[0, 0, 2], [0, 3, 4], [0, 4, 6], [1, 1, 3], [1, 3, 5]])
    types = torch.tensor([0, 1, 5, 2, 3])
    pairs = torch.tensor([[0, 1], [1, 0], [0, 2], [2, 1], [3, 4], [4, 3]])
    head.train()  # dropout is 0: the training path is the plain concatenation
    want = head(hidden, spans, types, pairs).logits
    head.eval()
    got = head(hidden, spans, types, pairs).logits
    assert torch.allclose(got, want, atol=1e-5)


def test_span_means_exact():
    hidden = torch.arange(12, dtype=torch.float).reshape(1, 6, 2)  # rows [0,1], [2,3], ... [10,11]
    got = span_means(hidden, torch.tensor([0, 0, 0]), torch.tensor([1, 0, 3]), torch.tensor([3, 1, 3]))
    assert got.tolist() == [[3.0, 4.0], [0.0, 1.0], [0.0, 0.0]]


def test_soft_cross_entropy():
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3], [1.0, 1.0, 1.0]])
    labels = torch.tensor([1, 2, -100])
    hard = soft_cross_entropy(logits, labels)
    assert torch.allclose(hard, F.cross_entropy(logits, labels, ignore_index=-100))
    # a score of 0 puts all the target on index 0 (NONE / O)
    zero = soft_cross_entropy(logits, labels, scores=torch.zeros(3))
    assert torch.allclose(zero, F.cross_entropy(logits[:2], torch.tensor([0, 0])))
    # weights: only the second row counts
    w = soft_cross_entropy(logits, labels, weights=torch.tensor([0.0, 1.0, 1.0]))
    assert torch.allclose(w, F.cross_entropy(logits[1:2], labels[1:2]))


def test_saved_folder_is_plain_transformers(tiny_model_dir):
    from transformers import AutoModelForTokenClassification, pipeline

    cfg = json.loads((tiny_model_dir / "config.json").read_text())
    assert [cfg["id2label"][str(i)] for i in range(15)] == list(ENTITY_LABELS)
    head_cfg = json.loads((tiny_model_dir / "relation_head.json").read_text())
    assert head_cfg["labels"] == list(RELATION_LABELS) and head_cfg["version"] == 1
    for name in ("model.safetensors", "relation_head.safetensors", "tokenizer.json", "tokenizer_config.json",
                 "special_tokens_map.json", "vocab.txt", "kashif_config.yaml", "eval_results.json",
                 "weak_supervision.json"):
        assert (tiny_model_dir / name).is_file(), name
    assert not list(tiny_model_dir.glob("*.bin"))
    tc = AutoModelForTokenClassification.from_pretrained(tiny_model_dir)
    assert tc.config.num_labels == 15
    ner = pipeline("token-classification", model=str(tiny_model_dir))
    text = "استخدم داعش غاز الكلور"
    for item in ner(text):
        assert text[item["start"]:item["end"]] == item["word"] or item["word"].startswith("##")


def test_save_load_round_trip(tiny_model_dir, tmp_path):
    model = JointModel.from_pretrained(tiny_model_dir).eval()
    tok = load_tokenizer(tiny_model_dir)
    model.save_pretrained(tmp_path / "copy", tokenizer=tok)
    again = JointModel.from_pretrained(tmp_path / "copy").eval()
    ids = tok("داعش استخدم غاز الكلور في سوريا", return_tensors="pt")
    spans = torch.tensor([[0, 1, 2], [0, 3, 5]])
    kw = {"entity_spans": spans, "entity_types": torch.tensor([1, 5]), "pairs": torch.tensor([[0, 1]])}
    a, b = model(**ids, **kw), again(**ids, **kw)
    assert torch.equal(a.logits, b.logits) and torch.equal(a.relation_logits, b.relation_logits)
    assert a.loss is None and a.relation_logits.shape == (1, 7)


def test_joint_loss_with_labels(tiny_model_dir):
    model = JointModel.from_pretrained(tiny_model_dir)
    ids = torch.tensor([[2, 10, 11, 12, 3]])
    labels = torch.tensor([[-100, 3, 0, 11, -100]])
    out = model(input_ids=ids, attention_mask=torch.ones_like(ids), labels=labels,
                entity_spans=torch.tensor([[0, 1, 2], [0, 3, 4]]), entity_types=torch.tensor([1, 5]),
                pairs=torch.tensor([[0, 1]]), pair_labels=torch.tensor([1]))
    assert torch.allclose(out.loss, out.ner_loss + out.relation_loss)


def _all_words_person(model: JointModel) -> None:
    """Make the classifier say B-PER everywhere, so each word is predicted as its own entity."""
    clf = model.token_model.classifier
    with torch.no_grad():
        clf.weight.zero_()
        clf.bias.fill_(0.0)
        clf.bias[ENTITY_LABELS.index("B-PER")] = 5.0


def test_long_document_windows_predict_every_word_once(tiny_model_dir, seed_texts):
    model = JointModel.from_pretrained(tiny_model_dir)
    tok = load_tokenizer(tiny_model_dir)
    _all_words_person(model)
    text = seed_texts[2]  # ~10k characters: dozens of 32-subword windows
    (doc,) = predict_documents(model, tok, [text], ["long"], max_length=32, stride=8, relations=False)
    words = [(t.start, t.end) for t in tokenize(text) if t.is_word]
    assert [(e.start, e.end) for e in doc.entities] == words
    assert all(e.type == "PER" for e in doc.entities)
    assert validate(doc) == []


def test_predict_relations_and_scores(tiny_model_dir):
    model = JointModel.from_pretrained(tiny_model_dir)
    tok = load_tokenizer(tiny_model_dir)
    _all_words_person(model)
    texts = ["قال جون دوريان. وصل لافروف إلى", "", "سيرغي"]
    docs = predict_documents(model, tok, texts, ["a", "b", "c"], max_length=16, stride=4)
    assert [d.id for d in docs] == ["a", "b", "c"]
    assert [e.text for e in docs[0].entities] == ["قال", "جون", "دوريان", "وصل", "لافروف", "إلى"]
    assert docs[1].entities == () and [e.text for e in docs[2].entities] == ["سيرغي"]
    for d in docs:
        assert validate(d) == []
    # relations only inside a sentence: never between the first three and the last three words
    first = {"T1", "T2", "T3"}
    for r in docs[0].relations:
        assert (r.head in first) == (r.tail in first)
        assert 0.0 <= r.score <= 1.0
    assert all(0.0 <= e.score <= 1.0 for e in docs[0].entities)


def test_offline_hub_error_names_tiny_config_fast(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    t0 = time.time()
    with pytest.raises(ModelLoadError, match="configs/tiny-cpu.yaml"):
        JointModel.from_encoder("aubmindlab/no-such-model-for-kashif-tests")
    with pytest.raises(ModelLoadError, match="configs/tiny-cpu.yaml"):
        load_tokenizer("aubmindlab/no-such-model-for-kashif-tests")
    assert time.time() - t0 < 5


def test_not_a_model_folder(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelLoadError, match="missing relation_head.json"):
        JointModel.from_pretrained(tmp_path)
