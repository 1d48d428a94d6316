"""A date grammar for Arabic news (ANNOTATION.md rule 8 and "More decisions").

A DATE holds a year, a month, a weekday, a season or a numeric date. The span covers the
calendar words and what attaches to them -- ``عام``/``عامي``/``شهر``/``يوم``, ``الماضي``/``المقبل``,
``من نفس العام``, the era marker ``م``, a deictic before a season (``هذا الصيف``), slash
alternatives (``تشرين الثاني/ نوفمبر``), ``اليوم``/``أمس`` before a weekday -- but not
prepositions (في، منذ، من، إلى، خلال) or vague lead-ins (``أحد أيام شهر مارس`` -> ``شهر مارس``).
Times of day, durations (``عام ونصف``) and relative expressions without a calendar word
(``الشهر الماضي``) are not DATEs. A coordination (``عامي 2021 و2022``) is one span, a range
(``من 2018 إلى 2019``) two.

The grammar is one regular expression over the normalised text (digits folded, so Arabic-Indic
digits match too), compiled once; spans are mapped back onto the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kashif.text import normalize
from kashif.weak.base import Span, register
from kashif.weak.gazetteer import view
from kashif.weak.resources import cldr_months, cldr_weekdays

#: month names CLDR lacks: Iraqi مايس, Egyptian يونيه/يوليه, Levantine names without the article
_EXTRA_MONTHS = ("مايس", "يونيه", "يوليه", "إبريل", "كانون ثاني", "كانون اول", "تشرين اول", "تشرين ثاني",
                 "كانون الاول", "تشرين الاول", "اغسطس", "اكتوبر")
#: month names that are also ordinary words (آب "father", مارس "practised", ماي, أوت, تموز, نيسان):
#: a DATE only next to a day, a year, شهر, a slash alternative or الماضي/المقبل
_AMBIGUOUS_MONTHS = frozenset(normalize(m) for m in ("آب", "مارس", "ماي", "أوت", "تموز", "نيسان", "جوان", "مايس"))
_HIJRI = ("محرم", "صفر", "ربيع الأول", "ربيع الثاني", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "جمادى الثانية",
          "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة")
_SEASONS = ("صيف", "شتاء", "ربيع", "خريف")
#: modifiers after a month or season that belong to the DATE
_RELATIVE = ("الماضي", "المقبل", "القادم", "الجاري", "الحالي", "المنصرم", "الفائت", "المنقضي", "الفارط",
             "من نفس العام", "من العام نفسه", "من العام ذاته", "من ذات العام", "من هذا العام",
             "من العام الماضي", "من العام الجاري", "من العام الحالي", "من العام المقبل", "من العام القادم")
#: the words after which a bare four-digit number is a year (the preposition stays outside)
_YEAR_LEAD = ("في", "منذ", "حتى", "وحتى", "الى", "إلى", "من", "خلال", "بعد", "قبل", "مطلع", "أواخر", "أوائل",
              "منتصف", "نهاية", "بداية", "أواسط", "ربيع", "صيف", "شتاء", "خريف", "عامي", "سنة", "أعوام",
              "الموافق",
              # an event named by its year holds a DATE: ثورة 1919، حرب 1967، انتخابات 2014، أحداث 2006
              "ثورة", "حرب", "انتخابات", "أحداث", "دستور", "انتفاضة", "ميزانية", "موازنة", "مونديال")


_UNITS = "(?:الحادي|الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع)"
#: a day written as an ordinal: السابع من نيسان، الحادي والعشرين من آذار
_ORDINAL_DAY = (rf"(?:{_UNITS}\sعشر|{_UNITS}\sو\s?العشرين|(?:الحادي\sو\s?)?الثلاثين|العشرين|العاشر|"
                rf"{_UNITS})")
#: the first day written as a word: أول جويلية، غرة رمضان (غرة: the first day of a month)
_FIRST_DAY = "(?:اول|غره|غرة)"
_COUNT_WORDS = ("اكثر", "اقل", "نحو", "حوالي", "قرابة", "زهاء", "يقارب")


def _alt(words) -> str:
    """Regex alternation of normalised phrases, longest first, spaces matching any space."""
    forms = sorted({normalize(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s") for f in forms) + ")"


@lru_cache(maxsize=1)
def date_regex() -> re.Pattern:
    """The compiled date grammar (over normalised text)."""
    months = set(cldr_months()) | set(_EXTRA_MONTHS)
    plain = [m for m in months if normalize(m) not in _AMBIGUOUS_MONTHS]
    any_month = _alt(months)
    # an alternative name after a slash (تشرين الثاني/ نوفمبر) or in brackets (يونيو (حزيران))
    alternative = r"(?:\s?[/-]\s?" + any_month + r"|\s\(" + any_month + r"\))?"
    month = any_month + alternative
    plain_month = _alt(plain) + alternative
    hijri = _alt(_HIJRI)
    weekdays = _alt(w[2:] if normalize(w).startswith("ال") else w for w in cldr_weekdays())
    clitic = r"(?:[وفبلك]|و[بلك]|ف[بلك]|لل)?"
    day = r"(?:[12][0-9]|3[01]|0?[1-9])"
    year = r"(?:1[89][0-9]{2}|20[0-9]{2})"
    hijri_year = r"(?:1[0-4][0-9]{2}|[1-9][0-9]{2})"  # a Hijri year: 1435, or older (850)
    # after a month or a year word a four-digit number is a year, an older one too (يوليو 1187)
    any_year = r"(?:1[0-9]{3}|20[0-9]{2})"
    era = r"(?:\s?(?:م|ميلادي|ميلادية|ه)(?![^\W\d_]))?"  # هـ: the tatweel is normalised away
    rel = r"(?:\s" + _alt(_RELATIVE) + ")?"
    year_word = r"(?:عام|العام|سنة|السنة|لعام)"
    weekday = r"(?:(?:اليوم|يوم\sامس|اول\sامس|امس|غدا|يوم)\s)?ال" + weekdays  # the article: أحد alone is "one"
    numeric = (rf"(?:{day}\s?[/.-]\s?(?:1[0-2]|0?[1-9])\s?[/.-]\s?{year}"
               rf"|{year}[-/](?:1[0-2]|0[1-9])[-/](?:[12][0-9]|3[01]|0[1-9]))")
    # الـ3 مارس (Maghrebi news writes the article before the day; the tatweel is normalised away)
    day_month = rf"(?:يوم\s)?(?:(?:ال)?{day}|{_ORDINAL_DAY}|{_FIRST_DAY})\s(?:من\s)?(?:شهر\s)?{month}(?:(?:\s|(?=\d))(?:من\s)?(?:{year_word}\s)?{any_year})?"
    month_year = rf"(?:شهر\s)?{month}(?:\s|(?=\d))(?:من\s)?(?:{year_word}\s)?{any_year}"  # (مارس2015: glued)
    parts = [
        # weekday with a date: الخميس ٢٩ نوفمبر ٢٠١٨ ; الثلاثاء 1/10/2024 م ; يوم الاثنين 29 كانون الثاني/يناير
        rf"{weekday}(?:{rel}\s?[،,]?\s(?:{day_month}|{numeric}))?{era}{rel}",  # الخميس الماضي 26 جانفي 2017
        # coordinated days: يومي 1 و2 فيفري 2016 (one span, as عامي 2021 و2022)
        rf"(?:يومي?\s)?{day}(?:\s?و\s?{day})*\s?و\s?(?:{day_month}){era}{rel}",
        # coordinated weekdays: يومي الجمعة والسبت الماضيين
        rf"يومي\sال{weekdays}\sوال{weekdays}(?:\s(?:الماضيين|المقبلين|القادمين))?",
        rf"{day_month}{era}{rel}",
        rf"{numeric}{era}",
        # a day and a year around a misspelt month (يوم 15 ديمسبر 2016): one word between them
        # (no month ends in ا: يوم 15 قتيلا is a count)
        rf"يوم\s{day}\s[^\W\d_]{{2,8}}[^\W\d_ا]\s{year}{era}",
        rf"{month_year}{era}{rel}",
        rf"شهر\s{month}{rel}",  # شهر مارس (an ambiguous month too)
        rf"{month}\s" + _alt(_RELATIVE),  # تشرين الاول الماضي
        rf"{plain_month}{rel}",
        rf"(?:عامي|سنتي|العامين)\s{year}\s?(?:و|الى|-)\s?{year}{era}",
        rf"(?:(?:عام|العام|سنة|السنة)\s){any_year}{era}(?:\s?و\s?{year}{era})*",
        rf"(?:(?:هذا|ذلك|هذه)\s)?(?:ال){_alt(_SEASONS)}\s" + _alt(_RELATIVE),
        rf"(?:هذا|ذلك|هذه)\sال{_alt(_SEASONS)}",
        rf"{_alt(_SEASONS)}\s(?:{year_word}\s)?{year}{era}",
        rf"(?:(?:{day}|{_FIRST_DAY})\s)?(?:شهر\s)?{hijri}\s(?:{year_word}\s)?{hijri_year}\s?(?:ه|للهجرة)(?![^\W\d_])",  # 12 ربيع الأول 1435 هـ
        r"(?:(?:عام|العام|سنة|السنة)\s)?1[34][0-9]{2}\s?(?:ه|للهجرة)(?![^\W\d_])",  # a Hijri year: عام 1437 هـ
        # an older Hijri year needs its year word: سنة 1200 هـ، عام 850 للهجرة
        r"(?:عام|العام|سنة|السنة)\s[1-9][0-9]{2,3}\s?(?:ه|للهجرة)(?![^\W\d_])",
        # ... and an older Gregorian year its year word and era marker: عام 1332 م، سنة 622 ميلادية
        r"(?:عام|العام|سنة|السنة)\s[1-9][0-9]{2,3}\s?(?:م|ميلادي|ميلادية)(?![^\W\d_])",
        rf"شهر\s{hijri}",
    ]
    body = "|".join(f"(?:{p})" for p in parts)
    lead = _alt(_YEAR_LEAD)
    bare_year = rf"(?<![^\W_])(?:{lead})\s(?P<year>{year}{era}(?:\s?و\s?{year}{era})*)(?![^\W_]|\s?(?:%|-\d))"
    return re.compile(rf"(?<![^\W_]){clitic}(?:{body})(?![^\W_])|{bare_year}")


@lru_cache(maxsize=1)
def bracket_years_regex() -> re.Pattern:
    """Years in brackets, as encyclopedic text writes a life or a reign after a name: a range
    ``(1304 - 1377)`` (two DATEs) or one year with its era marker ``(819 م)``."""
    era = r"(?:\s?(?:م|ه)(?![^\W\d_]))?"
    year = rf"[1-9][0-9]{{2,3}}{era}"
    life = rf"\(\s?(?P<a>{year})\s?[-–]\s?(?P<b>{year})\s?\)"
    one = r"\(\s?(?P<one>[1-9][0-9]{2,3}\s?(?:م|ه))(?![^\W\d_])\s?\)"
    return re.compile(f"{life}|{one}")


def _bracket_years(doc) -> list[tuple[int, int]]:
    out = []
    for m in bracket_years_regex().finditer(doc.norm):
        if m.group("one"):
            out.append(m.span("one"))
        elif int(re.match(r"\d+", m.group("a")).group()) <= int(re.match(r"\d+", m.group("b")).group()):
            out += [m.span("a"), m.span("b")]  # a range runs forward (not a score or a page pair)
    return out


def find_dates(text: str) -> list[Span]:
    """DATE spans of ``text`` (offsets into ``text``), leftmost-longest, never across a line."""
    doc = view(text)
    out = []
    for m in date_regex().finditer(doc.norm):
        if m.group("year"):
            s, e = m.span("year")
            if doc.norm[max(0, m.start() - 6):m.start()].rstrip().endswith(_COUNT_WORDS):
                continue  # أكثر من 2000: a count, not a year
        else:
            s, e = m.span()
        span = doc.span(s, e, "DATE")
        if "\n" not in text[span.start:span.end]:
            out.append(span)
    if "(" in doc.norm:
        extra = []
        for s, e in _bracket_years(doc):
            span = doc.span(s, e, "DATE")
            if not any(o.start < span.end and span.start < o.end for o in out):
                extra.append(span)
        out = sorted(out + extra, key=lambda sp: sp.start)
    return out


@dataclass(frozen=True)
class DateFunction:
    """DATE from the date grammar."""

    name: str = "date.grammar@6"

    def __call__(self, text: str) -> list[Span]:
        return find_dates(text)


@register("date.grammar@6")
def _date_function() -> DateFunction:
    return DateFunction()
