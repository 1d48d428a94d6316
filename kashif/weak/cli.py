"""``kashif label`` and ``kashif data``: thin entry points over :class:`WeakLabeller`.

Exit codes: 0 labelled (some documents may have been reported and skipped), 1 nothing could be
labelled, 2 the input cannot be read or the output cannot be written (argparse usage errors are
2 as well). Problems are one line each on stderr, never a traceback; outputs are written to a
temporary path and renamed, so a failed run leaves no half-written file or folder.

Both commands stream (:mod:`kashif.weak.stream`): a first pass reads the input, reports bad
documents and draws the fit sample; the label models are fitted on the sample; a second pass
labels every document, a chunk at a time on ``--num-proc`` processes, writing results as they
are done (``OUTPUT.partial`` keeps them on Ctrl-C). Memory stays flat in the corpus size.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kashif.files import atomic_dir, check_writable, write_json, write_text
from kashif.parallel import no_gc_pauses as _no_gc_pauses

log = logging.getLogger(__name__)

PROG = "kashif"


def _err(cmd: str, msg: str) -> None:
    print(f"{PROG} {cmd}: {msg}", file=sys.stderr)


def _writable(cmd: str, path: str, folder: bool = False) -> bool:
    """Whether ``path`` can be written; an unwritable place is reported before any labelling."""
    try:
        check_writable(path, folder=folder)
    except OSError as exc:
        _err(cmd, f"error: cannot write {path} ({exc.strerror or exc})")
        return False
    return True


def _labeller(cmd: str, aggregator: str, relations: bool = True):
    from kashif.weak.labeller import WeakLabeller

    try:
        return WeakLabeller(aggregator, relations=relations)
    except ImportError as exc:  # the entity functions are missing from this installation
        _err(cmd, f"error: cannot load the labelling functions ({exc})")
        return None


def _conll_lines(sentences, tags) -> list[str]:
    out = []
    for sent, tg in zip(sentences, tags):
        out.extend(f"{tok} {tag}\n" for tok, tag in zip(sent.tokens, tg))
        out.append("\n")
    return out


def _report(cmd: str, labelled: list, wl, report_path: str | None, gold_path: str | None, quiet: bool) -> int:
    """The LF analysis of documents labelled in one piece (CoNLL input)."""
    if quiet and not report_path:
        return 0  # nobody reads the analysis: do not compute it
    from kashif.weak.analysis import analyse

    gold = _read_gold(cmd, gold_path)
    if gold is False:
        return 2
    return _finish_report(cmd, analyse(labelled, gold, wl.provenance()), report_path, quiet)


@dataclass
class _Scan:
    """The first pass over an input: how many documents can be labelled, how many were skipped
    (already reported), the fit sample, and the ids in input order when asked for."""

    path: str
    count: int
    skipped: int
    sample: list
    ids: list[str] | None
    cached: Iterable | None  # standard input: its documents (a Spool), which cannot be read twice

    def documents(self):
        """The documents again, lazily (their problems were reported by the first pass)."""
        if self.cached is not None:
            return iter(self.cached)
        return _arabic_docs(self.path, lambda msg: None)


def _arabic_docs(path: str, on_error):
    """Documents of any :func:`read_corpus` input that hold Arabic text, lazily; the others are
    reported through ``on_error``."""
    from kashif.corpus import read_corpus
    from kashif.text import has_arabic

    for d in read_corpus(path, on_error=on_error):
        if has_arabic(d.text):
            yield d
        else:
            on_error(f"{path}: document {d.id!r} holds no Arabic text; skipped")


def _scan(cmd: str, path: str, fit_sample: int, seed: int, keep_ids: bool = False) -> _Scan | None:
    """Read the input once: report problems, count, draw the fit sample; ``None`` (after one
    error line) when the input cannot be read."""
    from kashif.corpus import CorpusError, Spool
    from kashif.weak.stream import draw_sample

    skipped = 0

    def on_error(msg: str) -> None:
        nonlocal skipped
        skipped += 1
        _err(cmd, msg)

    ids: list[str] | None = [] if keep_ids else None

    def docs():
        for d in _arabic_docs(path, on_error):
            if ids is not None:
                ids.append(d.id)
            yield d

    try:
        cached = Spool() if path == "-" else None  # standard input cannot be read twice: kept on disk
        sample, count = draw_sample(cached.keep(docs()) if cached is not None else docs(), fit_sample, seed)
    except CorpusError as exc:
        _err(cmd, f"error: {exc}")
        return None
    except OSError as exc:
        _err(cmd, f"error: {path}: cannot read ({exc.strerror or exc})")
        return None
    return _Scan(path, count, skipped, sample, ids, cached)


def _add_scale_args(p: argparse.ArgumentParser) -> None:
    from kashif.parallel import default_num_proc
    from kashif.weak.stream import FIT_SAMPLE

    p.add_argument("--fit-sample", type=int, default=FIT_SAMPLE, metavar="N",
                   help=f"fit the label models on a seeded sample of N documents (default {FIT_SAMPLE}); "
                        "every document is labelled")
    p.add_argument("--seed", type=int, default=0, help="seed of the fit sample (and of kashif data's split)")
    p.add_argument("--num-proc", type=int, metavar="N",
                   help=f"worker processes (default: the cores available, here {default_num_proc()}; "
                        "with --ray: the cluster's CPUs)")


def _check_scale_args(cmd: str, args: argparse.Namespace) -> bool:
    from kashif.parallel import default_num_proc

    if args.num_proc is None and not getattr(args, "ray", None):
        args.num_proc = default_num_proc()
    if args.fit_sample < 1 or (args.num_proc is not None and args.num_proc < 1):
        _err(cmd, f"error: --fit-sample and --num-proc must be positive, got {args.fit_sample} and {args.num_proc}")
        return False
    return True


def _fitted(cmd: str, args: argparse.Namespace, keep_ids: bool = False, **kwargs):
    """First pass and fit: ``(scan, corpus labeller)``, or the exit code after a one-line message
    (2: unreadable input or labeller, 1: nothing could be labelled)."""
    from kashif.weak.stream import CorpusLabeller

    t0 = time.perf_counter()
    scan = _scan(cmd, args.input, args.fit_sample, args.seed, keep_ids)
    if scan is None:
        return 2
    if not scan.count:
        _err(cmd, f"error: nothing to label in {args.input}")
        return 1
    wl = _labeller(cmd, args.aggregator)
    if wl is None:
        return 2
    cl = CorpusLabeller(wl, **kwargs)
    t1 = time.perf_counter()
    cl.fit(scan.sample, size=args.fit_sample, seed=args.seed, corpus_documents=scan.count,
           num_proc=args.num_proc)
    log.info("read %d document(s) in %.1fs; fitted the %s model on %d of them (seed %d) in %.1fs",
             scan.count, t1 - t0, args.aggregator, len(scan.sample), args.seed, time.perf_counter() - t1)
    return scan, cl


@dataclass
class _Totals:
    documents: int = 0
    entities: int = 0
    relations: int = 0
    chars: int = 0
    skipped: int = 0

    def add(self, cmd: str, res) -> None:
        for msg in res.errors:
            _err(cmd, msg)
        self.skipped += len(res.errors)
        self.documents += res.n_docs
        self.entities += res.n_entities
        self.relations += res.n_relations
        self.chars += res.chars


def _stream(cmd: str, args: argparse.Namespace, scan: _Scan, cl, chunks=None):
    """Label every document: yields each chunk's result (in input order) after adding it to the
    returned totals and LF counts, with a progress bar."""
    from kashif.parallel import chunked, progress
    from kashif.weak.analysis import LFCounts
    from kashif.weak.stream import CHUNK_DOCS, label_stream

    totals = _Totals(skipped=scan.skipped)
    args.num_proc = min(args.num_proc, -(-scan.count // CHUNK_DOCS))  # no idle workers for a small corpus
    counts = LFCounts(cl.gold) if cl.analysis else None

    def results(chunks=chunks):
        with progress(scan.count, quiet=args.quiet, desc=cmd) as bar:
            if chunks is None:
                chunks = chunked(scan.documents(), CHUNK_DOCS)
            for res in label_stream(cl, chunks, args.num_proc):
                totals.add(cmd, res)
                if counts is not None and res.counts is not None:
                    counts.merge(res.counts)
                bar.update(res.n_docs + len(res.errors))
                yield res

    return results(), totals, counts


def _read_gold(cmd: str, gold_path: str | None):
    """Gold documents for the report's accuracy columns; ``False`` after an error line."""
    if not gold_path:
        return None
    from kashif.schema import SchemaError, read_jsonl

    try:
        return list(read_jsonl(gold_path))
    except SchemaError as exc:
        _err(cmd, f"error: {exc}")
        return False


