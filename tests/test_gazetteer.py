"""Gazetteer files, CLDR resources and the Aho-Corasick matcher (kashif.weak.gazetteer)."""

from __future__ import annotations

import pytest

from kashif.text import normalize
from kashif.weak.base import Span
from kashif.weak.gazetteer import (
    GAZETTEER_DIR,
    NAME_FILES,
    DocView,
    GazetteerError,
    Matcher,
    derived_state_adjectives,
    gpe_function,
    load,
    load_tsv,
    loc_function,
    negative_function,
    org_function,
    state_adjectives,
)
from kashif.weak.resources import cldr_cities, cldr_months, cldr_territories, cldr_weekdays, variants


def spans(fn, text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.type) for s in fn(text)]


# --- the TSV files ------------------------------------------------------------------------


def test_every_shipped_gazetteer_has_a_header_and_a_provenance_on_every_line():
    files = sorted(GAZETTEER_DIR.glob("*.tsv"))
    assert {p.stem for p in files} >= {"gpe", "loc", "fac", "org", "per", "first_names", "nationalities",
                                       "negatives", "weapons"}
    for p in files:
        entries = load_tsv(p)
        assert entries, p
        assert all(e.surface and e.type and e.provenance for e in entries), p
        assert all(":" in e.provenance or e.provenance == "seed-articles" for e in entries), p


def test_name_files_hold_only_their_types():
    for name, types in NAME_FILES:
        assert {e.type for e in load(name, types)} == set(types)


def test_load_tsv_rejects_a_missing_header(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("سوريا\tGPE\tdomain:test\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad.tsv:1: expected the header"):
        load_tsv(p)


def test_load_tsv_rejects_a_line_without_provenance(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("# a comment\nsurface\ttype\tprovenance\nسوريا\tGPE\tdomain:test\nالعراق\tGPE\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad.tsv:4: expected 3 non-empty"):
        load_tsv(p)


def test_load_tsv_rejects_an_unknown_type(tmp_path):
    p = tmp_path / "bad.tsv"
    p.write_text("surface\ttype\tprovenance\nسوريا\tCITY\tdomain:test\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad.tsv:2: type 'CITY' not one of \['GPE'\]"):
        load_tsv(p, ("GPE",))


def test_load_tsv_reads_comments_and_blank_lines(tmp_path):
    p = tmp_path / "ok.tsv"
    p.write_text("# header comes next\n\nsurface\ttype\tprovenance\n\n# a group\nدمشق\tGPE\tdomain:test\n",
                 encoding="utf-8")
    [e] = load_tsv(p, ("GPE",))
    assert (e.surface, e.type, e.provenance) == ("دمشق", "GPE", "domain:test")


# --- CLDR ---------------------------------------------------------------------------------


def test_a_country_in_no_tsv_is_found_through_cldr():
    in_tsv = {normalize(e.surface) for name, types in NAME_FILES for e in load(name, types)}
    assert normalize("الأرجنتين") not in in_tsv
    assert ("الأرجنتين", "GPE", "cldr:territory:AR") in cldr_territories()
    text = "فازت الأرجنتين على البرازيل"
    assert spans(gpe_function(), text) == [("الأرجنتين", "GPE"), ("البرازيل", "GPE")]


def test_a_foreign_place_with_g_written_jim_is_found():
    # CLDR writes the /g/ of foreign names with غ; Egyptian-style news writes ج
    text = "وصل الوفد إلى هونج كونج قادما من بنجلاديش، ثم توجه إلى شيكاجو."
    assert spans(gpe_function(), text) == [("هونج كونج", "GPE"), ("بنجلاديش", "GPE"), ("شيكاجو", "GPE")]
    # Arabic names and frequent words keep their غ: غرب is no جرب, بغداد no بجداد
    assert spans(gpe_function(), "أصيب بمرض الجرب في المخيم.") == []


def test_cldr_territory_types():
    by_code = {p.split(":")[-1]: (s, t) for s, t, p in cldr_territories()}
    assert by_code["SY"] == ("سوريا", "GPE")
    assert by_code["UN"] == ("الأمم المتحدة", "ORG")
    assert by_code["150"] == ("أوروبا", "LOC")
    assert by_code["MM"] == ("ميانمار", "GPE")  # "(بورما)" stripped
    assert "ZZ" not in by_code and "ML" not in by_code  # unknown region; مالي is also "financial"


def test_cldr_cities_are_exemplar_cities():
    cities = {s: p for s, _, p in cldr_cities()}
    assert cities["بغداد"] == "cldr:zone:Asia/Baghdad"
    assert cities["دمشق"] == "cldr:zone:Asia/Damascus"
    assert "سنتر" not in cities  # an ordinary word, stop-listed


def test_cldr_months_gregorian_levantine_and_maghrebi():
    months = cldr_months()
    assert months["يناير"] == 1 and months["كانون الثاني"] == 1 and months["جانفي"] == 1
    assert months["تشرين الأول"] == 10 and months["آب"] == 8 and months["أيار"] == 5
    assert len(cldr_weekdays()) == 7 and "الخميس" in cldr_weekdays()


def test_variants_taa_marbuta_and_glued_article():
    assert variants("سورية") == {"سورية", "سوريه"}
    assert variants("دير الزور") == {"دير الزور", "ديرالزور"}
    assert "الولاياتالمتحدة" in variants("الولايات المتحدة")


# --- matching -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher([("العراق", "GPE"), ("سوريا", "GPE"), ("مصر", "GPE"), ("الولايات المتحدة", "GPE"),
                    ("دير الزور", "GPE")])


