"""Organisations (ANNOTATION.md rules 3 and 5) on short invented sentences, with exact expected
spans."""

from __future__ import annotations

import pytest

from kashif.weak.base import LabellingFunction
from kashif.weak.patterns import NationalBodyFunction, OrgCueFunction, StateOrgFunction


def spans(fn: LabellingFunction, text: str) -> list[tuple[str, str]]:
    out = fn(text)
    for s in out:  # offsets are sacred
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == text[s.start:s.end].strip()
    return [(text[s.start:s.end], s.type) for s in out]


@pytest.mark.parametrize(("text", "expected"), [
    # an indefinite فرقة before definite words: their genitive names the squad, which ends at
    # the first word that is not definite (its seat, a date, a verb)
    ("وتمكنت فرقة الشرطة العدلية بالزهيرة من إيقاف شاب.", [("فرقة الشرطة العدلية", "ORG")]),
    ("وأحيل الموقوف على فرقة الأبحاث والتفتيش بمنزل الوردة.", [("فرقة الأبحاث والتفتيش", "ORG")]),
    ("وتولت لفرقة الحراسة و التفتيشات الجمركية مهمة الحجز.", [("لفرقة الحراسة و التفتيشات الجمركية", "ORG")]),
    ("تمكنت فرقة الإرشاد البحري صباح اليوم من إنقاذ مهاجرين.", [("فرقة الإرشاد البحري", "ORG")]),
    # not before a corps named by its adjective (the corps is the name), nor before a preposition
    ("وتعهدت فرقة الحرس الوطني بالبحث.", []),
    ("وتحولت فرقة من الحماية إلى المكان.", []),
])
def test_a_squad_is_named_by_its_task(text, expected):
    assert [s for s in spans(OrgCueFunction(), text) if "فرقة" in s[0] or not expected] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the Maghrebi customs administration is named by a word of its own, with any proclitic
    # and a state adjective after it; its guard by its adjective, as the national guard
    ("وقال مصدر بالديوانة إن الديوانة الليبية حجزت البضاعة.",
     [("بالديوانة", "ORG"), ("الديوانة الليبية", "ORG")]),
    ("وحجزت وحدات الحرس الديواني شحنة من السجائر.", [("الحرس الديواني", "ORG")]),
    # a ministry and a force as before
    ("وأعلنت وزارة الداخلية أن الحرس الوطني تدخل.", [("وزارة الداخلية", "ORG"), ("الحرس الوطني", "ORG")]),
])
def test_national_bodies(text, expected):
    assert spans(NationalBodyFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a union's purpose may be a known description without the article (لقوات الأمن) and a
    # construct of two indefinite nouns (لنقابات قوات)
    ("وقال الكاتب العام للنقابة الجهوية لقوات الأمن الداخلي بالزاوية إن",
     [("للنقابة الجهوية لقوات الأمن الداخلي", "ORG")]),
    ("واستنكر رئيس الاتحاد الوطني لنقابات قوات الحماية المدنية القرار.",
     [("الاتحاد الوطني لنقابات قوات الحماية المدنية", "ORG")]),
    # a back-reference with the article is no purpose: the party's council is no name
    ("وأوصى المجلس الوطني للحزب بالتصويت.", []),
])
def test_a_body_named_by_its_purpose(text, expected):
    assert spans(OrgCueFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a state's airline: الخطوط (الجوية) and the state's adjective; after شركة the rest is a
    # complete name (rule 3)
    ("وقررت الخطوط الجوية المالطية تعليق رحلاتها.", [("الخطوط الجوية المالطية", "ORG")]),
    ("وقال رئيس شركة الخطوط التونسية إن", [("الخطوط التونسية", "ORG")]),
    # front lines are no airline
    ("وتقدمت القوات نحو الخطوط الأمامية السورية.", []),
])
def test_a_state_airline(text, expected):
    assert spans(OrgCueFunction(), text) == expected


@pytest.mark.parametrize(("fn", "text", "expected"), [
    # a state's broadcaster is named by its state's adjective, or by الوطنية as the state's own
    (StateOrgFunction(), "وقال التلفزيون الأردني إن السلطات حددت المنفذين.", [("التلفزيون الأردني", "ORG")]),
    (NationalBodyFunction(), "وبثت الإذاعة الوطنية البيان.", [("الإذاعة الوطنية", "ORG")]),
    # after an outside class word the rest is a complete name (rule 3)
    (OrgCueFunction(), "وقال مدير مؤسسة التلفزة المالطية إن", [("التلفزة المالطية", "ORG")]),
    # a dual adjective agrees with a coordination: no name of the last coordinate alone
    (StateOrgFunction(), "وفي مؤسستي الإذاعة والتلفزة التونسيتين إضراب.", []),
    # a newspaper with a state adjective is a description (a back-reference)
    (StateOrgFunction(), "ونقلت الصحيفة البريطانية الخبر.", []),
])
def test_a_state_broadcaster(fn, text, expected):
    assert spans(fn, text) == expected
