"""Entity, relation and token-level scores for ANNOTATION.md documents and CoNLL tags.

Entities are scored *strict* (same start, end and type) and *partial* (overlapping spans of the
same type, each gold span matched at most once). Relations are scored *strict* (both entities'
spans and types exact, label exact) and *relaxed* (both entities overlap a gold entity of the same
type, label exact). The ``seqeval`` section is the CoNLL convention: word tokens
(:func:`kashif.text.tokenize`) tagged IOB2 and scored by seqeval's strict IOB2 entity decoding,
so the numbers compare with published Arabic NER results.

Every score is ``{"precision", "recall", "f1", "support"}`` with ``support`` = number of gold items;
a score with nothing to divide by is 0.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from seqeval.scheme import IOB2, Entities

from kashif.bio import spans_to_bio
from kashif.schema import ENTITY_TYPES, RELATION_TYPES, Document
from kashif.text import tokenize

log = logging.getLogger(__name__)
_TAG_RE = re.compile(r"^(?:O|[BI]-.+)$")

# --------------------------------------------------------------------------------------------
# label maps: score our predictions against a corpus with another tag set


@dataclass(frozen=True)
class LabelMap:
    """Maps our entity types and a foreign gold tag set onto one shared set of types.

    ``pred`` maps our types, ``gold`` the gold corpus's types; a type missing from a mapping is
    dropped (becomes ``O``), so only the shared types are scored.
    """

    name: str
    pred: Mapping[str, str] = field(default_factory=dict)
    gold: Mapping[str, str] = field(default_factory=dict)
    #: gold types known to the map but not scored (a prefix: ``MIS`` covers MISC, MIS0 ... MIS3)
    gold_unscored: tuple[str, ...] = ()

    def pred_type(self, typ: str) -> str | None:
        """The shared type for one of our types, or None when it is not scored."""
        return self.pred.get(typ)

    def gold_type(self, typ: str) -> str | None:
        """The shared type for a gold type, or None when it is not scored."""
        return self.gold.get(typ)

    @property
    def types(self) -> tuple[str, ...]:
        """The shared types, in order, once each."""
        return tuple(dict.fromkeys(self.gold.values()))

    def unknown_gold(self, tags: Sequence[Sequence[str]]) -> Counter[str]:
        """Gold types the map neither scores nor knows to leave out, with their token counts: a
        different tag set (``PER`` for ``PERS``) would otherwise drop out of the scores silently."""
        found: Counter[str] = Counter(t[2:] for sent in tags for t in sent if t != "O")
        return Counter({t: n for t, n in found.items() if t not in self.gold and not t.startswith(self.gold_unscored)})

    def warn_unknown_gold(self, tags: Sequence[Sequence[str]]) -> None:
        """Log one warning per gold type the map does not know, naming it and its token count."""
        for typ, n in sorted(self.unknown_gold(tags).items()):
            log.warning("gold tag %s (%d token(s)) is not in the %s label map (known: %s); not scored",
                        typ, n, self.name, ", ".join([*self.gold, *(f"{p}*" for p in self.gold_unscored)]))

    def map_pred_tags(self, tags: Sequence[str]) -> list[str]:
        """Our IOB2 tags rewritten into the shared types (dropped types become ``O``)."""
        return _map_tags(tags, self.pred_type)

    def map_gold_tags(self, tags: Sequence[str]) -> list[str]:
        """Gold IOB2 tags rewritten into the shared types (dropped types become ``O``)."""
        return _map_tags(tags, self.gold_type)


#: ANERcorp (PERS, LOC, ORG, MISC). Its LOC covers our GPE, LOC and FAC; MISC and our WEAPON and
#: DATE have no counterpart, so they are not scored. Other Arabic NER sets spell the person type
#: PER and the miscellaneous one MIS, MIS0-MIS3: read alike.
ANERCORP = LabelMap(
    name="anercorp",
    pred={"PER": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"},
    gold={"PERS": "PERS", "PER": "PERS", "LOC": "LOC", "ORG": "ORG"},
    gold_unscored=("MIS",),
)
LABEL_MAPS: dict[str, LabelMap] = {ANERCORP.name: ANERCORP}


def get_label_map(name: str) -> LabelMap:
    """The label map called ``name``; ValueError naming the known maps otherwise."""
    try:
        return LABEL_MAPS[name]
    except KeyError:
        raise ValueError(f"unknown label map {name!r} (known: {', '.join(LABEL_MAPS)})") from None


def _map_tags(tags: Sequence[str], fn: Callable[[str], str | None]) -> list[str]:
    out = []
    for tag in tags:
        if tag == "O":
            out.append("O")
            continue
        prefix, _, typ = tag.partition("-")
        new = fn(typ)
        out.append(f"{prefix}-{new}" if new else "O")
    return out


def repair_iob2(tags: Sequence[str]) -> list[str]:
    """A stray ``I-X`` (not after ``B-X``/``I-X``) becomes ``B-X``: the usual reading of corpora
    such as ANERcorp, whose documentation counts those tokens as mention starts."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


