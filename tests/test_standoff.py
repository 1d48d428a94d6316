"""Standoff gold (annotations kept apart from their texts) and relation recall by distance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kashif.evaluation import EvaluationError, read_standoff
from kashif.metrics import relation_distance_buckets, relation_recall_by_distance
from kashif.schema import Document, Entity, Relation, read_jsonl

REPO = Path(__file__).resolve().parents[1]
ANT = REPO.parent / "shared" / "data" / "external" / "ant" / "ant.jsonl"
TEXT = "قال محمد منفور آمر غرفة العمليات في بنغازي إن الجيش تقدم."


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _ent(eid: str, surface: str, typ: str, text: str = TEXT) -> dict:
    i = text.index(surface)
    return {"id": eid, "start": i, "end": i + len(surface), "type": typ, "text": surface}


def test_read_standoff_rebuilds_documents_from_the_source(tmp_path):
    texts = _write(tmp_path / "texts.jsonl", [{"id": "a", "text": TEXT}, {"id": "b", "text": "نص آخر"}])
    gold = _write(tmp_path / "gold.jsonl", [{"id": "a", "entities": [_ent("T1", "محمد منفور", "PER"),
                                                                      _ent("T2", "بنغازي", "GPE")],
                                             "relations": []}])
    (doc,) = read_standoff(gold, texts)
    assert doc.text == TEXT and [e.text for e in doc.entities] == ["محمد منفور", "بنغازي"]


@pytest.mark.parametrize("row, message", [
    ({"id": "zz", "entities": []}, "not in"),
    ({"id": "a", "entities": [{**_ent("T1", "محمد منفور", "PER"), "text": "محمد"}]}, "text["),
    ({"id": "a", "entities": [{"id": "T1", "start": 0}]}, "malformed"),
])
def test_read_standoff_refuses_what_does_not_fit_the_text(tmp_path, row, message):
    texts = _write(tmp_path / "texts.jsonl", [{"id": "a", "text": TEXT}])
    gold = _write(tmp_path / "gold.jsonl", [row])
    with pytest.raises(EvaluationError, match=message.replace("[", r"\[")):
        read_standoff(gold, texts)


def test_read_standoff_names_a_missing_file(tmp_path):
    with pytest.raises(EvaluationError, match="no such source texts file"):
        read_standoff(_write(tmp_path / "g.jsonl", []), tmp_path / "absent.jsonl")


@pytest.mark.skipif(not ANT.is_file(), reason="the shared ANT corpus is not beside the repository")
def test_the_ant_blind_set_fits_its_texts():
    docs = read_standoff(REPO / "data" / "dev" / "ant" / "blind.jsonl", ANT)
    assert len(docs) == 18
    assert sum(len(d.entities) for d in docs) == 328 and sum(len(d.relations) for d in docs) == 76


@pytest.mark.skipif(not ANT.is_file(), reason="the shared ANT corpus is not beside the repository")
@pytest.mark.parametrize("name, counts", [("dev", (6, 76, 17)), ("blind3", (12, 172, 28)),
                                          ("blind4", (11, 176, 27)), ("blind5", (27, 416, 70)),
                                          ("blind5-second", (8, 143, 31)), ("blind6", (23, 393, 62)),
                                          ("blind6b", (16, 237, 33)), ("blind7", (30, 492, 50))])
def test_every_ant_dev_set_fits_its_texts(name, counts):
    docs = read_standoff(REPO / "data" / "dev" / "ant" / f"{name}.jsonl", ANT)
    assert (len(docs), sum(len(d.entities) for d in docs), sum(len(d.relations) for d in docs)) == counts


def test_the_round_blind_sets_come_from_the_reserve_and_do_not_overlap():
    def ids(name):
        with open(REPO / "data" / "dev" / "ant" / f"{name}.jsonl", encoding="utf-8") as f:
            return {json.loads(line)["id"] for line in f if line.strip()}
    reserve, b4, b5 = ids("reserve4"), ids("blind4"), ids("blind5")
    assert b4 <= reserve and b5 <= reserve and not b4 & b5 and ids("blind5-second") <= b5
    older = ids("blind") | ids("blind3") | ids("dev")
    assert not reserve & older
    reserve6 = ids("reserve6")
    assert ids("blind6") <= reserve6 and not reserve6 & (reserve | older)
    assert ids("blind6b") <= reserve6 and not ids("blind6b") & ids("blind6")
    reserve7 = ids("reserve7")
    assert ids("blind7") <= reserve7 and not reserve7 & (reserve6 | reserve | older)


def _doc() -> Document:
    ents = [Entity(e["id"], e["start"], e["end"], e["type"], e["text"], e["text"]) for e in
            (_ent("T1", "محمد منفور", "PER"), _ent("T2", "غرفة العمليات", "ORG"), _ent("T3", "بنغازي", "GPE"))]
    return Document("a", TEXT, tuple(ents), (Relation("T1", "T2", "MEMBER_OF"), Relation("T2", "T3", "LOCATED_IN"),
                                             Relation("T1", "T3", "LOCATED_IN")))


def test_distance_buckets():
    buckets = [b for _, b in relation_distance_buckets(_doc())]
    assert buckets == [["0-2 words"], ["0-2 words"], ["3-6 words", "entity between"]]
    tail_first = Document("b", TEXT, _doc().entities, (Relation("T3", "T1", "LOCATED_IN"),))
    assert [b for _, b in relation_distance_buckets(tail_first)] == [["3-6 words", "entity between", "tail before head"]]


def test_recall_by_distance_counts_strict_matches():
    gold = _doc()
    pred = Document("a", TEXT, gold.entities, gold.relations[:1])
    r = relation_recall_by_distance([gold], [pred])
    assert r["0-2 words"] == {"found": 1, "total": 2, "recall": 0.5}
    assert r["entity between"] == {"found": 0, "total": 1, "recall": 0.0}
    assert r["7+ words"]["total"] == 0
    assert r["both mentions found"] == {"found": 1, "total": 3, "recall": 1 / 3}


@pytest.mark.parametrize("path", sorted((REPO / "data" / "dev").glob("*.jsonl")), ids=lambda p: p.name)
def test_every_inline_dev_set_keeps_its_offsets(path):
    docs = list(read_jsonl(path))
    assert docs and all(d.text[e.start:e.end] == e.text for d in docs for e in d.entities)
    for d in docs:
        ids = {e.id for e in d.entities}
        assert all(r.head in ids and r.tail in ids and r.head != r.tail for r in d.relations)
