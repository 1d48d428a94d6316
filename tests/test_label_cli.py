"""``kashif label`` and ``kashif data`` end to end: inputs, outputs, bad inputs, exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from weak_fixtures import GAZ, NEG, NOISY, WEAPONS

from kashif.schema import Document, validate
from kashif.weak import labeller as labeller_mod
from kashif.weak.cli import data_main, label_main

VALIDATOR = Path("/work/shared/tools/validate_annotations.py")
DOC_A = "قال مسؤول إن تنظيم داعش استخدم غاز الخردل في الموصل."
DOC_B = "وأضاف أن داعش هاجم الجيش السوري بالكلور في سورية."


@pytest.fixture(autouse=True)
def small_functions(monkeypatch):
    """The CLI builds its labeller with the project's entity functions; here, small ones."""
    monkeypatch.setattr(labeller_mod, "default_entity_functions", lambda: [GAZ, WEAPONS, NOISY, NEG])


def _docs(path_or_text) -> list[Document]:
    text = Path(path_or_text).read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    return [Document.from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]


def _check_output(docs: list[Document], path: Path | None = None) -> None:
    for d in docs:
        assert validate(d) == []
        assert all(e.score is not None for e in d.entities) and all(r.score is not None for r in d.relations)
    if path is not None and VALIDATOR.exists():
        res = subprocess.run([sys.executable, str(VALIDATOR), str(path), "--quiet"], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout


def test_jsonl_in_jsonl_out_with_report(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DOC_A}, ensure_ascii=False) + "\n"
                   + json.dumps({"id": "b", "text": DOC_B}, ensure_ascii=False) + "\n", encoding="utf-8")
    out, report = tmp_path / "out.jsonl", tmp_path / "lf.json"
    assert label_main(["--input", str(src), "--output", str(out), "--report", str(report)]) == 0
    docs = _docs(out)
    assert [d.id for d in docs] == ["a", "b"]
    _check_output(docs, out)
    rels = {(d.entity(r.head).text, d.entity(r.tail).text, r.type) for d in docs for r in d.relations}
    assert ("داعش", "غاز الخردل", "USED") in rels and ("داعش", "الجيش السوري", "ATTACKED") in rels
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["provenance"]["aggregator"] == "dawid-skene"
    assert "test.gazetteer@1" in rep["entities"]["functions"]
    err = capsys.readouterr().err
    assert "entity labelling functions" in err and "labelled 2 document(s)" in err


def test_folder_input_and_majority(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "x1.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "x2.txt").write_text(DOC_B, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert label_main(["--input", str(folder), "--output", str(out), "--aggregator", "majority", "--quiet"]) == 0
    docs = _docs(out)
    assert [d.id for d in docs] == ["x1", "x2"]
    assert [e.text for e in docs[1].entities] == ["داعش", "الجيش السوري", "بالكلور", "سورية"]


def test_stdin_to_stdout(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DOC_A.encode("utf-8"))))
    assert label_main(["--input", "-", "--output", "-", "--quiet"]) == 0
    (doc,) = _docs(capsys.readouterr().out)
    assert doc.id == "stdin" and doc.text == DOC_A
    assert [(e.text, e.type) for e in doc.entities][:2] == [("داعش", "ORG"), ("غاز الخردل", "WEAPON")]


def test_conll_in_conll_out(tmp_path):
    src = tmp_path / "in.conll"
    src.write_text("استخدم O\nداعش B-ORG\nغاز O\nالخردل O\n. O\n\nفي O\nسورية B-LOC\n", encoding="utf-8")
    out = tmp_path / "out.conll"
    assert label_main(["--input", str(src), "--output", str(out), "--input-format", "conll", "--quiet"]) == 0
    assert out.read_text(encoding="utf-8") == ("استخدم O\nداعش B-ORG\nغاز B-WEAPON\nالخردل I-WEAPON\n. O\n\n"
                                               "في O\nسورية B-GPE\n\n")


@pytest.mark.parametrize(("content", "message", "code"), [
    (b"", "is empty; skipped", 1),
    (b"\xff\xfe\x00bad", "not valid UTF-8", 1),
    ("داعش\x00".encode(), "NUL bytes", 1),
    (b"no arabic here at all", "holds no Arabic text", 1),
])
def test_bad_text_inputs(tmp_path, capsys, content, message, code):
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    assert label_main(["--input", str(src), "--output", str(out), "--quiet"]) == code
    err = capsys.readouterr().err
    assert message in err and str(src) in err and "Traceback" not in err
    assert "nothing to label" in err
    assert out.read_text(encoding="utf-8") == "previous\n"  # untouched


