"""The packaged inference wrapper: ``Extractor.from_pretrained(M).extract(texts)``.

A thin, safe front over :func:`kashif.model.predict.predict_documents` (the one forward and
decoding path, shared with training evaluation). What it adds: loading from a folder or a Hub id
with safetensors only (pickled weights and remote code are refused), device choice, optional
dynamic int8 quantisation on CPU, the window settings the model was trained with, streaming in
chunks (so a caller can write documents as they are done), CoNLL tagging, and the hybrid of the
model and the weak labeller that a model folder may ask for (:mod:`kashif.inference.hybrid`).
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import overload

import torch
import yaml
from torch import nn

from kashif.bio import spans_to_bio
from kashif.corpus import ConllSentence, conll_to_doc
from kashif.inference.hybrid import HYBRID_FILE, check_types, combine, combine_tags, read_model_types
from kashif.model import JointModel, ModelLoadError, load_tokenizer
from kashif.model.encoding import SubwordCache
from kashif.model.joint import resolve_model_dir
from kashif.model.predict import predict_documents
from kashif.schema import Document
from kashif.text import Token

log = logging.getLogger(__name__)

#: weight files that unpickle (arbitrary code on load): a model folder holding one is refused
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")
#: a model folder's tokenizer: either file is enough (a fast tokenizer, or a WordPiece vocabulary)
TOKENIZER_FILES = frozenset({"tokenizer.json", "vocab.txt"})
DEFAULT_MAX_LENGTH = 256
DEFAULT_STRIDE = 64
_CHUNK_DOCS = 64  # documents per predict_documents call when streaming


class UnsafeModelError(ModelLoadError):
    """A model folder that could run code when loaded (pickled weights, remote code)."""


def check_model_dir(path: str | os.PathLike) -> None:
    """Raise :class:`UnsafeModelError` unless ``path`` holds safetensors weights and nothing that
    executes code on load: no pickled weights (``*.bin``, ``*.pt``, ``*.pkl``, ``*.ckpt`` ...), no
    Python files, no ``auto_map`` (remote code) in ``config.json`` or ``tokenizer_config.json``;
    :class:`ModelLoadError` when the weights or the tokenizer (``tokenizer.json`` or ``vocab.txt``)
    are missing."""
    path = Path(path)
    files = [f for f in path.iterdir() if f.is_file()]  # from_pretrained reads the top level only
    pickled = sorted(f.name for f in files if f.suffix.lower() in PICKLE_SUFFIXES)
    if pickled:
        raise UnsafeModelError(f"{path}: refusing pickled weights ({', '.join(pickled[:3])}); "
                               "only safetensors are loaded")
    code = sorted(f.name for f in files if f.suffix == ".py")
    if code:
        raise UnsafeModelError(f"{path}: refusing a model folder with Python code ({', '.join(code[:3])})")
    for name in ("config.json", "tokenizer_config.json"):
        cfg = path / name
        if cfg.is_file():
            try:
                data = json.loads(cfg.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ModelLoadError(f"{cfg}: not readable JSON ({exc})") from None
            if isinstance(data, dict) and "auto_map" in data:
                raise UnsafeModelError(f"{cfg}: refusing remote code (auto_map); Kashif models need none")
    if not any(f.suffix == ".safetensors" for f in files):
        raise ModelLoadError(f"{path}: no safetensors weights (model.safetensors) found")
    names = {f.name for f in files}
    # without its own vocabulary a folder may still load (a tokenizer from elsewhere) and tag the
    # wrong subwords: a fast tokenizer (tokenizer.json) or a WordPiece vocabulary (vocab.txt) must be there
    if not names & TOKENIZER_FILES:
        raise ModelLoadError(f"{path}: incomplete model folder, the tokenizer is missing "
                             f"(expected {' or '.join(sorted(TOKENIZER_FILES))})")


def resolve_device(device: str | torch.device = "auto") -> torch.device:
    """``"auto"`` -> CUDA when available, else CPU; a CUDA request without CUDA is a ``ValueError``."""
    if str(device) == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(f"unknown device {device!r} (expected auto, cpu, cuda or cuda:N)") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {device!r} requested but CUDA is not available; use --device cpu")
    return dev


def quantize_dynamic_int8(model: nn.Module) -> nn.Module:
    """Dynamic int8 quantisation of every ``nn.Linear`` (weights int8, activations quantised on
    the fly): the usual CPU speed-up for BERT-sized encoders. CPU only."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization announces its move to torchao
        return torch.ao.quantization.quantize_dynamic(model, {nn.Linear}, dtype=torch.qint8)


