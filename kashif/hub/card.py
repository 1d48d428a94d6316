"""The model card: typed data read from a model folder, rendered through ``model_cards/``.

The card is never written by hand. :func:`card_inputs_from_model_dir` reads the files a trained
model folder holds (``config.json``, ``relation_head.json``, ``kashif_config.yaml``,
``eval_results.json``, ``weak_supervision.json``) into a frozen :class:`CardInputs`;
:func:`render_card` fills the Jinja template with it and puts a metadata header built with
``huggingface_hub.ModelCardData`` / ``EvalResult`` on top, so the Hub shows the evaluation
results (``model-index``) and the header is valid by construction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from huggingface_hub import EvalResult, ModelCard, ModelCardData

import kashif
from kashif.schema import ENTITY_TYPES, RELATION_SCHEMA, RELATION_TYPES, Document, build_document

#: ``model_cards/`` at the repository root holds the templates (see its README.md).
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "model_cards"
DEFAULT_TEMPLATE = TEMPLATE_DIR / "model_card.md.j2"
DEFAULT_LICENSE = "apache-2.0"
TAGS = ("token-classification", "named-entity-recognition", "relation-extraction", "arabic",
        "weak-supervision", "kashif")

ENTITY_DESCRIPTIONS: dict[str, str] = {
    "PER": "a named person",
    "ORG": "a named organisation: armed group, army, ministry, agency, international body, outlet, company",
    "GPE": "a country, state, city, town, village or governorate",
    "LOC": "a place that is not a GPE: region, mountain, desert, neighbourhood, border area",
    "FAC": "a named built facility: airport, prison, street, base, bridge",
    "WEAPON": "a weapon, munition or toxic agent named by its kind",
    "DATE": "a calendar expression (year, month, weekday, season or numeric date)",
}
RELATION_DESCRIPTIONS: dict[str, str] = {
    "USED": "the head used, fired or deployed the weapon",
    "PRODUCED": "the head made, developed or is the origin of the weapon",
    "SUPPLIED": "the head provided weapons, materiel or means to the tail",
    "ATTACKED": "the head attacked the tail as a target",
    "LOCATED_IN": "the head is inside the tail, or an organisation is based or holds territory there",
    "MEMBER_OF": "the head belongs to, works for, leads, or is a unit or member state of the tail",
}


class CardError(ValueError):
    """A model folder whose files cannot describe a model card (names the file and the problem)."""


# --------------------------------------------------------------------------------------------
# typed data


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 in [0, 1]; ``support`` is the number of gold items."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class SystemResult:
    """One system's scores on one evaluation set (``entity_metric`` says which entity score)."""

    entities: Score | None
    relations: Score | None
    entity_types: tuple[tuple[str, Score], ...] = ()
    relation_types: tuple[tuple[str, Score], ...] = ()
    entity_metric: str = "strict"


@dataclass(frozen=True)
class EvalSetResult:
    """The model (and, where measured, the weak labeller) on one gold evaluation set."""

    name: str
    model: SystemResult
    weak: SystemResult | None = None
    documents: int | None = None
    sentences: int | None = None
    gold_file: str | None = None
    note: str | None = None
    hybrid: SystemResult | None = None  # the model with the weak labeller (kashif.inference.hybrid)


@dataclass(frozen=True)
class LabellingFunctionInfo:
    """A versioned labelling function (``family.what@N``) and what the label model saw of it."""

    name: str
    coverage: float | None = None
    accuracy: float | None = None