def hits(m: Matcher, text: str) -> list[tuple[str, int]]:
    doc = DocView(text)
    out = []
    for h in m.find(doc):
        s = doc.span(h.start, h.end, h.label)
        out.append((text[s.start:s.end], h.clitic))
    return out


def test_proclitics_stay_inside_the_span(matcher):
    assert hits(matcher, "في سوريا والعراق وللعراق وبالعراق") == [
        ("سوريا", 0), ("والعراق", 1), ("وللعراق", 1), ("وبالعراق", 2)]


def test_word_boundaries_are_respected(matcher):
    assert hits(matcher, "مصرف مصري لمصر") == [("لمصر", 1)]


def test_glued_words_give_both_names(matcher):
    text = "شهدت سورياوالعراق والعراقوسوريا"
    assert hits(matcher, text) == [("سوريا", 0), ("العراق", 0), ("والعراق", 1), ("سوريا", 0)]
    # a name glued to an unknown word is not a hit
    assert hits(matcher, "سورياكبرى") == []


def test_glued_article_variant_and_diacritics(matcher):
    text = "من الولاياتالمتحدة إلى دير الزّور وديرالزور وسُورِيَا"
    assert hits(matcher, text) == [("الولاياتالمتحدة", 0), ("دير الزّور", 0), ("وديرالزور", 1), ("وسُورِيَا", 1)]


def test_hamza_and_alif_maqsura_are_folded():
    m = Matcher([("إسرائيل", "GPE"), ("مصطفى", "PER")])
    assert hits(m, "اسرائيل وأسرائيل مصطفي") == [("اسرائيل", 0), ("وأسرائيل", 1), ("مصطفي", 0)]


def test_no_match_across_a_line_break():
    m = Matcher([("الولايات المتحدة", "GPE")])
    assert hits(m, "الولايات\nالمتحدة") == []


# --- the labelling functions --------------------------------------------------------------


def test_a_name_inside_a_longer_name_is_no_vote():
    text = "نقلوا إلى سجن الصين في الحسكة"
    assert spans(gpe_function(), text) == [("الحسكة", "GPE")]
    assert spans(loc_function(), text) == [("سجن الصين", "FAC")]


def test_org_gazetteer_and_longest_match():
    text = "أكدت وزارة الدفاع الروسية أن تنظيم الدولة الإسلامية في سوريا"
    assert spans(org_function(), text) == [("وزارة الدفاع الروسية", "ORG"), ("الدولة الإسلامية", "ORG")]