# --------------------------------------------------------------------------------------------
# counting


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold}


class _Tally:
    """True positives, predictions and gold items per label."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def add(self, label: str, *, tp: int = 0, pred: int = 0, gold: int = 0) -> None:
        self.tp[label] += tp
        self.pred[label] += pred
        self.gold[label] += gold

    def scores(self, order: Sequence[str]) -> dict:
        labels = set(self.pred) | set(self.gold)
        ordered = [t for t in order if t in labels] + sorted(labels - set(order))
        return {
            "micro": _prf(sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values())),
            "per_type": {t: _prf(self.tp[t], self.pred[t], self.gold[t]) for t in ordered},
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(gold: list[tuple], pred: list[tuple], key: Callable[[tuple], str],
           fits: Callable[[tuple, tuple], int]) -> list[tuple]:
    """One-to-one matching: exact items first, then each remaining prediction takes the unmatched
    gold item of the same key with the largest positive ``fits`` score. Returns matched preds."""
    free = Counter(gold)
    matched = []
    rest = []
    for p in pred:
        if free[p] > 0:
            free[p] -= 1
            matched.append(p)
        else:
            rest.append(p)
    pool = list(free.elements())
    for p in rest:
        best, best_fit = None, 0
        for i, g in enumerate(pool):
            if key(g) == key(p):
                fit = fits(g, p)
                if fit > best_fit:
                    best, best_fit = i, fit
        if best is not None:
            pool.pop(best)
            matched.append(p)
    return matched


# --------------------------------------------------------------------------------------------
# documents


def _entities(doc: Document, type_fn: Callable[[str], str | None] | None) -> dict[str, tuple[int, int, str]]:
    out = {}
    for e in doc.entities:
        typ = type_fn(e.type) if type_fn else e.type
        if typ:
            out[e.id] = (e.start, e.end, typ)
    return out


def _relations(doc: Document, ents: Mapping[str, tuple[int, int, str]]) -> list[tuple]:
    # (head span, tail span, label); relations whose ends are not scored are dropped with them
    return [(ents[r.head], ents[r.tail], r.type) for r in doc.relations if r.head in ents and r.tail in ents]


def _index(docs: Iterable[Document], what: str) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for d in docs:
        if d.id in out:
            raise ValueError(f"duplicate document id {d.id!r} in {what}")
        out[d.id] = d
    return out


def evaluate_documents(gold: Sequence[Document], pred: Sequence[Document],
                       label_map: LabelMap | None = None) -> dict:
    """Entity, relation and seqeval scores of ``pred`` against ``gold``, documents matched by id.

    A gold document without a prediction counts as predicting nothing. Raises ValueError for
    duplicate ids, a predicted document absent from gold, or a prediction whose text differs
    from its gold text (offsets would not mean the same thing). ``label_map`` rewrites both
    sides' entity types first (gold types through ``gold``, predicted through ``pred``).
    """
    gold_by_id = _index(gold, "gold")
    pred_by_id = _index(pred, "predictions")
    unknown = [i for i in pred_by_id if i not in gold_by_id]
    if unknown:
        raise ValueError(f"{len(unknown)} predicted document(s) not in gold, e.g. {unknown[0]!r}")
    ent = {"strict": _Tally(), "partial": _Tally()}
    rel = {"strict": _Tally(), "relaxed": _Tally()}
    seq = _Tally()
    for doc_id, g in gold_by_id.items():
        p = pred_by_id.get(doc_id, Document(doc_id, g.text))
        if p.text != g.text:
            raise ValueError(f"document {doc_id!r}: predicted text differs from the gold text")
        g_ents = _entities(g, label_map.gold_type if label_map else None)
        p_ents = _entities(p, label_map.pred_type if label_map else None)
        g_spans, p_spans = list(g_ents.values()), list(p_ents.values())
        _score_items(ent, g_spans, p_spans, label=lambda x: x[2],
                     fits=lambda a, b: _overlap(a[:2], b[:2]), loose="partial")
        _score_items(rel, _relations(g, g_ents), _relations(p, p_ents), label=lambda x: x[2],
                     fits=_relation_fit, loose="relaxed")
        tokens = tokenize(g.text)
        _score_tags(seq, [spans_to_bio(tokens, g_spans)], [spans_to_bio(tokens, p_spans)])
    ent_order = label_map.types if label_map else ENTITY_TYPES
    return {
        "entities": {k: t.scores(ent_order) for k, t in ent.items()},
        "relations": {k: t.scores(RELATION_TYPES) for k, t in rel.items()},
        "seqeval": seq.scores(ent_order),
    }


def _relation_fit(g: tuple, p: tuple) -> int:
    # both ends must overlap a gold entity of the same type; the fit is the total overlap
    (gh, gt, _), (ph, pt, _) = g, p
    if gh[2] != ph[2] or gt[2] != pt[2]:
        return 0
    oh, ot = _overlap(gh[:2], ph[:2]), _overlap(gt[:2], pt[:2])
    return oh + ot if oh and ot else 0


def _score_items(tallies: dict[str, _Tally], gold: list[tuple], pred: list[tuple],
                 label: Callable[[tuple], str], fits: Callable[[tuple, tuple], int], loose: str) -> None:
    exact = Counter(gold) & Counter(pred)
    loose_matched = _match(gold, pred, label, fits)
    for name, tps in (("strict", list(exact.elements())), (loose, loose_matched)):
        t = tallies[name]
        for x in gold:
            t.add(label(x), gold=1)
        for x in pred:
            t.add(label(x), pred=1)
        for x in tps:
            t.add(label(x), tp=1)


def _check_tags(tags: Sequence[Sequence[str]], what: str) -> None:
    for i, sent in enumerate(tags):
        for tag in sent:
            if not _TAG_RE.match(tag):
                raise ValueError(f"{what} sentence {i + 1}: {tag!r} is not an IOB2 tag (O, B-X, I-X)")


def _score_tags(tally: _Tally, gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> None:
    # seqeval's strict IOB2 decoding: an entity starts at B-X and runs over I-X; stray I-X is dropped
    g_ents = Entities([list(s) for s in gold], IOB2).entities
    p_ents = Entities([list(s) for s in pred], IOB2).entities
    for gs, ps in zip(g_ents, p_ents):
        g = Counter(e.to_tuple() for e in gs)
        p = Counter(e.to_tuple() for e in ps)
        for e in g:
            tally.add(e[1], gold=g[e])
        for e in p:
            tally.add(e[1], pred=p[e])
        for e, n in (g & p).items():
            tally.add(e[1], tp=n)


def conll_scores(gold_tags: Sequence[Sequence[str]], pred_tags: Sequence[Sequence[str]],
                 label_map: LabelMap | None = None) -> dict:
    """Strict IOB2 entity scores (seqeval ``mode='strict'``) of token tag sequences:
    ``{"micro": {...}, "per_type": {...}}``. Gold stray ``I-X`` tags are read as ``B-X`` first
    (:func:`repair_iob2`); with ``label_map`` gold and predicted tags are mapped onto its types.
    Raises ValueError when the sequences do not align or a tag is not IOB2."""
    if len(gold_tags) != len(pred_tags):
        raise ValueError(f"{len(gold_tags)} gold sentences but {len(pred_tags)} predicted")
    for i, (g, p) in enumerate(zip(gold_tags, pred_tags)):
        if len(g) != len(p):
            raise ValueError(f"sentence {i + 1}: {len(g)} gold tags but {len(p)} predicted")
    _check_tags(gold_tags, "gold")
    _check_tags(pred_tags, "predicted")
    gold = [repair_iob2(s) for s in gold_tags]
    pred = [list(s) for s in pred_tags]
    if label_map:
        label_map.warn_unknown_gold(gold)
        gold = [label_map.map_gold_tags(s) for s in gold]
        pred = [label_map.map_pred_tags(s) for s in pred]
    tally = _Tally()
    _score_tags(tally, gold, pred)
    return tally.scores(label_map.types if label_map else ENTITY_TYPES)


# --------------------------------------------------------------------------------------------
# report tables


def _fmt(x: float) -> str:
    return f"{100 * x:6.2f}"


def _table(title: str, sections: Mapping[str, Mapping], names: Sequence[str]) -> str:
    """One table: rows are labels + micro, column groups are the named sections (strict, ...)."""
    labels: list[str] = []
    for s in sections.values():
        labels += [t for t in s["per_type"] if t not in labels]
    head = f"{title:<12}" + "".join(f" | {n:^22}" for n in names) + " | support"
    sub = " " * 12 + " | " + " | ".join(f"{'P':>6} {'R':>6} {'F1':>6}" for _ in names) + " |"
    lines = [head, sub, "-" * len(head)]
    for label in [*labels, "micro"]:
        cells = []
        for n in names:
            s = sections[n]["micro"] if label == "micro" else sections[n]["per_type"].get(label)
            s = s or {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
            cells.append(f"{_fmt(s['precision'])} {_fmt(s['recall'])} {_fmt(s['f1'])}")
        first = sections[names[0]]
        sup = first["micro"] if label == "micro" else first["per_type"].get(label, {"support": 0})
        if label == "micro":
            lines.append("-" * len(head))
        lines.append(f"{label:<12}" + "".join(f" | {c}" for c in cells) + f" | {sup['support']:>7}")
    return "\n".join(lines)


def format_report(report: Mapping) -> str:
    """The tables of an :func:`evaluate_documents` or :func:`conll_scores` report (scores in %)."""
    parts = []
    if "entities" in report:
        parts.append(_table("entities", report["entities"], ["strict", "partial"]))
    if "relations" in report:
        parts.append(_table("relations", report["relations"], ["strict", "relaxed"]))
    if "seqeval" in report:
        parts.append(_table("seqeval", {"IOB2 strict": report["seqeval"]}, ["IOB2 strict"]))
    elif "micro" in report:
        parts.append(_table("seqeval", {"IOB2 strict": report}, ["IOB2 strict"]))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------------------------
# where relations stand

DISTANCE_BUCKETS = ("0-2 words", "3-6 words", "7+ words", "entity between", "tail before head")
#: the relations whose two mentions were both predicted with exact spans and types: recall there
#: is the relation functions' own, apart from the entities they depend on
ARGUMENTS_FOUND = "both mentions found"


def relation_distance_buckets(doc: Document) -> list[tuple[tuple, list[str]]]:
    """Each relation of ``doc`` as its strict key ``(head span, tail span, label)`` with the
    buckets it falls in (:data:`DISTANCE_BUCKETS`): exactly one of the word-distance buckets
    (words strictly between the two mentions), plus ``entity between`` when another entity
    stands between them and ``tail before head`` when the tail is written first."""
    ents = _entities(doc, None)
    words = [t for t in tokenize(doc.text) if t.is_word]
    out = []
    for r in doc.relations:
        if r.head not in ents or r.tail not in ents:
            continue
        h, t = ents[r.head], ents[r.tail]
        lo, hi = min(h[1], t[1]), max(h[0], t[0])
        n = sum(1 for w in words if w.start >= lo and w.end <= hi)
        buckets = [DISTANCE_BUCKETS[0] if n <= 2 else DISTANCE_BUCKETS[1] if n <= 6 else DISTANCE_BUCKETS[2]]
        if any(lo <= e[0] and e[1] <= hi for k, e in ents.items() if k not in (r.head, r.tail)):
            buckets.append(DISTANCE_BUCKETS[3])
        if t[0] < h[0]:
            buckets.append(DISTANCE_BUCKETS[4])
        out.append(((h, t, r.type), buckets))
    return out


def relation_recall_by_distance(gold: Sequence[Document], pred: Sequence[Document]) -> dict:
    """Strict relation recall per :data:`DISTANCE_BUCKETS` bucket and among the relations whose
    mentions were both predicted exactly (:data:`ARGUMENTS_FOUND`): ``{bucket: {"found", "total",
    "recall"}}``; a gold relation is found when a predicted relation has the same label and both
    mentions with exact spans and types. Documents are matched by id."""
    pred_by_id = _index(pred, "predictions")
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for g in gold:
        p = pred_by_id.get(g.id)
        p_ents = _entities(p, None) if p is not None else {}
        predicted = Counter(_relations(p, p_ents)) if p is not None else Counter()
        spans = set(p_ents.values())
        for key, buckets in relation_distance_buckets(g):
            hit = predicted[key] > 0
            if hit:
                predicted[key] -= 1
            if key[0] in spans and key[1] in spans:
                buckets = [*buckets, ARGUMENTS_FOUND]
            for b in buckets:
                total[b] += 1
                found[b] += hit
    return {b: {"found": found[b], "total": total[b], "recall": found[b] / total[b] if total[b] else 0.0}
            for b in (*DISTANCE_BUCKETS, ARGUMENTS_FOUND)}
