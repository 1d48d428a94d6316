"""Entity labelling functions on short Arabic sentences, with exact expected spans.

Each test names the ANNOTATION.md rule it checks. A final property test runs every function on
arbitrary text (letters, diacritics, tatweel, digits, punctuation, ZWNJ/RLM, spaces).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kashif.text import is_word_char
from kashif.weak.base import REGISTRY, LabellingFunction
from kashif.weak.entities import entity_functions
from kashif.weak.gazetteer import gpe_function
from kashif.weak.patterns import (
    FirstNamePersonFunction,
    OrgCueFunction,
    PersonRepeatFunction,
    PlaceCueFunction,
    StateOrgFunction,
    TitlePersonFunction,
)
from kashif.weak.weapons import BareWeaponNegativeFunction, WeaponGrammarFunction, WeaponLexiconFunction


def spans(fn: LabellingFunction, text: str) -> list[tuple[str, str]]:
    out = fn(text)
    for s in out:  # offsets are sacred
        assert 0 <= s.start < s.end <= len(text)
    return [(text[s.start:s.end], s.type) for s in out]


# --- the list -----------------------------------------------------------------------------


def test_entity_functions_have_unique_versioned_registered_names():
    fns = entity_functions()
    names = [f.name for f in fns]
    assert len(names) == len(set(names)) == 15
    assert all(re.fullmatch(r"[a-z]+\.[a-z_]+@\d+", n) for n in names)
    assert set(names) <= set(REGISTRY)
    assert all(isinstance(f, LabellingFunction) for f in fns)


# --- people (rule 4: titles and roles outside) --------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("قال الكولونيل جون دوريان وهو متحدث عسكري", ["جون دوريان"]),
    ("حذر وزير الخارجية الروسي، سيرغي لافروف، من أن", ["سيرغي لافروف"]),
    ("فقد تم إبلاغ قائد الفيلق الجنرال زيد صالح بالحادث", ["زيد صالح"]),
    ("وقالت المتحدثة باسم وزارة الخارجية الروسية ماريا زاخاروفا: إن", ["ماريا زاخاروفا"]),
    ("أعلن مندوب روسيا الدائم لدى الأمم المتحدة فاسيلي نيبينزيا، يوم", ["فاسيلي نيبينزيا"]),
    ("بدوره حذر كولومب ستارك وهو محلل رفيع المستوى", ["كولومب ستارك"]),  # apposition
    ("قال قائد شرطة محافظة نينوى اللواء واثق الحمداني إن", ["واثق الحمداني"]),  # after a rank
    ("أعلن المتحدث العميد يحيى رسول، الأربعاء", ["يحيى رسول"]),  # a surname closed by a comma
    ("وكان مدير قسم عدم الانتشار في الوزارة قد أعلن", []),  # the department's complement, no name
    ("قال الرئيس إن الحكومة ستعقد اجتماعا", []),
])
def test_title_cue(text, expected):
    assert spans(TitlePersonFunction(), text) == [(e, "PER") for e in expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("أكد مدير الوكالة، جون برينان، أن", ["جون برينان"]),
    ("التقت الصحفية أماليا مخلوف رسالة", ["أماليا مخلوف"]),
    ("أعلن أبو بكر البغدادي قيام", ["أبو بكر البغدادي"]),  # a kunya
    ("التقى محمد وجون كيري", ["محمد", "وجون كيري"]),  # a first name keeps its proclitic (rule 1)
    ("وضع الكتاب على الطاولة", []),  # على "on" is not علي
    ("هذا جمال المدينة", []),  # an ambiguous first name needs a name word after it
    ("قال جمال خاشقجي إن", ["جمال خاشقجي"]),
])
def test_first_name_cue(text, expected):
    assert spans(FirstNamePersonFunction(), text) == [(e, "PER") for e in expected]


def test_partial_repeats_of_a_person_in_the_same_document():
    text = "حذر وزير الخارجية الروسي، سيرغي لافروف، من ذلك. وقال لافروف إن روسيا مستعدة. ولافروف أضاف"
    assert spans(PersonRepeatFunction(), text) == [("لافروف", "PER"), ("ولافروف", "PER")]


# --- organisations (rules 3 and 5) --------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("استخدم تنظيم “داعش” الإرهابي السلاح", ["داعش"]),  # quoted name: class word outside
    ("أن تنظيم الدولة الإسلامية يصنع", ["الدولة الإسلامية"]),  # a known name: class word outside
    ("استهدفت قوات التحالف الدولي مواقع", ["التحالف الدولي"]),
    ("أجراها مركز التحليل البريطاني (اي اتش اس) المتخصص", ["مركز التحليل البريطاني", "اي اتش اس"]),
    ("نشرت وزارة الصحة العراقية بيانا", ["وزارة الصحة العراقية"]),  # class word inside
    ("استولى على مختبر في جامعة الموصل في", ["جامعة الموصل"]),
    ("رصد خبراء من جامعة أكسفورد آثار", ["جامعة أكسفورد"]),
    ("هاجمت قوات الحكومة السورية البلدة", ["الحكومة السورية"]),  # the rest is a complete name
    ("اتهمت شركة لافارج الفرنسية", ["لافارج"]),  # a rare name
    ("ونشرتها صحيفة الوطن السورية أمس", ["الوطن"]),  # outlet: the adjective stays outside
    ("خدم في اللواء الثاني من الفيلق الخامس اقتحام", ["اللواء الثاني", "الفيلق الخامس اقتحام"]),
    ("قوات الأمن ومنظمة إرهابية وقوات أمريكية", []),  # descriptions, no name
])
def test_org_cue(text, expected):
    assert spans(OrgCueFunction(), text) == [(e, "ORG") for e in expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("قصفت القوات العراقية مواقع للجيش  السوري", ["القوات العراقية", "للجيش  السوري"]),
    ("هاجم الجيش العربي السوري والقوات الخاصة الأمريكية", ["الجيش العربي السوري", "والقوات الخاصة الأمريكية"]),
    ("بيد الإدارة الأميركية", ["الإدارة الأميركية"]),
    ("المتحدث باسم القائد العام للقوات المسلحة العراقية", ["للقوات المسلحة العراقية"]),
    ("حذر وزير الخارجية الروسي من", []),  # the adjective is the minister's
    ("ضد مواقع القوات الحكومية", []),  # no state adjective
])
def test_state_organisation_cue(text, expected):
    assert spans(StateOrgFunction(), text) == [(e, "ORG") for e in expected]


# --- places (rules 3 and 6) ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("بينها 19 في مدينة الموصل العراقية", [("الموصل", "GPE")]),
    ("دربوا قوات الجيش الحر بمدينة الباب", [("الباب", "GPE")]),  # proclitic outside with its class word
    ("هي حي الخالدية وحي الزهراء وشارع بارون", [("حي الخالدية", "LOC"), ("وحي الزهراء", "LOC"),
                                                ("وشارع بارون", "FAC")]),
    ("وشارع النيل", []),  # a gazetteer name: the gazetteer votes, not the cue
    ("من قاعدة عين الأسد الجوية في", [("قاعدة عين الأسد الجوية", "FAC")]),  # its modifier too
    ("سقطت قذيفة قرب مطار الرصافة العسكري", [("مطار الرصافة العسكري", "FAC")]),
    ("في شمال محافظة حماة", [("حماة", "GPE")]),
    ("وصلت القوات إلى شرق تلكلخ", [("تلكلخ", "GPE")]),  # direction word outside
    ("في مناطق مكتظة وفي منطقة عازلة", []),  # descriptions
])
def test_place_cue(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


def test_direction_words_stay_outside_a_known_place():
    assert spans(gpe_function(), "خلايا داعش في شمال شرق سوريا") == [("سوريا", "GPE")]


# --- weapons (rule 7 and "More decisions") ------------------------------------------------


@pytest.mark.parametrize(("text", "grammar", "lexicon", "negative"), [
    ("استخدم السلاح الكيماوي بما في ذلك غاز الكلور وغاز الخردل",
     ["السلاح الكيماوي", "غاز الكلور", "وغاز الخردل"], ["غاز الكلور", "وغاز الخردل"], []),
    ("نفذوا هجوما بالسلاح الكيماوي", ["بالسلاح الكيماوي"], [], []),  # proclitic inside
    ("تورط واشنطن بإمداد داعش بالأسلحة والذخائر", ["والذخائر"], [], ["بالأسلحة"]),
    ("حلل 271 قطعة سلاح و13 ألف قطعة ذخيرة", ["ذخيرة"], [], ["سلاح"]),  # counts outside
    ("جمع شظايا هذه القذائف", ["القذائف"], [], []),  # demonstrative outside
    ("صنعوا عناصر غاز الخردل الخام بأنفسهم", ["غاز الخردل"], ["غاز الخردل"], []),
    ("المواد الكيميائية مثل الغاز والكلور", ["المواد الكيميائية"], ["والكلور"], ["الغاز"]),
    ("لبحث انتشار أسلحة الدمار الشامل", ["أسلحة الدمار الشامل"], [], []),
    ("نفذ الهجوم بقذائف هاون على غرب الموصل", ["بقذائف هاون"], ["هاون"], []),
    ("العديد من البنادق الصينية", ["البنادق"], [], []),  # origin outside
    ("وجود أسلحة كورية شمالية", [], [], ["أسلحة"]),  # origin only: no kind
    ("مكونات الأجهزة المتفجرة المرتجلة", ["الأجهزة المتفجرة المرتجلة"], [], []),
    ("أطلقوا صواريخ سكود وبنادق AK-47", ["صواريخ سكود", "وبنادق AK-47"], ["صواريخ سكود", "AK-47"], []),
    ("أنشطة منظمة حظر الأسلحة الكيميائية", [], [], []),  # inside an organisation's name
    ("يقومون بتعبئة القنابل بالمواد الكيميائية السامة", ["القنابل", "بالمواد الكيميائية السامة"], [], []),
])
def test_weapons(text, grammar, lexicon, negative):
    assert spans(WeaponGrammarFunction(), text) == [(g, "WEAPON") for g in grammar]
    assert spans(WeaponLexiconFunction(), text) == [(g, "WEAPON") for g in lexicon]
    assert spans(BareWeaponNegativeFunction(), text) == [(g, "O") for g in negative]


# --- the seed article -----------------------------------------------------------------------


def test_glued_words_yield_both_entities_with_sub_word_offsets():
    text = "شهدت سورياوالعراق زيادة"
    out = gpe_function()(text)
    assert [(s.start, s.end, text[s.start:s.end]) for s in out] == [(5, 10, "سوريا"), (11, 17, "العراق")]


def _aligned(text: str, start: int, end: int) -> bool:
    """ANNOTATION.md rule 1 as the validator checks it: whole words, or a glued neighbour that
    is itself a word joined by و (left) or و/ال + a word (right)."""
    ws, we = start, end
    while ws > 0 and is_word_char(text[ws - 1]):
        ws -= 1
    while we < len(text) and is_word_char(text[we]):
        we += 1
    left, right = text[ws:start], text[start:end] and text[end:we]
    core = left[:-1] if left.endswith("و") else left
    left_ok = not left or (len(core) >= 2 and not re.fullmatch(r"[وفبلك]*(?:ال)?", core))
    right_ok = not right or bool(re.match(r"^(?:و|ال)\w{2,}", right))
    return left_ok and right_ok


def test_every_function_is_word_aligned_on_the_seed_articles(seed_texts):
    for text in seed_texts:
        for f in entity_functions():
            for s in f(text):
                assert _aligned(text, s.start, s.end), (f.name, text[max(0, s.start - 10):s.end + 10])


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / "raw" / "seeds"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


# --- property: any text, any function ---------------------------------------------------------

_ALPHABET = (
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىة"  # letters
    + "\u064b\u064c\u064e\u064f\u0650\u0651\u0652\u0670"  # diacritics
    + "\u0640"  # tatweel
    + "٠١٢٣٤٥٦٧٨٩0123456789"
    + "  \n\t\u00a0"
    + ".,،؛:؟!()“”\"«»/-"
    + "\u200c\u200f\u200e"  # ZWNJ, RLM, LRM
    + "ABCab"
)
_WORDS = st.sampled_from([
    "سوريا", "والعراق", "داعش", "تنظيم", "وزارة", "الدفاع", "الروسية", "الجيش", "السوري", "مدينة", "حي",
    "الموصل", "عام", "2014", "الخميس", "نوفمبر", "تشرين", "الثاني", "قذائف", "هاون", "الأسلحة", "الكيميائية",
    "الكولونيل", "جون", "دوريان", "وهو", "محلل", "غاز", "الخردل", "شمال", "على", "لافروف", "“", "”", "(", ")",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(alphabet=_ALPHABET, max_size=60),
    st.lists(st.one_of(_WORDS, st.text(alphabet=_ALPHABET, max_size=3)), max_size=25).map(" ".join),
))
def test_every_span_is_in_bounds_and_starts_and_ends_on_word_characters(text):
    for f in entity_functions():
        for s in f(text):
            assert 0 <= s.start < s.end <= len(text), (f.name, s)
            assert is_word_char(text[s.start]) and is_word_char(text[s.end - 1]), (f.name, s, text[s.start:s.end])