def test_negative_votes_on_back_references_and_bare_adjectives():
    text = "قال التنظيم إن القوات الحكومية ومسؤولين الأميركيين"
    assert spans(negative_function(), text) == [("التنظيم", "O"), ("القوات الحكومية", "O"), ("الأميركيين", "O")]


def test_functions_return_spans_on_the_original_text():
    text = "زار وفدٌ دمشــق"
    [s] = gpe_function()(text)
    assert s == Span(9, 15, "GPE") and text[s.start:s.end] == "دمشــق"


# --- resolution rules on top of the hits ----------------------------------------------------


def test_a_known_generic_organisation_takes_the_state_adjective_after_it():
    text = "أعلنت هيئة الأركان المشتركة الكورية الجنوبية أن الحرس الثوري الإيراني"
    assert spans(org_function(), text) == [("هيئة الأركان المشتركة الكورية الجنوبية", "ORG"),
                                           ("الحرس الثوري الإيراني", "ORG")]
    assert spans(negative_function(), text) == []  # the adjectives are inside, no O vote on them


def test_a_preposition_glued_to_a_name_with_the_article_stays_outside():
    assert spans(loc_function(), "استهدفت سفينة فيالبحر الأحمر بصواريخ") == [("البحر الأحمر", "LOC")]
    assert spans(gpe_function(), "قدموا منالعراق ومندمشق") == [("العراق", "GPE")]  # only before ال


def test_al_qaeda_after_a_military_base_is_the_base_again():
    text = "هجوم على قاعدة عسكرية قرب البلدة قبل أن يستولوا على أسلحة من مخازن القاعدة. وقال زعيم القاعدة إن"
    assert spans(org_function(), text) == [("القاعدة", "ORG")]  # only the one a leader introduces
    assert ("القاعدة", "O") in spans(negative_function(), text)
    # before the base, or far from it, القاعدة is the organisation
    assert spans(org_function(), "المرتبط بالقاعدة مسؤوليته عن هجوم على قاعدة للجيش") == [("بالقاعدة", "ORG")]


def test_class_words_stay_outside_known_places_and_groups():
    # rule 3: منطقة and قوات are class words, the rest is a complete name
    assert spans(loc_function(), "والرقة ومنطقة التنف على الحدود وفي منطقة الخليج") == [("التنف", "LOC"),
                                                                                     ("الخليج", "LOC")]
    assert spans(org_function(), "أطلقتها قوات الدعم السريع") == [("الدعم السريع", "ORG")]


def test_official_long_names_and_more_conflict_areas():
    text = "يأتي من الجمهورية الإسلامية الإيرانية إلى صنعاء وشبوة وقندوز وكابل"
    assert spans(gpe_function(), text) == [("الجمهورية الإسلامية الإيرانية", "GPE"), ("صنعاء", "GPE"),
                                           ("وشبوة", "GPE"), ("وقندوز", "GPE"), ("وكابل", "GPE")]


def test_cldr_cities_that_are_ordinary_words_are_stop_listed():
    cities = {s for s, _, _ in cldr_cities()}
    assert {"مدينة تل", "ماهي", "نوم"}.isdisjoint(cities)
    assert spans(gpe_function(), "أطلقت باتجاه مدينة تل أبيب") == [("تل أبيب", "GPE")]


def test_two_word_nationality_adjectives_are_negative_evidence_on_their_own():
    assert spans(negative_function(), "قال مسؤول كوري شمالي إن الصواريخ الكورية الشمالية") == [
        ("كوري شمالي", "O"), ("الكورية الشمالية", "O")]


# --- state adjectives of every country; class words and datelines around known names ------


