"""Self-training: a trained model fills the gaps of the weak labels it learnt from.

A round of teacher-student training (BOND, Liang et al. 2020): the teacher (a Kashif model folder,
e.g. ``runs/cpu/model``) predicts on a seeded sample of the training documents; its confident
entities that overlap no weak span are added (the names the labelling functions miss), and so are
its confident relations between entities of the merged document that the weak labels leave
unrelated. Weak labels are never overwritten: where the rules and the model disagree on a span,
the rules win. The student then trains on these documents only (``data.teacher_documents``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from kashif.schema import Document, build_document

log = logging.getLogger(__name__)


def fill_gaps(weak: Document, taught: Document, min_score: float = 0.5) -> Document:
    """``weak`` plus ``taught``'s entities (score >= ``min_score``) that overlap none of ``weak``'s,
    plus ``taught``'s relations (score >= ``min_score``) between the merged entities where ``weak``
    has no relation for that pair. Both documents must share the text."""
    if weak.text != taught.text:
        raise ValueError(f"document {weak.id!r}: the teacher's text differs from the weak labels' text")
    spans = [(e.start, e.end, e.type, e.score) for e in weak.entities]
    index = {e.id: k for k, e in enumerate(weak.entities)}
    at = {(e.start, e.end, e.type): k for k, e in enumerate(weak.entities)}
    for e in taught.entities:
        key = (e.start, e.end, e.type)
        if key in at:  # the same span: the teacher's relations on it still count
            index[f"teacher:{e.id}"] = at[key]
        elif (e.score is None or e.score >= min_score) and not any(
                e.start < w.end and w.start < e.end for w in weak.entities):
            index[f"teacher:{e.id}"] = len(spans)
            spans.append((e.start, e.end, e.type, e.score))
    rels = [(index[r.head], index[r.tail], r.type, r.score) for r in weak.relations]
    related = {(h, t) for h, t, _, _ in rels}
    for r in taught.relations:
        h, t = index.get(f"teacher:{r.head}"), index.get(f"teacher:{r.tail}")
        if h is None or t is None or (h, t) in related or (r.score is not None and r.score < min_score):
            continue
        rels.append((h, t, r.type, r.score))
        related.add((h, t))
    return build_document(weak.id, weak.text, spans, rels)


def teach(docs: Sequence[Document], teacher: str, *, min_score: float = 0.5, batch_size: int = 16,
          device: str = "auto") -> list[Document]:
    """``docs`` with the teacher model's predictions filling their gaps (see :func:`fill_gaps`)."""
    from kashif.inference import Extractor

    extractor = Extractor.from_pretrained(teacher, device=device, hybrid=False)  # the model alone teaches
    out: list[Document] = []
    added = [0, 0]
    t0 = last = time.monotonic()
    predicted = extractor.iter_extract((d.text for d in docs), (d.id for d in docs), batch_size=batch_size)
    for weak, taught in zip(docs, predicted):
        merged = fill_gaps(weak, taught, min_score)
        added[0] += len(merged.entities) - len(weak.entities)
        added[1] += len(merged.relations) - len(weak.relations)
        out.append(merged)
        if time.monotonic() - last > 60:
            last = time.monotonic()
            log.info("teacher: %d/%d documents (%.1f docs/s)", len(out), len(docs), len(out) / (last - t0))
    log.info("teacher %s: %d documents relabelled in %.0f s; %d entities and %d relations added to the "
             "weak labels", teacher, len(out), time.monotonic() - t0, *added)
    return out