@dataclass(frozen=True)
class WeakSupervisionInfo:
    """Provenance of the weak labels the model was trained on (no functions: none recorded)."""

    aggregator: str | None
    labelling_functions: tuple[LabellingFunctionInfo, ...]
    documents: int | None = None
    coverage: tuple[tuple[str, float], ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class TrainingInfo:
    """The resolved training config: the base model and every scalar setting, flattened."""

    base_model: str | None
    settings: tuple[tuple[str, str], ...]
    base_note: str | None = None  # how the base weights were obtained (base_encoder.json), when not from the Hub


@dataclass(frozen=True)
class CardInputs:
    """Everything the model card says, typed; built from a model folder or by hand (tests)."""

    repo_id: str
    entity_labels: tuple[str, ...]
    relation_labels: tuple[str, ...]
    architecture: str
    training: TrainingInfo
    weak_supervision: WeakSupervisionInfo
    eval_sets: tuple[EvalSetResult, ...]
    license: str = DEFAULT_LICENSE
    kashif_version: str = kashif.__version__
    hybrid_types: tuple[str, ...] = ()  # entity types predict takes from the model (hybrid.json); () alone

    @property
    def model_name(self) -> str:
        return self.repo_id.rsplit("/", 1)[-1]


# --------------------------------------------------------------------------------------------
# the Arabic example shown in the card (checked against the schema by the tests)

_EXAMPLE_TEXT = ("وقال جون دوريان المتحدث باسم التحالف الدولي إن تنظيم داعش استخدم غاز الخردل "
                 "في هجوم على القوات العراقية قرب الموصل في آذار 2017.")
_EXAMPLE_SPANS = (("جون دوريان", "PER"), ("التحالف الدولي", "ORG"), ("داعش", "ORG"),
                  ("غاز الخردل", "WEAPON"), ("القوات العراقية", "ORG"), ("الموصل", "GPE"),
                  ("آذار 2017", "DATE"))
_EXAMPLE_RELATIONS = ((0, 1, "MEMBER_OF"), (2, 3, "USED"), (2, 4, "ATTACKED"))


def example_document() -> Document:
    """The annotated Arabic sentence the card uses to show the schema."""
    spans = []
    for surface, typ in _EXAMPLE_SPANS:
        start = _EXAMPLE_TEXT.index(surface)
        spans.append((start, start + len(surface), typ, None))
    return build_document("card-example", _EXAMPLE_TEXT, spans,
                          [(h, t, label, None) for h, t, label in _EXAMPLE_RELATIONS])


# --------------------------------------------------------------------------------------------
# reading a model folder


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CardError(f"{path.name} is missing from {path.parent}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardError(f"{path}: not readable JSON ({exc})") from None


def _score(d: Any, where: str) -> Score:
    try:
        return Score(float(d["precision"]), float(d["recall"]), float(d["f1"]), int(d["support"]))
    except (KeyError, TypeError, ValueError):
        raise CardError(f"eval_results.json: {where} is not a score with precision, recall, f1, support") from None


def _section(d: Mapping, where: str) -> tuple[Score, tuple[tuple[str, Score], ...]]:
    if not isinstance(d, Mapping) or "micro" not in d:
        raise CardError(f"eval_results.json: {where} has no 'micro' scores")
    per_type = d.get("per_type", {})
    return _score(d["micro"], f"{where}.micro"), tuple(
        (label, _score(s, f"{where}.per_type.{label}")) for label, s in per_type.items())


def _get(d: Any, key: str) -> Any:
    return d.get(key) if isinstance(d, Mapping) else None


def system_result(report: Mapping, where: str = "report") -> SystemResult:
    """A :class:`SystemResult` from a ``kashif.metrics`` report: an ``evaluate_documents`` report
    (strict entity and relation scores) or a ``conll_scores`` one (seqeval entities only)."""
    if not isinstance(report, Mapping):
        raise CardError(f"eval_results.json: {where} is not an object")
    if "entities" in report:
        ents, ent_types = _section(_get(report["entities"], "strict"), f"{where}.entities.strict")
        metric = "strict"
    elif "seqeval" in report or "micro" in report:
        ents, ent_types = _section(report.get("seqeval", report), f"{where}.seqeval")
        metric = "seqeval"
    else:
        raise CardError(f"eval_results.json: {where} has neither 'entities' nor 'seqeval' scores")
    rels, rel_types = None, ()
    if "relations" in report:
        rels, rel_types = _section(_get(report["relations"], "strict"), f"{where}.relations.strict")
    return SystemResult(ents, rels, ent_types, rel_types, metric)


def eval_sets_from_results(results: Mapping) -> tuple[EvalSetResult, ...]:
    """Parse ``eval_results.json``: ``{set: report}`` (the model only) or
    ``{set: {"model": report, "weak": report, "documents": n}}`` (model vs weak labeller).
    ``{}`` is a model that was not evaluated."""
    if not isinstance(results, Mapping):
        raise CardError("eval_results.json: expected an object {eval set: report}")
    out = []
    for name, value in results.items():
        if not isinstance(value, Mapping):
            raise CardError(f"eval_results.json: {name!r} is not an object")
        if "model" in value:
            weak = value.get("weak", value.get("weak_labeller"))
            model = system_result(value["model"], f"{name}.model")
            weak_res = system_result(weak, f"{name}.weak") if weak is not None else None
            hybrid = system_result(value["hybrid"], f"{name}.hybrid") if value.get("hybrid") is not None else None
            report = value["model"] if isinstance(value["model"], Mapping) else {}
        else:
            model, weak_res, hybrid, report = system_result(value, name), None, None, value
        # sizes and the gold file sit at the set level, in the report, or in its "meta"
        # (kashif.evaluation.evaluate); a gold path is shown by its file name only
        meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else {}
        where = [value, report, meta]
        docs = next((d["documents"] for d in where if d.get("documents") is not None), None)
        sents = next((d["sentences"] for d in where if d.get("sentences") is not None), None)
        gold = next((d["gold"] for d in where if isinstance(d.get("gold"), str)), None)
        out.append(EvalSetResult(str(name), model, weak_res, _opt_int(docs), _opt_int(sents),
                                 Path(gold).name if gold else None, _SET_NOTES.get(str(name)), hybrid))
    return tuple(out)


# kashif.training names the held-out split of the training documents "validation": its reference
# labels are the training labels, so the card must not present it as a gold set
_SET_NOTES = {"validation": "a held-out split of the training documents, scored against their training "
                            "labels (weak labels when the training data was weak-labelled), not gold"}


def _opt_int(x: Any) -> int | None:
    return int(x) if isinstance(x, int | float) else None


def _from_labeller(prov: Mapping) -> Mapping:
    """``WeakLabeller.provenance()`` as training writes it (``entity_functions`` and
    ``relation_functions``, learnt ``reliabilities``, ``fitted_on.documents``; several under
    ``sources``) rewritten into the generic keys below; other records pass unchanged."""
    sources = prov.get("sources")
    if isinstance(sources, list) and sources and all(isinstance(x, Mapping) for x in sources):
        parts = [_from_labeller(x) for x in sources]
        lfs = {lf["name"]: lf for part in parts for lf in part.get("labelling_functions") or []
               if isinstance(lf, Mapping) and "name" in lf}
        docs = [part.get("documents") for part in parts]
        return {**prov, "aggregator": " + ".join(dict.fromkeys(str(x.get("aggregator", "unknown")) for x in parts)),
                "labelling_functions": list(lfs.values()),
                "documents": sum(docs) if all(isinstance(d, int) for d in docs) else None}
    if "labelling_functions" in prov or not ("entity_functions" in prov or "relation_functions" in prov):
        return prov
    rel = prov.get("reliabilities") if isinstance(prov.get("reliabilities"), Mapping) else {}
    lfs = []
    for kind, key in (("entities", "entity_functions"), ("relations", "relation_functions")):
        acc = rel.get(kind) if isinstance(rel.get(kind), Mapping) else {}
        for item in prov.get(key) or []:
            name = item.get("name") if isinstance(item, Mapping) else item
            lfs.append({"name": name, "accuracy": acc.get(name)})
    fitted = prov.get("fitted_on") if isinstance(prov.get("fitted_on"), Mapping) else {}
    return {**prov, "labelling_functions": lfs, "documents": prov.get("documents", fitted.get("documents"))}


def weak_supervision_from_provenance(prov: Mapping) -> WeakSupervisionInfo:
    """Parse ``weak_supervision.json``: ``aggregator``, ``labelling_functions`` (names, or objects
    with ``name`` and optional ``coverage`` / ``accuracy``, or ``{name: {...}}``), optional
    ``documents``, ``coverage`` and ``note``; or the ``WeakLabeller.provenance()`` record that
    training writes (functions per kind with learnt reliabilities). Without labelling functions
    the model was not trained on recorded weak labels."""
    if not isinstance(prov, Mapping):
        raise CardError("weak_supervision.json: expected an object")
    prov = _from_labeller(prov)
    note = str(prov["note"]) if prov.get("note") else None
    lfs_raw = prov.get("labelling_functions", prov.get("lfs"))
    if not lfs_raw:
        return WeakSupervisionInfo(None, (), note=note)
    if isinstance(lfs_raw, Mapping):
        lfs_raw = [{"name": k, **(v if isinstance(v, Mapping) else {})} for k, v in lfs_raw.items()]
    coverage_raw = prov.get("coverage")
    lf_cov = coverage_raw if isinstance(coverage_raw, Mapping) else {}
    lfs = []
    for item in lfs_raw:
        info = {"name": item} if isinstance(item, str) else dict(item)
        if "name" not in info:
            raise CardError(f"weak_supervision.json: labelling function without a name: {item!r}")
        cov = info.get("coverage", lf_cov.get(info["name"]))
        acc = info.get("accuracy")
        lfs.append(LabellingFunctionInfo(str(info["name"]), _opt_float(cov), _opt_float(acc)))
    names = {lf.name for lf in lfs}
    overall: list[tuple[str, float]] = []
    if isinstance(coverage_raw, int | float):
        overall.append(("overall", float(coverage_raw)))
    for key, value in lf_cov.items():
        if key not in names and isinstance(value, int | float):
            overall.append((str(key), float(value)))
    docs = prov.get("documents", prov.get("n_documents"))
    return WeakSupervisionInfo(str(prov.get("aggregator", "unknown")), tuple(lfs), _opt_int(docs),
                               tuple(overall), note)


def _opt_float(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) else None


def _flatten(d: Mapping, prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in d.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows += _flatten(value, name + ".")
        elif isinstance(value, list | tuple):
            if all(not isinstance(v, Mapping | list | tuple) for v in value):
                rows.append((name, ", ".join(map(str, value)) or "[]"))
        elif value is not None:
            rows.append((name, str(value)))
    return rows


_HUB_ID = re.compile(r"^[\w.-]+/[\w.-]+$")
_BASE_MODEL_KEYS = ("model.base_model", "model.name_or_path", "model.pretrained", "model.name",
                    "model.backbone", "base_model", "model_name_or_path")


def training_from_config(cfg: Mapping) -> TrainingInfo:
    """:class:`TrainingInfo` from the resolved training config. The base model is the first Hub
    id (``owner/name``, not a local path) found under the usual keys; a model trained from
    scratch has none."""
    settings = _flatten(cfg)
    flat = dict(settings)
    base = None
    for key in _BASE_MODEL_KEYS if flat.get("model.init") != "scratch" else ():
        value = flat.get(key)
        if value and _HUB_ID.match(value) and not Path(value).exists():
            base = value
            break
    # local paths and run folders say nothing to a reader of the card
    keep = tuple((k, v) for k, v in settings if not (k.endswith("dir") or v.startswith("/")))
    return TrainingInfo(base, keep)


def card_inputs_from_model_dir(model_dir: str | Path, repo_id: str, *,
                               license: str = DEFAULT_LICENSE) -> CardInputs:
    """Read a trained model folder into :class:`CardInputs`; :class:`CardError` names the file
    that is missing or malformed."""
    model_dir = Path(model_dir)
    config = _read_json(model_dir / "config.json")
    id2label = config.get("id2label") if isinstance(config, Mapping) else None
    if not id2label:
        raise CardError("config.json has no id2label: not a token classifier")
    try:
        labels = tuple(id2label[k] for k in sorted(id2label, key=int))
    except (TypeError, ValueError, AttributeError):
        raise CardError("config.json: id2label must map label ids to labels") from None
    head = _read_json(model_dir / "relation_head.json")
    rel_labels = tuple(head.get("labels", ())) if isinstance(head, Mapping) else ()
    if not rel_labels:
        raise CardError("relation_head.json has no 'labels'")
    try:
        cfg = yaml.safe_load((model_dir / "kashif_config.yaml").read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise CardError(f"kashif_config.yaml is missing from {model_dir}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CardError(f"kashif_config.yaml: not readable YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(cfg, Mapping):
        raise CardError("kashif_config.yaml: expected a mapping of settings")
    archs = config.get("architectures") or [config.get("model_type", "unknown")]
    training = training_from_config(cfg)
    encoder = model_dir / "base_encoder.json"  # an encoder built offline (kashif encoder build)
    if encoder.is_file():
        info = _read_json(encoder)
        if isinstance(info, Mapping) and info.get("base_model"):
            vocab = info.get("vocabulary") or {}
            note = (f"{info.get('license', 'licence unknown')} licence; weights {info.get('quantization', '')}; "
                    f"read from {', '.join((info.get('sources') or {}).values())}"
                    + (f"; vocabulary trimmed to {vocab['pieces']:,} of {vocab['original_pieces']:,} pieces"
                       if vocab.get("pieces") and vocab.get("pieces") != vocab.get("original_pieces") else ""))
            training = TrainingInfo(str(info["base_model"]), training.settings, note)
    from kashif.inference.hybrid import read_model_types

    try:
        hybrid_types = read_model_types(model_dir)
    except ValueError as exc:
        raise CardError(str(exc)) from None
    return CardInputs(
        repo_id=repo_id,
        entity_labels=labels,
        relation_labels=rel_labels,
        architecture=str(archs[0]),
        training=training,
        weak_supervision=weak_supervision_from_provenance(_read_json(model_dir / "weak_supervision.json")),
        eval_sets=eval_sets_from_results(_read_json(model_dir / "eval_results.json")),
        license=license,
        hybrid_types=hybrid_types,
    )


# --------------------------------------------------------------------------------------------
# rendering


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "eval"


def card_metadata(inputs: CardInputs) -> ModelCardData:
    """The YAML header: language, license, tags, base model, pipeline tag and a ``model-index``
    with entity and relation F1 (strict, micro) of the model on each evaluation set."""
    results = []
    for es in inputs.eval_sets:
        common = {"task_type": "token-classification", "task_name": "Entity and relation extraction",
                  "dataset_type": _slug(es.name), "dataset_name": es.name, "metric_type": "f1"}
        m = es.model
        if m.entities is not None:
            label = "Entity F1 (strict, micro)" if m.entity_metric == "strict" else "Entity F1 (seqeval IOB2, micro)"
            results.append(EvalResult(**common, metric_name=label, metric_config=f"entities-{m.entity_metric}",
                                      metric_value=round(m.entities.f1, 4)))
        if m.relations is not None:
            results.append(EvalResult(**common, metric_name="Relation F1 (strict, micro)",
                                      metric_config="relations-strict", metric_value=round(m.relations.f1, 4)))
    return ModelCardData(
        language="ar",
        license=inputs.license,
        library_name="transformers",
        pipeline_tag="token-classification",
        base_model=inputs.training.base_model,
        tags=list(TAGS),
        metrics=["f1", "precision", "recall"],
        model_name=inputs.model_name if results else None,  # the model-index needs it, nothing else
        eval_results=results or None,
    )


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _type_rows(es: EvalSetResult, attr: str) -> list[dict]:
    """Per-type rows of one evaluation set: support, weak labeller F1, model F1."""
    model = dict(getattr(es.model, attr))
    weak = dict(getattr(es.weak, attr)) if es.weak else {}
    order = {t: i for i, t in enumerate((*ENTITY_TYPES, *RELATION_TYPES))}
    labels = [*model, *(k for k in weak if k not in model)]
    # schema order where the labels are ours; a foreign tag set (ANERcorp) keeps its report order
    if all(t in order for t in labels):
        labels.sort(key=order.__getitem__)
    rows = []
    for label in labels:
        ref = model.get(label) or weak[label]
        rows.append({"label": label, "support": ref.support,
                     "weak": weak[label].f1 if label in weak else None,
                     "model": model[label].f1 if label in model else None})
    return rows


def _gold_desc(es: EvalSetResult) -> str:
    parts = [f"`{es.gold_file}`"] if es.gold_file else []
    if es.documents is not None:
        parts.append(f"{es.documents} documents")
    if es.sentences is not None:
        parts.append(f"{es.sentences} sentences")
    return ", ".join(parts)


def render_card(inputs: CardInputs, template: str | Path | None = None) -> str:
    """The model card (``README.md``) for ``inputs``, rendered from the Jinja ``template``
    (default ``model_cards/model_card.md.j2``). Deterministic: same inputs, same text."""
    path = Path(template) if template else DEFAULT_TEMPLATE
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = _pct
    tmpl = env.from_string(path.read_text(encoding="utf-8"))
    example = example_document()
    return tmpl.render(
        card_data=card_metadata(inputs).to_yaml(),
        inputs=inputs,
        entity_types=[(t, ENTITY_DESCRIPTIONS[t]) for t in ENTITY_TYPES],
        relation_types=[(r, sorted(RELATION_SCHEMA[r][0], key=ENTITY_TYPES.index),
                         sorted(RELATION_SCHEMA[r][1], key=ENTITY_TYPES.index), RELATION_DESCRIPTIONS[r])
                        for r in RELATION_TYPES],
        example=example,
        example_relations=[(example.entity(r.head), r.type, example.entity(r.tail)) for r in example.relations],
        entity_rows={es.name: _type_rows(es, "entity_types") for es in inputs.eval_sets},
        relation_rows={es.name: _type_rows(es, "relation_types") for es in inputs.eval_sets},
        gold_desc={es.name: _gold_desc(es) for es in inputs.eval_sets},
    )


def build_model_card(model_dir: str | Path, repo_id: str, *, license: str = DEFAULT_LICENSE) -> ModelCard:
    """Read ``model_dir`` and render its card, parsed back as a ``huggingface_hub.ModelCard``."""
    return ModelCard(render_card(card_inputs_from_model_dir(model_dir, repo_id, license=license)))
