"""``kashif label`` and ``kashif data``: thin entry points over :class:`WeakLabeller`.

Exit codes: 0 labelled (some documents may have been reported and skipped), 1 nothing could be
labelled, 2 the input cannot be read or the output cannot be written (argparse usage errors are
2 as well). Problems are one line each on stderr, never a traceback; outputs are written to a
temporary path and renamed, so a failed run leaves no half-written file or folder.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from kashif.files import atomic_dir, check_writable, write_json, write_text

log = logging.getLogger(__name__)

PROG = "kashif"


@contextlib.contextmanager
def _no_gc_pauses():
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


def _read_docs(cmd: str, path: str) -> tuple[list, int] | None:
    """Documents with Arabic text from any :func:`read_corpus` input, and how many were skipped;
    ``None`` (after one error line) when the input cannot be read."""
    from kashif.corpus import CorpusError, read_corpus
    from kashif.text import has_arabic

    skipped = 0

    def on_error(msg: str) -> None:
        nonlocal skipped
        skipped += 1
        _err(cmd, msg)

    try:
        raw = list(read_corpus(path, on_error=on_error))
    except CorpusError as exc:
        _err(cmd, f"error: {exc}")
        return None
    except OSError as exc:
        _err(cmd, f"error: {path}: cannot read ({exc.strerror or exc})")
        return None
    docs = []
    for d in raw:
        if has_arabic(d.text):
            docs.append(d)
        else:
            skipped += 1
            _err(cmd, f"{path}: document {d.id!r} holds no Arabic text; skipped")
    return docs, skipped


def _labeller(cmd: str, aggregator: str, relations: bool = True):
    from kashif.weak.labeller import WeakLabeller

    try:
        return WeakLabeller(aggregator, relations=relations)
    except ImportError as exc:  # the entity functions are missing from this installation
        _err(cmd, f"error: cannot load the labelling functions ({exc})")
        return None


def _validated(cmd: str, labelled: list) -> list:
    """Drop (and report) any document that breaks the schema: a bug, but never a bad file."""
    from kashif.schema import validate

    out = []
    for ld in labelled:
        problems = validate(ld.document)
        if problems:
            _err(cmd, f"document {ld.document.id!r}: internal error, output breaks the schema "
                      f"({problems[0]}); skipped")
            continue
        out.append(ld)
    return out


def _conll_lines(sentences, tags) -> list[str]:
    out = []
    for sent, tg in zip(sentences, tags):
        out.extend(f"{tok} {tag}\n" for tok, tag in zip(sent.tokens, tg))
        out.append("\n")
    return out


def _report(cmd: str, labelled: list, wl, report_path: str | None, gold_path: str | None, quiet: bool) -> int:
    if quiet and not report_path:
        return 0  # nobody reads the analysis: do not compute it
    from kashif.weak.analysis import analyse, format_report, write_report

    gold = None
    if gold_path:
        from kashif.schema import SchemaError, read_jsonl

        try:
            gold = list(read_jsonl(gold_path))
        except SchemaError as exc:
            _err(cmd, f"error: {exc}")
            return 2
    report = analyse(labelled, gold, wl.provenance())
    if not quiet:
        print(format_report(report), file=sys.stderr)
    if report_path:
        try:
            write_report(report, report_path)
        except OSError as exc:
            _err(cmd, f"error: cannot write the report {report_path} ({exc.strerror or exc})")
            return 2
    return 0


def _read_and_label(cmd: str, input_path: str, aggregator: str):
    """Read, label and validate a corpus: ``(labelled, skipped, labeller)``, or the exit code
    after a one-line message (2: unreadable input or labeller, 1: nothing could be labelled)."""
    read = _read_docs(cmd, input_path)
    if read is None:
        return 2
    docs, skipped = read
    if not docs:
        _err(cmd, f"error: nothing to label in {input_path}")
        return 1
    wl = _labeller(cmd, aggregator)
    if wl is None:
        return 2
    labelled = _validated(cmd, wl.label_corpus_detailed(docs))
    if not labelled:
        _err(cmd, "error: no document could be labelled")
        return 1
    return labelled, skipped + len(docs) - len(labelled), wl


def label_main(argv: Sequence[str] | None = None) -> int:
    """``kashif label --input PATH --output OUT``: weak-label a corpus into ANNOTATION.md JSONL
    (or CoNLL ``token TAG`` with ``--input-format conll``)."""
    p = argparse.ArgumentParser(prog=f"{PROG} label", description="Weak-label Arabic text into ANNOTATION.md "
                                "JSONL (scored entities and relations) or CoNLL IOB2 tags.")
    p.add_argument("--input", required=True, help="a .txt file, a folder of .txt files, a .jsonl file, "
                   "a CoNLL file (with --input-format conll) or '-' for stdin")
    p.add_argument("--output", required=True, help="output file, or '-' for stdout")
    p.add_argument("--aggregator", choices=("dawid-skene", "majority"), default="dawid-skene")
    p.add_argument("--input-format", choices=("auto", "conll"), default="auto")
    p.add_argument("--report", help="write the labelling-function analysis here as JSON")
    p.add_argument("--gold", help="gold ANNOTATION.md JSONL: adds accuracy columns to the report")
    p.add_argument("--quiet", action="store_true", help="do not print the analysis table")
    args = p.parse_args(argv)
    if not all(_writable("label", out) for out in (args.output, args.report) if out):
        return 2
    with _no_gc_pauses():
        return _label(args)


def _label(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    if args.input_format == "conll":
        return _label_conll(args, t0)
    done = _read_and_label("label", args.input, args.aggregator)
    if isinstance(done, int):
        return done
    labelled, skipped, wl = done
    lines = [json.dumps(ld.document.to_dict(), ensure_ascii=False) + "\n" for ld in labelled]
    try:
        if args.output == "-":
            sys.stdout.writelines(lines)
            sys.stdout.flush()
        else:
            write_text(args.output, lines)
    except OSError as exc:
        _err("label", f"error: cannot write {args.output} ({exc.strerror or exc})")
        return 2
    rc = _report("label", labelled, wl, args.report, args.gold, args.quiet)
    n_ent = sum(len(ld.document.entities) for ld in labelled)
    n_rel = sum(len(ld.document.relations) for ld in labelled)
    chars = sum(len(ld.document.text) for ld in labelled)
    _err("label", f"labelled {len(labelled)} document(s): {n_ent} entities, {n_rel} relations, "
                  f"{chars:,} characters in {time.perf_counter() - t0:.2f}s; {skipped} skipped")
    return rc


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
    ``DatasetDict`` (train/validation by document), ``weak.jsonl`` and ``metadata.json``."""
    p = argparse.ArgumentParser(prog=f"{PROG} data", description="Weak-label a corpus into a Hugging Face "
                                "DatasetDict saved to disk, plus weak.jsonl and metadata.json.")
    p.add_argument("--input", default="data/raw/seeds", help="any input of 'kashif label'")
    p.add_argument("--output", default="data/processed", help="output folder (replaced atomically)")
    p.add_argument("--aggregator", choices=("dawid-skene", "majority"), default="dawid-skene")
    p.add_argument("--seed", type=int, default=0, help="seed of the document split")
    p.add_argument("--validation-fraction", type=float, default=0.2)
    p.add_argument("--quiet", action="store_true", help="do not print the analysis table")
    args = p.parse_args(argv)
    if not 0.0 <= args.validation_fraction < 1.0:
        _err("data", f"error: --validation-fraction must be in [0, 1), got {args.validation_fraction}")
        return 2
    if not _writable("data", args.output, folder=True):
        return 2
    done = _read_and_label("data", args.input, args.aggregator)
    if isinstance(done, int):
        return done
    labelled, skipped, wl = done
    from kashif.weak.analysis import analyse, format_report
    from kashif.weak.dataset import NER_LABELS, build_dataset_dict, document_record, split_ids

    records = []
    for ld in labelled:
        rejected = [(c.start, c.end, post["O"]) for c, post in wl.entity_model.cluster_posteriors(ld.clusters)]
        records.append(document_record(ld.document, rejected))
    import datasets

    datasets.disable_progress_bars()  # a few documents: the bars would only be noise on stderr
    dsd = build_dataset_dict(records, args.seed, args.validation_fraction)
    train_ids, val_ids = split_ids([r["id"] for r in records], args.seed, args.validation_fraction)
    report = analyse(labelled, None, wl.provenance())
    if not args.quiet:
        print(format_report(report), file=sys.stderr)
    metadata = {
        "created_by": "kashif data",
        "input": str(args.input),
        "seed": args.seed,
        "validation_fraction": args.validation_fraction,
        "splits": {"train": train_ids, "validation": val_ids},
        "ner_labels": list(NER_LABELS),
        "counts": {"documents": len(labelled), "skipped": skipped,
                   "entities": sum(len(ld.document.entities) for ld in labelled),
                   "relations": sum(len(ld.document.relations) for ld in labelled)},
        "weak_supervision": wl.provenance(),
    }
    out = Path(args.output)
    try:
        _write_folder(out, dsd, [ld.document for ld in labelled], metadata, report)
    except OSError as exc:
        _err("data", f"error: cannot write {out} ({exc.strerror or exc})")
        return 2
    _err("data", f"wrote {out}: train {len(train_ids)} / validation {len(val_ids)} document(s), "
                 f"{metadata['counts']['entities']} entities, {metadata['counts']['relations']} relations")
    return 0


def _write_folder(out: Path, dsd, documents: list, metadata: dict, report: dict) -> None:
    """Build everything in a temporary sibling folder, then swap it into place."""
    from kashif.schema import write_jsonl

    with atomic_dir(out) as tmp:
        dsd.save_to_disk(str(tmp))
        write_jsonl(documents, tmp / "weak.jsonl")
        write_json(metadata, tmp / "metadata.json")
        write_json(report, tmp / "lf_report.json")
