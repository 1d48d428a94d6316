"""The Extractor API: loading (safely), extraction, window/segment merging, CoNLL tags, int8, offline hub."""

from __future__ import annotations

import fnmatch
import json
import shutil
import time
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kashif import Extractor
from kashif.corpus import ConllSentence
from kashif.inference.extractor import UnsafeModelError, check_model_dir, resolve_device
from kashif.model import JointModel, ModelLoadError, load_tokenizer
from kashif.model.labels import ENTITY_LABELS
from kashif.model.predict import predict_documents, segment_text
from kashif.schema import Document, validate
from kashif.text import tokenize


def _constant_tagger(model: JointModel, label: str) -> JointModel:
    """Make the token classifier say ``label`` for every subword, whatever the text."""
    clf = model.token_model.classifier
    with torch.no_grad():
        clf.weight.zero_()
        clf.bias.fill_(0.0)
        clf.bias[ENTITY_LABELS.index(label)] = 5.0
    return model


@pytest.fixture(scope="module")
def extractor(tiny_model_dir) -> Extractor:
    return Extractor.from_pretrained(tiny_model_dir, device="cpu")


def _tagger(tiny_model_dir, label: str, **kwargs) -> Extractor:
    model = _constant_tagger(JointModel.from_pretrained(tiny_model_dir), label)
    return Extractor(model, load_tokenizer(tiny_model_dir), device="cpu", **kwargs)


def test_extract_string_and_list(extractor):
    text = "استخدم تنظيم داعش غاز الكلور في سوريا عام 2014."
    doc = extractor.extract(text)
    assert isinstance(doc, Document) and doc.id == "doc-1" and doc.text == text
    docs = extractor.extract([text, "قال جون دوريان", ""], batch_size=2)
    assert [d.id for d in docs] == ["doc-1", "doc-2", "doc-3"]
    # batching does not change the result (scores: up to float rounding of differently shaped products)
    assert docs[0].entities == doc.entities
    strip = lambda rels: [(r.head, r.tail, r.type) for r in rels]  # noqa: E731
    assert strip(docs[0].relations) == strip(doc.relations)
    assert [r.score for r in docs[0].relations] == pytest.approx([r.score for r in doc.relations], abs=1e-6)
    assert docs[2].entities == () and docs[2].relations == ()
    for d in docs:
        assert validate(d) == []
        for e in d.entities:
            assert d.text[e.start:e.end] == e.text and 0.0 <= e.score <= 1.0
        assert all(0.0 <= r.score <= 1.0 for r in d.relations)
    assert extractor.extract([text], ids=["x"])[0].id == "x"


def test_every_word_once_with_exact_offsets_norms_and_relations(tiny_model_dir):
    ex = _tagger(tiny_model_dir, "B-PER")
    text = "قال “جون دوريان” والعراق. وصل لافروف"
    doc = ex.extract(text)
    assert [(e.start, e.end, e.text, e.norm) for e in doc.entities] == [
        (0, 3, "قال", "قال"), (5, 8, "جون", "جون"), (9, 15, "دوريان", "دوريان"),
        (17, 24, "والعراق", "العراق"), (26, 29, "وصل", "وصل"), (30, 36, "لافروف", "لافروف")]
    assert {e.type for e in doc.entities} == {"PER"}
    # PER -> PER pairs may only be SUPPLIED, and only inside a sentence (T1..T4 | T5..T6)
    assert doc.relations, "a random relation head labels some of the 14 candidate pairs"
    for r in doc.relations:
        assert r.type == "SUPPLIED"
        assert (r.head in {"T1", "T2", "T3", "T4"}) == (r.tail in {"T1", "T2", "T3", "T4"})
    assert [(r.head, r.tail) for r in doc.relations] == sorted((r.head, r.tail) for r in doc.relations)
    assert ex.extract(text, relations=False).relations == ()


def test_inside_tags_join_words_into_one_entity(tiny_model_dir):
    ex = _tagger(tiny_model_dir, "I-ORG")  # a stray I- starts an entity, the next I- continue it
    doc = ex.extract("  قوات سوريا الديمقراطية.  ")
    assert [(e.start, e.end, e.type, e.text) for e in doc.entities] == [(2, 24, "ORG", "قوات سوريا الديمقراطية")]


def test_long_document_windows_and_segments_merge_without_duplicates_or_cuts(tiny_model_dir, seed_texts):
    model = _constant_tagger(JointModel.from_pretrained(tiny_model_dir), "B-PER")
    tok = load_tokenizer(tiny_model_dir)
    text = "\n".join(seed_texts) * 2  # ~33k characters, some paragraphs longer than 500 characters
    words = [(t.start, t.end) for t in tokenize(text) if t.is_word]
    for seg in (500, 100_000):
        (doc,) = predict_documents(model, tok, [text], ["long"], max_length=32, stride=8, relations=False,
                                   segment_chars=seg)
        assert [(e.start, e.end) for e in doc.entities] == words
        assert [e.id for e in doc.entities] == [f"T{k}" for k in range(1, len(words) + 1)]


