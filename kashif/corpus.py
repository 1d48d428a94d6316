"""One corpus reader for every command.

Inputs: a ``.txt`` file (one document, id = file stem), a folder of ``.txt`` files (id = file
stem, sorted), a ``.jsonl`` file with ``{"id", "text"}`` per line, ``-`` for standard input
(one document, or JSONL when every line is a JSON object), or CoNLL (one token per line,
optionally followed by a tag, a blank line between sentences).

Problems with one document (invalid UTF-8, a malformed JSONL line, an empty text) are reported
through ``on_error`` and the document is skipped; problems that make the whole input unreadable
(a missing path, an empty folder) raise :class:`CorpusError` with a one-line message.

Reading is lazy: a JSONL file (or JSONL on standard input) is read line by line and a folder file
by file, so a corpus of any size streams through in bounded memory; plain text on standard input
is one document, read whole; CoNLL (a file or standard input) is read a line at a time. :class:`Spool` keeps documents read once (standard input) for a
second pass, on disk.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

#: The CoNLL document boundary line (``-DOCSTART- O``); read as a sentence break.
DOCSTART = "-DOCSTART-"

#: Documents larger than this are refused (reported and skipped), not silently truncated.
MAX_DOC_CHARS = 20_000_000


class CorpusError(ValueError):
    """The input cannot be read at all."""


@dataclass(frozen=True)
class RawDoc:
    id: str
    text: str


@dataclass(frozen=True)
class ConllSentence:
    """One CoNLL sentence: its tokens and, when the file has them, its tags."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...] | None


def _warn(msg: str) -> None:
    log.warning(msg)


def _decode(data: bytes, where: str, on_error: Callable[[str], None]) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        on_error(f"{where}: not valid UTF-8 (byte {exc.start}); skipped")
        return None
    if "\x00" in text:
        on_error(f"{where}: contains NUL bytes (binary file?); skipped")
        return None
    return text


def _check_text(doc_id: str, text: str, where: str, on_error: Callable[[str], None]) -> bool:
    if not text.strip():
        on_error(f"{where}: document {doc_id!r} is empty; skipped")
        return False
    if "\x00" in text:  # a JSON "\u0000" escape: the same rule as NUL bytes in a .txt file
        on_error(f"{where}: document {doc_id!r} contains NUL characters; skipped")
        return False
    if len(text) > MAX_DOC_CHARS:
        on_error(f"{where}: document {doc_id!r} has {len(text):,} characters, over the "
                 f"{MAX_DOC_CHARS:,} limit; skipped")
        return False
    return True


def _jsonl_docs(lines: Iterable[str | bytes], where: str, on_error: Callable[[str], None]) -> Iterator[RawDoc]:
    """Documents of JSONL lines (``str``, or ``bytes`` decoded one line at a time so that one
    bad line is reported with its number and skipped, not the whole file)."""
    seen: set[str] = set()
    for ln, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            if ln == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                on_error(f"{where}:{ln}: not valid UTF-8 (byte {exc.start}); skipped")
                continue
            if "\x00" in line:
                on_error(f"{where}:{ln}: contains NUL bytes (binary file?); skipped")
                continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(f"{where}:{ln}: invalid JSON ({exc.msg}); skipped")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            on_error(f"{where}:{ln}: expected an object with a string 'text'; skipped")
            continue
        doc_id = str(obj.get("id", f"line-{ln}"))
        if doc_id in seen:
            on_error(f"{where}:{ln}: duplicate id {doc_id!r}; skipped")
            continue
        if _check_text(doc_id, obj["text"], f"{where}:{ln}", on_error):
            seen.add(doc_id)
            yield RawDoc(doc_id, obj["text"])


def _stdin_docs(stream: BinaryIO, on_error: Callable[[str], None]) -> Iterator[RawDoc]:
    """Standard input as it comes: JSONL line by line when its first non-empty line is a JSON
    object, else one document (read whole)."""
    head: list[bytes] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    if b"".join(head).removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        yield from _jsonl_docs(itertools.chain(head, stream), "<stdin>", on_error)
        return
    text = _decode(b"".join(head) + stream.read(), "<stdin>", on_error)
    if text is not None and _check_text("stdin", text, "<stdin>", on_error):
        yield RawDoc("stdin", text)


