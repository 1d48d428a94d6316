"""A backbone-agnostic relation head: scores ordered entity pairs from one encoder pass.

Each entity is a subword span of one encoded window. Its representation is the mean of the
encoder states over the span plus a learned entity-type embedding; a pair is scored from the head,
the tail, their product and the mean of the states between them (the words that usually carry the
relation: ``استخدم``, ``في``, ``مدير``). Labels the schema forbids for the pair's types are masked,
so ``NONE`` is always a possible answer and a ``PER -> WEAPON`` pair can never be ``LOCATED_IN``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn
from transformers.utils import ModelOutput

from kashif.model.labels import IGNORE_INDEX, RELATION_LABELS
from kashif.schema import ENTITY_TYPES, NO_RELATION, RELATION_SCHEMA

HEAD_VERSION = 1
_MASKED = -1e4  # finite, so bf16/fp16 logits stay finite and softmax stays well defined


@dataclass
class RelationHeadConfig:
    """Sizes and label sets of the relation head, saved as ``relation_head.json``."""

    hidden_size: int
    entity_types: list[str] = field(default_factory=lambda: list(ENTITY_TYPES))
    labels: list[str] = field(default_factory=lambda: list(RELATION_LABELS))
    type_dim: int = 32
    ffn_dim: int = 256
    dropout: float = 0.1
    version: int = HEAD_VERSION

    def __post_init__(self) -> None:
        if not self.labels or self.labels[0] != NO_RELATION:
            raise ValueError(f"relation labels must start with {NO_RELATION!r}, got {self.labels!r}")
        unknown = [lab for lab in self.labels[1:] if lab not in RELATION_SCHEMA]
        if unknown:
            raise ValueError(f"unknown relation labels {unknown!r}")
        for name in ("hidden_size", "type_dim", "ffn_dim"):
            if int(getattr(self, name)) <= 0:
                raise ValueError(f"relation head {name}={getattr(self, name)!r} must be positive")
        if not 0.0 <= self.dropout < 1.0:
            raise ValueError(f"relation head dropout={self.dropout!r} must be in [0, 1)")
        if self.version > HEAD_VERSION:
            raise ValueError(f"relation head version {self.version} is newer than this code ({HEAD_VERSION})")

    def save(self, path: str | Path) -> None:
        d = asdict(self)
        d["schema"] = {lab: [sorted(h), sorted(t)] for lab, (h, t) in RELATION_SCHEMA.items()
                       if lab in self.labels}
        Path(path).write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> RelationHeadConfig:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        d.pop("schema", None)  # informative only: the code's schema is the contract
        return cls(**d)


@dataclass
class RelationOutput(ModelOutput):
    """``logits``: ``[n_pairs, n_labels]`` (always present, maybe 0 rows); ``loss``: None without targets."""

    loss: torch.Tensor | None = None
    logits: torch.Tensor | None = None


def prefix_sums(hidden: torch.Tensor) -> torch.Tensor:
    """``[B, T+1, H]`` running sums of ``hidden`` over positions (fp32), 0 first: span means in O(1)."""
    return torch.nn.functional.pad(hidden.float().cumsum(dim=1), (0, 0, 1, 0))


def span_means(hidden: torch.Tensor, batch: torch.Tensor, start: torch.Tensor, end: torch.Tensor,
               csum: torch.Tensor | None = None) -> torch.Tensor:
    """Mean of ``hidden[b, start:end]`` for every ``(b, start, end)`` row; an empty range gives zeros.

    Uses a cumulative sum (``csum``: :func:`prefix_sums` of ``hidden``, computed when not given)
    so the cost is O(n_spans * hidden) whatever the span lengths.
    """
    csum = prefix_sums(hidden) if csum is None else csum
    flat = csum.reshape(-1, csum.shape[-1])  # row-major: (b, t) -> b * (T+1) + t
    base = batch * csum.shape[1]
    total = flat.index_select(0, base + end) - flat.index_select(0, base + start)
    count = (end - start).clamp(min=1).unsqueeze(-1).to(total.dtype)
    return (total / count).to(hidden.dtype)


class RelationHead(nn.Module):
    """Scores ordered entity pairs; label 0 is ``NONE``."""

    def __init__(self, config: RelationHeadConfig) -> None:
        super().__init__()
        self.config = config
        h, n_types, n_labels = config.hidden_size, len(config.entity_types), len(config.labels)
        self.type_embedding = nn.Embedding(n_types, config.type_dim)
        self.dropout = nn.Dropout(config.dropout)
        self.ffn = nn.Sequential(
            nn.Linear(4 * h + 2 * config.type_dim, config.ffn_dim),
            nn.GELU(),
            nn.Dropout(config.dropout),
            nn.Linear(config.ffn_dim, n_labels),
        )
        allowed = torch.zeros(n_types, n_types, n_labels, dtype=torch.bool)
        allowed[:, :, 0] = True
        for k, lab in enumerate(config.labels[1:], 1):
            heads, tails = RELATION_SCHEMA[lab]
            for i, ht in enumerate(config.entity_types):
                for j, tt in enumerate(config.entity_types):
                    allowed[i, j, k] = ht in heads and tt in tails
        # not a parameter and not saved: it follows from the schema and the label lists
        self.register_buffer("allowed", allowed, persistent=False)

    def candidate_mask(self, head_types: torch.Tensor, tail_types: torch.Tensor) -> torch.Tensor:
        """True where the schema allows at least one relation from head type to tail type."""
        return self.allowed[head_types, tail_types, 1:].any(dim=-1)

    def forward(
        self,
        hidden_states: torch.Tensor,
        spans: torch.Tensor,
        span_types: torch.Tensor,
        pairs: torch.Tensor,
        labels: torch.Tensor | None = None,
        label_scores: torch.Tensor | None = None,
        weights: torch.Tensor | None = None,
    ) -> RelationOutput:
        """Score ``pairs``.

        hidden_states: ``[B, T, H]`` encoder output. spans: ``[N, 3]`` rows ``(batch, start, end)``
        in subword positions, end exclusive. span_types: ``[N]`` indices into ``entity_types``.
        pairs: ``[P, 2]`` (head, tail) indices into ``spans``; both spans of a pair must share the
        batch row. labels: ``[P]`` label ids (``-100`` ignores a pair). label_scores: ``[P]`` in
        [0, 1], the probability of the label (the rest goes to ``NONE``): soft weak-label targets.
        weights: ``[P]`` loss weight of each pair.
        """
        n_labels = len(self.config.labels)
        if pairs.numel() == 0:
            logits = hidden_states.new_zeros((0, n_labels))
            loss = hidden_states.new_zeros(()) if labels is not None else None
            return RelationOutput(loss=loss, logits=logits)
        h_idx, t_idx = pairs[:, 0].contiguous(), pairs[:, 1].contiguous()
        row, start, end = spans.T.contiguous()
        csum = prefix_sums(hidden_states)
        ent = span_means(hidden_states, row, start, end, csum)
        # context: the states strictly between the two spans (empty when they touch)
        a_end = torch.minimum(end.index_select(0, h_idx), end.index_select(0, t_idx))
        b_start = torch.maximum(start.index_select(0, h_idx), start.index_select(0, t_idx))
        ctx = span_means(hidden_states, row.index_select(0, h_idx), a_end, torch.maximum(a_end, b_start), csum)
        th, tt = span_types.index_select(0, h_idx), span_types.index_select(0, t_idx)
        if self.training or type(self.ffn[0]) is not nn.Linear:  # dropout: each pair's own mask; int8
            x = torch.cat([ent[h_idx], ent[t_idx], ent[h_idx] * ent[t_idx], ctx,
                           self.type_embedding(th), self.type_embedding(tt)], dim=-1)
            logits = self.ffn(self.dropout(x))
        else:
            logits = self.ffn[1:](self._first_layer(ent, h_idx, t_idx, ctx, th, tt))
        n_types = self.allowed.shape[0]
        allowed = self.allowed.reshape(n_types * n_types, -1).index_select(0, th * n_types + tt)
        logits = logits.masked_fill(~allowed, _MASKED)
        loss = None
        if labels is not None:
            loss = soft_cross_entropy(logits, labels, label_scores, weights, none_index=0)
        return RelationOutput(loss=loss, logits=logits)

    def _first_layer(self, ent: torch.Tensor, h_idx: torch.Tensor, t_idx: torch.Tensor, ctx: torch.Tensor,
                     th: torch.Tensor, tt: torch.Tensor) -> torch.Tensor:
        """``ffn[0]`` of the concatenated pair features, computed by parts (inference).

        The head and tail blocks of the weight are applied once per entity span and the type
        blocks once per type, then gathered for each pair; only the product and the context go
        through a per-pair matrix product. The same function as ``ffn[0](cat(...))``, with about
        half the work when entities take part in several pairs.
        """
        h, d = self.config.hidden_size, self.config.type_dim
        lin = self.ffn[0]
        w = lin.weight
        emb = self.type_embedding.weight
        eh, et = ent.index_select(0, h_idx), ent.index_select(0, t_idx)
        out = torch.addmm(lin.bias, torch.cat([eh * et, ctx], dim=-1), w[:, 2 * h:4 * h].T)
        out += (ent @ w[:, :h].T).index_select(0, h_idx)
        out += (ent @ w[:, h:2 * h].T).index_select(0, t_idx)
        out += (emb @ w[:, 4 * h:4 * h + d].T).index_select(0, th)
        out += (emb @ w[:, 4 * h + d:].T).index_select(0, tt)
        return out


def soft_cross_entropy(
    logits: torch.Tensor,
    labels: torch.Tensor,
    scores: torch.Tensor | None = None,
    weights: torch.Tensor | None = None,
    none_index: int = 0,
) -> torch.Tensor:
    """Cross-entropy against ``score * onehot(label) + (1 - score) * onehot(none_index)``.

    With ``scores`` None this is the ordinary cross-entropy. Rows with label ``-100`` are
    ignored; the result is the weighted mean over the kept rows (0 when none is kept).
    """
    logits = logits.reshape(-1, logits.shape[-1]).float()
    labels = labels.reshape(-1)
    keep = labels != IGNORE_INDEX
    safe = labels.clamp(min=0)
    logp = torch.log_softmax(logits, dim=-1)
    nll = -logp.gather(1, safe.unsqueeze(1)).squeeze(1)
    if scores is not None:
        s = scores.reshape(-1).float()
        nll = s * nll - (1.0 - s) * logp[:, none_index]
    w = keep.float() if weights is None else weights.reshape(-1).float() * keep.float()
    return (nll * w).sum() / w.sum().clamp(min=1e-8)
