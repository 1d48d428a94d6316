"""The ``predict`` command: formats, inputs, robustness and exit codes, and ``evaluate.py --model``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kashif.corpus import read_conll
from kashif.inference.cli import main
from kashif.schema import read_jsonl, validate
from kashif.text import tokenize

REPO = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "gold" / "seed-000.jsonl"
SEEDS = REPO / "data" / "raw" / "seeds"


def _words(text: str) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in tokenize(text) if t.is_word]


def test_jsonl_folder_to_file(tiny_model_dir, tmp_path, capsys):
    out = tmp_path / "o" / "pred.jsonl"
    assert main(["--model", str(tiny_model_dir), "--input", str(SEEDS), "--output", str(out)]) == 0
    docs = list(read_jsonl(out))
    assert [d.id for d in docs] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(validate(d) == [] for d in docs)
    assert all(d.text == (SEEDS / f"{d.id}.txt").read_text(encoding="utf-8") for d in docs)
    assert os.listdir(out.parent) == ["pred.jsonl"]  # no temporary file left behind
    err = capsys.readouterr().err
    assert "5 document(s)" in err and "0 skipped" in err


def test_exact_entities_to_stdout_and_no_relations(person_model_dir, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "قال “جون دوريان” في دمشق."}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    assert main(["--model", str(person_model_dir), "--input", str(src), "--no-relations"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    d = json.loads(line)
    assert [(e["start"], e["end"], e["text"], e["type"]) for e in d["entities"]] == [
        (0, 3, "قال", "PER"), (5, 8, "جون", "PER"), (9, 15, "دوريان", "PER"),
        (17, 19, "في", "PER"), (20, 24, "دمشق", "PER")]
    assert d["relations"] == []


def test_conll_in_conll_out_keeps_tokens(person_model_dir, tmp_path, capsys):
    src = tmp_path / "in.conll"
    src.write_text("داعش B-ORG\nفي O\nسوريا B-GPE\n\n(د O\nب) O\n", encoding="utf-8")
    out = tmp_path / "pred.conll"
    rc = main(["--model", str(person_model_dir), "--input", str(src), "--input-format", "conll",
               "--format", "conll", "--output", str(out)])
    assert rc == 0
    assert out.read_text(encoding="utf-8") == "داعش B-PER\nفي B-PER\nسوريا B-PER\n\n(د B-PER\nب) B-PER\n\n"
    assert [s.tokens for s in read_conll(out)] == [s.tokens for s in read_conll(src)]


def test_plain_input_to_conll_splits_sentences(person_model_dir, tmp_path, capsys):
    src = tmp_path / "doc.txt"
    src.write_text("وصل لافروف.\nقال: نعم", encoding="utf-8")
    assert main(["--model", str(person_model_dir), "--input", str(src), "--format", "conll"]) == 0
    assert capsys.readouterr().out == ("-DOCSTART- O\n\nوصل B-PER\nلافروف B-PER\n. O\n\nقال B-PER\n: O\nنعم B-PER\n\n")


def test_conll_output_marks_document_boundaries(person_model_dir, tmp_path, capsys):
    """Issue 12 item 19: several documents in CoNLL are told apart by -DOCSTART- lines."""
    src = tmp_path / "docs.jsonl"
    src.write_text('{"id": "a", "text": "وصل لافروف"}\n{"id": "b", "text": "قال نعم"}\n', encoding="utf-8")
    out = tmp_path / "pred.conll"
    assert main(["--model", str(person_model_dir), "--input", str(src), "--format", "conll",
                 "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text == "-DOCSTART- O\n\nوصل B-PER\nلافروف B-PER\n\n-DOCSTART- O\n\nقال B-PER\nنعم B-PER\n\n"
    assert [s.tokens for s in read_conll(out)] == [("وصل", "لافروف"), ("قال", "نعم")]


def test_html_output(tiny_model_dir, tmp_path):
    out = tmp_path / "page.html"
    assert main(["--model", str(tiny_model_dir), "--input", str(sorted(SEEDS.glob("*.txt"))[0]), "--format", "html",
                 "--output", str(out), "--no-relations"]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page and "<mark data-type=" in page


def test_bad_documents_are_reported_and_skipped(person_model_dir, tmp_path, capsys):
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"id": "ok", "text": "داعش في سوريا"}\n{broken\n{"id": "empty", "text": "  "}\n'
                   '{"id": "english", "text": "hello world"}\n{"id": "ok2", "text": "جون"}\n', encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["--model", str(person_model_dir), "--input", str(src), "--output", str(out)]) == 1
    assert [d.id for d in read_jsonl(out)] == ["ok", "ok2"]
    err = capsys.readouterr().err.splitlines()
    assert any(f"{src}:2: invalid JSON" in ln for ln in err)
    assert any("document 'empty' is empty" in ln for ln in err)
    assert any("document 'english' holds no Arabic text" in ln for ln in err)
    assert err[-1].endswith("3 skipped")


def test_large_document_every_word_once(person_model_dir, tmp_path, capsys, seed_texts):
    text = "\n".join(seed_texts) * 8  # ~130k characters: many segments and windows
    src = tmp_path / "big.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "big.jsonl"
    assert main(["--model", str(person_model_dir), "--input", str(src), "--output", str(out),
                 "--no-relations", "--batch-size", "64"]) == 0
    (doc,) = read_jsonl(out)
    assert [(e.start, e.end) for e in doc.entities] == _words(text)


def test_unreadable_input_or_model_exit_2(tiny_model_dir, tmp_path, capsys):
    assert main(["--model", str(tiny_model_dir), "--input", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file or folder" in capsys.readouterr().err
    src = tmp_path / "a.txt"
    src.write_text("داعش", encoding="utf-8")
    assert main(["--model", str(tmp_path / "no-model"), "--input", str(src)]) == 2
    assert "no-model: no such model folder" in capsys.readouterr().err
    bad = tmp_path / "pickled"
    bad.mkdir()
    (bad / "pytorch_model.bin").write_bytes(b"\x80")
    (bad / "config.json").write_text("{}")
    assert main(["--model", str(bad), "--input", str(src)]) == 2
    assert "refusing pickled weights" in capsys.readouterr().err


def test_subprocess_exit_code_and_one_line_messages(tiny_model_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("قال جون دوريان في دمشق", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9 داعش".encode("cp1256", errors="replace") + b"\xff")
    out = tmp_path / "pred.jsonl"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    r = subprocess.run([sys.executable, "-m", "kashif.inference.cli", "--model", str(tiny_model_dir),
                        "--input", str(folder), "--output", str(out)], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[0] == f"predict: {folder / 'latin1.txt'}: not valid UTF-8 (byte 3); skipped"
    assert [d.id for d in read_jsonl(out)] == ["good"]


def test_evaluate_script_with_the_extractor(tiny_model_dir, tmp_path):
    report = tmp_path / "eval.json"
    r = subprocess.run([sys.executable, str(REPO / "evaluate.py"), "--model", str(tiny_model_dir), "--gold", str(GOLD),
                        "--output", str(report), "--device", "cpu"], capture_output=True, text=True,
                       env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=120, cwd=REPO)
    assert r.returncode == 0, r.stderr
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert scores["meta"]["documents"] == 1 and scores["meta"]["model"] == str(tiny_model_dir)
    assert 0.0 <= scores["entities"]["strict"]["micro"]["f1"] <= 1.0
    assert scores["entities"]["strict"]["micro"]["support"] == len(next(read_jsonl(GOLD)).entities)


def test_unwritable_output_exit_2(tiny_model_dir, tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("داعش في سوريا", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--model", str(tiny_model_dir), "--input", str(src), "--output", str(blocker / "out.jsonl")]) == 2
    assert f"cannot write {blocker / 'out.jsonl'}" in capsys.readouterr().err


@pytest.mark.slow
def test_several_megabyte_document(person_model_dir, tmp_path, seed_texts):
    text = ("\n".join(seed_texts) + "\n") * 190  # ~3.1 million characters
    src = tmp_path / "huge.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "huge.jsonl"
    assert main(["--model", str(person_model_dir), "--input", str(src), "--output", str(out),
                 "--no-relations", "--batch-size", "64"]) == 0
    (doc,) = read_jsonl(out)
    assert len(text) > 3_000_000 and [(e.start, e.end) for e in doc.entities] == _words(text)


def test_unwritable_output_found_before_any_work(tmp_path, capsys, monkeypatch):
    """Issue 12 item 9: the output is checked before the input is read or the model loaded."""
    def no_work(*a, **k):
        raise AssertionError("the work started before the output was checked")

    monkeypatch.setattr("kashif.corpus.read_corpus", no_work)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for output in (blocker / "sub" / "out.jsonl", tmp_path):  # under a file; a folder
        assert main(["--model", "no/such/model", "--input", str(blocker), "--output", str(output)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"predict: error: cannot write {output} (") and err.count("\n") == 1, err


def test_streams_in_chunks_and_keeps_a_partial_file_on_interrupt(tiny_model_dir, tmp_path, monkeypatch, capsys):
    """Documents are read lazily, 32 at a time, and written as they are done: Ctrl-C during the
    third chunk leaves the first two chunks in OUTPUT.partial and nothing under OUTPUT."""
    from kashif.inference.extractor import Extractor

    src = tmp_path / "in.jsonl"
    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")[:300]
    src.write_text("".join(json.dumps({"id": f"d{k:03d}", "text": text}, ensure_ascii=False) + "\n"
                           for k in range(80)), encoding="utf-8")
    calls: list[int] = []
    real = Extractor.extract

    def extract(self, texts, **kw):
        calls.append(len(texts))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, texts, **kw)

    monkeypatch.setattr(Extractor, "extract", extract)
    out = tmp_path / "pred.jsonl"
    assert main(["--model", str(tiny_model_dir), "--input", str(src), "--output", str(out), "--num-proc", "1"]) == 130
    assert calls == [32, 32, 16]
    assert not out.exists()
    kept = list(read_jsonl(Path(f"{out}.partial")))
    assert [d.id for d in kept] == [f"d{k:03d}" for k in range(64)]
    assert "documents finished so far" in capsys.readouterr().err


def test_num_proc_output_equals_one_process(person_model_dir, tmp_path, capsys):
    """Two spawned workers, each with its own model, write exactly what one process writes, in
    input order; a bad document in the middle is still reported and skipped."""
    texts = [p.read_text(encoding="utf-8")[:400 + 37 * k] for k, p in enumerate(sorted(SEEDS.glob("*.txt")))]
    rows = [json.dumps({"id": f"d{k:03d}", "text": texts[k % len(texts)]}, ensure_ascii=False) for k in range(70)]
    rows[40] = json.dumps({"id": "english", "text": "no Arabic here"})
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outs = []
    for n in ("1", "2"):
        out = tmp_path / f"pred-{n}.jsonl"
        assert main(["--model", str(person_model_dir), "--input", str(src), "--output", str(out), "--num-proc", n]) == 1
        outs.append(out.read_text(encoding="utf-8"))
        assert "'english' holds no Arabic text; skipped" in capsys.readouterr().err
    one, two = ([json.loads(line) for line in o.splitlines()] for o in outs)

    def content(doc: dict) -> tuple:  # scores may differ in the last bits with another thread count
        return (doc["id"], doc["text"], [(e["id"], e["start"], e["end"], e["type"]) for e in doc["entities"]],
                [(r["head"], r["type"], r["tail"]) for r in doc["relations"]])

    assert [content(d) for d in one] == [content(d) for d in two] and any(d["entities"] for d in one)
    scores = [(a["score"], b["score"]) for d1, d2 in zip(one, two) for a, b in zip(d1["entities"], d2["entities"])]
    assert all(abs(a - b) < 1e-3 for a, b in scores)
    assert [d.id for d in read_jsonl(tmp_path / "pred-2.jsonl")] == [f"d{k:03d}" for k in range(70) if k != 40]
    assert main(["--model", str(person_model_dir), "--input", str(src), "--num-proc", "0"]) == 2
    assert capsys.readouterr().err.strip() == "predict: error: --num-proc must be at least 1, got 0"


def test_stdin_jsonl_is_streamed_and_predicted_as_the_file_is(person_model_dir, tmp_path, monkeypatch, capsys):
    import io

    class LinesOnly(io.BytesIO):
        def read(self, *args):
            raise AssertionError("standard input was read whole")

    src = tmp_path / "in.jsonl"
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    src.write_text("".join(json.dumps({"id": f"d{k}", "text": t}, ensure_ascii=False) + "\n"
                           for k, t in enumerate(texts)), encoding="utf-8")
    assert main(["--model", str(person_model_dir), "--input", str(src), "--output", str(tmp_path / "f.jsonl"),
                 "--num-proc", "1"]) == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(LinesOnly(src.read_bytes()), encoding="utf-8"))
    assert main(["--model", str(person_model_dir), "--input", "-", "--output", str(tmp_path / "s.jsonl"),
                 "--num-proc", "1"]) == 0
    assert (tmp_path / "s.jsonl").read_bytes() == (tmp_path / "f.jsonl").read_bytes()
    assert f"{len(texts)} document(s)" in capsys.readouterr().err


def test_progress_bar_on_a_terminal(tiny_model_dir, tmp_path, monkeypatch, capsys):
    args = ["--model", str(tiny_model_dir), "--input", str(SEEDS), "--output", str(tmp_path / "p.jsonl"),
            "--num-proc", "1"]
    monkeypatch.setattr(type(sys.stderr), "isatty", lambda self: True, raising=False)
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "5/5" in err and "doc/s" in err  # documents done of the total, with the rate and an ETA
    assert main([*args, "--quiet"]) == 0
    assert "doc/s" not in capsys.readouterr().err
