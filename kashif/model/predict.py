"""The one prediction path: windows -> forward -> IOB2 decoding -> character spans -> relations.

Training evaluation and the ``Extractor`` both call :func:`predict_documents`, so what is measured
during training is exactly what users get.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from kashif.bio import bio_to_spans
from kashif.model.encoding import (
    EncodedText,
    Window,
    encode_texts,
    plan_windows,
    span_window,
    special_ids,
    window_owner,
    word_range,
)
from kashif.model.joint import JointModel
from kashif.schema import Document, build_document
from kashif.text import sentence_ids

_DOCS_PER_CHUNK = 64  # documents tokenised per call
_WINDOWS_PER_GROUP = 8  # x batch_size: windows whose encoder states are kept for relation scoring


@dataclass
class _DocPlan:
    index: int
    enc: EncodedText
    windows: list[Window]
    first_row: int  # row of its first window in the group


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
) -> list[Document]:
    """Entities (and relations) of ``texts`` as :class:`Document` objects with scores.

    Documents longer than ``max_length`` subwords are read in overlapping windows (``stride``
    subwords of overlap) and every word is predicted once, from the window where it has the most
    context. Relations are scored for same-sentence entity pairs whose types the schema allows,
    from the encoder states of the same pass, in a window holding both entities.
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
    results: list[Document | None] = [None] * len(texts)
    try:
        with torch.inference_mode():
            for c in range(0, len(texts), _DOCS_PER_CHUNK):
                chunk = list(range(c, min(c + _DOCS_PER_CHUNK, len(texts))))
                encoded = encode_texts(tokenizer, [texts[i] for i in chunk])
                group: list[_DocPlan] = []
                n_rows = 0
                for i, enc in zip(chunk, encoded):
                    wins = plan_windows(enc.word_start, enc.word_end, max_sub, stride) if enc.ids else []
                    group.append(_DocPlan(i, enc, wins, n_rows))
                    n_rows += len(wins)
                    if n_rows >= _WINDOWS_PER_GROUP * batch_size:
                        _predict_group(model, tokenizer, group, texts, ids, results, prefix, suffix,
                                       batch_size, relations, dev)
                        group, n_rows = [], 0
                if group:
                    _predict_group(model, tokenizer, group, texts, ids, results, prefix, suffix,
                                   batch_size, relations, dev)
    finally:
        model.train(was_training)
    return results  # type: ignore[return-value]


def _window_ids(enc: EncodedText, win: Window, prefix: list[int], suffix: list[int]) -> list[int]:
    return prefix + list(enc.ids[win.sub_start:win.sub_end]) + suffix


def _predict_group(model, tokenizer, group, texts, ids, results, prefix, suffix, batch_size, relations, dev):
    rows = [(plan, win) for plan in group for win in plan.windows]
    seqs = [_window_ids(plan.enc, win, prefix, suffix) for plan, win in rows]
    probs: list[torch.Tensor | None] = [None] * len(rows)
    hidden: list[torch.Tensor | None] = [None] * len(rows)
    order = sorted(range(len(rows)), key=lambda r: len(seqs[r]))  # less padding
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    for b in range(0, len(order), batch_size):
        batch = order[b:b + batch_size]
        input_ids, mask = _pad([seqs[r] for r in batch], pad, dev)
        out = model(input_ids=input_ids, attention_mask=mask)
        p = torch.softmax(out.logits.float(), dim=-1).cpu()
        for k, r in enumerate(batch):
            probs[r] = p[k, :len(seqs[r])]
            if relations:
                hidden[r] = out.last_hidden_state[k, :len(seqs[r])]
    labels = model.entity_labels
    pairs_todo = []  # (doc plan, entities, head, tail, row, head span, tail span)
    ents_by_doc: dict[int, list[_Entity]] = {}
    for plan in group:
        ents = _decode_entities(plan, probs, labels, len(prefix))
        ents_by_doc[plan.index] = ents
        if relations and len(ents) > 1:
            pairs_todo.extend(_candidate_pairs(model, plan, ents, texts[plan.index], len(prefix)))
    rels_by_doc: dict[int, list[tuple[int, int, str, float]]] = {p.index: [] for p in group}
    if pairs_todo:
        _score_pairs(model, pairs_todo, hidden, rels_by_doc, batch_size, dev)
    for plan in group:
        text = texts[plan.index]
        toks = plan.enc.tokens
        spans = [(toks[e.first].start, toks[e.last - 1].end, e.type, e.score) for e in ents_by_doc[plan.index]]
        results[plan.index] = build_document(ids[plan.index], text, spans, rels_by_doc[plan.index])


