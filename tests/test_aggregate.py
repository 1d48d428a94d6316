"""Aggregation: clusters, majority vote, Dawid-Skene (entities and relations)."""

from __future__ import annotations

import numpy as np
import pytest

from kashif.weak.aggregate import (
    ENTITY_CLASSES,
    DawidSkene,
    DawidSkeneModel,
    MajorityVote,
    RelationAggregator,
    VoteTable,
    cluster_spans,
    make_aggregator,
)
from kashif.weak.base import Span


def _spans(out):
    return [(s.start, s.end, s.type) for s in out]


def test_clusters_group_transitively_overlapping_spans():
    members = [("a", Span(0, 5, "GPE")), ("b", Span(3, 9, "ORG")), ("c", Span(8, 12, "PER")),
               ("a", Span(20, 25, "GPE")), ("b", Span(12, 14, "LOC"))]
    clusters = cluster_spans(members)
    assert [(c.start, c.end, len(c.members)) for c in clusters] == [(0, 12, 3), (12, 14, 1), (20, 25, 1)]


def test_majority_single_vote_abstentions_and_o():
    mv = MajorityVote()
    votes = {"a": [Span(0, 5, "GPE"), Span(10, 14, "O")], "b": [], "c": [Span(20, 24, "PER")]}
    out = mv(votes)
    assert _spans(out) == [(0, 5, "GPE"), (20, 24, "PER")]
    assert [s.prob for s in out] == [1.0, 1.0]
    assert mv({}) == [] and mv({"a": []}) == []


def test_majority_counts_votes_and_keeps_posteriors():
    votes = {"a": [Span(0, 5, "GPE")], "b": [Span(0, 5, "GPE")], "c": [Span(0, 5, "PER")]}
    (span,) = MajorityVote()(votes)
    assert (span.start, span.end, span.type) == (0, 5, "GPE")
    assert span.prob == pytest.approx(2 / 3)
    post = span.posterior_dict()
    assert list(post) == list(ENTITY_CLASSES) == ["O", "PER", "ORG", "GPE", "LOC", "FAC", "WEAPON", "DATE"]
    assert post["PER"] == pytest.approx(1 / 3) and post["O"] == 0.0
    assert sum(span.posterior) == pytest.approx(1.0)


def test_majority_ties():
    # O against a type: negative evidence wins the tie
    assert MajorityVote()({"a": [Span(0, 5, "GPE")], "neg": [Span(0, 5, "O")]}) == []
    # two types on crossing spans: the longer span (the outermost name) wins
    out = MajorityVote()({"a": [Span(0, 10, "ORG")], "b": [Span(3, 12, "GPE")]})
    assert _spans(out) == [(0, 10, "ORG")]
    assert out[0].prob == pytest.approx(0.5, abs=1e-5)
    # same type, different boundaries, one vote each: the longer span
    out = MajorityVote()({"a": [Span(0, 10, "GPE")], "b": [Span(6, 10, "GPE")]})
    assert _spans(out) == [(0, 10, "GPE")]


def test_nested_name_of_another_type_does_not_vote_against_the_outer_one():
    # جامعة الموصل (ORG) holds الموصل (GPE) twice over: the outermost name wins
    votes = {"org": [Span(0, 12, "ORG")], "gpe1": [Span(6, 12, "GPE")], "gpe2": [Span(6, 12, "GPE")]}
    out = MajorityVote()(votes)
    assert _spans(out) == [(0, 12, "ORG")]
    assert out[0].prob == 1.0


def test_output_is_flat_and_rest_of_cluster_is_resolved_again():
    votes = {"a": [Span(0, 5, "GPE")], "b": [Span(0, 5, "GPE")], "c": [Span(3, 12, "ORG")],
             "d": [Span(8, 12, "PER")]}
    out = MajorityVote()(votes)
    # GPE wins the cluster 2:1; ORG overlaps it and goes; PER (nested in ORG, so silent at first)
    # is resolved on its own afterwards
    assert _spans(out) == [(0, 5, "GPE"), (8, 12, "PER")]
    assert out[0].prob == pytest.approx(2 / 3)


def test_flat_output_on_random_votes():
    rng = np.random.default_rng(1)
    for _ in range(50):
        votes = {}
        for lf in "abcde":
            spans = []
            for _ in range(rng.integers(0, 6)):
                s = int(rng.integers(0, 60))
                spans.append(Span(s, s + int(rng.integers(1, 12)), str(rng.choice(ENTITY_CLASSES))))
            votes[lf] = spans
        for agg in (MajorityVote(), DawidSkeneModel().fit([votes])):
            out = agg(votes)
            for x, y in zip(out, out[1:]):
                assert x.end <= y.start
            assert all(s.type != "O" and 0 <= s.prob <= 1 for s in out)