def test_state_adjectives_are_derived_for_every_cldr_country():
    derived = derived_state_adjectives()
    # -يا -> -ي, -ا -> -ي, consonant + ي (CLDR country names, not typed by hand)
    assert {"صومالي", "ميانماري", "كولومبي", "فنزويلي", "تنزاني"} <= derived
    assert "مالي" not in derived  # "financial": ambiguous, only after an army (patterns)
    states = state_adjectives()
    assert {"الصومالي", "الميانماري", "الاوكرانية", "النمساوي", "البورمية"} <= states
    assert "المالي" not in states


def test_a_known_group_named_by_class_word_and_one_noun_leaves_the_class_word_out():
    # rule 3: حركة is a class word and الشباب names the group on its own
    text = "هاجم مسلحو حركة الشباب قاعدة وأعلن حزب الله ووصلت قوات التحالف ولقوات النمر"
    assert spans(org_function(), text) == [("الشباب", "ORG"), ("حزب الله", "ORG"), ("قوات التحالف", "ORG"),
                                           ("ولقوات النمر", "ORG")]


def test_a_quoted_place_after_a_dateline_dash_is_the_outlet():
    text = "بغداد – «الشرق الأوسط»: أعلنت الفصائل أن «الشرق الأوسط» منطقة"
    assert spans(org_function(), text) == [("الشرق الأوسط", "ORG")]
    assert spans(loc_function(), text) == [("الشرق الأوسط", "LOC")]  # the second: no dateline


def test_geonames_towns_are_read_filtered_and_cached(tmp_path, monkeypatch):
    from kashif.weak import resources

    monkeypatch.setenv("KASHIF_CACHE", str(tmp_path))
    resources.geonames_cities.cache_clear()
    try:
        names = {s for s, t, prov in resources.geonames_cities()}
        assert {"القصرين", "تطاوين", "زغوان", "مدنين"} <= names  # Tunisian towns no domain list has
        assert not names & {"الأشهر", "قولة", "بيرا"}  # a word, or one behind a proclitic (ك + بيرا)
        assert all(prov.startswith("geonames:") for _, _, prov in resources.geonames_cities())
        cached = list(tmp_path.glob("geonames-*.tsv"))
        assert len(cached) == 1 and "القصرين\tGPE\t" in cached[0].read_text(encoding="utf-8")
        resources.geonames_cities.cache_clear()
        assert {s for s, _, _ in resources.geonames_cities()} == names  # read back from the cache
    finally:
        resources.geonames_cities.cache_clear()



def test_a_damaged_geonames_cache_is_rebuilt(tmp_path, monkeypatch):
    from kashif.weak import resources

    monkeypatch.setenv("KASHIF_CACHE", str(tmp_path))
    resources.geonames_cities.cache_clear()
    try:
        good = resources.geonames_cities()
        (cache,) = tmp_path.glob("geonames-*.tsv")
        cache.write_text("a broken line without tabs\n", encoding="utf-8")
        resources.geonames_cities.cache_clear()
        assert resources.geonames_cities() == good
    finally:
        resources.geonames_cities.cache_clear()


@pytest.mark.parametrize(("text", "kept"), [
    # a place that names an agreement, a battle or a conference is no mention (data/dev decision)
    ("وتعمل على تكريس اتفاق الصخيرات ودعم معركة ميسلون ومؤتمر جنيف.", []),
    # مسقط رأس "birthplace" is no Muscat; Muscat itself is
    ("ونقل الجثمان إلى مسقط رأس الفقيد، ثم سافر الوفد إلى مسقط.", ["مسقط"]),
    # a place shaped like a feminine nisba right after a definite noun is its adjective ...
    ("وأحيل الملف على المصالح الديوانية ثم على الإجراءات الديوانية.", []),
    ("ونشرت الصحف السعودية الخبر.", []),
    # ... but not after a place head in apposition, nor after a comma
    ("وزار الوفد المدينة الديوانية ثم الرياض، السعودية.", ["الديوانية", "الرياض", "السعودية"]),
])
def test_places_that_name_an_event_or_stand_in_an_idiom(text, kept):
    from kashif.weak.gazetteer import gpe_function

    assert [text[s.start:s.end] for s in gpe_function()(text)] == kept