def _pad(seqs: Sequence[list[int]], pad: int, dev) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, :len(s)] = 1
    return ids.to(dev), mask.to(dev)


def _decode_entities(plan: _DocPlan, probs, labels: list[str], offset: int) -> list[_Entity]:
    """Each word's tag from its owning window, IOB2 -> spans, trimmed to start and end on words."""
    enc = plan.enc
    toks = enc.tokens
    if not plan.windows:
        return []
    owner = window_owner(plan.windows, len(toks))
    tags: list[str] = []
    conf: list[float] = []
    for w, k in enumerate(owner):
        win = plan.windows[k]
        p = probs[plan.first_row + k][offset + enc.word_start[w] - win.sub_start]
        j = int(p.argmax())
        tags.append(labels[j])
        conf.append(float(p[j]))
    out = []
    for s, e, typ in bio_to_spans(toks, tags):
        first, last = word_range(toks, s, e)
        # punctuation tagged inside an entity must not become its first or last character
        while first < last and not toks[first].is_word:
            first += 1
        while last > first and not toks[last - 1].is_word:
            last -= 1
        if first < last:
            out.append(_Entity(first, last, typ, sum(conf[first:last]) / (last - first)))
    return out


def _candidate_pairs(model: JointModel, plan: _DocPlan, ents: list[_Entity], text: str, offset: int):
    head = model.relation_head
    types = head.config.entity_types
    toks = plan.enc.tokens
    sid = sentence_ids(text, [(toks[e.first].start, toks[e.last - 1].end) for e in ents])
    out = []
    for i, a in enumerate(ents):
        for j, b in enumerate(ents):
            if i == j or a.type not in types or b.type not in types:
                continue
            if sid[toks[a.first].start] != sid[toks[b.first].start]:
                continue
            if not bool(head.allowed[types.index(a.type), types.index(b.type), 1:].any()):
                continue
            k = span_window(plan.windows, min(a.first, b.first), max(a.last, b.last))
            if k is None:  # the sentence is longer than a window: the pair cannot be read at once
                continue
            win = plan.windows[k]
            out.append((plan, i, j, plan.first_row + k,
                        _sub_span(plan.enc, win, a, offset), _sub_span(plan.enc, win, b, offset),
                        types.index(a.type), types.index(b.type)))
    return out


def _sub_span(enc: EncodedText, win: Window, e: _Entity, offset: int) -> tuple[int, int]:
    start = enc.word_start[e.first] - win.sub_start
    end = min(enc.word_end[e.last - 1], win.sub_end) - win.sub_start
    return offset + start, offset + end


def _score_pairs(model: JointModel, todo, hidden, rels_by_doc, batch_size: int, dev) -> None:
    """Run the relation head window-batch by window-batch over the stored encoder states."""
    labels = model.relation_labels
    rows = sorted({t[3] for t in todo})
    for b in range(0, len(rows), batch_size):
        chunk = rows[b:b + batch_size]
        pos = {r: k for k, r in enumerate(chunk)}
        width = max(hidden[r].shape[0] for r in chunk)
        h = hidden[chunk[0]].new_zeros((len(chunk), width, hidden[chunk[0]].shape[-1]))
        for r, k in pos.items():
            h[k, :hidden[r].shape[0]] = hidden[r]
        items = [t for t in todo if t[3] in pos]
        spans, types, pairs = [], [], []
        for t in items:
            _, _, _, row, hs, ts, ht, tt = t
            pairs.append((len(spans), len(spans) + 1))
            spans += [(pos[row], *hs), (pos[row], *ts)]
            types += [ht, tt]
        out = model.relation_head(h, torch.tensor(spans, device=dev), torch.tensor(types, device=dev),
                                  torch.tensor(pairs, device=dev))
        p = torch.softmax(out.logits.float(), dim=-1).cpu()
        best = p.argmax(dim=-1)
        for t, lab, row_p in zip(items, best.tolist(), p):
            if lab != 0:
                rels_by_doc[t[0].index].append((t[1], t[2], labels[lab], float(row_p[lab])))
