"""The review loop without a server: tasks <-> documents, malformed exports, ranking, the CLI."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kashif.review.cli import main as review_main
from kashif.review.rank import disagreement, entropy_bits
from kashif.review.tasks import (
    DocEvidence,
    Evidence,
    TaskError,
    document_to_task,
    import_tasks,
    labelling_config,
    task_to_document,
)
from kashif.schema import ENTITY_TYPES, RELATION_TYPES, allowed_relations, build_document, validate

TEXT = "قال المتحدث إن تنظيم داعش استخدم غاز الكلور في الموصل. وأكدت الأمم المتحدة ذلك."


def sample_doc():
    spans = [(21, 25, "ORG", 0.9), (33, 43, "WEAPON", 0.6), (47, 53, "GPE", 0.99), (61, 74, "ORG", 0.8)]
    return build_document("d1", TEXT, spans, [(0, 1, "USED", 0.7)])


def reviewed(task: dict, result: list | None = None) -> dict:
    """The task as Label Studio exports it once an analyst submitted ``result`` (default: the
    pre-annotations accepted unchanged)."""
    t = copy.deepcopy(task)
    t["id"] = 7
    t["annotations"] = [{"id": 1, "was_cancelled": False, "updated_at": "2026-01-01T00:00:00Z",
                         "result": copy.deepcopy(result if result is not None else task["predictions"][0]["result"])}]
    return t


def labels_of(doc):
    by_id = {e.id: e for e in doc.entities}
    ents = [(e.start, e.end, e.type) for e in doc.entities]
    rels = sorted(((by_id[r.head].start, by_id[r.head].end), (by_id[r.tail].start, by_id[r.tail].end), r.type)
                  for r in doc.relations)
    return ents, rels


def test_config_is_xml_with_every_type_and_relation_and_rtl():
    root = ET.fromstring(labelling_config())
    assert [x.get("value") for x in root.iter("Label")] == list(ENTITY_TYPES)
    assert [x.get("value") for x in root.iter("Relation")] == list(RELATION_TYPES)
    (labels,) = root.iter("Labels")
    (text,) = root.iter("Text")
    assert labels.get("toName") == text.get("name") and text.get("value") == "$text"
    assert any("direction: rtl" in (v.get("style") or "") for v in root.iter("View"))


def test_task_carries_offsets_scores_and_voters():
    doc = sample_doc()
    ev = DocEvidence(entities={(21, 25, "ORG"): Evidence(0.9, ("gazetteer.org@1", "cue.org@3"), ("heur.x@1",))},
                     relations={((21, 25), (33, 43), "USED"): Evidence(0.7, ("rel.used.subject@2",))})
    task = document_to_task(doc, ev)
    assert task["data"] == {"text": TEXT, "doc_id": "d1"}
    (pred,) = task["predictions"]
    regions = [r for r in pred["result"] if r["type"] == "labels"]
    rels = [r for r in pred["result"] if r["type"] == "relation"]
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["labels"]) for r in regions] == \
        [(e.start, e.end, [e.type]) for e in doc.entities]
    assert all(TEXT[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] for r in regions)
    assert regions[0]["meta"]["voters"] == ["gazetteer.org@1", "cue.org@3"]
    assert regions[0]["meta"]["against"] == ["heur.x@1"] and regions[0]["score"] == 0.9
    assert rels == [{"from_id": "T1", "to_id": "T2", "type": "relation", "direction": "right",
                     "labels": ["USED"], "score": 0.7,
                     "meta": {"score": 0.7, "voters": ["rel.used.subject@2"],
                              "text": ["score 0.70; voted by rel.used.subject@2"]}}]
    assert pred["score"] == 0.6  # the least sure label: Label Studio can sort on it


def test_a_correction_arrives():
    task = document_to_task(sample_doc())
    result = copy.deepcopy(task["predictions"][0]["result"])
    result[1]["value"].update(start=37, end=43, text="الكلور")  # WEAPON: غاز الكلور -> الكلور
    result.append({"from_id": "T3", "to_id": "T1", "type": "relation", "direction": "left",
                   "labels": ["ATTACKED"]})  # drawn from الموصل to داعش, the arrow pointing back
    result[0]["value"]["labels"] = ["WEAPON"]
    with pytest.raises(TaskError, match="not allowed"):  # WEAPON -USED-> WEAPON
        task_to_document(reviewed(task, result))
    result[0]["value"]["labels"] = ["ORG"]
    doc = task_to_document(reviewed(task, result))
    ents, rels = labels_of(doc)
    assert (37, 43, "WEAPON") in ents and (33, 43, "WEAPON") not in ents
    assert rels == [((21, 25), (37, 43), "USED"), ((21, 25), (47, 53), "ATTACKED")]
    assert all(e.score is None for e in doc.entities) and not validate(doc)


def test_selection_with_a_space_or_quote_is_trimmed_to_the_word():
    task = document_to_task(sample_doc())
    result = copy.deepcopy(task["predictions"][0]["result"])
    result[0]["value"].update(start=20, end=26, text=TEXT[20:26])  # " داعش "
    ents, _ = labels_of(task_to_document(reviewed(task, result)))
    assert ents[0] == (21, 25, "ORG")


def test_utf16_offsets_of_old_exports_are_read_back_as_code_points():
    text = "💥 قصف داعش مدينة الموصل"
    doc = build_document("e", text, [(6, 10, "ORG", None), (17, 23, "GPE", None)])
    task = document_to_task(doc)
    result = copy.deepcopy(task["predictions"][0]["result"])
    for r in result:  # what a version counting UTF-16 units wrote: one more after the emoji
        r["value"]["start"] += 1
        r["value"]["end"] += 1
    assert labels_of(task_to_document(reviewed(task, result))) == labels_of(doc)


MALFORMED = {
    "missing text": lambda t: t["data"].pop("text"),
    "offsets out of range": lambda t: t["annotations"][0]["result"][0]["value"].update(start=500, end=504,
                                                                                       text=None),
    "relation to a missing region": lambda t: t["annotations"][0]["result"][-1].update(to_id="T99"),
    "unknown label": lambda t: t["annotations"][0]["result"][0]["value"].update(labels=["MISC"]),
    "text does not match": lambda t: t["annotations"][0]["result"][0]["value"].update(text="غاز"),
    "two labels on one region": lambda t: t["annotations"][0]["result"][0]["value"].update(labels=["ORG", "GPE"]),
    "annotations not a list": lambda t: t.update(annotations={"result": []}),
    "task not an object": None,
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_each_malformed_task_is_one_line_and_skipped(case):
    good = reviewed(document_to_task(sample_doc()))
    bad = reviewed(document_to_task(sample_doc()))
    bad["data"]["doc_id"] = "broken"
    if MALFORMED[case] is None:
        bad = ["not", "a", "task"]
    else:
        MALFORMED[case](bad)
    errors: list[str] = []
    docs = import_tasks([bad, good], errors.append)
    assert [d.id for d in docs] == ["d1"]
    assert len(errors) == 1 and "\n" not in errors[0] and errors[0].endswith("skipped"), errors


def test_unreviewed_and_cancelled_tasks_are_not_imported():
    task = document_to_task(sample_doc())
    cancelled = reviewed(task)
    cancelled["annotations"][0]["was_cancelled"] = True
    errors: list[str] = []
    assert import_tasks([task, cancelled], errors.append) == [] and errors == []


# ------------------------------------------------------------------------------ round trip

WORDS = ["داعش", "والعراق", "لداعش", "بالسلاح", "الموصل", "سُورِيَّا", "الكيماوي", "وزارة", "كَتائب",
         "2014", "١٢", "للأمم", "فالجيش", "ﻻ"]
GAPS = [" ", "  ", " 💥 ", " 🇸🇾 ", "، ", " «", "» ", " (", ") ", "\u200f ", " 👩‍👩‍👧 "]


@st.composite
def documents(draw):
    n = draw(st.integers(1, 14))
    words = [draw(st.sampled_from(WORDS)) for _ in range(n)]
    text, starts = "", []
    for k, w in enumerate(words):
        if k:
            text += draw(st.sampled_from(GAPS + [". ", "؟\n"]))
        starts.append(len(text))
        text += w
    spans, k = [], 0
    while k < n:
        width = draw(st.integers(1, 3))
        last = min(n, k + width) - 1
        if draw(st.booleans()):
            spans.append((starts[k], starts[last] + len(words[last]), draw(st.sampled_from(ENTITY_TYPES)), None))
        k = last + 1 + draw(st.integers(0, 1))
    doc = build_document("p", text, spans)
    rels = []
    for h, a in enumerate(doc.entities):
        for t, b in enumerate(doc.entities):
            labs = allowed_relations(a.type, b.type)
            if h != t and labs and draw(st.integers(0, 3)) == 0:
                rels.append((h, t, draw(st.sampled_from(labs)), None))
    doc = build_document("p", text, [(e.start, e.end, e.type, None) for e in doc.entities], rels)
    problems = validate(doc)
    if problems:  # relations across sentences: drop them
        doc = build_document("p", text, [(e.start, e.end, e.type, None) for e in doc.entities])
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_unchanged_review_gives_the_same_labels(doc):
    assert not validate(doc)
    task = json.loads(json.dumps(document_to_task(doc), ensure_ascii=False))  # through JSON, as a file
    back = task_to_document(reviewed(task))
    assert back.text == doc.text
    assert labels_of(back) == labels_of(doc)
    assert all(back.text[e.start:e.end] == e.text for e in back.entities)


# ------------------------------------------------------------------------------ ranking


def test_entropy_and_disagreement():
    assert entropy_bits([[1.0, 0.0], [0.5, 0.5]]).tolist() == pytest.approx([0.0, 1.0])
    assert disagreement([{"a": "ORG"}, {"a": "ORG", "b": "ORG"}, {"a": "ORG", "b": "O", "c": "O"}]) == \
        pytest.approx(1 / 3)


def test_weak_views_find_the_voters_and_rank_uncertain_documents_first():
    from kashif.review.evidence import weak_views
    from kashif.review.rank import rank
    from kashif.weak.labeller import WeakLabeller

    texts = {"sure": "قال المتحدث إن تنظيم داعش استخدم غاز الكلور في مدينة الموصل شمال العراق.",
             "plain": "ذهب الولد إلى المدرسة صباحا.",
             "unsure": "وصل كوهاري إلى بلدة ميتانو حيث التقى ممثلين عن تحالف زيرات وفريق سيلاك."}
    from kashif.corpus import RawDoc

    docs = WeakLabeller().label_corpus([RawDoc(k, v) for k, v in texts.items()])
    views = {v.document.id: v for v in weak_views(docs)}
    sure = views["sure"]
    assert [(e.start, e.end, e.type) for e in sure.document.entities] == \
        [(e.start, e.end, e.type) for e in docs[0].entities]
    for e in sure.document.entities:
        ev = sure.evidence.entities[(e.start, e.end, e.type)]
        assert ev.voters, e  # every weak entity has at least one function behind it
    ranked = rank(list(views.values()))
    order = [r.id for r in ranked]
    assert order.index("plain") == 2, [r.to_dict() for r in ranked]
    assert ranked[0].worth >= ranked[1].worth >= ranked[2].worth
    # a model that disagrees with the labeller makes a document worth more
    model = {"plain": build_document("plain", texts["plain"], [(4, 9, "PER", 0.9)])}
    again = {r.id: r for r in rank(list(views.values()), model)}
    assert again["plain"].parts["model_disagreement"] == 1.0
    assert again["plain"].worth > {r.id: r for r in ranked}["plain"].worth


# ------------------------------------------------------------------------------ CLI


def _write_jsonl(path, docs):
    path.write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")


def test_cli_export_import_rank(tmp_path, capsys):
    from kashif.cli import main

    weak = tmp_path / "weak.jsonl"
    _write_jsonl(weak, [sample_doc()])
    with weak.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    tasks, config = tmp_path / "tasks.json", tmp_path / "config.xml"
    assert main(["review", "export", "--input", str(weak), "--output", str(tasks),
                 "--config-out", str(config)]) == 0
    err = capsys.readouterr().err
    assert "weak.jsonl:2: invalid JSON" in err and "Traceback" not in err
    exported = json.loads(tasks.read_text(encoding="utf-8"))
    assert len(exported) == 1 and ET.fromstring(config.read_text(encoding="utf-8")).tag == "View"
    assert any(r.get("meta", {}).get("voters") for r in exported[0]["predictions"][0]["result"])
    export = tmp_path / "export.json"
    export.write_text(json.dumps([reviewed(exported[0]), {"id": 9, "data": {"doc_id": "x"}, "annotations": []}],
                                 ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    assert review_main(["import", "--input", str(export), "--output", str(gold)]) == 0
    assert "task 9 (x): no text in data.text; skipped" in capsys.readouterr().err
    (doc,) = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines()]
    assert labels_of(build_document(doc["id"], doc["text"], [(e["start"], e["end"], e["type"], None)
                                                             for e in doc["entities"]])) [0] == \
        labels_of(sample_doc())[0]
    ranked, scores = tmp_path / "ranked.jsonl", tmp_path / "scores.jsonl"
    assert review_main(["rank", "--input", str(weak), "--output", str(ranked), "--scores", str(scores)]) == 0
    assert json.loads(scores.read_text(encoding="utf-8").splitlines()[0])["id"] == "d1"


@pytest.mark.parametrize("content, rc, message", [
    (b"", 2, "empty file"),
    (b"\xff\xfe\x00", 2, "not valid UTF-8"),
    (b"{\"a\": ", 2, "not a Label Studio JSON export"),
    (b"[]", 1, "no reviewed task"),
])
def test_cli_import_bad_files(tmp_path, capsys, content, rc, message):
    bad = tmp_path / "export.json"
    bad.write_bytes(content)
    out = tmp_path / "gold.jsonl"
    assert review_main(["import", "--input", str(bad), "--output", str(out)]) == rc
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and not out.exists()


def test_cli_push_needs_an_api_key(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps([document_to_task(sample_doc())], ensure_ascii=False), encoding="utf-8")
    assert review_main(["push", "--url", "http://127.0.0.1:9", "--project", "p", "--input", str(tasks)]) == 2
    assert "LABEL_STUDIO_API_KEY" in capsys.readouterr().err


# ------------------------------------------------------------------------------ corrections flow back


class _Words:
    """A toy labelling function: GPE on every word ``keep`` accepts."""

    def __init__(self, name, keep):
        self.name, self.keep = name, keep

    def __call__(self, text):
        from kashif.weak.base import Span

        out, pos = [], 0
        for w in text.split(" "):
            if self.keep(w):
                out.append(Span(pos, pos + len(w), "GPE"))
            pos += len(w) + 1
        return out


def test_reviewed_documents_teach_the_label_model_which_function_to_trust():
    from kashif.weak.labeller import WeakLabeller

    places = {"سوريا", "العراق", "ليبيا", "اليمن"}
    fns = lambda: [_Words("gazetteer.toy@1", places.__contains__),  # noqa: E731
                   _Words("heur.al@1", lambda w: w.startswith("ال"))]
    texts = ["ذهب الولد إلى العراق ثم سوريا", "قرأ المعلم الكتاب في اليمن", "وصل الوفد إلى ليبيا والمدرسة",
             "الطقس في العراق حار", "قال الرجل إن الحرب في سوريا"]
    blind = WeakLabeller(entity_functions=fns(), relations=False).fit(texts)
    gold = [build_document(f"r{k}", t, [(t.index(w), t.index(w) + len(w), "GPE", None) for w in t.split(" ")
                                        if w in places]) for k, t in enumerate(texts[:3])]
    taught = WeakLabeller(entity_functions=fns(), relations=False).fit(texts[3:], reviewed=gold)
    rb = blind.entity_model.reliabilities()["heur.al@1"]
    rt = taught.entity_model.reliabilities()["heur.al@1"]
    assert rt < rb, (rb, rt)
    assert taught.entity_model.reliabilities()["gazetteer.toy@1"] > rt
    # the heuristic's lone vote ("الوزير" is no place) is trusted much less; the agreed place is not
    score = {wl: {e.text: e.score for e in wl.label("t", "زار الوزير العراق").entities} for wl in (blind, taught)}
    assert score[taught]["الوزير"] < score[blind]["الوزير"] - 0.2
    assert score[taught]["العراق"] > 0.95


def test_reviewed_documents_replace_weak_ones_and_weigh_more_in_training(tmp_path, tiny_model_dir):
    from kashif.model import load_tokenizer
    from kashif.training.config import DataConfig, WeakConfig
    from kashif.training.data import build_features, load_documents

    weak = sample_doc()
    other = build_document("d2", "قصفت القوات الروسية مدينة حلب.", [(5, 19, "ORG", 0.9), (26, 29, "GPE", 0.8)],
                           [(0, 1, "ATTACKED", 0.9)])
    _write_jsonl(tmp_path / "weak.jsonl", [weak, other])
    fixed = build_document("d1", TEXT, [(21, 25, "ORG", None), (37, 43, "WEAPON", None)], [(0, 1, "USED", None)])
    _write_jsonl(tmp_path / "reviewed.jsonl", [fixed])
    cfg = DataConfig(train=str(tmp_path / "weak.jsonl"), reviewed=str(tmp_path / "reviewed.jsonl"),
                     reviewed_weight=3.0, max_length=64, stride=16)
    cfg.check()
    docs, _ = load_documents(cfg)
    assert [d.id for d in docs] == ["d1", "d2"] and docs[0] == fixed
    tok = load_tokenizer(tiny_model_dir)
    by_doc = {d.id: build_features([d], tok, cfg, WeakConfig()) for d in docs}
    assert {w for f in by_doc["d1"] for w in f.label_weights} == {0.0, 3.0}
    assert {w for f in by_doc["d2"] for w in f.label_weights} == {0.0, 1.0}
    assert {w for f in by_doc["d1"] for w in f.pair_weights} == {3.0}
    with pytest.raises(ValueError, match="data.reviewed_weight"):
        DataConfig(train="x", reviewed_weight=0.0).check()


def test_cli_rank_with_a_model_and_import_of_task_lines(tmp_path, tiny_model_dir, capsys):
    weak = tmp_path / "weak.jsonl"
    _write_jsonl(weak, [sample_doc()])
    scores = tmp_path / "scores.jsonl"
    assert review_main(["rank", "--input", str(weak), "--output", str(tmp_path / "r.jsonl"), "--scores", str(scores),
                        "--model", str(tiny_model_dir)]) == 0
    (row,) = [json.loads(x) for x in scores.read_text(encoding="utf-8").splitlines()]
    assert set(row) >= {"entity_entropy", "relation_entropy", "lf_disagreement", "model_disagreement"}
    assert review_main(["rank", "--input", str(weak), "--output", str(tmp_path / "r.jsonl"),
                        "--model", str(tmp_path / "no-model")]) == 2
    assert "no-model" in capsys.readouterr().err
    lines = tmp_path / "tasks.jsonl"  # a JSONL of tasks is read as well as a JSON list
    lines.write_text(json.dumps(reviewed(document_to_task(sample_doc())), ensure_ascii=False) + "\n",
                     encoding="utf-8")
    assert review_main(["import", "--input", str(lines), "--output", str(tmp_path / "g.jsonl")]) == 0


@pytest.mark.parametrize("content, rc, message", [
    (b"", 1, "no valid document"),
    (b"\xff\xfe\x00\n", 2, "not valid UTF-8"),
    (None, 2, "no such file"),
    (b'{"id": "a", "text": "x", "entities": [{"id": "T1", "start": 0, "end": 9, "type": "ORG", "text": "x"}]}\n',
     1, "breaks the schema"),
])
def test_cli_export_bad_inputs(tmp_path, capsys, content, rc, message):
    src = tmp_path / "in.jsonl"
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "tasks.json"
    assert review_main(["export", "--input", str(src), "--output", str(out), "--no-voters"]) == rc
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and not out.exists()
