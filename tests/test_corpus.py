"""kashif.corpus: every input kind, and bad input reported (not raised) or refused clearly."""

from __future__ import annotations

import io
import json
import sys

import pytest

import kashif.corpus as corpus
from kashif.corpus import ConllSentence, CorpusError, RawDoc, Spool, conll_to_doc, read_conll, read_corpus

ART1 = "استخدم تنظيم داعش غاز الكلور في سوريا.\nوقال جون دوريان إن القوات العراقية في الموصل.\n"
ART2 = "قصفت الطائرات مطار ديرالزور العسكري."


def read(path, errors: list[str] | None = None) -> list[RawDoc]:
    errors = [] if errors is None else errors
    return list(read_corpus(path, on_error=errors.append))


def set_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_txt_file_kept_byte_for_byte(tmp_path):
    f = tmp_path / "000_abc.txt"
    f.write_bytes(("\ufeff" + ART1.replace("\n", "\r\n")).encode("utf-8"))
    # the BOM is an encoding mark, not text; \r\n stays as written (offsets into the original)
    assert read(f) == [RawDoc("000_abc", ART1.replace("\n", "\r\n"))]


def test_folder_of_txt_files_sorted_by_name(tmp_path):
    (tmp_path / "b.txt").write_text(ART2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ART1, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ليس نصا", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()
    assert read(tmp_path) == [RawDoc("a", ART1), RawDoc("b", ART2)]


def test_jsonl_file(tmp_path):
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"id": "x1", "text": ART1}, ensure_ascii=False) + "\n\n"
                 + json.dumps({"text": ART2, "extra": 1}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read(f) == [RawDoc("x1", ART1), RawDoc("line-3", ART2)]


def test_jsonl_bad_lines_reported_and_skipped(tmp_path):
    f = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ART1}, ensure_ascii=False),
        '{"id": "b", "text": ',
        json.dumps({"id": "c", "text": 5}),
        json.dumps({"id": "a", "text": ART2}, ensure_ascii=False),
        json.dumps({"id": "d", "text": "  \n"}),
        json.dumps({"id": "e", "text": ART2}, ensure_ascii=False),
    ]
    f.write_text("\n".join(lines), encoding="utf-8")
    errors: list[str] = []
    assert read(f, errors) == [RawDoc("a", ART1), RawDoc("e", ART2)]
    assert errors == [
        f"{f}:2: invalid JSON (Expecting value); skipped",
        f"{f}:3: expected an object with a string 'text'; skipped",
        f"{f}:4: duplicate id 'a'; skipped",
        f"{f}:5: document 'd' is empty; skipped",
    ]


def test_stdin_plain_text(monkeypatch):
    set_stdin(monkeypatch, ART1.encode("utf-8"))
    assert read("-") == [RawDoc("stdin", ART1)]


def test_stdin_jsonl(monkeypatch):
    data = "\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in (("p", ART1), ("q", ART2)))
    set_stdin(monkeypatch, data.encode("utf-8"))
    assert read("-") == [RawDoc("p", ART1), RawDoc("q", ART2)]


class LinesOnly(io.BytesIO):
    """Standard input that may only be read a line at a time (reading it whole fails the test)."""

    def read(self, *args):
        raise AssertionError("standard input was read whole")


def test_stdin_jsonl_streams_line_by_line(monkeypatch):
    lines = [json.dumps({"id": f"d{k}", "text": ART1}, ensure_ascii=False) for k in range(50)]
    lines.insert(3, "{not json")
    data = ("\n" + "\n".join(lines) + "\n").encode("utf-8")  # a blank first line, a bad one at line 5
    stream = LinesOnly(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(stream, encoding="utf-8"))
    errors: list[str] = []
    docs = read_corpus("-", on_error=errors.append)
    assert next(docs) == RawDoc("d0", ART1)
    assert stream.tell() < len(data) // 10  # the first document came before the rest was read
    assert [d.id for d in docs] == [f"d{k}" for k in range(1, 50)]
    assert errors == ["<stdin>:5: invalid JSON (Expecting property name enclosed in double quotes); skipped"]


