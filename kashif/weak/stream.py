"""Weak labelling at corpus scale: the label models are fitted on a bounded, seeded sample of the
corpus, then every document streams through the fitted labeller, a chunk at a time, on one
process or several (:func:`kashif.parallel.map_ordered`), in input order.

The sample is a *bottom-k* sample: the ``n`` documents whose seeded hash of their id is smallest.
It is read in one pass with a heap of ``n`` documents (memory bounded), it does not depend on the
order in which documents arrive (a Ray cluster draws the same sample as one process), and it is
fitted in corpus order when that order is known. When the corpus holds no more than ``n``
documents, the sample is the whole corpus and the labels equal :meth:`WeakLabeller.label_corpus`.

The sample's work (votes, clusters, relation inputs) is kept after fitting and reused when those
documents are labelled, so the sampled documents cost no second pass of the functions.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from kashif.corpus import RawDoc
from kashif.schema import Document, validate
from kashif.weak.analysis import LFCounts
from kashif.weak.labeller import WeakLabeller, _Work

#: default size of the fit sample (documents): enough clusters and relation pairs for the label
#: models' few hundred parameters, small enough to fit in seconds and a bounded amount of memory
FIT_SAMPLE = 2000
#: documents per chunk handed to a worker
CHUNK_DOCS = 32


def sample_key(doc_id: str, seed: int) -> int:
    """The document's place in the seeded sample order (smaller is drawn first)."""
    return int.from_bytes(hashlib.blake2b(f"{seed}\x00{doc_id}".encode(), digest_size=8).digest(), "big")


def draw_sample(docs: Iterable[RawDoc], n: int, seed: int) -> tuple[list[RawDoc], int]:
    """The bottom-``n`` sample of ``docs`` by :func:`sample_key` (in input order) and the number of
    documents read. Holds at most ``n`` documents in memory."""
    heap: list[tuple[int, int, RawDoc]] = []  # (-key, index, doc): the largest key on top
    count = 0
    for i, d in enumerate(docs):
        count += 1
        if n <= 0:
            continue
        item = (-sample_key(d.id, seed), i, d)
        if len(heap) < n:
            heapq.heappush(heap, item)
        elif item[0] > heap[0][0]:
            heapq.heapreplace(heap, item)
    return [d for _, _, d in sorted(heap, key=lambda x: x[1])], count


@dataclass
class ChunkResult:
    """What one chunk of documents produced: output lines (and dataset rows) in input order, the
    problems found, and the LF-analysis counts."""

    lines: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the document of each line
    records: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    counts: LFCounts | None = None
    n_docs: int = 0
    n_entities: int = 0
    n_relations: int = 0
    chars: int = 0


