"""The Ray path (opt-in: ``make test-ray`` / ``pytest -m ray``): on a local runtime with two
workers, JSONL and Parquet shards in, the same documents out as ``kashif label`` in one process."""

from __future__ import annotations

import json
import random

import pytest

from kashif.weak.cli import label_main

pytestmark = [pytest.mark.ray, pytest.mark.timeout(900)]

SENTENCES = [
    "قال مسؤول إن تنظيم داعش استخدم غاز الخردل في الموصل.",
    "وأضاف أن داعش هاجم الجيش السوري بالكلور في سورية.",
    "وقالت وزارة الدفاع الروسية إن الطائرات قصفت مطار الشعيرات في حمص يوم 7 أبريل 2017.",
    "ونفى تنظيم داعش استخدام الكلور في العراق.",
    "وأكد الرئيس بشار الأسد أن الهجوم على دوما وقع أمس.",
]


@pytest.fixture(scope="module")
def ray_runtime():
    try:
        import ray
    except ImportError:
        pytest.fail("the ray marker needs Ray: pip install -e '.[ray]' (make test-ray does)")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def _corpus(n: int) -> list[dict]:
    rng = random.Random(0)
    return [{"id": f"doc-{k:03d}", "text": " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))} for k in range(n)]


def _write_shards(shards, parts, fmt: str) -> None:
    """One input shard per part, as JSONL or Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for k, part in enumerate(parts):
        if fmt == "jsonl":
            (shards / f"in-{k}.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in part),
                                                 encoding="utf-8")
        else:
            pq.write_table(pa.Table.from_pylist(part), shards / f"in-{k}.parquet")


def _single_process(tmp_path, docs) -> tuple[list[str], dict]:
    """The lines ``kashif label`` writes in one process, and its LF report."""
    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    out, report = tmp_path / "single.jsonl", tmp_path / "single-report.json"
    assert label_main(["--input", str(whole), "--output", str(out), "--quiet", "--fit-sample", "8",
                       "--num-proc", "1", "--report", str(report)]) == 0
    return out.read_text(encoding="utf-8").splitlines(), json.loads(report.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_ray_output_equals_one_process(ray_runtime, tmp_path, fmt):
    import pyarrow.parquet as pq

    from kashif.distributed import label_dataset
    from kashif.schema import Document

    docs = _corpus(40)
    expected, _ = _single_process(tmp_path, docs)
    shards = tmp_path / "shards"
    shards.mkdir()
    _write_shards(shards, (docs[:25], docs[25:]), fmt)  # two input shards
    out = tmp_path / "out"
    summary = label_dataset(str(shards), out, address=None, num_workers=2, fit_sample=8, output_format=fmt,
                            block_docs=5)
    assert summary["input_documents"] == 40 and summary["workers"] == 2
    assert summary["weak_supervision"]["sample"]["documents"] == 8
    assert summary["counts"]["documents"] == 40 and summary["counts"]["skipped"] == 0
    assert len(summary["shards"]) >= 8  # one per block of at most 5 documents
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".out")]  # no temporary folder left
    if fmt == "jsonl":
        shards = [f.read_text(encoding="utf-8").splitlines() for f in sorted(out.glob("*.jsonl"))]
    else:
        shards = [[json.dumps(Document.from_dict(r).to_dict(), ensure_ascii=False) for r in pq.read_table(f).to_pylist()]
                  for f in sorted(out.glob("*.parquet"))]
    assert [f.name for f in sorted(out.glob(f"*.{fmt}"))] == summary["shards"]
    assert max(map(len, shards)) <= 5
    lines = [ln for shard in shards for ln in shard]
    assert lines == expected  # the same lines in the same order: shards sorted by name are in input order
    assert sum(len(json.loads(v)["relations"]) for v in lines) > 0  # relations were labelled too


def test_ray_cli_writes_the_report_of_one_process(ray_runtime, tmp_path, capsys):
    docs = _corpus(30)
    expected, report = _single_process(tmp_path, docs)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    out, got = tmp_path / "ray-out", tmp_path / "ray-report.json"
    capsys.readouterr()
    assert label_main(["--input", str(src), "--output", str(out), "--ray", "auto", "--ray-format", "jsonl",
                       "--fit-sample", "8", "--num-proc", "2", "--quiet", "--report", str(got)]) == 0
    err = capsys.readouterr().err
    assert "labelled 30 document(s)" in err and "on Ray with 2 worker(s); 0 skipped" in err
    assert [ln for f in sorted(out.glob("*.jsonl")) for ln in f.read_text(encoding="utf-8").splitlines()] == expected
    assert json.loads(got.read_text(encoding="utf-8")) == report  # counts merged from every task: the same
    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["documents"] == 30 and manifest["weak_supervision"]["sample"]["documents"] == 8


def test_bad_lines_are_skipped_and_the_rest_labelled_as_one_process_does(ray_runtime, tmp_path):
    """A shard with an invalid JSON line, a line that is not UTF-8, a document without Arabic and
    a text holding U+2028 (a line separator to ``str.splitlines``, not to JSONL)."""
    from kashif.distributed import label_dataset

    docs = _corpus(12)
    docs[4]["text"] += "\u2028" + docs[5]["text"]
    lines = [json.dumps(d, ensure_ascii=False).encode("utf-8") for d in docs]
    lines[2:2] = [b"{not json", json.dumps({"id": "en", "text": "no Arabic here"}).encode()]
    lines.insert(7, b'{"id": "x", "text": "\xff\xfe"}')
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    one = tmp_path / "one.jsonl"
    assert label_main(["--input", str(src), "--output", str(one), "--quiet", "--fit-sample", "8",
                       "--num-proc", "1"]) == 0
    out = tmp_path / "out"
    summary = label_dataset(str(src), out, address=None, num_workers=2, fit_sample=8, output_format="jsonl",
                            block_docs=4)
    assert summary["input_documents"] == 12 and summary["counts"]["documents"] == 12
    got = b"".join(f.read_bytes() for f in sorted(out.glob("*.jsonl")))
    assert got == one.read_bytes()
    assert "\u2028" in json.loads(got.decode("utf-8").split("\n")[4])["text"]


def test_the_sample_is_the_one_process_sample(ray_runtime):
    import pyarrow as pa

    from kashif.corpus import RawDoc
    from kashif.distributed import draw_sample
    from kashif.weak import stream

    docs = _corpus(300)
    blocks = [ray_runtime.put(pa.Table.from_pylist(docs[k:k + 43])) for k in range(0, 300, 43)]
    for n in (1, 50, 300, 400):
        sample, count = draw_sample(blocks, n, seed=3)
        local, _ = stream.draw_sample([RawDoc(d["id"], d["text"]) for d in docs], n, 3)
        assert count == 300 and sorted(sample, key=lambda d: d.id) == sorted(local, key=lambda d: d.id)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_repeated_ids_are_skipped_as_one_process_skips_them(ray_runtime, tmp_path, fmt):
    """A repeated id, in the same shard or in a later one, is reported and skipped, the first one
    labelled: the output is that of ``kashif label`` on the shards joined into one JSONL file."""

    from kashif.distributed import label_dataset

    docs = _corpus(30)
    parts = [docs[:14] + [dict(docs[3], text=docs[9]["text"])], docs[14:] + [docs[20], dict(docs[0])]]
    joined = tmp_path / "joined.jsonl"
    joined.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for part in parts for d in part),
                      encoding="utf-8")
    one = tmp_path / "one.jsonl"
    assert label_main(["--input", str(joined), "--output", str(one), "--quiet", "--fit-sample", "8",
                       "--num-proc", "1"]) == 0
    shards = tmp_path / "shards"
    shards.mkdir()
    _write_shards(shards, parts, fmt)
    out = tmp_path / "out"
    summary = label_dataset(str(shards), out, address=None, num_workers=2, fit_sample=8, output_format="jsonl",
                            block_docs=4)
    assert summary["input_documents"] == 30 and summary["weak_supervision"]["sample"]["corpus_documents"] == 30
    # the JSONL reader drops a repeat inside its own shard as it reads (reported on its worker's log)
    assert summary["counts"]["documents"] == 30 and summary["counts"]["skipped"] == {"jsonl": 1, "parquet": 3}[fmt]
    assert b"".join(f.read_bytes() for f in sorted(out.glob("*.jsonl"))) == one.read_bytes()


def test_a_parquet_shard_without_text_is_refused_in_one_line(ray_runtime, tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"id": "a", "body": "نص"}]), tmp_path / "in.parquet")
    out = tmp_path / "out"
    assert label_main(["--input", str(tmp_path / "in.parquet"), "--output", str(out), "--ray", "auto",
                       "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"kashif label: error: {tmp_path / 'in.parquet'}: a Parquet shard needs 'id' and 'text' columns, "
                   "got ['body', 'id']") and not out.exists()
