"""WeakLabeller end to end with small hand-written labelling functions, plus a property test."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from weak_fixtures import FUNCTIONS, GAZ, NOISY, TEXT, WEAPONS, Gazetteer

from kashif.corpus import ConllSentence, RawDoc
from kashif.schema import build_document, validate
from kashif.weak.analysis import analyse, format_report
from kashif.weak.base import Span
from kashif.weak.labeller import WeakLabeller, _norm


def test_label_produces_scored_valid_entities_and_relations():
    wl = WeakLabeller("majority", entity_functions=FUNCTIONS)
    doc = wl.label("d1", TEXT)
    assert validate(doc) == []
    got = [(e.text, e.type, e.score) for e in doc.entities]
    # الموصل: GPE (gazetteer) against PER (noisy) on the same span is a true tie: majority vote
    # takes the first type in schema order (PER); Dawid-Skene learns better (next test)
    assert got == [("داعش", "ORG", 1.0), ("غاز الخردل", "WEAPON", 1.0), ("الموصل", "PER", pytest.approx(0.5)),
                   ("داعش", "ORG", 1.0), ("الجيش السوري", "ORG", 1.0), ("بالكلور", "WEAPON", 1.0),
                   ("سورية", "GPE", 1.0)]
    assert [e.id for e in doc.entities] == [f"T{k}" for k in range(1, 8)]
    assert doc.entity("T6").norm == "الكلور"
    rels = {(doc.entity(r.head).text, doc.entity(r.tail).text, r.type) for r in doc.relations}
    assert rels == {("داعش", "غاز الخردل", "USED"), ("داعش", "الجيش السوري", "ATTACKED"),
                    ("داعش", "بالكلور", "USED")}
    assert all(r.score == 1.0 for r in doc.relations)


def test_a_labeller_first_fitted_on_a_document_without_pairs_still_labels_relations():
    # fitted on its first document, which holds one entity and so no candidate pair: the
    # relation model learnt nothing, and the next document's votes are counted as by majority
    wl = WeakLabeller("dawid-skene", entity_functions=FUNCTIONS)
    assert wl.label("d0", "هاجم داعش.").relations == ()
    doc = wl.label("d1", TEXT)
    rels = {(doc.entity(r.head).text, doc.entity(r.tail).text, r.type) for r in doc.relations}
    assert ("داعش", "غاز الخردل", "USED") in rels


def test_a_labeller_first_fitted_on_a_text_without_votes_still_labels_entities():
    # no function voted on the first text: the entity model learnt nothing and counts votes
    wl = WeakLabeller("dawid-skene", entity_functions=FUNCTIONS)
    assert wl.label("d0", "hello world").entities == ()
    assert {(e.text, e.type) for e in wl.label("d1", TEXT).entities} >= {("داعش", "ORG"), ("غاز الخردل", "WEAPON")}


def test_functions_that_never_voted_on_the_first_text_still_vote_on_the_next():
    # fitted on a text where only the gazetteer votes: the weapon function's later votes count
    places, weapons = Gazetteer("t.places@1", {"سورية": "GPE"}), Gazetteer("t.weapons@1", {"غاز الخردل": "WEAPON"})
    wl = WeakLabeller("dawid-skene", entity_functions=[places, weapons], relations=False)
    assert [e.type for e in wl.label("d0", "وصل الوفد إلى سورية.").entities] == ["GPE"]
    doc = wl.label("d1", "استخدم غاز الخردل في سورية.")
    assert [(e.text, e.type) for e in doc.entities] == [("غاز الخردل", "WEAPON"), ("سورية", "GPE")]


def test_dawid_skene_learns_that_the_noisy_function_is_wrong():
    texts = [TEXT] + [f"وصل داعش إلى الموصل وسورية والعراق في اليوم {k}. ثم الموصل والعراق." for k in range(30)]
    ds = WeakLabeller("dawid-skene", entity_functions=FUNCTIONS).fit(texts)
    doc = ds.label("d1", TEXT)
    mosul = [e for e in doc.entities if e.text == "الموصل"]
    assert [e.type for e in mosul] == ["GPE"] and mosul[0].score > 0.5
    rel = ds.provenance()["reliabilities"]["entities"]
    assert rel["test.gazetteer@1"] > rel["test.noisy@1"]
    # the noisy function contradicts the gazetteer: a conflict, not a dependency
    assert ds.provenance()["dependencies"] == {"entities": {}}


def test_label_corpus_fits_once_and_label_conll_tags_tokens():
    wl = WeakLabeller("dawid-skene", entity_functions=FUNCTIONS)
    docs = wl.label_corpus([RawDoc("a", TEXT), RawDoc("b", "لا شيء هنا")])
    assert wl.fitted and [d.id for d in docs] == ["a", "b"] and docs[1].entities == ()
    sents = [ConllSentence(("استخدم", "داعش", "غاز", "الخردل", "في", "الموصل", "."), None),
             ConllSentence(("وقصف", "الجيش", "السوري", "سورية"), None)]
    tags = WeakLabeller("majority", entity_functions=[GAZ, WEAPONS]).label_conll(sents)
    assert tags == [["O", "B-ORG", "B-WEAPON", "I-WEAPON", "O", "B-GPE", "O"],
                    ["O", "B-ORG", "I-ORG", "B-GPE"]]


def test_provenance_names_functions_versions_and_aggregator():
    wl = WeakLabeller("majority", entity_functions=FUNCTIONS).fit([TEXT])
    prov = wl.provenance()
    assert prov["aggregator"] == "majority" and prov["fitted"] is True
    assert {"name": "test.weapons@2", "family": "test.weapons", "version": 2} in prov["entity_functions"]
    assert any(f["name"] == "rel.used.subject@5" for f in prov["relation_functions"])
    assert prov["fitted_on"]["documents"] == 1 and "reliabilities" not in prov


def test_analysis_reports_coverage_conflicts_and_gold_accuracy():
    wl = WeakLabeller("majority", entity_functions=FUNCTIONS)
    labelled = wl.label_corpus_detailed([RawDoc("d1", TEXT)])
    # gold: the output with الموصل a GPE
    out = labelled[0].document
    gold = [build_document("d1", TEXT, [(e.start, e.end, "GPE" if e.text == "الموصل" else e.type, None)
                                        for e in out.entities])]
    report = analyse(labelled, gold, wl.provenance())
    ents = report["entities"]
    # clusters: داعش, غاز الخردل, الموصل, داعش, الجيش السوري, بالكلور, سورية, الدولة السورية
    assert ents["items"] == 8
    noisy = ents["functions"]["test.noisy@1"]
    assert noisy["votes"] == 1 and noisy["coverage"] == pytest.approx(1 / 8) and noisy["conflict"] == pytest.approx(1 / 8)
    assert noisy["precision"] == 0.0
    gaz = ents["functions"]["test.gazetteer@1"]
    assert gaz["votes"] == 7 and gaz["precision"] == 1.0 and gaz["recall"] == 1.0
    assert ents["functions"]["test.not_state@1"]["precision"] == 1.0  # nothing gold under its O span
    assert ents["labels"]["WEAPON"]["overlap"] == pytest.approx(2 / 8)
    text = format_report(report)
    assert "test.noisy@1" in text and "rel.used.subject@5" in text


def test_norm_uses_a_known_clitic_length_only_when_valid():
    assert _norm("بالكلور", None) == "الكلور"
    assert _norm("لسوريا", 1) == "سوريا"
    assert _norm("لسوريا", 3) == "لسوريا"  # would cut into the name: the safe default instead


def test_unknown_aggregator_and_duplicate_names_are_refused():
    with pytest.raises(ValueError, match="unknown aggregator"):
        WeakLabeller("vote", entity_functions=FUNCTIONS)
    with pytest.raises(ValueError, match="duplicate"):
        WeakLabeller("majority", entity_functions=[GAZ, GAZ])


class Chaos:
    """Spans anywhere: misaligned, over punctuation and line breaks, overlapping, O."""

    name = "test.chaos@1"

    def __call__(self, text: str) -> list[Span]:
        out = []
        types = ["PER", "ORG", "GPE", "LOC", "FAC", "WEAPON", "DATE", "O"]
        for k in range(0, len(text), 3):
            out.append(Span(k, min(len(text), k + 1 + (k * 7) % 11), types[k % len(types)]))
        return out


def _property_functions():
    fns = [Chaos(), GAZ, NOISY]
    try:
        from kashif.weak.entities import entity_functions
    except ImportError:
        return fns
    return fns + list(entity_functions())


_FUNCTIONS_FOR_PROPERTY = _property_functions()
_PIECES = list("داعشسوريةالموصلغزخردكبنتمفقحجطيى ـ،.؟!\n“”()0123456789 \u064b\u200f") + [
    "داعش", " الموصل ", "غاز الخردل", "سورية", "الجيش السوري", "الدولة السورية"]
ARABICISH = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARABICISH)
def test_label_always_returns_a_valid_document(text):
    for agg in ("majority", "dawid-skene"):
        doc = WeakLabeller(agg, entity_functions=_FUNCTIONS_FOR_PROPERTY).label("p", text)
        assert validate(doc) == []
        assert doc.text == text
        assert all(e.score is not None and 0 <= e.score <= 1 for e in doc.entities)


def test_relation_functions_run_once_per_sentence_when_fitting_and_labelling_together():
    from kashif.weak.relations import relation_functions

    calls = []

    class Counting:
        def __init__(self, fn):
            self.fn, self.name = fn, fn.name

        def __call__(self, sv):
            calls.append((self.name, sv.start))
            return self.fn(sv)

    fns = [Counting(f) for f in relation_functions()]
    wl = WeakLabeller("dawid-skene", entity_functions=FUNCTIONS, relation_fns=fns)
    docs = wl.label_corpus([RawDoc("a", TEXT), RawDoc("b", TEXT)])
    assert len(docs[0].relations) == 3 and docs[0].relations == docs[1].relations
    # two sentences with two or more entities in each of the two documents: 4 calls per function
    assert len(calls) == 4 * len(fns) and len(set(calls)) == 2 * len(fns)


def test_without_relations_the_relation_functions_are_not_even_imported():
    import subprocess
    import sys

    code = ("import sys; from kashif.weak.labeller import WeakLabeller; "
            "WeakLabeller('majority', entity_functions=[], relations=False); "
            "print('kashif.weak.relations' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_conll_names_propagate_within_a_block_of_nearby_sentences(monkeypatch):
    from kashif.weak import labeller
    from kashif.weak.labeller import _propagate_nearby, _propagated

    lines = ["ووصل الجيش إلى مدينة بلغزار صباحا", "وغادر الوفد بلغزار مساء", "وزار الرئيس بلغزار أمس"]
    text = "\n".join(lines) + "\n"
    starts = [0, len(lines[0]) + 1, len(lines[0]) + len(lines[1]) + 2]
    first = text.index("بلغزار")
    seed = _propagated(first, first + len("بلغزار"), "GPE", 0.9, None)
    monkeypatch.setattr(labeller, "CONLL_BLOCK", 2)  # lines 1-2 are one block, line 3 the next
    out = _propagate_nearby(text, [seed], starts)
    assert [(text[s.start:s.end], s.start >= starts[1], s.start >= starts[2]) for s in out] == [
        ("بلغزار", False, False), ("بلغزار", True, False)]
    assert all(s.type == "GPE" for s in out)