def _finish_report(cmd: str, report: dict, report_path: str | None, quiet: bool) -> int:
    from kashif.weak.analysis import format_report, write_report

    if not quiet:
        print(format_report(report), file=sys.stderr)
    if report_path:
        try:
            write_report(report, report_path)
        except OSError as exc:
            _err(cmd, f"error: cannot write the report {report_path} ({exc.strerror or exc})")
            return 2
    return 0


def label_main(argv: Sequence[str] | None = None) -> int:
    """``kashif label --input PATH --output OUT``: weak-label a corpus into ANNOTATION.md JSONL
    (or CoNLL ``token TAG`` with ``--input-format conll``)."""
    p = argparse.ArgumentParser(prog=f"{PROG} label", description="Weak-label Arabic text into ANNOTATION.md "
                                "JSONL (scored entities and relations) or CoNLL IOB2 tags.")
    p.add_argument("--input", required=True, help="a .txt file, a folder of .txt files, a .jsonl file, "
                   "a CoNLL file (with --input-format conll) or '-' for stdin")
    p.add_argument("--output", required=True, help="output file, or '-' for stdout; a folder with --shard-size")
    p.add_argument("--aggregator", choices=("dawid-skene", "majority"), default="dawid-skene")
    p.add_argument("--input-format", choices=("auto", "conll"), default="auto")
    p.add_argument("--report", help="write the labelling-function analysis here as JSON")
    p.add_argument("--gold", help="gold ANNOTATION.md JSONL: adds accuracy columns to the report")
    p.add_argument("--quiet", action="store_true", help="no analysis table, no progress bar")
    _add_scale_args(p)
    p.add_argument("--shard-size", type=int, metavar="DOCS",
                   help="write --output as a folder of JSONL shards of DOCS input documents each")
    p.add_argument("--resume", action="store_true", help="with --shard-size: skip the shards already written")
    p.add_argument("--ray", metavar="ADDRESS", help="run on a Ray cluster ('auto', 'local' or ray://host:port); "
                   "--output is then a folder of shards (see kashif.distributed)")
    p.add_argument("--ray-format", choices=("parquet", "jsonl"), default="parquet",
                   help="with --ray: the format of the output shards")
    args = p.parse_args(argv)
    shards = bool(args.shard_size or args.ray)  # --output is then a folder of shards
    if not (_writable("label", args.output, folder=shards) and (not args.report or _writable("label", args.report))):
        return 2
    if not _check_scale_args("label", args):
        return 2
    if args.shard_size is not None and args.shard_size < 1:
        _err("label", f"error: --shard-size must be positive, got {args.shard_size}")
        return 2
    if args.resume and not args.shard_size:
        _err("label", "error: --resume needs --shard-size: only whole shards can be skipped")
        return 2
    if args.ray:
        from kashif.distributed import ray_label_main

        return ray_label_main(args)
    try:
        with _no_gc_pauses():
            return _label(args)
    except KeyboardInterrupt:  # before any output was opened (reading, fitting)
        _err("label", "interrupted; nothing was written")
        return 130


