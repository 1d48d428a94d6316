"""Label Studio tasks <-> ANNOTATION.md documents.

Export: one task per document, ``data.text`` the original text byte for byte, and one
*prediction* holding every entity as a ``labels`` region (code-point offsets into the text) and
every relation as a ``relation`` result, each with its score and, for weak labels, the labelling
functions that voted (``meta``). :func:`labelling_config` is the matching project config: a
right-to-left ``<Text>`` with ``<Labels>`` for the 7 entity types and ``<Relations>`` for the 6
relations.

Import: Label Studio's JSON export (tasks with their ``annotations``) back to documents. A task
is converted whole or not at all: every region is checked against the text, every relation
against its regions and the schema, and the first problem is reported in one line
(:class:`TaskError`) and the task skipped.

Offsets: Label Studio stores code-point offsets for ``<Text>`` regions, as Kashif does; exports
from old versions counted UTF-16 units (an emoji is two), so a region whose ``value.text`` does
not match the code-point slice is read again as UTF-16 offsets before it is rejected.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from kashif.inference.html import TYPE_COLOURS
from kashif.schema import ENTITY_TYPES, RELATION_TYPES, Document, build_document, validate
from kashif.text import is_word_char

#: names of the control tags in :func:`labelling_config`; results are matched on them
LABELS_NAME = "label"
TEXT_NAME = "text"
MODEL_VERSION = "kashif"


class TaskError(ValueError):
    """A Label Studio task that cannot become a valid document; the message says why."""


@dataclass(frozen=True)
class Evidence:
    """What stood behind one weak label: its probability and the functions that voted for it
    (and, for entities, those that voted another class on the same words)."""

    score: float | None = None
    voters: tuple[str, ...] = ()
    against: tuple[str, ...] = ()


@dataclass
class DocEvidence:
    """Evidence of one document's labels, keyed by entity span ``(start, end, type)`` and by
    relation ``((head start, head end), (tail start, tail end), type)``."""

    entities: dict[tuple[int, int, str], Evidence] = field(default_factory=dict)
    relations: dict[tuple[tuple[int, int], tuple[int, int], str], Evidence] = field(default_factory=dict)


# ------------------------------------------------------------------------------ export


def labelling_config() -> str:
    """The Label Studio labelling config XML for Kashif's schema (right-to-left text)."""
    labels = "\n".join(f"    <Label value={quoteattr(t)} background={quoteattr(TYPE_COLOURS[t])}/>"
                       for t in ENTITY_TYPES)
    relations = "\n".join(f"    <Relation value={quoteattr(r)}/>" for r in RELATION_TYPES)
    return f"""<View>
  <Style>
    .kashif-rtl {{ direction: rtl; text-align: right; font-size: 18px; line-height: 2; }}
  </Style>
  <Header value="Kashif review: correct entities and relations (ANNOTATION.md v1.1)"/>
  <Relations>
{relations}
  </Relations>
  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">
{labels}
  </Labels>
  <View className="kashif-rtl" style="direction: rtl; text-align: right;">
    <Text name="{TEXT_NAME}" value="$text"/>
  </View>
</View>
"""


def _meta(ev: Evidence | None, score: float | None) -> dict:
    """``meta.text`` is what Label Studio shows beside a region; the lists are for tools."""
    score = ev.score if ev is not None and ev.score is not None else score
    parts = [] if score is None else [f"score {score:.2f}"]
    meta: dict = {} if score is None else {"score": round(float(score), 4)}
    if ev is not None and ev.voters:
        parts.append("voted by " + ", ".join(ev.voters))
        meta["voters"] = list(ev.voters)
    if ev is not None and ev.against:
        parts.append("against: " + ", ".join(ev.against))
        meta["against"] = list(ev.against)
    if parts:
        meta["text"] = ["; ".join(parts)]
    return meta


