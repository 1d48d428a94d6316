"""Loading and saving the fast tokenizer that goes with a model folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from transformers import AutoTokenizer, PreTrainedTokenizerBase

from kashif.model.loading import ModelLoadError, hub_kwargs, load_error


def load_tokenizer(path_or_hub_id: str | os.PathLike) -> PreTrainedTokenizerBase:
    """The fast tokenizer of a model folder or Hub id; :class:`ModelLoadError` when it cannot be loaded.

    A fast tokenizer is required: alignment needs ``word_ids()`` and offsets.
    """
    try:
        tok = AutoTokenizer.from_pretrained(str(path_or_hub_id), **hub_kwargs(path_or_hub_id))
    except (OSError, ValueError, ImportError) as exc:
        raise load_error(path_or_hub_id, exc) from None
    if not getattr(tok, "is_fast", False):
        raise ModelLoadError(f"{path_or_hub_id}: a fast (tokenizers) tokenizer is required")
    return tok


def is_wordpiece(tokenizer: PreTrainedTokenizerBase) -> bool:
    """True for a WordPiece (BERT-style) fast tokenizer."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    return backend is not None and type(backend.model).__name__ == "WordPiece"


def save_tokenizer(tokenizer: PreTrainedTokenizerBase, out_dir: str | os.PathLike) -> None:
    """Save the tokenizer, with ``special_tokens_map.json`` and, for WordPiece, ``vocab.txt`` too.

    transformers 5 writes only ``tokenizer.json`` and ``tokenizer_config.json``; the classic files
    keep the folder readable by older tools and by the legacy (slow) BERT tokenizer. A sentencepiece
    (Unigram) or BPE tokenizer gets no ``vocab.txt``: a list of its pieces would read as a WordPiece
    vocabulary and mislead.
    """
    out = Path(out_dir)
    tokenizer.save_pretrained(str(out))
    if is_wordpiece(tokenizer) and not (out / "vocab.txt").exists():
        vocab = tokenizer.get_vocab()
        ids = sorted(vocab.values())
        if ids == list(range(len(ids))):  # a WordPiece vocabulary is a dense id range
            by_id = {i: t for t, i in vocab.items()}
            (out / "vocab.txt").write_text("".join(by_id[i] + "\n" for i in ids), encoding="utf-8")
    if not (out / "special_tokens_map.json").exists():
        specials = {k: str(v) for k, v in tokenizer.special_tokens_map.items() if isinstance(v, str)}
        (out / "special_tokens_map.json").write_text(json.dumps(specials, indent=2) + "\n", encoding="utf-8")
