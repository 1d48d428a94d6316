"""The date grammar (kashif.weak.dates): exact DATE spans on short sentences."""

from __future__ import annotations

import pytest

from kashif.weak.dates import DateFunction, find_dates


def dates(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_dates(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # year words stay inside, prepositions outside
    ("استخدم الكلور منذ عام 2014.", ["عام 2014"]),
    ("في العام 2003 م بدأت الحرب", ["العام 2003 م"]),
    ("في عامي 2021 و2022.", ["عامي 2021 و2022"]),
    ("بعد عامي 2017 و 2018، ومن المرجح", ["عامي 2017 و 2018"]),
    # a range is two dates
    ("من 2018 إلى 2019.", ["2018", "2019"]),
    ("من عام 2014 إلى عام 2019 قبل", ["عام 2014", "عام 2019"]),
    # Levantine and Gregorian months, slash alternatives, relative modifiers
    ("وكانوا توقعوا في تشرين الاول الماضي استخدام", ["تشرين الاول الماضي"]),
    ("نشرت في أيار الماضي أن", ["أيار الماضي"]),
    ("في آب/أغسطس 2017 وفي تشرين الثاني/نوفمبر من نفس العام.", ["آب/أغسطس 2017", "تشرين الثاني/نوفمبر من نفس العام"]),
    ("أعلن يوم 22 تشرين الثاني/ نوفمبر الماضي، أن", ["يوم 22 تشرين الثاني/ نوفمبر الماضي"]),
    ("في كانون الثاني/يناير 2022، ما أدى", ["كانون الثاني/يناير 2022"]),
    ("بالتحديد في 15 أبريل 2017، حيث", ["15 أبريل 2017"]),
    ("في نوفمبر 2015، وبعد ذلك", ["نوفمبر 2015"]),
    ("هجوم في السابع من نيسان/أبريل 2018، بينما", ["السابع من نيسان/أبريل 2018"]),  # an ordinal day
    # weekdays, Arabic-Indic digits, numeric dates and the era marker
    ("الخميس ٢٩ نوفمبر ٢٠١٨ - ٠٥:١٣ بتوقيت غرينتش", ["الخميس ٢٩ نوفمبر ٢٠١٨"]),
    ("أماليا مخلوف – الثلاثاء 1/10/2024 م …", ["الثلاثاء 1/10/2024 م"]),
    ("صدر يوم الاثنين 29 كانون الثاني/يناير أن", ["يوم الاثنين 29 كانون الثاني/يناير"]),
    ("وصل اليوم الخميس إلى دمشق", ["اليوم الخميس"]),
    ("التقرير المؤرخ 2017-04-15 و15/4/2017", ["2017-04-15", "و15/4/2017"]),
    # seasons need a deictic or a year; a vague lead-in stays outside
    ("في ربيع عام 2019 ، لجأ", ["ربيع عام 2019"]),
    ("كما أظهرت المنظمة هذا الصيف ، عندما", ["هذا الصيف"]),
    ("وفي أحد أيام شهر مارس ، تم نقل", ["شهر مارس"]),
    # يوم أمس before a weekday; a bracketed alternative month; year-first numeric dates; Hijri years
    ("وقع الهجوم يوم أمس الثلاثاء في", ["يوم أمس الثلاثاء"]),
    ("قتل في 29 يونيو (حزيران) 2014 و في مايو (أيار) الماضي", ["29 يونيو (حزيران) 2014", "مايو (أيار) الماضي"]),
    ("صدر القرار بتاريخ 2023/10/07 وأعلن", ["2023/10/07"]),
    ("في عام 1440 هـ الموافق 2019", ["عام 1440 هـ", "2019"]),
    # the Maghrebi article before the day; an older Hijri year with its year word
    ("وانطلقت الحملة في الـ7 أفريل الماضي بالعاصمة", ["الـ7 أفريل الماضي"]),
    ("منذ الـ25 من ديسمبر وحتى اليوم", ["الـ25 من ديسمبر"]),
    ("بني المسجد سنة 1200 هـ على يد", ["سنة 1200 هـ"]),
    # a Hijri month with a Hijri year (the Gregorian year pattern does not read 1435)
    ("وجرت المعركة في 17 رمضان 1435 هـ قرب الحصن", ["17 رمضان 1435 هـ"]),
    ("وتوفي في شوال سنة 808 للهجرة بالمدينة", ["شوال سنة 808 للهجرة"]),
    # غدا before a weekday, a modifier between a weekday and its date, coordinated days
    ("وتعقد الجلسة غدا الأحد في العاصمة", ["غدا الأحد"]),
    ("وصل منذ يوم الاثنين الماضي 14 مارس 2016 إلى", ["يوم الاثنين الماضي 14 مارس 2016"]),
    ("وجرت الانتخابات يومي 8 و9 أكتوبر 2019 في", ["يومي 8 و9 أكتوبر 2019"]),
    ("ويعقد المؤتمر أيام 5 و6 و7 ديسمبر المقبل في", ["5 و6 و7 ديسمبر المقبل"]),
    # after a month or a year word a four-digit number is a year, an older one too
    ("وسقطت المدينة في يونيو 1099 بعد حصار", ["يونيو 1099"]),
    # a year glued to its month (scraped text)
    ("وانطلقت الحملة يوم 3 مارس2015 في الجنوب", ["يوم 3 مارس2015"]),
    ("وفي عام 1258 دخل المغول بغداد", ["عام 1258"]),
    ("وأعلن التنظيم أول أمس الاثنين عن العملية", ["أول أمس الاثنين"]),
    ("وشنت الطائرات يومي الثلاثاء والأربعاء الماضيين غارات", ["يومي الثلاثاء والأربعاء الماضيين"]),
    ("واجتمع الوزراء يوم 12 و13 ماي في الرباط", ["يوم 12 و13 ماي"]),
    # an older Gregorian year with its year word and era marker
    ("ولد في تونس عام 1332 م، وتوفي في القاهرة سنة 1406 ميلادية.", ["عام 1332 م", "سنة 1406 ميلادية"]),
])
def test_date_spans(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "على مدى عام ونصف",        # a duration
    "خلال بضعة أيام",          # a duration
    "الشهر الماضي وهذا الأسبوع",  # relative, no calendar word
    "في الساعة 05:13 صباحا",     # a time of day
    "أكثر من 2000 شخص",         # a count
    "قال أحد المحللين",          # أحد "one", not Sunday
    "مارس الضغط على الحكومة",    # مارس "practised"
    "في حقبة الحرب الباردة",     # an era
    "الربيع العربي",             # a season word without a deictic or year
    "قتل 1437 هاربا",            # a count before a word in ه, not a Hijri year
    "ودفع 850 هـ",               # no year word: a number, not an older Hijri year
    "في عام 850 مات",             # a three-digit year without its era marker: a count as likely
])
def test_not_dates(text):
    assert dates(text) == []


