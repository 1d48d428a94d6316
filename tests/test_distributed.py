"""The Ray Data path (opt-in: ``make test-ray`` / ``pytest -m ray``): on a local runtime with two
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


def _single_process(tmp_path, docs) -> dict[str, str]:
    whole = tmp_path / "whole.jsonl"
    whole.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "single.jsonl"
    assert label_main(["--input", str(whole), "--output", str(out), "--quiet", "--fit-sample", "8",
                       "--num-proc", "1"]) == 0
    return {json.loads(line)["id"]: line for line in out.read_text(encoding="utf-8").splitlines()}


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_ray_output_equals_one_process(ray_runtime, tmp_path, fmt):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from kashif.distributed import label_dataset
    from kashif.schema import Document

    docs = _corpus(40)
    expected = _single_process(tmp_path, docs)
    shards = tmp_path / "shards"
    shards.mkdir()
    for k, part in enumerate((docs[:25], docs[25:])):  # two input shards
        if fmt == "jsonl":
            (shards / f"in-{k}.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in part),
                                                 encoding="utf-8")
        else:
            pq.write_table(pa.Table.from_pylist(part), shards / f"in-{k}.parquet")
    out = tmp_path / "out"
    summary = label_dataset(str(shards), out, address=None, num_workers=2, fit_sample=8, output_format=fmt,
                            batch_size=5)
    assert summary["input_documents"] == 40 and summary["workers"] == 2
    assert summary["weak_supervision"]["sample"]["documents"] == 8
    if fmt == "jsonl":
        lines = [ln for f in sorted(out.glob("*.jsonl")) for ln in f.read_text(encoding="utf-8").splitlines()]
    else:
        rows = [r for f in sorted(out.glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
        lines = [json.dumps(Document.from_dict(r).to_dict(), ensure_ascii=False) for r in rows]
    got = {json.loads(line)["id"]: line for line in lines}
    assert len(lines) == 40 and got == expected
    assert sum(len(json.loads(v)["relations"]) for v in got.values()) > 0  # relations were labelled too
