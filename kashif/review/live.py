"""A running Label Studio server, through ``label-studio-sdk`` (``pip install 'kashif[review]'``).

``push`` creates the project (Kashif's labelling config) unless one with that title exists, and
imports tasks with their pre-annotations; ``pull`` downloads the project's JSON export of the
annotated tasks. Every failure (SDK missing, server unreachable, bad token, API error) is a
:class:`LiveError` with a one-line message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence


class LiveError(RuntimeError):
    """The server could not be used; the message says why, in one line."""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


def connect(url: str, api_key: str):
    """A client for the server at ``url`` with ``api_key`` (a legacy token or a personal access
    token); checks the key with one request."""
    try:
        from label_studio_sdk import LabelStudio
    except ImportError:
        raise LiveError("label-studio-sdk is not installed: pip install 'kashif[review]'") from None
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per request otherwise
    try:
        client = LabelStudio(base_url=url.rstrip("/"), api_key=api_key, timeout=60)
        client.users.whoami()
    except Exception as exc:  # httpx or API errors of any kind: report, never a traceback
        raise LiveError(f"cannot use the Label Studio server at {url} ({_one_line(exc)})") from None
    return client


def find_project(client, title: str) -> int | None:
    """The id of the project titled ``title`` (None when there is none)."""
    try:
        for p in client.projects.list(title=title):
            if p.title == title:
                return int(p.id)
    except Exception as exc:
        raise LiveError(f"cannot list projects ({_one_line(exc)})") from None
    return None


def push(client, title: str, tasks: Sequence[dict], label_config: str) -> tuple[int, int]:
    """Import ``tasks`` into the project ``title`` (created with ``label_config`` when missing);
    returns ``(project id, tasks imported)``."""
    pid = find_project(client, title)
    try:
        if pid is None:
            pid = int(client.projects.create(title=title, label_config=label_config).id)
        resp = client.projects.import_tasks(id=pid, request=list(tasks), return_task_ids=True)
    except Exception as exc:
        raise LiveError(f"cannot import tasks into project {title!r} ({_one_line(exc)})") from None
    n = getattr(resp, "task_count", None)
    return pid, int(n) if n is not None else len(tasks)


def pull(client, title: str) -> list:
    """The JSON export (annotated tasks) of the project ``title``."""
    pid = find_project(client, title)
    if pid is None:
        raise LiveError(f"no project titled {title!r} on the server")
    try:
        raw = b"".join(client.projects.exports.download_sync(pid, export_type="JSON"))
        tasks = json.loads(raw.decode("utf-8"))
    except Exception as exc:
        raise LiveError(f"cannot export project {title!r} ({_one_line(exc)})") from None
    if not isinstance(tasks, list):
        raise LiveError(f"the export of project {title!r} is not a list of tasks")
    return tasks
