"""The label sets of the model: IOB2 entity tags and relation labels with an explicit ``NONE``."""

from __future__ import annotations

from kashif.schema import ENTITY_TYPES, NO_RELATION, RELATION_TYPES

#: token classifier labels, "O" first, then B-/I- per entity type in schema order.
ENTITY_LABELS: tuple[str, ...] = ("O", *(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I")))
#: relation head labels: index 0 is "NONE" (no relation between the ordered pair).
RELATION_LABELS: tuple[str, ...] = (NO_RELATION, *RELATION_TYPES)
IGNORE_INDEX = -100


def entity_label_maps() -> tuple[dict[int, str], dict[str, int]]:
    """``(id2label, label2id)`` for the token classifier's ``config.json``."""
    id2label = dict(enumerate(ENTITY_LABELS))
    return id2label, {v: k for k, v in id2label.items()}


def inside_label_ids(labels: tuple[str, ...] | list[str] = ENTITY_LABELS) -> list[int]:
    """For every label id, the id of its ``I-`` form (``B-X`` -> ``I-X``; others unchanged).

    Used when every subword of a word is labelled: only the first subword may begin an entity.
    """
    index = {lab: i for i, lab in enumerate(labels)}
    return [index.get("I-" + lab[2:], i) if lab.startswith("B-") else i for i, lab in enumerate(labels)]