def _synthetic_docs(rng, n_docs=60, per_doc=10):
    """Clusters of known type; 'good' is always right, 'medium' right 80%, two noisy functions
    right half the time (else a random other type)."""
    types = ["GPE", "PER", "ORG"]
    docs = []
    for _ in range(n_docs):
        votes = {"good": [], "medium": [], "noisy1": [], "noisy2": []}
        for k in range(per_doc):
            s, e = 10 * k, 10 * k + 5
            truth = types[rng.integers(3)]
            for lf, acc in (("good", 1.0), ("medium", 0.8), ("noisy1", 0.5), ("noisy2", 0.5)):
                if rng.random() < 0.9:
                    lab = truth if rng.random() < acc else str(rng.choice([t for t in types if t != truth]))
                    votes[lf].append(Span(s, e, lab))
        docs.append(votes)
    return docs


def test_dawid_skene_lets_a_reliable_function_outvote_two_noisy_ones():
    rng = np.random.default_rng(0)
    docs = _synthetic_docs(rng)
    ds = DawidSkeneModel().fit(docs)
    rel = ds.reliabilities()
    assert rel["good"] > 0.95 and 0.4 < rel["noisy1"] < 0.6 and 0.4 < rel["noisy2"] < 0.6
    contested = {"good": [Span(0, 5, "GPE")], "noisy1": [Span(0, 5, "ORG")], "noisy2": [Span(0, 5, "ORG")]}
    assert _spans(MajorityVote()(contested)) == [(0, 5, "ORG")]
    (span,) = ds(contested)
    assert (span.start, span.end, span.type) == (0, 5, "GPE")
    assert span.prob > 0.8


def test_dawid_skene_recovers_known_confusion_matrices():
    rng = np.random.default_rng(42)
    K, N = 3, 6000
    pi = np.array([0.5, 0.3, 0.2])
    # rows: true class; columns: votes 0..2, then abstain
    true = np.array([
        [[0.60, 0.05, 0.05, 0.30], [0.05, 0.70, 0.05, 0.20], [0.10, 0.10, 0.60, 0.20]],
        [[0.40, 0.10, 0.00, 0.50], [0.20, 0.30, 0.00, 0.50], [0.05, 0.05, 0.40, 0.50]],
        [[0.10, 0.00, 0.00, 0.90], [0.00, 0.80, 0.00, 0.20], [0.00, 0.30, 0.30, 0.40]],
        [[0.30, 0.30, 0.10, 0.30], [0.00, 0.50, 0.00, 0.50], [0.00, 0.00, 0.70, 0.30]],
    ])
    y = rng.choice(K, size=N, p=pi)
    item, lf, label = [], [], []
    for j in range(len(true)):
        draws = np.array([rng.choice(K + 1, p=true[j, c]) for c in y])
        voted = np.nonzero(draws < K)[0]
        item += voted.tolist()
        lf += [j] * len(voted)
        label += draws[voted].tolist()
    table = VoteTable(np.array(item), np.array(lf), np.array(label), N)
    ds = DawidSkene(K).fit(table, len(true))
    assert np.abs(ds.theta - true).max() < 0.05
    assert np.abs(ds.pi - pi).max() < 0.03
    acc_true = [(pi * true[j, np.arange(K), np.arange(K)]).sum() / (pi * (1 - true[j, :, K])).sum()
                for j in range(len(true))]
    assert np.abs(ds.accuracies() - acc_true).max() < 0.03


def test_prior_keeps_a_function_seen_once_away_from_certainty():
    votes = [{"once": [Span(0, 4, "GPE")], "often": [Span(0, 4, "GPE"), Span(10, 14, "PER")]}]
    ds = DawidSkeneModel().fit(votes)
    assert 0.5 < ds.reliabilities()["once"] < 0.95


def test_relation_aggregation_majority_and_dawid_skene():
    # pairs (0,1) voted USED twice, (1,2) USED vs NONE (tie -> NONE), (0,2) never voted
    cands = [(0, 1, ("USED",)), (1, 2, ("USED",)), (0, 2, ("USED",))]
    votes = {"a": {(0, 1): "USED", (1, 2): "USED"}, "b": {(0, 1): "USED"}, "neg": {(1, 2): "NONE"}}
    mv = RelationAggregator("majority")
    out = mv(cands, votes)
    assert [(r.head, r.tail, r.type, r.prob) for r in out] == [(0, 1, "USED", 1.0)]
    ds = RelationAggregator("dawid-skene").fit([(cands, votes)] * 20)
    out = {(r.head, r.tail): r for r in ds(cands, votes)}
    assert out[(0, 1)].type == "USED" and 0.5 < out[(0, 1)].prob <= 1.0
    assert (0, 2) not in out
    # the schema mask: a label the pair may not carry is never output
    assert RelationAggregator("majority")([(0, 1, ("MEMBER_OF",))], {"a": {(0, 1): "USED"}}) == []


