"""The weak labeller: entity functions -> label model -> flat entities -> relation functions ->
label model -> one ANNOTATION.md :class:`~kashif.schema.Document` with a score on everything.

Usage::

    wl = WeakLabeller("dawid-skene").fit(texts)        # learns reliabilities, no gold
    doc = wl.label("doc-1", text)                       # Document with scored entities/relations
    tags = wl.label_conll(sentences)                    # IOB2 per CoNLL token, our 7 types

Every Document it returns passes :func:`kashif.schema.validate`: spans are trimmed to word
characters, never cross a line break, never overlap, and relations only join entities of one
sentence with a label the schema allows.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kashif import __version__ as KASHIF_VERSION
from kashif.bio import spans_to_bio
from kashif.corpus import ConllSentence, RawDoc, conll_to_doc
from kashif.schema import Document, Entity, Relation
from kashif.text import is_word_char, make_norm, normalize_letters
from kashif.weak.aggregate import (
    ENTITY_CLASSES,
    Cluster,
    DawidSkeneModel,
    RelationAggregator,
    ScoredRelation,
    ScoredSpan,
    cluster_spans,
    doc_members,
    make_aggregator,
)
from kashif.weak.base import LabellingFunction, Span
from kashif.weak.entities import propagate_names

if TYPE_CHECKING:  # the relation functions are imported when relations are labelled
    from kashif.weak.relations import RelationFunction

log = logging.getLogger(__name__)

AGGREGATORS = ("dawid-skene", "majority")


def default_entity_functions() -> list[LabellingFunction]:
    """The project's entity labelling functions: the precise ones
    (:func:`kashif.weak.entities.entity_functions`) and the broad, noisy ones whose reliability
    the label model learns (:func:`kashif.weak.heuristics.heuristic_functions`)."""
    from kashif.weak.entities import entity_functions
    from kashif.weak.heuristics import heuristic_functions

    return [*entity_functions(), *heuristic_functions()]


@dataclass
class LabelledDoc:
    """A labelled document with the votes that made it (for the LF analysis): entity votes and
    their clusters, the aggregated spans (with soft posteriors), relation candidates and votes."""

    document: Document
    entity_votes: dict[str, list[Span]]
    candidates: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)
    relation_votes: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    clusters: list[Cluster] = field(default_factory=list)
    spans: list[ScoredSpan] = field(default_factory=list)


class _Tok(NamedTuple):
    start: int
    end: int


@dataclass
class _Work:
    """One text on its way through the labeller."""

    text: str
    votes: dict[str, list[Span]]
    clusters: list[Cluster]
    spans: list[ScoredSpan] | None = None
    rel: tuple | None = None  # relation candidates and votes over ``spans``


_NORM_CLITICS = ("و", "ف", "ب", "ل", "ك", "لل", "وب", "ول", "ولل", "وك", "فب", "فل", "فلل", "فك")


@lru_cache(maxsize=100_000)
def _norm(surface: str, clitic_len: int | None) -> str:
    """ANNOTATION ``norm``; a clitic length that would remove more than one proclitic group (or
    letters of the name) falls back to the safe default."""
    if clitic_len:
        n = make_norm(surface, clitic_len)
        full = normalize_letters(surface)
        ok = {full} | {("ال" + full[len(c):]) if c.endswith("لل") else full[len(c):]
                       for c in _NORM_CLITICS if full.startswith(c) and len(full) > len(c) + 1}
        if n in ok:
            return n
    return make_norm(surface)


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The span without non-word characters at its edges; ``None`` when nothing is left or it
    crosses a line break (a name never does, and CoNLL sentences are lines)."""
    s, e = max(0, s), min(len(text), e)
    while s < e and not is_word_char(text[s]):
        s += 1
    while e > s and not is_word_char(text[e - 1]):
        e -= 1
    if s >= e or "\n" in text[s:e]:
        return None
    return s, e


