"""``predict``: run a trained Kashif model over a corpus; a thin entry point over :class:`Extractor`.

    predict --model runs/tiny/model --input data/raw/seeds --output pred.jsonl
    predict --model M --input test.conll --input-format conll --format conll --output pred.conll
    cat article.txt | predict --model M --input - --format html --output article.html

Inputs are those of ``kashif label`` (:func:`kashif.corpus.read_corpus`: a .txt file, a folder of
.txt files, JSONL with ``id``/``text``, ``-`` for stdin; or CoNLL with ``--input-format conll``).

Exit codes: 0 every document was processed; 1 some documents were reported and skipped (empty,
invalid UTF-8, a malformed JSONL line, no Arabic text, a failure while predicting); 2 the input,
the model or the output cannot be read or written. Every problem is one line on stderr.

Output: JSONL and CoNLL are written document by document as they are done, to standard output
(flushed per chunk) or to a temporary file beside ``--output`` that is renamed into place at the
end, so ``--output`` is never half-written. On Ctrl-C the documents finished so far are kept in
``OUTPUT.partial``. HTML needs every document and is written once, atomically.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kashif.files import StreamOutput as _Output
from kashif.files import check_writable

PROG = "predict"
FORMATS = ("jsonl", "conll", "html")
log = logging.getLogger(__name__)


def _err(msg: str) -> None:
    print(f"{PROG}: {msg}", file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog=PROG, description="Extract entities and relations from Arabic text "
                                 "with a trained Kashif model.")
    ap.add_argument("--model", required=True, help="model folder or Hugging Face Hub id (owner/name)")
    ap.add_argument("--input", required=True, help="a .txt file, a folder of .txt files, a .jsonl file, "
                    "a CoNLL file (with --input-format conll) or '-' for stdin")
    ap.add_argument("--output", default="-", help="output file, or '-' for standard output (default)")
    ap.add_argument("--format", choices=FORMATS, default="jsonl",
                    help="jsonl: ANNOTATION.md documents with scores; conll: 'token TAG' (IOB2); html: a page")
    ap.add_argument("--input-format", choices=("auto", "conll"), default="auto")
    ap.add_argument("--device", default="auto", help="auto (CUDA when available), cpu, cuda, cuda:N")
    ap.add_argument("--batch-size", type=int, default=16, help="windows per forward pass (default 16)")
    ap.add_argument("--no-relations", action="store_true", help="entities only (skips the relation head)")
    ap.add_argument("--quantize", action="store_true", help="dynamic int8 quantisation of the linear layers (CPU)")
    ap.add_argument("--model-only", action="store_true",
                    help="the model alone, even when its folder asks for the hybrid with the weak labeller (hybrid.json)")
    ap.add_argument("--num-proc", type=int, default=None, metavar="N",
                    help="CPU worker processes, each with its own copy of the model (default: the cores "
                         "available, at most one per 32 documents; 1 on a GPU). Output order and content "
                         "do not depend on it")
    ap.add_argument("--quiet", action="store_true", help="no progress bar (it is off anyway when stderr is not a terminal)")
    args = ap.parse_args(argv)
    if args.batch_size < 1:
        ap.error(f"--batch-size must be positive, got {args.batch_size}")
    return args


def _conll_lines(tokens: Sequence[str], tags: Sequence[str]) -> str:
    return "".join(f"{tok} {tag}\n" for tok, tag in zip(tokens, tags)) + "\n"


def _doc_conll(doc) -> str:
    """A document as CoNLL: a ``-DOCSTART- O`` line (the CoNLL document boundary), then its word
    and punctuation tokens with IOB2 tags, a blank line after each sentence."""
    from kashif.bio import spans_to_bio
    from kashif.corpus import DOCSTART
    from kashif.text import sentences, tokenize

    toks = tokenize(doc.text)
    tags = spans_to_bio(toks, [(e.start, e.end, e.type) for e in doc.entities])
    out = [_conll_lines([DOCSTART], ["O"])]
    k = 0
    for _, end in sentences(doc.text):
        lo = k
        while k < len(toks) and toks[k].start < end:
            k += 1
        if k > lo:
            out.append(_conll_lines([t.text for t in toks[lo:k]], tags[lo:k]))
    if k < len(toks):
        out.append(_conll_lines([t.text for t in toks[k:]], tags[k:]))
    return "".join(out)


CHUNK = 32  # documents read, predicted and written at a time
LABELLER_FIT_DOCS = 256  # hybrid models: the weak labeller's label models are fitted on the first documents


def _extract_part(extractor, part: list, batch_size: int, relations: bool) -> list[tuple]:
    """``(prediction or None, problem or None)`` for each document of ``part``, in order. A chunk
    that fails is retried document by document, so one bad document does not sink the others."""
    from kashif.schema import validate

    try:
        preds = extractor.extract([d.text for d in part], ids=[d.id for d in part],
                                  batch_size=batch_size, relations=relations)
        out = [(p, None) for p in preds]
    except (RuntimeError, ValueError, MemoryError):
        out = []
        for d in part:
            try:
                out.append((extractor.extract([d.text], ids=[d.id], batch_size=batch_size,
                                              relations=relations)[0], None))
            except (RuntimeError, ValueError, MemoryError) as exc:
                out.append((None, f"document {d.id!r}: prediction failed ({str(exc).splitlines()[0][:200]}); "
                                  "skipped"))
    checked = []
    for pred, problem in out:
        issues = validate(pred) if pred is not None else []
        if issues:  # a bug, never a broken file
            pred, problem = None, f"document {pred.id!r}: internal error, output breaks the schema ({issues[0]}); skipped"
        checked.append((pred, problem))
    return checked


# a worker process of ``predict --num-proc``: its own model, loaded once by _init_worker
_WORKER: dict = {}


def _init_worker(model: str, quantize: bool, threads: int, batch_size: int, relations: bool, hybrid: bool | None,
                 fit_texts: list[str]) -> None:
    import torch

    torch.set_num_threads(threads)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    from kashif.inference.extractor import Extractor

    extractor = Extractor.from_pretrained(model, device="cpu", quantize=quantize, hybrid=hybrid)
    if extractor.hybrid:
        extractor.fit_labeller(fit_texts)  # the main process's fit sample: the same labels as one process
    _WORKER.update(extractor=extractor, batch_size=batch_size, relations=relations)


def _worker_part(part: list) -> list[tuple]:
    return _extract_part(_WORKER["extractor"], part, _WORKER["batch_size"], _WORKER["relations"])


def _safe_documents(extractor, docs: Iterable, batch_size: int, relations: bool, skip, bar=None,
                    num_proc: int = 1, worker_args: tuple | None = None) -> Iterator:
    """Predicted documents in input order, read lazily a chunk at a time; a document that fails
    is reported (``skip``) and left out without losing the others. ``bar`` (a progress bar)
    advances by each chunk's documents.

    With ``num_proc`` > 1 the chunks go to spawned workers that each load the model
    (``worker_args``: :func:`_init_worker`'s); spawn, not fork: a forked copy of a process that
    has run torch's OpenMP threads can hang."""
    from kashif.parallel import chunked, map_ordered

    if num_proc > 1:
        parts = map_ordered(_worker_part, chunked(docs, CHUNK), num_proc, start_method="spawn",
                            initializer=_init_worker, initargs=worker_args)
    else:
        parts = (_extract_part(extractor, part, batch_size, relations) for part in chunked(docs, CHUNK))
    for results in parts:
        if bar is not None:
            bar.update(len(results))  # one result per document of the chunk
        for pred, problem in results:
            if problem is not None:
                skip(problem)
            elif pred is not None:
                yield pred


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``predict``; returns the exit code (0 all processed, 1 some skipped, 2 unreadable)."""
    args = parse_args(argv)
    if args.num_proc is not None and args.num_proc < 1:
        _err(f"error: --num-proc must be at least 1, got {args.num_proc}")
        return 2
    logging.basicConfig(level=logging.WARNING, format=f"{PROG}: %(levelname)s %(message)s")
    warnings.filterwarnings("ignore")  # library deprecation chatter is not the user's business
    t0 = time.perf_counter()
    skipped = 0

    def skip(msg: str) -> None:
        nonlocal skipped
        skipped += 1
        _err(msg)

    # ---- an unwritable output is found before the work, not after it
    try:
        check_writable(args.output)
    except OSError as exc:
        _err(f"error: cannot write {args.output} ({exc.strerror or exc})")
        return 2

    # ---- input first: a typo in --input should not cost a model load
    from kashif.corpus import CorpusError, Spool, conll_to_doc, read_conll, read_corpus
    from kashif.text import has_arabic

    def arabic(on_error):
        for d in read_corpus(args.input, on_error=on_error):
            if has_arabic(d.text):
                yield d
            else:
                on_error(f"{args.input}: document {d.id!r} holds no Arabic text; skipped")

    # a first pass reports bad documents and counts the rest (the progress bar's total); the
    # documents are read again, lazily, while predicting, so memory stays flat in the input size
    sentences = None
    cached: list | Spool | None = None  # documents read once: CoNLL (one document), standard input (on disk)
    try:
        if args.input_format == "conll":
            sentences = read_conll(args.input, on_error=skip)
            doc = conll_to_doc(sentences, Path(args.input).stem if args.input != "-" else "stdin")[0]
            cached = [doc] if has_arabic(doc.text) else []
            if not cached:
                skip(f"{args.input}: document {doc.id!r} holds no Arabic text; skipped")
            total = len(cached)
        elif args.input == "-":  # it cannot be read twice: kept on disk for the second pass
            cached = Spool()
            total = sum(1 for _ in cached.keep(arabic(skip)))
        else:
            total = sum(1 for _ in arabic(skip))
    except CorpusError as exc:
        _err(f"error: {exc}")
        return 2
    except OSError as exc:
        _err(f"error: {args.input}: cannot read ({exc.strerror or exc})")
        return 2
    if not total:
        _err(f"error: nothing to predict in {args.input}")
        return 1
    docs = iter(cached) if cached is not None else arabic(lambda msg: None)

    # ---- model
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    from kashif.inference.extractor import Extractor
    from kashif.model import ModelLoadError

    try:
        extractor = Extractor.from_pretrained(args.model, device=args.device, quantize=args.quantize,
                                              hybrid=False if args.model_only else None)
    except (ModelLoadError, OSError, ValueError) as exc:
        _err(f"error: {exc}")
        return 2
    relations = not args.no_relations
    from kashif.parallel import default_num_proc

    cores, num_proc = default_num_proc(), 1
    if extractor.device.type == "cpu" and args.format != "html" and args.input_format != "conll":
        num_proc = max(1, min(args.num_proc or cores, -(-total // CHUNK)))  # no more workers than chunks
    fit_texts: list[str] = []
    if extractor.hybrid and sentences is None:  # the labeller's fit sample: the first documents
        sample = iter(cached) if cached is not None else arabic(lambda msg: None)
        fit_texts = [d.text for _, d in zip(range(LABELLER_FIT_DOCS), sample)]
        if num_proc == 1:  # else each worker fits its own on the same texts (_init_worker)
            extractor.fit_labeller(fit_texts)
    worker_args = (args.model, args.quantize, max(1, cores // num_proc), args.batch_size, relations,
                   False if args.model_only else None, fit_texts)

    # ---- predict and write
    from kashif.parallel import progress

    n_docs = n_ent = n_rel = chars = 0
    out: _Output | None = None
    bar = progress(total, quiet=args.quiet, desc=PROG)
    try:
        if args.format == "html":
            from kashif.inference.html import write_html

            preds = list(_safe_documents(extractor, docs, args.batch_size, relations, skip, bar))
            if args.output == "-":
                from kashif.inference.html import render_html

                sys.stdout.write(render_html(preds))
                sys.stdout.flush()
            else:
                write_html(preds, args.output)
            for p in preds:
                n_docs, chars = n_docs + 1, chars + len(p.text)
                n_ent, n_rel = n_ent + len(p.entities), n_rel + len(p.relations)
        else:
            out = _Output(args.output)
            if args.format == "conll" and sentences is not None:
                tags = extractor.extract_conll(sentences, batch_size=args.batch_size)
                out.write("".join(_conll_lines(s.tokens, t) for s, t in zip(sentences, tags)))
                bar.update(1)
                n_docs, chars = 1, sum(len(d.text) for d in cached or ())
                n_ent = sum(tag.startswith("B-") for t in tags for tag in t)
            else:
                for pred in _safe_documents(extractor, docs, args.batch_size, relations, skip, bar, num_proc,
                                            worker_args):
                    out.write(json.dumps(pred.to_dict(), ensure_ascii=False) + "\n" if args.format == "jsonl"
                              else _doc_conll(pred))
                    out.flush()
                    n_docs, chars = n_docs + 1, chars + len(pred.text)
                    n_ent, n_rel = n_ent + len(pred.entities), n_rel + len(pred.relations)
            out.commit()
    except KeyboardInterrupt:
        partial = out.keep_partial() if out is not None else None
        _err("interrupted" + (f"; documents finished so far are in {partial}" if partial else ""))
        return 130
    except OSError as exc:
        if out is not None:
            out.discard()
        _err(f"error: cannot write {args.output} ({exc.strerror or exc})")
        return 2
    finally:
        bar.close()
    dt = time.perf_counter() - t0
    _err(f"{n_docs} document(s), {n_ent} entities, {n_rel} relations, {chars:,} characters in {dt:.2f}s "
         f"({chars / max(dt, 1e-9):,.0f} chars/s) on {extractor.device}{' (int8)' if args.quantize else ''}; "
         f"{skipped} skipped")
    return 1 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