class CorpusLabeller:
    """A :class:`WeakLabeller` fitted on a sample, applied to documents a chunk at a time.

    ``analysis``: accumulate the LF analysis (:class:`LFCounts`, with ``gold`` when given);
    ``records``: also return each document's dataset row (:func:`kashif.weak.dataset.document_record`).
    """

    def __init__(self, labeller: WeakLabeller, *, analysis: bool = True, records: bool = False,
                 gold: Sequence[Document] | None = None) -> None:
        self.wl = labeller
        self.analysis = analysis
        self.records = records
        self.gold = gold
        self.fit_info: dict = {}
        self._cache: dict[str, object] = {}

    def fit(self, sample: Sequence[RawDoc], *, size: int, seed: int, corpus_documents: int | None,
            num_proc: int = 1, map_chunks: Callable | None = None) -> None:
        """Fit the label models on ``sample`` (drawn by :func:`draw_sample` with ``size`` and
        ``seed``) and keep its work for labelling. The functions run on ``num_proc`` forked
        processes, or through ``map_chunks(fn, wl, chunks)`` (a list of ``fn(wl, chunk)`` in
        order: :func:`prepare_docs`, then :func:`relation_work` with the entity model fitted;
        Ray tasks use it); only the label models' EM runs here."""
        from kashif.parallel import chunked, map_ordered

        global _ACTIVE
        _ACTIVE = self
        num_proc = min(num_proc, -(-len(sample) // CHUNK_DOCS))  # no idle workers for a small sample

        def run(fn, local, chunks):
            return map_chunks(fn, self.wl, chunks) if map_chunks else map_ordered(local, chunks, num_proc)

        try:
            # only what each step needs crosses to the workers and back (never the text back, never
            # the votes twice): moving whole work objects cost more than the functions on 2 workers
            votes = (v for part in run(prepare_docs, _prepare_chunk, chunked(sample, CHUNK_DOCS)) for v in part)
            work = [_Work(d.text, v, c) for d, (v, c) in zip(sample, votes)]
            self.wl._fit_entities(work)  # the workers forked (or the tasks sent) next see the fitted entity model
            if self.wl.relations and self.wl.relation_fns:
                items = chunked([(w.text, w.clusters) for w in work], CHUNK_DOCS)
                found = (r for part in run(relation_work, _relation_chunk, items) for r in part)
                for w, (spans, rel) in zip(work, found):
                    w.spans, w.rel = spans, rel
            self.wl._fit_relations(work)
        finally:
            _ACTIVE = None
        self._cache = {d.id: w for d, w in zip(sample, work)}
        self.fit_info = {"fit_sample": size, "seed": seed, "documents": len(sample),
                         "corpus_documents": corpus_documents, "method": "bottom-k by blake2b(seed, id)"}

    def provenance(self) -> dict:
        """The labeller's provenance with how its fit sample was drawn."""
        return {**self.wl.provenance(), "sample": self.fit_info}

    def label_chunk(self, docs: Sequence[RawDoc]) -> ChunkResult:
        """Label ``docs``; a document that fails (a bug, never a bad file) is reported and skipped."""
        wl = self.wl
        res = ChunkResult()
        labelled = []
        for d in docs:
            w = self._cache.pop(d.id, None)
            try:
                if w is None or w.text != d.text:  # type: ignore[attr-defined]
                    w = wl._prepare(d.text)
                ld = wl._document(d.id, w)  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 -- one document must not stop a corpus
                res.errors.append(f"document {d.id!r}: internal error while labelling "
                                  f"({type(exc).__name__}: {str(exc)[:200]}); skipped")
                continue
            problems = validate(ld.document)
            if problems:
                res.errors.append(f"document {d.id!r}: internal error, output breaks the schema "
                                  f"({problems[0]}); skipped")
                continue
            doc = ld.document
            res.lines.append(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
            res.ids.append(d.id)
            if self.records:
                from kashif.weak.dataset import document_record

                rejected = [(c.start, c.end, post["O"]) for c, post in wl.entity_model.cluster_posteriors(ld.clusters)]
                res.records.append(document_record(doc, rejected))
            res.n_docs += 1
            res.n_entities += len(doc.entities)
            res.n_relations += len(doc.relations)
            res.chars += len(doc.text)
            if self.analysis:
                labelled.append(ld)
        if self.analysis:
            res.counts = LFCounts(self.gold).add(labelled)
        return res


#: the labeller that forked workers inherit (see :func:`kashif.parallel.map_ordered`)
_ACTIVE: CorpusLabeller | None = None


def _label_chunk(docs: list[RawDoc]) -> ChunkResult:
    assert _ACTIVE is not None
    return _ACTIVE.label_chunk(docs)


def prepare_docs(wl: WeakLabeller, docs: Sequence[RawDoc]) -> list[tuple]:
    """The first step of fitting on a chunk of the sample: every entity function's votes and
    their clusters, per document."""
    return [(w.votes, w.clusters) for w in (wl._prepare(d.text) for d in docs)]


def relation_work(wl: WeakLabeller, items: list[tuple]) -> list[tuple]:
    """The second step, with the entity model fitted: ``(text, clusters)`` -> ``(entities,
    relation inputs)`` per document."""
    out = []
    for text, clusters in items:
        w = _Work(text, {}, clusters)
        wl._relation_work(w)
        out.append((w.spans, w.rel))
    return out


def _prepare_chunk(docs: list[RawDoc]) -> list:
    assert _ACTIVE is not None
    return prepare_docs(_ACTIVE.wl, docs)


def _relation_chunk(items: list) -> list:
    assert _ACTIVE is not None
    return relation_work(_ACTIVE.wl, items)


def label_stream(cl: CorpusLabeller, chunks: Iterable[list[RawDoc]], num_proc: int = 1) -> Iterator[ChunkResult]:
    """:meth:`CorpusLabeller.label_chunk` over ``chunks`` of documents (see
    :func:`kashif.parallel.chunked`), on ``num_proc`` processes, in input order."""
    from kashif.parallel import map_ordered

    global _ACTIVE
    _ACTIVE = cl
    try:
        yield from map_ordered(_label_chunk, chunks, num_proc)
    finally:
        _ACTIVE = None


__all__ = ["CHUNK_DOCS", "FIT_SAMPLE", "ChunkResult", "CorpusLabeller", "draw_sample", "label_stream", "prepare_docs",
           "relation_work", "sample_key"]
