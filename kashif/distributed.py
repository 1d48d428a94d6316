"""Weak labelling on a Ray cluster: the labeller of ``kashif label``, the same fit sample, the
same labels, for corpora that outgrow one machine.

    pip install 'kashif[ray]'
    kashif label --ray auto --input shards/ --output labelled/            # Parquet shards
    kashif label --ray auto --input corpus.jsonl --output out/ --ray-format jsonl

or from Python::

    from kashif.distributed import label_dataset
    label_dataset(["s1.parquet", "s2.parquet"], "labelled/", address="auto", num_workers=64)

What runs where, all of it plain Ray tasks (Ray Core): input shards (JSONL with ``id``/``text``
per line, or Parquet with ``id`` and ``text`` columns; a file, a folder of them, or a list) are
read by one task per shard into the object store as blocks of ``block_docs`` documents
(:func:`read_blocks`, a line or a row group at a time); tasks compute every row's sample key
(:func:`kashif.weak.stream.sample_key`), 8 bytes a document reach the driver, which finds the
repeated ids (the first is kept, the others reported and skipped, as ``kashif label`` does in a
file) and the bottom-k sample that one process draws. The labelling functions of the fit run
as tasks over chunks of the sample; the driver fits the label models (EM) between their two
steps. Then one task per block labels it with the fitted labeller (deserialized once per
worker process) and writes it; the block's sample documents are labelled by the driver from
the fit's work just before the block is sent (beside the running tasks), so no document is
labelled twice. Shards are Parquet (columns ``id``, ``text``, ``entities``, ``relations``,
as in ANNOTATION.md) or JSONL, one per block, named in input order, their lines byte-identical
to one process's. The output folder is written beside and renamed into place at the end, with a
``_manifest.json`` (provenance, counts, seconds per step); counts and the LF analysis (``kashif
label --report``) come back with the tasks. A document that cannot be read or labelled is
logged and skipped.

Ray Data is not used: it cost more than the work it organised here. Reading ANT (14 MB, 10 k
documents) into 256-document blocks took Ray Data 18.3 s the first time in a fresh runtime and
1.5 s the second, the tasks of :func:`read_blocks` 0.5 s (2 cores, shared, load about 7); each
fresh runtime started two Ray Data actors (about 5 CPU seconds), and its streaming executor
polled on the driver beside the workers.

Not here: ``--shard-size``/``--resume`` (refused with ``--ray``: the output is written whole or
not at all; Ray retries failed tasks itself).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from kashif.corpus import RawDoc

log = logging.getLogger(__name__)

FORMATS = ("parquet", "jsonl")
#: documents per block, the unit of work of a labelling task (a second or so of CPU):
#: small enough that the workers finish together, large enough that scheduling costs nothing
BLOCK_DOCS = 256


def _ray():
    try:
        import ray
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


def _check_parquet(files: list[str]) -> None:
    """A Parquet shard without ``id`` and ``text`` columns is refused before any work (one line)."""
    import pyarrow.parquet as pq

    for f in files:
        try:
            names = set(pq.read_schema(f).names)
        except Exception as exc:  # noqa: BLE001 -- pyarrow's errors for a file that is not Parquet vary
            raise ValueError(f"{f}: not a readable Parquet file ({str(exc).splitlines()[0]})") from None
        if not {"id", "text"} <= names:
            raise ValueError(f"{f}: a Parquet shard needs 'id' and 'text' columns, got {sorted(names)}")


def _shard_docs(path: str, batch: int):
    """The documents of one shard, read as ``kashif label`` reads a file (a JSONL shard a line at a
    time, split on newlines only, each line decoded on its own; a Parquet shard a batch of rows
    at a time); a bad line or row is logged with its file and line (or id) and skipped."""
    from kashif.corpus import _check_text, _jsonl_docs
    from kashif.text import has_arabic

    def rows():
        if path.endswith(".parquet"):
            import pyarrow.parquet as pq

            for b in pq.ParquetFile(path).iter_batches(batch_size=batch, columns=["id", "text"]):
                for i, t in zip(b.column("id").to_pylist(), b.column("text").to_pylist()):
                    if not isinstance(t, str):
                        log.warning("%s: document %r: 'text' is not a string; skipped", path, i)
                    elif _check_text(str(i), t, path, log.warning):
                        yield RawDoc(str(i), t)
        else:
            with open(path, "rb") as fh:
                yield from _jsonl_docs(fh, path, log.warning)

    for d in rows():
        if has_arabic(d.text):
            yield d
        else:
            log.warning("%s: document %r holds no Arabic text; skipped", path, d.id)


def _read_shard(path: str, block_docs: int):
    """A Ray task that yields the documents of one shard as blocks (``pyarrow.Table`` of ``id`` and
    ``text``) of ``block_docs`` rows, each its own object as soon as it is read."""
    import pyarrow as pa

    from kashif.parallel import chunked

    for chunk in chunked(_shard_docs(path, block_docs), block_docs):
        yield pa.table({"id": [d.id for d in chunk], "text": [d.text for d in chunk]})


def read_blocks(paths: str | Sequence[str], block_docs: int = BLOCK_DOCS) -> list:
    """The documents of JSONL or Parquet shards in the object store, as a list of references to
    blocks of at most ``block_docs`` documents in input order (shards in name order when a folder
    is given). One task per shard reads it a line (or row group) at a time, so a shard of any size
    streams through a worker; the shards are read in parallel."""
    ray = _ray()
    files = _input_files(paths)
    if files[0].endswith(".parquet"):
        _check_parquet(files)
    task = ray.remote(num_returns="streaming")(_read_shard)
    readers = [task.remote(f, block_docs) for f in files]
    return [ref for reader in readers for ref in reader]


def _block_keys(block, seed: int):
    """A Ray task: the sample key (:func:`kashif.weak.stream.sample_key`) of every row of a block."""
    import numpy as np

    from kashif.weak.stream import sample_key

    return np.fromiter((sample_key(i, seed) for i in block.column("id").to_pylist()), dtype=np.uint64,
                       count=block.num_rows)


def _block_ids(block, rows: list[int]) -> list[str]:
    """A Ray task: the ids of some rows of a block."""
    ids = block.column("id")
    return [ids[r].as_py() for r in rows]


def _block_rows(block, keys, limit: int, skip: list[int]) -> list[tuple[int, str, str]]:
    """A Ray task: ``(key, id, text)`` of the rows of a block whose key is at most ``limit``."""
    ids, texts, dropped = block.column("id"), block.column("text"), set(skip)
    return [(int(keys[r]), ids[r].as_py(), texts[r].as_py()) for r in (keys <= limit).nonzero()[0]
            if r not in dropped]


class _Scan:
    """The first look at the blocks of a corpus: every row's sample key (8 bytes a
    document reach the driver, in input order) and the rows that repeat an earlier row's id,
    which are skipped everywhere, as ``kashif label`` skips a repeated id in a JSONL file: the
    first one is labelled, the others reported. Ids are compared by their 64-bit keys first, and
    the ids themselves only where keys are equal: the driver holds 8 bytes per document, not ids."""

    def __init__(self, ray, blocks: list, seed: int) -> None:
        import numpy as np

        self.blocks = blocks
        self.keys = list(ray.get([ray.remote(_block_keys).remote(b, seed) for b in blocks]))
        self.skip: dict[int, list[int]] = {}  # block -> its rows that repeat an id
        starts = np.cumsum([0] + [len(k) for k in self.keys])
        flat = np.concatenate(self.keys) if self.keys else np.zeros(0, dtype=np.uint64)
        order = np.argsort(flat, kind="stable")  # equal keys: in input order
        equal = flat[order][1:] == flat[order][:-1]
        if equal.any():
            rows = np.unique(np.concatenate([order[1:][equal], order[:-1][equal]]))  # every row of a repeated key
            where = [(int(np.searchsorted(starts, g, side="right")) - 1, int(g)) for g in rows]
            by_block: dict[int, list[int]] = {}
            for blk, g in where:
                by_block.setdefault(blk, []).append(g - int(starts[blk]))
            refs = {blk: ray.remote(_block_ids).remote(blocks[blk], r) for blk, r in by_block.items()}
            ids = {blk: dict(zip(by_block[blk], ray.get(ref))) for blk, ref in refs.items()}
            seen: set[str] = set()
            for blk, g in where:  # in input order
                r = g - int(starts[blk])
                i = ids[blk][r]
                if i in seen:
                    self.skip.setdefault(blk, []).append(r)
                    log.warning("document %r (the input's document %d): duplicate id; skipped", i, g + 1)
                seen.add(i)
        self.rows = len(flat)
        self.skipped = sum(map(len, self.skip.values()))

    def sample(self, ray, n: int) -> list[tuple[int, RawDoc]]:
        """The bottom-``n`` sample of the rows that are not skipped, in key order, each with the
        index of its block."""
        import numpy as np

        keys = [np.delete(k, self.skip.get(b, [])) for b, k in enumerate(self.keys)]
        flat = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64)
        if not len(flat) or n <= 0:
            return []
        limit = int(np.partition(flat, n - 1)[n - 1]) if len(flat) > n else int(flat.max())
        task = ray.remote(_block_rows)
        refs = [task.remote(b, k, limit, self.skip.get(j, [])) for j, (b, k) in enumerate(zip(self.blocks, self.keys))
                if len(k) and int(k.min()) <= limit]
        blocks = [j for j, k in enumerate(self.keys) if len(k) and int(k.min()) <= limit]
        small = sorted((*row, j) for j, part in zip(blocks, ray.get(refs)) for row in part)
        return [(j, RawDoc(i, t)) for _, i, t, j in small[:n]]


def draw_sample(blocks: list, n: int, seed: int) -> tuple[list[RawDoc], int]:
    """The bottom-``n`` sample of the documents in ``blocks`` (references to ``pyarrow.Table`` blocks
    of ``id``/``text``, as :func:`read_blocks` returns; the documents that
    :func:`kashif.weak.stream.draw_sample` draws from the same corpus, a repeated id counted once),
    in key order, and the number of documents. Two passes of tasks over the blocks: every row's
    key, then the rows up to the ``n``-th smallest key."""
    ray = _ray()
    scan = _Scan(ray, blocks, seed)
    return [d for _, d in scan.sample(ray, n)], scan.rows - scan.skipped


#: per worker process: the objects its tasks share (the labeller of a fit step, then the fitted
#: labeller), deserialized by the first task that needs them there. A
#: reference passed as a task's argument is fetched and deserialized again for every task:
#: for the labeller (2.6 MB of pickled automata and models) that cost 0.1 to 0.3 CPU seconds
#: a task here, 10 to 20% of a 256-document block's work and more than a fit chunk's.
_SHARED: dict = {}


def _shared(refs: list) -> tuple:
    """The objects of ``refs`` (a list, so that Ray passes the references, not their values),
    deserialized once per worker process (the last set asked for is kept)."""
    key = ",".join(r.hex() for r in refs)
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = tuple(_ray().get(refs))
    return _SHARED[key]


def _apply(fn, wl_ref: list, chunk):
    """A Ray task of the fit: ``fn(wl, chunk)`` (:func:`kashif.weak.stream.prepare_docs` or
    :func:`~kashif.weak.stream.relation_work`)."""
    from kashif.parallel import no_gc_pauses

    (wl,) = _shared(wl_ref)
    with no_gc_pauses():
        return fn(wl, chunk)


def _fit_on_ray(ray, cl, sample: list[RawDoc], size: int, seed: int, count: int) -> None:
    """Fit ``cl`` on ``sample`` with the labelling functions run as Ray tasks (chunks of the sample
    over the cluster's CPUs); only the label models' EM runs on the driver. The tasks also warm up
    the workers that label next (imports, gazetteer automata)."""
    task = ray.remote(num_cpus=1)(_apply)

    def map_chunks(fn, wl, chunks):
        ref = ray.put(wl)  # once per step: the entity model is fitted before the second
        return ray.get([task.remote(fn, [ref], chunk) for chunk in chunks])

    cl.fit(sample, size=size, seed=seed, corpus_documents=count, map_chunks=map_chunks)


def _label_block(block, index: int, skip: list[int], done: dict, shared: list, folder: str, output_format: str,
                 width: int) -> tuple:
    """A Ray task: label one block of the dataset (a ``pyarrow.Table`` of ``id``/``text``) but its
    ``skip`` rows (repeated ids) with the fitted labeller and write it as shard ``index`` of
    ``folder``; returns its counts and LF analysis counts. The block's documents of the fit
    sample were labelled on the driver from the fit's work: their lines (``done``: id -> text,
    line) are taken as they are, not labelled again."""
    from kashif.parallel import no_gc_pauses

    (cl,) = _shared(shared)
    lines: list[str | None] = []  # the sample's lines in place, None where a document is labelled here
    todo: list[RawDoc] = []
    dropped = set(skip)
    for r, (i, t) in enumerate(zip(block.column("id").to_pylist(), block.column("text").to_pylist())):
        if r in dropped:
            continue
        hit = done.get(i)
        if hit is not None and hit[0] == t:
            lines.append(hit[1])
        else:
            lines.append(None)
            todo.append(RawDoc(i, t))
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
    if out:
        _write_shard(Path(folder) / f"part-{index:0{width}d}.{output_format}", out, output_format)
    totals = {"documents": res.n_docs, "entities": res.n_entities, "relations": res.n_relations,
              "skipped": len(res.errors)}
    return totals, res.counts


def _write_shard(path: Path, lines: list[str], output_format: str) -> None:
    """A shard written whole or not at all (a retried task writes it again): JSONL lines exactly
    as ``kashif label`` writes them, or the ANNOTATION.md columns as Parquet."""
    import os

    from kashif.files import write_text

    if output_format == "jsonl":
        write_text(path, lines)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.Table.from_pylist([json.loads(line) for line in lines], schema=_schema()), tmp)
    os.replace(tmp, path)


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
    fit_sample = fit_sample or FIT_SAMPLE
    workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    clock.lap("start")
    blocks = read_blocks(inputs, block_docs)  # read once, into the object store: the sample and the labelling share it
    clock.lap("read")
    scan = _Scan(ray, blocks, seed)
    picked, count = scan.sample(ray, fit_sample), scan.rows - scan.skipped
    if not count:
        raise ValueError(f"{inputs}: nothing to label")
    clock.lap("sample")
    cl = CorpusLabeller(WeakLabeller(aggregator), analysis=analysis, gold=gold)
    with no_gc_pauses():
        _fit_on_ray(ray, cl, [d for _, d in picked], fit_sample, seed, count)
    clock.lap("fit")
    sample: dict[int, list[RawDoc]] = {}
    for k, d in picked:
        sample.setdefault(k, []).append(d)
    counts = {"documents": 0, "entities": 0, "relations": 0, "skipped": scan.skipped}
    lf_counts = None
    out = Path(output).resolve()
    with atomic_dir(out) as tmp, no_gc_pauses():
        for totals, part in _map_blocks(ray, scan, cl, sample, workers, str(tmp), output_format):
            for k, v in totals.items():
                counts[k] += v
            if part is not None:
                lf_counts = part if lf_counts is None else lf_counts.merge(part)
        clock.lap("label")
        summary = {"created_by": "kashif label --ray", "input": [str(f) for f in _input_files(inputs)],
                   "input_documents": count, "workers": workers, "format": output_format,
                   "shards": sorted(f.name for f in tmp.iterdir() if not f.name.startswith(("_", "."))),
                   "counts": counts, "seconds": clock.laps, "weak_supervision": cl.provenance()}
        write_json(summary, tmp / "_manifest.json")
    return {**summary, "output": str(out), "lf_counts": lf_counts}


def _map_blocks(ray, scan: _Scan, cl, sample: dict[int, list[RawDoc]], workers: int, folder: str,
                output_format: str):
    """:func:`_label_block` over the blocks of the dataset (in input order: shard ``k`` is block
    ``k``), as Ray tasks, at most ``workers`` at a time; yields the counts of each task as it
    finishes and of the sample's documents, which the driver labels from the fit's work a block
    at a time (``sample``: block -> its documents of the sample) just before sending the block,
    so that its share runs beside the workers' instead of before them."""
    task = ray.remote(num_cpus=1)(_label_block)
    shared = [ray.put(cl)]
    width = max(5, len(str(len(scan.blocks) - 1)))
    pending: list = []
    for k, block in enumerate(scan.blocks):
        done = {}
        if k in sample:
            # one that fails here is labelled again by the task, which reports it
            first = cl.label_chunk(sample[k])
            texts = {d.id: d.text for d in sample[k]}
            done = {i: (texts[i], line) for i, line in zip(first.ids, first.lines)}
            yield {"documents": first.n_docs, "entities": first.n_entities, "relations": first.n_relations}, first.counts
        if len(pending) >= workers:
            ready, pending = ray.wait(pending, num_returns=1)
            yield ray.get(ready[0])
        pending.append(task.remote(block, k, scan.skip.get(k, []), done, shared, folder, output_format, width))
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        yield ray.get(ready[0])


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


__all__ = ["FORMATS", "draw_sample", "label_dataset", "read_blocks"]
