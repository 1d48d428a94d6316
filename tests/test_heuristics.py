"""The broad, noisy entity labelling functions on short hand-written Arabic sentences, and what
the label model makes of them."""

from __future__ import annotations

import pytest
from weak_fixtures import Gazetteer

from kashif.corpus import RawDoc
from kashif.weak.base import REGISTRY
from kashif.weak.heuristics import (
    ArticleFormNegativeFunction,
    PrepositionPlaceFunction,
    SpeechSubjectFunction,
    StateGenitiveFunction,
    heuristic_functions,
)
from kashif.weak.labeller import WeakLabeller, default_entity_functions


def spans(fn, text: str) -> list[tuple[str, str]]:
    out = fn(text)
    assert all(text[s.start:s.end].strip() == text[s.start:s.end] for s in out)
    return [(text[s.start:s.end], s.type) for s in out]


@pytest.mark.parametrize(("fn", "text", "expected"), [
    (PrepositionPlaceFunction(), "وصل الوفد إلى مونغونو أمس.", [("مونغونو", "GPE")]),
    (PrepositionPlaceFunction(), "وعاد من زملكا وفي كفرنبل.", [("زملكا", "GPE"), ("كفرنبل", "GPE")]),
    # a common word, a pronoun ending (جهته) and a definite common word are no place
    (PrepositionPlaceFunction(), "من جهته، قال إن الوضع في المدينة هادئ.", []),
    # a sound feminine plural after a preposition is a noun (في ملابسات), not a town
    (PrepositionPlaceFunction(), "وتتولى التحقيق في ملابسات الهجوم.", []),
    (SpeechSubjectFunction(), "وقال جوتشولك إن الوضع صعب.", [("جوتشولك", "PER")]),
    (SpeechSubjectFunction(), "وأضاف برند جوتشولك أن السوق راكدة.", [("برند جوتشولك", "PER")]),
    (SpeechSubjectFunction(), "قال المتحدث إن الهجوم فشل.", []),
    (StateGenitiveFunction(), "وصرحت حكومة كابولستان بذلك.", [("كابولستان", "GPE")]),
    (StateGenitiveFunction(), "وصرحت حكومة الوحدة بذلك.", []),
    # the definite form occurs in the same text, or is common in the wordfreq list (الفلكلور)
    (ArticleFormNegativeFunction(), "وقعت مشاحنات جديدة بعد المشاحنات السابقة.", [("مشاحنات", "O")]),
    (ArticleFormNegativeFunction(), "وقال إن فلكلور البلاد غني.", [("فلكلور", "O")]),
    (ArticleFormNegativeFunction(), "وصل الوفد إلى مونغونو أمس.", []),
])
def test_heuristic_spans(fn, text, expected):
    assert spans(fn, text) == expected


def test_functions_are_registered_versioned_and_in_the_default_set():
    names = [f.name for f in heuristic_functions()]
    assert names == ["heur.prep_place@4", "heur.speech_subject@3", "heur.state_genitive@3", "heur.seat_place@1",
                     "heur.article_form@4"]
    assert set(names) <= set(REGISTRY)
    assert set(names) <= {f.name for f in default_entity_functions()}


# A corpus where "a rare word after في" is usually *not* a place: the known places (gazetteer)
# are never rare words, and each rare word after في also occurs with the article elsewhere,
# so the article-form function contradicts the broad function there. One rare word after في
# (مونغونو) has no such contradiction.
GAZ = Gazetteer("test.places@1", {"بغداد": "GPE", "دمشق": "GPE", "عمان": "GPE"})
NOISY_TEXTS = [  # the rare nouns after في are contradicted by their definite forms
    "وصل الوفد إلى بغداد. وجرت مشاحنة في مشاحنة الأمس. وانتهت المشاحنة.",
    "وصل الوفد إلى دمشق. ووقعت مجادلة في مجادلة الأمس. واشتدت المجادلة.",
    "وصل الوفد إلى عمان. وبدأت مساجلة في مساجلة الأمس. وتوقفت المساجلة.",
    "وصل الوفد إلى بغداد. وعادت ملاسنة في ملاسنة الأمس. وهدأت الملاسنة.",
    "وصل الوفد إلى دمشق. وتجددت مناكفة في مناكفة الأمس. وزادت المناكفة.",
    "وصل الوفد إلى عمان ثم إلى مونغونو.",
]


def test_dawid_skene_learns_to_distrust_a_broad_function_majority_vote_does_not():
    functions = [GAZ, PrepositionPlaceFunction(), ArticleFormNegativeFunction()]
    docs = [RawDoc(f"d{i}", t) for i, t in enumerate(NOISY_TEXTS)]
    ds = WeakLabeller("dawid-skene", entity_functions=functions, relations=False)
    mv = WeakLabeller("majority", entity_functions=functions, relations=False)
    ds_out, mv_out = ds.label_corpus(docs), mv.label_corpus(docs)
    last_ds = [(e.text, e.type) for e in ds_out[-1].entities]
    last_mv = [(e.text, e.type) for e in mv_out[-1].entities]
    # majority vote keeps the lone broad vote; so does nothing else contradict it ...
    assert last_mv == [("عمان", "GPE"), ("مونغونو", "GPE")]
    # ... but the label model has seen the broad function contradicted on most of its votes
    assert last_ds == [("عمان", "GPE")]
    reliab = ds.entity_model.reliabilities()
    assert reliab["heur.prep_place@4"] < 0.5 < reliab["test.places@1"]
