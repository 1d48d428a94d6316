"""The weakly labelled corpus as a Hugging Face ``DatasetDict`` (``kashif data``).

One row per document: ``id``, ``text``, ``tokens`` (:func:`kashif.text.tokenize`),
``token_offsets`` (``[start, end]`` per token), ``ner_tags`` (IOB2 ``ClassLabel`` ids over
:data:`NER_LABELS`), ``ner_scores`` (per token: the probability of its tag; for a token outside
every entity, the label model's probability of ``O`` where it saw a candidate, else 1),
``entities`` and ``relations`` (ANNOTATION.md dicts with ``score``). Splits are by document,
deterministic for a seed.

``datasets`` is imported inside the functions so that ``kashif label`` never pays for it.
"""

from __future__ import annotations

import bisect
import json
import random
from collections.abc import Sequence
from pathlib import Path

from kashif.bio import spans_to_bio
from kashif.schema import ENTITY_TYPES, Document
from kashif.text import tokenize

#: the token classifier's label set: "O", then B-/I- for each entity type
NER_LABELS: tuple[str, ...] = ("O", *(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I")))


def split_ids(ids: Sequence[str], seed: int = 0, validation_fraction: float = 0.2) -> tuple[list[str], list[str]]:
    """Train and validation document ids: a seeded shuffle of the sorted ids; the validation
    split gets ``round(fraction * n)`` documents, at least one when there are two or more."""
    if not 0.0 <= validation_fraction < 1.0:
        raise ValueError(f"validation_fraction must be in [0, 1), got {validation_fraction}")
    order = sorted(ids)
    random.Random(seed).shuffle(order)
    n_val = round(validation_fraction * len(order))
    if validation_fraction > 0 and len(order) >= 2:
        n_val = min(max(1, n_val), len(order) - 1)
    else:
        n_val = 0
    return sorted(order[n_val:]), sorted(order[:n_val])


def document_record(doc: Document, o_scores: Sequence[tuple[int, int, float]] = ()) -> dict:
    """One dataset row; ``o_scores`` are ``(start, end, P(O))`` of candidate regions the label
    model rejected (their tokens get that score instead of 1)."""
    tokens = tokenize(doc.text)
    tags = spans_to_bio(tokens, [(e.start, e.end, e.type) for e in doc.entities])
    starts = [e.start for e in doc.entities]
    o_sorted = sorted(o_scores)
    o_starts = [s for s, _, _ in o_sorted]
    scores = []
    for tok, tag in zip(tokens, tags):
        if tag != "O":
            k = bisect.bisect_right(starts, tok.start) - 1
            ent = doc.entities[k] if k >= 0 else None
            if ent is None or not (ent.start < tok.end and tok.start < ent.end):
                k = bisect.bisect_right(starts, tok.end - 1) - 1  # glued token: span inside it
                ent = doc.entities[k]
            scores.append(float(ent.score if ent.score is not None else 1.0))
        else:
            # candidate regions are disjoint: the one starting last before the token's end
            k = bisect.bisect_left(o_starts, tok.end) - 1
            p = 1.0
            if k >= 0 and o_sorted[k][1] > tok.start:
                p = o_sorted[k][2]
            scores.append(round(float(p), 4))
    return {
        "id": doc.id,
        "text": doc.text,
        "tokens": [t.text for t in tokens],
        "token_offsets": [[t.start, t.end] for t in tokens],
        "ner_tags": [NER_LABELS.index(t) for t in tags],
        "ner_scores": scores,
        "entities": [e.to_dict() | {"score": float(e.score if e.score is not None else 1.0)} for e in doc.entities],
        "relations": [r.to_dict() | {"score": float(r.score if r.score is not None else 1.0)} for r in doc.relations],
    }


def features():
    """The ``datasets.Features`` of a row."""
    from datasets import ClassLabel, Features, List, Value

    entity = {"id": Value("string"), "start": Value("int32"), "end": Value("int32"), "type": Value("string"),
              "text": Value("string"), "norm": Value("string"), "score": Value("float32")}
    relation = {"head": Value("string"), "tail": Value("string"), "type": Value("string"), "score": Value("float32")}
    return Features({
        "id": Value("string"),
        "text": Value("string"),
        "tokens": List(Value("string")),
        "token_offsets": List(List(Value("int32"), length=2)),
        "ner_tags": List(ClassLabel(names=list(NER_LABELS))),
        "ner_scores": List(Value("float32")),
        "entities": List(entity),
        "relations": List(relation),
    })


def _rows(path: str):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def save_dataset_dict(row_files: dict[str, Path], path: str | Path, max_shard_size: str | int = "500MB") -> None:
    """Save the rows of JSONL files (one per split, rows of :func:`document_record`) as a
    ``DatasetDict`` in Arrow shards at ``path``, streaming: rows go to Arrow in batches, never all
    in memory. ``datasets``' working files go to a cache folder inside ``path``, removed after."""
    import shutil

    from datasets import Dataset, DatasetDict

    feats = features()
    cache = Path(path) / ".cache"
    splits = {}
    for name, f in row_files.items():
        if Path(f).stat().st_size:
            splits[name] = Dataset.from_generator(_rows, features=feats, gen_kwargs={"path": str(f)},
                                                  cache_dir=str(cache), keep_in_memory=False)
        else:
            splits[name] = Dataset.from_dict({k: [] for k in feats}, features=feats)
    DatasetDict(splits).save_to_disk(str(path), max_shard_size=max_shard_size)
    del splits
    shutil.rmtree(cache, ignore_errors=True)
