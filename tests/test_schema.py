"""kashif.schema: the validator catches every invariant; JSONL round trips; the seed gold is valid."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from kashif.schema import (
    Document,
    Relation,
    SchemaError,
    allowed_relations,
    build_document,
    read_jsonl,
    relation_allowed,
    renumber,
    validate,
    write_jsonl,
)

TEXT = "استخدم تنظيم داعش غاز الكلور في سوريا. وقال جون دوريان إن القوات العراقية في الموصل."
# داعش 13-17, غاز الكلور 18-28, سوريا 32-37, جون دوريان 44-54, القوات العراقية 58-73, الموصل 77-83
SPANS = [(13, 17, "ORG", None), (18, 28, "WEAPON", None), (32, 37, "GPE", None),
         (44, 54, "PER", None), (58, 73, "ORG", None), (77, 83, "GPE", None)]
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def doc() -> Document:
    return build_document("doc-1", TEXT, SPANS, [(0, 1, "USED", None), (0, 2, "LOCATED_IN", None),
                                                 (4, 5, "LOCATED_IN", None)])


def with_entity(doc: Document, i: int, **changes) -> Document:
    ents = list(doc.entities)
    ents[i] = replace(ents[i], **changes)
    return replace(doc, entities=tuple(ents))


def test_build_document(doc):
    assert [(e.id, e.start, e.end, e.type, e.text, e.norm) for e in doc.entities] == [
        ("T1", 13, 17, "ORG", "داعش", "داعش"),
        ("T2", 18, 28, "WEAPON", "غاز الكلور", "غاز الكلور"),
        ("T3", 32, 37, "GPE", "سوريا", "سوريا"),
        ("T4", 44, 54, "PER", "جون دوريان", "جون دوريان"),
        ("T5", 58, 73, "ORG", "القوات العراقية", "القوات العراقية"),
        ("T6", 77, 83, "GPE", "الموصل", "الموصل"),
    ]
    assert doc.relations == (Relation("T1", "T2", "USED"), Relation("T1", "T3", "LOCATED_IN"),
                             Relation("T5", "T6", "LOCATED_IN"))
    assert validate(doc) == []
    assert doc.entity("T4").text == "جون دوريان"
    with pytest.raises(KeyError):
        doc.entity("T9")


def test_build_document_sorts_spans_and_keeps_relation_indices():
    d = build_document("x", TEXT, [(32, 37, "GPE", 0.5), (13, 17, "ORG", 0.9)], [(1, 0, "LOCATED_IN", 0.7)])
    assert [(e.id, e.text, e.score) for e in d.entities] == [("T1", "داعش", 0.9), ("T2", "سوريا", 0.5)]
    assert d.relations == (Relation("T1", "T2", "LOCATED_IN", 0.7),)


def test_renumber_follows_offsets(doc):
    t1, t2, t3 = doc.entities[:3]  # داعش, غاز الكلور, سوريا
    shuffled = replace(doc, entities=(replace(t3, id="A"), replace(t1, id="B"), replace(t2, id="C")),
                       relations=(Relation("B", "A", "LOCATED_IN"),))
    out = renumber(shuffled)
    assert [(e.id, e.text) for e in out.entities] == [("T1", "داعش"), ("T2", "غاز الكلور"), ("T3", "سوريا")]
    assert out.relations == (Relation("T1", "T3", "LOCATED_IN"),)


def test_relation_schema():
    assert relation_allowed("USED", "ORG", "WEAPON")
    assert not relation_allowed("USED", "WEAPON", "ORG")
    assert not relation_allowed("PRODUCED", "PER", "WEAPON")
    assert allowed_relations("ORG", "GPE") == ("SUPPLIED", "ATTACKED", "LOCATED_IN", "MEMBER_OF")
    assert allowed_relations("GPE", "WEAPON") == ("USED", "PRODUCED")
    assert allowed_relations("DATE", "GPE") == ()


# ---------------------------------------------------------------------------------- violations


@pytest.mark.parametrize(("change", "expected"), [
    (dict(start=-1), ["T1: bad offsets -1-17 (text length 84)"]),
    (dict(end=13), ["T1: bad offsets 13-13 (text length 84)"]),
    (dict(start=84, end=90), ["T1: bad offsets 84-90 (text length 84)"]),
    (dict(text="داعس"), ["T1: text[13:17]='داعش' != 'داعس'"]),
    (dict(type="MISC"), ["T1: unknown entity type 'MISC'",
                         "relation T1-USED->T2: MISC -> WEAPON not allowed",
                         "relation T1-LOCATED_IN->T3: MISC -> GPE not allowed"]),
    (dict(start=12, text=" داعش"), ["T1: span ' داعش' starts or ends with a non-word character"]),
    (dict(score=1.5), ["T1: score 1.5 outside [0, 1]"]),
    (dict(score=-0.1), ["T1: score -0.1 outside [0, 1]"]),
])
def test_validate_entity_violations(doc, change, expected):
    assert validate(with_entity(doc, 0, **change)) == expected


def test_validate_overlap(doc):
    bad = with_entity(doc, 1, start=15, text=TEXT[15:28])  # عش غاز الكلور overlaps داعش
    assert "entities T1 and T2 overlap" in validate(bad)


def test_validate_duplicate_entity_id(doc):
    bad = with_entity(doc, 1, id="T1")
    assert validate(bad)[0] == "duplicate entity id T1"


def test_validate_disallowed_relation_types(doc):
    bad = replace(doc, relations=(Relation("T2", "T1", "USED"), Relation("T4", "T5", "PRODUCED")))
    assert validate(bad) == ["relation T2-USED->T1: WEAPON -> ORG not allowed",
                             "relation T4-PRODUCED->T5: PER -> ORG not allowed"]


def test_validate_relation_problems(doc):
    bad = replace(doc, relations=(
        Relation("T1", "T9", "USED"),
        Relation("T1", "T1", "MEMBER_OF"),
        Relation("T1", "T2", "OWNS"),
        Relation("T1", "T2", "USED"),
        Relation("T1", "T2", "USED"),
        Relation("T1", "T2", "USED", score=2.0),
    ))
    assert validate(bad) == [
        "relation T1-USED->T9: head or tail does not exist",
        "relation T1-MEMBER_OF->T1: head == tail",
        "relation T1-OWNS->T2: unknown relation type",
        "relation T1-USED->T2: duplicate",
        "relation T1-USED->T2: duplicate",
        "relation T1-USED->T2: score 2.0 outside [0, 1]",
    ]


def test_validate_cross_sentence_relation(doc):
    bad = replace(doc, relations=(Relation("T1", "T6", "ATTACKED"),))  # داعش ... . ... الموصل
    assert validate(bad) == ["relation T1-ATTACKED->T6: head and tail are in different sentences"]


def test_period_inside_an_entity_does_not_end_the_sentence():
    text = "قال د. جون برينان مدير وكالة المخابرات المركزية"
    d = build_document("x", text, [(4, 17, "PER", None), (23, 47, "ORG", None)], [(0, 1, "MEMBER_OF", None)])
    assert d.entities[0].text == "د. جون برينان"
    assert validate(d) == []


# ---------------------------------------------------------------------------------- JSONL


def test_jsonl_round_trip(tmp_path, doc):
    scored = replace(doc, entities=tuple(replace(e, score=0.25 * (i % 4 + 1)) for i, e in
                                         enumerate(doc.entities)),
                     relations=(Relation("T1", "T2", "USED", 0.8125),))
    other = Document("doc-2", "لا كيانات هنا.")
    path = tmp_path / "out" / "docs.jsonl"
    assert write_jsonl([scored, other], path) == 2
    assert list(read_jsonl(path)) == [scored, other]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[1]) == {"id": "doc-2", "text": "لا كيانات هنا.", "entities": [], "relations": []}
    assert "داعش" in lines[0]  # written as UTF-8, not \u escapes
    assert [p.name for p in path.parent.iterdir()] == ["docs.jsonl"]  # no temporary left behind


def test_write_jsonl_failure_leaves_no_file(tmp_path, doc):
    def docs():
        yield doc
        raise RuntimeError("boom")

    path = tmp_path / "docs.jsonl"
    with pytest.raises(RuntimeError):
        write_jsonl(docs(), path)
    assert list(tmp_path.iterdir()) == []


def test_from_dict_fills_norm():
    d = Document.from_dict({"id": 7, "text": "في والعراق", "entities": [
        {"id": "T1", "start": 3, "end": 10, "type": "GPE", "text": "والعراق"}]})
    assert d.id == "7" and d.entities[0].norm == "العراق"


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "b", "text": "x"', "invalid JSON"),
    ('["not", "an", "object"]', "expected an object with 'id' and 'text'"),
    ('{"id": "b"}', "expected an object with 'id' and 'text'"),
    ('{"id": "b", "text": "abc", "entities": [{"id": "T1", "start": 0}]}', "malformed document"),
])
def test_read_jsonl_names_the_bad_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "نص"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        list(read_jsonl(path))
    assert str(err.value).startswith(f"{path}:3: {message}")


def test_read_jsonl_unreadable(tmp_path):
    with pytest.raises(SchemaError, match="cannot read"):
        list(read_jsonl(tmp_path / "missing.jsonl"))
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes(b'{"id": "a", "text": "\xe9"}\n')
    with pytest.raises(SchemaError, match="not valid UTF-8"):
        list(read_jsonl(bad))


# ---------------------------------------------------------------------------------- seed gold


def test_seed_gold_is_valid():
    gold = SHARED / "data" / "gold" / "seed-000.jsonl"
    assert gold.is_file(), (f"{gold} is missing: the tests expect the shared folder beside the repo "
                            f"(clone it next to {Path(__file__).resolve().parents[1].name}/)")
    docs = list(read_jsonl(gold))
    assert docs and all(d.entities for d in docs)
    assert {d.id: validate(d) for d in docs} == {d.id: [] for d in docs}