def _trained_windows(path: Path) -> tuple[int, int]:
    """``(max_length, stride)`` from the saved training config, so inference reads windows as the
    model was trained on them; the defaults when the folder has none."""
    max_length, stride = DEFAULT_MAX_LENGTH, DEFAULT_STRIDE
    cfg = path / "kashif_config.yaml"
    if cfg.is_file():
        try:
            data = (yaml.safe_load(cfg.read_text(encoding="utf-8")) or {}).get("data") or {}
            max_length = int(data.get("max_length", max_length))
            stride = int(data.get("stride", stride))
        except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError):
            log.warning("%s: unreadable; using max_length=%d stride=%d", cfg, max_length, stride)
    return max_length, stride


class Extractor:
    """Entities and relations of Arabic text with a trained Kashif model.

    >>> ex = Extractor.from_pretrained("runs/tiny/model")       # doctest: +SKIP
    >>> doc = ex.extract("استخدم تنظيم داعش غاز الكلور في سوريا")  # doctest: +SKIP
    >>> [(e.type, e.text, e.score) for e in doc.entities]       # doctest: +SKIP
    """

    def __init__(self, model: JointModel, tokenizer, *, device: str | torch.device = "auto",
                 max_length: int = DEFAULT_MAX_LENGTH, stride: int = DEFAULT_STRIDE,
                 quantize: bool = False, dtype: torch.dtype | None = None,
                 model_types: Sequence[str] = ()) -> None:
        self.device = resolve_device(device)
        self.model_types = check_types(model_types)
        if quantize and self.device.type != "cpu":
            raise ValueError("int8 quantisation (--quantize) runs on CPU only; use --device cpu")
        model.eval()
        if quantize:
            model = quantize_dynamic_int8(model)
        else:
            if dtype is None and self.device.type == "cuda" and torch.cuda.is_bf16_supported():
                dtype = torch.bfloat16  # half the memory traffic, tensor cores; scores are computed in fp32
            model = model.to(device=self.device, dtype=dtype) if dtype else model.to(self.device)
        self.model = model
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.stride = stride
        self.quantized = quantize
        self.subwords = SubwordCache(tokenizer)  # each distinct word is tokenised once, across calls
        self.labeller = None  # hybrid only: the weak labeller, fitted on the first texts (fit_labeller)

    @property
    def hybrid(self) -> bool:
        """True when entities of some types come from the weak labeller run beside the model."""
        return bool(self.model_types)

    def fit_labeller(self, texts: Iterable[str]) -> None:
        """Hybrid only: fit the weak labeller's label models on ``texts`` (unlabelled). Without
        this call, the first texts given to :meth:`extract` are its fit sample."""
        from kashif.weak.labeller import WeakLabeller

        self.labeller = WeakLabeller().fit(texts)

    def clear_cache(self) -> None:
        """Forget the memoised subwords of words seen so far (memory; cold-start timings)."""
        self.subwords = SubwordCache(self.tokenizer)

    @classmethod
    def from_pretrained(cls, path_or_hub_id: str | os.PathLike, device: str | torch.device = "auto", *,
                        quantize: bool = False, max_length: int | None = None, stride: int | None = None,
                        dtype: torch.dtype | None = None, hybrid: bool | None = None) -> Extractor:
        """Load a model folder or Hub id (``owner/name``: safetensors, JSON and tokenizer files only).

        Raises :class:`kashif.model.ModelLoadError` with a one-line message when the model cannot
        be had (offline: naming ``configs/tiny-cpu.yaml``) or is unsafe (:class:`UnsafeModelError`),
        and ``ValueError`` for a device that does not exist here.

        ``hybrid``: None follows the folder (its ``hybrid.json`` names the entity types the model
        contributes; the weak labeller gives the rest and the relations), False is the model alone.
        """
        dev = resolve_device(device)  # fail on a bad device before any loading work
        path = resolve_model_dir(path_or_hub_id)
        check_model_dir(path)
        model = JointModel.from_pretrained(path, use_safetensors=True)
        tokenizer = load_tokenizer(path)
        trained_len, trained_stride = _trained_windows(path)
        try:
            types = read_model_types(path) if hybrid is not False else ()
        except ValueError as exc:
            raise ModelLoadError(str(exc)) from None
        if hybrid and not types:
            raise ModelLoadError(f"{path}: no {HYBRID_FILE}: this model has no hybrid setting")
        return cls(model, tokenizer, device=dev, max_length=max_length or trained_len,
                   stride=trained_stride if stride is None else stride, quantize=quantize, dtype=dtype,
                   model_types=types)

    # ------------------------------------------------------------------------------- extraction
    @overload
    def extract(self, texts: str, *, batch_size: int = ..., ids: None = ..., relations: bool = ...) -> Document: ...

    @overload
    def extract(self, texts: Sequence[str], *, batch_size: int = ..., ids: Sequence[str] | None = ...,
                relations: bool = ...) -> list[Document]: ...

    def extract(self, texts, *, batch_size: int = 16, ids=None, relations: bool = True):
        """One :class:`Document` for a string, a list for a list of strings (ids default to
        ``doc-1``, ``doc-2`` ...). Entities carry offsets into the given text, ``norm`` and a
        score; relations a score (``relations=False`` skips them)."""
        if isinstance(texts, str):
            return self._predict([texts], [ids or "doc-1"], batch_size, relations)[0]
        if not isinstance(texts, Iterable):
            raise TypeError(f"extract() expects a string or a list of strings, not {type(texts).__name__}")
        texts = list(texts)
        bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
        if bad:
            raise TypeError(f"extract() expects a string or a list of strings; the list holds a {bad[0]}")
        ids = list(ids) if ids is not None else [f"doc-{i + 1}" for i in range(len(texts))]
        return self._predict(texts, ids, batch_size, relations)

    def iter_extract(self, texts: Iterable[str], ids: Iterable[str], *, batch_size: int = 16,
                     relations: bool = True, chunk_docs: int = _CHUNK_DOCS) -> Iterator[Document]:
        """Documents in input order, predicted ``chunk_docs`` at a time, so a caller can write each
        chunk as soon as it is done and memory stays bounded on large corpora."""
        buf_t: list[str] = []
        buf_i: list[str] = []
        for text, doc_id in zip(texts, ids):
            buf_t.append(text)
            buf_i.append(doc_id)
            if len(buf_t) >= chunk_docs:
                yield from self._predict(buf_t, buf_i, batch_size, relations)
                buf_t, buf_i = [], []
        if buf_t:
            yield from self._predict(buf_t, buf_i, batch_size, relations)

    def extract_conll(self, sentences: Sequence[ConllSentence], *, batch_size: int = 16) -> list[list[str]]:
        """IOB2 tags (our 7 types) for every token of every CoNLL sentence.

        The sentences are joined into one text (:func:`kashif.corpus.conll_to_doc`, one sentence
        per line), read like any document, and each predicted span tags the tokens it overlaps.
        """
        sentences = list(sentences)
        if not sentences:
            return []
        raw, offsets = conll_to_doc(sentences, "conll")
        doc = predict_documents(self.model, self.tokenizer, [raw.text], [raw.id], batch_size=batch_size,
                                max_length=self.max_length, stride=self.stride, relations=False,
                                device=self.device, subwords=self.subwords)[0]
        spans = [(e.start, e.end, e.type) for e in doc.entities]  # sorted by start
        tags: list[list[str]] = []
        k = 0
        for sent, offs in zip(sentences, offsets):
            lo = k
            while k < len(spans) and spans[k][0] < offs[-1][1]:
                k += 1
            toks = [Token(s, e, t, "word") for (s, e), t in zip(offs, sent.tokens)]
            tags.append(spans_to_bio(toks, spans[lo:k]) if k > lo else ["O"] * len(toks))
        if self.hybrid:
            from kashif.weak.labeller import WeakLabeller

            # the fitted labeller when there is one; else one fitted on these sentences, not kept
            # (it skips relations, which later documents need)
            labeller = self.labeller or WeakLabeller(relations=False)
            tags = [combine_tags(w, m, self.model_types) for w, m in zip(labeller.label_conll(sentences), tags)]
        return tags

    def _predict(self, texts: list[str], ids: list[str], batch_size: int, relations: bool) -> list[Document]:
        docs = predict_documents(self.model, self.tokenizer, texts, ids, batch_size=batch_size,
                                 max_length=self.max_length, stride=self.stride, relations=relations,
                                 device=self.device, subwords=self.subwords)
        if not self.hybrid:
            return docs
        from kashif.corpus import RawDoc

        if self.labeller is None:  # fitted on its first input
            from kashif.weak.labeller import WeakLabeller

            self.labeller = WeakLabeller()
        weak = self.labeller.label_corpus([RawDoc(i, t) for i, t in zip(ids, texts)])
        if not relations:
            weak = [replace(w, relations=()) for w in weak]
        return [combine(w, m, self.model_types) for w, m in zip(weak, docs)]

    def __repr__(self) -> str:
        q = ", int8" if self.quantized else ""
        q += f", hybrid: {'+'.join(self.model_types)} from the model" if self.hybrid else ""
        return f"Extractor(device={self.device}{q}, max_length={self.max_length}, stride={self.stride})"