class WeakLabeller:
    """Entity and relation labelling functions plus their label models.

    ``aggregator``: ``"dawid-skene"`` (reliabilities learnt by :meth:`fit`, without gold) or
    ``"majority"``. ``entity_functions`` / ``relation_fns`` default to the project's.
    ``relations=False`` skips relation labelling (faster, e.g. for CoNLL tagging).
    """

    def __init__(self, aggregator: str = "dawid-skene", *,
                 entity_functions: Sequence[LabellingFunction] | None = None,
                 relation_fns: Sequence[RelationFunction] | None = None,
                 relations: bool = True) -> None:
        if aggregator not in AGGREGATORS:
            raise ValueError(f"unknown aggregator {aggregator!r}: expected one of {', '.join(AGGREGATORS)}")
        self.aggregator_name = aggregator
        self.entity_fns = list(entity_functions) if entity_functions is not None else default_entity_functions()
        names = [f.name for f in self.entity_fns]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate labelling function names: {sorted(n for n in names if names.count(n) > 1)}")
        if relation_fns is None and relations:
            from kashif.weak.relations import relation_functions

            relation_fns = relation_functions()
        self.relation_fns: list[RelationFunction] = list(relation_fns or ())
        self.relations = relations
        self.entity_model = make_aggregator(aggregator)
        self.relation_model = RelationAggregator(aggregator)
        self.fitted = False
        self.n_fit_docs = 0

    # ---------------------------------------------------------------------------------------
    # votes

    def votes(self, text: str) -> dict[str, list[Span]]:
        """Every entity function's spans on ``text`` (out-of-range or unknown-type spans dropped)."""
        out: dict[str, list[Span]] = {}
        n = len(text)
        for f in self.entity_fns:
            spans = f(text)
            out[f.name] = [s for s in spans if 0 <= s.start < s.end <= n and s.type in ENTITY_CLASSES]
        return out

    def _entities(self, text: str, clusters: Sequence[Cluster], propagate: bool = True) -> list[ScoredSpan]:
        out: list[ScoredSpan] = []
        last_end = -1
        for sp in self.entity_model.resolve(clusters):
            trimmed = _trim(text, sp.start, sp.end)
            if trimmed is None or trimmed[0] < last_end:
                continue
            if trimmed != (sp.start, sp.end):
                sp = sp._replace(start=trimmed[0], end=trimmed[1], clitic_len=None)
            out.append(sp)
            last_end = sp.end
        # a name labelled once labels its other mentions in the document; CoNLL input has no
        # document boundaries (one text of many articles): it is propagated in blocks of nearby
        # sentences instead (_propagate_nearby)
        return propagate_names(text, out, _propagated) if propagate else out

    def _relation_inputs(self, text: str, spans: Sequence[ScoredSpan]):
        from kashif.weak.relations import relation_votes

        ents = [(sp.start, sp.end, sp.type, _norm(text[sp.start:sp.end], sp.clitic_len)) for sp in spans]
        return relation_votes(text, ents, self.relation_fns)

    def _prepare(self, text: str) -> _Work:
        votes = self.votes(text)
        return _Work(text, votes, cluster_spans(doc_members(votes)))

    # ---------------------------------------------------------------------------------------
    # fitting

    def fit(self, texts: Iterable[str], reviewed: Sequence[Document] = ()) -> WeakLabeller:
        """Learn the label models from unlabelled texts (no gold). Returns ``self``.

        ``reviewed``: documents an analyst corrected (``kashif review import``); their texts join
        the fit and the class of every cluster of votes on them is known (the type of the
        reviewed entity it overlaps most, ``O`` where none), so the entity model estimates the
        functions' reliabilities from them instead of blind (Dawid-Skene only)."""
        work = [self._prepare(t) for t in texts]
        rev = [self._prepare(d.text) for d in reviewed]
        known = [[None] * len(w.clusters) for w in work] + [_known_classes(w.clusters, d) for w, d in zip(rev, reviewed)]
        self._fit(work + rev, known if reviewed else None)
        return self

    def _fit(self, work: Sequence[_Work], known: list | None = None) -> None:
        self._fit_entities(work, known)
        if self.relations and self.relation_fns:
            for w in work:
                self._relation_work(w)
        self._fit_relations(work)

    # the three steps of _fit, apart so that the middle one can run on worker processes
    def _fit_entities(self, work: Sequence[_Work], known: list | None = None) -> None:
        """``known``: per document, the reviewed class of each cluster (None: unknown), which pins it
        in the Dawid-Skene fit (documents an analyst corrected)."""
        if known is not None and isinstance(self.entity_model, DawidSkeneModel):
            self.entity_model.fit_clusters([w.clusters for w in work], known)
        else:
            self.entity_model.fit_clusters([w.clusters for w in work])

    def _relation_work(self, w: _Work) -> None:
        """The entities and relation inputs of ``w`` under the fitted entity model, kept on it:
        labelling the same text next must not run the relation functions again."""
        w.spans = self._entities(w.text, w.clusters)
        w.rel = self._relation_inputs(w.text, w.spans)

    def _fit_relations(self, work: Sequence[_Work]) -> None:
        if self.relations and self.relation_fns:
            self.relation_model.fit([w.rel for w in work])
        self.fitted = True
        self.n_fit_docs = len(work)

    def _ensure_fitted(self, work: Sequence[_Work]) -> None:
        if not self.fitted:
            log.info("labeller not fitted: fitting the %s model on the %d input document(s)",
                     self.aggregator_name, len(work))
            self._fit(work)

    # ---------------------------------------------------------------------------------------
    # labelling

    def _document(self, doc_id: str, w: _Work) -> LabelledDoc:
        spans = w.spans if w.spans is not None else self._entities(w.text, w.clusters)
        text = w.text
        entities = tuple(Entity(f"T{k + 1}", sp.start, sp.end, sp.type, text[sp.start:sp.end],
                                _norm(text[sp.start:sp.end], sp.clitic_len), _clip(sp.prob))
                         for k, sp in enumerate(spans))
        relations: tuple[Relation, ...] = ()
        cands: list = []
        rvotes: dict = {}
        if self.relations and self.relation_fns and len(spans) > 1:
            cands, rvotes = w.rel if w.rel is not None else self._relation_inputs(text, spans)
            scored: list[ScoredRelation] = self.relation_model(cands, rvotes) if cands else []
            relations = tuple(Relation(f"T{r.head + 1}", f"T{r.tail + 1}", r.type, _clip(r.prob)) for r in scored)
        return LabelledDoc(Document(doc_id, text, entities, relations), w.votes, cands, rvotes, w.clusters, spans)

    def label(self, doc_id: str, text: str) -> Document:
        """One document with scored entities and relations (fits on it first if never fitted)."""
        w = self._prepare(text)
        self._ensure_fitted([w])
        return self._document(doc_id, w).document

    def label_corpus_detailed(self, raw_docs: Iterable[RawDoc]) -> list[LabelledDoc]:
        """:meth:`label_corpus` keeping each document's votes (fits on the corpus if not fitted)."""
        docs = list(raw_docs)
        work = [self._prepare(d.text) for d in docs]
        self._ensure_fitted(work)
        return [self._document(d.id, w) for d, w in zip(docs, work)]

    def label_corpus(self, raw_docs: Iterable[RawDoc]) -> list[Document]:
        """Label documents; an unfitted labeller is first fitted on them (one pass of the LFs)."""
        return [ld.document for ld in self.label_corpus_detailed(raw_docs)]

    def label_conll_detailed(self, sentences: Sequence[ConllSentence]) -> tuple[list[list[str]], LabelledDoc]:
        """:meth:`label_conll` plus the joined text's votes and spans (its Document has no
        entities: building them is the slow part and CoNLL output does not need them)."""
        raw, offsets = conll_to_doc(list(sentences), "conll")
        w = self._prepare(raw.text)
        self._ensure_fitted([w])
        spans = w.spans if w.spans is not None else self._entities(raw.text, w.clusters, propagate=False)
        spans = _propagate_nearby(raw.text, spans, [o[0][0] for o in offsets if o])
        starts = [sp.start for sp in spans]
        tags: list[list[str]] = []
        for offs in offsets:
            lo = bisect.bisect_left(starts, offs[0][0])
            hi = bisect.bisect_left(starts, offs[-1][1])
            if lo == hi:
                tags.append(["O"] * len(offs))
                continue
            # spans_to_bio reads only start/end: light tuples instead of Token objects (speed)
            toks = [_Tok(s, e) for s, e in offs]
            tags.append(spans_to_bio(toks, [(sp.start, sp.end, sp.type) for sp in spans[lo:hi]]))  # type: ignore[arg-type]
        return tags, LabelledDoc(Document(raw.id, raw.text), w.votes, [], {}, w.clusters, spans)

    def label_conll(self, sentences: Sequence[ConllSentence]) -> list[list[str]]:
        """IOB2 tags with our 7 types for every token of every CoNLL sentence."""
        return self.label_conll_detailed(sentences)[0]

    # ---------------------------------------------------------------------------------------

    def provenance(self) -> dict:
        """What made the labels: functions with versions, aggregator, fit size, reliabilities."""

        def describe(name: str) -> dict:
            base, _, version = name.rpartition("@")
            return {"name": name, "family": base, "version": int(version) if version.isdigit() else version}

        out: dict = {
            "kashif_version": KASHIF_VERSION,
            "schema": "ANNOTATION.md v1.1",
            "aggregator": self.aggregator_name,
            "entity_functions": [describe(f.name) for f in self.entity_fns],
            "relation_functions": [describe(f.name) for f in self.relation_fns] if self.relations else [],
            "fitted": self.fitted,
            "fitted_on": {"documents": self.n_fit_docs,
                          "entity_clusters": self.entity_model.n_fit_clusters,
                          "relation_pairs": self.relation_model.n_fit_pairs},
        }
        if isinstance(self.entity_model, DawidSkeneModel):
            out["reliabilities"] = {"entities": self.entity_model.reliabilities(),
                                    "relations": self.relation_model.reliabilities()}
            out["dependencies"] = {"entities": self.entity_model.dependencies()}
        return out


