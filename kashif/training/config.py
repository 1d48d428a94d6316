"""Typed training configuration: YAML file + ``--set section.key=value`` overrides.

Every section is a dataclass that checks its own values; unknown keys and bad values raise a
:class:`ValueError` naming the key and the value, in one line. The resolved config is saved
beside the trained model as ``kashif_config.yaml``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


def _fail(key: str, value: Any, why: str) -> ValueError:
    return ValueError(f"config {key}={value!r}: {why}")


@dataclass
class ModelConfig:
    """The encoder: a pretrained one (``init: pretrained``, ``name``) or a small BERT from scratch."""

    init: str = "scratch"  # scratch | pretrained
    name: str | None = None  # Hub id or folder of the pretrained encoder
    hidden: int = 256
    layers: int = 4
    heads: int = 4
    intermediate: int | None = None  # default 4 x hidden
    vocab_size: int = 8000  # WordPiece vocabulary trained on the corpus (scratch only)
    max_position: int = 512
    dropout: float = 0.1
    relation_type_dim: int = 32
    relation_ffn_dim: int = 256
    relation_dropout: float = 0.1
    keep_layers: int | None = None  # pretrained only: use the lowest N encoder layers, drop the rest
    freeze_embeddings: bool = False  # pretrained only: keep the (word, position, type) embeddings fixed
    freeze_layers: int = 0  # pretrained only: keep the lowest N encoder layers fixed (cheaper backward)

    def check(self) -> None:
        if self.init not in ("scratch", "pretrained"):
            raise _fail("model.init", self.init, "must be 'scratch' or 'pretrained'")
        if self.init == "pretrained" and not self.name:
            raise _fail("model.name", self.name, "a pretrained encoder needs a Hub id or folder")
        for k in ("hidden", "layers", "heads", "vocab_size", "max_position", "relation_type_dim",
                  "relation_ffn_dim"):
            _positive(f"model.{k}", getattr(self, k))
        if self.intermediate is not None:
            _positive("model.intermediate", self.intermediate)
        if self.keep_layers is not None:
            _positive("model.keep_layers", self.keep_layers)
        if self.freeze_layers < 0:
            raise _fail("model.freeze_layers", self.freeze_layers, "must not be negative")
        if self.hidden % self.heads:
            raise _fail("model.hidden", self.hidden, f"must be a multiple of model.heads={self.heads}")
        _unit("model.dropout", self.dropout, closed=False)
        _unit("model.relation_dropout", self.relation_dropout, closed=False)


@dataclass
class DataConfig:
    """Training data: labelled JSONL (ANNOTATION.md) or raw text weak-labelled on the fly."""

    train: str | list[str] | None = None
    train_format: str = "auto"  # auto | labelled | raw
    validation: str | list[str] | None = None  # labelled (gold) JSONL; None -> a split of the training documents
    validation_fraction: float = 0.2
    eval_sets: dict[str, str] = field(default_factory=dict)  # name -> gold JSONL, evaluated at the end
    conll_eval_sets: dict[str, str] = field(default_factory=dict)  # name -> gold CoNLL (word-level scores)
    conll_eval_tail: float = 1.0  # score the last fraction of each CoNLL set (0.2: ANERcorp's held-out fifth)
    conll_label_map: str = "anercorp"  # gold CoNLL tags -> our types
    compare_labeller: bool = False  # also score the weak labeller on every eval set, beside the model
    aggregator: str = "dawid-skene"  # for raw text: the weak labeller's aggregator
    repeat_rare: int = 1  # documents whose labels hold a relation or a WEAPON are trained on this many times
    max_length: int = 256  # subwords per window, special tokens included
    stride: int = 64  # subwords shared by consecutive windows inside a sentence longer than a window
    label_all_subwords: bool = False
    # analyst-reviewed documents (`kashif review import`): each replaces the training document
    # with the same id (or is added), and its words and pairs weigh `reviewed_weight` in the loss
    # where a weak label weighs 1 -- a correction outweighs the labeller it corrects
    reviewed: str | list[str] | None = None
    exclude: list[str] = field(default_factory=list)  # JSONL files whose document ids are never trained on
    # CoNLL text as more unlabelled training text (its tags are never read): documents of
    # `conll_doc_sentences` sentences from the first `conll_head` of each file's sentences
    train_conll: list[str] = field(default_factory=list)
    conll_head: float = 1.0
    conll_doc_sentences: int = 20
    reviewed_weight: float = 3.0
    # self-training (kashif/training/selftrain.py): a trained model folder whose confident predictions
    # fill the gaps of the weak labels; the student trains on `teacher_documents` of the documents
    # (a seeded sample; 0: all of them)
    teacher: str | None = None
    teacher_documents: int = 0
    teacher_min_score: float = 0.5

    def check(self) -> None:
        if self.teacher_documents < 0:
            raise _fail("data.teacher_documents", self.teacher_documents, "must not be negative")
        _unit("data.teacher_min_score", self.teacher_min_score)
        if self.reviewed_weight <= 0:
            raise _fail("data.reviewed_weight", self.reviewed_weight, "must be positive")
        if not self.train:
            raise _fail("data.train", self.train, "name the training data (JSONL or raw corpus)")
        if self.train_format not in ("auto", "labelled", "raw"):
            raise _fail("data.train_format", self.train_format, "must be auto, labelled or raw")
        if self.aggregator not in ("dawid-skene", "majority"):
            raise _fail("data.aggregator", self.aggregator, "must be dawid-skene or majority")
        _unit("data.validation_fraction", self.validation_fraction, closed=False)
        if not 0 < self.conll_head <= 1:
            raise _fail("data.conll_head", self.conll_head, "must be in (0, 1]")
        _positive("data.conll_doc_sentences", self.conll_doc_sentences)
        _positive("data.repeat_rare", self.repeat_rare)
        if not 0 < self.conll_eval_tail <= 1:
            raise _fail("data.conll_eval_tail", self.conll_eval_tail, "must be in (0, 1]")
        if self.max_length < 8:
            raise _fail("data.max_length", self.max_length, "must be at least 8")
        if not 0 <= self.stride < self.max_length - 2:
            raise _fail("data.stride", self.stride, f"must be in [0, max_length - 2 = {self.max_length - 2})")

    @property
    def train_paths(self) -> list[str]:
        return [self.train] if isinstance(self.train, str) else list(self.train or [])

    @property
    def validation_paths(self) -> list[str]:
        return [self.validation] if isinstance(self.validation, str) else list(self.validation or [])

    @property
    def exclude_paths(self) -> list[str]:
        return list(self.exclude)

    @property
    def reviewed_paths(self) -> list[str]:
        return [self.reviewed] if isinstance(self.reviewed, str) else list(self.reviewed or [])


@dataclass
class WeakConfig:
    """How weak-label confidences enter the loss."""

    soft_targets: bool = False  # entity/relation score -> probability of the label, the rest on O/NONE
    weight_by_score: bool = False  # loss weight of a span's words (a relation's pair) = its score
    min_entity_score: float = 0.0  # spans below: their words are left out of the loss
    min_relation_score: float = 0.0  # relations below: the pair is left out of the loss
    o_weight: float = 1.0  # loss weight of words the weak labels leave outside every entity (they miss names)
    none_weight: float = 1.0  # loss weight of candidate pairs the weak labels leave without a relation

    def check(self) -> None:
        _unit("weak.min_entity_score", self.min_entity_score)
        _unit("weak.min_relation_score", self.min_relation_score)
        _unit("weak.o_weight", self.o_weight)
        _unit("weak.none_weight", self.none_weight)


@dataclass
class TrainSection:
    """The optimisation loop."""

    epochs: int = 10
    max_steps: int | None = None  # optimizer steps; stops earlier than epochs when reached
    batch_size: int = 16  # windows per device and micro-batch
    grad_accum: int = 1
    lr: float = 5e-4
    head_lr: float | None = None  # entity and relation heads (default: lr)
    weight_decay: float = 0.01
    warmup_ratio: float = 0.1
    max_grad_norm: float = 1.0
    relation_weight: float = 1.0  # loss = ner + relation_weight * relation
    mixed_precision: str = "no"  # no | bf16 | fp16
    eval_every: int = 0  # optimizer steps between evaluations; 0 = at the end of every epoch
    save_every: int = 0  # optimizer steps between checkpoints; 0 = at the end of every epoch
    log_every: int = 10
    keep_checkpoints: int = 1
    group_by_length: bool = True
    num_workers: int = 0
    resume: bool = False  # continue from the latest checkpoint in run_dir
    run_dir: str | None = None  # checkpoints, tokenizer, data snapshot, logs; default <output_dir>-run
    progress: bool = True

    def check(self) -> None:
        _positive("train.epochs", self.epochs)
        if self.max_steps is not None:
            _positive("train.max_steps", self.max_steps)
        for k in ("batch_size", "grad_accum", "log_every", "keep_checkpoints"):
            _positive(f"train.{k}", getattr(self, k))
        _positive("train.lr", self.lr)
        if self.head_lr is not None:
            _positive("train.head_lr", self.head_lr)
        for k in ("weight_decay", "max_grad_norm", "relation_weight", "eval_every", "save_every", "num_workers"):
            if getattr(self, k) < 0:
                raise _fail(f"train.{k}", getattr(self, k), "must not be negative")
        _unit("train.warmup_ratio", self.warmup_ratio, closed=False)
        if self.mixed_precision not in ("no", "bf16", "fp16"):
            raise _fail("train.mixed_precision", self.mixed_precision, "must be no, bf16 or fp16")


@dataclass
class TrackingConfig:
    # auto: wandb when an API key is configured, else off; wandb: always (offline without a key); none
    report_to: str = "auto"
    project: str = "kashif"
    run_name: str | None = None

    def check(self) -> None:
        if self.report_to not in ("auto", "wandb", "none"):
            raise _fail("tracking.report_to", self.report_to, "must be auto, wandb or none")


@dataclass
class PredictConfig:
    # entity types that `predict` takes from the model; every other type and the relations come
    # from the weak labeller run beside it (kashif.inference.hybrid). Empty: the model alone.
    model_types: list[str] = field(default_factory=list)

    def check(self) -> None:
        from kashif.inference.hybrid import check_types

        try:
            check_types(self.model_types)
        except ValueError as exc:
            raise _fail("predict.model_types", self.model_types, str(exc).split(": ", 1)[-1]) from None


@dataclass
class TrainConfig:
    """The whole training configuration."""

    output_dir: str = "runs/model"  # the final model folder (MODEL_DIR layout)
    seed: int = 42
    model: ModelConfig = field(default_factory=ModelConfig)
    data: DataConfig = field(default_factory=DataConfig)
    weak: WeakConfig = field(default_factory=WeakConfig)
    train: TrainSection = field(default_factory=TrainSection)
    tracking: TrackingConfig = field(default_factory=TrackingConfig)
    predict: PredictConfig = field(default_factory=PredictConfig)

    def check(self) -> TrainConfig:
        """Validate every section; returns self. Raises ValueError naming the key."""
        if not self.output_dir:
            raise _fail("output_dir", self.output_dir, "must name a folder")
        for f in dataclasses.fields(self):
            sub = getattr(self, f.name)
            if dataclasses.is_dataclass(sub):
                sub.check()
        return self

    @property
    def run_dir(self) -> Path:
        return Path(self.train.run_dir) if self.train.run_dir else Path(f"{self.output_dir}-run")

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    @classmethod
    def from_dict(cls, d: dict) -> TrainConfig:
        return _build(cls, d, "").check()


# ------------------------------------------------------------------------------------ helpers


def _positive(key: str, v: float) -> None:
    if v <= 0:
        raise _fail(key, v, "must be positive")


def _unit(key: str, v: float, closed: bool = True) -> None:
    if not (0.0 <= v <= 1.0 if closed else 0.0 <= v < 1.0):
        raise _fail(key, v, "must be in [0, 1]" if closed else "must be in [0, 1)")


def _coerce(key: str, value: Any, tp: Any) -> Any:
    """``value`` checked against the annotation ``tp`` (ints are accepted for floats)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for arm in typing.get_args(tp):
            try:
                return _coerce(key, value, arm)
            except ValueError as exc:
                errors.append(exc)
        raise _fail(key, value, f"expected {_name(tp)}")
    if tp is type(None):
        if value is None:
            return None
        raise _fail(key, value, "expected null")
    if origin is list:
        (arm,) = typing.get_args(tp)
        if not isinstance(value, list):
            raise _fail(key, value, f"expected {_name(tp)}")
        return [_coerce(key, v, arm) for v in value]
    if origin is dict:
        karm, varm = typing.get_args(tp)
        if not isinstance(value, dict):
            raise _fail(key, value, f"expected {_name(tp)}")
        return {_coerce(key, k, karm): _coerce(f"{key}.{k}", v, varm) for k, v in value.items()}
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise _fail(key, value, "expected true or false")
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _fail(key, value, "expected an integer")
    if tp is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):  # YAML 1.1 reads 5e-4 as a string
            try:
                return float(value)
            except ValueError:
                pass
        raise _fail(key, value, "expected a number")
    if tp is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise _fail(key, value, "expected a string")
    raise TypeError(f"unsupported config type {tp!r}")


