"""Corpus scale: the streaming labeller (fit sample, chunks, worker processes, shards, resume),
the LF analysis as counts, and the sharded dataset read back for training."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from weak_fixtures import GAZ, NEG, NOISY, WEAPONS

from kashif.corpus import RawDoc, read_corpus
from kashif.parallel import chunked, map_ordered
from kashif.weak import labeller as labeller_mod
from kashif.weak import stream
from kashif.weak.analysis import LFCounts, analyse
from kashif.weak.cli import data_main, label_main
from kashif.weak.labeller import WeakLabeller

SENTENCES = [
    "قال مسؤول إن تنظيم داعش استخدم غاز الخردل في الموصل.",
    "وأضاف أن داعش هاجم الجيش السوري بالكلور في سورية.",
    "وقالت الدولة السورية إن الجيش السوري دخل الموصل.",
    "ونفى داعش استخدام الكلور في العراق.",
    "وأكد مصدر أن الهجوم على سورية وقع أمس.",
]


@pytest.fixture(autouse=True)
def small_functions(monkeypatch):
    monkeypatch.setattr(labeller_mod, "default_entity_functions", lambda: [GAZ, WEAPONS, NOISY, NEG])
    monkeypatch.setattr(stream, "CHUNK_DOCS", 3)  # several chunks, so two workers share the work


def _corpus(n: int, seed: int = 0) -> list[RawDoc]:
    rng = random.Random(seed)
    return [RawDoc(f"doc-{k:03d}", " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))) for k in range(n)]


def _write_jsonl(path: Path, docs: list[RawDoc], extra: dict[int, str] | None = None) -> Path:
    lines = [json.dumps({"id": d.id, "text": d.text}, ensure_ascii=False) for d in docs]
    for at, line in sorted((extra or {}).items()):  # at: the final 0-based line number
        lines.insert(at, line)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))
    return path


def _label(src: Path, out: Path, *args: str) -> int:
    return label_main(["--input", str(src), "--output", str(out), "--quiet", *args])


def test_stream_equals_the_whole_corpus_path_when_the_sample_covers_it(tmp_path):
    docs = _corpus(20)
    src = _write_jsonl(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out.jsonl"
    assert _label(src, out, "--fit-sample", "20", "--num-proc", "1") == 0
    whole = WeakLabeller().label_corpus(docs)
    expected = "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in whole)
    assert out.read_text(encoding="utf-8") == expected


def test_two_processes_write_what_one_writes(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(40))
    outs, reports = [], []
    for n in ("1", "2"):
        out, rep = tmp_path / f"out{n}.jsonl", tmp_path / f"lf{n}.json"
        assert label_main(["--input", str(src), "--output", str(out), "--report", str(rep), "--quiet",
                           "--fit-sample", "7", "--num-proc", n]) == 0
        outs.append(out.read_bytes())
        reports.append(json.loads(rep.read_text(encoding="utf-8")))
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 40
    assert reports[0] == reports[1]
    sample = reports[0]["provenance"]["sample"]
    assert sample["fit_sample"] == 7 and sample["documents"] == 7 and sample["corpus_documents"] == 40
    assert reports[0]["provenance"]["fitted_on"]["documents"] == 7
    assert reports[0]["entities"]["documents"] == 40  # the analysis covers every document, not the sample


def test_a_smaller_sample_changes_only_the_fit(tmp_path):
    """Every document is labelled whatever the sample; the same seed gives the same labels."""
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(30))
    texts = []
    for k, seed in enumerate(("0", "0", "5")):
        out = tmp_path / f"o{k}.jsonl"
        assert _label(src, out, "--fit-sample", "4", "--seed", seed) == 0
        texts.append(out.read_text(encoding="utf-8"))
    assert texts[0] == texts[1]
    assert [json.loads(x)["id"] for x in texts[2].splitlines()] == [f"doc-{k:03d}" for k in range(30)]


@settings(max_examples=40, deadline=None)
@given(n_docs=st.integers(0, 60), n=st.integers(1, 20), seed=st.integers(0, 3))
def test_the_fit_sample_is_bounded_seeded_and_independent_of_order(n_docs, n, seed):
    docs = [RawDoc(f"id{k}", "نص") for k in range(n_docs)]
    sample, count = stream.draw_sample(docs, n, seed)
    assert count == n_docs and len(sample) == min(n, n_docs)
    assert [d.id for d in sample] == [d.id for d in docs if d in set(sample)]  # input order
    shuffled = docs[:]
    random.Random(seed).shuffle(shuffled)
    assert {d.id for d in stream.draw_sample(shuffled, n, seed)[0]} == {d.id for d in sample}


def test_map_ordered_keeps_input_order_on_two_processes():
    chunks = list(chunked(range(50), 4))
    assert list(map_ordered(sum, chunks, 2)) == [sum(c) for c in chunks]
    assert [len(c) for c in chunks] == [4] * 12 + [2]


def test_lf_counts_added_in_chunks_equal_one_analysis():
    docs = _corpus(25)
    wl = WeakLabeller()
    labelled = wl.label_corpus_detailed(docs)
    gold = [ld.document for ld in labelled[:5]]
    counts = LFCounts(gold)
    for k in range(0, len(labelled), 4):
        counts.merge(LFCounts(gold).add(labelled[k:k + 4]))
    whole = analyse(labelled, gold, wl.provenance())
    assert counts.report(wl.provenance()) == whole
    assert whole["entities"]["functions"]["test.gazetteer@1"]["votes"] > 0


def test_bad_lines_in_the_middle_are_reported_and_skipped(tmp_path, capsys):
    docs = _corpus(12)
    src = _write_jsonl(tmp_path / "in.jsonl", docs, {5: '{"id": "broken", "text": ', 8: "\udcff\udcfe bytes"})
    out = tmp_path / "out.jsonl"
    assert _label(src, out, "--num-proc", "2", "--fit-sample", "3") == 0
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [d.id for d in docs]
    err = capsys.readouterr().err
    assert f"{src}:6: invalid JSON" in err and f"{src}:9: not valid UTF-8" in err
    assert err.count("skipped") == 3 and "; 2 skipped" in err  # each problem reported once
    assert "Traceback" not in err


def test_an_interrupted_run_keeps_a_partial_file_and_no_output(tmp_path, monkeypatch, capsys):
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(12))
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}
    real = stream.CorpusLabeller.label_chunk

    def interrupted(self, docs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(self, docs)

    monkeypatch.setattr(stream.CorpusLabeller, "label_chunk", interrupted)
    assert _label(src, out, "--num-proc", "1") == 130
    assert not out.exists()
    partial = Path(f"{out}.partial")
    assert [json.loads(x)["id"] for x in partial.read_text(encoding="utf-8").splitlines()] == [
        f"doc-{k:03d}" for k in range(6)]
    assert "documents finished so far are in" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl.partial"]


def test_shards_resume_skips_what_is_written(tmp_path, monkeypatch):
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(10))
    single, folder = tmp_path / "single.jsonl", tmp_path / "shards"
    assert _label(src, single, "--fit-sample", "4") == 0
    assert _label(src, folder, "--fit-sample", "4", "--shard-size", "4") == 0
    names = ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert sorted(p.name for p in folder.iterdir()) == ["_manifest.json", *names]
    joined = "".join((folder / n).read_text(encoding="utf-8") for n in names)
    assert joined == single.read_text(encoding="utf-8")
    manifest = json.loads((folder / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 10 and manifest["weak_supervision"]["sample"]["fit_sample"] == 4

    (folder / names[1]).unlink()
    seen: list[str] = []
    real = stream.CorpusLabeller.label_chunk

    def spy(self, docs):
        seen.extend(d.id for d in docs)
        return real(self, docs)

    monkeypatch.setattr(stream.CorpusLabeller, "label_chunk", spy)
    assert _label(src, folder, "--fit-sample", "4", "--shard-size", "4", "--resume", "--num-proc", "1") == 0
    assert seen == [f"doc-{k:03d}" for k in range(4, 8)]  # only the missing shard's documents
    assert "".join((folder / n).read_text(encoding="utf-8") for n in names) == joined


def test_stdin_is_streamed_and_labelled_as_the_file_is(tmp_path, monkeypatch):
    """Standard input is read a line at a time (the first pass keeps the documents on disk for
    the second), and labelled exactly as the same JSONL file."""
    import io

    class LinesOnly(io.BytesIO):
        def read(self, *args):
            raise AssertionError("standard input was read whole")

    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(12))
    assert _label(src, tmp_path / "file.jsonl", "--fit-sample", "5", "--num-proc", "2") == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(LinesOnly(src.read_bytes()), encoding="utf-8"))
    assert label_main(["--input", "-", "--output", str(tmp_path / "stdin.jsonl"), "--quiet", "--fit-sample", "5",
                       "--num-proc", "2"]) == 0
    assert (tmp_path / "stdin.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()



def test_conll_stdin_is_streamed_and_labelled_as_the_file_is(tmp_path, monkeypatch):
    """CoNLL on standard input is read a line at a time too, and tagged exactly as the same file."""
    import io

    class LinesOnly(io.BytesIO):
        def read(self, *args):
            raise AssertionError("standard input was read whole")

    src = tmp_path / "in.conll"
    src.write_text("".join(" ".join(d.text.split()).replace(" ", " O\n") + " O\n\n" for d in _corpus(6)),
                   encoding="utf-8")
    assert label_main(["--input", str(src), "--input-format", "conll", "--output", str(tmp_path / "file.conll"),
                       "--quiet"]) == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(LinesOnly(src.read_bytes()), encoding="utf-8"))
    assert label_main(["--input", "-", "--input-format", "conll", "--output", str(tmp_path / "stdin.conll"),
                       "--quiet"]) == 0
    tagged = (tmp_path / "stdin.conll").read_text(encoding="utf-8")
    assert tagged == (tmp_path / "file.conll").read_text(encoding="utf-8")
    assert "B-" in tagged

def test_resume_needs_shards(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(2))
    assert _label(src, tmp_path / "o.jsonl", "--resume") == 2
    assert "--resume needs --shard-size" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [["--shard-size", "4"], ["--shard-size", "4", "--resume"]])
def test_ray_refuses_local_shards_before_starting(tmp_path, capsys, extra):
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(2))
    assert _label(src, tmp_path / "out", "--ray", "local", *extra) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--shard-size and --resume are for the local path" in err
    assert not (tmp_path / "out").exists()


def test_ray_without_a_cluster_is_one_line(tmp_path, capsys, monkeypatch):
    from kashif import distributed

    def no_cluster(*args, **kwargs):  # what ray.init("auto") raises when no cluster runs
        raise ConnectionError("Could not find any running Ray instance.\nPlease specify ...")

    monkeypatch.setattr(distributed, "label_dataset", no_cluster)
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(2))
    assert _label(src, tmp_path / "out", "--ray", "auto") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach a Ray cluster at 'auto' (Could not find any running" in err


def test_a_fit_mapped_elsewhere_equals_the_local_fit(tmp_path):
    """What the Ray path does (the sample's chunks through ``map_chunks``, as Ray tasks would run
    them) fits the same model and labels the same as the local fit."""
    docs = _corpus(15)
    sample, count = stream.draw_sample(docs, 9, 0)
    seen = []

    def map_chunks(fn, wl, chunks):
        chunks = list(chunks)
        seen.append((fn.__name__, len(chunks)))
        return [fn(wl, c) for c in chunks]

    out = []
    for kwargs in ({}, {"map_chunks": map_chunks}):
        cl = stream.CorpusLabeller(WeakLabeller("dawid-skene"), analysis=False)
        cl.fit(sample, size=9, seed=0, corpus_documents=count, **kwargs)
        out.append(cl.label_chunk(docs).lines)
    assert seen == [("prepare_docs", 3), ("relation_work", 3)]
    assert out[0] == out[1] and len(out[0]) == 15


def test_data_writes_arrow_shards_that_training_reads_lazily(tmp_path):
    from datasets import load_from_disk

    from kashif.training.data import iter_saved_documents

    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(30))
    out = tmp_path / "processed"
    assert data_main(["--input", str(src), "--output", str(out), "--quiet", "--fit-sample", "10",
                      "--num-proc", "2", "--max-shard-size", "4KB"]) == 0
    assert len(list((out / "train").glob("*.arrow"))) > 1  # sharded
    assert not (out / ".cache").exists() and not list(out.glob(".*rows*"))
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["weak_supervision"]["sample"]["documents"] == 10
    weak = {d.id: d for d in read_jsonl_docs(out / "weak.jsonl")}
    dsd = load_from_disk(str(out))
    assert dsd["train"].num_rows + dsd["validation"].num_rows == 30 == len(weak)
    back = list(iter_saved_documents(out, "train", batch_size=7))
    assert [d.id for d in back] == meta["splits"]["train"]
    for d in back:
        w = weak[d.id]
        assert d.text == w.text and [(e.start, e.end, e.type) for e in d.entities] == [
            (e.start, e.end, e.type) for e in w.entities]
        assert [(r.head, r.tail, r.type) for r in d.relations] == [(r.head, r.tail, r.type) for r in w.relations]


def read_jsonl_docs(path: Path):
    from kashif.schema import read_jsonl

    return list(read_jsonl(path))


def test_lazy_jsonl_reading_reports_a_bad_line_and_reads_on(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(b'{"id": "a", "text": "\xd9\x86\xd8\xb5"}\n{"id": "b", "text": "\xff"}\n'
                  b'{"id": "c", "text": "\xd9\x86\xd8\xb5"}\n')
    errors: list[str] = []
    assert [d.id for d in read_corpus(f, on_error=errors.append)] == ["a", "c"]
    assert errors == [f"{f}:2: not valid UTF-8 (byte 21); skipped"]


def test_progress_bar_on_a_terminal_only(tmp_path, monkeypatch, capsys):
    src = _write_jsonl(tmp_path / "in.jsonl", _corpus(9))
    args = ["--input", str(src), "--output", str(tmp_path / "o.jsonl"), "--num-proc", "1"]
    assert label_main([*args, "--quiet"]) == 0
    assert "doc/s" not in capsys.readouterr().err  # not a terminal here
    monkeypatch.setattr(type(sys.stderr), "isatty", lambda self: True, raising=False)
    assert label_main(args) == 0
    err = capsys.readouterr().err
    assert "9/9" in err and "doc/s" in err  # documents done of the total, with the rate
    assert label_main([*args, "--quiet"]) == 0
    assert "doc/s" not in capsys.readouterr().err  # --quiet turns it off