def test_an_unvoted_pair_gets_no_relation_from_a_label_model_fitted_on_few_pairs():
    """Fitted on one short document, Dawid-Skene put an unvoted pair's prior mass on MEMBER_OF
    (0.26-0.30 > NONE): only a label some function voted on the pair may win it."""
    both = ("MEMBER_OF", "LOCATED_IN")
    cands = [(h, t, both) for h in range(4) for t in range(4) if h != t]
    votes = {"member": {(0, 1): "MEMBER_OF"}, "seat": {(2, 3): "LOCATED_IN"}, "seat2": {(2, 3): "LOCATED_IN"}}
    ds = RelationAggregator("dawid-skene").fit([(cands, votes)])
    out = {(r.head, r.tail): r.type for r in ds(cands, votes)}
    assert set(out) <= {(0, 1), (2, 3)} and out.get((2, 3)) == "LOCATED_IN"


def test_unknown_aggregator_is_refused():
    with pytest.raises(ValueError, match="unknown aggregator"):
        make_aggregator("snorkel")
    with pytest.raises(ValueError, match="unknown aggregator"):
        RelationAggregator("hmm")


def test_dawid_skene_boundaries_follow_learnt_reliability_only_when_it_differs():
    # 'cue' votes LOC on 40 clusters that two reliable functions call GPE, and agrees on 20 LOC
    # clusters: its learnt precision for LOC is low; 'gaz' and 'other' are reliable
    docs = ([{"cue": [Span(0, 8, "LOC")], "gaz": [Span(0, 8, "GPE")], "other": [Span(0, 8, "GPE")]}] * 40
            + [{"cue": [Span(0, 8, "LOC")], "gaz": [Span(0, 8, "LOC")], "other": [Span(0, 8, "LOC")]}] * 20)
    ds = DawidSkeneModel().fit(docs)
    assert ds._weight("cue", ENTITY_CLASSES.index("LOC")) < 0.6 < ds._weight("gaz", ENTITY_CLASSES.index("LOC"))
    # a long span from the cue against a shorter one from the gazetteer (وادي النيل / النيل)
    contested = {"cue": [Span(0, 10, "LOC")], "gaz": [Span(5, 10, "LOC")]}
    assert _spans(MajorityVote()(contested)) == [(0, 10, "LOC")]
    assert _spans(ds(contested)) == [(5, 10, "LOC")]
    # two reliable functions that disagree on boundaries: near-equal weights, the outermost wins
    assert _spans(ds({"gaz": [Span(0, 10, "LOC")], "other": [Span(5, 10, "LOC")]})) == [(0, 10, "LOC")]


def test_dawid_skene_learns_that_a_complementary_function_is_not_contradicted_by_silence():
    # classes: 0 = O, 1 = GPE. G (a gazetteer) and T (a second cue) fire together on most places;
    # C fires exactly where they are silent, and is right where T checks it; N fires on
    # non-places that the negative function Z contradicts, and alone.
    G, C, T, Z, N = range(5)
    rows = ([{G: 1, T: 1}] * 200 + [{G: 1}] * 20 + [{C: 1}] * 20 + [{C: 1, T: 1}] * 5
            + [{Z: 0}] * 100 + [{N: 1, Z: 0}] * 30 + [{N: 1}] * 20)
    table = VoteTable.from_rows(rows)
    probe = VoteTable.from_rows([{C: 1}, {N: 1}, {G: 1}])
    plain = DawidSkene(2).fit(table, 5)
    learnt = DawidSkene(2, learn_dependencies=True).fit(table, 5)
    # independence reads G's and T's silence as evidence against every lone C vote
    assert plain.predict_proba(probe)[:, 1].round(2).tolist() == [0.0, 0.0, 1.0]
    # learnt: C fires where G and T are silent by design; N is contradicted, so it gets none
    assert np.argwhere(learnt.dependencies).tolist() == [[C, G], [C, T]]
    assert learnt.predict_proba(probe)[:, 1].round(2).tolist() == [1.0, 0.0, 1.0]


def test_relation_table_drops_votes_the_schema_does_not_allow():
    agg = RelationAggregator("majority")
    cands = [(0, 1, ("USED",)), (1, 0, ())]
    votes = {"f@1": {(0, 1): "USED", (1, 0): "USED"}, "g@1": {(0, 1): "ATTACKED"}}
    table = agg._table([(cands, votes)], grow=True)
    assert table.n_items == 2
    assert list(zip(table.item.tolist(), table.label.tolist())) == [(0, 1)]
    assert table.mask.tolist() == [[True, True, False, False, False, False, False],
                                   [True, False, False, False, False, False, False]]
