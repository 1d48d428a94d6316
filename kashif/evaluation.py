"""Score predictions, a trained model or the weak labeller against a gold file in one call.

Gold is ANNOTATION.md JSONL (entity, relation and seqeval scores) or CoNLL ``token TAG``
(strict IOB2 word-level scores, e.g. ANERcorp with the ``anercorp`` label map). The predictions
come from exactly one source: a file (``pred_path``), a model folder or hub id (``model``, run
through :class:`kashif.Extractor`), or the weak labeller (``labeller``, an aggregator name).
Anything wrong with the inputs raises :class:`EvaluationError` with a one-line message.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from pathlib import Path

from kashif.corpus import ConllSentence, CorpusError, RawDoc, read_conll
from kashif.metrics import LabelMap, conll_scores, evaluate_documents, get_label_map
from kashif.schema import Document, SchemaError, read_jsonl

log = logging.getLogger(__name__)

GOLD_FORMATS = ("jsonl", "conll")


class EvaluationError(ValueError):
    """Inputs that cannot be scored (missing file, malformed line, misaligned predictions)."""


def evaluate(gold_path: str | os.PathLike, pred_path: str | os.PathLike | None = None, *,
             model: str | None = None, labeller: str | None = None, gold_format: str = "jsonl",
             label_map: str | LabelMap | None = None, batch_size: int = 16, device: str = "auto") -> dict:
    """Scores of one prediction source against ``gold_path``.

    Exactly one of ``pred_path`` (JSONL, or CoNLL when the gold is CoNLL), ``model`` (a model
    folder or hub id for ``Extractor.from_pretrained``) or ``labeller`` (``"dawid-skene"`` or
    ``"majority"``: the weak labeller, fitted on the gold texts without their labels) is given.
    Returns the :func:`kashif.metrics.evaluate_documents` report for JSONL gold, or
    ``{"seqeval": conll_scores(...)}`` for CoNLL gold, plus ``"meta"`` describing the run.
    """
    sources = [x for x in (pred_path, model, labeller) if x is not None]
    if len(sources) != 1:
        raise EvaluationError("give exactly one of a predictions file, a model or the weak labeller")
    if gold_format not in GOLD_FORMATS:
        raise EvaluationError(f"unknown gold format {gold_format!r} (expected one of {', '.join(GOLD_FORMATS)})")
    try:
        lmap = get_label_map(label_map) if isinstance(label_map, str) else label_map
    except ValueError as exc:
        raise EvaluationError(str(exc)) from None
    source = ({"pred": str(pred_path)} if pred_path is not None
              else {"model": str(model)} if model is not None else {"labeller": labeller})
    meta = {"gold": str(gold_path), "gold_format": gold_format, **source,
            "label_map": lmap.name if lmap else None}
    if gold_format == "conll":
        report = _evaluate_conll(Path(gold_path), pred_path, model, labeller, lmap, batch_size, device)
        meta["sentences"] = report.pop("sentences")
    else:
        report = _evaluate_jsonl(Path(gold_path), pred_path, model, labeller, lmap, batch_size, device)
        meta["documents"] = report.pop("documents")
    report["meta"] = meta
    return report


# --------------------------------------------------------------------------------------------
# JSONL gold


def _load_jsonl(path: Path, what: str) -> list[Document]:
    if not path.is_file():
        raise EvaluationError(f"{path}: no such {what} file")
    try:
        docs = list(read_jsonl(path))
    except SchemaError as exc:
        raise EvaluationError(str(exc)) from None
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise EvaluationError(f"{path}: duplicate document id {doc.id!r}")
        seen.add(doc.id)
        problem = _offset_problem(doc)
        if problem:
            raise EvaluationError(f"{path}: document {doc.id!r}: {problem}")
    if not docs and what == "gold":
        raise EvaluationError(f"{path}: no gold documents")
    return docs


def _offset_problem(doc: Document) -> str | None:
    """The first problem that makes a document unscorable (the rest of ANNOTATION.md is the
    validator's business: scoring a slightly off-guideline file is still useful)."""
    ids = set()
    for e in doc.entities:
        if not 0 <= e.start < e.end <= len(doc.text):
            return f"entity {e.id}: bad offsets {e.start}-{e.end} (text length {len(doc.text)})"
        if doc.text[e.start:e.end] != e.text:
            return f"entity {e.id}: text[{e.start}:{e.end}] is {doc.text[e.start:e.end]!r}, not {e.text!r}"
        if e.id in ids:
            return f"duplicate entity id {e.id}"
        ids.add(e.id)
    for r in doc.relations:
        if r.head not in ids or r.tail not in ids:
            return f"relation {r.head}-{r.type}->{r.tail} points at a missing entity"
    return None


def _evaluate_jsonl(gold_path: Path, pred_path, model, labeller, lmap, batch_size, device) -> dict:
    gold = _load_jsonl(gold_path, "gold")
    texts = [d.text for d in gold]
    if pred_path is not None:
        pred = _load_jsonl(Path(pred_path), "predictions")
    elif model is not None:
        extracted = _extractor(model, device).extract(texts, batch_size=batch_size)
        pred = [replace(p, id=g.id) for g, p in zip(gold, extracted)]
    else:
        pred = labeller_documents(gold, labeller)
    gold_text = {d.id: d.text for d in gold}
    missing = [d.id for d in pred if d.id not in gold_text]
    if missing:
        raise EvaluationError(f"{pred_path}: {len(missing)} document(s) not in the gold file "
                              f"{gold_path}, e.g. {missing[0]!r}")
    for d in pred:
        if d.text != gold_text[d.id]:
            raise EvaluationError(f"{pred_path or model or 'weak labeller'}: document {d.id!r}: "
                                  "predicted text differs from the gold text")
    unpredicted = len(gold_text) - len({d.id for d in pred})
    if unpredicted:
        log.warning("%d gold document(s) have no prediction; scored as predicting nothing", unpredicted)
    try:
        report = evaluate_documents(gold, pred, label_map=lmap)
    except ValueError as exc:
        raise EvaluationError(str(exc)) from None
    report["documents"] = len(gold)
    return report


def read_standoff(path: str | os.PathLike, texts: str | os.PathLike) -> list[Document]:
    """Gold kept apart from its texts: each line of ``path`` is a document without ``text``
    (``id``, ``entities``, ``relations``); the texts come from ``texts``, a JSONL corpus with
    ``id`` and ``text`` (e.g. the ANT corpus, which may not be copied into the repository).
    Every entity must satisfy ``text[start:end] == surface`` on the rebuilt document; anything
    else raises :class:`EvaluationError` with a one-line message."""
    path, texts = Path(path), Path(texts)
    for p, what in ((path, "standoff gold"), (texts, "source texts")):
        if not p.is_file():
            raise EvaluationError(f"{p}: no such {what} file")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
    wanted = {str(r.get("id")) for r in rows}
    found: dict[str, str] = {}
    with texts.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{texts}:{n}: invalid JSON ({exc.msg})") from None
            if isinstance(d, dict) and d.get("id") in wanted and isinstance(d.get("text"), str):
                found[d["id"]] = d["text"]
    docs = []
    for r in rows:
        doc_id = str(r.get("id"))
        if doc_id not in found:
            raise EvaluationError(f"{path}: document {doc_id!r} is not in {texts}")
        try:
            doc = Document.from_dict({**r, "text": found[doc_id]})
        except SchemaError as exc:
            raise EvaluationError(f"{path}: document {doc_id!r}: {exc}") from None
        problem = _offset_problem(doc)
        if problem:
            raise EvaluationError(f"{path}: document {doc_id!r}: {problem}")
        docs.append(doc)
    return docs


# --------------------------------------------------------------------------------------------
# CoNLL gold


def _load_conll(path: Path, what: str) -> list[ConllSentence]:
    def fail(msg: str) -> None:
        # scoring around a dropped gold token would misalign every later sentence: stop, and say so
        raise EvaluationError(f"{msg.removesuffix('; skipped')}; evaluation stopped ({what} files are read "
                              "strictly: fix the line)")

    try:
        sents = read_conll(path, on_error=fail)
    except CorpusError as exc:
        raise EvaluationError(f"{exc} ({what})") from None
    for i, s in enumerate(sents, 1):
        if s.tags is None:
            raise EvaluationError(f"{path}: {what} sentence {i} ({' '.join(s.tokens[:5])} ...) "
                                  "has tokens without a tag; expected 'token TAG' on every line")
    return sents


def _align(gold: list[ConllSentence], pred: list[ConllSentence], pred_path) -> None:
    if len(gold) != len(pred):
        raise EvaluationError(f"{pred_path}: {len(pred)} sentences, but the gold file has {len(gold)}")
    for i, (g, p) in enumerate(zip(gold, pred), 1):
        if len(g.tokens) != len(p.tokens):
            raise EvaluationError(f"{pred_path}: sentence {i} has {len(p.tokens)} tokens, "
                                  f"the gold sentence {len(g.tokens)}")
        for j, (a, b) in enumerate(zip(g.tokens, p.tokens), 1):
            if a != b:
                raise EvaluationError(f"{pred_path}: sentence {i} token {j} is {b!r}, gold has {a!r}")


def _evaluate_conll(gold_path: Path, pred_path, model, labeller, lmap, batch_size, device) -> dict:
    gold = _load_conll(gold_path, "gold")
    if pred_path is not None:
        if Path(pred_path).suffix == ".jsonl":
            raise EvaluationError(f"{pred_path}: CoNLL gold needs CoNLL predictions ('token TAG' per line)")
        pred_sents = _load_conll(Path(pred_path), "predictions")
        _align(gold, pred_sents, pred_path)
        pred = [list(s.tags) for s in pred_sents]
    elif model is not None:
        pred = _extractor(model, device).extract_conll(gold, batch_size=batch_size)
    else:
        pred = labeller_conll(gold, labeller)
    try:
        report = {"seqeval": conll_scores([list(s.tags) for s in gold], pred, label_map=lmap)}
    except ValueError as exc:
        raise EvaluationError(f"{pred_path or model or 'weak labeller'}: {exc}") from None
    report["sentences"] = len(gold)
    return report


# --------------------------------------------------------------------------------------------
# prediction sources (imported lazily: the model pulls in torch)


def _extractor(model: str, device: str, hybrid: bool | None = None):
    try:
        from kashif import Extractor
    except ImportError as exc:
        raise EvaluationError(f"cannot load the inference code ({exc})") from None
    try:
        from kashif.model import ModelLoadError
    except ImportError:
        ModelLoadError = OSError  # noqa: N806 - the model package is optional here
    try:
        return Extractor.from_pretrained(model, device=device, hybrid=hybrid)
    except (ModelLoadError, OSError, ValueError) as exc:
        raise EvaluationError(f"cannot load model {model!r}: {exc}") from None


def _labeller(aggregator: str, **kwargs):
    try:
        from kashif.weak.labeller import WeakLabeller

        return WeakLabeller(aggregator=aggregator, **kwargs)
    except ImportError as exc:
        raise EvaluationError(f"cannot load the weak labeller ({exc})") from None
    except ValueError as exc:
        raise EvaluationError(str(exc)) from None


def labeller_documents(docs: list[Document], aggregator: str = "dawid-skene") -> list[Document]:
    """The weak labeller's documents for ``docs``' texts. Like ``kashif label``, the labeller is
    fitted on the texts it labels (their gold labels are never seen)."""
    return _labeller(aggregator).label_corpus([RawDoc(d.id, d.text) for d in docs])


def labeller_conll(sentences: list[ConllSentence], aggregator: str = "dawid-skene") -> list[list[str]]:
    """The weak labeller's IOB2 tags (our types) for CoNLL sentences, fitted on their joined text as
    ``kashif label --input-format conll`` does; the gold tags are never seen."""
    return _labeller(aggregator, relations=False).label_conll(sentences)


# --------------------------------------------------------------------------------------------
# a trained model beside its teacher, on every gold set


def model_vs_labeller(model: str, gold_sets: dict[str, str], conll_sets: dict[str, str] | None = None, *,
                      conll_tail: float = 1.0, label_map: str | None = "anercorp", aggregator: str = "dawid-skene",
                      batch_size: int = 16, device: str = "auto") -> dict[str, dict]:
    """``{set: {"model": report, "weak": report, "documents"|"sentences": n}}`` for every gold set,
    plus ``"hybrid"`` (:mod:`kashif.inference.hybrid`) when the model folder asks for one: the
    model alone, the labeller alone and the two combined, from the same predictions.

    ``gold_sets`` are ANNOTATION.md JSONL files (entities and relations); ``conll_sets`` CoNLL files
    scored word-level through ``label_map``, on their last ``conll_tail`` of sentences (0.2: the
    held-out fifth of ANERcorp train that Kashif's benchmarks never train on). The labeller is
    fitted on each set's own text, never its labels, as ``evaluate.py --labeller`` does.
    """
    from kashif.inference.hybrid import combine, combine_tags, read_model_types

    extractor = _extractor(model, device, hybrid=False)
    try:
        types = read_model_types(model) if Path(model).is_dir() else ()
    except ValueError as exc:
        raise EvaluationError(str(exc)) from None
    lmap = get_label_map(label_map) if label_map else None
    out: dict[str, dict] = {}
    for name, path in gold_sets.items():
        gold = _load_jsonl(Path(path), "gold")
        extracted = extractor.extract([d.text for d in gold], batch_size=batch_size)
        pred = [replace(p, id=g.id) for g, p in zip(gold, extracted)]
        weak = labeller_documents(gold, aggregator)
        out[name] = {"model": evaluate_documents(gold, pred), "weak": evaluate_documents(gold, weak),
                     "documents": len(gold)}
        if types:
            out[name]["hybrid"] = evaluate_documents(gold, [combine(w, p, types) for w, p in zip(weak, pred)])
    for name, path in (conll_sets or {}).items():
        sents = _load_conll(Path(path), "gold")
        sents = sents[len(sents) - max(1, round(conll_tail * len(sents))):]
        gold_tags = [list(s.tags) for s in sents]
        model_tags, weak_tags = extractor.extract_conll(sents, batch_size=batch_size), labeller_conll(sents, aggregator)
        out[name] = {"model": {"seqeval": conll_scores(gold_tags, model_tags, label_map=lmap)},
                     "weak": {"seqeval": conll_scores(gold_tags, weak_tags, label_map=lmap)},
                     "sentences": len(sents)}
        if types:
            tags = [combine_tags(w, m, types) for w, m in zip(weak_tags, model_tags)]
            out[name]["hybrid"] = {"seqeval": conll_scores(gold_tags, tags, label_map=lmap)}
    return out


def headline(entry: dict) -> tuple[float, float, float | None, float | None]:
    """``(model entity F1, labeller entity F1, model relation F1, labeller relation F1)`` of one
    :func:`model_vs_labeller` entry (strict micro; seqeval for CoNLL sets, which have no relations)."""
    def f1(rep: dict, key: str) -> float | None:
        if "seqeval" in rep and "entities" not in rep:
            return rep["seqeval"]["micro"]["f1"] if key == "entities" else None
        return rep[key]["strict"]["micro"]["f1"]

    return f1(entry["model"], "entities"), f1(entry["weak"], "entities"), f1(entry["model"], "relations"), \
        f1(entry["weak"], "relations")