def test_malformed_jsonl_line_is_reported_and_skipped(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": DOC_A}, ensure_ascii=False) + "\n{not json\n"
                   + json.dumps({"id": "c", "text": DOC_B}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert label_main(["--input", str(src), "--output", str(out), "--quiet"]) == 0
    assert [d.id for d in _docs(out)] == ["a", "c"]
    err = capsys.readouterr().err
    assert f"{src}:2: invalid JSON" in err and "1 skipped" in err


def test_unreadable_inputs_and_outputs(tmp_path, capsys):
    assert label_main(["--input", str(tmp_path / "missing.txt"), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.conll"
    bad.write_bytes(b"\xff\xfe bad")
    assert label_main(["--input", str(bad), "--output", "-", "--input-format", "conll"]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err
    src = tmp_path / "a.txt"
    src.write_text(DOC_A, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert label_main(["--input", str(src), "--output", str(blocker / "out.jsonl"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "bad.conll", "file"]  # no temp files left


def test_data_builds_a_loadable_dataset_dict(tmp_path):
    from datasets import load_from_disk

    folder = tmp_path / "seeds"
    folder.mkdir()
    for k, text in enumerate([DOC_A, DOC_B, DOC_A + "\n" + DOC_B]):
        (folder / f"s{k}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "processed"
    argv = ["--input", str(folder), "--output", str(out), "--seed", "3", "--quiet"]
    assert data_main(argv) == 0
    dsd = load_from_disk(str(out))
    assert set(dsd) == {"train", "validation"}
    assert dsd["train"].num_rows == 2 and dsd["validation"].num_rows == 1
    row = dsd["train"][0]
    names = dsd["train"].features["ner_tags"].feature.names
    assert names[0] == "O" and "B-WEAPON" in names
    assert len(row["tokens"]) == len(row["ner_tags"]) == len(row["ner_scores"]) == len(row["token_offsets"])
    for (s, e), tok in zip(row["token_offsets"], row["tokens"]):
        assert row["text"][s:e] == tok
    tagged = [(tok, names[t]) for tok, t in zip(row["tokens"], row["ner_tags"]) if t]
    assert ("داعش", "B-ORG") in tagged
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["weak_supervision"]["aggregator"] == "dawid-skene"
    assert sorted(meta["splits"]["train"] + meta["splits"]["validation"]) == ["s0", "s1", "s2"]
    docs = _docs(out / "weak.jsonl")
    _check_output(docs, out / "weak.jsonl")
    # deterministic: the same seed gives the same split; the folder is replaced, not merged
    first = meta["splits"]
    assert data_main(argv) == 0
    assert json.loads((out / "metadata.json").read_text(encoding="utf-8"))["splits"] == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_data_refuses_an_empty_input(tmp_path, capsys):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert data_main(["--input", str(folder), "--output", str(tmp_path / "out")]) == 2
    assert "no .txt files" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _entity_functions_available() -> bool:
    try:
        import kashif.weak.entities  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _entity_functions_available(), reason="kashif.weak.entities not installed")
def test_console_script_with_the_project_functions(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(DOC_A + "\n" + DOC_B, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, HF_HUB_OFFLINE="1", WANDB_MODE="offline")
    res = subprocess.run([sys.executable, "-m", "kashif.cli", "label", "--input", str(src), "--output", str(out)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    docs = _docs(out)
    _check_output(docs, out)
    assert {e.text for e in docs[0].entities} >= {"داعش", "الموصل"}


def test_label_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    import gc

    src = tmp_path / "in.txt"
    src.write_text(DOC_A, encoding="utf-8")
    assert gc.isenabled()
    assert label_main(["--input", str(src), "--output", str(tmp_path / "out.jsonl"), "--quiet"]) == 0
    assert gc.isenabled()


def test_unwritable_outputs_found_before_labelling(tmp_path, capsys, monkeypatch):
    """Issue 12 item 9: label and data check their outputs before reading or labelling anything."""
    import kashif.weak.cli as weak_cli

    def no_work(*a, **k):
        raise AssertionError("labelling started before the output was checked")

    monkeypatch.setattr(weak_cli, "_fitted", no_work)
    src = tmp_path / "a.txt"
    src.write_text(DOC_A, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cases = [
        (label_main, ["--output", str(blocker / "out.jsonl")], blocker / "out.jsonl"),
        (label_main, ["--output", "-", "--report", str(tmp_path)], tmp_path),  # a folder is not a file
        (data_main, ["--output", str(blocker / "processed")], blocker / "processed"),
    ]
    for cmd, args, where in cases:
        assert cmd(["--input", str(src), *args]) == 2
        err = capsys.readouterr().err
        assert f"error: cannot write {where} (" in err and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "file"]  # no probe files left
