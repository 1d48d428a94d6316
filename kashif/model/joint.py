"""The joint model: a plain token classifier plus the relation head on its encoder states.

The token classifier is an ordinary ``AutoModelForTokenClassification`` so a saved folder loads in
plain transformers (``pipeline("token-classification", model=DIR)``); the relation head reads the
last hidden states of the same forward pass and is saved beside it as
``relation_head.safetensors`` + ``relation_head.json``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoConfig, AutoModelForTokenClassification, PretrainedConfig, PreTrainedModel
from transformers.utils import ModelOutput
from transformers.utils import logging as hf_logging

from kashif.model.labels import ENTITY_LABELS, entity_label_maps
from kashif.model.loading import ModelLoadError, hub_kwargs, is_local, load_error, looks_like_path
from kashif.model.relation_head import RelationHead, RelationHeadConfig, RelationOutput, soft_cross_entropy

HEAD_WEIGHTS = "relation_head.safetensors"
HEAD_CONFIG = "relation_head.json"
_HUB_FILES = ["*.json", "*.safetensors", "vocab.txt", "*.yaml", "*.md"]


@dataclass
class JointOutput(ModelOutput):
    """``logits``: ``[B, T, n_entity_labels]``; ``relation_logits``: ``[P, n_relation_labels]``.

    ``loss`` is ``ner_loss + relation_weight * relation_loss`` when labels are given, else None.
    """

    loss: torch.Tensor | None = None
    ner_loss: torch.Tensor | None = None
    relation_loss: torch.Tensor | None = None
    logits: torch.Tensor | None = None
    relation_logits: torch.Tensor | None = None
    last_hidden_state: torch.Tensor | None = None


@contextmanager
def _quiet() -> Iterator[None]:
    """No transformers progress bars for one-file saves and loads (they flood training logs)."""
    was = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was:
            hf_logging.enable_progress_bar()


class JointModel(nn.Module):
    """Token classifier + relation head sharing one encoder pass."""

    def __init__(self, token_model: PreTrainedModel, relation_head: RelationHead,
                 relation_weight: float = 1.0) -> None:
        super().__init__()
        self.token_model = token_model
        self.relation_head = relation_head
        self.relation_weight = relation_weight

    # ---------------------------------------------------------------- construction
    @classmethod
    def from_config(cls, encoder_config: PretrainedConfig, relation: dict | None = None) -> JointModel:
        """A randomly initialised model (tiny models trained from scratch)."""
        id2label, label2id = entity_label_maps()
        encoder_config.id2label, encoder_config.label2id = id2label, label2id
        encoder_config.num_labels = len(id2label)
        token_model = AutoModelForTokenClassification.from_config(encoder_config)
        head = RelationHead(RelationHeadConfig(hidden_size=encoder_config.hidden_size, **(relation or {})))
        return cls(token_model, head)

    @classmethod
    def from_encoder(cls, name_or_path: str | os.PathLike, relation: dict | None = None, **kwargs) -> JointModel:
        """Fresh entity and relation heads on a pretrained encoder (e.g. ``aubmindlab/bert-base-arabertv02``)."""
        id2label, label2id = entity_label_maps()
        try:
            config = AutoConfig.from_pretrained(str(name_or_path), **hub_kwargs(name_or_path))
            config.id2label, config.label2id, config.num_labels = id2label, label2id, len(id2label)
            token_model = AutoModelForTokenClassification.from_pretrained(
                str(name_or_path), config=config, **hub_kwargs(name_or_path), **kwargs)
        except (OSError, ValueError) as exc:
            raise load_error(name_or_path, exc) from None
        head = RelationHead(RelationHeadConfig(hidden_size=config.hidden_size, **(relation or {})))
        return cls(token_model, head)

    @classmethod
    def from_pretrained(cls, path_or_hub_id: str | os.PathLike, **kwargs) -> JointModel:
        """Load a Kashif model folder (or Hub repo with the same files); :class:`ModelLoadError` otherwise."""
        path = resolve_model_dir(path_or_hub_id)
        missing = [f for f in ("config.json", HEAD_CONFIG, HEAD_WEIGHTS) if not (path / f).is_file()]
        if missing:
            raise ModelLoadError(f"{path_or_hub_id}: not a Kashif model folder (missing {', '.join(missing)})")
        try:
            with _quiet():
                token_model = AutoModelForTokenClassification.from_pretrained(str(path), **kwargs)
            head = RelationHead(RelationHeadConfig.load(path / HEAD_CONFIG))
            head.load_state_dict(load_file(str(path / HEAD_WEIGHTS)))
        except (OSError, ValueError, RuntimeError, TypeError, SafetensorError) as exc:  # a truncated file
            raise load_error(path, exc) from None
        head.to(dtype=token_model.dtype)
        return cls(token_model, head)

    def save_pretrained(self, out_dir: str | os.PathLike, tokenizer=None) -> Path:
        """Write config.json, model.safetensors, relation_head.* (and the tokenizer when given)."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        with _quiet():
            self.token_model.save_pretrained(str(out))
        state = {k: v.detach().contiguous().cpu() for k, v in self.relation_head.state_dict().items()}
        save_file(state, str(out / HEAD_WEIGHTS), metadata={"format": "pt"})
        self.relation_head.config.save(out / HEAD_CONFIG)
        if tokenizer is not None:
            from kashif.model.tokenizer import save_tokenizer

            save_tokenizer(tokenizer, out)
        return out

    # ---------------------------------------------------------------- properties
    @property
    def entity_labels(self) -> list[str]:
        """IOB2 labels in id order, from the token classifier's config."""
        id2label = self.token_model.config.id2label
        return [id2label[i] for i in range(len(id2label))]

    @property
    def relation_labels(self) -> list[str]:
        return list(self.relation_head.config.labels)

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    # ---------------------------------------------------------------- forward
    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor | None = None,
        token_type_ids: torch.Tensor | None = None,
        labels: torch.Tensor | None = None,
        label_scores: torch.Tensor | None = None,
        label_weights: torch.Tensor | None = None,
        entity_spans: torch.Tensor | None = None,
        entity_types: torch.Tensor | None = None,
        pairs: torch.Tensor | None = None,
        pair_labels: torch.Tensor | None = None,
        pair_scores: torch.Tensor | None = None,
        pair_weights: torch.Tensor | None = None,
    ) -> JointOutput:
        """One encoder pass: token logits, and relation logits for ``pairs`` when spans are given.

        ``labels``/``label_scores``/``label_weights`` are per subword (``-100`` ignored, scores are
        soft-target probabilities of the label, the rest on ``O``); the ``pair_*`` tensors are the
        same for entity pairs (see :meth:`RelationHead.forward`).
        """
        kw = {} if token_type_ids is None else {"token_type_ids": token_type_ids}
        out = self.token_model(input_ids=input_ids, attention_mask=attention_mask,
                               output_hidden_states=True, **kw)
        hidden = out.hidden_states[-1]
        ner_loss = None
        if labels is not None:
            ner_loss = soft_cross_entropy(out.logits, labels, label_scores, label_weights,
                                          none_index=ENTITY_LABELS.index("O"))
        rel = RelationOutput()
        if entity_spans is not None and pairs is not None:
            rel = self.relation_head(hidden, entity_spans, entity_types, pairs, pair_labels, pair_scores,
                                     pair_weights)
        loss = None
        if ner_loss is not None:
            loss = ner_loss if rel.loss is None else ner_loss + self.relation_weight * rel.loss
        return JointOutput(loss=loss, ner_loss=ner_loss, relation_loss=rel.loss, logits=out.logits,
                           relation_logits=rel.logits, last_hidden_state=hidden)


def resolve_model_dir(path_or_hub_id: str | os.PathLike) -> Path:
    """A local folder holding the model: the folder itself, or a Hub snapshot (cache only when offline)."""
    if is_local(path_or_hub_id):
        return Path(path_or_hub_id)
    if looks_like_path(path_or_hub_id):  # a path that is not there is never a Hub id
        raise load_error(path_or_hub_id, FileNotFoundError(path_or_hub_id))
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(str(path_or_hub_id), allow_patterns=_HUB_FILES,
                                      **hub_kwargs(path_or_hub_id)))
    except (OSError, ValueError) as exc:  # includes HF errors (HfHubHTTPError, HFValidationError ...)
        raise load_error(path_or_hub_id, exc) from None