def document_to_task(doc: Document, evidence: DocEvidence | None = None,
                     model_version: str = MODEL_VERSION) -> dict:
    """One Label Studio task: the text, the document id and a prediction with every label."""
    ev = evidence or DocEvidence()
    by_id = {e.id: e for e in doc.entities}
    result: list[dict] = []
    for e in doc.entities:
        item = {"id": e.id, "from_name": LABELS_NAME, "to_name": TEXT_NAME, "type": "labels",
                "value": {"start": e.start, "end": e.end, "text": e.text, "labels": [e.type]}}
        meta = _meta(ev.entities.get((e.start, e.end, e.type)), e.score)
        if "score" in meta:
            item["score"] = meta["score"]
        if meta:
            item["meta"] = meta
        result.append(item)
    for r in doc.relations:
        h, t = by_id[r.head], by_id[r.tail]
        item = {"from_id": r.head, "to_id": r.tail, "type": "relation", "direction": "right",
                "labels": [r.type]}
        meta = _meta(ev.relations.get(((h.start, h.end), (t.start, t.end), r.type)), r.score)
        if "score" in meta:
            item["score"] = meta["score"]
        if meta:
            item["meta"] = meta
        result.append(item)
    scores = [x["score"] for x in result if "score" in x]
    prediction: dict = {"model_version": model_version, "result": result}
    if scores:  # Label Studio sorts tasks by it: the least sure label of the document
        prediction["score"] = min(scores)
    return {"data": {"text": doc.text, "doc_id": doc.id}, "predictions": [prediction]}


# ------------------------------------------------------------------------------ import


