"""The model and the weak labeller together: the labeller's labels, and the model's where it has none.

Measured on every gold set we have (README, "Does the model beat its teacher?"), the e5-small
model trained on the weak labels finds persons the labeller misses out of its domain (ANERcorp
held-out PERS 75.4 against 68.0, new encyclopedic paragraphs 86.5 against 55.2) and is below it
on every other type. A hybrid prediction keeps every labeller entity and relation and adds the
model's entities of ``model_types`` where they overlap no labeller entity. (Taking those types
from the model alone was measured first: more out of the news domain, ANERcorp 70.3, but below
the labeller on our in-domain sets, -0.2 to -1.4 entity F1; adding only where the labeller is
silent was at or above the labeller on every set.)

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
    """``weak`` (same text) with ``model``'s entities of ``model_types`` that overlap none of its
    entities; ``weak``'s relations unchanged. Entities are renumbered ``T1 ... Tn`` in text order."""
    if weak.text != model.text:
        raise ValueError(f"document {weak.id!r}: the labeller and the model read different texts")
    mt = set(model_types)
    added = [e for e in model.entities if e.type in mt and not any(_overlaps(e, w) for w in weak.entities)]
    if not added:
        return weak
    ents = sorted([*weak.entities, *added], key=lambda e: (e.start, e.end))
    new_id = {id(e): f"T{i + 1}" for i, e in enumerate(ents)}
    old = {e.id: new_id[id(e)] for e in weak.entities}
    return replace(weak, entities=tuple(replace(e, id=new_id[id(e)]) for e in ents),
                   relations=tuple(replace(r, head=old[r.head], tail=old[r.tail]) for r in weak.relations))


def combine_tags(weak: Sequence[str], model: Sequence[str], model_types: Sequence[str]) -> list[str]:
    """The same rule over IOB2 tags of one sentence (CoNLL input, no relations)."""
    mt = set(model_types)
    keep = bio_to_ranges(weak)
    out = list(weak)
    for a, b, t in bio_to_ranges(model):
        if t not in mt or any(a < y and x < b for x, y, _ in keep):
            continue
        out[a] = "B-" + t
        out[a + 1:b] = ["I-" + t] * (b - a - 1)
    return out