def test_segment_text_cuts_at_line_breaks_then_sentence_ends():
    text = "أ ب.\nج د. هـ و.\nز"
    assert segment_text(text, 100) == [(0, text)]
    assert segment_text(text, 6) == [(0, "أ ب.\n"), (5, "ج د. "), (10, "هـ و.\n"), (16, "ز")]
    long_line = "كلمة " * 10
    assert segment_text(long_line, 8) == [(0, long_line)]  # no place to cut: kept whole
    for max_chars in (3, 7, 20):
        assert "".join(s for _, s in segment_text(text, max_chars)) == text
        assert all(text[o:o + len(s)] == s for o, s in segment_text(text, max_chars))


def test_extract_conll_tags_tokens(tiny_model_dir):
    sents = [ConllSentence(("داعش", "في", "سوريا"), None), ConllSentence(("(د", "ب)"), ("O", "O"))]
    assert _tagger(tiny_model_dir, "B-GPE").extract_conll(sents) == [["B-GPE"] * 3, ["B-GPE"] * 2]
    assert _tagger(tiny_model_dir, "O").extract_conll(sents) == [["O"] * 3, ["O"] * 2]
    assert _tagger(tiny_model_dir, "I-LOC").extract_conll(sents[:1]) == [["B-LOC", "I-LOC", "I-LOC"]]
    assert _tagger(tiny_model_dir, "O").extract_conll([]) == []


def test_int8_quantisation_keeps_valid_output(tiny_model_dir, seed_texts):
    q = Extractor.from_pretrained(tiny_model_dir, device="cpu", quantize=True)
    assert q.quantized and "int8" in repr(q)
    kinds = {type(m).__module__ for m in q.model.modules()}
    assert any("quantized" in k for k in kinds), kinds
    doc = q.extract(seed_texts[0][:1500])
    assert validate(doc) == [] and doc.entities


def test_bfloat16_weights_give_valid_documents(tiny_model_dir):
    ex = Extractor.from_pretrained(tiny_model_dir, device="cpu", dtype=torch.bfloat16)  # the CUDA default
    assert next(ex.model.parameters()).dtype == torch.bfloat16
    doc = ex.extract("استخدم تنظيم داعش غاز الكلور في سوريا.")
    assert validate(doc) == [] and all(isinstance(e.score, float) for e in doc.entities)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on a machine without CUDA")
def test_cuda_without_cuda_is_a_clear_error(tiny_model_dir):
    with pytest.raises(ValueError, match="CUDA is not available"):
        resolve_device("cuda")
    with pytest.raises(ValueError, match="unknown device"):
        resolve_device("tpu9")
    assert resolve_device("auto") == torch.device("cpu")


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


@pytest.mark.parametrize("extra, message", [
    ("pytorch_model.bin", "refusing pickled weights"),
    ("weights.ckpt", "refusing pickled weights"),
    ("modeling_evil.py", "refusing a model folder with Python code"),
])
def test_unsafe_files_are_refused(tiny_model_dir, tmp_path, extra, message):
    d = _copy(tiny_model_dir, tmp_path / "m")
    (d / extra).write_bytes(b"not really")
    with pytest.raises(UnsafeModelError, match=message):
        Extractor.from_pretrained(d)


def test_remote_code_and_missing_safetensors_are_refused(tiny_model_dir, tmp_path):
    d = _copy(tiny_model_dir, tmp_path / "m")
    cfg = json.loads((d / "config.json").read_text())
    cfg["auto_map"] = {"AutoModel": "evil.Model"}
    (d / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(UnsafeModelError, match="auto_map"):
        check_model_dir(d)
    e = _copy(tiny_model_dir, tmp_path / "n")
    (e / "model.safetensors").unlink()
    (e / "relation_head.safetensors").unlink()
    with pytest.raises(ModelLoadError, match="no safetensors"):
        Extractor.from_pretrained(e)


def test_offline_hub_id_fails_fast_naming_the_offline_config(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    t0 = time.time()
    with pytest.raises(ModelLoadError, match="configs/tiny-cpu.yaml"):
        Extractor.from_pretrained("kashif-tests/no-such-model")
    assert time.time() - t0 < 5


def test_hub_download_asks_only_for_safe_files(tiny_model_dir, tmp_path, monkeypatch):
    import huggingface_hub

    asked = {}

    def fake_snapshot_download(repo_id, allow_patterns=None, **kwargs):
        asked.update(repo_id=repo_id, patterns=allow_patterns)
        return str(_copy(tiny_model_dir, tmp_path / "snap"))

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_snapshot_download)
    ex = Extractor.from_pretrained("owner/name", device="cpu")
    assert asked["repo_id"] == "owner/name"
    for name in ("pytorch_model.bin", "model.pt", "x.pkl", "m.ckpt", "modeling.py"):
        assert not any(fnmatch.fnmatch(name, p) for p in asked["patterns"]), name
    for name in ("model.safetensors", "config.json", "tokenizer.json", "vocab.txt"):
        assert any(fnmatch.fnmatch(name, p) for p in asked["patterns"]), name
    assert validate(ex.extract("داعش في سوريا")) == []


_ARABIC_ISH = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة") + list("ًٌٍَُِّْـ")
                             + list(" \n\t.،؟!:“”()-0123456789٠١٢abc") + ["\u200f", "\u00a0"]),
    max_size=200)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ARABIC_ISH)