def _name(tp: Any) -> str:
    return str(tp).replace("typing.", "").replace("<class '", "").replace("'>", "")


def _build(cls: type, d: Any, prefix: str) -> Any:
    where = prefix.rstrip(".") or "config"
    if d is None:
        d = {}
    if not isinstance(d, dict):
        raise _fail(where, d, "expected a mapping of keys to values")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = [k for k in d if k not in names]
    if unknown:
        k = unknown[0]
        raise ValueError(f"unknown config key '{prefix}{k}' (value {d[k]!r}; known in this section: "
                         f"{', '.join(sorted(names))})")
    kwargs = {}
    for name in names & set(d):
        tp = hints[name]
        if dataclasses.is_dataclass(tp):
            kwargs[name] = _build(tp, d[name], f"{prefix}{name}.")
        else:
            kwargs[name] = _coerce(f"{prefix}{name}", d[name], tp)
    return cls(**kwargs)


def apply_override(d: dict, override: str) -> None:
    """Apply ``section.key=value`` (the value is read as YAML: numbers, true/false, null, lists)."""
    if "=" not in override:
        raise ValueError(f"override {override!r}: expected section.key=value")
    key, raw = override.split("=", 1)
    key = key.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    parts = key.split(".")
    if not all(parts):
        raise ValueError(f"override {override!r}: bad key {key!r}")
    node = d
    for p in parts[:-1]:
        nxt = node.setdefault(p, {})
        if not isinstance(nxt, dict):
            raise ValueError(f"override {override!r}: {p!r} is not a section")
        node = nxt
    node[parts[-1]] = value


def load_config(path: str | Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> TrainConfig:
    """Read a YAML config, apply ``section.key=value`` overrides, validate. ValueError on any problem."""
    d: dict = {}
    if path is not None:
        p = Path(path)
        try:
            d = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ValueError(f"config {p}: cannot read ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise ValueError(f"config {p}: invalid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(d, dict):
            raise ValueError(f"config {p}: expected a mapping at the top level")
    for o in overrides:
        apply_override(d, o)
    return TrainConfig.from_dict(d)
