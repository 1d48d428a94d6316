"""A self-contained right-to-left HTML page of documents: entities highlighted by type, relations listed.

The page has inline CSS and no external resources (it opens offline and can be mailed), and it
is rendered by Jinja2 with autoescaping, so document text can never inject markup.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader

from kashif.files import write_text
from kashif.schema import ENTITY_TYPES, Document, Entity

#: background colour of each entity type: light enough for black text, distinct in a screenshot
TYPE_COLOURS: dict[str, str] = {
    "PER": "#ffd166",
    "ORG": "#8ecae6",
    "GPE": "#95d5b2",
    "LOC": "#c7b9ff",
    "FAC": "#ffadad",
    "WEAPON": "#ff8fab",
    "DATE": "#d4d4aa",
}
TYPE_NAMES_AR: dict[str, str] = {
    "PER": "شخص", "ORG": "منظمة", "GPE": "دولة/مدينة", "LOC": "مكان", "FAC": "منشأة",
    "WEAPON": "سلاح", "DATE": "تاريخ",
}

#: relation names in Arabic, shown beside the English label (head -> tail reads "head ... tail")
RELATION_NAMES_AR: dict[str, str] = {
    "USED": "استخدم", "PRODUCED": "أنتج", "SUPPLIED": "زوّد", "ATTACKED": "هاجم",
    "LOCATED_IN": "يقع في", "MEMBER_OF": "عضو في",
}

_env = Environment(loader=PackageLoader("kashif.inference", "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class _Piece:
    text: str
    entity: Entity | None = None


def _pieces(doc: Document) -> list[_Piece]:
    """The text cut into plain runs and entity mentions, in order (entities never overlap)."""
    out: list[_Piece] = []
    pos = 0
    for e in sorted(doc.entities, key=lambda e: e.start):
        if e.start < pos:  # overlapping input: show the first, keep the text whole
            continue
        if e.start > pos:
            out.append(_Piece(doc.text[pos:e.start]))
        out.append(_Piece(doc.text[e.start:e.end], e))
        pos = e.end
    if pos < len(doc.text):
        out.append(_Piece(doc.text[pos:]))
    return out


def render_html(docs: Sequence[Document], *, title: str = "كاشف: الكيانات والعلاقات") -> str:
    """The page for ``docs`` as a string: one ``<mark data-type=TYPE id=dN-ID>`` per entity with
    its type and id shown, a legend, and per document a relation table whose entities link to
    their marks (and light them up while the row is hovered), or a line saying there are none."""
    views = []
    for doc in docs:
        by_id = {e.id: e for e in doc.entities}
        rels = [(by_id.get(r.head), r, by_id.get(r.tail)) for r in doc.relations]
        views.append({"doc": doc, "pieces": _pieces(doc),
                      "relations": [(h, r, t) for h, r, t in rels if h is not None and t is not None]})
    used = {e.type for d in docs for e in d.entities}
    legend = [(t, TYPE_COLOURS[t], TYPE_NAMES_AR[t]) for t in ENTITY_TYPES if t in used]
    # one hover rule per entity id that takes part in a relation (ids repeat across documents)
    linked = sorted({e.id for v in views for h, _, t in v["relations"] for e in (h, t)}, key=_id_order)
    return _env.get_template("documents.html.j2").render(
        title=title, docs=views, legend=legend, colours=TYPE_COLOURS, relation_names=RELATION_NAMES_AR,
        linked_ids=linked)


def _id_order(entity_id: str) -> tuple[int, str]:
    digits = "".join(c for c in entity_id if c.isdigit())
    return (int(digits) if digits else -1, entity_id)


def write_html(docs: Sequence[Document], path: str | os.PathLike, **kwargs) -> None:
    """Write :func:`render_html` to ``path`` atomically (a temporary file renamed into place)."""
    page = render_html(docs, **kwargs)
    write_text(path, page)