def test_property_output_always_validates(extractor, text):
    doc = extractor.extract(text)
    assert doc.text == text
    assert validate(doc) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("ابتدرسعلمنهوي") + list(" \n.؟!،2")), max_size=600))
def test_property_small_windows_valid_offsets_every_word_once(tiny_model_dir, text):
    """Windows of whole sentences (and overlapping ones inside long sentences) merge back into
    valid documents: with every word tagged B-PER, each word is exactly one entity."""
    tok = load_tokenizer(tiny_model_dir)
    model = _constant_tagger(JointModel.from_pretrained(tiny_model_dir), "B-PER")
    (doc,) = predict_documents(model, tok, [text], ["p"], max_length=12, stride=3)
    assert validate(doc) == []
    assert [(e.start, e.end) for e in doc.entities] == [(t.start, t.end) for t in tokenize(text) if t.is_word]


# ---------------------------------------------------------------- issue 12: rough edges


def test_model_folder_without_tokenizer_is_refused_naming_the_missing_file(tiny_model_dir, tmp_path):
    """Item 1: without tokenizer.json and vocab.txt the folder must not load (it used to, with a
    tokenizer from elsewhere, and tag the wrong subwords)."""
    d = _copy(tiny_model_dir, tmp_path / "m")
    (d / "tokenizer.json").unlink()
    assert Extractor.from_pretrained(d, device="cpu")  # vocab.txt alone is a complete WordPiece folder
    (d / "vocab.txt").unlink()
    with pytest.raises(ModelLoadError, match=r"tokenizer is missing \(expected tokenizer.json or vocab.txt\)"):
        Extractor.from_pretrained(d, device="cpu")
    e = _copy(tiny_model_dir, tmp_path / "n")
    (e / "vocab.txt").unlink()  # tokenizer.json alone (a sentencepiece/BPE fast tokenizer) is complete
    assert Extractor.from_pretrained(e, device="cpu")


@pytest.mark.parametrize("name", ["model.safetensors", "relation_head.safetensors"])
def test_truncated_weights_are_a_model_load_error(tiny_model_dir, tmp_path, name):
    """Item 6: a truncated safetensors file is a ModelLoadError (one line, exit 2), not SafetensorError."""
    d = _copy(tiny_model_dir, tmp_path / "m")
    data = (d / name).read_bytes()
    (d / name).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelLoadError, match="not a loadable model folder"):
        Extractor.from_pretrained(d, device="cpu")


@pytest.mark.parametrize("texts, message", [
    (None, "expects a string or a list of strings, not NoneType"),
    (42, "not int"),
    (["داعش", None], "the list holds a NoneType"),
    ([b"bytes"], "the list holds a bytes"),
])
def test_extract_wrong_type_says_what_was_expected(extractor, texts, message):
    """Item 8."""
    with pytest.raises(TypeError, match=message):
        extractor.extract(texts)


def test_missing_relative_path_is_not_taken_for_a_hub_id(tmp_path, monkeypatch):
    """Item 10: 'runs/demo/model' from another folder: the folder does not exist (not 'offline')."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    for name in ("runs/demo/model", "./model", "runs\\model"):
        with pytest.raises(ModelLoadError, match="no such model folder") as err:
            Extractor.from_pretrained(name, device="cpu")
        assert "Hub" not in str(err.value) and "offline" not in str(err.value)


def test_hub_error_says_why_the_hub_cannot_be_reached(monkeypatch):
    """Item 10: '(offline)' only when offline mode is on."""
    import kashif.model.loading as loading

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelLoadError, match=r"HF_HUB_OFFLINE is set"):
        Extractor.from_pretrained("kashif-tests/no-such-model", device="cpu")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.setattr(loading, "_reachable", lambda *a: False)
    with pytest.raises(ModelLoadError, match=r"\(no connection\)") as err:
        Extractor.from_pretrained("kashif-tests/no-such-model", device="cpu")
    assert "HF_HUB_OFFLINE" not in str(err.value)
