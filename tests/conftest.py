"""Shared fixtures: the seed articles and a tiny untrained model folder built from them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# No network in tests: the Hub and wandb are offline whatever the caller's environment says.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["WANDB_MODE"] = "offline"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "data" / "raw" / "seeds"
GOLD_DIR = REPO.parent / "shared" / "data" / "gold"


@pytest.fixture(scope="session")
def seed_texts() -> list[str]:
    """The texts of the five seed articles, in file-name order."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory, seed_texts: list[str]) -> Path:
    """A complete, untrained MODEL_DIR (tiny BERT, WordPiece trained on the seeds), built once."""
    from kashif.model.tiny import build_tiny_model_dir

    return build_tiny_model_dir(tmp_path_factory.mktemp("tiny") / "model", seed_texts)


@pytest.fixture(scope="session")
def person_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with its classifier fixed to say B-PER for every subword: predictable output."""
    import torch

    from kashif.model import JointModel, load_tokenizer
    from kashif.model.labels import ENTITY_LABELS

    model = JointModel.from_pretrained(tiny_model_dir)
    with torch.no_grad():
        model.token_model.classifier.weight.zero_()
        model.token_model.classifier.bias.fill_(0.0)
        model.token_model.classifier.bias[ENTITY_LABELS.index("B-PER")] = 5.0
    out = tmp_path_factory.mktemp("person") / "model"
    model.save_pretrained(out, tokenizer=load_tokenizer(tiny_model_dir))
    return out
