"""``kashif review export|import|rank|push|pull``: the analyst review loop through Label Studio.

Exit codes: 0 done (some documents or tasks may have been reported and skipped), 1 nothing to
export / import / rank, 2 an input cannot be read, an output cannot be written or the server
cannot be reached. Problems are one line each on stderr; outputs are written atomically.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from kashif.files import write_text
from kashif.schema import Document, SchemaError, validate, write_jsonl

PROG = "kashif review"
log = logging.getLogger(__name__)


def _err(cmd: str, msg: str) -> None:
    print(f"{PROG} {cmd}: {msg}", file=sys.stderr, flush=True)


def read_documents(path: str, on_error: Callable[[str], None]) -> list[Document]:
    """Valid documents of an ANNOTATION.md JSONL file; a malformed line, a document breaking the
    schema or a repeated id is reported through ``on_error`` and skipped. Raises ``OSError`` /
    ``UnicodeDecodeError`` when the file cannot be read."""
    out: list[Document] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{ln}"
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                on_error(f"{where}: invalid JSON ({exc.msg}); skipped")
                continue
            if not isinstance(d, dict) or "id" not in d or not isinstance(d.get("text"), str):
                on_error(f"{where}: expected an object with 'id' and 'text'; skipped")
                continue
            try:
                doc = Document.from_dict(d)
            except SchemaError as exc:
                on_error(f"{where}: {exc}; skipped")
                continue
            problems = validate(doc)
            if problems:
                on_error(f"{where}: document {doc.id!r} breaks the schema ({problems[0]}); skipped")
            elif doc.id in seen:
                on_error(f"{where}: document id {doc.id!r} repeated; skipped")
            else:
                seen.add(doc.id)
                out.append(doc)
    return out


def _load(cmd: str, path: str) -> list[Document] | int:
    try:
        docs = read_documents(path, lambda m: _err(cmd, m))
    except FileNotFoundError:
        _err(cmd, f"error: {path}: no such file")
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        why = "not valid UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        _err(cmd, f"error: {path}: cannot read ({why})")
        return 2
    if not docs:
        _err(cmd, f"error: no valid document in {path}")
        return 1
    return docs


def _write(cmd: str, what: Callable[[], object], path: str) -> int:
    try:
        what()
    except OSError as exc:
        _err(cmd, f"error: cannot write {path} ({exc.strerror or exc})")
        return 2
    return 0


# ------------------------------------------------------------------------------ export


def export_tasks(docs: Sequence[Document], voters: bool = True, aggregator: str = "dawid-skene") -> list[dict]:
    """Label Studio tasks of ``docs`` (in their order), with the weak labeller's voters when asked."""
    from kashif.review.tasks import document_to_task

    evidence = {}
    if voters:
        from kashif.review.evidence import weak_views

        evidence = {v.document.id: v.evidence for v in weak_views(docs, aggregator)}
    return [document_to_task(d, evidence.get(d.id)) for d in docs]


def _export(args: argparse.Namespace) -> int:
    from kashif.review.tasks import labelling_config, task_json

    docs = _load("export", args.input)
    if isinstance(docs, int):
        return docs
    tasks = export_tasks(docs, voters=not args.no_voters, aggregator=args.aggregator)
    rc = _write("export", lambda: write_text(args.output, task_json(tasks)), args.output)
    if not rc and args.config_out:
        rc = _write("export", lambda: write_text(args.config_out, labelling_config()), args.config_out)
    if not rc:
        n_ent = sum(len(d.entities) for d in docs)
        n_rel = sum(len(d.relations) for d in docs)
        _err("export", f"wrote {len(tasks)} task(s) with {n_ent} entities and {n_rel} relations to {args.output}")
    return rc


# ------------------------------------------------------------------------------ import


def _import(args: argparse.Namespace) -> int:
    from kashif.review.tasks import TaskError, import_tasks, read_tasks

    try:
        tasks = read_tasks(args.input)
    except TaskError as exc:
        _err("import", f"error: {exc}")
        return 2
    skipped = 0

    def on_error(msg: str) -> None:
        nonlocal skipped
        skipped += 1
        _err("import", msg)

    docs = import_tasks(tasks, on_error, source=args.source)
    if not docs:
        _err("import", f"error: no reviewed task could be imported from {args.input} "
                       f"({len(tasks)} task(s), {skipped} broken)")
        return 1
    rc = _write("import", lambda: write_jsonl(docs, args.output), args.output)
    if not rc:
        _err("import", f"imported {len(docs)} document(s) to {args.output}; {skipped} task(s) skipped, "
                       f"{len(tasks) - len(docs) - skipped} not reviewed")
    return rc


# ------------------------------------------------------------------------------ rank


def _predictions(args: argparse.Namespace, docs: list[Document]) -> dict[str, Document] | None | int:
    if args.predictions:
        pred = _load("rank", args.predictions)
        return pred if isinstance(pred, int) else {d.id: d for d in pred}
    if args.model:
        from kashif.evaluation import EvaluationError, _extractor

        try:
            ex = _extractor(args.model, "auto")
        except EvaluationError as exc:
            _err("rank", f"error: {exc}")
            return 2
        return {p.id: p for p in ex.extract([d.text for d in docs], ids=[d.id for d in docs])}
    return None


