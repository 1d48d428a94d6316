"""Tiny BERT models built locally: a WordPiece vocabulary trained on the corpus, random weights.

Used by ``configs/tiny-cpu.yaml`` (trained from scratch, no download) and by tests of inference
and publishing, which need a complete model folder without training or network.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import torch
import yaml
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
from transformers import BertConfig, BertTokenizer, PreTrainedTokenizerBase

from kashif.files import atomic_dir
from kashif.model.joint import JointModel

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def train_wordpiece(texts: Iterable[str], vocab_size: int = 8000, max_length: int = 512) -> PreTrainedTokenizerBase:
    """A BERT WordPiece tokenizer trained on ``texts`` (deterministic for the same texts).

    Accents are stripped, which for Arabic removes the diacritics and folds أ إ آ into ا (they
    decompose into alif + a combining hamza or madda) - the letter variants the corpus mixes.
    """
    texts = list(texts)
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=True, lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    # The trainer numbers "##x" pieces in hash-map order, which changes its merges from run to
    # run (huggingface/tokenizers#1794); listing them up front, sorted, makes training deterministic.
    chars = sorted({c for t in texts for c in tok.normalizer.normalize_str(t) if not c.isspace()})
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS + [f"##{c}" for c in chars],
                                        show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    return BertTokenizer(vocab=tok.get_vocab(), do_lower_case=False, strip_accents=True,
                         model_max_length=max_length)


def tiny_bert_config(vocab_size: int, *, hidden: int = 64, layers: int = 2, heads: int = 2,
                     intermediate: int | None = None, max_position: int = 512,
                     dropout: float = 0.1) -> BertConfig:
    """The encoder config of a small BERT (``intermediate`` defaults to 4 x hidden)."""
    if hidden % heads:
        raise ValueError(f"hidden={hidden} must be a multiple of heads={heads}")
    return BertConfig(vocab_size=vocab_size, hidden_size=hidden, num_hidden_layers=layers,
                      num_attention_heads=heads, intermediate_size=intermediate or 4 * hidden,
                      max_position_embeddings=max_position, hidden_dropout_prob=dropout,
                      attention_probs_dropout_prob=dropout)


def build_tiny_model_dir(out_dir: str | os.PathLike, texts: Iterable[str], *, hidden: int = 64, layers: int = 2,
                         heads: int = 2, vocab_size: int = 2000, seed: int = 0) -> Path:
    """Write a complete, untrained model folder (the MODEL_DIR layout) to ``out_dir``.

    The tokenizer is trained on ``texts``; weights are random with ``seed``. The folder is written
    atomically and returned.
    """
    tokenizer = train_wordpiece(texts, vocab_size)
    config = tiny_bert_config(len(tokenizer.get_vocab()), hidden=hidden, layers=layers, heads=heads)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = JointModel.from_config(config, relation={"type_dim": 16, "ffn_dim": 4 * hidden})
    resolved = {"model": {"init": "scratch", "hidden": hidden, "layers": layers, "heads": heads,
                          "vocab_size": vocab_size}, "seed": seed,
                "note": "built by kashif.model.tiny.build_tiny_model_dir: random weights, not trained"}
    with atomic_dir(out_dir) as tmp:
        model.save_pretrained(tmp, tokenizer=tokenizer)
        (tmp / "kashif_config.yaml").write_text(yaml.safe_dump(resolved, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
        (tmp / "eval_results.json").write_text("{}\n", encoding="utf-8")
        (tmp / "weak_supervision.json").write_text(
            json.dumps({"weak_labelled": False, "note": "untrained model"}, indent=2) + "\n", encoding="utf-8")
    return Path(out_dir)