def _utf16_to_codepoints(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Code-point offsets of UTF-16 offsets ``start``/``end`` into ``text`` (None if between
    the halves of a surrogate pair or out of range)."""
    pos16 = 0
    found: dict[int, int] = {}
    for i, ch in enumerate(text):
        if pos16 in (start, end):
            found[pos16] = i
        pos16 += 2 if ord(ch) > 0xFFFF else 1
    if pos16 in (start, end):
        found[pos16] = len(text)
    if start in found and end in found:
        return found[start], found[end]
    return None


def _span(text: str, value: Mapping, where: str) -> tuple[int, int]:
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise TaskError(f"{where}: start/end missing or not integers ({start!r}, {end!r})")
    surface = value.get("text")
    if not 0 <= start < end <= len(text):
        if isinstance(surface, str):
            alt = _utf16_to_codepoints(text, start, end)
            if alt and text[alt[0]:alt[1]] == surface:
                return alt
        raise TaskError(f"{where}: offsets {start}-{end} outside the text (length {len(text)})")
    if isinstance(surface, str) and text[start:end] != surface:
        alt = _utf16_to_codepoints(text, start, end)
        if alt and text[alt[0]:alt[1]] == surface:
            return alt
        raise TaskError(f"{where}: text[{start}:{end}]={text[start:end]!r} but the region says {surface!r}")
    # a selection that took a space or a quote with the word: ANNOTATION.md keeps them outside
    while start < end and not is_word_char(text[start]):
        start += 1
    while end > start and not is_word_char(text[end - 1]):
        end -= 1
    if start == end:
        raise TaskError(f"{where}: the region holds no word characters")
    return start, end


def _one_label(item: Mapping, key: str, allowed: Sequence[str], where: str) -> str:
    labels = item.get(key)
    if not isinstance(labels, list) or len(labels) != 1:
        raise TaskError(f"{where}: expected exactly one label, got {labels!r}")
    if labels[0] not in allowed:
        raise TaskError(f"{where}: unknown label {labels[0]!r} (expected one of {', '.join(allowed)})")
    return labels[0]


def _chosen_annotation(task: Mapping, source: str) -> list | None:
    """The result list to import: the latest submitted, not cancelled annotation (or the first
    prediction with ``source="predictions"``); None when the task has none."""
    items = task.get(source) or []
    if not isinstance(items, list):
        raise TaskError(f"'{source}' is not a list")
    items = [a for a in items if isinstance(a, dict) and not a.get("was_cancelled")]
    if not items:
        return None
    if source == "annotations":
        items.sort(key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), str(a.get("id"))))
    chosen = items[-1] if source == "annotations" else items[0]
    result = chosen.get("result")
    if not isinstance(result, list):
        raise TaskError(f"{source}: 'result' is not a list")
    return result


def task_to_document(task: Mapping, source: str = "annotations") -> Document | None:
    """The document a reviewed task holds; ``None`` when it has no submitted annotation. Raises
    :class:`TaskError` (one line) when anything in it breaks the schema."""
    if not isinstance(task, Mapping):
        raise TaskError("a task must be a JSON object")
    data = task.get("data")
    text = data.get("text") if isinstance(data, Mapping) else None
    if not isinstance(text, str) or not text:
        raise TaskError("no text in data.text")
    doc_id = data.get("doc_id")
    if doc_id is None:
        if task.get("id") is None:
            raise TaskError("neither data.doc_id nor a task id")
        doc_id = f"ls-{task['id']}"
    result = _chosen_annotation(task, source)
    if result is None:
        return None
    spans: list[tuple[int, int, str, None]] = []
    index: dict[str, int] = {}
    rels: list[tuple[str, str, str, Mapping]] = []
    for k, item in enumerate(result):
        if not isinstance(item, Mapping):
            raise TaskError(f"result {k}: not an object")
        kind = item.get("type")
        if kind == "relation":
            label = _one_label(item, "labels", RELATION_TYPES, f"relation {k}")
            rels.append((str(item.get("from_id")), str(item.get("to_id")), label, item))
            continue
        if kind != "labels":
            continue  # another control (a comment box, a rating): not part of the schema
        rid = item.get("id")
        where = f"region {rid!r}"
        value = item.get("value")
        if not isinstance(value, Mapping):
            raise TaskError(f"{where}: no value")
        start, end = _span(text, value, where)
        label = _one_label(value, "labels", ENTITY_TYPES, where)
        if str(rid) in index:
            raise TaskError(f"{where}: duplicate region id")
        index[str(rid)] = len(spans)
        spans.append((start, end, label, None))
    relations: list[tuple[int, int, str, None]] = []
    for head, tail, label, item in rels:
        where = f"relation {head}-{label}->{tail}"
        if head not in index or tail not in index:
            raise TaskError(f"{where}: points at a region that does not exist")
        direction = item.get("direction", "right")
        if direction == "left":
            head, tail = tail, head
        elif direction != "right":
            raise TaskError(f"{where}: direction {direction!r} (a relation goes one way: head -> tail)")
        relations.append((index[head], index[tail], label, None))
    doc = build_document(str(doc_id), text, spans, relations)
    problems = validate(doc)
    if problems:
        raise TaskError(problems[0])
    return doc


def read_tasks(path: str | os.PathLike) -> list:
    """The tasks of a Label Studio JSON export (a list of tasks) or of a JSONL file of tasks.
    Raises :class:`TaskError` when the file is not one."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise TaskError(f"{p}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise TaskError(f"{p}: not valid UTF-8") from None
    if not raw.strip():
        raise TaskError(f"{p}: empty file")
    try:
        tasks = json.loads(raw)
    except json.JSONDecodeError as exc:
        try:
            tasks = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError:
            raise TaskError(f"{p}: not a Label Studio JSON export ({exc.msg} at line {exc.lineno})") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise TaskError(f"{p}: expected a list of tasks")
    return tasks


def import_tasks(tasks: Sequence, on_error: Callable[[str], None], source: str = "annotations") -> list[Document]:
    """Documents of the reviewed tasks; a broken task is reported through ``on_error`` (one line
    naming the task) and skipped, a task without a submitted annotation is skipped silently."""
    out: list[Document] = []
    seen: set[str] = set()
    for k, task in enumerate(tasks):
        name = f"task {task.get('id', k)}" if isinstance(task, Mapping) else f"task #{k}"
        if isinstance(task, Mapping) and isinstance(task.get("data"), Mapping) and "doc_id" in task["data"]:
            name += f" ({task['data']['doc_id']})"
        try:
            doc = task_to_document(task, source)
        except TaskError as exc:
            on_error(f"{name}: {exc}; skipped")
            continue
        if doc is None:
            continue
        if doc.id in seen:
            on_error(f"{name}: document id {doc.id!r} was already imported; skipped")
            continue
        seen.add(doc.id)
        out.append(doc)
    return out


def task_json(tasks: Sequence[dict]) -> Iterator[str]:
    """A JSON list of tasks, one task per line (diff-friendly, and still one JSON document)."""
    yield "[\n"
    for k, t in enumerate(tasks):
        yield json.dumps(t, ensure_ascii=False) + (",\n" if k < len(tasks) - 1 else "\n")
    yield "]\n"