def _rank(args: argparse.Namespace) -> int:
    from kashif.review.evidence import weak_views
    from kashif.review.rank import rank

    docs = _load("rank", args.input)
    if isinstance(docs, int):
        return docs
    preds = _predictions(args, docs)
    if isinstance(preds, int):
        return preds
    ranked = rank(weak_views(docs, args.aggregator), preds)
    by_id = {d.id: d for d in docs}
    rc = _write("rank", lambda: write_jsonl([by_id[r.id] for r in ranked], args.output), args.output)
    if not rc and args.scores:
        lines = [json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in ranked]
        rc = _write("rank", lambda: write_text(args.scores, lines), args.scores)
    if not rc:
        print(f"{'rank':>4}  {'worth/1k chars':>14}  {'chars':>6}  id", file=sys.stderr)
        for k, r in enumerate(ranked[:args.top], 1):
            print(f"{k:>4}  {r.worth:>14.3f}  {r.chars:>6}  {r.id}", file=sys.stderr)
    return rc


# ------------------------------------------------------------------------------ push / pull


def _client(cmd: str, url: str):
    from kashif.review.live import LiveError, connect

    key = os.environ.get("LABEL_STUDIO_API_KEY")
    if not key:
        _err(cmd, "error: set LABEL_STUDIO_API_KEY to your Label Studio access token")
        return None
    try:
        return connect(url, key)
    except LiveError as exc:
        _err(cmd, f"error: {exc}")
        return None


def _push(args: argparse.Namespace) -> int:
    from kashif.review.live import LiveError, push
    from kashif.review.tasks import TaskError, labelling_config, read_tasks

    try:
        tasks = read_tasks(args.input)
    except TaskError as exc:
        _err("push", f"error: {exc}")
        return 2
    config = labelling_config()
    if args.config:
        try:
            config = Path(args.config).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _err("push", f"error: {args.config}: cannot read ({exc})")
            return 2
    client = _client("push", args.url)
    if client is None:
        return 2
    try:
        project_id, n = push(client, args.project, tasks, config)
    except LiveError as exc:
        _err("push", f"error: {exc}")
        return 2
    _err("push", f"imported {n} task(s) into project {args.project!r} (id {project_id}) at {args.url}")
    return 0


def _pull(args: argparse.Namespace) -> int:
    from kashif.review.live import LiveError, pull
    from kashif.review.tasks import import_tasks, task_json

    client = _client("pull", args.url)
    if client is None:
        return 2
    try:
        tasks = pull(client, args.project)
    except LiveError as exc:
        _err("pull", f"error: {exc}")
        return 2
    if args.raw:
        rc = _write("pull", lambda: write_text(args.raw, task_json(tasks)), args.raw)
        if rc:
            return rc
    skipped = 0

    def on_error(msg: str) -> None:
        nonlocal skipped
        skipped += 1
        _err("pull", msg)

    docs = import_tasks(tasks, on_error)
    if not docs:
        _err("pull", f"error: no reviewed task in project {args.project!r} ({len(tasks)} task(s), {skipped} broken)")
        return 1
    rc = _write("pull", lambda: write_jsonl(docs, args.output), args.output)
    if not rc:
        _err("pull", f"imported {len(docs)} reviewed document(s) to {args.output}; {skipped} task(s) skipped")
    return rc


# ------------------------------------------------------------------------------ entry point


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog=PROG, description="Review weak labels or predictions in Label Studio "
                                "and bring the corrections back as ANNOTATION.md JSONL.")
    sub = p.add_subparsers(dest="cmd", required=True)

    e = sub.add_parser("export", help="documents -> Label Studio tasks with pre-annotations (+ config XML)")
    e.add_argument("--input", required=True, help="ANNOTATION.md JSONL: kashif label or predict output")
    e.add_argument("--output", required=True, help="Label Studio tasks (JSON)")
    e.add_argument("--config-out", help="write the labelling config XML here")
    e.add_argument("--no-voters", action="store_true", help="do not rerun the weak labeller for the voters")
    e.add_argument("--aggregator", choices=("dawid-skene", "majority"), default="dawid-skene")

    i = sub.add_parser("import", help="Label Studio JSON export -> ANNOTATION.md JSONL (validated)")
    i.add_argument("--input", required=True, help="Label Studio JSON export (or JSONL of tasks)")
    i.add_argument("--output", required=True, help="ANNOTATION.md JSONL of the reviewed documents")
    i.add_argument("--source", choices=("annotations", "predictions"), default="annotations",
                   help="read the submitted annotations (default) or the pre-annotations")

    r = sub.add_parser("rank", help="order documents by what a correction is worth (active learning)")
    r.add_argument("--input", required=True, help="ANNOTATION.md JSONL (weak labels or predictions)")
    r.add_argument("--output", required=True, help="the same documents, most worth reviewing first")
    r.add_argument("--scores", help="write each document's worth and its parts here (JSONL)")
    r.add_argument("--predictions", help="a model's predictions (JSONL) to measure disagreement with")
    r.add_argument("--model", help="a model folder or Hub id: predict, then measure disagreement")
    r.add_argument("--aggregator", choices=("dawid-skene", "majority"), default="dawid-skene")
    r.add_argument("--top", type=int, default=10, help="rows of the table printed to stderr")

    u = sub.add_parser("push", help="create (or reuse) a Label Studio project and import tasks")
    u.add_argument("--url", required=True, help="Label Studio server, e.g. http://localhost:8080")
    u.add_argument("--project", required=True, help="project title (created when missing)")
    u.add_argument("--input", required=True, help="tasks from 'kashif review export'")
    u.add_argument("--config", help="labelling config XML (default: Kashif's)")

    g = sub.add_parser("pull", help="export a project's reviewed tasks into ANNOTATION.md JSONL")
    g.add_argument("--url", required=True)
    g.add_argument("--project", required=True, help="project title")
    g.add_argument("--output", required=True, help="ANNOTATION.md JSONL of the reviewed documents")
    g.add_argument("--raw", help="also keep Label Studio's JSON export here")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    return {"export": _export, "import": _import, "rank": _rank, "push": _push, "pull": _pull}[args.cmd](args)
