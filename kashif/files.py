"""Atomic output: files and folders are written to a temporary sibling that is renamed into place,
so a crash, a full disk or Ctrl-C never leaves a half-written output where one was expected."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def share_files(root: str | os.PathLike) -> None:
    """Give ``root`` (a file, or every file under a folder) the ordinary mode of a new file
    (``0666`` less the umask, usually ``0644``). Writers that go through a private temporary file
    (safetensors, ``mkstemp``) leave ``0600``, which makes a shared model folder unreadable to others."""
    root = Path(root)
    mode = 0o666 & ~_umask()
    for f in [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        os.chmod(f, mode)


def check_writable(path: str | os.PathLike, *, folder: bool = False) -> None:
    """Raise ``OSError`` (with ``strerror``) unless an output file or folder can be written at
    ``path`` by the helpers here (``-`` is standard output and always passes).

    Called before the work, so a read-only place is found before a large corpus is processed,
    not after. Nothing is left behind: a probe file is created beside ``path`` and removed, and
    missing parent folders are not created.
    """
    if str(path) == "-":
        return
    path = Path(path)
    if path.is_dir() and not folder:
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    parent = path.parent
    while not parent.exists() and parent != parent.parent:  # the nearest folder that exists
        parent = parent.parent
    if not parent.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "a parent is not a folder", str(parent))
    fd, probe = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".probe")
    os.close(fd)
    os.unlink(probe)


def write_text(path: str | os.PathLike, chunks: str | Iterable[str]) -> None:
    """Write text (one string or an iterable of chunks, UTF-8) to ``path`` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if isinstance(chunks, str):
                fh.write(chunks)
            else:
                fh.writelines(chunks)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(obj, path: str | os.PathLike) -> None:
    """Write ``obj`` as indented UTF-8 JSON to ``path`` atomically."""
    write_text(path, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


@contextmanager
def atomic_dir(target: str | os.PathLike) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target``; on success it replaces ``target``.

    On any exception (a full disk, Ctrl-C) the temporary folder is removed and ``target`` is left
    as it was, so a crash never leaves a half-written folder behind.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.tmp-"))
    try:
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it private; the result is an ordinary folder
        yield tmp
        share_files(tmp)
        old = None
        if target.exists():
            old = target.parent / f".{target.name}.old-{os.getpid()}"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


class StreamOutput:
    """Text written as it is produced: to standard output (``"-"``), or to a temporary file beside
    ``target`` that :meth:`commit` renames into place, so ``target`` is never half-written. After an
    interruption :meth:`keep_partial` keeps what was written as ``TARGET.partial``."""

    def __init__(self, target: str | os.PathLike) -> None:
        self.target = str(target)
        self.tmp: Path | None = None
        self.fh: TextIO
        if self.target == "-":
            self.fh = sys.stdout
        else:
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            self.tmp = Path(tmp)
            self.fh = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, chunk: str) -> None:
        self.fh.write(chunk)

    def writelines(self, chunks: Iterable[str]) -> None:
        self.fh.writelines(chunks)

    def flush(self) -> None:
        self.fh.flush()

    def commit(self) -> None:
        """Finish: flush standard output, or rename the temporary file onto the target."""
        if self.tmp is None:
            self.fh.flush()
            return
        self.fh.close()
        os.chmod(self.tmp, 0o666 & ~_umask())  # mkstemp makes it private; outputs are ordinary files
        os.replace(self.tmp, self.target)

    def keep_partial(self) -> str | None:
        """After an interruption: keep what was written as ``TARGET.partial`` (None for stdout)."""
        if self.tmp is None:
            return None
        self.fh.close()
        partial = f"{self.target}.partial"
        os.chmod(self.tmp, 0o666 & ~_umask())
        os.replace(self.tmp, partial)
        return partial

    def discard(self) -> None:
        """After a failure: remove the temporary file (the target is left as it was)."""
        if self.tmp is not None:
            self.fh.close()
            self.tmp.unlink(missing_ok=True)
