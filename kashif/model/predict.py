"""The one prediction path: windows -> forward -> IOB2 decoding -> character spans -> relations.

Training evaluation and the ``Extractor`` both call :func:`predict_documents`, so what is measured
during training is exactly what users get.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import torch

from kashif.bio import bio_ids_to_ranges
from kashif.model.encoding import (
    LINE_END_RE,
    SENTENCE_END_RE,
    EncodedText,
    SubwordCache,
    Window,
    encode_texts,
    plan_windows,
    special_ids,
    window_owner,
)
from kashif.model.joint import JointModel
from kashif.schema import Document, build_document
from kashif.text import sentence_ids

_DOCS_PER_CHUNK = 64  # documents (segments) tokenised per call
_WINDOWS_PER_GROUP = 8  # x batch_size: windows whose encoder states are kept for relation scoring
_PAIRS_PER_CALL = 16_384  # candidate pairs per relation-head call (bounds its memory)
SEGMENT_CHARS = 10_000  # longer documents are read in segments cut at line breaks (memory bound)


@dataclass
class _DocPlan:
    index: int  # the unit (segment) index
    enc: EncodedText
    windows: list[Window]
    first_row: int  # row of its first window in the group
    firsts: list[int] = field(default_factory=list)  # windows' first words (increasing: searchsorted)
    lasts: list[int] = field(default_factory=list)


@dataclass
class _Entity:
    first: int  # word range, end exclusive
    last: int
    type: str
    score: float


def predict_documents(
    model: JointModel,
    tokenizer,
    texts: list[str],
    ids: list[str],
    *,
    batch_size: int = 16,
    max_length: int = 256,
    stride: int = 64,
    relations: bool = True,
    device: str | torch.device | None = None,
    segment_chars: int = SEGMENT_CHARS,
    subwords: SubwordCache | None = None,
) -> list[Document]:
    """Entities (and relations) of ``texts`` as :class:`Document` objects with scores.

    Documents longer than ``max_length`` subwords are read in windows of whole sentences that do
    not overlap (a sentence longer than a window: windows sharing ``stride`` subwords, each word
    predicted once, from the window where it has the most context); see
    :mod:`kashif.model.encoding`. Relations are scored for same-sentence entity pairs whose types
    the schema allows, from the encoder states of the same pass, in a window holding both.

    Speed and memory: documents over ``segment_chars`` characters are cut into segments at line
    breaks (else sentence ends), which no entity or relation crosses, so the encoder states kept
    for relation scoring stay bounded whatever the document size; segments are processed
    shortest first (length-sorted batches, little padding) and merged back in document order.
    The cost is linear in the text length. ``subwords`` keeps the subword ids of words already
    seen (an :class:`Extractor` passes its own, so repeated words are tokenised once per run).
    """
    if len(texts) != len(ids):
        raise ValueError(f"{len(texts)} texts but {len(ids)} ids")
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size} must be positive")
    prefix, suffix = special_ids(tokenizer)
    max_sub = max_length - len(prefix) - len(suffix)
    dev = torch.device(device) if device is not None else model.device
    was_training = model.training
    model.eval()
    # units: (document index, character offset, segment text)
    units = [(i, off, seg) for i, t in enumerate(texts) for off, seg in segment_text(t, segment_chars)]
    unit_texts = [u[2] for u in units]
    results: list[tuple[list, list] | None] = [None] * len(units)
    order = sorted(range(len(units)), key=lambda u: len(unit_texts[u]))
    subwords = subwords if subwords is not None else SubwordCache(tokenizer)
    try:
        with torch.inference_mode(), _gc_paused():
            for c in range(0, len(order), _DOCS_PER_CHUNK):
                chunk = order[c:c + _DOCS_PER_CHUNK]
                encoded = encode_texts(tokenizer, [unit_texts[u] for u in chunk], subwords)
                group: list[_DocPlan] = []
                n_rows = 0
                for u, enc in zip(chunk, encoded):
                    wins = plan_windows(enc.word_start, enc.word_end, max_sub, stride, enc.breaks) if enc.ids else []
                    group.append(_DocPlan(u, enc, wins, n_rows, [w.first for w in wins], [w.last for w in wins]))
                    n_rows += len(wins)
                    if n_rows >= _WINDOWS_PER_GROUP * batch_size:
                        _predict_group(model, tokenizer, group, unit_texts, results, prefix, suffix,
                                       batch_size, relations, dev)
                        group, n_rows = [], 0
                if group:
                    _predict_group(model, tokenizer, group, unit_texts, results, prefix, suffix,
                                   batch_size, relations, dev)
    finally:
        model.train(was_training)
    spans_by_doc: list[list] = [[] for _ in texts]
    rels_by_doc: list[list] = [[] for _ in texts]
    for (i, off, _), res in zip(units, results):
        spans, rels = res  # type: ignore[misc]
        base = len(spans_by_doc[i])
        spans_by_doc[i].extend((s + off, e + off, typ, sc) for s, e, typ, sc in spans)
        rels_by_doc[i].extend((h + base, t + base, lab, sc) for h, t, lab, sc in rels)
    return [build_document(ids[i], texts[i], spans_by_doc[i], rels_by_doc[i]) for i in range(len(texts))]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one prediction call.

    Decoding allocates many small acyclic objects (freed by reference counting anyway), and with
    torch and transformers loaded every full collection walks a large heap: on the tiny model the
    collector took ~40% of the run time. Cycles made meanwhile are collected after the call.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def segment_text(text: str, max_chars: int = SEGMENT_CHARS) -> list[tuple[int, str]]:
    """``(offset, segment)`` pieces of ``text``, each at most ``max_chars`` long where a cut exists.

    Cuts go after a line break, else after a sentence end followed by white space, so no word is
    cut and, as ANNOTATION.md sentences end there, no entity or relation crosses a cut. A piece
    with no such place inside stays whole (windows still read it). Concatenated, the pieces are
    ``text``.
    """
    if max_chars < 1:
        raise ValueError(f"segment_chars={max_chars} must be positive")
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while n - start > max_chars:
        limit = start + max_chars
        cut = -1
        for pattern in (LINE_END_RE, SENTENCE_END_RE):
            # the last match ending at or before the limit
            for m in pattern.finditer(text, start, limit):
                cut = m.end()
            if cut > start:
                break
        if cut <= start:  # nothing inside the limit: cut at the first place after it
            m = LINE_END_RE.search(text, limit) or SENTENCE_END_RE.search(text, limit)
            if m is None:
                break
            cut = m.end()
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _window_ids(enc: EncodedText, win: Window, prefix: list[int], suffix: list[int]) -> list[int]:
    return prefix + list(enc.ids[win.sub_start:win.sub_end]) + suffix


def _predict_group(model, tokenizer, group, texts, results, prefix, suffix, batch_size, relations, dev):
    rows = [(plan, win) for plan in group for win in plan.windows]
    seqs = [_window_ids(plan.enc, win, prefix, suffix) for plan, win in rows]
    width = max(map(len, seqs), default=0)
    best_all = np.zeros((len(rows), width), dtype=np.int64)  # best label id per window row and subword
    conf_all = np.zeros((len(rows), width), dtype=np.float32)  # and its probability
    states: torch.Tensor | None = None  # [rows, longest, H] encoder output of every window, for relations
    order = sorted(range(len(rows)), key=lambda r: len(seqs[r]))  # less padding
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    for b in range(0, len(order), batch_size):
        batch = order[b:b + batch_size]
        input_ids, mask = _pad([seqs[r] for r in batch], pad, dev)
        out = model(input_ids=input_ids, attention_mask=_key_mask(mask, model.token_model.dtype))
        # only each subword's best label and its probability are needed
        conf, best = torch.softmax(out.logits.float(), dim=-1).max(dim=-1)
        best_all[batch, :best.shape[1]] = best.cpu().numpy()
        conf_all[batch, :conf.shape[1]] = conf.cpu().numpy()
        if relations:
            last = out.last_hidden_state
            if states is None:
                states = last.new_zeros((len(rows), width, last.shape[-1]))
            states[torch.as_tensor(batch, device=last.device), :last.shape[1]] = last
    labels = model.entity_labels
    pairs_todo: list[dict[str, np.ndarray]] = []  # candidate pairs per document, as arrays
    ents_by_doc: dict[int, list[_Entity]] = {}
    for plan in group:
        ents = _decode_entities(plan, best_all, conf_all, labels, len(prefix))
        ents_by_doc[plan.index] = ents
        if relations and len(ents) > 1:
            cand = _candidate_pairs(model, plan, ents, texts[plan.index], len(prefix))
            if cand is not None:
                pairs_todo.append(cand)
    rels_by_doc: dict[int, list[tuple[int, int, str, float]]] = {p.index: [] for p in group}
    if pairs_todo:
        _score_pairs(model, pairs_todo, states, rels_by_doc, dev)
    for plan in group:
        toks = plan.enc.tokens
        spans = [(toks[e.first].start, toks[e.last - 1].end, e.type, e.score) for e in ents_by_doc[plan.index]]
        # text order (head, then tail), whatever order the batches were scored in
        results[plan.index] = (spans, sorted(rels_by_doc[plan.index], key=lambda r: (r[0], r[1])))


def _pad(seqs: Sequence[list[int]], pad: int, dev) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, :len(s)] = 1
    return ids.to(dev), mask.to(dev)


def _key_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor | None:
    """The padding mask as an additive ``[B, 1, 1, T]`` bias over keys, or None without padding.

    Given a 2D mask, transformers builds a ``[B, 1, T, T]`` one for every batch (~5% of a tiny
    model's time); one row per sequence broadcasts over the queries and says the same, and with
    no padding at all attention needs no mask. Padded positions' outputs are never read.
    """
    if bool(mask.all()):
        return None
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def _decode_entities(plan: _DocPlan, best: np.ndarray, conf: np.ndarray, labels: list[str],
                     offset: int) -> list[_Entity]:
    """Each word's tag from its owning window, IOB2 -> spans (:func:`kashif.bio.bio_ids_to_ranges`),
    trimmed to start and end on words.

    ``best``/``conf``: the group's best label id and its probability per window row and subword.
    """
    enc = plan.enc
    toks = enc.tokens
    if not plan.windows:
        return []
    owner = window_owner(plan.windows, len(toks))
    sub_start = np.array([w.sub_start for w in plan.windows])
    pos = offset + np.asarray(enc.word_head) - sub_start[owner]
    row = plan.first_row + owner
    csum = np.r_[0.0, np.cumsum(conf[row, pos], dtype=np.float64)]
    out = []
    for first, last, typ in bio_ids_to_ranges(best[row, pos], labels):
        # punctuation tagged inside an entity must not become its first or last character
        while first < last and not toks[first].is_word:
            first += 1
        while last > first and not toks[last - 1].is_word:
            last -= 1
        if first < last:
            out.append(_Entity(first, last, typ, min(1.0, (csum[last] - csum[first]) / (last - first))))
    return out


def _candidate_pairs(model: JointModel, plan: _DocPlan, ents: list[_Entity], text: str,
                     offset: int) -> dict[str, np.ndarray] | None:
    """Ordered same-sentence entity pairs whose types the schema allows, each with the window
    (group row) that holds both and their subword spans in it, as arrays (``None``: no pair).

    Vectorised: a document has thousands of pairs and a Python loop over them costs more than
    the relation head itself.
    """
    head = model.relation_head
    tindex = {t: i for i, t in enumerate(head.config.entity_types)}
    keep = [i for i, e in enumerate(ents) if e.type in tindex]
    if len(keep) < 2:
        return None
    toks = plan.enc.tokens
    sid = sentence_ids(text, [(toks[e.first].start, toks[e.last - 1].end) for e in ents])
    idx = np.array(keep)
    first = np.array([ents[i].first for i in keep])
    last = np.array([ents[i].last for i in keep])
    typ = np.array([tindex[ents[i].type] for i in keep])
    sent = np.array([sid[toks[ents[i].first].start] for i in keep])
    # entities are in text order, so each sentence is a contiguous run: pairs only inside a run
    cuts = np.flatnonzero(np.diff(sent)) + 1
    hi_list, ti_list = [], []
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(sent)]):
        n = b - a
        if n > 1:
            run = np.arange(a, b)
            hh, tt = np.repeat(run, n), np.tile(run, n)
            hi_list.append(hh[hh != tt])
            ti_list.append(tt[hh != tt])
    if not hi_list:
        return None
    h_i, t_i = np.concatenate(hi_list), np.concatenate(ti_list)
    allowed = head.allowed[:, :, 1:].any(dim=-1).cpu().numpy()
    ok = allowed[typ[h_i], typ[t_i]]
    h_i, t_i = h_i[ok], t_i[ok]
    if not len(h_i):
        return None
    # the window holding words lo..hi with the most context (ties: the earlier), as span_window
    lo = np.minimum(first[h_i], first[t_i])
    hi = np.maximum(last[h_i], last[t_i])
    firsts, lasts = np.array(plan.firsts), np.array(plan.lasts)
    k0 = np.searchsorted(lasts, hi, side="left")
    k1 = np.searchsorted(firsts, lo, side="right")
    best_k = np.full(len(h_i), -1)
    best_ctx = np.full(len(h_i), -1)
    for d in range(int((k1 - k0).max(initial=0))):
        k = np.minimum(k0 + d, len(firsts) - 1)
        ctx = np.minimum(lo - firsts[k], lasts[k] - hi)
        better = (k0 + d < k1) & (ctx > best_ctx)
        best_k[better], best_ctx[better] = k[better], ctx[better]
    found = best_k >= 0  # else the sentence is longer than a window: the pair cannot be read at once
    h_i, t_i, k = h_i[found], t_i[found], best_k[found]
    ws, we = np.array(plan.enc.word_start), np.array(plan.enc.word_end)
    sub_start = np.array([w.sub_start for w in plan.windows])[k]
    sub_end = np.array([w.sub_end for w in plan.windows])[k]

    def span(i: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (offset + ws[first[i]] - sub_start,
                offset + np.minimum(we[last[i] - 1], sub_end) - sub_start)

    hs, he = span(h_i)
    ts, te = span(t_i)
    return {"unit": np.full(len(h_i), plan.index), "head": idx[h_i], "tail": idx[t_i],
            "row": plan.first_row + k, "hs": hs, "he": he, "ts": ts, "te": te,
            "ht": typ[h_i], "tt": typ[t_i]}


def _score_pairs(model: JointModel, todo: list[dict[str, np.ndarray]], states: torch.Tensor, rels_by_doc,
                 dev) -> None:
    """Run the relation head over the group's stored encoder states, a block of pairs at a time."""
    labels = model.relation_labels
    cand = {key: np.concatenate([t[key] for t in todo]) for key in todo[0]}
    width = states.shape[1] + 1  # spans are keyed (row, start, end) in base width
    for lo in range(0, len(cand["row"]), _PAIRS_PER_CALL):
        c = {key: v[lo:lo + _PAIRS_PER_CALL] for key, v in cand.items()}
        n = len(c["row"])
        # each entity span once, however many pairs it is an end of
        key = (np.r_[c["row"], c["row"]] * width + np.r_[c["hs"], c["ts"]]) * width + np.r_[c["he"], c["te"]]
        key, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        spans = np.stack([key // (width * width), key // width % width, key % width], axis=1)
        types = np.r_[c["ht"], c["tt"]][first]
        inverse = inverse.reshape(-1)
        pairs = np.stack([inverse[:n], inverse[n:]], axis=1)
        out = model.relation_head(states, torch.as_tensor(spans, dtype=torch.long, device=dev),
                                  torch.as_tensor(types, dtype=torch.long, device=dev),
                                  torch.as_tensor(pairs, dtype=torch.long, device=dev))
        conf, best = torch.softmax(out.logits.float(), dim=-1).max(dim=-1)
        keep = torch.nonzero(best).flatten().cpu().numpy()
        conf, best = conf.cpu().numpy(), best.cpu().numpy()
        for q in keep.tolist():
            rels_by_doc[int(c["unit"][q])].append(
                (int(c["head"][q]), int(c["tail"][q]), labels[int(best[q])], float(conf[q])))
