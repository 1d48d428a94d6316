"""Inference: :class:`Extractor` (the Python API), the ``predict`` command and the HTML view.

Names are imported lazily so that rendering HTML does not load torch.
"""

from __future__ import annotations

__all__ = ["Extractor", "UnsafeModelError", "check_model_dir", "render_html", "write_html"]


def __getattr__(name: str):
    if name in ("Extractor", "UnsafeModelError", "check_model_dir"):
        from kashif.inference import extractor

        return getattr(extractor, name)
    if name in ("render_html", "write_html"):
        from kashif.inference import html

        return getattr(html, name)
    raise AttributeError(name)
