"""Weak labelling on a Ray cluster with Ray Data: the labeller of ``kashif label``, the same fit
sample, the same labels, for corpora that outgrow one machine.

    pip install 'kashif[ray]'
    kashif label --ray auto --input shards/ --output labelled/            # Parquet shards
    kashif label --ray auto --input corpus.jsonl --output out/ --ray-format jsonl

or from Python::

    from kashif.distributed import label_dataset
    label_dataset(["s1.parquet", "s2.parquet"], "labelled/", address="auto", num_workers=64)

What runs where: input shards (JSONL with ``id``/``text`` per line, or Parquet with ``id`` and
``text`` columns; a file, a folder of them, or a list) are read into a Ray Dataset in blocks of
``block_docs`` documents; each row gets its sample key (:func:`kashif.weak.stream.sample_key`),
every block keeps its ``fit_sample`` smallest, and the driver takes the smallest of those: the
bottom-k sample that one process draws. The labelling functions of the fit run as Ray tasks over
chunks of the sample; the driver fits the label models (EM) between their two steps and labels
the sample's documents from their work, so no document is labelled twice. Then one task per
block labels it with the fitted labeller (fetched once per worker process) and writes it, as
Parquet (columns ``id``, ``text``, ``entities``, ``relations``, as in ANNOTATION.md) or JSONL,
one shard per block; shards sorted by name are in input order, and their lines are those one
process writes. The output folder is written beside and renamed into place at the end, with a
``_manifest.json`` (provenance, counts, seconds per step). Counts and the LF analysis (``kashif
label --report``) reach the driver through a small actor. A document that cannot be read or
labelled is logged and skipped.

Not here: ``--shard-size``/``--resume`` (refused with ``--ray``: the output is written whole or
not at all; Ray retries failed tasks itself), and the duplicate-id check of the local reader
(ids must be unique across shards).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from kashif.corpus import RawDoc

log = logging.getLogger(__name__)

FORMATS = ("parquet", "jsonl")
#: documents per Ray Data block, the unit of work of a labelling task (a second or so of CPU):
#: small enough that the workers finish together, large enough that scheduling costs nothing
BLOCK_DOCS = 256
#: documents per task of the two passes that draw the sample
SAMPLE_BATCH = 16384


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ImportError("Ray is not installed: pip install 'kashif[ray]'") from None
    return ray


def _schema():
    import pyarrow as pa

    entity = pa.struct([("id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("type", pa.string()),
                        ("text", pa.string()), ("norm", pa.string()), ("score", pa.float64())])
    relation = pa.struct([("head", pa.string()), ("tail", pa.string()), ("type", pa.string()),
                          ("score", pa.float64())])
    return pa.schema([("id", pa.string()), ("text", pa.string()), ("entities", pa.list_(entity)),
                      ("relations", pa.list_(relation))])


def _input_files(paths: str | Sequence[str]) -> list[str]:
    """Shard files: files as given, folders expanded to their ``.jsonl`` / ``.parquet`` files."""
    out: list[str] = []
    for p in [paths] if isinstance(paths, str | Path) else paths:
        p = Path(p)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.iterdir()) if f.suffix in (".jsonl", ".parquet") and f.is_file())
        elif p.is_file():
            out.append(str(p))
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    if not out:
        raise FileNotFoundError(f"{paths}: no .jsonl or .parquet shards")
    kinds = {Path(f).suffix for f in out}
    if len(kinds) > 1 or kinds - {".jsonl", ".parquet"}:
        raise ValueError(f"{paths}: expected only .jsonl or only .parquet shards, got {sorted(kinds)}")
    return out


def _arabic(docs, where: str, ids: list, texts: list) -> None:
    from kashif.text import has_arabic

    for d in docs:
        if has_arabic(d.text):
            ids.append(d.id)
            texts.append(d.text)
        else:
            log.warning("%s: document %r holds no Arabic text; skipped", where, d.id)


def _parse_jsonl(batch: dict) -> dict:
    """Whole JSONL shards (``path``, ``bytes``) -> ``id``/``text`` rows, read as ``kashif label``
    reads a JSONL file (:func:`kashif.corpus.read_corpus`: split on newlines only, each line
    decoded on its own); bad lines are logged with their file and line and skipped."""
    from kashif.corpus import _jsonl_docs

    ids: list[str] = []
    texts: list[str] = []
    for path, data in zip(batch["path"], batch["bytes"]):
        _arabic(_jsonl_docs(io.BytesIO(data), str(path), log.warning), str(path), ids, texts)
    return {"id": ids, "text": texts}


def _check_rows(batch: dict) -> dict:
    """Parquet rows -> the rows with a usable Arabic ``text``; the others are logged and skipped."""
    from kashif.corpus import _check_text

    ids: list[str] = []
    texts: list[str] = []
    for i, t, path in zip(batch["id"], batch["text"], batch["path"]):
        if not isinstance(t, str):
            log.warning("%s: document %r: 'text' is not a string; skipped", path, i)
        elif _check_text(str(i), t, str(path), log.warning):
            _arabic([RawDoc(str(i), t)], str(path), ids, texts)
    return {"id": ids, "text": texts}


def _settle_http_import() -> None:
    """Ray Data (2.60) resolves input paths on several threads, each importing fsspec's HTTP
    filesystem to test for it; without aiohttp that import fails, and a thread that meets another
    thread's half-done import gets an ImportError Ray does not catch: ``read_parquet`` failed about
    one run in three here. Failing the import once, for good, makes every thread see the
    ModuleNotFoundError Ray expects (the HTTP filesystem cannot be used without aiohttp anyway)."""
    try:
        import fsspec.implementations.http  # noqa: F401
    except ModuleNotFoundError:
        sys.modules["fsspec.implementations.http"] = None  # type: ignore[assignment]
    except ImportError:
        pass


def read_documents(paths: str | Sequence[str], block_docs: int = BLOCK_DOCS):
    """A Ray Dataset of ``id``/``text`` rows from JSONL or Parquet shards, in blocks of at most
    ``block_docs`` documents. A JSONL shard is read whole by one task (keep shards to a few hundred
    MB); a Parquet shard by row groups."""
    ray = _ray()
    files = _input_files(paths)
    _settle_http_import()
    if files[0].endswith(".parquet"):
        ds = ray.data.read_parquet(files, columns=["id", "text"], include_paths=True)
        ds = ds.map_batches(_check_rows, batch_format="numpy")
    else:
        ds = ray.data.read_binary_files(files, include_paths=True).map_batches(_parse_jsonl, batch_size=1,
                                                                               batch_format="numpy")
    return ds.repartition(target_num_rows_per_block=block_docs)


def _keys(batch: dict, seed: int):
    import numpy as np

    from kashif.weak.stream import sample_key

    return np.array([sample_key(str(i), seed) for i in batch["id"]], dtype=np.uint64)


def _sample_keys(batch: dict, seed: int) -> dict:
    return {"key": _keys(batch, seed)}


def _keys_up_to(batch: dict, seed: int, limit: int) -> dict:
    keys = _keys(batch, seed)
    keep = keys <= limit
    return {"key": keys[keep], "id": batch["id"][keep], "text": batch["text"][keep]}


def draw_sample(ds, n: int, seed: int) -> tuple[list[RawDoc], int]:
    """The bottom-``n`` sample of a Ray Dataset (the documents :func:`kashif.weak.stream.draw_sample`
    draws from the same corpus), in key order, and the number of rows. Two passes: every row's
    key (8 bytes a document reach the driver), then the rows up to the ``n``-th smallest key."""
    import numpy as np

    # batches of many blocks: a Ray Data task costs tens of milliseconds, hashing ids next to nothing
    keyed = ds.map_batches(_sample_keys, fn_kwargs={"seed": seed}, batch_size=SAMPLE_BATCH, batch_format="numpy")
    parts = [b["key"] for b in keyed.iter_batches(batch_size=None, batch_format="numpy")]
    keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    if not len(keys) or n <= 0:
        return [], len(keys)
    limit = int(np.partition(keys, n - 1)[n - 1]) if len(keys) > n else int(keys.max())
    small = ds.map_batches(_keys_up_to, fn_kwargs={"seed": seed, "limit": limit}, batch_size=SAMPLE_BATCH,
                           batch_format="numpy").take_all()
    small.sort(key=lambda r: int(r["key"]))
    return [RawDoc(str(r["id"]), str(r["text"])) for r in small[:n]], len(keys)


def _apply(fn, wl, chunk):
    """A Ray task of the fit: ``fn(wl, chunk)`` (:func:`kashif.weak.stream.prepare_docs` or
    :func:`~kashif.weak.stream.relation_work`)."""
    from kashif.parallel import no_gc_pauses

    with no_gc_pauses():
        return fn(wl, chunk)


def _fit_on_ray(ray, cl, sample: list[RawDoc], size: int, seed: int, count: int) -> None:
    """Fit ``cl`` on ``sample`` with the labelling functions run as Ray tasks (chunks of the sample
    over the cluster's CPUs); only the label models' EM runs on the driver. The tasks also warm up
    the workers that label next (imports, gazetteer automata)."""
    task = ray.remote(num_cpus=1)(_apply)

    def map_chunks(fn, wl, chunks):
        ref = ray.put(wl)  # once per step: the entity model is fitted before the second
        return ray.get([task.remote(fn, ref, chunk) for chunk in chunks])

    cl.fit(sample, size=size, seed=seed, corpus_documents=count, map_chunks=map_chunks)


class _Totals:
    """A Ray actor (no CPU of its own) that the labelling tasks report to: document, entity and
    relation counts and, when asked for, the LF analysis counts."""

    def __init__(self, counts) -> None:
        import copy

        self.totals = {"documents": 0, "entities": 0, "relations": 0, "skipped": 0}
        self.counts = copy.deepcopy(counts)  # its arrays arrive read-only (zero-copy from the object store)

    def add(self, totals: dict, counts) -> None:
        for k, v in totals.items():
            self.totals[k] += v
        if self.counts is not None and counts is not None:
            self.counts.merge(counts)

    def result(self):
        return self.totals, self.counts


#: per worker process: the fitted labeller, the sample's finished lines and the totals actor,
#: fetched from the object store by the first labelling task that runs there
_STATE: dict = {}


def _label_batch(batch: dict, shared: tuple, output_format: str):
    """Label a block of documents (a Ray Data task): a table of JSON lines (``line``) for JSONL,
    of ANNOTATION.md columns for Parquet. The sample's documents were labelled on the driver
    while fitting: their lines are taken as they are, not labelled again."""
    import pyarrow as pa

    key = shared[0].hex()
    if key not in _STATE:
        ray = _ray()
        _STATE.clear()
        _STATE[key] = (*ray.get(list(shared[:2])), shared[2])
    cl, done, totals = _STATE[key]
    lines: list[str | None] = []  # the sample's lines in place, None where a document is labelled here
    todo: list[RawDoc] = []
    for i, t in zip(batch["id"], batch["text"]):
        i, t = str(i), str(t)
        hit = done.get(i)
        if hit is not None and hit[0] == t:
            lines.append(hit[1])
        else:
            lines.append(None)
            todo.append(RawDoc(i, t))
    from kashif.parallel import no_gc_pauses

    with no_gc_pauses():
        res = cl.label_chunk(todo)
    for msg in res.errors:
        log.warning(msg)
    out: list[str] = []
    j = k = 0
    for line in lines:
        if line is not None:
            out.append(line)
            continue
        if j < len(res.ids) and res.ids[j] == todo[k].id:  # else it failed: reported, skipped
            out.append(res.lines[j])
            j += 1
        k += 1
    _ray().get(totals.add.remote({"documents": res.n_docs, "entities": res.n_entities, "relations": res.n_relations,
                                  "skipped": len(res.errors)}, res.counts))
    if output_format == "jsonl":
        return pa.table({"line": out})
    return pa.Table.from_pylist([json.loads(line) for line in out], schema=_schema())


def _jsonl_sink(path: str):
    from ray.data.datasource import BlockBasedFileDatasink

    class JsonlSink(BlockBasedFileDatasink):
        """The lines of :func:`_label_batch`: one ANNOTATION.md JSON line per document, exactly as
        ``kashif label`` writes them."""

        def write_block_to_file(self, block, file) -> None:
            file.write("".join(block.to_arrow().column("line").to_pylist()).encode("utf-8"))

    return JsonlSink(path, file_format="jsonl")


def _init(ray, address: str | None) -> None:
    """Connect to ``address`` (``"auto"``, ``ray://...``) or start a local runtime (``"local"``:
    without the dashboard, which costs seconds and a core's share for nothing here)."""
    if ray.is_initialized():
        return
    extra = {"include_dashboard": False} if address == "local" else {}
    ray.init(address=address, log_to_driver=True, logging_level=logging.WARNING, **extra)


def label_dataset(inputs: str | Sequence[str], output: str | Path, *, address: str | None = "auto",
                  num_workers: int | None = None, fit_sample: int | None = None, seed: int = 0,
                  aggregator: str = "dawid-skene", output_format: str = "parquet",
                  block_docs: int = BLOCK_DOCS, analysis: bool = False, gold=None) -> dict:
    """Weak-label JSONL or Parquet shards on Ray into ``output`` (a folder of shards, replaced
    atomically: a failed run leaves it as it was); returns a summary with the provenance, the
    counts, the LF analysis counts (``analysis``: a :class:`kashif.weak.analysis.LFCounts`,
    ``gold`` for its accuracy columns) and the seconds of each step. ``address``: ``"auto"`` (a
    running cluster), ``"local"`` (start one on this machine), ``ray://host:port`` or ``None``
    (``ray.init``'s default); ``num_workers``: labelling tasks at a time (default: the
    cluster's CPUs); ``block_docs``: documents per block, the unit of work of a task."""
    from kashif.files import atomic_dir, write_json
    from kashif.parallel import no_gc_pauses
    from kashif.weak.labeller import WeakLabeller
    from kashif.weak.stream import FIT_SAMPLE, CorpusLabeller

    if output_format not in FORMATS:
        raise ValueError(f"output_format must be one of {FORMATS}, got {output_format!r}")
    ray = _ray()
    clock = _Clock()
    _init(ray, address)
    logging.getLogger("ray.data").setLevel(logging.WARNING)  # its plans and timings: not the user's business
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # shards in input order, as one process writes them
    ctx.enable_progress_bars = sys.stderr.isatty()
    fit_sample = fit_sample or FIT_SAMPLE
    workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    clock.lap("start")
    ds = read_documents(inputs, block_docs).materialize()  # read once: the sample and the labelling share it
    clock.lap("read")
    sample, count = draw_sample(ds, fit_sample, seed)
    if not count:
        raise ValueError(f"{inputs}: nothing to label")
    clock.lap("sample")
    cl = CorpusLabeller(WeakLabeller(aggregator), analysis=analysis, gold=gold)
    with no_gc_pauses():
        _fit_on_ray(ray, cl, sample, fit_sample, seed, count)
        # the sample's documents from the fit's work (votes, relation inputs): never labelled
        # twice; one that fails here is labelled again by a task, which reports it
        first = cl.label_chunk(sample)
    texts = {d.id: d.text for d in sample}
    done = {i: (texts[i], line) for i, line in zip(first.ids, first.lines)}
    clock.lap("fit")
    totals = ray.remote(num_cpus=0)(_Totals).remote(first.counts)
    ray.get(totals.add.remote({"documents": first.n_docs, "entities": first.n_entities,
                               "relations": first.n_relations, "skipped": 0}, None))
    shared = (ray.put(cl), ray.put(done), totals)
    labelled = ds.map_batches(_label_batch, fn_kwargs={"shared": shared, "output_format": output_format},
                              batch_format="numpy", compute=ray.data.TaskPoolStrategy(size=workers), num_cpus=1)
    out = Path(output).resolve()
    with atomic_dir(out) as tmp, warnings.catch_warnings():
        # a corpus of fewer blocks than workers: Ray Data says so, at length, on stderr
        warnings.filterwarnings("ignore", message="The maximum number of concurrent tasks")
        if output_format == "parquet":
            labelled.write_parquet(str(tmp), concurrency=workers)
        else:
            labelled.write_datasink(_jsonl_sink(str(tmp)), concurrency=workers)
        counts, lf_counts = ray.get(totals.result.remote())
        clock.lap("label")
        summary = {"created_by": "kashif label --ray", "input": [str(f) for f in _input_files(inputs)],
                   "input_documents": count, "workers": workers, "format": output_format,
                   "shards": sorted(f.name for f in tmp.iterdir() if not f.name.startswith(("_", "."))),
                   "counts": counts, "seconds": clock.laps, "weak_supervision": cl.provenance()}
        write_json(summary, tmp / "_manifest.json")
    return {**summary, "output": str(out), "lf_counts": lf_counts}


class _Clock:
    def __init__(self) -> None:
        self.t0 = self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 2)
        self.laps["total"] = round(now - self.t0, 2)
        self.t = now


def ray_label_main(args: argparse.Namespace) -> int:
    """``kashif label --ray ADDRESS``: :func:`label_dataset` with the command's options, the LF
    report as ``kashif label`` writes it, one summary line."""
    from kashif.weak.cli import _err, _finish_report, _read_gold

    if args.shard_size or args.resume:
        _err("label", "error: --shard-size and --resume are for the local path: with --ray the output is "
                      "one shard per block, written whole or not at all (rerun a failed Ray run)")
        return 2
    gold = _read_gold("label", args.gold)
    if gold is False:
        return 2
    analysis = bool(args.report) or not args.quiet
    try:
        summary = label_dataset(args.input, args.output, address=args.ray, num_workers=args.num_proc,
                                fit_sample=args.fit_sample, seed=args.seed, aggregator=args.aggregator,
                                output_format=args.ray_format, analysis=analysis, gold=gold)
    except (ImportError, FileNotFoundError, ValueError) as exc:
        _err("label", f"error: {exc}")
        return 2
    except ConnectionError as exc:  # no cluster at that address
        _err("label", f"error: cannot reach a Ray cluster at {args.ray!r} ({str(exc).splitlines()[0]}); "
                      "'--ray local' starts one on this machine")
        return 2
    except KeyboardInterrupt:
        _err("label", f"interrupted; {args.output} was left as it was")
        return 130
    rc = 0
    if summary["lf_counts"] is not None:
        rc = _finish_report("label", summary["lf_counts"].report(summary["weak_supervision"]), args.report,
                            args.quiet)
    c = summary["counts"]
    _err("label", f"labelled {c['documents']} document(s): {c['entities']} entities, {c['relations']} relations "
                  f"in {summary['seconds']['total']:.2f}s on Ray with {summary['workers']} worker(s); "
                  f"{c['skipped']} skipped; {len(summary['shards'])} {args.ray_format} shard(s) in {summary['output']}")
    return rc


__all__ = ["FORMATS", "draw_sample", "label_dataset", "read_documents"]
