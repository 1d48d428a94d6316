"""Words -> subwords -> overlapping windows, and labels aligned to subwords.

Words are :func:`kashif.text.tokenize` tokens (punctuation included, so the model sees it). A
document is encoded once without special tokens; windows are then cut on word boundaries with
about ``stride`` subwords of overlap, so a long document is never truncated and every word lies
whole inside at least one window. At prediction time each word is read from the window where it
has the most context on both sides (:func:`window_owner`), so it is predicted exactly once.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from transformers import PreTrainedTokenizerBase

from kashif.model.labels import IGNORE_INDEX
from kashif.text import Token, tokenize


@dataclass(frozen=True)
class EncodedText:
    """One document as words and subwords. ``word_start[w]:word_end[w]`` are word ``w``'s subwords."""

    tokens: tuple[Token, ...]
    ids: tuple[int, ...]
    word_start: tuple[int, ...]
    word_end: tuple[int, ...]


@dataclass(frozen=True)
class Window:
    """Words ``first:last`` (end exclusive) and their subwords ``sub_start:sub_end`` of one window."""

    first: int
    last: int
    sub_start: int
    sub_end: int


def special_ids(tokenizer: PreTrainedTokenizerBase) -> tuple[list[int], list[int]]:
    """The ids put before and after a window: ``[CLS]``/``[SEP]`` (BERT) or ``<s>``/``</s>``."""
    first = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
    last = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id
    return ([first] if first is not None else []), ([last] if last is not None else [])


def encode_texts(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str]) -> list[EncodedText]:
    """Tokenise ``texts`` into words and subwords (one batched call to the fast tokenizer).

    A word the tokenizer maps to nothing (a lone mark its normaliser strips) becomes ``[UNK]``,
    so every word has at least one subword and can be labelled.
    """
    words = [tuple(tokenize(t)) for t in texts]
    batch = [[w.text for w in ws] for ws in words]
    nonempty = [i for i, b in enumerate(batch) if b]
    enc = tokenizer([batch[i] for i in nonempty], is_split_into_words=True, add_special_tokens=False,
                    return_attention_mask=False, return_token_type_ids=False,
                    verbose=False) if nonempty else None
    out: list[EncodedText] = []
    row = {i: k for k, i in enumerate(nonempty)}
    for i, toks in enumerate(words):
        if i not in row:
            out.append(EncodedText(toks, (), (), ()))
            continue
        ids = enc["input_ids"][row[i]]
        wids = enc.word_ids(row[i])
        new_ids: list[int] = []
        start = [0] * len(toks)
        end = [0] * len(toks)
        pos = 0
        for w in range(len(toks)):
            start[w] = len(new_ids)
            while pos < len(ids) and wids[pos] == w:
                new_ids.append(ids[pos])
                pos += 1
            if len(new_ids) == start[w]:
                new_ids.append(tokenizer.unk_token_id)
            end[w] = len(new_ids)
        out.append(EncodedText(toks, tuple(new_ids), tuple(start), tuple(end)))
    return out


def plan_windows(word_start: Sequence[int], word_end: Sequence[int], max_subwords: int,
                 stride: int) -> list[Window]:
    """Cut words into windows of at most ``max_subwords`` subwords overlapping by about ``stride``.

    Windows start and end on word boundaries; the next window starts at the first word whose
    subwords all lie in the last ``stride`` subwords of the previous one (always at least one word
    later, so the loop ends). A single word longer than ``max_subwords`` gets a window of its own,
    clipped to ``max_subwords`` subwords (its first subword, which carries its label, is kept).
    """
    if max_subwords < 1:
        raise ValueError(f"max_subwords={max_subwords} must be positive")
    if not 0 <= stride < max_subwords:
        raise ValueError(f"stride={stride} must be in [0, max_subwords={max_subwords})")
    n = len(word_start)
    out: list[Window] = []
    first = 0
    while first < n:
        last = first + 1
        while last < n and word_end[last] - word_start[first] <= max_subwords:
            last += 1
        sub_end = min(word_end[last - 1], word_start[first] + max_subwords)
        out.append(Window(first, last, word_start[first], sub_end))
        if last >= n:
            break
        nxt = last
        while nxt - 1 > first and sub_end - word_start[nxt - 1] <= stride:
            nxt -= 1
        first = nxt
    return out


def window_owner(windows: Sequence[Window], n_words: int) -> list[int]:
    """For every word, the window that predicts it: the one giving it the most words of context
    on its shorter side (ties go to the earlier window)."""
    owner = [-1] * n_words
    best = [-1] * n_words
    for k, win in enumerate(windows):
        for w in range(win.first, win.last):
            ctx = min(w - win.first, win.last - 1 - w)
            if ctx > best[w]:
                best[w], owner[w] = ctx, k
    return owner


def span_window(windows: Sequence[Window], first_word: int, last_word: int) -> int | None:
    """The window that holds words ``first_word:last_word`` whole with the most context, or None."""
    best, best_k = -1, None
    for k, win in enumerate(windows):
        if win.first <= first_word and last_word <= win.last:
            ctx = min(first_word - win.first, win.last - last_word)
            if ctx > best:
                best, best_k = ctx, k
    return best_k


def word_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Indices ``(first, last)`` (exclusive) of the word tokens overlapping characters ``start:end``."""
    ends = [t.end for t in tokens]  # tokens are sorted and disjoint, so ends are increasing
    first = bisect.bisect_right(ends, start)
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return (first, last) if last > first else None


def align_labels(word_ids: Sequence[int | None], word_labels: Sequence[int], *,
                 label_all_subwords: bool = False, inside_ids: Sequence[int] | None = None) -> list[int]:
    """Subword label ids from word label ids (HF ``tokenize_and_align_labels``).

    ``word_ids`` gives each subword position's word (None for special tokens). The first subword
    of a word gets the word's label; the others get ``-100`` (ignored), or with
    ``label_all_subwords`` the label too, where a ``B-X`` becomes ``I-X`` through ``inside_ids``.
    A word label of ``-100`` stays ignored on all its subwords.
    """
    out: list[int] = []
    prev = None
    for wid in word_ids:
        if wid is None:
            out.append(IGNORE_INDEX)
        elif wid != prev:
            out.append(word_labels[wid])
        elif label_all_subwords and word_labels[wid] != IGNORE_INDEX:
            lab = word_labels[wid]
            out.append(inside_ids[lab] if inside_ids is not None else lab)
        else:
            out.append(IGNORE_INDEX)
        prev = wid
    return out
