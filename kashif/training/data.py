"""Training data: documents in, padded window batches out.

Documents come from labelled JSONL (ANNOTATION.md: gold, or the output of ``kashif label``) or
from a raw corpus weak-labelled on the fly. Each document is encoded once and cut into windows
of whole sentences, as at prediction time (:mod:`kashif.model.encoding`); a window carries its subword labels (first
subword by default), the soft-target score and loss weight of every label, and the entity pairs
of its sentences with their relation labels. Batches are padded dynamically.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from kashif.bio import spans_to_bio
from kashif.model.encoding import (
    EncodedText,
    align_labels,
    encode_texts,
    plan_windows,
    special_ids,
    word_range,
)
from kashif.model.labels import ENTITY_LABELS, IGNORE_INDEX, RELATION_LABELS, inside_label_ids
from kashif.schema import ENTITY_TYPES, Document, SchemaError, allowed_relations, read_jsonl, validate
from kashif.text import has_arabic, sentence_ids
from kashif.training.config import DataConfig, WeakConfig

log = logging.getLogger(__name__)


class DataError(ValueError):
    """The training or evaluation data cannot be used; the message names the file."""


# ------------------------------------------------------------------------------ documents


def is_labelled_jsonl(path: Path) -> bool:
    """True when the first record of a ``.jsonl`` file has an ``entities`` list (ANNOTATION.md)."""
    if path.suffix != ".jsonl" or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip():
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(obj, dict) and isinstance(obj.get("entities"), list)
    return False


def _sidecar_provenance(path: Path) -> dict | None:
    """The ``weak_supervision`` record of the ``metadata.json`` beside a labelled JSONL, if any."""
    meta = path.with_name("metadata.json")
    try:
        found = json.loads(meta.read_text(encoding="utf-8")).get("weak_supervision")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, dict) and found else None


def read_labelled(path: str | Path) -> list[Document]:
    """Valid documents of an ANNOTATION.md JSONL file; invalid ones are reported and skipped."""
    p = Path(path)
    if not p.is_file():
        raise DataError(f"{p}: no such file")
    try:
        docs = list(read_jsonl(p))
    except SchemaError as exc:
        raise DataError(str(exc)) from None
    out = []
    for d in docs:
        problems = validate(d)
        if problems:
            log.warning("%s: document %r breaks the schema (%s); skipped", p, d.id, problems[0])
        elif _has_arabic(d.text, p, d.id):
            out.append(d)
    if not out:
        raise DataError(f"{p}: no valid documents")
    return out


def _has_arabic(text: str, where: Path, doc_id: str) -> bool:
    """The rule of ``kashif label`` and ``predict``: a document with no Arabic is reported and skipped."""
    if has_arabic(text):
        return True
    log.warning("%s: document %r holds no Arabic text; skipped", where, doc_id)
    return False


def conll_texts(cfg: DataConfig) -> list:
    """The ``data.train_conll`` files as raw documents (their tags are never read): the first
    ``conll_head`` of each file's sentences, ``conll_doc_sentences`` sentences to a document, so
    the held-out rest of a gold file (ANERcorp's last fifth) is never trained on."""
    from kashif.corpus import CorpusError, conll_to_doc, read_conll

    out = []
    for path in cfg.train_conll:
        p = Path(path)
        try:
            sents = read_conll(p)
        except CorpusError as exc:
            raise DataError(f"data.train_conll: {exc}") from None
        sents = sents[:int(len(sents) * cfg.conll_head)]
        k = cfg.conll_doc_sentences
        out += [conll_to_doc(sents[i:i + k], f"{p.stem}-{i // k:05d}")[0] for i in range(0, len(sents), k)]
        log.info("data.train_conll: %d sentences of %s as %d unlabelled documents", len(sents), p,
                 -(-len(sents) // k))
    return out


def excluded_ids(cfg: DataConfig) -> set[str]:
    """The document ids of the ``data.exclude`` files (JSONL, one object with an ``id`` per line)."""
    ids: set[str] = set()
    for path in cfg.exclude_paths:
        p = Path(path)
        try:
            lines = p.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataError(f"data.exclude: {p}: cannot read ({exc.strerror or exc})") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                ids.add(str(json.loads(line)["id"]))
            except (ValueError, KeyError, TypeError):
                raise DataError(f"data.exclude: {p}:{n}: expected a JSON object with an id") from None
    return ids


def load_documents(cfg: DataConfig, seed: int = 0) -> tuple[list[Document], dict | None]:
    """The training documents named by ``cfg.train`` and the weak-labelling provenance (None when
    every source is labelled JSONL)."""
    from kashif.corpus import CorpusError, read_corpus

    docs: list[Document] = []
    raw = []
    sidecars: list[dict] = []
    for path in cfg.train_paths:
        p = Path(path)
        if not p.exists():
            raise DataError(f"data.train: {p}: no such file or folder")
        labelled = cfg.train_format == "labelled" or (cfg.train_format == "auto" and is_labelled_jsonl(p))
        if labelled:
            docs.extend(read_labelled(p))
            found = _sidecar_provenance(p)
            if found:
                sidecars.append(found)
        else:
            try:
                raw.extend(d for d in read_corpus(p) if _has_arabic(d.text, p, d.id))
            except CorpusError as exc:
                raise DataError(f"data.train: {exc}") from None
    raw.extend(conll_texts(cfg))
    excluded = excluded_ids(cfg)
    if excluded:  # held-out evaluation texts inside the corpus: neither fitted on nor trained on
        n = len(raw) + len(docs)
        raw = [d for d in raw if d.id not in excluded]
        docs = [d for d in docs if d.id not in excluded]
        log.info("data.exclude: %d training documents left out", n - len(raw) - len(docs))
    # weak labels made earlier (`kashif data` writes metadata.json beside weak.jsonl)
    provenance = sidecars[0] if len(sidecars) == 1 else ({"sources": sidecars} if sidecars else None)
    if raw:
        try:
            from kashif.weak.labeller import WeakLabeller
        except ImportError as exc:
            raise DataError(f"cannot weak-label raw text: the weak labeller is unavailable ({exc})") from None
        log.info("weak-labelling %d raw documents (%s)", len(raw), cfg.aggregator)
        # reviewed documents tell the label model how far to trust each function
        reviewed = _reviewed(cfg)
        rev_ids = {d.id for d in reviewed}
        labeller = WeakLabeller(aggregator=cfg.aggregator).fit([d.text for d in raw if d.id not in rev_ids],
                                                               reviewed=reviewed)
        docs.extend(labeller.label_corpus(raw))
        provenance = labeller.provenance() if not sidecars else {"sources": [*sidecars, labeller.provenance()]}
    seen: set[str] = set()
    for d in docs:
        if d.id in seen:
            raise DataError(f"data.train: duplicate document id {d.id!r}")
        seen.add(d.id)
    docs = _with_reviewed(docs, cfg)
    if not docs:
        raise DataError("data.train: no documents")
    if cfg.teacher:
        docs = _taught(docs, cfg, seed)
        provenance = {**(provenance or {}), "teacher": {"model": cfg.teacher, "documents": len(docs),
                                                        "min_score": cfg.teacher_min_score}}
        provenance["note"] = (f"Self-training: the model {cfg.teacher} (the teacher) predicted on the {len(docs)} "
                              f"documents trained on, and its spans and relations with a score of at least "
                              f"{cfg.teacher_min_score} where the weak labels had none were added")
    return docs, provenance


def _taught(docs: list[Document], cfg: DataConfig, seed: int) -> list[Document]:
    """The seeded sample of ``cfg.teacher_documents`` documents, relabelled with the teacher's help."""
    from kashif.model import ModelLoadError
    from kashif.training.selftrain import teach
    from kashif.weak.stream import draw_sample

    if cfg.teacher_documents:  # the bottom-n sample by seeded id hash, as the label model's fit sample
        docs = draw_sample(docs, cfg.teacher_documents, seed)[0]
    try:
        return teach(docs, cfg.teacher, min_score=cfg.teacher_min_score)
    except (ModelLoadError, OSError) as exc:
        raise DataError(f"data.teacher: {exc}") from None


def iter_saved_documents(path: str | Path, split: str = "train", batch_size: int = 256) -> Iterator[Document]:
    """Documents of one split of a dataset saved by ``kashif data`` (a ``DatasetDict`` folder),
    read a batch at a time from its memory-mapped Arrow shards: the corpus is never held as Python
    lists. Scores come back as float32."""
    from datasets import load_from_disk

    try:
        ds = load_from_disk(str(path))[split]
    except (FileNotFoundError, KeyError) as exc:
        raise DataError(f"{path}: no split {split!r} of a dataset saved by kashif data ({exc})") from None
    for batch in ds.select_columns(["id", "text", "entities", "relations"]).iter(batch_size=batch_size):
        for i, t, e, r in zip(batch["id"], batch["text"], batch["entities"], batch["relations"]):
            yield Document.from_dict({"id": i, "text": t, "entities": e, "relations": r})


def _reviewed(cfg: DataConfig) -> list[Document]:
    return [d for p in cfg.reviewed_paths for d in read_labelled(p)]


def reviewed_ids(cfg: DataConfig) -> set[str]:
    """Ids of the documents in ``cfg.reviewed`` (they weigh ``cfg.reviewed_weight`` in the loss)."""
    return {d.id for d in _reviewed(cfg)}


def _with_reviewed(docs: list[Document], cfg: DataConfig) -> list[Document]:
    """``docs`` with each reviewed document in place of the one with its id (or added)."""
    reviewed = {d.id: d for d in _reviewed(cfg)}
    if reviewed:
        log.info("%d reviewed documents (%d replace weak ones), weight %.1f", len(reviewed),
                 sum(d.id in reviewed for d in docs), cfg.reviewed_weight)
    return [reviewed.pop(d.id, d) for d in docs] + list(reviewed.values())


def with_rare_repeated(docs: Sequence[Document], times: int) -> list[Document]:
    """``docs`` with every document that holds a relation or a WEAPON ``times`` times in a row: in
    general news they are the rare conflict reporting the model is for (ANT: 1 in 7 documents)."""
    if times <= 1:
        return list(docs)
    return [d for d in docs for _ in range(times if d.relations or any(e.type == "WEAPON" for e in d.entities)
                                           else 1)]


def split_documents(docs: Sequence[Document], fraction: float, seed: int) -> tuple[list[Document], list[Document]]:
    """``(train, validation)`` split by document: a seeded shuffle, ``ceil``-free rounding with at
    least one document on each side when there are two or more (none held out for ``fraction`` 0)."""
    if fraction <= 0 or len(docs) < 2:
        return list(docs), []
    order = sorted(range(len(docs)), key=lambda i: docs[i].id)
    random.Random(seed).shuffle(order)
    n_val = min(len(docs) - 1, max(1, round(fraction * len(docs))))
    val = set(order[:n_val])
    return [d for i, d in enumerate(docs) if i not in val], [d for i, d in enumerate(docs) if i in val]


# ------------------------------------------------------------------------------ features


@dataclass
class Feature:
    """One window, ready for the collator (lists, so it pickles and batches cheaply)."""

    input_ids: list[int]
    labels: list[int]
    label_scores: list[float]
    label_weights: list[float]
    spans: list[tuple[int, int]]
    span_types: list[int]
    pairs: list[tuple[int, int]]
    pair_labels: list[int]
    pair_scores: list[float]
    pair_weights: list[float]

    def __len__(self) -> int:
        return len(self.input_ids)


def _word_targets(enc: EncodedText, doc: Document, weak: WeakConfig) -> tuple[list[int], list[float], list[float],
                                                                              list[tuple[int, int, int, float]]]:
    """Word label ids, soft scores and weights, and the kept entities as (first, last, type, index)."""
    label_id = {lab: i for i, lab in enumerate(ENTITY_LABELS)}
    toks = enc.tokens
    kept, dropped = [], []
    for k, e in enumerate(doc.entities):
        (dropped if e.score is not None and e.score < weak.min_entity_score else kept).append((k, e))
    tags = spans_to_bio(toks, [(e.start, e.end, e.type) for _, e in kept])
    labels = [label_id[t] for t in tags]
    scores = [1.0] * len(toks)
    weights = [weak.o_weight if t == "O" else 1.0 for t in tags]
    ents = []
    for k, e in kept:
        wr = word_range(toks, e.start, e.end)
        if wr is None:
            continue
        s = 1.0 if e.score is None else float(e.score)
        for w in range(*wr):
            if weak.soft_targets:
                scores[w] = s
            if weak.weight_by_score:
                weights[w] = s
        if tags[wr[0]].startswith("B-"):  # an entity that lost its word to an earlier one is not a pair end
            ents.append((wr[0], wr[1], ENTITY_TYPES.index(e.type), k))
    for _, e in dropped:  # unsure: neither entity nor O
        wr = word_range(toks, e.start, e.end)
        if wr:
            for w in range(*wr):
                labels[w] = IGNORE_INDEX
    return labels, scores, weights, ents


def build_features(docs: Sequence[Document], tokenizer, data: DataConfig, weak: WeakConfig) -> list[Feature]:
    """Window features of ``docs`` for training (labels on first subwords, pairs from the labels)."""
    prefix, suffix = special_ids(tokenizer)
    max_sub = data.max_length - len(prefix) - len(suffix)
    inside = inside_label_ids()
    rel_id = {lab: i for i, lab in enumerate(RELATION_LABELS)}
    out: list[Feature] = []
    encoded = encode_texts(tokenizer, [d.text for d in docs])
    reviewed = reviewed_ids(data)
    for doc, enc in zip(docs, encoded):
        if not enc.ids:
            continue
        labels, scores, weights, ents = _word_targets(enc, doc, weak)
        if doc.id in reviewed:
            weights = [w * data.reviewed_weight for w in weights]
        toks = enc.tokens
        sid = sentence_ids(doc.text, [(e.start, e.end) for e in doc.entities])
        ent_sent = [sid[toks[f].start] for f, _, _, _ in ents]
        gold: dict[tuple[int, int], tuple[str, float | None]] = {}
        index = {e.id: k for k, e in enumerate(doc.entities)}
        for r in doc.relations:
            key = (index[r.head], index[r.tail])
            if key not in gold or (r.score or 1.0) > (gold[key][1] or 1.0):
                gold[key] = (r.type, r.score)
        for win in plan_windows(enc.word_start, enc.word_end, max_sub, data.stride, enc.breaks):
            ids = prefix + list(enc.ids[win.sub_start:win.sub_end]) + suffix
            word_ids: list[int | None] = [None] * len(prefix)
            for w in range(win.first, win.last):
                lo, hi = max(enc.word_start[w], win.sub_start), min(enc.word_end[w], win.sub_end)
                word_ids += [w] * max(0, hi - lo)
            word_ids += [None] * len(suffix)
            if enc.heads is not None:  # a bare "▁" first piece carries no label: the next piece does
                for w in range(win.first, win.last):
                    if enc.heads[w] != enc.word_start[w] and enc.word_start[w] >= win.sub_start:
                        word_ids[len(prefix) + enc.word_start[w] - win.sub_start] = None
            sub_labels = align_labels(word_ids, labels, label_all_subwords=data.label_all_subwords,
                                      inside_ids=inside)
            sub_scores = [scores[w] if w is not None else 1.0 for w in word_ids]
            sub_weights = [weights[w] if w is not None else 0.0 for w in word_ids]
            # entities whole inside the window become relation-pair ends
            local = [j for j, (f, last, _, _) in enumerate(ents) if win.first <= f and last <= win.last]
            spans = [(len(prefix) + enc.word_start[ents[j][0]] - win.sub_start,
                      len(prefix) + min(enc.word_end[ents[j][1] - 1], win.sub_end) - win.sub_start) for j in local]
            types = [ents[j][2] for j in local]
            pairs, p_labels, p_scores, p_weights = [], [], [], []
            for a, ja in enumerate(local):
                for b, jb in enumerate(local):
                    if a == b or ent_sent[ja] != ent_sent[jb]:
                        continue
                    if not allowed_relations(ENTITY_TYPES[types[a]], ENTITY_TYPES[types[b]]):
                        continue
                    lab, score = gold.get((ents[ja][3], ents[jb][3]), ("NONE", None))
                    s = 1.0 if score is None else float(score)
                    if lab != "NONE" and score is not None and score < weak.min_relation_score:
                        continue  # unsure: neither this relation nor NONE
                    pairs.append((a, b))
                    p_labels.append(rel_id[lab])
                    p_scores.append(s if weak.soft_targets else 1.0)
                    p_weights.append((weak.none_weight if lab == "NONE" else s if weak.weight_by_score else 1.0)
                                     * (data.reviewed_weight if doc.id in reviewed else 1.0))
            out.append(Feature(ids, sub_labels, sub_scores, sub_weights, spans, types, pairs, p_labels,
                               p_scores, p_weights))
    return out


def collate(features: Sequence[Feature], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad a batch to its longest window; span rows get their batch index, pairs their offset."""
    width = max(len(f) for f in features)
    n = len(features)
    input_ids = torch.full((n, width), pad_id, dtype=torch.long)
    mask = torch.zeros((n, width), dtype=torch.long)
    labels = torch.full((n, width), IGNORE_INDEX, dtype=torch.long)
    scores = torch.ones((n, width))
    weights = torch.zeros((n, width))
    spans, types, pairs, p_labels, p_scores, p_weights = [], [], [], [], [], []
    for i, f in enumerate(features):
        k = len(f)
        input_ids[i, :k] = torch.tensor(f.input_ids)
        mask[i, :k] = 1
        labels[i, :k] = torch.tensor(f.labels)
        scores[i, :k] = torch.tensor(f.label_scores)
        weights[i, :k] = torch.tensor(f.label_weights)
        off = len(spans)
        spans += [(i, s, e) for s, e in f.spans]
        types += f.span_types
        pairs += [(a + off, b + off) for a, b in f.pairs]
        p_labels += f.pair_labels
        p_scores += f.pair_scores
        p_weights += f.pair_weights
    return {
        "input_ids": input_ids, "attention_mask": mask, "labels": labels, "label_scores": scores,
        "label_weights": weights,
        "entity_spans": torch.tensor(spans, dtype=torch.long).reshape(-1, 3),
        "entity_types": torch.tensor(types, dtype=torch.long),
        "pairs": torch.tensor(pairs, dtype=torch.long).reshape(-1, 2),
        "pair_labels": torch.tensor(p_labels, dtype=torch.long),
        "pair_scores": torch.tensor(p_scores, dtype=torch.float),
        "pair_weights": torch.tensor(p_weights, dtype=torch.float),
    }


class Collator:
    """Picklable collate function (DataLoader workers)."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, features: Sequence[Feature]) -> dict[str, torch.Tensor]:
        return collate(features, self.pad_id)


class LengthGroupedBatchSampler(torch.utils.data.Sampler[list[int]]):
    """Batches of similar lengths (less padding), reshuffled every epoch from ``seed + epoch``.

    Indices are shuffled, cut into mega-batches of ``50 * batch_size``, sorted by length inside
    each, split into batches, and the batch order is shuffled. The order depends only on the seed
    and the epoch, so a resumed run sees exactly the batches of an uninterrupted one.
    """

    def __init__(self, lengths: Sequence[int], batch_size: int, seed: int, group_by_length: bool = True,
                 shuffle: bool = True) -> None:
        self.lengths = list(lengths)
        self.batch_size = batch_size
        self.seed = seed
        self.group_by_length = group_by_length
        self.shuffle = shuffle
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return (len(self.lengths) + self.batch_size - 1) // self.batch_size

    def __iter__(self) -> Iterator[list[int]]:
        rng = random.Random(self.seed * 100_003 + self.epoch)
        idx = list(range(len(self.lengths)))
        if self.shuffle:
            rng.shuffle(idx)
        if self.group_by_length:
            mega = 50 * self.batch_size
            idx = [i for m in range(0, len(idx), mega)
                   for i in sorted(idx[m:m + mega], key=lambda i: -self.lengths[i])]
        batches = [idx[b:b + self.batch_size] for b in range(0, len(idx), self.batch_size)]
        if self.shuffle:
            rng.shuffle(batches)
        yield from batches
