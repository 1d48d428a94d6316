"""Aggregating labelling-function votes: majority vote and a Dawid-Skene label model.

Entity votes are spans. All spans of all functions in a document are grouped into *clusters*
of overlapping spans; in a cluster every function votes one class (one of the seven entity types,
or ``O`` through a ``Span(..., "O")``) or abstains. A function's vote is the type of its outermost
span in the cluster; a span strictly inside another function's span of a *different* type does not
vote, because nested names are consistent with the outer one (ANNOTATION.md: when names nest only
the outermost is annotated), e.g. ``الموصل`` inside ``جامعة الموصل``.

The class of a cluster comes from the label model (only a class some function voted there can win:
it needs a span); the boundaries from the reliability-weighted vote among the winning type's
spans, ties to the longest (the outermost name). The chosen span removes every span it overlaps
and the rest of the cluster is resolved again, so the output is flat. Each output span carries
the probability of its class and the cluster's full class posterior (soft targets for training).

:class:`DawidSkene` is the generative model (Dawid & Skene 1979) over categorical votes with
abstention as an extra symbol: each function has a confusion matrix ``P(vote | true class)``
learnt by EM without gold, factored into a per-class firing rate (so a function's silence is
evidence too) and the vote given that it fires, each with a prior so that functions with few votes
stay near the prior instead of going to 0 or 1. EM runs on the distinct vote patterns (a few
hundred for a whole corpus), so fitting is fast. Relation votes use the same model over entity
pairs (``NONE`` + the six labels, masked by what the schema allows).

What the model can do that majority vote cannot: weigh a vote by the function's learnt
reliability, and read a function's *silence* as evidence. A broad function whose lone votes
keep meeting the silence of the precise functions and the ``O`` of the negative ones (a rare
word after ``في`` -> GPE) is learnt to be right ~10% of the time on general news, and its lone
votes are outvoted; majority vote keeps them all. Silence only counts between functions that
do not complement each other by design: the dependencies (a class-word cue fires exactly where
the gazetteer is silent) are learnt from the votes (:meth:`DawidSkene.learn_dependencies`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import numpy as np

from kashif.schema import ENTITY_TYPES, NO_RELATION, RELATION_TYPES
from kashif.weak.base import Span

log = logging.getLogger(__name__)

#: entity classes of the label model; index 0 is "not an entity"
ENTITY_CLASSES: tuple[str, ...] = ("O", *ENTITY_TYPES)

DocVotes = Mapping[str, Sequence[Span]]


# --------------------------------------------------------------------------------------------
# The label models over items (clusters or entity pairs): sparse votes in, class posteriors out


@dataclass
class VoteTable:
    """Sparse votes: ``label[k]`` is the vote of function ``lf[k]`` on item ``item[k]`` (class
    indices; abstentions are simply absent). ``mask`` (items x classes) marks the classes an item
    may take (all when ``None``)."""

    item: np.ndarray
    lf: np.ndarray
    label: np.ndarray
    n_items: int
    mask: np.ndarray | None = None

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[int, int]], mask: np.ndarray | None = None) -> VoteTable:
        """One ``{lf_index: class_index}`` mapping per item."""
        n = sum(len(r) for r in rows)
        item = np.empty(n, dtype=np.int64)
        lf = np.empty(n, dtype=np.int64)
        label = np.empty(n, dtype=np.int64)
        k = 0
        for i, r in enumerate(rows):
            for j, v in r.items():
                item[k], lf[k], label[k] = i, j, v
                k += 1
        return cls(item, lf, label, len(rows), mask)

    def compress(self, n_lfs: int) -> tuple[VoteTable, np.ndarray, np.ndarray]:
        """Items with identical votes (and mask) merged into one: ``(unique items, inverse,
        counts)`` with ``unique`` indexed by ``inverse`` giving back every item. Clusters repeat
        a few hundred patterns, so EM on the patterns is what makes fitting fast."""
        if self.n_items == 0:
            return self, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        dense = np.full((self.n_items, n_lfs), -1, dtype=np.int16)
        dense[self.item, self.lf] = self.label
        if self.mask is not None:
            dense = np.concatenate([dense, self.mask.astype(np.int16)], axis=1)
        # one opaque key per row: a 1-d unique is far faster than np.unique(axis=0)
        keys = np.ascontiguousarray(dense).view(np.dtype((np.void, dense.dtype.itemsize * dense.shape[1]))).ravel()
        _, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
        uniq = dense[first]
        rows, cols = np.nonzero(uniq[:, :n_lfs] >= 0)
        mask = uniq[:, n_lfs:].astype(bool) if self.mask is not None else None
        table = VoteTable(rows.astype(np.int64), cols.astype(np.int64), uniq[rows, cols].astype(np.int64),
                          len(uniq), mask)
        return table, inverse.ravel(), counts


def majority_posteriors(votes: VoteTable, n_classes: int, weights: np.ndarray | None = None,
                        tie_class: int | None = 0) -> np.ndarray:
    """Vote shares per item (items x classes); an item without votes gets all mass on class 0.
    ``tie_class`` wins a tie it is part of (the conservative "no entity / no relation" reading)."""
    w = np.ones(len(votes.label)) if weights is None else weights[votes.lf]
    counts = np.zeros((votes.n_items, n_classes))
    np.add.at(counts, (votes.item, votes.label), w)
    if votes.mask is not None:
        counts[~votes.mask] = 0.0
    if tie_class is not None:
        # a hair more than a tie, far less than a vote: only decides exact ties
        top = counts.max(axis=1)
        tie = (counts[:, tie_class] == top) & (top > 0)
        counts[tie, tie_class] += 1e-9
    total = counts.sum(axis=1, keepdims=True)
    empty = total[:, 0] == 0
    post = np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)
    post[empty, 0] = 1.0
    return post


class DawidSkene:
    """Dawid-Skene EM over categorical votes with abstention, vectorised with numpy.

    ``theta[j, y, v]`` = P(function j emits v | true class y), v in classes + abstain (last),
    factored as P(fires | y) * P(v | y, fires) with a prior on each factor (MAP estimates):

    * firing: Beta with mean = the function's overall firing rate and weight ``fire_strength``,
      so silence is neutral for a class the function was never seen on (a gazetteer of places
      says nothing about persons) and the data decide for the classes it fires on;
    * the vote: Dirichlet with ``strength`` pseudo-votes right with probability ``accuracy`` (the
      wrong ones spread evenly), so a function seen a few times stays near ``accuracy`` instead
      of going to 0 or 1.

    Silence is evidence: a place that the place gazetteer does not know is less likely a place.
    That assumes the functions fire independently given the class, which fails for functions
    built to *complement* each other: a class-word cue that fires only on places the gazetteer
    does not know (``مدينة X``) always meets the gazetteer's silence, and counting that silence
    would outvote every one of its lone votes. ``dependencies[j, k]`` (learnt by :meth:`fit`
    with ``learn_dependencies``, see :meth:`learn_dependencies`) marks such pairs: on an item j
    votes on, k's silence is left out of the likelihood (and out of k's firing statistics).
    """

    def __init__(self, n_classes: int, *, strength: float = 4.0, accuracy: float = 0.75,
                 fire_strength: float = 2.0, class_prior: float = 1.0, max_iter: int = 100, tol: float = 1e-5,
                 learn_dependencies: bool = False, min_votes: int = 5, max_conflict: float = 0.25,
                 cofire_ratio: float = 0.5):
        if not (0.0 < accuracy < 1.0) or strength <= 0 or fire_strength <= 0:
            raise ValueError("DawidSkene: accuracy must be in (0, 1), strength and fire_strength > 0; "
                             f"got accuracy={accuracy}, strength={strength}, fire_strength={fire_strength}")
        self.K = n_classes
        self.strength, self.accuracy, self.fire_strength = strength, accuracy, fire_strength
        self.class_prior = class_prior
        self.max_iter, self.tol = max_iter, tol
        self.learn = learn_dependencies
        self.min_votes, self.max_conflict, self.cofire_ratio = min_votes, max_conflict, cofire_ratio
        self.theta: np.ndarray | None = None
        self.pi: np.ndarray | None = None
        self.dependencies: np.ndarray | None = None
        self.n_iter = 0
        self._fire = np.zeros(0)

    # -- dense helpers: EM runs on the distinct vote patterns, a few thousand at most ----------

    def _dense(self, votes: VoteTable, n_lfs: int) -> np.ndarray:
        """(items x functions) votes, ``K`` for an abstention."""
        V = np.full((votes.n_items, n_lfs), self.K, dtype=np.int64)
        V[votes.item, votes.lf] = votes.label
        return V

    def _ignored(self, V: np.ndarray) -> np.ndarray | None:
        """``[i, k]``: k abstains on item i where a function that k's silence does not inform votes."""
        if self.dependencies is None or not self.dependencies.any():
            return None
        voting = (V < self.K).astype(np.int64)
        return (V == self.K) & ((voting @ self.dependencies.astype(np.int64)) > 0)

    def _log_posteriors(self, V: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        assert self.theta is not None and self.pi is not None, "fit first"
        log_t = np.log(self.theta).transpose(0, 2, 1)  # [j, v, y]
        terms = log_t[np.arange(V.shape[1])[None, :], V]  # [i, j, y]
        ignored = self._ignored(V)
        if ignored is not None:
            terms = np.where(ignored[:, :, None], 0.0, terms)
        logp = np.log(self.pi)[None, :] + terms.sum(axis=1)
        if mask is not None:
            logp = np.where(mask, logp, -np.inf)
        return logp

    def _proba(self, V: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        logp = self._log_posteriors(V, mask)
        logp -= logp.max(axis=1, keepdims=True)
        p = np.exp(logp)
        return p / p.sum(axis=1, keepdims=True)

    def _m_step(self, V: np.ndarray, q: np.ndarray, w: np.ndarray) -> None:
        K = self.K
        n, n_lfs = V.shape
        qw = q * w[:, None]  # each pattern counts as many times as it occurs
        onehot = np.zeros((n, n_lfs, K + 1))
        np.put_along_axis(onehot, V[:, :, None], 1.0, axis=2)
        ignored = self._ignored(V)
        if ignored is not None:
            onehot[ignored] = 0.0  # an ignored silence is no observation at all
        counts = np.einsum("iy,ijv->jyv", qw, onehot)  # [j, y, v]: expected emissions
        voted = counts[:, :, :K].sum(axis=2)
        n_y = counts.sum(axis=2)  # class mass each function was observed on
        fire = np.clip(self._fire, 1e-4, 1 - 1e-4)[:, None]
        p_fire = np.clip((voted + self.fire_strength * fire) / (n_y + self.fire_strength), 1e-9, 1 - 1e-9)
        prior = np.full((K, K), self.strength * (1 - self.accuracy) / max(K - 1, 1))
        np.fill_diagonal(prior, self.strength * self.accuracy)
        p_vote = (counts[:, :, :K] + prior[None]) / (voted + self.strength)[:, :, None]
        self.theta = np.concatenate([p_fire[:, :, None] * p_vote, (1 - p_fire)[:, :, None]], axis=2)
        pi = qw.sum(axis=0) + self.class_prior
        self.pi = pi / pi.sum()

    def grow(self, n_lfs: int) -> None:
        """Make room for functions the fit never saw (indices from the fitted count up to
        ``n_lfs``): each votes with the prior accuracy, and its silence says nothing (its firing
        rate is the same for every class)."""
        assert self.theta is not None, "fit first"
        old = self.theta.shape[0]
        if n_lfs <= old:
            return
        K = self.K
        p_vote = np.full((K, K), (1 - self.accuracy) / max(K - 1, 1))
        np.fill_diagonal(p_vote, self.accuracy)
        row = np.concatenate([0.5 * p_vote, np.full((K, 1), 0.5)], axis=1)
        self.theta = np.concatenate([self.theta, np.broadcast_to(row, (n_lfs - old, K, K + 1))], axis=0)
        dep = np.zeros((n_lfs, n_lfs), dtype=bool)
        if self.dependencies is not None:
            dep[:old, :old] = self.dependencies
        self.dependencies = dep

    def predict_proba(self, votes: VoteTable) -> np.ndarray:
        """Posterior class probabilities (items x classes)."""
        assert self.theta is not None, "fit first"
        if not votes.n_items:
            return np.zeros((0, self.K))
        uniq, inverse, _ = votes.compress(self.theta.shape[0])
        return self._proba(self._dense(uniq, self.theta.shape[0]), uniq.mask)[inverse]

    def _em(self, V: np.ndarray, mask: np.ndarray | None, q: np.ndarray, w: np.ndarray) -> np.ndarray:
        for it in range(1, self.max_iter + 1):
            self._m_step(V, q, w)
            new = self._proba(V, mask)
            delta = float(np.abs(new - q).max()) if len(q) else 0.0
            q = new
            self.n_iter = it
            if delta < self.tol:
                break
        self._m_step(V, q, w)
        return q

    def fit(self, votes: VoteTable, n_lfs: int, init: np.ndarray | None = None) -> DawidSkene:
        """EM from ``init`` posteriors (default: majority vote), on the distinct vote patterns;
        with ``learn_dependencies``, a second EM once the dependencies are known."""
        q_all = majority_posteriors(votes, self.K) if init is None else init
        table, inverse, counts = votes.compress(n_lfs)
        w = counts.astype(float)
        # the starting posterior of a pattern: the mean over its items (ties may differ)
        q0 = np.zeros((table.n_items, self.K))
        np.add.at(q0, inverse, q_all)
        q0 /= np.maximum(w, 1.0)[:, None]
        self._fire = np.bincount(table.lf, weights=w[table.item], minlength=n_lfs) / max(w.sum(), 1.0)
        if table.mask is not None:
            q0 = np.where(table.mask, q0, 0.0)
            q0 = q0 / np.maximum(q0.sum(axis=1, keepdims=True), 1e-12)
        V = self._dense(table, n_lfs)
        self.dependencies = np.zeros((n_lfs, n_lfs), dtype=bool)
        self._em(V, table.mask, q0, w)
        if self.learn:
            self.dependencies = self.learn_dependencies(V, w)
            if self.dependencies.any():
                self._em(V, table.mask, q0, w)
        return self

    def learn_dependencies(self, V: np.ndarray, w: np.ndarray) -> np.ndarray:
        """``[j, k]``: functions j whose votes for a class meet the silence of k (same class)
        far more often than k's learnt recall predicts, although j's votes are rarely
        contradicted where someone else votes too -- j fires where k is silent by design (a
        class-word cue after the gazetteer, a title cue after the name lists), not because it is
        wrong. A function whose votes are often contradicted (a broad heuristic) gets none: its
        lone votes keep meeting the others' silence, which is the evidence against them.

        Needs a fitted model (k's recall ``theta[k, v, v]``); counts are over ``w``-weighted
        patterns ``V``."""
        assert self.theta is not None, "fit first"
        K = self.K
        n_lfs = V.shape[1]
        voting = V < K
        n_voters = voting.sum(axis=1)
        dep = np.zeros((n_lfs, n_lfs), dtype=bool)
        for j in range(n_lfs):
            for v in range(1, K):
                mine = V[:, j] == v
                n_j = w[mine].sum()
                if n_j < self.min_votes:
                    continue
                checked = mine & (n_voters > 1)
                # contradicted: some other function votes another class on the item
                other = voting & (V != v)
                other[:, j] = False
                contradicted = checked & other.any(axis=1)
                n_checked = w[checked].sum()
                if n_checked and w[contradicted].sum() / n_checked > self.max_conflict:
                    continue
                for k in range(n_lfs):
                    recall = self.theta[k, v, v]
                    if k == j or recall < 0.2:
                        continue
                    cofire = w[mine & (V[:, k] == v)].sum() / n_j
                    dep[j, k] = cofire < self.cofire_ratio * recall
        return dep

    def accuracies(self) -> np.ndarray:
        """Per function: P(its vote is right | it votes), under the fitted class prior."""
        assert self.theta is not None and self.pi is not None, "fit first"
        K = self.K
        right = (self.pi[None, :] * self.theta[:, np.arange(K), np.arange(K)]).sum(axis=1)
        fires = (self.pi[None, :] * (1.0 - self.theta[:, :, K])).sum(axis=1)
        return right / fires

    def precisions(self) -> np.ndarray:
        """``[j, v]`` = P(true class is v | function j votes v): how far to trust each vote."""
        assert self.theta is not None and self.pi is not None, "fit first"
        K = self.K
        joint = self.pi[None, :, None] * self.theta[:, :, :K]  # (J, y, v)
        return joint[:, np.arange(K), np.arange(K)] / joint.sum(axis=1)


# --------------------------------------------------------------------------------------------
# Entity spans


class ScoredSpan(NamedTuple):
    """An aggregated entity: ``prob`` is the probability of ``type``; ``posterior`` the class
    distribution of its cluster, aligned with :data:`ENTITY_CLASSES` (``O`` first: soft targets);
    ``clitic_len`` when the voting function knew it. (A tuple: hundreds of thousands are made.)"""

    start: int
    end: int
    type: str
    prob: float
    posterior: tuple[float, ...] = ()
    clitic_len: int | None = None

    def posterior_dict(self) -> dict[str, float]:
        return dict(zip(ENTITY_CLASSES, self.posterior))


class Cluster:
    """Overlapping candidate spans; ``members`` are ``(lf_name, span)`` in text order."""

    __slots__ = ("start", "end", "members", "_votes")

    def __init__(self, start: int, end: int, members: tuple[tuple[str, Span], ...],
                 votes: dict[str, str] | None = None) -> None:
        self.start, self.end, self.members, self._votes = start, end, members, votes

    def __repr__(self) -> str:
        return f"Cluster({self.start}, {self.end}, {len(self.members)} spans)"

    @property
    def vote_map(self) -> dict[str, str]:
        """Each function's vote: the type of its outermost span that is not nested strictly inside
        another function's span of a different type."""
        if self._votes is None:
            spans = self.members
            out: dict[str, tuple[int, str]] = {}
            for lf, s in spans:
                length = s.end - s.start
                if any(o_lf != lf and o.type != s.type and o.start <= s.start and s.end <= o.end
                       and (o.end - o.start) > length for o_lf, o in spans):
                    continue
                if lf not in out or length > out[lf][0]:
                    out[lf] = (length, s.type)
            self._votes = {lf: t for lf, (_, t) in out.items()}
        return self._votes

    def votes(self) -> dict[str, str]:
        return self.vote_map


def cluster_spans(members: Iterable[tuple[str, Span]]) -> list[Cluster]:
    """Group ``(lf_name, span)`` votes into clusters of transitively overlapping spans."""
    ordered = sorted((m for m in members if m[1].end > m[1].start), key=lambda m: (m[1].start, -m[1].end))
    out: list[Cluster] = []
    cur: list[tuple[str, Span]] = []
    cur_end = -1
    for m in ordered:
        s = m[1]
        if cur and s.start >= cur_end:
            out.append(Cluster(cur[0][1].start, cur_end, tuple(cur),
                               {cur[0][0]: cur[0][1].type} if len(cur) == 1 else None))
            cur = []
        if not cur or s.end > cur_end:
            cur_end = s.end
        cur.append(m)
    if cur:
        out.append(Cluster(cur[0][1].start, cur_end, tuple(cur),
                           {cur[0][0]: cur[0][1].type} if len(cur) == 1 else None))
    return out


def doc_members(votes: DocVotes) -> list[tuple[str, Span]]:
    return [(lf, s) for lf, spans in votes.items() for s in spans]


_CLASS_INDEX = {c: i for i, c in enumerate(ENTITY_CLASSES)}


class SpanAggregator:
    """Shared machinery: clusters, per-cluster class posteriors, boundaries, flat output.

    skweak-style API: :meth:`fit` on the votes of unlabelled documents, then call the aggregator
    on one document's votes. :meth:`fit_clusters` / :meth:`resolve` do the same on clusters
    already built (one clustering pass per document).
    """

    name = "aggregator"

    def __init__(self) -> None:
        self.lf_names: list[str] = []
        self._lf_index: dict[str, int] = {}
        self.n_fit_docs = 0
        self.n_fit_clusters = 0

    # subclasses: class posteriors of clusters, and how much to trust a function's vote
    def _posteriors(self, clusters: Sequence[Cluster]) -> np.ndarray:
        raise NotImplementedError

    def _weight(self, lf: str, cls: int) -> float:
        return 1.0

    def _add_lfs(self, names: Iterable[str]) -> None:
        for n in sorted(set(names) - set(self._lf_index)):
            self._lf_index[n] = len(self.lf_names)
            self.lf_names.append(n)

    def _add_voters(self, clusters: Sequence[Cluster]) -> bool:
        """Register the functions voting on ``clusters`` that the fit never saw; True if any."""
        names = {lf for c in clusters for lf in c.vote_map}
        if names.issubset(self._lf_index):
            return False
        self._add_lfs(names)
        return True

    def table(self, clusters: Sequence[Cluster]) -> VoteTable:
        """The clusters' votes of the known functions as a sparse table."""
        item: list[int] = []
        lf: list[int] = []
        label: list[int] = []
        index = self._lf_index
        for i, c in enumerate(clusters):
            for name, t in c.vote_map.items():
                j = index.get(name)
                if j is not None:
                    item.append(i)
                    lf.append(j)
                    label.append(_CLASS_INDEX[t])
        return VoteTable(np.array(item, dtype=np.int64), np.array(lf, dtype=np.int64),
                         np.array(label, dtype=np.int64), len(clusters))

    def fit(self, docs_votes: Iterable[DocVotes]) -> SpanAggregator:
        """Learn from unlabelled documents' votes (no gold). Returns ``self``."""
        docs_votes = list(docs_votes)
        self._add_lfs(lf for v in docs_votes for lf in v)
        return self.fit_clusters([self.clusters(v) for v in docs_votes])

    def fit_clusters(self, docs_clusters: Sequence[Sequence[Cluster]],
                     known: Sequence[Sequence[str | None]] | None = None) -> SpanAggregator:
        """:meth:`fit` on each document's clusters; ``known`` (parallel to the clusters) gives the
        true class of clusters in reviewed documents (None where unknown)."""
        self._add_lfs(lf for cs in docs_clusters for c in cs for lf, _ in c.members)
        self.n_fit_docs = len(docs_clusters)
        self.n_fit_clusters = sum(len(cs) for cs in docs_clusters)
        return self

    def clusters(self, votes: DocVotes) -> list[Cluster]:
        """The document's clusters (soft posteriors: :meth:`posteriors`)."""
        return cluster_spans(doc_members(votes))

    def posteriors(self, votes: DocVotes) -> list[tuple[Cluster, dict[str, float]]]:
        """Every cluster with its class posterior (``O`` included): the soft labels."""
        return self.cluster_posteriors(self.clusters(votes))

    def cluster_posteriors(self, clusters: Sequence[Cluster]) -> list[tuple[Cluster, dict[str, float]]]:
        """:meth:`posteriors` of clusters already built."""
        if not clusters:
            return []
        post = self._posteriors(clusters).tolist()
        return [(c, dict(zip(ENTITY_CLASSES, p))) for c, p in zip(clusters, post)]

    def __call__(self, votes: DocVotes) -> list[ScoredSpan]:
        """Flat, non-overlapping spans with a probability each, in text order."""
        return self.resolve(self.clusters(votes))

    def resolve(self, clusters: Sequence[Cluster]) -> list[ScoredSpan]:
        """:meth:`__call__` on a document's clusters."""
        out: list[ScoredSpan] = []
        pending = list(clusters)
        while pending:
            post = self._posteriors(pending).tolist()
            nxt: list[Cluster] = []
            for c, p in zip(pending, post):
                members = c.members
                if len(members) == 1:  # the common case: one function, one span
                    s = members[0][1]
                    k = _CLASS_INDEX[s.type]
                    if k and p[k] > p[0]:
                        out.append(ScoredSpan(s.start, s.end, s.type, p[k], tuple(p), getattr(s, "clitic_len", None)))
                    continue
                # only a class some function voted here can win: it needs a span to output
                voted = {s.type for _, s in members}
                k = max((i for i, cls in enumerate(ENTITY_CLASSES) if i == 0 or cls in voted), key=lambda i: p[i])
                if k == 0:
                    continue
                typ = ENTITY_CLASSES[k]
                best = self._boundaries(c, typ, k)
                out.append(ScoredSpan(best.start, best.end, typ, p[k], tuple(p), getattr(best, "clitic_len", None)))
                rest = [(lf, s) for lf, s in members if s.end <= best.start or s.start >= best.end]
                if rest:
                    nxt.extend(cluster_spans(rest))
            pending = nxt
        out.sort(key=lambda s: s.start)
        return out

    def _boundary_votes(self, c: Cluster, typ: str, k: int) -> tuple[dict, dict]:
        """Reliability-weighted votes per ``(start, end)`` of the winning type, and one span each."""
        score: dict[tuple[int, int], float] = defaultdict(float)
        example: dict[tuple[int, int], Span] = {}
        for lf, s in c.members:
            if s.type == typ:
                key = (s.start, s.end)
                score[key] += self._weight(lf, k)
                example.setdefault(key, s)
        return score, example

    def _boundaries(self, c: Cluster, typ: str, k: int) -> Span:
        """The winning type's span with the most reliability-weighted votes; ties go to the longer
        span (the outermost name), then the earlier one."""
        score, example = self._boundary_votes(c, typ, k)
        key = max(score, key=lambda ab: (round(score[ab], 9), ab[1] - ab[0], -ab[0]))
        return example[key]


def _majority_with_ties(table: VoteTable, clusters: Sequence[Cluster]) -> np.ndarray:
    """Majority posteriors; a tie between ``O`` and types goes to ``O``, one between types to the
    type with the longest span (the outermost name), then to schema order."""
    post = majority_posteriors(table, len(ENTITY_CLASSES))
    top = post[:, 1:].max(axis=1)
    n_top = (post[:, 1:] == top[:, None]).sum(axis=1)
    for i in np.nonzero((n_top > 1) & (top > 0) & (post[:, 0] < top))[0]:
        p = post[i]
        tied = [k for k in range(1, len(p)) if p[k] == top[i]]
        longest = {k: max((s.end - s.start for _, s in clusters[i].members if s.type == ENTITY_CLASSES[k]),
                          default=0) for k in tied}
        win = max(tied, key=lambda k: (longest[k], -k))
        p[win] += 1e-9
        post[i] = p / p.sum()
    return post


class MajorityVote(SpanAggregator):
    """Each voting function counts once; a tie between ``O`` and a type goes to ``O`` (negative
    evidence is explicit), a tie between types to the longest span (outermost name)."""

    name = "majority"

    def _posteriors(self, clusters: Sequence[Cluster]) -> np.ndarray:
        self._add_voters(clusters)  # majority vote needs no fit: every function that votes counts
        return _majority_with_ties(self.table(clusters), clusters)


class DawidSkeneModel(SpanAggregator):
    """The generative label model: :class:`DawidSkene` over clusters, learnt without gold.

    Boundaries: each function's vote for a span of the winning type weighs its learnt precision
    for that type; spans within ``margin`` of the best weight count as tied and the longest (the
    outermost name) wins, so the learnt weights decide only where reliabilities really differ
    (a cue the model trusts half the time against a gazetteer it trusts fully), not on the third
    decimal.
    """

    name = "dawid-skene"

    def __init__(self, margin: float = 0.25, **ds_kwargs) -> None:
        super().__init__()
        # entity functions are many, and several are built to complement each other
        self.model = DawidSkene(len(ENTITY_CLASSES), **{"learn_dependencies": True, **ds_kwargs})
        self.margin = margin
        self._prec: np.ndarray | None = None

    def fit_clusters(self, docs_clusters: Sequence[Sequence[Cluster]],
                     known: Sequence[Sequence[str | None]] | None = None) -> DawidSkeneModel:
        """Fit without gold; clusters whose class is ``known`` (from documents an analyst
        reviewed) are pinned to it: EM then estimates each function's confusion from the reviewed
        clusters as observed facts and from the others as before."""
        super().fit_clusters(docs_clusters)
        clusters = [c for cs in docs_clusters for c in cs]
        table = self.table(clusters)
        init = _majority_with_ties(table, clusters)
        if known is not None:
            flat = [k for ks in known for k in ks]
            if len(flat) != len(clusters):
                raise ValueError(f"known: {len(flat)} classes for {len(clusters)} clusters")
            # a one-class mask pins a reviewed cluster's posterior (the model's own masking)
            table.mask = np.ones((len(clusters), len(ENTITY_CLASSES)), dtype=bool)
            for i, k in enumerate(flat):
                if k is not None:
                    table.mask[i] = False
                    table.mask[i, _CLASS_INDEX[k]] = True
                    init[i] = table.mask[i]
        self.model.fit(table, len(self.lf_names), init=init)
        self._prec = self.model.precisions()
        log.info("dawid-skene: %d clusters, %d functions, %d EM iterations, %d learnt dependencies",
                 len(clusters), len(self.lf_names), self.model.n_iter, int(self.model.dependencies.sum()))
        return self

    def _posteriors(self, clusters: Sequence[Cluster]) -> np.ndarray:
        if self.model.theta is None:
            raise RuntimeError("DawidSkeneModel: call fit(docs_votes) first")
        if self._add_voters(clusters):
            # a function that never voted on the fitted texts (``label`` fits on its first text):
            # its votes count with the prior accuracy instead of being dropped
            self.model.grow(len(self.lf_names))
        return self.model.predict_proba(self.table(clusters))

    def _weight(self, lf: str, cls: int) -> float:
        j = self._lf_index.get(lf)
        if j is None or self._prec is None or j >= len(self._prec):  # a function the fit never saw
            return self.model.accuracy
        return float(self._prec[j, cls])

    def _boundaries(self, c: Cluster, typ: str, k: int) -> Span:
        score, example = self._boundary_votes(c, typ, k)
        top = max(score.values())
        near = [ab for ab, v in score.items() if v >= top - self.margin]
        return example[max(near, key=lambda ab: (ab[1] - ab[0], -ab[0]))]

    def dependencies(self) -> dict[str, list[str]]:
        """The learnt dependencies: function -> the functions whose silence does not count
        against its votes (:meth:`DawidSkene.learn_dependencies`)."""
        dep = self.model.dependencies
        if dep is None:
            return {}
        return {self.lf_names[j]: [self.lf_names[k] for k in np.nonzero(dep[j])[0]]
                for j in range(len(self.lf_names)) if dep[j].any()}

    def reliabilities(self) -> dict[str, float]:
        """Learnt accuracy of each function (P(right | it votes))."""
        if self.model.theta is None:
            return {}
        return {n: round(float(a), 4) for n, a in zip(self.lf_names, self.model.accuracies())}


def make_aggregator(name: str) -> SpanAggregator:
    """``"dawid-skene"`` or ``"majority"``."""
    if name == "dawid-skene":
        return DawidSkeneModel()
    if name == "majority":
        return MajorityVote()
    raise ValueError(f"unknown aggregator {name!r}: expected 'dawid-skene' or 'majority'")


# --------------------------------------------------------------------------------------------
# Relations: the same models over candidate entity pairs

#: relation classes of the label model; index 0 is "no relation"
RELATION_CLASSES: tuple[str, ...] = (NO_RELATION, *RELATION_TYPES)

#: one candidate pair: (head index, tail index, labels the schema allows for their types)
Candidate = tuple[int, int, tuple[str, ...]]
PairVotes = Mapping[str, Mapping[tuple[int, int], str]]


@dataclass(frozen=True)
class ScoredRelation:
    """An aggregated relation between entities ``head`` and ``tail`` (indices into the document's
    entities) with the probability of ``type`` and the pair's full posterior."""

    head: int
    tail: int
    type: str
    prob: float
    posterior: Mapping[str, float] = field(default_factory=dict, compare=False, hash=False)


_RELATION_INDEX = {c: i for i, c in enumerate(RELATION_CLASSES)}


@cache
def _allowed_mask(allowed: tuple[str, ...]) -> np.ndarray:
    """The classes a pair may take: ``NONE`` and what the schema allows for its types."""
    m = np.zeros(len(RELATION_CLASSES), dtype=bool)
    m[0] = True
    m[[_RELATION_INDEX[a] for a in allowed]] = True
    return m


class RelationAggregator:
    """``method="dawid-skene"`` (learnt reliabilities) or ``"majority"`` over the candidate pairs
    of documents. Every candidate pair is an item, voted on or not, so "no function fired" is
    evidence for ``NONE``; a tie between ``NONE`` and a label goes to ``NONE``."""

    def __init__(self, method: str = "dawid-skene", **ds_kwargs) -> None:
        if method not in ("dawid-skene", "majority"):
            raise ValueError(f"unknown aggregator {method!r}: expected 'dawid-skene' or 'majority'")
        self.name = method
        self.lf_names: list[str] = []
        self._lf_index: dict[str, int] = {}
        # relation functions are few and precise: a stronger diagonal prior than for entities
        ds_kwargs = {"accuracy": 0.85, **ds_kwargs}
        self.model = DawidSkene(len(RELATION_CLASSES), **ds_kwargs) if method == "dawid-skene" else None
        self.n_fit_pairs = 0

    def _table(self, docs: Sequence[tuple[Sequence[Candidate], PairVotes]], grow: bool) -> VoteTable:
        """All candidate pairs of ``docs`` as one sparse table; a vote for a label the schema
        does not allow for the pair is dropped."""
        masks: list[np.ndarray] = []
        item: list[int] = []
        lf: list[int] = []
        label: list[int] = []
        base = 0
        for candidates, votes in docs:
            if grow:
                for name in votes:
                    if name not in self._lf_index:
                        self._lf_index[name] = len(self.lf_names)
                        self.lf_names.append(name)
            row = {(h, t): base + k for k, (h, t, _) in enumerate(candidates)}
            masks.extend(_allowed_mask(allowed) for _, _, allowed in candidates)
            for name, pv in votes.items():
                j = self._lf_index.get(name)
                if j is None:
                    continue
                for pair, lab in pv.items():
                    i = row.get(pair)
                    if i is not None:
                        item.append(i)
                        lf.append(j)
                        label.append(_RELATION_INDEX[lab])
            base += len(candidates)
        mask = np.array(masks, dtype=bool).reshape(base, len(RELATION_CLASSES))
        item_a, label_a = np.array(item, dtype=np.int64), np.array(label, dtype=np.int64)
        keep = mask[item_a, label_a] if len(item_a) else np.zeros(0, dtype=bool)
        return VoteTable(item_a[keep], np.array(lf, dtype=np.int64)[keep], label_a[keep], base, mask)

    def fit(self, docs: Iterable[tuple[Sequence[Candidate], PairVotes]]) -> RelationAggregator:
        """Learn from ``(candidates, votes)`` of unlabelled documents. Returns ``self``."""
        docs = list(docs)
        table = self._table(docs, grow=True)
        self.n_fit_pairs = table.n_items
        if self.model is not None and table.n_items:
            self.model.fit(table, len(self.lf_names),
                           init=majority_posteriors(table, len(RELATION_CLASSES)))
        return self

    def posteriors(self, candidates: Sequence[Candidate], votes: PairVotes) -> np.ndarray:
        """Class posteriors (pairs x :data:`RELATION_CLASSES`), masked by the schema."""
        # every function's votes count: one the fit never saw votes with the prior accuracy, and a
        # Dawid-Skene model whose fit saw no candidate pair (a first document with fewer than two
        # entities) has learnt nothing, so the votes are counted as by majority
        table = self._table([(candidates, votes)], grow=True)
        if not table.n_items:
            return np.zeros((0, len(RELATION_CLASSES)))
        if self.model is None or self.model.theta is None:
            return majority_posteriors(table, len(RELATION_CLASSES))
        self.model.grow(len(self.lf_names))
        return self.model.predict_proba(table)

    def __call__(self, candidates: Sequence[Candidate], votes: PairVotes) -> list[ScoredRelation]:
        """The relations whose most probable class is not ``NONE``. Only a label some function
        voted on the pair can win it (as for entity clusters): a label model fitted on a handful
        of pairs can otherwise put an unvoted pair's prior mass on a relation."""
        post = self.posteriors(candidates, votes)
        voted: dict[tuple[int, int], set[int]] = {}
        for pv in votes.values():
            for pair, lab in pv.items():
                voted.setdefault(pair, set()).add(_RELATION_INDEX[lab])
        out = []
        for (h, t, _), p in zip(candidates, post):
            labels = voted.get((h, t))
            k = max(labels, key=lambda c: p[c]) if labels else 0
            if k and p[k] > p[0]:
                out.append(ScoredRelation(h, t, RELATION_CLASSES[k], float(p[k]),
                                          dict(zip(RELATION_CLASSES, map(float, p)))))
        return out

    def reliabilities(self) -> dict[str, float]:
        if self.model is None or self.model.theta is None:
            return {}
        return {n: round(float(a), 4) for n, a in zip(self.lf_names, self.model.accuracies())}
