"""Places and facilities (ANNOTATION.md rules 1, 3 and 6, and the data/dev decisions on class
words) on short invented sentences, with exact expected spans."""

from __future__ import annotations

import pytest

from kashif.weak.base import LabellingFunction
from kashif.weak.patterns import PlaceCueFunction


def spans(fn: LabellingFunction, text: str) -> list[tuple[str, str]]:
    out = fn(text)
    for s in out:  # offsets are sacred
        assert 0 <= s.start < s.end <= len(text)
    return [(text[s.start:s.end], s.type) for s in out]


@pytest.mark.parametrize(("text", "expected"), [
    # a Maghrebi place hierarchy: each name stops before the next class word (clitic-attached),
    # and a town's name may start with بن
    ("وقعت مواجهات في منطقة الحميرة بمعتمدية بن خلاد من ولاية قفصة.",
     [("الحميرة", "LOC"), ("بن خلاد", "GPE"), ("قفصة", "GPE")]),
    ("عثر عليه في جبل برقوش بمعتمدية سبالة من ولاية القصرين.",
     [("جبل برقوش", "LOC"), ("سبالة", "GPE"), ("القصرين", "GPE")]),
    # quoted names after an outside class word: the quotes bound the name, a known name inside too
    ('انطلقوا من شاطئ "سيدي مرزوق" من معتمدية "وادي الزين"، نحو الشمال.',
     [("سيدي مرزوق", "LOC"), ("وادي الزين", "GPE")]),
    ('ويقيم في منطقة "الفويرات" منذ سنوات.', [("الفويرات", "LOC")]),
])
def test_place_hierarchies_and_quoted_names(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # جزيرة and شبه جزيرة stay outside a name (data/dev decision), unknown names too ...
    ("نشرت البحرية جنودا بجزيرة فالكورا الواقعة شمالا.", [("فالكورا", "LOC")]),
    ("وقال في تصريح بجزيرة فالكورا لمراسلة الإذاعة إن", [("فالكورا", "LOC")]),  # ل + a known noun ends it
    # ... but not before an unknown definite noun, which is no name on its own
    ("ووصل الزورق إلى جزيرة الأرانب", [("جزيرة الأرانب", "LOC")]),
])
def test_island_class_word_stays_outside(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


def test_crimea_without_its_class_words():
    from kashif.weak.gazetteer import loc_function

    assert spans(loc_function(), "بعد ضم روسيا لشبه جزيرة القرم.") == [("القرم", "LOC")]


@pytest.mark.parametrize(("text", "expected"), [
    # a camp is a facility (data/dev decision: مخيم الشوشة)
    ("خصصت الأموال لتمويل مخيم الرحمة للاجئين.", [("مخيم الرحمة", "FAC")]),
    # a purpose or possessor after the class word names nothing
    ("وتقرر تركيز مخيم للاجئين قرب سوق لأعياد الميلاد.", []),
    # a facility seated in the capital, and one seated in a town before a later class word
    ("ونقل إلى المستشفى العسكري بالعاصمة، ثم إلى ولاية قفصة.", [("قفصة", "GPE"), ("المستشفى العسكري", "FAC")]),
    ("ونقل الجريح إلى المستشفى الجهوي بقبلي أمس.", [("المستشفى الجهوي", "FAC")]),  # an unknown seat
    ("وقال إن المستشفى العسكري يحتاج إلى أطباء.", []),  # no seat: a description
    # a facility's modifier closes its name: a second town before it belongs to the name ...
    ("واستقبل مطار قابس مطماطة الدولي أول رحلة.", [("مطار قابس مطماطة الدولي", "FAC")]),
    # ... a day word or a modifier further on does not
    ("وهبطت الطائرة في مطار قابس اليوم الدولي.", [("مطار قابس", "FAC")]),
])
def test_camps_and_seated_facilities(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an unknown definite seat after a unit of a national force or a facility: a quarter (LOC)
    ("ونجحت فرقة الأبحاث للحرس الوطني بالزعفرانة في إيقاف امرأة.", [("بالزعفرانة", "LOC")]),
    ("ونقل الجريح إلى المستشفى المحلي بالقليعة من ولاية قفصة.", [("بالقليعة", "LOC")]),
    ("وانعقد المجلس بقصر الحكومة بالقلعة أمس.", [("بالقلعة", "LOC")]),  # after a body's building
    # a seat's name may be a word when its glued form is unknown (قبلي "tribal")
    ("وأذنت لفرقة الأبحاث للحرس الوطني بقبلي بالاحتفاظ بهما.", [("بقبلي", "GPE")]),
    # an unknown bare name right after a known place: a place inside it (GPE)
    ("وتمكنت الوحدات الأمنية بقفصة بتملوشة من حجز سيارة.", [("بتملوشة", "GPE")]),
    # after an ordinary definite phrase a rare or dialect noun is no seat
    ("وقال إن المنظومة المستهدفة بالخوصصة تعاني.", []),
    # nor a known word, a first name, a plural, a frequent word, a surname after a given name
    ("واتصل الوزير بمحمد وأشاد بالمجهودات.", []),
    ("ونددت وزارة الخارجية اليابانية بالإطلاق الجديد.", []),
    ("والتحق بتنظيم داعش بالقطر الليبي.", []),
    ("وقال القيادي في حركة النهضة عبد الحكيم بلحاج إن الأمر انتهى.", []),
    # nor a verbal noun of mutual action (مفاعلة) after an organisation
    ("وطالبت الخطوط الجوية المالطية بمؤازرة النقابات.", []),
])
def test_seat_after_a_body_or_facility(text, expected):
    from kashif.weak.heuristics import SeatPlaceFunction

    assert spans(SeatPlaceFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an unknown word joined by و right after a place is another place of its type, list-long
    ("وينحدرون من ولاية قفصة ويقيمون بجهتي صفاقس وتملوشة والزعفرانة بالعاصمة.",
     [("قفصة", "GPE"), ("وتملوشة", "GPE"), ("والزعفرانة", "GPE")]),
    # not a pronoun-suffixed noun, a plural, or a verb that opens the next clause
    ("وانتشر المرض في قفصة وضواحيها وتفشت هذه العادة.", []),
    ("وأقاموا في صفاقس وزرعوا بطاطا.", []),
    ("بين المنستير وسوسة وبالتحري في وثائقها تبين الأمر.", []),  # و + ب + a definite noun
    # a given name's chain after an inside class word that is also a given name is no toponym
    ("وفي ذلك العام توفي سهل بن حنيف أمير المدينة.", []),
])
def test_coordinated_places(text, expected):
    assert [s for s in spans(PlaceCueFunction(), text) if s[0] != "صفاقس"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # جهة "region" before a known or an unknown rare name; a dual class word before a list
    ("وألقي القبض عليه ليلة الثلاثاء بجهة برقوش من ولاية سليانة.", [("برقوش", "GPE"), ("سليانة", "GPE")]),
    ("بالتنسيق مع وحدات الحرس بمعتمديتي جلمة وتملوشة في وقت قياسي.", [("جلمة", "GPE"), ("وتملوشة", "GPE")]),
    # جهة "side, party" and وجهة "destination" name nothing
    ("ومن جهة أخرى أكدت جهة الدفاع أن تحويل وجهة قاصر جريمة.", []),
    ("من جهة والترفيع في سن التقاعد من جهة ثانية.", []),
])
def test_region_and_dual_class_words(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


def test_glued_names_after_a_class_word_are_the_gazetteers():
    assert spans(PlaceCueFunction(), "أطلقت صواريخ على مدينتي أوديساوخاركيف، مستهدفة منشآت.") == []


@pytest.mark.parametrize(("text", "expected"), [
    # barracks and camps named after the force they house: one FAC with the class word
    ("وأحيل على الفرقة المختصة بثكنة الحرس الوطني بالمنزه أمس.", [("بثكنة الحرس الوطني", "FAC")]),
    ("وسقطت القذائف قرب معسكر الجيش السوري في الريف.", [("معسكر الجيش السوري", "FAC")]),
    # the building or palace of a state body
    ("وطوقت قوات النخبة مبنى البرلمان ظهرا.", [("مبنى البرلمان", "FAC")]),
    ("وانعقد مجلس وزاري اليوم بقصر الحكومة بالقصبة.", [("بقصر الحكومة", "FAC")]),
    # مبني "built on" and a headquarters (مقر) are no facility's name
    ("وهو مبني على أسس واضحة في مقر الحكومة.", []),
])
def test_facilities_named_after_a_force_or_a_body(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a saint's title inside a church's name; whom a prison serves; a seat after its class word
    ("استهدف الهجوم كاتدرائية مار توما في الموصل.", [("كاتدرائية مار توما", "FAC")]),
    ("وأودعت بسجن منوبة للنساء أمس.", [("بسجن منوبة للنساء", "FAC")]),
    ("سقطت قذيفة على المستشفى التركي في مدينة الفاشر صباحا.", [("الفاشر", "GPE"), ("المستشفى التركي", "FAC")]),
    # a particle inside an unknown name after a class word
    ("استعادت القوات ميناء موسيمبوا دا برايا الاستراتيجي.", [("ميناء موسيمبوا دا برايا", "FAC")]),
    # a city's metro, its tunnels and the city's class word inside; the generic metro is no name
    ("وقع انفجار بمترو أنفاق مدينة سان بطرسبرغ صباحا.", [("بمترو أنفاق مدينة سان بطرسبرغ", "FAC")]),
    ("ويركب مترو الأنفاق كل صباح.", []),
])
def test_facility_names_titles_clienteles_and_metros(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a common word before the next level of a hierarchy is a name (جلال, a given name too)
    ("قرب الثكنة بمنطقة جلال من معتمدية بن خلاد يقع المنزل.", [("جلال", "LOC"), ("بن خلاد", "GPE")]),
    # Maghrebi toponyms made of a topographic noun and its complement (هنشير "farm", غدير "pond")
    ("وقعت المواجهة في منطقة هنشير الرمانة، وأصيب عون.", [("هنشير الرمانة", "LOC")]),
    ("ونشب خلاف بمنطقة غدير العنب في معتمدية سبالة.", [("غدير العنب", "LOC"), ("سبالة", "GPE")]),
    # a town named by a facility's class word (قصر هلال)
    ("وتمت الإطاحة بها في معتمدية قصر هلال من ولاية المنستير.", [("قصر هلال", "GPE"), ("المنستير", "GPE")]),
    # but an adjective before the next level describes the area
    ("وقعت في منطقة حدودية من ولاية القصرين.", [("القصرين", "GPE")]),
])
def test_names_before_the_next_level_of_a_hierarchy(text, expected):
    assert spans(PlaceCueFunction(), text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a town with a direction adjective names its district; a country with one is a region of it
    ("ورئيس منطقة الأمن الوطني بصفاقس الجنوبية وسكان القدس الشرقية.", ["بصفاقس الجنوبية", "القدس الشرقية"]),
    ("وزار سوريا الشمالية وفلسطين الجنوبية أمس.", ["سوريا", "وفلسطين"]),
])
def test_a_town_with_a_direction_adjective(text, expected):
    from kashif.weak.gazetteer import gpe_function

    assert [s[0] for s in spans(gpe_function(), text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an administrative unit named by a direction and a place keeps the direction (its official name)
    ("وصل الوفد إلى عاصمة ولاية شمال كردفان أمس.", [("شمال كردفان", "GPE")]),
    # a settlement's class word before a direction places the town, names nothing
    ("وقعت في مدينة شمال سوريا.", []),
])
def test_administrative_units_named_by_a_direction(text, expected):
    assert spans(PlaceCueFunction(), text) == expected
