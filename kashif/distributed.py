"""Weak labelling on a Ray cluster with Ray Data: the labeller of ``kashif label``, the same fit
sample, the same labels, for corpora that outgrow one machine.

    pip install 'kashif[ray]'
    kashif label --ray auto --input shards/ --output labelled/            # Parquet shards
    kashif label --ray auto --input corpus.jsonl --output out/ --ray-format jsonl

or from Python::

    from kashif.distributed import label_dataset
    label_dataset(["s1.parquet", "s2.parquet"], "labelled/", address="auto", num_workers=64)

What runs where: input shards (JSONL with ``id``/``text`` per line, or Parquet with ``id`` and
``text`` columns; a file, a folder of them, or a list) are read into a Ray Dataset; each row gets
its sample key (:func:`kashif.weak.stream.sample_key`), every block keeps its ``fit_sample``
smallest, and the driver takes the smallest of those: the bottom-k sample that one process
draws. The driver fits the label models on it; ``num_workers`` actors, each holding the fitted
labeller, label blocks of documents; the results are written as Parquet (columns ``id``,
``text``, ``entities``, ``relations``, as in ANNOTATION.md) or JSONL shards, one per block, in
input order. A document that cannot be read or labelled is logged and skipped.

Not here (yet): ``--resume`` (Ray Data rewrites the output folder), the LF analysis report, and
the duplicate-id check of the local reader (ids must be unique across shards).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kashif.corpus import RawDoc

log = logging.getLogger(__name__)

FORMATS = ("parquet", "jsonl")


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


def _parse_jsonl(batch: dict) -> dict:
    """Lines of JSONL shards -> ``id``/``text`` rows with Arabic text; bad lines are logged."""
    from kashif.corpus import _check_text
    from kashif.text import has_arabic

    ids, texts = [], []
    for line, path in zip(batch["text"], batch["path"]):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            log.warning("%s: invalid JSON (%s); skipped", path, exc.msg)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or "id" not in obj:
            log.warning("%s: expected an object with 'id' and a string 'text'; skipped", path)
            continue
        doc_id, text = str(obj["id"]), obj["text"]
        if _check_text(doc_id, text, path, log.warning) and has_arabic(text):
            ids.append(doc_id)
            texts.append(text)
    return {"id": ids, "text": texts}


def read_documents(paths: str | Sequence[str]):
    """A Ray Dataset of ``id``/``text`` rows from JSONL or Parquet shards."""
    ray = _ray()
    files = _input_files(paths)
    if files[0].endswith(".parquet"):
        return ray.data.read_parquet(files, columns=["id", "text"])
    return ray.data.read_text(files, include_paths=True).map_batches(_parse_jsonl, batch_format="numpy")


def _keyed_bottom_k(batch: dict, n: int, seed: int) -> dict:
    from kashif.weak.stream import sample_key

    keys = [sample_key(str(i), seed) for i in batch["id"]]
    order = sorted(range(len(keys)), key=keys.__getitem__)[:n]
    return {"key": [keys[i] for i in order], "id": [str(batch["id"][i]) for i in order],
            "text": [str(batch["text"][i]) for i in order]}


def draw_sample(ds, n: int, seed: int) -> tuple[list[RawDoc], int]:
    """The bottom-``n`` sample of a Ray Dataset (the documents :func:`kashif.weak.stream.draw_sample`
    draws from the same corpus), in key order, and the number of rows."""
    count = ds.count()
    small = ds.map_batches(_keyed_bottom_k, fn_kwargs={"n": n, "seed": seed}, batch_size=4096,
                           batch_format="numpy").take_all()
    small.sort(key=lambda r: int(r["key"]))
    return [RawDoc(str(r["id"]), str(r["text"])) for r in small[:n]], count


class _Labeller:
    """A Ray actor: the fitted corpus labeller, applied to blocks of documents."""

    def __init__(self, labeller) -> None:
        ray = _ray()
        self.cl = ray.get(labeller) if isinstance(labeller, ray.ObjectRef) else labeller
        self.schema = _schema()

    def __call__(self, batch: dict):
        import pyarrow as pa

        res = self.cl.label_chunk([RawDoc(str(i), str(t)) for i, t in zip(batch["id"], batch["text"])])
        for msg in res.errors:
            log.warning(msg)
        return pa.Table.from_pylist([json.loads(line) for line in res.lines], schema=self.schema)


def _jsonl_sink(path: str):
    from ray.data.datasource import BlockBasedFileDatasink

    class JsonlSink(BlockBasedFileDatasink):
        """One ANNOTATION.md JSON line per document, exactly as ``kashif label`` writes it."""

        def write_block_to_file(self, block, file) -> None:
            from kashif.schema import Document

            lines = (json.dumps(Document.from_dict(r).to_dict(), ensure_ascii=False) + "\n"
                     for r in block.to_arrow().to_pylist())
            file.write("".join(lines).encode("utf-8"))

    return JsonlSink(path, file_format="jsonl")


def label_dataset(inputs: str | Sequence[str], output: str | Path, *, address: str | None = "auto",
                  num_workers: int | None = None, fit_sample: int | None = None, seed: int = 0,
                  aggregator: str = "dawid-skene", output_format: str = "parquet",
                  batch_size: int | None = None) -> dict:
    """Weak-label JSONL or Parquet shards on Ray into ``output`` (a folder of shards); returns a
    summary with the provenance. ``address``: ``"auto"`` (a running cluster), ``"local"`` (start
    one on this machine) or ``ray://host:port``; ``num_workers``: labelling actors (default: the
    cluster's CPUs)."""
    from kashif.weak.labeller import WeakLabeller
    from kashif.weak.stream import CHUNK_DOCS, FIT_SAMPLE, CorpusLabeller

    if output_format not in FORMATS:
        raise ValueError(f"output_format must be one of {FORMATS}, got {output_format!r}")
    ray = _ray()
    if not ray.is_initialized():
        ray.init(address=None if address == "local" else address, log_to_driver=True,
                 logging_level=logging.WARNING)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # shards in input order, as one process writes them
    ctx.enable_progress_bars = sys.stderr.isatty()
    fit_sample = fit_sample or FIT_SAMPLE
    workers = num_workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    t0 = time.perf_counter()
    ds = read_documents(inputs).materialize()  # read once: the sample and the labelling pass share it
    if ds.num_blocks() < 4 * workers:  # a few large shards: split them so that every worker has blocks
        ds = ds.repartition(4 * workers, shuffle=False).materialize()
    sample, count = draw_sample(ds, fit_sample, seed)
    if not count:
        raise ValueError(f"{inputs}: nothing to label")
    cl = CorpusLabeller(WeakLabeller(aggregator), analysis=False)
    cl.fit(sample, size=fit_sample, seed=seed, corpus_documents=count)
    cl._cache = {}  # the actors relabel the sample rather than receive its work
    ref = ray.put(cl)
    labelled = ds.map_batches(_Labeller, fn_constructor_args=(ref,), batch_size=batch_size or CHUNK_DOCS,
                              batch_format="numpy", concurrency=workers, num_cpus=1)
    out = str(Path(output).resolve())
    if output_format == "parquet":
        labelled.write_parquet(out)
    else:
        labelled.write_datasink(_jsonl_sink(out))
    seconds = time.perf_counter() - t0
    summary = {"input_documents": count, "workers": workers, "seconds": round(seconds, 2),
               "output": out, "format": output_format, "weak_supervision": cl.provenance()}
    from kashif.files import write_json

    write_json(summary, Path(out) / "_manifest.json")
    return summary


def ray_label_main(args: argparse.Namespace) -> int:
    """``kashif label --ray ADDRESS``: :func:`label_dataset` with the command's options."""
    try:
        summary = label_dataset(args.input, args.output, address=args.ray, num_workers=args.num_proc,
                                fit_sample=args.fit_sample, seed=args.seed, aggregator=args.aggregator,
                                output_format=args.ray_format)
    except ImportError as exc:
        print(f"kashif label: error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as exc:
        print(f"kashif label: error: {exc}", file=sys.stderr)
        return 2
    print(f"kashif label: labelled {summary['input_documents']} document(s) on Ray with {summary['workers']} "
          f"worker(s) in {summary['seconds']:.2f}s; {args.ray_format} shards in {summary['output']}", file=sys.stderr)
    return 0


__all__ = ["FORMATS", "draw_sample", "label_dataset", "read_documents"]
