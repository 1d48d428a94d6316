"""The labelling-function protocol shared by every weak labeller.

A labelling function has a versioned ``name`` (``gazetteer.gpe@1``) and maps a document's text
to the spans it votes for; returning nothing is abstaining. Relation functions vote on typed
entity pairs of one sentence. The aggregator (``kashif.weak.aggregate``) turns the votes into
one flat set of spans with a probability each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Span:
    """A vote: ``text[start:end]`` is an entity of ``type`` (offsets into the original text)."""

    start: int
    end: int
    type: str


@dataclass(frozen=True)
class KnownCliticSpan(Span):
    """A vote whose function knows how many leading characters are proclitics (``بباريس`` 1):
    the label model passes it on (``clitic_len``) to the mention's ``norm``, which the relation
    functions read (``X بـY``)."""

    clitic_len: int | None = field(default=None, compare=False)


@runtime_checkable
class LabellingFunction(Protocol):
    name: str  # versioned: "family.what@N"

    def __call__(self, text: str) -> list[Span]: ...


REGISTRY: dict[str, Callable[[], LabellingFunction]] = {}


def register(name: str):
    """Register a labelling-function factory under its versioned name."""

    def deco(factory):
        if "@" not in name:
            raise ValueError(f"labelling function name {name!r} needs a version: 'family.what@N'")
        REGISTRY[name] = factory
        return factory

    return deco
