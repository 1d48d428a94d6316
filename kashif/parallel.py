"""Corpus-scale plumbing shared by ``kashif label``, ``kashif data`` and ``predict``: documents in
chunks, chunks mapped over worker processes in input order with bounded memory, a progress bar.

Workers are forked, so they inherit whatever the parent built before :func:`map_ordered` was
called (a fitted labeller, its gazetteer automata) without pickling it; only chunks of input and
their results cross the process boundary.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


@contextlib.contextmanager
def no_gc_pauses():
    """Labelling allocates millions of small objects and frees almost none until it ends, so
    the cyclic garbage collector's passes are pure overhead (about a quarter of the run time on
    ANERcorp); reference counting still frees everything acyclic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def default_num_proc() -> int:
    """The CPU cores this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    chunk: list[T] = []
    for x in items:
        chunk.append(x)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle (it keeps the .partial output); workers just stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_worker(initializer: Callable | None, initargs: tuple) -> None:
    _ignore_sigint()
    if initializer is not None:
        initializer(*initargs)


def map_ordered(fn: Callable[[T], R], chunks: Iterable[T], num_proc: int = 1, *, start_method: str = "fork",
                initializer: Callable | None = None, initargs: tuple = ()) -> Iterator[R]:
    """``fn`` over ``chunks`` in input order, on ``num_proc`` worker processes (in this process
    when 1). At most ``2 * num_proc`` chunks are in flight, so memory does not grow with the
    input; results come back in input order whatever order the workers finish in.

    ``fn`` must be a module-level function (it is pickled by reference). Forked workers inherit
    the state set in a module global before the call; spawned ones (``start_method="spawn"``)
    build it in ``initializer(*initargs)``, run once per worker."""
    if num_proc <= 1:
        yield from map(fn, chunks)
        return
    import multiprocessing as mp  # here: one process never pays for the import

    ctx = mp.get_context(start_method)
    with ctx.Pool(num_proc, initializer=_start_worker, initargs=(initializer, initargs)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(fn, (chunk,)))
            if len(pending) >= 2 * num_proc:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class _NoBar:
    """What :func:`progress` returns when there is nothing to show (tqdm is not even imported)."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc) -> None:
        pass


def progress(total: int | None, unit: str = "doc", quiet: bool = False, desc: str | None = None):
    """A tqdm bar (rate and ETA) on standard error; nothing with ``quiet`` or when standard error
    is not a terminal (a log file gets the one summary line instead)."""
    if quiet or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, desc=desc, dynamic_ncols=True, smoothing=0.1, file=sys.stderr)