def test_date_function_protocol():
    f = DateFunction()
    assert f.name == "date.grammar@6"
    text = "منذ عام 2014."
    [s] = f(text)
    assert (s.start, s.end, s.type) == (4, 12, "DATE")


def test_maghrebi_past_modifier_belongs_to_the_date():
    from kashif.weak.dates import DateFunction

    text = "ووقع الهجوم ليلة 31 ديسمبر الفارط في إسطنبول."
    assert [text[s.start:s.end] for s in DateFunction()(text)] == ["31 ديسمبر الفارط"]


@pytest.mark.parametrize(("text", "expected"), [
    # the first day as a word (Maghrebi أول, غرة: the first of a month)
    ("ويبدأ التجنيد بداية من أول جويلية المقبل، على أن", ["أول جويلية المقبل"]),
    ("وأعلن الصيام في غرة رمضان 1440 هـ", ["غرة رمضان 1440 هـ"]),
    # a day and a year around a misspelt month
    ("واغتيل يوم 12 نوفبمر 2015، أمام منزله", ["يوم 12 نوفبمر 2015"]),
    # years in brackets after a name: a life (two dates) or one year with its era marker
    ("ابن جبير (1145 - 1217)، رحالة أندلسي", ["1145", "1217"]),
    ("بناها الوالي سنة 210 هـ (825 م) بأمر الخليفة", ["سنة 210 هـ", "825 م"]),
])
def test_first_days_misspelt_months_and_bracketed_years(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text", [
    "وسقط يوم 15 قتيلا 2016",      # a count between the day and the year, no month
    "وانتهت المباراة (3 - 1) لصالحهم",  # a score
    "راجع الصفحات (220 - 135)",      # not a forward range
])
def test_not_bracketed_or_misspelt_dates(text):
    assert dates(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # an event named by its year holds a DATE (the event noun outside)
    ("قاد ثورة 1919 ضد الاحتلال، ثم انتخابات 1924.", ["1919", "1924"]),
    ("وشارك في حرب 1967 وهو شاب.", ["1967"]),
])
def test_a_year_that_names_an_event(text, expected):
    assert dates(text) == expected