def test_spool_reads_documents_back_as_often_as_asked():
    docs = [RawDoc("a", ART1), RawDoc("b", ART2 + "\n\u2028x")]
    spool = Spool()
    assert list(spool.keep(iter(docs))) == docs
    assert list(spool) == docs and list(spool) == docs
    spool.close()


def test_stdin_bad_bytes_reported(monkeypatch):
    set_stdin(monkeypatch, b"\xff\xfe\x00bad")
    errors: list[str] = []
    assert read("-", errors) == []
    assert errors == ["<stdin>: not valid UTF-8 (byte 0); skipped"]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "document 'd' is empty; skipped"),
    (b" \n\t\n", "document 'd' is empty; skipped"),
    ("داعش".encode() + b"\xd8", "not valid UTF-8 (byte 8); skipped"),
    ("داعش\x00سوريا".encode(), "contains NUL bytes (binary file?); skipped"),
])
def test_bad_txt_reported_and_skipped(tmp_path, data, message):
    f = tmp_path / "d.txt"
    f.write_bytes(data)
    errors: list[str] = []
    assert read(f, errors) == []
    assert errors == [f"{f}: {message}"]


def test_folder_skips_bad_files_keeps_good(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\xff\xff")
    (tmp_path / "b.txt").write_text(ART2, encoding="utf-8")
    errors: list[str] = []
    assert read(tmp_path, errors) == [RawDoc("b", ART2)]
    assert len(errors) == 1 and "a.txt: not valid UTF-8" in errors[0]


def test_large_document_read_whole(tmp_path):
    text = (ART1 * 40_000)[: 2_900_000]  # 2.9M characters, mostly Arabic: over 5 MB of UTF-8
    f = tmp_path / "big.txt"
    f.write_text(text, encoding="utf-8")
    assert f.stat().st_size > 5_000_000
    docs = read(f)
    assert len(docs) == 1 and docs[0].text == text


def test_document_over_the_limit_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_DOC_CHARS", 50)
    f = tmp_path / "long.txt"
    f.write_text(ART1, encoding="utf-8")
    errors: list[str] = []
    assert read(f, errors) == []
    assert errors == [f"{f}: document 'long' has {len(ART1)} characters, over the 50 limit; skipped"]


def test_unreadable_inputs_raise(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        read(tmp_path / "missing.txt")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="folder holds no .txt files"):
        read(tmp_path / "empty")


# ---------------------------------------------------------------------------------- CoNLL


def test_read_conll_with_tags(tmp_path):
    f = tmp_path / "a.conll"
    f.write_text("قال O\nجون B-PERS\nدوريان I-PERS\n\n\nفي O\nالعراق B-LOC\n", encoding="utf-8")
    assert read_conll(f) == [
        ConllSentence(("قال", "جون", "دوريان"), ("O", "B-PERS", "I-PERS")),
        ConllSentence(("في", "العراق"), ("O", "B-LOC")),
    ]


def test_read_conll_without_tags_and_bad_lines(tmp_path):
    f = tmp_path / "a.conll"
    f.write_text("قال\nجون\n\nفي العراق اليوم\nدمشق\n", encoding="utf-8")
    errors: list[str] = []
    assert read_conll(f, on_error=errors.append) == [
        ConllSentence(("قال", "جون"), None),
        ConllSentence(("دمشق",), None),
    ]
    assert errors == [f"{f}:4: expected 'token' or 'token TAG', got 3 fields; skipped"]


def test_read_conll_partly_tagged_sentence_has_no_tags(tmp_path):
    f = tmp_path / "a.conll"
    f.write_text("قال O\nجون\n", encoding="utf-8")
    assert read_conll(f) == [ConllSentence(("قال", "جون"), None)]


def test_read_conll_stdin(monkeypatch):
    set_stdin(monkeypatch, "دمشق B-LOC\n".encode())
    assert read_conll("-") == [ConllSentence(("دمشق",), ("B-LOC",))]


def test_read_conll_unreadable(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        read_conll(tmp_path / "missing.conll")
    empty = tmp_path / "empty.conll"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no CoNLL sentences"):
        read_conll(empty)
    bad = tmp_path / "bad.conll"
    bad.write_bytes(b"\xff O\n")
    errors: list[str] = []
    with pytest.raises(CorpusError, match="no CoNLL sentences"):
        read_conll(bad, on_error=errors.append)
    assert errors == [f"{bad}:1: not valid UTF-8 (byte 0); skipped"]


def test_conll_line_that_is_not_utf8_is_reported_and_skipped(tmp_path):
    """Like a bad JSONL line: the file and line are reported, the other lines all read."""
    f = tmp_path / "a.conll"
    f.write_bytes("\ufeffقال O\n".encode() + b"J\xe9r\xf4me B-PER\n" + "جون B-PER\n\nفي O\n".encode())
    errors: list[str] = []
    assert read_conll(f, on_error=errors.append) == [ConllSentence(("قال", "جون"), ("O", "B-PER")),
                                                     ConllSentence(("في",), ("O",))]
    assert errors == [f"{f}:2: not valid UTF-8 (byte 1); skipped"]


def test_conll_stdin_is_read_a_line_at_a_time(monkeypatch):
    class LinesOnly(io.BytesIO):
        def read(self, *args):
            raise AssertionError("standard input was read whole")

    data = "".join(f"كلمة{k} O\n" + ("\n" if k % 3 == 2 else "") for k in range(9)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(LinesOnly(data), encoding="utf-8"))
    sents = read_conll("-")
    assert [s.tokens for s in sents] == [tuple(f"كلمة{k}" for k in range(i, i + 3)) for i in (0, 3, 6)]


def test_conll_to_doc_offsets():
    sents = [ConllSentence(("قال", "جون", "دوريان"), None), ConllSentence(("في", "العراق"), None)]
    doc, offsets = conll_to_doc(sents, "conll")
    assert doc == RawDoc("conll", "قال جون دوريان\nفي العراق\n")
    assert offsets == [[(0, 3), (4, 7), (8, 14)], [(15, 17), (18, 24)]]
    for sent, offs in zip(sents, offsets):
        assert [doc.text[s:e] for s, e in offs] == list(sent.tokens)


def test_nul_in_a_json_text_is_skipped_like_nul_bytes_in_a_txt(tmp_path):
    """Issue 12 item 4: the same rule for a "\\u0000" escape as for a NUL byte in a .txt file."""
    f = tmp_path / "docs.jsonl"
    f.write_text(json.dumps({"id": "nul", "text": ART1 + "\u0000" + ART2}) + "\n"
                 + json.dumps({"id": "ok", "text": ART2}, ensure_ascii=False) + "\n", encoding="utf-8")
    errors: list[str] = []
    assert read(f, errors) == [RawDoc("ok", ART2)]
    assert errors == [f"{f}:1: document 'nul' contains NUL characters; skipped"]


def test_conll_line_with_an_empty_token_is_skipped(tmp_path):
    """Issue 12 item 5: "\\tO" has no token; the tag must not become one."""
    f = tmp_path / "a.conll"
    f.write_text("قال O\n\tO\n  B-PER\nجون B-PER\n", encoding="utf-8")
    errors: list[str] = []
    assert read_conll(f, on_error=errors.append) == [ConllSentence(("قال", "جون"), ("O", "B-PER"))]
    assert errors == [f"{f}:2: line starts with a separator (empty token); skipped",
                      f"{f}:3: line starts with a separator (empty token); skipped"]


def test_conll_docstart_lines_separate_documents(tmp_path):
    f = tmp_path / "a.conll"
    f.write_text("-DOCSTART- O\n\nقال O\n-DOCSTART- O\nجون B-PER\n", encoding="utf-8")
    assert read_conll(f) == [ConllSentence(("قال",), ("O",)), ConllSentence(("جون",), ("B-PER",))]
