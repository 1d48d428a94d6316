"""The model and the weak labeller together: each entity type from whichever reads it better.

Measured on every gold set we have (README, "Figures"), the e5-small model trained on the weak
labels finds persons better than its labeller (ANERcorp held-out PERS 75.4 against 67.5, our
encyclopedic paragraphs 78.6 against 66.7) and every other type worse. A hybrid prediction keeps
the labeller's entities of the other types and its relations, and takes the model's entities of
``model_types``:

- a labeller entity of a model type is dropped; a model entity of a model type is added where it
  overlaps no labeller entity that is kept;
- a labeller relation survives when both its arguments do (an argument of a model type survives
  when the model found exactly the same span and type). The model's own relations are not used:
  added on pairs the labeller left unrelated, they helped one dev set and hurt three.

Offsets come from the two inputs unchanged, so ``text[start:end] == surface`` holds as it does
for each of them. The model folder says which types it contributes (``hybrid.json``, written by
training from the config's ``predict.model_types``); :class:`kashif.inference.Extractor` reads it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from kashif.bio import bio_to_ranges
from kashif.schema import ENTITY_TYPES, Document, Entity

HYBRID_FILE = "hybrid.json"


def read_model_types(path: str | os.PathLike) -> tuple[str, ...]:
    """The entity types a model folder's ``hybrid.json`` takes from the model (``()``: none, the
    model alone). Raises ``ValueError`` with a one-line message on a malformed file."""
    f = Path(path) / HYBRID_FILE
    if not f.is_file():
        return ()
    try:
        types = json.loads(f.read_text(encoding="utf-8"))["model_types"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{f}: not a hybrid.json with a model_types list ({exc})") from None
    return check_types(types, str(f))


def check_types(types: Sequence[str], where: str = "model_types") -> tuple[str, ...]:
    if isinstance(types, str) or not all(isinstance(t, str) for t in types):
        raise ValueError(f"{where}: expected a list of entity types, got {types!r}")
    bad = [t for t in types if t not in ENTITY_TYPES]
    if bad:
        raise ValueError(f"{where}: unknown entity type {bad[0]!r} (expected some of {', '.join(ENTITY_TYPES)})")
    return tuple(dict.fromkeys(types))


def _overlaps(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def combine(weak: Document, model: Document, model_types: Sequence[str]) -> Document:
    """One document: ``weak``'s entities and relations with the types ``model_types`` taken from
    ``model`` (same text). Entities are renumbered ``T1 ... Tn`` in text order."""
    if weak.text != model.text:
        raise ValueError(f"document {weak.id!r}: the labeller and the model read different texts")
    mt = set(model_types)
    kept = [e for e in weak.entities if e.type not in mt]
    added = [e for e in model.entities if e.type in mt and not any(_overlaps(e, k) for k in kept)]
    ents = sorted([*((e, "w") for e in kept), *((e, "m") for e in added)], key=lambda x: (x[0].start, x[0].end))
    new_id = {(src, e.id): f"T{i + 1}" for i, (e, src) in enumerate(ents)}
    span_id = {(e.start, e.end, e.type): new_id[(src, e.id)] for e, src in ents}

    keep_id = {e.id: new_id[("w", e.id)] for e in kept}
    for e in weak.entities:  # an argument of a model type survives as the model's identical span
        if e.id not in keep_id and (e.start, e.end, e.type) in span_id:
            keep_id[e.id] = span_id[(e.start, e.end, e.type)]
    rels = tuple(replace(r, head=keep_id[r.head], tail=keep_id[r.tail]) for r in weak.relations
                 if r.head in keep_id and r.tail in keep_id)
    return replace(weak, entities=tuple(replace(e, id=new_id[(src, e.id)]) for e, src in ents), relations=rels)


def combine_tags(weak: Sequence[str], model: Sequence[str], model_types: Sequence[str]) -> list[str]:
    """The same rule over IOB2 tags of one sentence (CoNLL input, no relations)."""
    mt = set(model_types)
    keep = [r for r in bio_to_ranges(weak) if r[2] not in mt]
    spans = keep + [r for r in bio_to_ranges(model)
                    if r[2] in mt and not any(r[0] < b and a < r[1] for a, b, _ in keep)]
    out = ["O"] * len(weak)
    for a, b, t in spans:
        out[a] = "B-" + t
        out[a + 1:b] = ["I-" + t] * (b - a - 1)
    return out
