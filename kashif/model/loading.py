"""Where a model or tokenizer comes from, and one clear error when it cannot be had.

A name that is not a local folder is a Hub id. Whether the Hub can be reached is decided fast
(``HF_HUB_OFFLINE`` or a 2-second connection attempt) so that an offline machine gets one line
naming the offline config instead of a long retry loop and a traceback.
"""

from __future__ import annotations

import os
import socket
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

OFFLINE_CONFIG = "configs/tiny-cpu.yaml"
_TRUE = {"1", "true", "yes", "on"}


class ModelLoadError(OSError):
    """A model or tokenizer cannot be loaded; the message says why and what to do."""


def hub_offline() -> bool:
    """True when the environment asks for offline mode (``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE``)."""
    return any(os.environ.get(v, "").strip().lower() in _TRUE for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


@lru_cache(maxsize=4)
def _reachable(host: str, port: int, timeout: float) -> bool:
    ok: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                ok.append(True)
        except OSError:
            pass

    # name resolution ignores socket timeouts, so the probe runs in a thread we stop waiting for
    t = threading.Thread(target=probe, daemon=True)
    t.start()
    t.join(timeout)
    return bool(ok)


def hub_reachable(timeout: float = 2.0) -> bool:
    """True when offline mode is off and the Hub endpoint accepts a TCP connection within ``timeout``."""
    if hub_offline():
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    return _reachable(url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80), timeout)


def is_local(name_or_path: str | os.PathLike) -> bool:
    """True when ``name_or_path`` is an existing local folder."""
    return Path(name_or_path).is_dir()


def looks_like_path(name_or_path: str | os.PathLike) -> bool:
    """True when ``name_or_path`` cannot be a Hub id (``owner/name``) and so means a local path:
    it exists, starts with ``.``, ``/`` or ``~``, holds a backslash or more than one ``/``, or
    ends like a file."""
    name = str(name_or_path)
    return (Path(name).exists() or name.startswith((".", "/", "~")) or "\\" in name or name.count("/") > 1
            or name.endswith((".json", ".yaml", ".yml", ".safetensors", ".txt")))


def hub_kwargs(name_or_path: str | os.PathLike) -> dict:
    """Extra ``from_pretrained`` kwargs: a Hub id on an offline machine reads the local cache only."""
    if is_local(name_or_path) or hub_reachable():
        return {}
    return {"local_files_only": True}


def load_error(name_or_path: str | os.PathLike, exc: BaseException) -> ModelLoadError:
    """The :class:`ModelLoadError` for a failed load of ``name_or_path``."""
    name = str(name_or_path)
    if is_local(name):
        return ModelLoadError(f"{name}: not a loadable model folder ({_short(exc)})")
    if Path(name).exists():
        return ModelLoadError(f"{name}: not a model folder")
    if looks_like_path(name):
        where = "" if Path(name).expanduser().is_absolute() else f" (relative to {Path.cwd()})"
        return ModelLoadError(f"{name}: no such model folder{where}")
    if not hub_reachable():
        why = "HF_HUB_OFFLINE is set" if hub_offline() else "no connection"
        return ModelLoadError(
            f"cannot load {name!r}: no such local folder, and the Hugging Face Hub cannot be reached "
            f"({why}) and it is not in the local cache; train offline from scratch with {OFFLINE_CONFIG}")
    return ModelLoadError(f"cannot load {name!r} from the Hugging Face Hub ({_short(exc)})")


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0][:200] if msg else type(exc).__name__
