"""The annotation contract of ANNOTATION.md (schema v1.1) as frozen dataclasses.

Every span is a half-open range of Python ``str`` indices (code points) into the original text:
``text[start:end] == entity.text`` always. Relations point at entities by id. This module is the
one place that names the entity types, the relation types and what each relation may link.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kashif.files import write_text
from kashif.text import is_word_char, make_norm, sentence_ids

ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "GPE", "LOC", "FAC", "WEAPON", "DATE")

#: relation label -> (allowed head types, allowed tail types)
RELATION_SCHEMA: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "USED": (frozenset({"ORG", "PER", "GPE"}), frozenset({"WEAPON"})),
    "PRODUCED": (frozenset({"ORG", "GPE"}), frozenset({"WEAPON"})),
    "SUPPLIED": (frozenset({"ORG", "GPE", "PER"}), frozenset({"ORG", "GPE", "PER"})),
    "ATTACKED": (frozenset({"ORG", "PER", "GPE"}), frozenset({"ORG", "PER", "GPE", "LOC", "FAC"})),
    "LOCATED_IN": (frozenset({"GPE", "LOC", "FAC", "ORG"}), frozenset({"GPE", "LOC"})),
    "MEMBER_OF": (frozenset({"PER", "ORG", "GPE"}), frozenset({"ORG", "GPE"})),
}
RELATION_TYPES: tuple[str, ...] = tuple(RELATION_SCHEMA)
NO_RELATION = "NONE"


def relation_allowed(label: str, head_type: str, tail_type: str) -> bool:
    """True when the schema lets ``label`` link a head of ``head_type`` to a tail of ``tail_type``."""
    heads, tails = RELATION_SCHEMA[label]
    return head_type in heads and tail_type in tails


def allowed_relations(head_type: str, tail_type: str) -> tuple[str, ...]:
    """The relation labels the schema allows between the two entity types (maybe none)."""
    return tuple(r for r in RELATION_TYPES if relation_allowed(r, head_type, tail_type))


class SchemaError(ValueError):
    """A document or file that breaks the annotation contract."""


@dataclass(frozen=True)
class Entity:
    id: str
    start: int
    end: int
    type: str
    text: str
    norm: str
    score: float | None = None

    def to_dict(self) -> dict:
        d = {"id": self.id, "start": self.start, "end": self.end, "type": self.type,
             "text": self.text, "norm": self.norm}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        return d


@dataclass(frozen=True)
class Relation:
    head: str
    tail: str
    type: str
    score: float | None = None

    def to_dict(self) -> dict:
        d = {"head": self.head, "tail": self.tail, "type": self.type}
        if self.score is not None:
            d["score"] = round(float(self.score), 4)
        return d


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    relations: tuple[Relation, ...] = field(default_factory=tuple)

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text,
                "entities": [e.to_dict() for e in self.entities],
                "relations": [r.to_dict() for r in self.relations]}

    @classmethod
    def from_dict(cls, d: dict) -> Document:
        try:
            ents = tuple(Entity(id=e["id"], start=int(e["start"]), end=int(e["end"]), type=e["type"],
                                text=e["text"], norm=e.get("norm", make_norm(e["text"])),
                                score=e.get("score")) for e in d.get("entities", []))
            rels = tuple(Relation(head=r["head"], tail=r["tail"], type=r["type"], score=r.get("score"))
                         for r in d.get("relations", []))
            return cls(id=str(d["id"]), text=d["text"], entities=ents, relations=rels)
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemaError(f"malformed document: missing or bad field {exc}") from None


def build_document(doc_id: str, text: str,
                   spans: Iterable[tuple[int, int, str, float | None]],
                   relations: Iterable[tuple[int, int, str, float | None]] = ()) -> Document:
    """Make a :class:`Document` from ``(start, end, type, score)`` spans, numbering them T1..Tn
    in text order; ``relations`` are ``(head_index, tail_index, label, score)`` into ``spans``
    as given (before sorting)."""
    spans = list(spans)
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    new_id = {old: f"T{k + 1}" for k, old in enumerate(order)}
    ents = tuple(Entity(id=new_id[i], start=spans[i][0], end=spans[i][1], type=spans[i][2],
                        text=text[spans[i][0]:spans[i][1]], norm=make_norm(text[spans[i][0]:spans[i][1]]),
                        score=spans[i][3]) for i in order)
    rels = tuple(Relation(new_id[h], new_id[t], lab, sc) for h, t, lab, sc in relations)
    return Document(doc_id, text, ents, rels)


def renumber(doc: Document) -> Document:
    """Entities sorted by offset and renamed T1..Tn; relations follow their entities."""
    ents = sorted(doc.entities, key=lambda e: (e.start, e.end))
    mapping = {e.id: f"T{k + 1}" for k, e in enumerate(ents)}
    return replace(doc, entities=tuple(replace(e, id=mapping[e.id]) for e in ents),
                   relations=tuple(replace(r, head=mapping[r.head], tail=mapping[r.tail])
                                   for r in doc.relations))


def validate(doc: Document) -> list[str]:
    """Every violation of ANNOTATION.md in ``doc``, each naming the entity or relation; [] when valid."""
    out: list[str] = []
    text = doc.text
    by_id: dict[str, Entity] = {}
    for e in doc.entities:
        if e.id in by_id:
            out.append(f"duplicate entity id {e.id}")
        by_id[e.id] = e
        if not (0 <= e.start < e.end <= len(text)):
            out.append(f"{e.id}: bad offsets {e.start}-{e.end} (text length {len(text)})")
            continue
        if text[e.start:e.end] != e.text:
            out.append(f"{e.id}: text[{e.start}:{e.end}]={text[e.start:e.end]!r} != {e.text!r}")
        if e.type not in ENTITY_TYPES:
            out.append(f"{e.id}: unknown entity type {e.type!r}")
        if not (is_word_char(e.text[0]) and is_word_char(e.text[-1])):
            out.append(f"{e.id}: span {e.text!r} starts or ends with a non-word character")
        if e.score is not None and not 0.0 <= e.score <= 1.0:
            out.append(f"{e.id}: score {e.score} outside [0, 1]")
    far: tuple[int, str] | None = None  # the span reaching furthest right so far: (end, id)
    for start, end, eid in sorted((e.start, e.end, e.id) for e in doc.entities):
        if far is not None and start < far[0]:
            out.append(f"entities {far[1]} and {eid} overlap")
        if far is None or end > far[0]:
            far = (end, eid)
    sid = sentence_ids(text, [(e.start, e.end) for e in doc.entities])
    seen = set()
    for r in doc.relations:
        name = f"relation {r.head}-{r.type}->{r.tail}"
        if r.head not in by_id or r.tail not in by_id:
            out.append(f"{name}: head or tail does not exist")
            continue
        if r.head == r.tail:
            out.append(f"{name}: head == tail")
        if r.type not in RELATION_SCHEMA:
            out.append(f"{name}: unknown relation type")
            continue
        h, t = by_id[r.head], by_id[r.tail]
        if not relation_allowed(r.type, h.type, t.type):
            out.append(f"{name}: {h.type} -> {t.type} not allowed")
        if (r.head, r.tail, r.type) in seen:
            out.append(f"{name}: duplicate")
        seen.add((r.head, r.tail, r.type))
        if 0 <= h.start < h.end <= len(text) and 0 <= t.start < t.end <= len(text):
            if len({sid[h.start], sid[h.end - 1], sid[t.start], sid[t.end - 1]}) != 1:
                out.append(f"{name}: head and tail are in different sentences")
        if r.score is not None and not 0.0 <= r.score <= 1.0:
            out.append(f"{name}: score {r.score} outside [0, 1]")
    return out


def read_jsonl(path: str | os.PathLike) -> Iterator[Document]:
    """Documents of an ANNOTATION.md JSONL file; a bad line raises :class:`SchemaError` naming it."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        try:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SchemaError(f"{path}:{ln}: invalid JSON ({exc.msg})") from None
                if not isinstance(d, dict) or "text" not in d or "id" not in d:
                    raise SchemaError(f"{path}:{ln}: expected an object with 'id' and 'text'")
                try:
                    yield Document.from_dict(d)
                except SchemaError as exc:
                    raise SchemaError(f"{path}:{ln}: {exc}") from None
        except UnicodeDecodeError:
            raise SchemaError(f"{path}: not valid UTF-8") from None


def write_jsonl(docs: Iterable[Document], path: str | os.PathLike) -> int:
    """Write documents atomically (a temporary file renamed into place); returns the count."""
    n = 0

    def lines() -> Iterator[str]:
        nonlocal n
        for doc in docs:
            yield json.dumps(doc.to_dict(), ensure_ascii=False) + "\n"
            n += 1

    write_text(path, lines())
    return n
