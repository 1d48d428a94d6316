"""Words -> subwords -> windows, and labels aligned to subwords.

Words are :func:`kashif.text.tokenize` tokens (punctuation included, so the model sees it). A
document is encoded once without special tokens; windows are then cut on word boundaries, so a
long document is never truncated and every word lies whole inside at least one window. Windows
hold whole sentences where they can and then do not overlap: entities and relations never cross
a sentence (ANNOTATION.md), so no subword is encoded twice. A sentence longer than a window is
read in windows overlapping by about ``stride`` subwords, and each of its words is predicted from
the window where it has the most context on both sides (:func:`window_owner`), so every word is
predicted exactly once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from transformers import PreTrainedTokenizerBase

from kashif.model.labels import IGNORE_INDEX
from kashif.text import Token, tokenize


@dataclass(frozen=True)
class EncodedText:
    """One document as words and subwords. ``word_start[w]:word_end[w]`` are word ``w``'s subwords;
    ``word_head[w]`` is the one that carries its label: the first, or the second when the first is
    a bare sentencepiece ``▁`` (a word boundary with no characters of the word)."""

    tokens: tuple[Token, ...]
    ids: tuple[int, ...]
    word_start: tuple[int, ...]
    word_end: tuple[int, ...]
    breaks: tuple[int, ...] = ()  # the words that begin a sentence (see sentence_breaks)
    heads: tuple[int, ...] | None = None  # word_head, when it differs from word_start anywhere

    @property
    def word_head(self) -> tuple[int, ...]:
        return self.word_start if self.heads is None else self.heads


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


# where windows (and long documents, kashif.model.predict.segment_text) may be cut: after a line
# break, or after . ! ? or ؟ followed by white space
LINE_END_RE = re.compile(r"\n")
SENTENCE_END_RE = re.compile(r"[.!?؟]\s")
_BREAK_RE = re.compile(f"{SENTENCE_END_RE.pattern}|{LINE_END_RE.pattern}")


def sentence_breaks(text: str, tokens: Sequence[Token]) -> tuple[int, ...]:
    """Indices of the tokens (after the first) that begin a sentence: the first token after a line
    break, or after ``. ! ? ؟`` followed by white space (so ``3.5`` is no break)."""
    if len(tokens) < 2:
        return ()
    starts = np.fromiter((t.start for t in tokens), dtype=np.int64, count=len(tokens))
    pos = np.fromiter((m.end() for m in _BREAK_RE.finditer(text)), dtype=np.int64)
    idx = np.unique(np.searchsorted(starts, pos, side="left"))
    return tuple(idx[(idx > 0) & (idx < len(tokens))].tolist())


class SubwordCache:
    """Subword ids of words, each distinct word tokenised once.

    With pre-split input a fast tokenizer reads every word on its own (normaliser, pre-tokenizer
    and WordPiece/BPE/Unigram apply per word), so a word's ids do not depend on its neighbours:
    news repeats its words, and only the new ones go to the tokenizer, in one call. A word the
    tokenizer maps to nothing (a lone mark its normaliser strips) gets ``[UNK]``, so every word
    has at least one subword and can be labelled. Holds at most ``max_words`` words (then starts
    afresh), so memory stays bounded on a stream of documents.
    """

    def __init__(self, tokenizer: PreTrainedTokenizerBase, max_words: int = 200_000) -> None:
        self.tokenizer = tokenizer
        self.max_words = max_words
        self._ids: dict[str, tuple[int, ...]] = {}
        self.bare_id = bare_piece_id(tokenizer)

    def __call__(self, words: Sequence[str]) -> list[tuple[int, ...]]:
        ids = self._ids
        new = [w for w in dict.fromkeys(words) if w not in ids]
        if new:
            if len(ids) + len(new) > self.max_words:
                ids.clear()
                new = list(dict.fromkeys(words))
            enc = self.tokenizer([new], is_split_into_words=True, add_special_tokens=False,
                                 return_attention_mask=False, return_token_type_ids=False, verbose=False)
            flat = enc["input_ids"][0]
            counts = np.bincount(np.asarray(enc.word_ids(0), dtype=np.int64), minlength=len(new))
            end = np.cumsum(counts).tolist()
            unk = (self.tokenizer.unk_token_id,)
            for w, c, e in zip(new, counts.tolist(), end):
                ids[w] = tuple(flat[e - c:e]) if c else unk
        return [ids[w] for w in words]


def bare_piece_id(tokenizer: PreTrainedTokenizerBase) -> int | None:
    """The id of the bare word-boundary piece ``▁`` of a sentencepiece tokenizer (None elsewhere).

    XLM-R's vocabulary splits many Arabic words into ``▁`` + the word's pieces; a label put on
    that ``▁`` would sit on a piece that holds none of the word.
    """
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None or type(backend.model).__name__ == "WordPiece":
        return None
    return tokenizer.get_vocab().get("▁")


def encode_texts(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str],
                 cache: SubwordCache | None = None) -> list[EncodedText]:
    """Tokenise ``texts`` into words and subwords (through ``cache``, else a cache for this call)."""
    cache = cache if cache is not None and cache.tokenizer is tokenizer else SubwordCache(tokenizer)
    words = [tuple(tokenize(t)) for t in texts]
    pieces = cache([t.text for toks in words for t in toks])  # one tokenizer call for all new words
    out: list[EncodedText] = []
    k = 0
    for text, toks in zip(texts, words):
        if not toks:
            out.append(EncodedText(toks, (), (), ()))
            continue
        mine = pieces[k:k + len(toks)]
        k += len(toks)
        counts = np.fromiter(map(len, mine), dtype=np.int64, count=len(mine))
        end = np.cumsum(counts)
        start = end - counts
        heads = None
        if cache.bare_id is not None:
            shift = np.fromiter((len(p) > 1 and p[0] == cache.bare_id for p in mine), dtype=bool, count=len(mine))
            if shift.any():
                heads = tuple((start + shift).tolist())
        out.append(EncodedText(toks, tuple(chain.from_iterable(mine)), tuple(start.tolist()),
                               tuple(end.tolist()), sentence_breaks(text, toks), heads))
    return out


def plan_windows(word_start: Sequence[int], word_end: Sequence[int], max_subwords: int,
                 stride: int, breaks: Sequence[int] = ()) -> list[Window]:
    """Cut words into windows of at most ``max_subwords`` subwords.

    Windows start and end on word boundaries. With sentence ``breaks`` (sorted word indices, as
    :func:`sentence_breaks` gives), a window ends at the last sentence start that fits and the
    next one begins there: whole sentences, no overlap. Where no sentence start fits (a sentence
    longer than a window), or without breaks, the next window starts at the first word whose
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
        # every word whose subwords end within max_subwords of the window start (word_end increases)
        last = max(first + 1, bisect.bisect_right(word_end, word_start[first] + max_subwords, first + 1))
        if last < n and breaks:
            k = bisect.bisect_right(breaks, last) - 1
            if k >= 0 and breaks[k] > first:  # whole sentences fit: cut at the last sentence start
                out.append(Window(first, breaks[k], word_start[first], word_end[breaks[k] - 1]))
                first = breaks[k]
                continue
        sub_end = min(word_end[last - 1], word_start[first] + max_subwords)
        out.append(Window(first, last, word_start[first], sub_end))
        if last >= n:
            break
        nxt = last
        while nxt - 1 > first and sub_end - word_start[nxt - 1] <= stride:
            nxt -= 1
        first = nxt
    return out


def window_owner(windows: Sequence[Window], n_words: int) -> np.ndarray:
    """For every word, the window that predicts it: the one giving it the most words of context
    on its shorter side (ties go to the earlier window)."""
    owner = np.full(n_words, -1, dtype=np.int64)
    best = np.full(n_words, -1, dtype=np.int64)
    for k, win in enumerate(windows):
        w = np.arange(win.first, win.last)
        ctx = np.minimum(w - win.first, win.last - 1 - w)
        better = ctx > best[win.first:win.last]
        best[w[better]] = ctx[better]
        owner[w[better]] = k
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