def _known_classes(clusters: Sequence[Cluster], doc: Document) -> list[str]:
    """The true class of each cluster of a reviewed document: the type of the entity it overlaps
    most, ``O`` when it overlaps none."""
    out = []
    for c in clusters:
        best, cls = 0, "O"
        for e in doc.entities:
            overlap = min(c.end, e.end) - max(c.start, e.start)
            if overlap > best:
                best, cls = overlap, e.type
        out.append(cls)
    return out


#: CoNLL sentences are propagated within blocks of this many consecutive sentences: corpora such
#: as ANERcorp keep an article's sentences together but mark no article boundaries
CONLL_BLOCK = 25


def _propagate_nearby(text: str, spans: list[ScoredSpan], sentence_starts: list[int]) -> list[ScoredSpan]:
    """:func:`propagate_names` within each block of :data:`CONLL_BLOCK` consecutive sentences of
    joined CoNLL text (the block stands in for the article it probably came from)."""
    return propagate_names(text, spans, _propagated, blocks=sentence_starts[::CONLL_BLOCK])


def _propagated(start: int, end: int, typ: str, prob: float, clitic_len: int | None) -> ScoredSpan:
    return ScoredSpan(start, end, typ, prob, tuple(float(c == typ) for c in ENTITY_CLASSES), clitic_len)


def _clip(p: float) -> float:
    return min(1.0, max(0.0, float(p)))




__all__ = ["AGGREGATORS", "LabelledDoc", "WeakLabeller", "default_entity_functions"]
