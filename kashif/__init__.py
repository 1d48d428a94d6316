"""Kashif (كاشف): Arabic entity and relation extraction for conflict and security reporting."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Extractor", "Document", "Entity", "Relation", "__version__"]


def __getattr__(name: str):
    # Lazy: importing kashif must not import torch (the weak labeller runs without it).
    if name == "Extractor":
        from kashif.inference.extractor import Extractor

        return Extractor
    if name in ("Document", "Entity", "Relation"):
        from kashif import schema

        return getattr(schema, name)
    raise AttributeError(name)