def _label(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    if args.input_format == "conll":
        return _label_conll(args, t0)
    gold = _read_gold("label", args.gold)
    if gold is False:
        return 2
    done = _fitted("label", args, analysis=not (args.quiet and not args.report), gold=gold)
    if isinstance(done, int):
        return done
    scan, cl = done
    if args.shard_size:
        done = _label_shards(args, scan, cl)
        if isinstance(done, int):
            return done
        totals, counts = done
    else:
        from kashif.files import StreamOutput

        try:
            out = StreamOutput(args.output)
        except OSError as exc:
            _err("label", f"error: cannot write {args.output} ({exc.strerror or exc})")
            return 2
        results, totals, counts = _stream("label", args, scan, cl)
        try:
            for res in results:
                out.writelines(res.lines)
                if args.output == "-":
                    out.flush()
            if not totals.documents:
                out.discard()
                _err("label", "error: no document could be labelled")
                return 1
            out.commit()
        except KeyboardInterrupt:
            partial = out.keep_partial()
            _err("label", "interrupted" + (f"; documents finished so far are in {partial}" if partial else ""))
            return 130
        except OSError as exc:
            out.discard()
            _err("label", f"error: cannot write {args.output} ({exc.strerror or exc})")
            return 2
    rc = 0
    if counts is not None:
        rc = _finish_report("label", counts.report(cl.provenance()), args.report, args.quiet)
    _err("label", f"labelled {totals.documents} document(s): {totals.entities} entities, {totals.relations} "
                  f"relations, {totals.chars:,} characters in {time.perf_counter() - t0:.2f}s "
                  f"on {args.num_proc} process(es); {totals.skipped} skipped")
    return rc


SHARD_NAME = "part-{:05d}.jsonl"
#: beside the shards; the underscore keeps it out of Arrow / Parquet dataset discovery
MANIFEST = "_manifest.json"


def _label_shards(args: argparse.Namespace, scan: _Scan, cl):
    """``--shard-size``: ``--output`` becomes a folder of JSONL shards, shard ``k`` holding the
    labelled documents among input documents ``k * size`` to ``(k + 1) * size - 1``; each shard is
    written atomically when done, so an interrupted run keeps every finished shard and
    ``--resume`` skips them (the fit sample is seeded: the model is the same). ``_manifest.json``
    (provenance, counts) is written last. Returns ``(totals, counts)`` or an exit code."""
    from kashif.files import write_json, write_text
    from kashif.weak.stream import CHUNK_DOCS

    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _err("label", f"error: cannot write {out} ({exc.strerror or exc})")
        return 2
    size = args.shard_size
    n_shards = (scan.count + size - 1) // size
    done = {k for k in range(n_shards) if (out / SHARD_NAME.format(k)).is_file()} if args.resume else set()
    meta: deque = deque()  # (shard, last chunk of the shard?) of each chunk, in the order results return

    def chunks():
        shard: list = []
        k = 0
        for d in scan.documents():
            shard.append(d)
            if len(shard) == size:
                yield from emit(k, shard)
                shard, k = [], k + 1
        if shard:
            yield from emit(k, shard)

    def emit(k: int, shard: list):
        if k in done:
            return
        parts = [shard[i:i + CHUNK_DOCS] for i in range(0, len(shard), CHUNK_DOCS)]
        for i, part in enumerate(parts):
            meta.append((k, i == len(parts) - 1))
            yield part

    results, totals, counts = _stream("label", args, scan, cl, chunks())
    lines: list[str] = []
    written = 0
    try:
        for res in results:
            k, last = meta.popleft()
            lines.extend(res.lines)
            if last:
                write_text(out / SHARD_NAME.format(k), lines)
                lines, written = [], written + 1
    except KeyboardInterrupt:
        _err("label", f"interrupted; {len(done) + written} of {n_shards} shard(s) are complete in {out} "
                      "(rerun with --resume to finish)")
        return 130
    except OSError as exc:
        _err("label", f"error: cannot write {out} ({exc.strerror or exc})")
        return 2
    if done:
        _err("label", f"resumed: {len(done)} shard(s) already written were skipped (not in the counts)")
    try:
        write_json({"created_by": "kashif label", "input": str(args.input), "shard_size": size,
                    "shards": [SHARD_NAME.format(k) for k in range(n_shards)], "resumed_shards": len(done),
                    "counts": {"documents": totals.documents, "skipped": totals.skipped,
                               "entities": totals.entities, "relations": totals.relations},
                    "weak_supervision": cl.provenance()}, out / MANIFEST)
    except OSError as exc:
        _err("label", f"error: cannot write {out} ({exc.strerror or exc})")
        return 2
    return totals, counts


def _label_conll(args: argparse.Namespace, t0: float) -> int:
    from kashif.corpus import CorpusError, read_conll
    from kashif.text import has_arabic

    skipped = 0

    def on_error(msg: str) -> None:
        nonlocal skipped
        skipped += 1
        _err("label", msg)

    try:
        sentences = read_conll(args.input, on_error=on_error)
    except CorpusError as exc:
        _err("label", f"error: {exc}")
        return 2
    except OSError as exc:
        _err("label", f"error: {args.input}: cannot read ({exc.strerror or exc})")
        return 2
    if any("\x00" in tok for s in sentences for tok in s.tokens):
        _err("label", f"error: {args.input}: contains NUL bytes (binary file?)")
        return 2
    if not any(has_arabic(tok) for s in sentences for tok in s.tokens):
        _err("label", f"error: nothing to label in {args.input}: no Arabic text")
        return 1
    wl = _labeller("label", args.aggregator, relations=False)
    if wl is None:
        return 2
    tags, ld = wl.label_conll_detailed(sentences)
    try:
        if args.output == "-":
            sys.stdout.writelines(_conll_lines(sentences, tags))
            sys.stdout.flush()
        else:
            write_text(args.output, _conll_lines(sentences, tags))
    except OSError as exc:
        _err("label", f"error: cannot write {args.output} ({exc.strerror or exc})")
        return 2
    rc = _report("label", [ld], wl, args.report, None, args.quiet)
    n_tok = sum(len(s.tokens) for s in sentences)
    _err("label", f"labelled {len(sentences)} sentence(s), {n_tok} tokens, {len(ld.spans)} entities, "
                  f"{len(ld.document.text):,} characters in {time.perf_counter() - t0:.2f}s; {skipped} line(s) skipped")
    return rc


def data_main(argv: Sequence[str] | None = None) -> int:
    """``kashif data --input data/raw/seeds --output data/processed``: the weakly labelled
    ``DatasetDict`` (train/validation by document, Arrow shards), ``weak.jsonl``, ``metadata.json``
    and ``lf_report.json``."""
    p = argparse.ArgumentParser(prog=f"{PROG} data", description="Weak-label a corpus into a Hugging Face "
                                "DatasetDict saved to disk, plus weak.jsonl and metadata.json.")
    p.add_argument("--input", default="data/raw/seeds", help="any input of 'kashif label'")
    p.add_argument("--output", default="data/processed", help="output folder (replaced atomically)")
    p.add_argument("--aggregator", choices=("dawid-skene", "majority"), default="dawid-skene")
    p.add_argument("--validation-fraction", type=float, default=0.2)
    p.add_argument("--max-shard-size", default="500MB",
                   help="largest Arrow shard of a split (datasets' save_to_disk; default 500MB)")
    p.add_argument("--quiet", action="store_true", help="no analysis table, no progress bar")
    _add_scale_args(p)
    args = p.parse_args(argv)
    if not 0.0 <= args.validation_fraction < 1.0:
        _err("data", f"error: --validation-fraction must be in [0, 1), got {args.validation_fraction}")
        return 2
    if not _writable("data", args.output, folder=True):
        return 2
    if not _check_scale_args("data", args):
        return 2
    try:
        with _no_gc_pauses():
            done = _fitted("data", args, keep_ids=True, records=True)
    except KeyboardInterrupt:
        _err("data", "interrupted; nothing was written")
        return 130
    if isinstance(done, int):
        return done
    scan, cl = done
    import datasets

    from kashif.weak.dataset import NER_LABELS, save_dataset_dict, split_ids

    datasets.disable_progress_bars()  # ours shows the labelling; theirs would only be noise on stderr
    train_ids, val_ids = split_ids(scan.ids or [], args.seed, args.validation_fraction)
    scan.ids = None  # only the split needs them
    validation = set(val_ids)
    written: set[str] = set()
    out = Path(args.output)
    try:
        with atomic_dir(out) as tmp, _no_gc_pauses():
            rows = {"train": tmp / ".train-rows.jsonl", "validation": tmp / ".validation-rows.jsonl"}
            results, totals, counts = _stream("data", args, scan, cl)
            with open(tmp / "weak.jsonl", "w", encoding="utf-8") as weak, \
                    open(rows["train"], "w", encoding="utf-8") as train_fh, \
                    open(rows["validation"], "w", encoding="utf-8") as val_fh:
                for res in results:
                    weak.writelines(res.lines)
                    for r in res.records:
                        written.add(r["id"])
                        (val_fh if r["id"] in validation else train_fh).write(json.dumps(r, ensure_ascii=False) + "\n")
            if not totals.documents:
                raise _NothingLabelled
            save_dataset_dict(rows, tmp, args.max_shard_size)
            for f in rows.values():
                f.unlink()
            splits = {"train": [i for i in train_ids if i in written],
                      "validation": [i for i in val_ids if i in written]}
            report = counts.report(cl.provenance()) if counts is not None else {}
            metadata = {
                "created_by": "kashif data",
                "input": str(args.input),
                "seed": args.seed,
                "validation_fraction": args.validation_fraction,
                "splits": splits,
                "ner_labels": list(NER_LABELS),
                "counts": {"documents": totals.documents, "skipped": totals.skipped,
                           "entities": totals.entities, "relations": totals.relations},
                "weak_supervision": cl.provenance(),
            }
            write_json(metadata, tmp / "metadata.json")
            write_json(report, tmp / "lf_report.json")
    except _NothingLabelled:
        _err("data", "error: no document could be labelled")
        return 1
    except KeyboardInterrupt:
        _err("data", f"interrupted; {out} was left as it was")
        return 130
    except OSError as exc:
        _err("data", f"error: cannot write {out} ({exc.strerror or exc})")
        return 2
    if not args.quiet:
        from kashif.weak.analysis import format_report

        print(format_report(report), file=sys.stderr)
    _err("data", f"wrote {out}: train {len(splits['train'])} / validation {len(splits['validation'])} document(s), "
                 f"{totals.entities} entities, {totals.relations} relations; {totals.skipped} skipped")
    return 0


class _NothingLabelled(Exception):
    pass
