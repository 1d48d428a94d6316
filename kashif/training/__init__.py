"""Training: ``train(cfg) -> TrainResult`` over a typed config from ``load_config(path, overrides)``."""

from kashif.training.config import TrainConfig, load_config
from kashif.training.data import DataError
from kashif.training.loop import TrainingError, TrainResult, evaluate, train

__all__ = ["DataError", "TrainConfig", "TrainResult", "TrainingError", "evaluate", "load_config", "train"]
