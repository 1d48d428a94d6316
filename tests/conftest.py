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