class Spool:
    """Documents kept on disk as they pass (:meth:`keep`), read back lazily (iteration): a
    second pass over standard input, which cannot be read twice, in bounded memory. The file is
    anonymous: it disappears when closed or when the process ends."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile()

    def keep(self, docs: Iterable[RawDoc]) -> Iterator[RawDoc]:
        for d in docs:
            self._fh.write((json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) + "\n").encode("utf-8"))
            yield d

    def __iter__(self) -> Iterator[RawDoc]:
        self._fh.flush()
        self._fh.seek(0)
        for line in self._fh:
            obj = json.loads(line)
            yield RawDoc(obj["id"], obj["text"])

    def close(self) -> None:
        self._fh.close()


def read_corpus(path: str | Path, on_error: Callable[[str], None] = _warn) -> Iterator[RawDoc]:
    """Documents of a ``.txt`` file, folder of ``.txt`` files, ``.jsonl`` file or ``-`` (stdin)."""
    if str(path) == "-":
        yield from _stdin_docs(sys.stdin.buffer, on_error)
        return
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder")
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix == ".txt" and f.is_file())
        if not files:
            raise CorpusError(f"{p}: folder holds no .txt files")
        for f in files:
            text = _decode(f.read_bytes(), str(f), on_error)
            if text is not None and _check_text(f.stem, text, str(f), on_error):
                yield RawDoc(f.stem, text)
        return
    if p.suffix == ".jsonl":
        with p.open("rb") as fh:  # line by line: memory stays flat in the file's size
            yield from _jsonl_docs(fh, str(p), on_error)
        return
    text = _decode(p.read_bytes(), str(p), on_error)
    if text is not None and _check_text(p.stem, text, str(p), on_error):
        yield RawDoc(p.stem, text)


def read_conll(path: str | Path, on_error: Callable[[str], None] = _warn) -> list[ConllSentence]:
    """Sentences of a CoNLL file: ``token`` or ``token TAG`` per line, blank line between
    sentences (``-DOCSTART-`` lines separate documents and are dropped). A line with an empty
    token field, more than two fields or bytes that are not UTF-8 is reported and skipped. Tags
    are kept when every line has one. Read a line at a time, a file or standard input alike:
    memory holds the sentences, never the raw input. Raises :class:`CorpusError` when the file
    cannot be read or holds no sentence."""
    if str(path) == "-":
        out = _conll_sentences(sys.stdin.buffer, "<stdin>", on_error)
        where = "<stdin>"
    else:
        p = Path(path)
        if not p.is_file():
            raise CorpusError(f"{p}: no such file")
        with p.open("rb") as fh:
            out = _conll_sentences(fh, str(p), on_error)
        where = str(p)
    if not out:
        raise CorpusError(f"{where}: no CoNLL sentences")
    return out


def _conll_sentences(lines: Iterable[bytes], where: str, on_error: Callable[[str], None]) -> list[ConllSentence]:
    out: list[ConllSentence] = []
    toks: list[str] = []
    tags: list[str | None] = []

    def flush() -> None:
        if toks:
            has = all(t is not None for t in tags)
            out.append(ConllSentence(tuple(toks), tuple(tags) if has else None))  # type: ignore[arg-type]
            toks.clear()
            tags.clear()

    for ln, raw in enumerate(lines, 1):
        if ln == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            on_error(f"{where}:{ln}: not valid UTF-8 (byte {exc.start}); skipped")
            continue
        parts = line.split()
        if not parts or parts[0] == DOCSTART:
            flush()
        elif line[0].isspace():  # "\tO": the token field is empty, the tag would become the token
            on_error(f"{where}:{ln}: line starts with a separator (empty token); skipped")
        elif len(parts) > 2:
            on_error(f"{where}:{ln}: expected 'token' or 'token TAG', got {len(parts)} fields; skipped")
        else:
            toks.append(parts[0])
            tags.append(parts[1] if len(parts) == 2 else None)
    flush()
    return out


def conll_to_doc(sentences: list[ConllSentence], doc_id: str) -> tuple[RawDoc, list[list[tuple[int, int]]]]:
    """Join CoNLL sentences into one text (tokens separated by spaces, sentences by newlines)
    and return it with each sentence's token offsets, so spans map back onto tokens."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for sent in sentences:
        offs = []
        for tok in sent.tokens:
            offs.append((pos, pos + len(tok)))
            parts.append(tok)
            parts.append(" ")
            pos += len(tok) + 1
        parts[-1] = "\n"
        offsets.append(offs)
    return RawDoc(doc_id, "".join(parts)), offsets
