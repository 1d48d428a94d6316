"""Cue-based labelling functions: titles and first names before people, class words before
organisations and places, state adjectives after armies and governments.

Every function works on the words of the normalised text (:class:`kashif.weak.gazetteer.DocView`)
and maps its spans back onto the original text. Span conventions follow ANNOTATION.md:

* titles, roles and direction words stay outside (rules 4 and 6);
* a class word stays outside when the rest is a complete name on its own -- a known name, a
  quoted name or a rare word (``تنظيم داعش`` -> ``داعش``) -- and inside when the rest is a
  description (``وزارة الدفاع الروسية``, ``مركز التحليل البريطاني``) (rule 3);
* a state adjective is inside an organisation's span (``الجيش السوري``) but outside an outlet's
  (``صحيفة نيويورك تايمز الأميركية`` -> ``نيويورك تايمز``) (rule 5).

"Rare" means a Zipf frequency below :data:`COMMON_ZIPF` in the ``wordfreq`` Arabic list: names
like لافروف or ستارك are rare, the words around them (رسالة، حذر، محلل) are not.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property, lru_cache

from babel import Locale

from kashif.text import PROCLITICS, normalize
from kashif.weak.base import KnownCliticSpan, Span, register
from kashif.weak.gazetteer import (
    AMBIGUOUS_STATE_ADJECTIVES,
    AMBIGUOUS_STATE_HEADS,
    ORG_CLASS_WORDS,
    DocView,
    Match,
    load,
    name_matches,
    nationality_forms,
    state_adjective_length,
    state_adjectives,
    view,
)
from kashif.weak.resources import cldr_months, cldr_weekdays, person_name_units, word_zipf

#: a word at or above this Zipf frequency is a common word, not a name part
COMMON_ZIPF = 4.0
#: a word that continues an unknown place name must be rarer than this
RARE_ZIPF = 3.6


def _norm_set(words: str) -> frozenset[str]:
    """A set of normalised words from a space- or '،'-separated string typed with hamzas."""
    from kashif.text import normalize

    return frozenset(normalize(w) for w in words.replace("،", " ").split())


# Titles and roles that precede a person's name (ANNOTATION.md rule 4: outside the span).
TITLES = _norm_set("""
الرئيس الرئيسة رئيس رئيسة الكولونيل كولونيل الجنرال جنرال العقيد عقيد العميد عميد اللواء لواء
اللفتنانت الليفتنانت الميجر الرائد المقدم النقيب الملازم المشير الأدميرال الأميرال الأمير الأميرة
أمير الملك الملكة العاهل الشيخ الشيخة شيخ الدكتور الدكتورة السيد السيدة الآنسة المهندس المحامي
الأستاذ البروفيسور البروفسور القاضي الإمام المفتي البابا الكاردينال البطريرك المطران الحاج الحاجة
السيناتور النائب النائبة نائب المستشار المستشارة مستشار الوزير الوزيرة وزير وزيرة السفير السفيرة سفير
الصحفي الصحفية الصحافي الصحافية المحلل المحللة محلل الباحث الباحثة الكاتب الكاتبة الخبير المراسل المراسلة
المدرب اللاعب النجم الحارس المهاجم الفنان الفنانة المغني المغنية الممثل الممثلة المخرج المرشح المرشحة
الحاكم حاكم القائد قائد الزعيم زعيم المبعوث مبعوث المندوب مندوب الناشط الناشطة المعارض الداعية القيادي
المتحدث المتحدثة متحدث الناطق الناطقة ناطق الأمين أمين المدير المديرة مدير مديرة محافظ المحافظ
الجندي الضابط الطيار الرقيب العريف الشاب الشابة الطفل الطفلة الشهيد الأسير الرهينة
المعتقل المعتقلة الصحفيان عضو العضو مساعد المساعد المدعي المفوض مفوض منسق المنسق عمدة المؤسس مؤسس
نجل شقيق شقيقة زوجة زوج ابنة والد والدة الرئيسان الملا ولي المرجع الأب الراهب الحاخام الجنرالات
الشاعر الشاعرة الروائي الروائية الأديب الأديبة الفيلسوف المؤرخ المفكر الموسيقار الملحن المطرب المطربة
الرسام النحات اللاعبة المدافع لاعب مدرب نجم مهاجم حارس النجمة الكابتن العداء العداءة الملاكم المصارع
القس الأسقف السلطان الإمبراطور الإمبراطورة البطل البطلة كاهية الكاهية عاهل نائبة الخليفة
المدعو المدعوة
المواطن المواطنة العم الراعي
""")
#: ranks and honorifics: the word after them is a name even when it is also an ordinary word
#: (اللواء واثق الحمداني، الشيخ زايد)
HONORIFICS = _norm_set("""
الكولونيل كولونيل الجنرال جنرال العقيد عقيد العميد عميد اللواء لواء اللفتنانت الليفتنانت الميجر الرائد
المقدم النقيب الملازم المشير الأدميرال الأميرال الأمير الأميرة الملك الملكة الشيخ الشيخة الدكتور الدكتورة
السيد السيدة الآنسة المهندس الحاج الحاجة السيناتور الملا السلطان الإمبراطور الإمبراطورة
""")
#: words that may stand between a role and the name: the role's complement (وزير الخارجية الروسي)
COMPLEMENT = _norm_set("""
باسم لدى في العام الدائم الأعلى الأول التنفيذي العسكري السابق الأسبق الحالي الجديد الخاص المساعد
الراحل الراحلة
وزارة خارجية دفاع داخلية قسم مكتب هيئة مجلس لجنة إدارة شؤون جهاز دائرة مديرية شرطة حرس قوات جيش منظمة
مركز وكالة حزب حركة جماعة تنظيم فرع فريق نادي منتخب شركة بنك مصرف جامعة كلية معهد مؤسسة مجموعة
اتحاد لواء فرقة كتيبة فيلق أركان عمليات قيادة محافظة بلدية مدينة حكومة دولة بعثة مفوضية العهد
""")
#: words that join parts of one name: أبو بكر، عبد الله، بن لادن، آل ثاني
CONNECTORS = _norm_set("أبو أبي أبا أم ابن بن بنت عبد آل ولد ذو")
KUNYA = _norm_set("أبو أبي أبا أم ابن")
#: a given name behind a proclitic whose written form is this frequent is a phrase (لصالح)
CLITIC_PHRASE_ZIPF = 4.3
#: a common word this frequent after ابن "son" is no name (ابن رجل; بن is a name connector)
CONNECTOR_NOUN_ZIPF = 4.5
#: particles inside European names (van, von, de, du, da, del, della, la, le): a name word only
#: between two name words, since alone they are ordinary words (فان "van", دي, لا "no")
PARTICLES = _norm_set("فان فون دي دو دا ديل ديلا لا لو")
#: the second word of a compound given name (نور الدين، سيف الإسلام، عبد الله)
COMPOUND_SECOND = _norm_set("الدين الإسلام الله الرحمن")
#: ``X بن Y``: a word before them is a given name in a chain, even with the article (محمد الطاهر بن سعيد)
CHAIN = _norm_set("بن ابن بنت")
#: ``عبد`` with the proclitics a name may carry (وعبد الرحمن)
ABD = _norm_set("عبد وعبد لعبد بعبد")

#: class words left outside when the rest is a complete name (ANNOTATION.md rule 3); the
#: outlets among them also leave a following state adjective outside (rule 5)
ORG_CLASS_OUT = _norm_set("""
تنظيم منظمة حركة صحيفة جريدة وكالة حلف قوات طيران مركز قناة مكتب حزب جماعة ميليشيا ميليشيات مليشيا
مليشيات فصيل شركة مجموعة مجلة إذاعة تلفزيون شبكة ائتلاف تحالف مؤسسة جمعية
""")
OUTLET_CLASS = _norm_set("صحيفة جريدة وكالة قناة مجلة إذاعة تلفزيون شبكة")
#: a class word whose definite description is always a name (a political party)
PARTY = _norm_set("حزب")
#: a movement named by a construct that holds a place is named without the class word too
MOVEMENT = _norm_set("حركة")
#: words that describe an outlet rather than name it (وكالة الأنباء ...)
OUTLET_WORDS = _norm_set("الأنباء الصحافة الإعلام الأخبار الإخبارية التلفزيون الإذاعة الرسمية الحكومية المحلية الدولية")
#: a news agency named by what it does and whose it is: ``وكالة الأنباء السعودية``,
#: ``الوكالة الوطنية للإعلام`` (the whole description is the name, class word included)
AGENCY = _norm_set("الوكالة")
NEWS_WORDS = _norm_set("الأنباء الإعلام")
NEWS_PURPOSE = _norm_set("للأنباء للإعلام")
#: adjectives that describe an agency without naming it (rule 4: outside the span)
NOT_NAMING = _norm_set("الرسمية الحكومية المحلية الخاصة")
#: class words that stay inside the span with their complement (وزارة الدفاع، جامعة الموصل)
ORG_CLASS_IN = _norm_set("""
وزارة جامعة هيئة مجلس لجنة جهاز مديرية مفوضية محكمة بنك مصرف معهد كلية أكاديمية نقابة رابطة غرفة
اتحاد نادي منتخب جيش كتائب سرايا فيلق حكومة كتلة تنسيقية بورصة
""")
#: inside class words that name an organisation only with a state or a place after them:
#: ``حكومة الوحدة الوطنية الليبية``, ``حكومة إقليم كردستان``; not ``حكومة الاحتلال``
NEEDS_STATE = _norm_set("حكومة")
#: what a government of national unity is named by (``حكومة الوفاق الوطني``, ``حكومة الإنقاذ``)
GOVERNMENT_NAMES = _norm_set("الوفاق الوحدة الإنقاذ التوافق")
NATIONAL_ADJECTIVES = _norm_set("الوطني الوطنية الوطنى")
#: heads that take a state adjective to name a state's organisation (الجيش السوري، الإدارة الأميركية)
STATE_HEADS = _norm_set("""
الجيش القوات الحكومة الإدارة النظام الشرطة البحرية الاستخبارات المخابرات الطيران الحرس الخارجية
الدفاع الداخلية السلطات البرلمان الكونغرس الرئاسة الأمن القيادة الأركان الدبلوماسية البعثة سلاح
الادعاء النيابة المصالح الأسطول الأجهزة الدرك التلفزيون التلفزة الإذاعة
""")
#: ``سلاح`` heads an armed service only before one of these (سلاح الجو الأفغاني), else it is a weapon
SERVICE_ARMS = _norm_set("الجو البحرية الطيران")
#: heads that with a state adjective form a complete name on their own (rule 3)
#: (a state's broadcaster too: ``مؤسسة التلفزة التونسية`` -> ``التلفزة التونسية``)
STANDALONE_HEADS = _norm_set("""
الجيش الحكومة النظام الإدارة الشرطة البحرية الاستخبارات المخابرات الحرس السلطات التلفزيون التلفزة الإذاعة
""")
#: military units named by an ordinal (اللواء الثاني، الفيلق الخامس)
UNIT_HEADS = _norm_set("اللواء لواء الفيلق فيلق الفرقة فرقة الكتيبة كتيبة الفوج فوج السرية")
ORDINALS = _norm_set("""
الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر الحادي عشر الأولى الثانية الثالثة
الرابعة الخامسة السادسة السابعة الثامنة التاسعة العاشرة
""")

#: place class words left outside (rule 3) -> the type of the name after them
PLACE_OUT = {
    **dict.fromkeys(_norm_set("مدينة مدن بلدة بلدات قرية قرى محافظة محافظات ريف أرياف ناحية قضاء ولاية إقليم"), "GPE"),
    # Maghreb administrative units: the delegation, municipality and sector of a governorate
    **dict.fromkeys(_norm_set("معتمدية بلدية عمادة دائرة"), "GPE"),
    # duals before two coordinated names (بمعتمديتي جلمة والسبالة), and جهة "region" (بجهة مطماطة)
    **dict.fromkeys(_norm_set("مدينتي ولايتي معتمديتي محافظتي جهة جهتي"), "GPE"),
    **dict.fromkeys(_norm_set("منطقتي"), "LOC"),
    **dict.fromkeys(_norm_set("منطقة مناطق"), "LOC"),
    # data/dev decisions: جزيرة and شبه جزيرة stay outside (بجزيرة غوتلاند -> غوتلاند, LOC when unknown),
    # and so does a beach's class word (شاطئ "سيدي X")
    **dict.fromkeys(_norm_set("جزيرة شاطئ"), "LOC"),
}
#: administrative units named by a direction and a place (ولاية شمال دارفور): not settlements,
#: where the direction places the town (مدينة شمال سوريا)
ADMIN_UNITS = _norm_set("ولاية محافظة إقليم")
#: جهة is also "side, party" (جهة الدفاع، جهة ما): only a known or an unknown rare name follows it
WEAK_TOWN = _norm_set("جهة جهتي")
#: plural class words: only known names follow them (مناطق مكتظة is a description)
PLURAL_PLACE = _norm_set("مدن بلدات قرى محافظات أرياف مناطق أحياء جبال")
_PRONOUN_ENDINGS = ("ه", "ها", "هم", "هما", "كم", "نا")
#: an island's class word stays inside before an unknown definite noun (جزيرة الأرانب)
ISLAND = _norm_set("جزيرة")
#: place class words that stay inside the span (حي الخالدية، مطار ديرالزور العسكري)
PLACE_IN = {
    **dict.fromkeys(_norm_set("حي أحياء جبل جبال هضبة سهل وادي نهر بحيرة بادية صحراء غابة مضيق"), "LOC"),
    **dict.fromkeys(_norm_set("""
    مخيم مطار سجن معتقل شارع قاعدة جسر سد ميناء مرفأ معبر مستشفى ساحة ميدان قلعة قصر مسجد جامع كنيسة كاتدرائية ملعب بوابة سوق
    متحف ضريح
    استاد فندق مصفاة محطة برج معسكر ثكنة حقل"""), "FAC"),
}
#: facility class words named only by a known place or a person (``متحف الموصل``, ``ضريح الإمام آية
#: الله الخميني``): after them a definite word usually starts a description (``متحف الفن المعاصر``)
KNOWN_NAMES_ONLY = _norm_set("متحف ضريح")
#: inside class words after which a definite word is a name even when it is an ordinary word
#: (وادي الشاي، شارع الثورة، سجن الصناعة); not قاعدة البيانات، محطة الوقود، ساحة المعركة
PLACE_IN_NAMED = _norm_set("حي جبل وادي سهل نهر هضبة بحيرة شارع ميدان سجن مطار معبر جسر مخيم غابة كنيسة كاتدرائية مسجد")
#: modifiers that belong to a facility's name (مطار دمشق الدولي)
FAC_MODIFIERS = _norm_set("""
الدولي العسكري العسكرية الجوية الجوي البحرية البحري المركزي المركزية النفطي الكبير الكبرى القديم
القديمة الوطني الوطنية الرئيسي الجامعي الجهوي الأولمبي
""")
#: first words of multi-word place names (خان شيخون، جسر الشغور، تل أبيض; Maghrebi بن عروس، بو سالم،
#: هنشير التلة "the farm of", غدير الزيتون "the pond of", منزل تميم "the house of", حاسي مسعود "the well of")
PLACE_PREFIX = _norm_set("""
خان جسر رأس تل دير كفر عين بئر قلعة باب حمام معرة أم أبو بيت برج جبل وادي سيدي بني بن بو هنشير غدير دوار حاسي منزل
""")
#: ... two of them only after an outside class word (معتمدية بن قردان), elsewhere a name's chain
CHAIN_PREFIX = _norm_set("بن بو")
#: Maghrebi and Levantine toponyms made of a title and a name (سيدي بوزيد، بني وليد): a place
#: only with a locative ب or after a locative preposition (سيدي alone is "sir")
TOPONYM_PREFIX = _norm_set("سيدي بني")
_TOPONYM_FORMS = frozenset("ب" + w for w in TOPONYM_PREFIX) | frozenset("وب" + w for w in TOPONYM_PREFIX)
LOCATIVE = _norm_set("في وفي من ومن إلى وإلى الى والى قرب نحو داخل")
#: CLDR countries whose name is also a frequent word (مالي "financial", بنين "sons"), left out
#: of the gazetteer (:data:`kashif.weak.resources._TERRITORY_STOP`): a country after a
#: direction word (``بوسط مالي``, ``شمال بنين``)
AMBIGUOUS_COUNTRIES = frozenset(normalize(Locale("ar").territories[c]) for c in ("ML", "BJ"))
DIRECTIONS = _norm_set("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط شمالا جنوبا شرقا غربا")
QUOTES_OPEN = "“\"«'‘„"
QUOTES_CLOSE = "”\"»'’“"


#: words that describe a person right after the name (``X أصيل ولاية Y``, ``X البالغ من
#: العمر``): never a name word
DESCRIPTORS = _norm_set("أصيل أصيلة أصيلي أصيلات البالغ البالغة المولود المولودة")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, frozenset[str]]:
    """Word sets built from the gazetteers and CLDR (normalised)."""
    from kashif.text import normalize

    first = {normalize(e.surface) for e in load("first_names", ("FIRST", "FIRST_AMBIGUOUS")) if e.type == "FIRST"}
    ambiguous = {normalize(e.surface) for e in load("first_names", ("FIRST", "FIRST_AMBIGUOUS"))
                 if e.type == "FIRST_AMBIGUOUS"}
    surnames = set()
    for e in load("per", ("PER",)):
        words = normalize(e.surface).split()
        if len(words) > 1:
            surnames.add(words[-1])
    months = {w for name in cldr_months() for w in normalize(name).split()}
    nationality = {normalize(f) for f in nationality_forms()}
    not_names = (TITLES | COMPLEMENT | ORG_CLASS_OUT | ORG_CLASS_IN | STATE_HEADS | DIRECTIONS | DESCRIPTORS
                 | set(PLACE_OUT) | set(PLACE_IN) | months | {normalize(d) for d in cldr_weekdays()}
                 | {normalize(d)[2:] for d in cldr_weekdays()} | nationality)
    general_first, general_surnames = _general_names(not_names | nationality, first | ambiguous)
    return {
        "first": frozenset(first),
        "ambiguous": frozenset((ambiguous | general_first) - first),
        "surnames": frozenset(surnames | general_surnames),
        "not_names": frozenset(not_names - first - ambiguous),
        # given names known only from the general index: a person only before another known name
        "general_first": frozenset(general_first - first - ambiguous),
        "nationality": frozenset(nationality),
    }


#: a word becomes a general first name when at least this many people carry it as a given name
GIVEN_MIN = 5
#: ... and a general surname when at least this many carry it as a surname
SURNAME_MIN = 3
#: a general surname must be rarer than this as a word
SURNAME_ZIPF = 4.5


def _general_names(exclude: set[str], known_first: set[str]) -> tuple[set[str], set[str]]:
    """Given names and surnames from the general name index (:func:`person_name_units`), kept
    only where they are rare as words (Zipf below :data:`COMMON_ZIPF`: حسن "good", كريم
    "generous" and أحد "one" stay out) and mostly carried as that kind of name."""
    zipf = word_zipf()
    first, surnames = set(), set()
    # the index folds ة into ه: try both endings for a word of ours
    for key, (given, family) in person_name_units().items():
        for w in {key, key[:-1] + "ة"} if key.endswith("ه") else {key}:
            z = zipf.get(w, 0.0)
            if w in exclude or len(w) < 3 or z >= SURNAME_ZIPF:
                continue
            # a given name carried by fifty people may be a little commoner as a word (إدريس 4.15)
            if given >= GIVEN_MIN and given >= family and not w.startswith("ال") and w not in known_first \
                    and (z < COMMON_ZIPF or given >= GIVEN_MIN * 10):
                first.add(w)
            # a surname only ever extends a name already begun, so it may be a little commoner
            # as a word (النحاس "copper" 4.1)
            if family >= SURNAME_MIN and family >= given and not w.endswith(_NOT_FAMILY_ENDINGS) \
                    and (z < COMMON_ZIPF or family >= SURNAME_MIN * 3):
                surnames.add(w)
    return first, surnames


@lru_cache(maxsize=200_000)
def _readings(word: str) -> tuple[tuple[int, str], ...]:
    """``(clitic_length, stem)`` readings of a word: as written, then without a proclitic
    group (``لل`` gives the article back: للجيش -> الجيش). Cached: words repeat."""
    out = [(0, word)]
    for c in PROCLITICS:
        if word.startswith(c) and len(word) - len(c) >= 2:
            stem = word[len(c):]
            out.append((len(c), "ال" + stem if c.endswith("لل") else stem))
    return tuple(out)


def _cue_sets() -> dict[str, frozenset[str]]:
    lex = _lexicon()
    return {
        "title": TITLES, "complement": COMPLEMENT, "org_out": ORG_CLASS_OUT, "org_in": ORG_CLASS_IN,
        "state_head": STATE_HEADS, "unit": UNIT_HEADS, "place_out": frozenset(PLACE_OUT),
        "place_in": frozenset(PLACE_IN), "direction": DIRECTIONS, "first": lex["first"],
        "ambiguous": lex["ambiguous"], "agency": AGENCY,
    }


@lru_cache(maxsize=1)
def _cue_index() -> dict[str, tuple[str, ...]]:
    """Stem -> the cue lists that hold it (one look-up per reading instead of one per list)."""
    index: dict[str, list[str]] = {}
    for name, vocab in _cue_sets().items():
        for stem in vocab:
            index.setdefault(stem, []).append(name)
    return {stem: tuple(names) for stem, names in index.items()}


@lru_cache(maxsize=200_000)
def cues(word: str) -> dict[str, tuple[int, str]]:
    """Which cue lists a word is in (through any of its readings): ``{list: (clitic, stem)}``;
    ``definite`` when a reading carries the article. Cached per word, so each cue costs one
    dictionary look-up per token."""
    out: dict[str, tuple[int, str]] = {}
    index = _cue_index()
    for clitic, stem in _readings(word):
        for name in index.get(stem, ()):
            if name in out or (clitic and name in ("first", "ambiguous")
                               and ("ك" in word[:clitic] or _zipf(word) > _zipf(stem))):
                # ك "like" before a name is rare (كامنة is not ك + آمنة); a word more frequent
                # than the name inside it is that word (وجود "existence", not و + جود)
                continue
            out[name] = (clitic, stem)
        if "definite" not in out and stem.startswith("ال"):
            out["definite"] = (clitic, stem)
    return out


def _zipf(word: str) -> float:
    return word_zipf().get(word, 0.0)


@lru_cache(maxsize=200_000)
def _is_common(word: str) -> bool:
    """A frequent word (as written, or -- when the written form is unknown -- once a proclitic
    group is removed: وقال -> قال)."""
    z = _zipf(word)
    if z:
        return z >= COMMON_ZIPF
    return any(_zipf(stem) >= COMMON_ZIPF for c, stem in _readings(word) if c)


_TAA_PRONOUN = ("ته", "تها", "تهم", "تهما")
#: plural and adjective endings: a definite word with one is no family name
_NOT_FAMILY_ENDINGS = ("ين", "ون", "ات", "ية")
#: endings of inflected verbs and nouns with pronouns, which names do not have
_NOT_NAME_ENDINGS = ("ه", "ها", "هم", "هما", "كم", "هن", "وا", "تم")


@lru_cache(maxsize=200_000)
def _name_like_word(w: str, kind: str) -> bool:
    lex = _lexicon()
    if w in lex["first"]:
        return True
    if len(w) < 2 or w in lex["not_names"] or w.startswith("ال"):
        return False
    if kind == "latin":
        return w[0].isupper()
    if kind != "word" or _is_common(w) or (len(w) > 4 and w.endswith(_NOT_NAME_ENDINGS)) \
            or (len(w) > 3 and w.endswith(_TAA_PRONOUN)):
        return False  # جهته = جهة + ه: a noun with a pronoun
    if w.endswith("ي") and _zipf(w + "ن") >= RARE_ZIPF and _zipf(w + "ن") > _zipf(w):
        return False  # مسلحي (مسلحين in a construct): a plural noun, not a nisba name
    if w[0] == "س" and w[1] in "يتنا" and len(w) > 4 and _is_common(w[1:]):
        return False  # the future prefix: سيشارك
    # a proclitic before a common word or a definite one (لبحث، بالعلم، والدكتور) is no name
    return not any(_zipf(stem) >= COMMON_ZIPF or stem.startswith("ال") for c, stem in _readings(w) if c)


class Analysis:
    """The words of one document (the :class:`DocView` arrays) with the gazetteer hit that
    covers each, and the person names the cues find (cached per text: several functions use
    them)."""

    def __init__(self, text: str):
        self.doc: DocView = view(text)
        d = self.doc
        self.starts, self.ends, self.words, self.kinds, self.n = d.starts, d.ends, d.words, d.kinds, d.n
        self.cues = [cues(w) if k == "word" else {} for w, k in zip(self.words, self.kinds)] + [{}]
        #: cue list -> the tokens in it, so each function visits only its candidates
        self.by_cue: dict[str, list[int]] = {}
        for i, c in enumerate(self.cues):
            for name in c:
                self.by_cue.setdefault(name, []).append(i)
        self.gaz: list[Match | None] = [None] * (self.n + 1)
        for m in name_matches(text):
            i = bisect.bisect_left(self.starts, m.start)
            while i < self.n and self.starts[i] < m.end:
                self.gaz[i] = m
                i += 1

    def having(self, *names: str) -> list[int]:
        """Tokens in any of the cue lists ``names``, in text order."""
        if len(names) == 1:
            return self.by_cue.get(names[0], [])
        return sorted({i for name in names for i in self.by_cue.get(name, ())})

    def is_word(self, i: int) -> bool:
        return 0 <= i < self.n and (self.kinds[i] == "word" or self.kinds[i] == "latin")

    def span(self, i: int, j: int, typ: str) -> Span:
        """Span over tokens ``i..j-1`` (attached proclitics included: ANNOTATION.md rule 1)."""
        return self.doc.span(self.starts[i], self.ends[j - 1], typ)

    def gaz_end(self, i: int) -> int:
        """The token after the gazetteer hit that covers token ``i``."""
        m = self.gaz[i]
        j = i
        while j < self.n and self.gaz[j] is m:
            j += 1
        return j

    def hamza_alif(self, i: int) -> bool:
        """Word ``i`` is written with a hamza on its first alif (``ألبرتو``), so its normalised
        ``ال`` is no article."""
        return self.kinds[i] == "word" and self.doc.text[self.doc.index[self.starts[i]]] in "أإآ"

    def name_like(self, i: int) -> bool:
        """Token ``i`` could be part of a name: a word that is rare (or a known first name) and
        not a title, class word, month, direction or nationality adjective. A word written with
        a hamza on its alif (``أليغروزي``) has no article, though its normalised form looks so."""
        if not 0 <= i < self.n:
            return False
        w = self.words[i]
        if w.startswith("ال") and self.hamza_alif(i):
            # ... unless the word as read is common: إلقاء (normalised القاء) is a noun
            return _name_like_word("ا" + w, self.kinds[i]) if len(w) > 4 and not _is_common(w) else False
        return _name_like_word(w, self.kinds[i])

    @cached_property
    def first_names(self) -> list[tuple[int, int] | None]:
        """Per token: ``(clitic, kind)`` when it is a first name (kind 1) or an ambiguous one (2)."""
        out: list = [None] * (self.n + 1)
        text, index = self.doc.text, self.doc.index
        for i in self.having("first", "ambiguous"):
            c = self.cues[i]
            hit = c.get("first")
            kind = 1
            if hit is None:
                hit = c.get("ambiguous")
                kind = 2
            if hit[1] == "علي" and text[index[self.ends[i] - 1]] == "ى":
                continue  # على "on", not علي: normalisation folds ى into ي
            out[i] = (hit[0], kind)
        return out

    def name_end(self, k: int, max_words: int = 4, first_ok: bool = False) -> int:
        """The token after a person's name that starts at token ``k`` (``k`` itself when there
        is none): connectors take the next word (أبو بكر، عبد الله), later words must be name-like,
        known first names, known surnames or rare nisbas (البغدادي)."""
        lex = _lexicon()
        j = k
        n = 0
        g = self.gaz[k] if k < self.n else None
        if g is not None and g.label == "PER" and self.starts[k] >= g.start:
            end = self.gaz_end(k)
            if not (end - k == 2 and self.words[k] in CONNECTORS):
                return end  # a known full name ends where the gazetteer says
            j = end  # a compound given name (عبد الله) goes on: عبد الله علي عانود
            n = 2
        while self.is_word(j) and n < max_words:
            w = self.words[j]
            # أبو يوسف البلجيكي: a kunya and one name take a nationality nisba (a nom de guerre)
            nom_de_guerre = j == k + 2 and (self.words[k] in KUNYA or self.words[k] in ABD) and w in lex["nationality"]
            if self.gaz[j] is not None and self.gaz[j].label != "PER" and j > k \
                    and not (nom_de_guerre and self.gaz[j].label == "O"):
                break
            if j > k and w in PARTICLES and (w not in NEGATIONS or self.words[j - 1] in PARTICLES):
                # لا is a particle only after another (دو لا); after a name it negates (عدنان لا يفي)
                p = j + 1 + (self.is_word(j + 2) and self.words[j + 1] in PARTICLES)  # دو لا: two particles
                if self.is_word(p) and not self.words[p].startswith("ال") \
                        and (self.name_like(p) or (self.gaz[p] is not None and self.gaz[p].label == "PER")):
                    j = p + 1  # رود فان نيستلروي، شارل دو غول، جان دو لا فونتين: particles and the name after them
                    n += 1
                    continue
            nxt = self.words[j + 1] if self.is_word(j + 1) else ""
            if w == "ابن" and nxt and not nxt.startswith("ال") and _zipf(nxt) >= CONNECTOR_NOUN_ZIPF \
                    and nxt not in lex["first"] and nxt not in lex["ambiguous"] and nxt not in lex["surnames"] \
                    and nxt not in CONNECTORS:
                break  # نعوم شومسكي ابن رجل: "the son of a man", no name after the connector
            if w in CONNECTORS and self.is_word(j + 1):
                # بن عبد العزيز: a compound name after the connector comes whole; a connector and
                # its name count as one name word, so chains stay whole (عبد الرحمن بن عبد العزيز آل سعود)
                j += 3 if self.words[j + 1] in CONNECTORS and self.is_word(j + 2) else 2
                n += 1
                continue
            if j == k:
                ok = first_ok or self.name_like(j) or self.first_names[j] is not None
            elif w.startswith("و") and w not in lex["first"]:
                ok = False  # a conjunction: the next name is another person
            elif w.startswith("ال") and not self.hamza_alif(j):
                if w in COMPOUND_SECOND and j == k + 1 and (self.words[k] in lex["first"] or self.words[k] in lex["ambiguous"]
                                                            or w == "الدين" and self.kinds[k] == "word"
                                                            and not _definite(self.words[k])
                                                            and self.words[k] not in lex["not_names"]):
                    # (any X الدين is a compound given name: عز الدين، شمس الدين، فخر الدين)
                    j += 1  # نور الدين, سيف الإسلام: a compound given name goes on
                    n += 1
                    continue
                if j == k + 1 and _definite_given(w) and (_nisba(self, j + 1) or _starts_name(self, j + 1, ("PER",))):
                    j += 1  # محمد البشير الإبراهيمي: a second given name with the article, then the nisba
                    n += 1
                    continue
                ok = w in lex["surnames"] or self.words[j + 1] in CHAIN or (w.endswith("ي") and not _is_common(w) and w not in lex["not_names"]) \
                    or self._family_name(k, j) or self._regnal(k, j) \
                    or nom_de_guerre
                if ok and (j + 1 >= self.n or self.words[j + 1] not in CONNECTORS):
                    j += 1  # a definite surname or nisba ends the name: محمد مقلد المريخي | أمين السر
                    break
            elif _described(self.words, j, lex["nationality"]) or _accusative(w) \
                    or (j - k >= 2 and _accusative(w, LATE_ACCUSATIVE_ZIPF)) or _plural_noun(w) or _plural_verb(w):
                ok = False  # نجيب محفوظ روائي مصري، عمل نجيب محفوظ موظفا: a described noun, a job;
                # سامر عيسات متأثرا بجروح (a circumstantial noun), سعيد هيئات المجتمع (a plural noun)
            else:
                ok = self.name_like(j) or w in lex["first"] or w in lex["surnames"] \
                    or (w in lex["ambiguous"] and _zipf(w) < 5.5) \
                    or (j == k + 1 and w == "علي" and self.first_names[j] is not None and self.first_names[j][0] == 0) \
                    or (self.words[k] in CONNECTORS and self.first_names[j] is not None)
                # زيد صالح, not جيمس ماتيس بأن; after a compound given name (عبد الله) an ambiguous
                # first name is the father's name: عبد الله علي عانود (علي written with ي, not على)
            if not ok or any(c.isdigit() for c in w):
                break  # (عمر يناهز23: a word glued to a number is no name word)
            j += 1
            n += 1
        return j

    def _family_name(self, k: int, j: int) -> bool:
        """Token ``j`` (definite, rare) is the family name after the Arabic given names at
        ``k..j-1`` (``عبد الفتاح البرهان``, ``نذار فيصل المشعل``); not an adjective or a plural
        (``المصنف`` after a foreign name, ``العائدين``)."""
        w = self.words[j]
        lex = _lexicon()
        # one given name is enough when it is an unambiguous first name: فؤاد السنيورة، محمد القباج
        if (j - k < 2 and not (j - k == 1 and self.words[k] in lex["first"])) or _zipf(w) >= RARE_ZIPF \
                or w in lex["not_names"] or w.endswith(_NOT_FAMILY_ENDINGS) or _is_function(w):
            return False
        return all(self.words[x] in lex["first"] or self.words[x] in lex["ambiguous"] or self.words[x] in CONNECTORS
                   or (x > k and self.words[x - 1] in CONNECTORS) or self.words[x] in COMPOUND_SECOND
                   or self.words[x + 1] in COMPOUND_SECOND for x in range(k, j))  # عز الدين القسام

    def _regnal(self, k: int, j: int) -> bool:
        """Token ``j`` is a regnal ordinal right after a single unambiguous first name:
        ``محمد السادس``, ``تشارلز الأول`` (the ordinal is part of the name)."""
        return j - k == 1 and self.words[k] in _lexicon()["first"] and self.words[j] in REGNAL

    @cached_property
    def family_names(self) -> frozenset[tuple[str, str]]:
        """``(given name, definite word)`` pairs written together at least twice in the document
        (``يوسف الشاهد`` ... ``يوسف الشاهد``): a definite word that is also an ordinary word
        (الشاهد "the witness") follows the same given name again only as his family name."""
        seen: dict[tuple[str, str], int] = {}
        for i in self.having("first"):
            fn = self.first_names[i]
            if fn is None or fn[1] != 1 or not self.is_word(i + 1) or not _definite_surname(self, i + 1) \
                    or self.words[i + 1] in REGNAL:
                continue
            pair = (self.words[i][fn[0]:], self.words[i + 1])
            seen[pair] = seen.get(pair, 0) + 1
        return frozenset(p for p, c in seen.items() if c >= 2)

    def family_end(self, i: int, end: int) -> int:
        """``end`` of a name that starts at token ``i``, one word further when a one-word name is
        followed by its family name (:attr:`family_names`)."""
        fn = self.first_names[i]
        if end == i + 1 and fn is not None and self.is_word(end) \
                and (self.words[i][fn[0]:], self.words[end]) in self.family_names:
            return end + 1
        return end

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Arabic word -> the tokens where it occurs."""
        out: dict[str, list[int]] = {}
        for i, (w, k) in enumerate(zip(self.words, self.kinds)):
            if k == "word":
                out.setdefault(w, []).append(i)
        return out

    @cached_property
    def title_people(self) -> list[tuple[int, int]]:
        return _title_people(self) + _apposition_people(self) + _introduced_people(self) + _nationality_people(self) \
            + _kunya_aliases(self) + _lead_people(self)

    @cached_property
    def first_name_people(self) -> list[tuple[int, int]]:
        return _first_name_people(self)

    @cached_property
    def people(self) -> list[tuple[int, int]]:
        """Token ranges of the names the first-name, title and apposition cues find."""
        return self.first_name_people + self.title_people


@lru_cache(maxsize=4)
def analyse(text: str) -> Analysis:
    """The shared :class:`Analysis` of ``text``."""
    return Analysis(text)


# ------------------------------------------------------------------------------------------
# People


def _described(words: list[str], j: int, nationality: frozenset[str]) -> bool:
    """Word ``j`` is a noun a nationality adjective describes, so no name word: ``روائي مصري``,
    ``مطربة مصرية``, ``فيلسوف وطبيب وفقيه أندلسي`` (nouns joined by و between)."""
    k = j + 1
    while k < len(words) and k - j <= 3 and words[k].startswith("و") and not words[k].startswith("ال"):
        k += 1
    nxt = words[k] if k < len(words) else ""
    return not nxt.startswith("ال") and (nxt in nationality or (nxt.endswith("ة") and nxt[:-1] in nationality))


def _definite_given(word: str) -> bool:
    """A given name written with the article (Maghrebi usage: البشير، الهادي، الحبيب)."""
    lex = _lexicon()
    return word.startswith("ال") and (word[2:] in lex["first"] or word[2:] in lex["ambiguous"]) \
        and word not in lex["not_names"]


def _definite(word: str) -> bool:
    """The word carries the article, possibly after a proclitic (والرقابة، للقوات)."""
    return "definite" in cues(word)


#: regnal ordinals after a monarch's or pope's first name (``محمد السادس``)
REGNAL = _norm_set("الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر")


#: relative pronouns and other very frequent words that end any name or description
FUNCTION = _norm_set("الذي التي الذين اللذين اللتين اللاتي اللواتي الى الا الآن هذا هذه ذلك تلك هؤلاء")
FUNCTION_ZIPF = 6.2


def _is_function(word: str) -> bool:
    return word in FUNCTION or _zipf(word) >= FUNCTION_ZIPF


def _title_people(a: Analysis) -> list[tuple[int, int]]:
    """Token ranges of names after a title or role: ``الكولونيل جون دوريان``,
    ``وزير الخارجية الروسي، سيرغي لافروف``, ``قائد الفيلق الجنرال زيد صالح``. Between the
    role and the name only its complement may stand (definite words, known names, construct
    nouns such as وزارة، باسم); the name must follow a definite word, a name, a title or a comma,
    never an indefinite construct noun (``مدير قسم ...``: the next word is the department's)."""
    out = []
    n = a.n
    free = 0
    kin = [i for w in _KIN_FORMS & a.positions.keys() for i in a.positions[w]
           if a.first_names[i + 1] is not None
           and not (_word_at(a, i + 2)[:1] in ("ل", "ب") and _word_at(a, i + 2) not in CONNECTORS)]
    # (a kin word takes a known given name only: شقيقه يتحوز is a verb; ابنها فداء للوطن a noun)
    led = [i for w in LEADERSHIP & a.positions.keys() for i in a.positions[w]]
    # يدعى "is called" (with ى: يدعي is "claims") before a name: قطريا يدعى X
    called = [i for w in CALLED & a.positions.keys() for i in a.positions[w]
              if a.doc.text[a.doc.index[a.ends[i] - 1]] == "ى" and a.first_names[i + 1] is not None]
    for i in sorted({*a.having("title"), *kin, *led, *called}):
        if i < free:
            continue
        j = i + 1
        prev_ok = True
        found = None
        forced = False
        # after بقيادة only titles and the name stand (برئاسة الحكومة: at the head of government)
        led_cue = a.words[i] in LEADERSHIP
        while j < n and j - i <= 12:
            w = a.words[j]
            if a.kinds[j] == "punct":
                if w in "،," and j + 1 < n:
                    prev_ok = True
                    j += 1
                    continue
                if w in QUOTES_OPEN and prev_ok and (q := _quoted(a, j)) and q[1] - q[0] <= 4 \
                        and all(a.name_like(x) or a.first_names[x] for x in range(*q)):
                    found = q[0]  # وزيرة الدفاع الفرنسية "سيلفي غولار": the quoted name words
                    forced = True
                break
            g = a.gaz[j]
            if g is not None and g.label not in ("PER", "O"):
                if led_cue:
                    break  # التحالف بقيادة السعودية: the leader is a state
                j = a.gaz_end(j)
                prev_ok = True
                continue
            if not led_cue and not w.startswith("و") and (e := _org_cue_end(a, j)) is not None:
                # رئيس شبكة دستورنا، جوهر بن مبارك: the body the role heads, named by a class word;
                # a name it does not close with a definite word needs the comma of apposition
                prev_ok = "definite" in a.cues[e - 1]
                j = e
                continue
            if "title" in a.cues[j]:
                j += 1
                prev_ok = True
                continue
            if "complement" in a.cues[j] and not led_cue:
                prev_ok = "definite" in a.cues[j]
                j += 1
                continue
            if _purpose_noun(a, j) and j > i + 1:
                j += 1  # الناطق باسم القطب القضائي لمكافحة الإرهاب سفيان السليطي: the purpose's
                prev_ok = False  # genitive follows, never the name
                continue
            if prev_ok and not w.startswith(("ال", "و")) and (a.name_like(j) and not _accusative(w) and not _clitic_noun(w)
                                                             or a.first_names[j]
                                                             or g is not None and g.label == "PER"
                                                             or a.kinds[j] == "word" and _word_at(a, j + 1) in CHAIN
                                                             and a.is_word(j + 2) and not _is_function(w)
                                                             or a.kinds[j] == "word" and _zipf(w) < 5.0
                                                             and w not in _lexicon()["not_names"] and _nisba(a, j + 1)):
                # a given name that is also a word counts before a rare nisba: سفيان السليطي
                found = j  # ... and before بن (جوهر بن مبارك: a name chain); after a kin word with a
                # pronoun, a given name that is also a word (نجله مراد)
                forced = _nisba(a, j + 1) or _word_at(a, j + 1) in CHAIN \
                    or (j == i + 1 and a.words[i] in _KIN_FORMS and a.first_names[j] is not None)
                # (the kin word: a given name that is also a word, alone, is the relative)
                break
            described = j - 1 > i and a.words[j - 1] in _lexicon()["nationality"] and a.words[j - 1].startswith("ال") \
                and a.first_names[j] is not None
            if (a.words[j - 1] in HONORIFICS or described) and a.kinds[j] == "word" and not _definite(w) \
                    and _zipf(w) < 5.0 and w not in _lexicon()["not_names"] \
                    and not (w[0] in "وفلب" and _is_common(w[1:])) and (a.first_names[j] or not _clitic_noun(w)):
                found = j  # اللواء واثق: after a rank, a name even when it is also a word; so after a
                forced = True  # role and a nationality (الكاتب المصري سلامة موسى, المطرب العراقي رضا)
                break
            if _is_function(w) or "definite" not in a.cues[j] or led_cue:
                break
            prev_ok = "definite" in a.cues[j]
            j += 1
        if found is not None:
            end = a.name_end(found, first_ok=forced)
            if end == found + 1 and end + 1 < n and a.kinds[end] == "word" and a.kinds[end + 1] == "punct" \
                    and not _definite(a.words[end]) and _zipf(a.words[end]) < 5.5 and a.gaz[end] is None \
                    and a.words[end] not in _lexicon()["not_names"] and not a.words[end].startswith("و"):
                end += 1  # العميد يحيى رسول، : a surname that is also a word, closed by punctuation
            elif end == found + 1 and a.first_names[found] and a.first_names[found][1] == 1 and a.is_word(end) \
                    and a.cues[end].get("definite", (1,))[0] == 0 and not _is_function(a.words[end]) \
                    and _zipf(a.words[end]) < 5.0 and a.words[end] not in _lexicon()["not_names"] \
                    and a.gaz[end] is None and end + 1 < n and (a.kinds[end + 1] == "punct" or a.words[end + 1].startswith("و")
                                                or a.words[end + 1] in CLOSERS or a.words[end + 1] in NAME_FOLLOWERS
                                                or _is_function(a.words[end + 1])):
                end += 1  # رئيس الحكومة يوسف الشاهد والأمين العام / إن / الذي / اثر: a definite family name that is also a word
            end = a.family_end(found, end)
            fn = a.first_names[found]
            described = found - 1 > i and a.words[found - 1] in _lexicon()["nationality"]
            kin_name = found == i + 1 and a.words[i] in _KIN_FORMS
            if end > found and not (fn and fn[1] == 2 and end - found < 2 and not a.name_like(found) and not described
                                    and not kin_name):
                g1 = a.words[found - 1]
                if found - 1 > i and a.gaz[found - 1] is None and g1.startswith("ال") and g1 not in _lexicon()["not_names"] \
                        and (g1[2:] in _lexicon()["first"] or g1[2:] in _lexicon()["ambiguous"]):
                    found -= 1  # رئيس الجمهورية الباجي قايد السبسي: a definite given name before the name
                out.append((found, end))
                free = end
    return out


def _clitic_noun(w: str) -> bool:
    """A word read as ب/ل/ك + a known word (بتكليف "by charging") or a known word + a pronoun
    (حتفه "his death": لقي العميد حتفه): no name after a role."""
    return (w[0] in "بلك" and any(_zipf(stem) >= RARE_ZIPF for c, stem in _readings(w) if c)) \
        or any(w.endswith(p) and len(w) - len(p) >= 3 and max(_zipf(w[:-len(p)]), _zipf(w) + 0.6) >= RARE_ZIPF
               for p in ("ه", "ها", "هم"))


#: passive verbs of naming before a person's name (normalised: يدعى is read with ى in the text)
CALLED = _norm_set("يدعى تدعى يسمى تسمى")
#: "under the leadership of": the leader's name or his title follows (``بقيادة الجنرال X``, ``بزعامة X``)
LEADERSHIP = frozenset(c + w for w in _norm_set("بقيادة بزعامة برئاسة") for c in ("", "و"))
#: kin nouns with a pronoun before a relative's name: ``نجله مراد``, ``زوجته سعاد``, ``شقيقها أنيس``
_KIN_FORMS = frozenset(normalize(b + p) for b in "نجل شقيق زوج ابن والد حفيد".split() for p in ("ه", "ها", "هم")) \
    | frozenset(normalize(b + p) for b in "شقيقت زوجت ابنت والدت حفيدت".split() for p in ("ه", "ها", "هم"))


def _org_cue_end(a: Analysis, j: int) -> int | None:
    """The token after an organisation the class-word cue names from token ``j`` (the class word
    itself, or the name right after it when the class word stays outside), else None."""
    ends = a.__dict__.get("_org_ends")
    if ends is None:
        ends = a.__dict__["_org_ends"] = {i: e for i, e in _org_cue_ranges(a)}
    if j in ends:
        return ends[j]
    c = a.cues[j]
    return ends.get(j + 1) if ("org_out" in c or "org_in" in c) else None


def _purpose_noun(a: Analysis, j: int) -> bool:
    """``لمكافحة``, ``لحقوق``: ل + a common indefinite noun in a construct before a definite
    word (a role's or body's purpose); not a verb (ليكون) nor a function word."""
    w = a.words[j]
    return a.kinds[j] == "word" and w.startswith("ل") and not w.startswith("لل") and len(w) >= 5 \
        and not _is_function(w) and w[1] not in "يتنا" and _is_common(w[1:]) and a.is_word(j + 1) \
        and a.cues[j + 1].get("definite", (1,))[0] == 0


#: complementizers that close a speaker's name: ``قال رئيس الحكومة يوسف الشاهد إن``
CLOSERS = _norm_set("إن أن بأن اليوم أمس")
#: complementizers after a verb of saying's subject
THAT = _norm_set("أن بأن")
#: prepositions and time adverbs that follow a titled person's full name (``رئيس الحكومة يوسف
#: الشاهد اثر ذلك``), not his given name before an object
NAME_FOLLOWERS = _norm_set("في على إلى الى من عن مع إثر اثر خلال بعد قبل عقب لدى")


#: words that introduce a person by what he is (``المدعو X``, ``الإرهابي X``): a common given
#: name after them counts when a family nisba follows (``الإرهابي مراد الغرسلي``)
PERSON_INTRO = _norm_set("المدعو المدعوة الإرهابي الإرهابية")


def _introduced_people(a: Analysis) -> list[tuple[int, int]]:
    """``الإرهابي مراد الغرسلي``, ``المدعو سفيان العياري``: after a word that introduces a person,
    a given name (even one that is also a common word) followed by a rare nisba."""
    out = []
    for i in sorted(i for w in PERSON_INTRO for i in a.positions.get(w, ())):
        w = a.words[i + 1] if i + 2 < a.n else ""
        if w and a.kinds[i + 1] == "word" and not _definite(w) and _zipf(w) < 5.0 \
                and w not in _lexicon()["not_names"] and a.gaz[i + 1] is None and _nisba(a, i + 2):
            out.append((i + 1, i + 3))
    return out


_SENTENCE_END = frozenset(".!?؟\n")
#: nouns that describe a place or a body, not a person, in ``X مدينة مصرية`` / ``X حزب سياسي``
_NOT_PERSON_NOUNS = _norm_set("""
مدينة بلدة قرية دولة عاصمة منطقة محافظة ولاية جزيرة نهر جبل بحر بحيرة صحراء إقليم مملكة جمهورية
حزب حركة منظمة شركة جامعة جمعية صحيفة مجلة قناة فرقة مجموعة جماعة مؤسسة هيئة نادي فريق لغة كلمة اسم
""")


def _lead_people(a: Analysis) -> list[tuple[int, int]]:
    """The opening of an encyclopedic sentence about a person: name words that start the
    sentence, then dates in brackets (``طه حسين (1889 - 1973)``), ``هو``/``هي``, or a noun that a
    nationality adjective describes (``فيروز مغنية لبنانية``, ``وليم شكسبير كاتب وشاعر إنجليزي``).
    The name words must be rare words or known names, with no gazetteer hit among them."""
    lex = _lexicon()
    out = []
    for i in range(a.n):
        if not (i == 0 or a.words[i - 1] in _SENTENCE_END) or a.kinds[i] != "word":
            continue
        born = a.words[i] in BORN
        i += born  # ولدت نازك الملائكة في بغداد: the name after the birth verb
        j = i
        if not born and a.gaz[i] is not None and a.gaz[i].label in ("GPE", "LOC") and a.first_names[i] \
                and a.starts[i] == a.gaz[i].start:
            j = a.gaz_end(i)  # عمر المختار، صلاح الدين: a place named after a person opens his article
        while j < a.n and j - i < 4 and a.kinds[j] == "word" and a.gaz[j] is None and not a.words[j].startswith("و") \
                and (a.name_like(j) or a.first_names[j] or a.words[j] in lex["surnames"]
                     or (a.words[j] in CONNECTORS and j + 1 < a.n)
                     or (j > i and a.words[j - 1] in CONNECTORS and not _is_function(a.words[j]))  # ابن سينا
                     or (j > i and _nisba(a, j))  # الحبيب الجملي: a rare nisba surname
                     or (j == i and a.words[j].startswith("ال") and a.is_word(j + 1)  # الحبيب بورقيبة
                         and (a.words[j][2:] in lex["first"] or a.words[j][2:] in lex["ambiguous"]))) \
                and not _described(a.words, j, lex["nationality"]):
            j += 1
        if j == i or j >= a.n or a.words[j - 1] in CONNECTORS or (j == i + 1 and _definite(a.words[i])):
            continue
        nxt = a.words[j]
        if born:
            if j - i == 1 and _definite(nxt) and a.gaz[j] is None and not _is_function(nxt) and a.is_word(j + 1):
                j += 1  # ولدت نازك الملائكة: a family name with the article
                nxt = a.words[j]
            if j - i >= 2 and (nxt in BORN_AFTER or nxt.startswith("ب") or nxt in ("،", ",")):
                out.append((i, j))
            continue
        if (nxt == "(" and j + 1 < a.n and a.kinds[j + 1] == "num") or nxt in ("هو", "هي") or (
                a.kinds[j] == "word" and nxt not in _NOT_PERSON_NOUNS and (nxt not in lex["not_names"] or nxt in LEAD_ROLES)
                and not nxt.startswith("ال") and _described(a.words, j, lex["nationality"])) or (
                nxt in LEAD_ROLES and _definite(_word_at(a, j + 1))):  # صلاح الدين الأيوبي مؤسس الدولة
            out.append((i, j))
    return out


#: roles in the construct state that open an encyclopedic article after the name (``مؤسس
#: الدولة الأيوبية``, ``قائد الثورة``)
LEAD_ROLES = _norm_set("مؤسس قائد زعيم رئيس أمير ملك سلطان مؤلف مخترع مكتشف مفجر أول")
#: a birth verb opening an encyclopedic sentence, and what follows the name after it
BORN = _norm_set("ولد ولدت وولد وولدت")
BORN_AFTER = _norm_set("في عام سنة يوم عامي لأسرة لعائلة")


@lru_cache(maxsize=1)
def _person_nationalities() -> frozenset[str]:
    """Singular definite state adjectives (``الفرنسي``, ``الإسبانية``), also after و/ف: on their
    own before a name they stand for the person (``وفاز الإسباني رافاييل نادال``)."""
    singular = {f for f in state_adjectives() if " " not in f and f.endswith(("ي", "ية"))}
    return frozenset(singular | {c + f for f in singular for c in "وف"} | _after_preposition(singular))


def _after_preposition(singular: set[str]) -> frozenset[str]:
    """The adjectives behind ل (``للكيني``; not ب: ``بالفرنسية`` is "in French"): its object is a noun,
    the person, whatever stands before it (``المرتبة الأولى للكيني X``)."""
    return frozenset(p + f[2:] for f in singular for p in ("لل", "ولل"))


def _nationality_people(a: Analysis) -> list[tuple[int, int]]:
    """A name right after a nationality adjective used as a noun: ``على السويسري روجيه فيديرر``.
    Not when the adjective follows a definite word or a name it modifies (``الجيش الفرنسي``,
    ``اللاعب الفرنسي`` is the title cue's), and the first name word must be rare or a known
    first name, neither definite nor a conjunction."""
    nats = _person_nationalities()
    out = []
    for w in nats & a.positions.keys():
        for i in a.positions[w]:
            j = i + 1
            if i > 0 and (a.kinds[i - 1] != "punct" and ("definite" in a.cues[i - 1] or a.gaz[i - 1] is not None)
                          and not w.startswith(("لل", "ولل")) or a.kinds[i - 1] == "latin") \
                    or not a.is_word(j) \
                    or a.gaz[i] is not None and a.gaz[i].label != "O":
                continue  # السعودية is also the country
            nxt = a.words[j]
            if _plural_verb(nxt) and not a.first_names[j]:
                continue  # الليبي و المصري يقومان: the adjectives' verb
            if nxt.startswith(("ال", "و")) or _accusative(nxt) or (a.gaz[j] is not None and a.gaz[j].label != "PER") \
                    or not (a.name_like(j) or a.first_names[j] or a.gaz[j] is not None):
                # روجيه فيديرر: a rare word with a pronoun-like ending, then a name word
                if not (a.kinds[j] == "word" and not _is_common(nxt) and a.name_like(j + 1)
                        and not a.words[j + 1].startswith("و")
                        and not any(_is_common(stem) for c, stem in _readings(nxt) if c)):  # بصواريخ كاتيوشا
                    continue
            end = a.name_end(j, first_ok=True)
            if end > j:
                out.append((j, end))
    return out


#: a kunya with a glued ب after an alias cue: ``الملقب بأبي عياض``
GLUED_KUNYA = _norm_set("بأبي بأبو بأبا بأم")


def _kunya_aliases(a: Analysis) -> list[tuple[int, int]]:
    """``الملقب بأبي عبد الله التونسي``, ``المكنى بأبي عياض``: the kunya alias (ب inside, rule 1),
    its name and one trailing nisba, nationality adjectives included (they name the man here);
    and the name right before the cue."""
    out = []
    for i in sorted(i for w in ALIAS_CUES for c in ("", "و") for i in a.positions.get(c + w, ())):
        # the man so called stands right before the cue: a given name (even one that is also a
        # word) and up to two words, none definite (عمر حديد الملقب)
        for b in range(i - 1, max(-1, i - 4), -1):
            if not a.is_word(b) or _definite(a.words[b]) or _is_function(a.words[b]) \
                    or (a.gaz[b] is not None and a.gaz[b].label != "PER") or a.words[b].startswith("و"):
                break
            if a.first_names[b] and b < i - 1:
                out.append((b, i))
                break
        k = i + 1
        if a.is_word(k) and a.words[k].startswith("ب") and len(a.words[k]) >= 4 and _word_at(a, k + 1) in COMPOUND_SECOND:
            out.append((k, k + 2))  # الملقب بشمس الدين: a compound given name as the alias (ب inside)
            continue
        if not (a.is_word(k) and a.words[k] in GLUED_KUNYA and a.is_word(k + 1)) or _is_function(a.words[k + 1]):
            continue
        e = a.name_end(k + 1, max_words=2, first_ok=True)
        if e == k + 1:
            continue
        if a.is_word(e) and a.words[e].startswith("ال") and a.words[e].endswith("ي") and not _is_function(a.words[e]) \
                and (a.gaz[e] is None or a.gaz[e].label == "O"):
            e += 1  # أبي عياض التونسي
        out.append((k, e))
    return out


def _nisba(a: Analysis, k: int) -> bool:
    """Token ``k`` is a rare definite nisba (``الغرسلي``, ``العياري``): a family name."""
    w = a.words[k] if a.is_word(k) else ""
    return w.startswith("ال") and w.endswith("ي") and len(w) > 4 and not _is_common(w) \
        and w not in _lexicon()["not_names"] and a.gaz[k] is None


#: verbs of saying: ``وقال سريع`` is the person سريع even though سريع is also "fast"
SPEECH_VERBS = _norm_set("""
قال وقال فقال أضاف وأضاف أكد وأكد أوضح وأوضح تابع وتابع أشار وأشار ذكر وذكر صرح وصرح يقول ويقول
أعلن وأعلن اعتبر واعتبر لفت ولفت شدد وشدد قالت وقالت أضافت وأضافت أكدت وأكدت
""")
def _accusative(word: str, zipf: float = 3.9) -> bool:
    """A known noun with the accusative ending: ``المهاجم حزاما ناسفا`` ("the attacker [used]
    a belt"), not a name after the role."""
    return len(word) >= 5 and word.endswith("ا") and _zipf(word[:-1]) >= zipf


#: after two name words a rarer accusative noun ends the name too (``متأثرا``: a third name
#: word written with the accusative ending is rare, a circumstantial participle is not)
LATE_ACCUSATIVE_ZIPF = 3.0
#: a sound feminine plural whose definite form is at least this frequent is a common noun
#: (``هيئات``: ``الهيئات``); family names in ``-ات`` (``بركات``) are rarer with the article
PLURAL_ARTICLE_ZIPF = 3.5


#: words right after a class word that name nothing: "other" and the internet (شبكة الإنترنت)
NOT_NAMING_AFTER_CLASS = _norm_set("أخرى آخر آخرين أخريات الإنترنت الانترنيت")
#: a nisba whose feminine is at least this frequent is an adjective (دولي: دولية), not a name
NISBA_ZIPF = 3.5


def _indefinite_nisba(word: str) -> bool:
    """An indefinite nisba adjective (دولي، ملكي، استشاري) whose feminine is in common use."""
    return not word.startswith("ال") and word.endswith("ي") and len(word) >= 4 and _zipf(word + "ة") >= NISBA_ZIPF


#: a particle that is also Arabic negation
NEGATIONS = _norm_set("لا")


def _plural_verb(word: str) -> bool:
    """An imperfect verb with a dual or plural ending (يقاومان، يستنجدون، تعملون): never a name word."""
    return len(word) >= 5 and word[0] in "يت" and word.endswith(("ون", "ان"))


def _feminine_plural(word: str) -> bool:
    """A sound feminine plural (دوريات، صفقات): after a class word the object of a verbal noun,
    never the name of one organisation."""
    return len(word) > 4 and word.endswith("ات")


def _plural_noun(word: str) -> bool:
    """A sound feminine plural in common use with the article: no part of a person's name."""
    return len(word) > 4 and word.endswith("ات") and _zipf("ال" + word) >= PLURAL_ARTICLE_ZIPF


#: words of a name before its role must be rarer than this (برلمان استبعدت is no name)
ROLE_NAME_ZIPF = 3.5
#: a role after a name in apposition: ``كولومب ستارك وهو محلل``
_APPOSITION = _norm_set("وهو وهي")


def _apposition_people(a: Analysis) -> list[tuple[int, int]]:
    """One or two rare words followed by ``وهو`` / a comma and a role (``كولومب ستارك وهو محلل``),
    or by an indefinite role in a construct with a definite word (``أميتاب باتشان نجم السينما``)."""
    out = []
    for j in range(1, a.n - 1):
        w = a.words[j]
        if "title" in a.cues[j] and not _definite(w) and a.is_word(j + 1) and _definite(a.words[j + 1]) \
                and a.name_like(j - 1) and a.gaz[j - 1] is None:
            k = j - 2
            if k >= 0 and a.name_like(k) and a.gaz[k] is None and not any(a.words[x].startswith("و") for x in (k, k + 1)) \
                    and all(_zipf(a.words[x]) < ROLE_NAME_ZIPF for x in (k, k + 1)) and a.name_end(k) >= j:
                out.append((k, j))  # two rare name words, then the role: no single noun before a role
            continue
        if "title" in a.cues[j] and _definite(w) and j > 1 and a.gaz[j - 2] is None and _nisba(a, j - 1) \
                and a.first_names[j - 2] and not a.words[j - 2].startswith("و") and _word_at(a, j - 3) not in ("،", ","):
            out.append((j - 2, j))  # ... للأنباء سامي العكرمي الناطق الرسمي: a given name and its
            continue  # nisba, then the role in apposition without a comma
        if not (w in _APPOSITION or w in "،,") or "title" not in a.cues[j + 1]:
            continue
        k = j
        while k > 0 and j - k < 2 and a.name_like(k - 1) and a.gaz[k - 1] is None:
            k -= 1
        if k < j and a.name_end(k) >= j:
            out.append((k, j))
        elif k == j and j > 1 and a.gaz[j - 2] is None and not a.words[j - 2].startswith("و") and (
                _nisba(a, j - 1) and (a.name_like(j - 2) or a.first_names[j - 2])
                or a.first_names[j - 2] and a.first_names[j - 2][1] == 1 and _definite_surname(a, j - 1)):
            out.append((j - 2, j))  # سامي الطاهري، الناطق; أحمد الخطيب، القيادي: a given name and its surname
    return out


def _definite_surname(a: Analysis, k: int) -> bool:
    """Token ``k`` may be a definite family name that is also a word (الخطيب، الشاهد): written
    with the article and no proclitic, not frequent (Zipf < 5), not a title, class word or
    nationality, not a function word."""
    w = a.words[k] if a.is_word(k) else ""
    return a.cues[k].get("definite", (1,))[0] == 0 and _zipf(w) < 5.0 and w not in _lexicon()["not_names"] \
        and not _is_function(w) and a.gaz[k] is None


def _dedupe(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping ranges, the leftmost (then longest) first."""
    out: list[tuple[int, int]] = []
    for r in sorted(set(ranges), key=lambda r: (r[0], -r[1])):
        if not out or r[0] >= out[-1][1]:
            out.append(r)
    return out


@dataclass(frozen=True)
class TitlePersonFunction:
    """PER after a title or role word, or before an appositive role (``X وهو محلل``)."""

    name: str = "cue.title_person@8"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        return [a.span(i, j, "PER") for i, j in _dedupe(a.title_people)]


def _preposition_object(a: Analysis, k: int) -> bool:
    """Word ``k`` is an ordinary noun (its definite form is in common use, or it carries a
    pronoun: شعوبنا), not a name word: no first name, surname or connector."""
    w = a.words[k]
    lex = _lexicon()
    if w in CONNECTORS or w in lex["first"] or w in lex["ambiguous"] or w in lex["surnames"]:
        return False
    return _zipf("ال" + w) >= ARTICLE_FORM_ZIPF or (len(w) > 4 and w.endswith(("نا", "ها", "هم")))


def _participle(a: Analysis, k: int) -> bool:
    """Word ``k`` is an indefinite feminine participle (مضطربة، متطرفة) and no known name: after
    an ambiguous given name it is the adjective of a noun."""
    w = a.words[k]
    lex = _lexicon()
    return len(w) >= 5 and w.startswith("م") and w.endswith("ة") and w not in lex["first"] \
        and w not in lex["ambiguous"] and w not in lex["surnames"]


#: a word after a speaker's given name this frequent is an adverb or a noun (اليوم، مجددا، كذلك)
SPEAKER_WORD_ZIPF = 4.8


#: cue lists whose words are roles, class words or places, never a speaker's family name
_NOT_SPEAKER_CUES = ("title", "complement", "org_out", "org_in", "state_head", "unit", "place_out", "place_in",
                     "agency", "direction")


def _speaker_word(a: Analysis, k: int) -> bool:
    """Word ``k`` may continue a speaker's name before the complementizer: not a function word,
    preposition, title, class word or other known name, not frequent, not a noun with a pronoun
    (قوله) or a preposition and the article in common use (بالقول; بالاريس is a name), not a noun
    with the accusative ending."""
    w = a.words[k]
    lex = _lexicon()
    if a.first_names[k] is not None or w in lex["surnames"] or w in CONNECTORS:
        return True  # (a first name as read: على "on" is folded into علي but is none)
    if a.kinds[k] != "word" or (a.gaz[k] is not None and a.gaz[k].label != "PER") or _is_function(w) \
            or w in NAME_FOLLOWERS or any(c in a.cues[k] for c in _NOT_SPEAKER_CUES) \
            or (w in lex["not_names"] and not w.endswith("ي")):
        return False  # (a nisba stays: إلياس الغربي, a family name that is also "western")
    z = _zipf(w)
    return z < SPEAKER_WORD_ZIPF and not (z >= 4.0 and w.endswith(_NOT_NAME_ENDINGS)) \
        and not (z >= 3.0 and a.cues[k].get("definite", (0,))[0]) and not _accusative(w) and not any(c.isdigit() for c in w)


def _speaker_end(a: Analysis, i: int, end: int) -> int | None:
    """The end of a name that starts at token ``i`` and reads to token ``end``, extended over up
    to two more words to what closes it (None when nothing does): the complementizer after a
    verb of saying (``قال جمال بركات إن``: the words between the verb and ``أن``/``إن`` are its
    subject) or a comma before a role in apposition (``باسكال واليش، الباحث``). A family name
    that is also a common word (بركات "blessings") then belongs to the name."""
    spoken = i and (a.words[i - 1] in SPEECH_VERBS or (i > 1 and "title" in a.cues[i - 1]
                                                        and a.words[i - 2] in SPEECH_VERBS))
    # (a title may stand between: قال الوزير محمد الناجم الغرسلي إن)
    for t in range(end, min(i + 4, a.n)):
        if (spoken and a.words[t] in THAT) or (a.words[t] in ("،", ",") and "title" in a.cues[t + 1]):
            return t
        if not _speaker_word(a, t):
            return None
    return None


def _chain_start(a: Analysis, i: int, floor: int) -> int:
    """Start of a name whose given name at ``i`` follows ``بن``/``بنت`` (not ``ابن``, also "son"):
    the name word before the connector is the person's own given name (``الطاهر بن حسين``,
    ``فخر الدين بن يوسف``); after a verb of saying the connector opens a family name used alone
    (``وأكدت بن خضر أن``). ``floor``: the end of the name found before."""
    c = i - 1
    if c <= floor or a.words[c] not in ("بن", "بنت"):
        return i
    g = c - 1
    w = a.words[g] if g >= floor and a.kinds[g] == "word" else ""
    if w in SPEECH_VERBS:
        return c
    if not w or _is_function(w) or w in NAME_FOLLOWERS or w in CONNECTORS \
            or any(x in a.cues[g] for x in _NOT_SPEAKER_CUES) or (a.gaz[g] is not None and a.gaz[g].label != "PER"):
        return i
    if w in COMPOUND_SECOND and g > floor and a.kinds[g - 1] == "word" and not _definite(a.words[g - 1]) \
            and a.words[g - 1] not in _lexicon()["not_names"] and not _is_function(a.words[g - 1]):
        return g - 1  # فخر الدين بن يوسف: a compound given name (any X الدين, as in Analysis.name_end)
    if a.first_names[g] is not None or _definite_given(w) or a.name_like(g) or w in _lexicon()["surnames"]:
        return g
    return i


#: a noun after an elative at least this frequent is an ordinary word (أكبر مستهلك), not a surname
SUPERLATIVE_NOUN_ZIPF = 3.0


def _superlative(a: Analysis, i: int) -> bool:
    """The ambiguous given name at ``i`` has the elative pattern أفعل (أكبر، أشرف، أسعد: no long
    vowel inside) and the next word is an indefinite noun (in use, or written with a tanwin) and no known name: a superlative
    phrase (أكبر مستهلك، أشرف مهنة), not a person."""
    w = a.words[i][a.first_names[i][0]:]
    nxt = a.words[i + 1]
    lex = _lexicon()
    return len(w) == 4 and w[0] == "ا" and not any(c in "اوي" for c in w[1:]) and not nxt.startswith("ال") \
        and nxt not in CONNECTORS and a.first_names[i + 1] is None and nxt not in lex["surnames"] \
        and (_zipf(nxt) >= SUPERLATIVE_NOUN_ZIPF or _tanwin(a, i + 1))


def _tanwin(a: Analysis, k: int) -> bool:
    """Word ``k`` is written with a tanwin (مشترٍ، مستهلكًا): an indefinite noun, never a name."""
    sp = a.span(k, k + 1, "O")  # original offsets: normalisation drops the diacritics
    return any(c in a.doc.text[sp.start:sp.end] for c in "\u064b\u064c\u064d")


def _first_name_people(a: Analysis) -> list[tuple[int, int]]:
    """A known first name and the name words after it; an ambiguous first name (جمال، أمل)
    only with a following name word; not inside another gazetteer name (صلاح الدين)."""
    out = []
    i = 0
    n = a.n
    while i < n:
        fn = a.first_names[i]
        if a.gaz[i] is not None and a.gaz[i].label != "PER":
            i += 1
            continue
        if a.words[i] in ABD and i + 1 < n and a.words[i + 1].startswith("ال") \
                and a.kinds[i + 1] == "word" and not _is_function(a.words[i + 1]):
            end = a.name_end(i)  # عبد الفتاح البرهان: عبد + a divine name is a first name
            if end > i + 1:
                out.append((i, end))
                i = end
                continue
        if fn is None and _definite_given(a.words[i]) and _nisba(a, i + 1) and a.gaz[i] is None \
                and not _is_common(a.words[i + 1][2:-1]) \
                and not (i and a.kinds[i - 1] == "word" and (_definite(a.words[i - 1]) or a.words[i - 1] in CONNECTORS)):
            # الهادي الفرجاني: a given name with the article and a rare nisba, not one made from a
            # common noun (السمر الرمضاني), not after a definite noun it could describe nor after a
            # connector (أبو القاسم الشابي is the connector's)
            end = a.name_end(i + 1, first_ok=True)
            out.append((i, end))
            i = end
            continue
        if fn is None:
            # a kunya: أبو بكر البغدادي, أم محمد (أبو ظبي is a gazetteer name, skipped above)
            nxt = a.words[i + 1]
            if a.words[i] in KUNYA and i + 1 < n and a.kinds[i + 1] == "word" and not _is_function(nxt) \
                    and (a.words[i] != "ام" or a.first_names[i + 1]) \
                    and not (i > 0 and a.words[i - 1] in FM[0]) \
                    and not nxt.startswith("ال") and nxt not in _lexicon()["not_names"] \
                    and (a.words[i] != "ابن" or a.name_like(i + 1) or a.first_names[i + 1]):
                # (ابن "son" only before a name word: ابن رشد، ابن بطوطة; not ابن عمه، ابن عشر)
                end = a.name_end(i)
                if end > i + 1:
                    out.append((i, end))
                    i = end
                    continue
            i += 1
            continue
        if i and (a.words[i - 1] in PERSON_NAMED_UNITS or (a.words[i - 1] in _ANY_OPEN and i > 1
                                                          and a.words[i - 2] in PERSON_NAMED_UNITS)
                  or a.words[i - 1] in _TOPONYM_FORMS
                  or (a.words[i - 1] in TOPONYM_PREFIX and i > 1 and a.words[i - 2] in LOCATIVE)):
            # (في سيدي علي بن عون: a town named after a saint, the toponym cue's)
            i = max(i + 1, a.name_end(i, first_ok=True))  # كتيبة "عقبة بن نافع": a unit's name,
            continue  # not a person mention (the unit cue's)
        if fn[0] and any(c in "بلك" for c in a.words[i][:fn[0]]) and _zipf(a.words[i]) >= CLITIC_PHRASE_ZIPF:
            i += 1  # لصالح "in favour of", بسلام "in peace": a frequent phrase, not ل + صالح
            continue
        if fn[1] == 2 and fn[0] and any(c in "بك" for c in a.words[i][:fn[0]]) and not (
                _nisba(a, i + 1) or _word_at(a, i + 1) in _lexicon()["surnames"] or a.first_names[i + 1]):
            # بنصر ساحق: an ambiguous given name behind ب or ك is a noun, unless a surname
            # follows (بأنيس العامري); behind ل it is often a name (تابعون لعمر عبد الرحمن)
            i += 1
            continue
        end = a.family_end(i, max(i + 1, a.name_end(i)))
        closed = _speaker_end(a, i, end)
        if closed is not None and (closed > end or closed > i + 1):
            # the subject of a verb of saying up to its complementizer, a name before its role:
            # the closer vouches for an ambiguous given name too (ناصر كامل، رئيس الجمعية)
            out.append((_chain_start(a, i, out[-1][1] if out else 0), closed))
            i = closed
            continue
        if end == i + 1 and fn[1] == 1 and _definite_surname(a, end) and _word_at(a, end + 1) in ("،", ",") \
                and "title" in a.cues[end + 2]:
            end += 1  # أحمد الخطيب، القيادي في: a definite surname before an appositive role
        if fn[1] == 2 and not any(a.words[k] in CONNECTORS or (a.first_names[k] and a.first_names[k][1] == 1)
                                  or a.name_like(k) or a.words[k] in _lexicon()["surnames"] for k in range(i + 1, end)):
            i += 1  # جمال المدينة, علي أمل: no name word after the ambiguous one
            continue
        if a.words[i][fn[0]:] == "علي" and fn[1] == 2 and end > i + 1 and _preposition_object(a, i + 1):
            i += 1  # علي عرقلة، علي ضفتي: على "on" written with ي, before an ordinary noun
            continue
        if fn[1] == 2 and end > i + 1 and _superlative(a, i):
            i += 1  # أكبر مستهلك "the largest consumer": an elative before an indefinite noun
            continue
        if fn[1] == 2 and end > i + 1 and _participle(a, i + 1):
            i += 1  # حياة مضطربة "a troubled life": the noun and its adjective
            continue
        if a.cues[i]["ambiguous"][1] in _lexicon()["general_first"] if fn[1] == 2 else False:
            # a given name known only from the general index (ختام، أدوار، إمداد are words too):
            # the next word must be a known name as well (سهير رمزي، إلياس المر)
            nxt = a.words[i + 1] if end > i + 1 else ""
            if not (nxt in CONNECTORS or a.first_names[i + 1] or nxt in _lexicon()["surnames"]):
                i += 1
                continue
        out.append((_chain_start(a, i, out[-1][1] if out else 0), end))
        i = end
    return out


@dataclass(frozen=True)
class FirstNamePersonFunction:
    """PER from a list of first names: the first name and up to three name words after it."""

    name: str = "cue.first_name@7"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        return [a.span(i, j, "PER") for i, j in a.first_name_people]


@dataclass(frozen=True)
class PersonRepeatFunction:
    """Later mentions of a person the cues found in the same document: the full name again,
    or its last word alone when that is rare (``سيرغي لافروف`` ... ``لافروف``, ``ولافروف``)."""

    name: str = "cue.person_repeat@8"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        found = a.people
        by_first: dict[str, set[tuple[str, ...]]] = {}
        last: set[str] = set()
        common_last: set[str] = set()  # سريع "fast": a repeat only as the subject of a verb of saying
        taken: set[int] = set()
        lex = _lexicon()
        titled = set(a.title_people)
        for i, j in found:
            taken.update(range(i, j))
            if j - i < 2 or (a.first_names[i] and a.first_names[i][1] == 2 and found.count((i, j)) < 2
                             and (i, j) not in titled):
                continue  # only confident names seed repeats: not جمال / وحيد + a word (unless two cues
                # agree, or a title stands before it: العداء محسن الشهيبي ... الشهيبي)
            clitic = a.first_names[i][0] if a.first_names[i] else 0
            name = (a.words[i][clitic:], *a.words[i + 1:j])
            by_first.setdefault(name[0], set()).add(name[1:])
            if j - i >= 3 and a.words[i + 1] not in CONNECTORS and not _is_function(a.words[i + 1]):
                by_first.setdefault(name[1], set()).add(name[2:])  # أحمد قايد صالح ... قايد صالح
            tail = a.words[j - 1]
            if j - i >= 3 and a.words[j - 2] in CHAIN:
                by_first.setdefault(a.words[j - 2], set()).add((tail,))  # أحمد بن بلة ... بن بلة
                continue
            if len(tail) >= 3 and tail not in lex["not_names"] and not (len(tail) > 4 and tail.endswith(_NOT_NAME_ENDINGS)):
                if not _is_common(tail):
                    last.add(tail)
                elif _zipf(tail) < 5.0 and not _is_function(tail):
                    common_last.add(tail)  # الشاهد too: وأضاف الشاهد after يوسف الشاهد
        hits = []  # (token, tokens in the mention)
        for word, positions in a.positions.items():
            readings = _readings(word)
            first = next((stem for _, stem in readings if stem in by_first), None)
            is_last = any(stem in last for _, stem in readings)
            for k in positions:
                if k in taken or (a.gaz[k] is not None and a.gaz[k].label != "PER"):
                    continue
                if first is not None:
                    rest = next((r for r in sorted(by_first[first], key=len, reverse=True)
                                 if tuple(a.words[k + 1:k + 1 + len(r)]) == r), None)
                    if rest is not None:
                        hits.append((k, 1 + len(rest)))
                        continue
                if is_last or (word in common_last and k and (a.words[k - 1] in SPEECH_VERBS or _verb_subject(a, k)
                                                              or _word_at(a, k + 1) in THAT)):
                    # (وبين الشاهد أن: the speaker before a complementizer)
                    hits.append((k, 1))
        known = found + [(i, a.gaz_end(i)) for i in range(a.n) if _starts_name(a, i, ("PER",))]
        hits += [(i, j - i) for i, j in _aliases(a, known) + _latin_forms(a, known)]
        out = []
        end = 0
        for k, m in sorted(hits):
            if k >= end and not taken.intersection(range(k, k + m)):
                out.append(a.span(k, k + m, "PER"))
                end = k + m
        return out


def _latin_forms(a: Analysis, people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The same name in Latin letters in brackets right after a person's name: ``ألبرت
    أينشتاين (Albert Einstein)``."""
    out = []
    for _, j in people:
        if _word_at(a, j) == "(" and a.is_word(j + 1) and a.kinds[j + 1] == "latin" and a.words[j + 1][0].isupper():
            k = j + 1
            while k < a.n and k - j <= 4 and a.kinds[k] == "latin" and a.words[k][0].isupper():
                k += 1
            if _word_at(a, k) == ")":
                out.append((j + 1, k))
    return out


#: prepositions that follow a verb's subject: ``تخرج محفوظ في``, ``حصل محفوظ على``
_AFTER_SUBJECT = _norm_set("في على إلى الى من عن مع")


def _verb_subject(a: Analysis, k: int) -> bool:
    """Token ``k`` stands as a verb's subject: a short indefinite word that is no name, no plural
    and no preposition-led noun before it (a past verb: تخرج، حصل، انتقل; not بهجوم بري على) and a
    preposition after it."""
    w = a.words[k - 1]
    return a.is_word(k - 1) and 3 <= len(w) <= 5 and not _definite(w) and not w.endswith(("ة", "ين", "ون", "ات")) \
        and w[0] not in "بلك" and a.words[k][0] not in "بلك" and a.kinds[k - 1] == "word" \
        and a.first_names[k - 1] is None and not _is_function(w) and _zipf(w) >= RARE_ZIPF \
        and a.is_word(k + 1) and a.words[k + 1] in _AFTER_SUBJECT


#: words that introduce a person's alias (ANNOTATION.md: the alias is a PER mention)
ALIAS_CUES = _norm_set("الملقب الملقبة المكنى المعروف المعروفة")


def _aliases(a: Analysis, people: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Aliases of the people in ``people``: a bracketed rare name right after the person
    (``محمد حمدان دقلو (حميدتي)``) or the words after ``الملقب بـ`` (``الملقب بـ”الخليفة”``)."""
    out = []
    for _, j in people:
        k = j + 1 if _word_at(a, j) in ("،", ",") else j
        if _word_at(a, k) == "(":
            e = k + 1
            while e < a.n and e - k <= 3 and a.kinds[e] == "word" and a.gaz[e] is None and not _is_common(a.words[e]):
                e += 1
            if e > k + 1 and _word_at(a, e) == ")":
                out.append((k + 1, e))
        elif _word_at(a, k) in ALIAS_CUES:
            k += 1
            if _word_at(a, k) in ("ب", "باسم"):
                k += 1
            quoted = _word_at(a, k) in tuple(QUOTES_OPEN + QUOTES_CLOSE)  # ” opens quotes too
            k += quoted
            e = k
            while e < a.n and e - k < (4 if quoted else 3) and a.kinds[e] == "word" and not _is_function(a.words[e]):
                e += 1
            if e > k and (not quoted or _word_at(a, e) in tuple(QUOTES_CLOSE)):
                out.append((k, e))
    return out


# ------------------------------------------------------------------------------------------
# Organisations


#: quotes as right-to-left typing leaves them (``» لوبوان «``), and doubled apostrophes
#: (``' ' نيوز أوف ذا وورلد ' '``)
_ANY_OPEN = QUOTES_OPEN + "»"
_ANY_CLOSE = QUOTES_CLOSE + "«"


def _quoted(a: Analysis, j: int) -> tuple[int, int] | None:
    """The words inside quotes that open at token ``j``: ``“داعش”`` -> (j+1, j+2)."""
    if j >= a.n or a.kinds[j] != "punct" or a.words[j] not in _ANY_OPEN:
        return None
    if a.words[j] in "'‘" and _word_at(a, j + 1) == a.words[j]:
        j += 1  # a doubled apostrophe
    k = j + 1
    while k < a.n and k - j <= 6 and (a.is_word(k) or (a.words[k] == "-" and a.is_word(k + 1) and k > j + 1)):
        k += 1
    if k > j + 1 and k < a.n and a.words[k] in _ANY_CLOSE:
        return j + 1, k
    return None


def _bracketed_title(a: Analysis, j: int) -> tuple[int, int] | None:
    """An outlet's title in brackets or quotes at token ``j``, one to four words or a number:
    ``صحيفة (الوسط)``, ``قناة "218"``."""
    close = {"(": ")"}.get(_word_at(a, j)) or (QUOTES_CLOSE if _word_at(a, j) in QUOTES_OPEN else None)
    if close is None:
        return None
    k = j + 1
    while k < a.n and k - j <= 4 and (a.is_word(k) or a.kinds[k] == "num"):
        k += 1
    return (j + 1, k) if k > j + 1 and _word_at(a, k) in close else None


def _starts_name(a: Analysis, j: int, labels: tuple[str, ...]) -> bool:
    g = a.gaz[j]
    return g is not None and g.label in labels and a.starts[j] == g.start


def _org_after_class(a: Analysis, i: int) -> tuple[int, int] | None:
    """The ORG token range that a class word at token ``i`` introduces (ANNOTATION.md rule 3):
    a quoted name, a known organisation or a rare name without the class word; a description
    (definite words, known places, a state adjective) with it; otherwise nothing."""
    if a.gaz[i] is not None and a.gaz[i].label != "O":
        return None  # the class word belongs to a known name (قوات التحالف)
    hit_out = a.cues[i].get("org_out")
    hit_in = None if hit_out else a.cues[i].get("org_in")
    if not (hit_out or hit_in):
        return None
    outlet = hit_out is not None and hit_out[1] in OUTLET_CLASS
    j = i + 1
    q = _quoted(a, j) or (_bracketed_title(a, j) if outlet else None)
    if q:
        if outlet and q[1] - q[0] > 1 and _state_len(a, q[1] - 1) == 1:
            return q[0], q[1] - 1  # صحيفة "الشروق الجزائرية" -> الشروق (rule 5)
        return q
    if not a.is_word(j) or a.words[j].startswith("لل") or a.words[j] in NOT_NAMING_AFTER_CLASS:
        return None  # لجنة للتعامل: a purpose; شركات أخرى "other companies"; شبكة الإنترنت
    if _starts_name(a, j, ("ORG",)):
        return j, a.gaz_end(j)
    if hit_out and "org_in" in a.cues[j] and (inner := _org_after_class(a, j)) and inner[0] == j:
        return inner  # قوات حكومة الوفاق الليبية -> حكومة الوفاق الليبية: a complete name (rule 3)
    if hit_out and (e := _airline_end(a, j)):
        return j, e  # شركة الخطوط الجوية الليبية -> الخطوط الجوية الليبية: a complete name (rule 3)
    if hit_in and hit_in[1] in NEEDS_STATE and a.words[j] in GOVERNMENT_NAMES:
        k = j + 1 + (_word_at(a, j + 1) in NATIONAL_ADJECTIVES)
        return i, k + _state_len(a, k)  # حكومة الوفاق الوطني الليبية: a government named by its aim
    if hit_out and a.cues[j].get("state_head", (0, ""))[1] in STANDALONE_HEADS:
        end = _state_org_end(a, j)
        if end:
            return j, end  # قوات الحكومة السورية -> الحكومة السورية (a complete name)
    if outlet:
        # an outlet's name may be a place or one ordinary word: صحيفة الشرق الأوسط، قناة العالم
        if _starts_name(a, j, ("GPE", "LOC")):
            return j, a.gaz_end(j)
        if a.gaz[j] is None and "definite" in a.cues[j] and a.words[j] not in OUTLET_WORDS \
                and not (a.is_word(j + 1) and "definite" in a.cues[j + 1] and a.words[j + 1] not in nationality_forms()
                         and not _is_function(a.words[j + 1])):  # صحيفة المحروسة التي
            return j, j + 1
    if a.words[j] in NAME_TITLES and hit_in and a.kinds[j + 1] == "word" and not _definite(a.words[j + 1]) \
            and (a.name_like(j + 1) or a.first_names[j + 1] is not None
                 or _zipf(a.words[j + 1]) < 5.0 and a.words[j + 1] not in _lexicon()["not_names"]
                 and a.words[j + 1][0] not in "وفلب"):
        compound = _word_at(a, j + 2) in COMPOUND_SECOND  # كتائب الشهيد عز الدين القسام: a compound given name
        known = compound or a.first_names[j + 1] is not None and a.first_names[j + 1][1] == 1
        e = a.name_end(j + 1, max_words=2 + compound, first_ok=True) if known else j + 2
        if compound and e == j + 3 and _definite_surname(a, e):
            e += 1  # ... and its family name, a word too (القسام)
        return i, max(_person_after(a, j), e)
        # جامعة السلطان قابوس، جامعة الملك سعود: a body named after a ruler keeps his title and name
    g = a.gaz[j]
    if g is not None and g.label not in ("GPE", "LOC", "FAC", "O"):
        return None
    if g is None and not _definite(a.words[j]) and a.name_like(j) and not _adjective_like(a.words[j]):
        if _feminine_plural(a.words[j]) and not _word_at(a, j + 1).startswith("ال"):
            return None  # تنظيم دوريات: the plural object of a verbal noun (اتحاد هيئات الكتاب: a construct)
        k = j + 1  # a rare name: منظمة هيس، شركة لافارج، صحيفة ديلي تلغراف؛ جامعة أكسفورد (whole)
        while k - j < 3 and a.is_word(k) and a.gaz[k] is None and not _definite(a.words[k]) \
                and not a.words[k].startswith("و") and a.name_like(k) \
                and not any(_is_common(stem) for c, stem in _readings(a.words[k]) if c):
            k += 1
        if hit_in and hit_in[1] in NEEDS_STATE:
            return None
        if hit_in and k == j + 1 and a.is_word(k) and a.gaz[k] is None and a.cues[k].get("definite", (1,))[0] == 0 \
                and not _is_function(a.words[k]) and not _adjective_like(a.words[j]):
            k += 1  # a construct: تنسيقية اعتصام الكامور
        if hit_out and hit_out[1] in PARTY and _starts_name(a, k, ("GPE",)) and not a.gaz[k].clitic:
            k = a.gaz_end(k)  # حزب آفاق تونس: a party named with its country
        w = a.words[j]
        possessed = k == j + 1 and w.endswith(("نا", "ها", "هم", "كم")) and len(w) > 4 and _is_common(w[:-2])
        # شبكة دستورنا "our constitution": a common noun with a pronoun names nothing on its own (rule 3)
        return (j, k) if hit_out and not possessed else (i, k)
    states = state_adjectives()
    k = j
    seen_definite = False
    has_state = has_name = rare_end = apposed = False
    party = hit_out is not None and hit_out[1] in PARTY
    needs_state = hit_in is not None and hit_in[1] in NEEDS_STATE
    while a.is_word(k) and k - j < 4:
        w2 = a.words[k]
        if _starts_name(a, k, ("GPE", "LOC", "ORG")):
            if k > j and a.gaz[k].clitic and a.words[k].startswith(("ب", "وب")):
                break  # معهد العلوم السياسية بباريس: a ب-place is the seat, not part of the name
            if seen_definite and not has_name and a.gaz[k].label == "ORG" and not a.gaz[k].clitic:
                apposed = True  # حركة المقاومة الإسلامية حماس: the known name after a description is
                break  # its apposition, and the description its full name (class word inside)
            k = a.gaz_end(k)
            has_name = seen_definite = True
            if needs_state:
                break  # حكومة كوبا: the state ends the name
            continue
        m = _state_len(a, k) if w2 in states else 0
        if m:
            if not outlet:
                k += m
                has_state = True
            break
        if _is_function(w2) or (k > j and (w2 in TITLES or w2[0] in "وف" and w2[1:] in TITLES)) or w2 in TIME_WORDS \
                or w2 in _BELONGING or (w2[0] in "وف" and w2[1:] in FUNCTION) \
                or (k > j and w2.startswith(("بال", "وبال"))) or any(c.isdigit() for c in w2):
            # (والذي، والدكتور end it; بالتعاون، بالسلاح is a complement; و5900 a count)
            break  # (وزارة الدفاع الوطني العقيد X: a rank starts the person after the ministry;
            # معهد X التابع للحركة: what it belongs to is no part of its name)
        if has_name and (w2.startswith(("بال", "وبال")) or not _nisba_adjective(a, k)):
            break  # حزب نداء تونس بالتورط، حزب آفاق تونس الانسحاب: the verb's complement or object
        if _definite(w2) and not (w2.startswith("لل") and k > j):  # للتحكم: a purpose, not the name
            seen_definite = True
            k += 1
            continue
        if k > j and not seen_definite and not needs_state and a.gaz[k] is None and not w2.startswith("و") \
                and a.name_like(k) and not w2.endswith("ة") and not _accusative(w2, LATE_ACCUSATIVE_ZIPF):
            # (مجموعة إرهابية متكونة: a participle; مركز خدمة متطورا: an accusative adjective)
            k += 1  # a construct chain closed by a rare name: جيش استقلال كاشين
            has_name = rare_end = True
            break
        if not seen_definite and _is_common(w2) and not needs_state and not _indefinite_nisba(w2):
            k += 1  # a construct chain: مركز أبحاث تسليح الصراعات (not ائتلاف دولي: an adjective)
            continue
        break
    while k > j and not rare_end and not (_definite(a.words[k - 1]) or a.gaz[k - 1] is not None):
        k -= 1  # a description ends on a definite word or a name
    if k == j + 1 and not (has_state or has_name) and a.words[j].endswith(("ية", "ي")):
        return None  # one adjective: لجنة فنية، the technical committee, is no name
    if k > j and (hit_in or hit_out)[1] in INSTITUTES:
        k = _purpose_end(a, k)
    if k > j and ((hit_in and hit_in[1] not in NEEDS_STATE) or has_state or has_name or apposed):
        complete = (party or hit_out is not None and hit_out[1] in MOVEMENT) and has_name and not has_state
        return (j, k) if complete else (i, k)  # حزب نداء تونس، حركة نداء تونس -> نداء تونس
    if k > j and party and all(_definite(a.words[x]) for x in range(j, k)):
        e = j + 1
        while e < k and (_nisba_adjective(a, e) or a.words[e].startswith("وال") or a.words[e] in BODY_ADJECTIVES):
            e += 1
        k = e  # حزب التيار الديمقراطي القرار: the verb's object is no part of the name
        # a party's name is a description: حزب التيار الديمقراطي -> التيار الديمقراطي (rule 3);
        # one that starts with a plural of people is no name on its own (حزب الوطنيين الديمقراطيين)
        if k == j + 1 and _is_common(a.words[j]):
            if _word_at(a, k) == "من" and _word_at(a, k + 1) == "اجل":
                return None  # حزب الاتحاد من أجل ...: the aim names it (described bodies)
            return i, k  # حزب الاستقلال، حزب العمال: one common word names no party on its own
        return (i, k) if a.words[j].endswith(("ين", "ون")) else (j, k)
    return None


#: the day words a description never runs into (``بوزارة الداخلية اليوم الخميس``): weekdays with
#: the article, and today/yesterday
TIME_WORDS = frozenset(normalize(d) for d in cldr_weekdays()) | _norm_set("اليوم أمس البارحة الليلة")


#: institutions whose name goes on with what they are for: ``معهد واشنطن لسياسة الشرق الأدنى``,
#: ``مركز الشرق الأوسط للدراسات الاستراتيجية``
INSTITUTES = _norm_set("معهد مركز مرصد شبكة أكاديمية كلية مؤسسة")


def _purpose_end(a: Analysis, k: int) -> int:
    """The token after an institution's purpose phrase at ``k`` (``لسياسة الشرق الأدنى``,
    ``للدراسات الاستراتيجية``): ل + a noun, then definite words or names; ``k`` when none."""
    w = a.words[k] if a.is_word(k) else ""
    if not w.startswith("ل") or len(w) < 4 or _is_function(w) or a.gaz[k] is not None \
            or (w[1] in "يتنا" and _is_common(w[1:])):
        return k  # ليكون، لتأكيد: a verb of purpose, not the name
    e = k + 1
    while a.is_word(e) and e - k <= 3 and not _is_function(a.words[e]) and (
            _starts_name(a, e, ("GPE", "LOC")) or (a.gaz[e] is None and _definite(a.words[e]))):
        e = a.gaz_end(e) if a.gaz[e] is not None else e + 1
    return e if e > k + 1 or w.startswith("لل") else k


def _adjective_like(word: str) -> bool:
    """An indefinite word that agrees as an adjective or participle (إرهابية، معلن، مشترك):
    after a class word it describes, it does not name."""
    return word.endswith("ة") or (word.startswith("م") and 4 <= len(word) <= 6 and word not in _lexicon()["first"])


def _agency_adjectives(a: Analysis, k: int, limit: int) -> tuple[int, bool]:
    """The token after the definite adjectives from ``k`` (state adjectives of two words
    included) and whether one of them names the agency (is not ``الرسمية`` ...)."""
    naming = False
    while a.is_word(k) and k < limit and "definite" in a.cues[k] and not _is_function(a.words[k]) \
            and a.words[k] not in NOT_NAMING and a.words[k] not in NEWS_PURPOSE:
        k += max(_state_len(a, k), 1)
        naming = True
    return k, naming


def _news_agencies(a: Analysis) -> list[tuple[int, int]]:
    """Agencies named by a description: ``وكالة الأنباء المركزية الكورية``, ``وكالة الأنباء
    الفرنسية``, ``الوكالة العربية السورية للأنباء``, ``الوكالة الوطنية للإعلام``, ``وكالة تونس
    إفريقيا للأنباء`` (places or names before ``للأنباء``, the class word inside); not the bare
    ``وكالة الأنباء`` or ``الوكالة الرسمية للأنباء`` (no name in them)."""
    out = []
    for i in a.having("org_out"):
        if a.cues[i]["org_out"][1] == "وكالة" and a.is_word(i + 1) and a.words[i + 1] in NEWS_WORDS:
            end, naming = _agency_adjectives(a, i + 2, i + 6)
            if naming:
                out.append((i, end))
        elif a.cues[i]["org_out"][1] == "وكالة":
            # وكالة تونس إفريقيا للأنباء, وكالة المغرب العربي للأنباء: places or names, then للأنباء
            j = i + 1
            while a.is_word(j) and j - i <= 3 and (a.gaz[j] is not None and a.gaz[j].label in ("GPE", "LOC")
                                                   or a.name_like(j)):
                j += 1
            if j > i + 1 and a.is_word(j) and a.words[j] in NEWS_PURPOSE:
                out.append((i, j + 1))
    for i in a.having("agency"):
        end, naming = _agency_adjectives(a, i + 1, i + 5)
        if naming and a.is_word(end) and a.words[end] in NEWS_PURPOSE:
            out.append((i, end + 1))
    return out


#: heads of an international body's mission named by its body and country
MISSION_HEADS = _norm_set("بعثة قوة")


def _missions(a: Analysis) -> list[tuple[int, int]]:
    """``بعثة الأمم المتحدة للدعم في ليبيا``, ``بعثة الاتحاد الأفريقي في الصومال``, ``قوة الأمم
    المتحدة المؤقتة في لبنان``: head, a known organisation, its purpose, في and a known
    country -- one name (the country and the body inside are not annotated: rule on nesting)."""
    out = []
    for word in MISSION_HEADS:
        for i in a.positions.get(word, ()):
            j = i + 1
            if not _starts_name(a, j, ("ORG",)):
                continue
            k = a.gaz_end(j)
            while k - j < 8 and a.is_word(k) and a.words[k] != "في" and a.gaz[k] is None \
                    and (a.words[k].startswith("ل") or _definite(a.words[k])) and not _is_function(a.words[k]):
                k += 1  # the purpose: للدعم، لحفظ السلام، المؤقتة
            if _word_at(a, k) == "في" and _starts_name(a, k + 1, ("GPE",)):
                out.append((i, a.gaz_end(k + 1)))
    return out


#: institution heads that name a body with their adjectives and purpose (``الاتحاد العام التونسي
#: للشغل``, ``الهيئة العليا المستقلة للانتخابات``): the definite forms, proclitics included
DESCRIBED_HEADS = _norm_set("""
اتحاد هيئة نقابة جمعية مجلس منظمة مرصد رابطة لجنة وحدة جامعة معهد مركز جبهة مؤسسة شركة ديوان
صندوق مفوضية مديرية إدارة اتحادية كونفدرالية فيدرالية فرقة قطب محكمة حركة تجمع تحالف ائتلاف غرفة وكالة حزب بنك
مدرسة مجمع
""")
_DESCRIBED_FORMS = frozenset(p + "ال" + h for h in DESCRIBED_HEADS for p in ("", "و", "ف", "ب", "وب", "فب")) \
    | frozenset(p + h for h in DESCRIBED_HEADS for p in ("لل", "ولل", "فلل"))


def _described_bodies(a: Analysis) -> list[tuple[int, int]]:
    """A definite institution head, its definite adjectives and its ل-purpose: ``المجلس الأعلى
    للقضاء``, ``للاتحاد العام التونسي للشغل``, ``الوحدة الوطنية لمكافحة الإرهاب`` (the class
    word inside: the rest names nothing on its own), or its aim after ``من أجل`` (``حزب التجمع
    من أجل الثقافة والديمقراطية``: an outside class word stays outside). Not after an inside class
    word it completes (``حكومة الوحدة الوطنية``); never without an adjective and a purpose, or an aim."""
    out = []
    for w in _DESCRIBED_FORMS & a.positions.keys():
        for i in a.positions[w]:
            if i > 0 and "org_in" in a.cues[i - 1] \
                    or a.gaz[i] is not None and a.gaz[i].label != "O":
                continue  # a bare head is a back-reference (O); with its description it names
            k = i + 1
            while a.is_word(k) and k - i <= 3 and a.cues[k].get("definite", (1,))[0] == 0 \
                    and not _is_function(a.words[k]) and (a.gaz[k] is None or a.gaz[k].label == "O"):
                k += 1
            naming = any(a.words[x] not in NOT_NAMING for x in range(i + 1, k))  # not الوكالة الرسمية للأنباء
            end = _described_purpose_end(a, k) if naming else k
            if end == k and (e := _adjectives_name(a, i, k)):
                out.append((i, e))  # المحكمة العسكرية الدائمة، المجلس الوطني التأسيسي
                continue
            if _word_at(a, k) == "من" and _word_at(a, k + 1) == "اجل":
                end = k + 2  # التجمع من أجل الثقافة والديمقراطية: the aim, coordination included
                while a.is_word(end) and end - k < 6 and "definite" in a.cues[end] and not _is_function(a.words[end]) \
                        and (a.cues[end]["definite"][0] == 0 or a.words[end].startswith("وال")):
                    end += 1
                end = end if end > k + 2 else k
            sp = next((x for x in range(i + 2, k) if a.words[x] in SPECIALISED), None)
            if sp is not None and (e := _field_end(a, sp + 1)) > sp + 1:
                out.append((i, e))  # الوحدة الوطنية المختصة في البحث في الجرائم الإرهابية
                continue
            if end > k:
                out.append((i, end))
    return out


#: a body's specialisation before its field: ``المختصة في ...``, ``المكلفة بـ...``
SPECIALISED = _norm_set("المختصة المختص المكلفة المكلف")


def _field_end(a: Analysis, k: int) -> int:
    """The token after a specialisation's field from ``k`` (``في البحث في الجرائم الإرهابية``,
    ``بمكافحة الإرهاب``): في or a ب-noun, then definite words and في, ending on a definite word;
    ``k`` when there is none."""
    e = k
    if _word_at(a, e) == "في":
        e += 1
    elif not (_word_at(a, e).startswith("ب") and a.kinds[e] == "word" and _is_common(a.words[e][1:])):
        return k
    end = k
    while a.is_word(e) and e - k < 7 and a.kinds[e] == "word" and a.gaz[e] is None \
            and (a.words[e] == "في" or not _is_function(a.words[e])):
        w = a.words[e]
        if _definite(w) and not w.startswith(("بال", "وبال")):
            end = e + 1
        elif not (w == "في" or e == k):
            break
        e += 1
    return end


#: a court is named by one nisba adjective (``المحكمة الابتدائية``, ``بالمحكمة الإدارية``); other
#: described heads by two (``المجلس الوطني التأسيسي``, ``المركز الثقافي الإسلامي``)
COURTS = _norm_set("محكمة")
#: heads whose adjectives describe rather than name: ``الوحدة الوطنية الفلسطينية`` (unity),
#: ``الحركة السياسية الإسلامية`` (a movement of opinion), ``المدرسة الوطنية العمومية`` (a school system)
ABSTRACT_HEADS = _norm_set("وحدة حركة مدرسة")
#: political heads named by one political adjective (``الجبهة الشعبية``, ``الحزب الشيوعي``)
PARTY_HEADS = _norm_set("جبهة حزب تحالف ائتلاف تجمع")
POLITICAL = _norm_set("""
الشعبية الشعبي الوطنية الوطني الديمقراطية الديمقراطي الإسلامية الإسلامي الاشتراكية الاشتراكي الشيوعية
الشيوعي الجمهورية الجمهوري الليبرالية الليبرالي الثورية الثوري القومية القومي الدستورية الدستوري
""")
#: adjectives of rank and standing that belong to a body's name beside nisba adjectives
BODY_ADJECTIVES = _norm_set("العام العامة العليا الأعلى الدائم الدائمة المستقلة الموحد الموحدة الحر الحرة")


def _adjectives_name(a: Analysis, i: int, k: int) -> int:
    """The end of the described head at ``i`` when its definite adjectives (from ``i+1``, before
    ``k``) name the body on their own, with no purpose after them: one nisba adjective after a
    court, two adjectives (the first a nisba) after any other head; else 0 (``الوحدة الوطنية``,
    unity, names nothing). A definite word that is no adjective ends them (``المحكمة الإدارية
    إلغاء``: the normalised إلغاء looks definite)."""
    if any(a.words[i].endswith(h) for h in ABSTRACT_HEADS):
        return 0
    e = i + 1
    while e < k and (_nisba_adjective(a, e) or a.words[e] in BODY_ADJECTIVES) and a.words[e] not in ORDINALS:
        e += 1
    court = any(a.words[i].endswith(c) for c in COURTS)
    if e == i + 1 or not (_nisba_adjective(a, i + 1) or (court and a.words[i + 1] in BODY_ADJECTIVES)):
        return 0  # (المحكمة العليا: a court by its rank too)
    return e if e - i >= 3 or court \
        or (any(a.words[i].endswith(h) for h in PARTY_HEADS) and a.words[i + 1] in POLITICAL) else 0


def _nisba_adjective(a: Analysis, k: int) -> bool:
    w = a.words[k] if a.is_word(k) else ""
    return w.startswith("ال") and w.endswith(("ي", "ية", "يين")) and not _is_function(w)


def _described_purpose_end(a: Analysis, k: int) -> int:
    """The token after a body's purpose at ``k``: ``للشغل``, ``للتعليم الثانوي``, ``لحقوق
    الإنسان``, ``لمكافحة الإرهاب`` -- ل + a noun, its genitive when the noun is indefinite, then
    nisba adjectives only (``للانتخابات النتائج``: the next word is the verb's object); a
    construct of two indefinite nouns too (``لنقابات قوات الأمن الداخلي``). A known description
    is a purpose only without the article (``لقوات الأمن``, not ``للحزب``: a back-reference)."""
    w = a.words[k] if a.is_word(k) else ""
    if not w.startswith("ل") or len(w) < 4 or _is_function(w) \
            or a.gaz[k] is not None and (a.gaz[k].label != "O" or w.startswith("لل")) \
            or (w[1] in "ين" and _is_common(w[1:])):  # ليكون; لتحرير، لتنمية are nouns
        return k
    e = k + 1
    if not w.startswith("لل"):
        if _starts_name(a, e, ("GPE", "LOC")):
            return a.gaz_end(e)  # لتحرير أزواد: a place (known or a rare name) as the genitive
        if a.gaz[e] is None and a.name_like(e) and not a.words[e].startswith("و"):
            return e + 1
        if a.is_word(e + 1) and "definite" not in a.cues[e] and a.words[e][0] not in "وفلب" and _is_common(a.words[e]) \
                and not _is_function(a.words[e]) and a.cues[e + 1].get("definite", (1,))[0] == 0 \
                and (a.gaz[e] is None or a.gaz[e].label == "O"):
            e += 1  # لنقابات قوات الأمن: the genitive is itself a construct
        if not (a.is_word(e) and a.cues[e].get("definite", (1,))[0] == 0 and not _is_function(a.words[e])):
            return k  # لتأكيد ...: a verbal purpose with no genitive
        e += 1
    while e - k <= 3 and (_nisba_adjective(a, e) or e > k + 1 and _nisba_adjective(a, e - 1)
                          and a.words[e].startswith("وال") and a.words[e].endswith(("ي", "ية"))):
        e += 1  # (للعلوم الرياضية والطبيعية: coordinated nisbas)
    if _word_at(a, e) == "في" and a.is_word(e + 2) \
            and not _definite(a.words[e + 1]) and _is_common(a.words[e + 1]) and _definite(a.words[e + 2]) \
            and a.cues[e + 2]["definite"][0] == 0 and a.gaz[e + 1] is None:
        e += 3  # للبحث في جرائم الإرهاب: the purpose's field, a construct after في
    return e


#: ``اف ام`` (FM) after a radio station's name: ``الجوهرة أف أم``, ``موزاييك إف إم``
FM = (_norm_set("اف إف"), _norm_set("ام إم"))


def _radio_stations(a: Analysis) -> list[tuple[int, int]]:
    """A station named before ``اف ام`` / ``FM``: one word, or two rare ones (the marker inside)."""
    out = []
    marks = [i for w in FM[0] for i in a.positions.get(w, ())]
    marks += [i for i in range(a.n) if a.kinds[i] == "latin" and a.words[i].upper() == "FM"] if "FM" in a.doc.text.upper() else []
    for i in sorted(marks):
        w = a.words[i]
        if w in FM[0] and a.is_word(i + 1) and a.words[i + 1] in FM[1]:
            end = i + 2
        elif a.kinds[i] == "latin":
            end = i + 1
        else:
            continue
        k = i - 1
        if not a.is_word(k) or _is_function(a.words[k]) or "title" in a.cues[k]:
            continue
        if a.name_like(k - 1) and a.name_like(k) and not a.words[k].startswith("و"):
            k -= 1
        out.append((k, end))
    return out


#: a website is an outlet when its name is quoted or written in Latin letters (``موقع "X"``);
#: otherwise موقع is "site, position" (موقع الانفجار)
WEBSITE = _norm_set("موقع لموقع بموقع وموقع")
SITE_ADJECTIVES = _norm_set("الأثري الأثرية التاريخي التاريخية السياحي السياحية العسكري")


def _platforms(a: Analysis) -> list[tuple[int, int]]:
    """The company named after ``موقع/شبكة/منصة التواصل الاجتماعي``: ``فايسبوك``, ``“تويتر”``,
    ``Twitter`` (one word, quotes outside; not a definite word, ``موقع التواصل الاجتماعي الأشهر``,
    nor a frequent verb form)."""
    out = []
    for w in WEBSITE & a.positions.keys():  # موقع "المحور" الجزائري، موقع Middle East Eye
        for i in a.positions[w]:
            if (q := _quoted(a, i + 1)) and _word_at(a, q[1] + 1) not in SITE_ADJECTIVES:
                out.append(q)  # (موقع "X" الأثري: an archaeological site, a place)
            elif a.is_word(i + 1) and a.kinds[i + 1] == "latin" and a.words[i + 1][0].isupper():
                j = i + 1
                while j < a.n and j - i <= 4 and a.kinds[j] == "latin":
                    j += 1
                out.append((i + 1, j))
    for i in a.positions.get("الاجتماعي", ()):
        if i == 0 or a.words[i - 1] != "التواصل":
            continue
        j = i + 1 + (i + 1 < a.n and a.words[i + 1] in QUOTES_OPEN)
        w = a.words[j] if a.is_word(j) else ""
        if w and (a.kinds[j] == "latin" or not _definite(w) and not _is_function(w)
                  and not (w[0] in "يتنوف" and _is_common(w))):  # a verb: موقع التواصل الاجتماعي يعد
            out.append((j, j + 1))
    return out


#: heads of a corps' or ministry's named sub-unit (``فرقة الأبحاث والتفتيش للحرس الوطني``)
SUBUNIT_HEADS = _norm_set("فرقة وحدة مصلحة إدارة منطقة فرق وحدات إدارات إدارتي وحدتي فرقتي مصلحتي مكتب")
_SUBUNIT_FORMS = frozenset(p + h for h in SUBUNIT_HEADS for p in ("", "و", "ل", "ب", "ول", "وب")) \
    | frozenset(p + "ال" + h for h in SUBUNIT_HEADS for p in ("", "و", "ب", "وب"))
#: the corps or ministry a sub-unit belongs to, with ل (للحرس، لوزارة) or ب for an office at a ministry (بوزارة)
_CORPS_FORMS = _norm_set("للحرس للجيش للأمن للحماية للشرطة للديوانة لوزارة بوزارة")
#: a participle of belonging between a sub-unit and its corps: ``وحدات التدخل التابعة للشرطة``
_BELONGING = _norm_set("التابعة التابع التابعين التابعتين")


def _subunits(a: Analysis) -> list[tuple[int, int]]:
    """A sub-unit named by its task and its corps: ``فرقة الأبحاث والتفتيش للحرس الوطني``,
    ``مصلحة الاستعلامات للأمن الوطني`` -> ORG up to the corps (the corps is its own ORG); the
    head and one to four definite words (coordination with وال included), then ل + a corps,
    or a participle of belonging before it (``وحدات التدخل التابعة للشرطة``)."""
    out = []
    for w in _SUBUNIT_FORMS & a.positions.keys():
        for i in a.positions[w]:
            k = i + 1
            while a.is_word(k) and k - i <= 4 and "definite" in a.cues[k] and not _is_function(a.words[k]) \
                    and (a.cues[k]["definite"][0] == 0 or a.words[k].startswith("وال")) and a.words[k] not in _BELONGING:
                k += 1
            if k > i + 1 and a.is_word(k) and (a.words[k] in _CORPS_FORMS or a.words[k] in _BELONGING
                                               and a.is_word(k + 1) and a.words[k + 1] in _CORPS_FORMS):
                out.append((i, k))
            elif e := _crime_task_end(a, i + 1):
                out.append((i, e))
            elif w in _SQUAD_FORMS and (e := _squad_task_end(a, i + 1)):
                out.append((i, e))
    return out


#: ``فرقة`` "squad", bare or with a proclitic, before the definite words of its task
_SQUAD_FORMS = frozenset(p + "فرقة" for p in ("", "و", "ل", "ب", "ول", "وب"))


def _squad_task_end(a: Analysis, k: int) -> int | None:
    """The token after a squad's task from ``k``: ``فرقة`` is indefinite, so the definite words
    after it are its genitive, which names the unit, not an adjective (``فرقة الشرطة العدلية``,
    ``فرقة الأبحاث والتفتيش``, ``فرقة الحراسة و التفتيشات الديوانية``); one to four definite
    words and their coordinates, none a known name (``فرقة الحرس الوطني`` is the corps)."""
    e = k
    while e - k < 4:
        j = e + (_word_at(a, e) == "و")  # a coordinate written apart: و التفتيشات
        if e == k and _named_by_adjective(a, j):
            return None  # فرقة الحرس الوطني: the corps itself
        if not (a.is_word(j) and "definite" in a.cues[j] and (a.gaz[j] is None or a.gaz[j].label == "O")
                and not _is_function(a.words[j]) and a.words[j] not in TIME_WORDS and a.words[j] not in _BELONGING
                and (a.cues[j]["definite"][0] == 0 or j == e and a.words[j].startswith("وال"))):
            break
        e = j + 1
    return e if e > k else None


#: what a security unit is named for fighting (``فرقة مكافحة الإرهاب``, ``مصلحة التوقي من الإرهاب``)
CRIMES = _norm_set("الإرهاب الجريمة الجرائم التهريب المخدرات الإجرام")


def _crime_task_end(a: Analysis, k: int) -> int | None:
    """The token after a unit's task against a crime from ``k``: an indefinite verbal noun and the
    crime (``مكافحة الإرهاب``), or a definite one, من and the crime (``التوقي من الإرهاب``)."""
    if not a.is_word(k) or a.kinds[k] != "word":
        return None
    if not _definite(a.words[k]) and _word_at(a, k + 1) in CRIMES and a.gaz[k] is None:
        return k + 2
    if a.cues[k].get("definite", (1,))[0] == 0 and _word_at(a, k + 1) == "من" and _word_at(a, k + 2) in CRIMES:
        return k + 3
    return None


#: unit words that are not also ranks (``اللواء خليفة حفتر`` is a general)
PERSON_NAMED_UNITS = _norm_set("كتيبة الكتيبة بكتيبة لكتيبة وكتيبة سرية السرية فوج الفوج")


def _units(a: Analysis) -> list[tuple[int, int]]:
    """Military units named by an ordinal (``اللواء الثاني``, ``الفيلق الخامس اقتحام``) or after a
    person (``كتيبة عقبة بن نافع``, the class word inside: the rest is a person's name)."""
    out = []
    for i in a.having("unit"):
        if a.is_word(i + 1) and a.words[i + 1] in ORDINALS:
            j = i + 2
            if a.is_word(j) and a.words[j] == "عشر":
                j += 1
            if a.is_word(j) and a.words[j] in ("اقتحام", "مدرع", "المدرع", "المدرعة"):
                j += 1
            out.append((i, j))
        elif a.words[i] in PERSON_NAMED_UNITS and a.is_word(i + 1) and (a.first_names[i + 1] or a.words[i + 1] in CONNECTORS):
            end = a.name_end(i + 1)
            if end > i + 2:
                out.append((i, end))  # كتيبة عقبة بن نافع: a unit named after a person is the unit
        elif a.words[i] in PERSON_NAMED_UNITS and (q := _quoted(a, i + 1)) \
                and (a.first_names[q[0]] or a.words[q[0]] in CONNECTORS) and a.name_end(q[0]) == q[1]:
            out.append(q)  # كتيبة "عقبة بن نافع": the quoted name alone (rule 3)
    return out


def _acronyms(a: Analysis, orgs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``Name (ACRONYM)``, ``Name "ACRONYM"``: the bracketed or quoted short form after an
    organisation is ORG too (rule 2), dotted letters included (``(م.ت.ف)``)."""
    out = []
    for _, j in orgs:
        if j >= a.n or not (a.words[j] == "(" or a.words[j] in QUOTES_OPEN):
            continue
        close = ")" if a.words[j] == "(" else QUOTES_CLOSE
        k = j + 1
        while k < a.n and k - j <= 8 and (a.is_word(k) or a.words[k] == "." and a.is_word(k - 1) and a.is_word(k + 1)):
            k += 1
        inside = [x for x in range(j + 1, k) if a.is_word(x)]
        if inside and k < a.n and a.words[k] in close and len(inside) <= 4 \
                and not (a.words[inside[0]] in KUNYA or a.first_names[inside[0]]) and \
                all(a.kinds[x] == "latin" or len(a.words[x]) <= 3 or not _is_common(a.words[x]) for x in inside):
            out.append((j + 1, k))  # acronym letters are short: اي اتش اس (a kunya or a given name
            # is the spokesman's: كتائب القسام "أبو عبيدة")
    return out


#: head nouns that make a quoted multi-word phrase an organisation's name
#: (``“المقاومة الإسلامية في العراق”``, ``“الجبهة الوطنية للتحرير”``)
QUOTED_ORG_HEADS = _norm_set("""
المقاومة الحركة الجبهة الكتائب كتائب الجماعة جماعة المجلس مجلس الهيئة هيئة الاتحاد التحالف تحالف الجيش
جيش القوات قوات المنظمة منظمة اللجنة الحزب حزب السرايا سرايا الألوية ألوية لواء حركة جبهة فيلق الفيلق
عصائب تجمع التجمع رابطة الرابطة مؤسسة المؤسسة ائتلاف الائتلاف
""")


def _quoted_orgs(a: Analysis) -> list[tuple[int, int]]:
    """A quoted name of two to six words headed by an organisation noun: ``“المقاومة الإسلامية
    في العراق”`` -> one ORG, quotes outside (rule 2; the place inside is nested, not annotated)."""
    out = []
    for i in range(a.n):
        if a.kinds[i] == "punct" and a.words[i] in QUOTES_OPEN and (q := _quoted(a, i)) \
                and q[1] - q[0] >= 2 and a.words[q[0]] in QUOTED_ORG_HEADS:
            out.append(q)
    return out


def _coordinated(a: Analysis, orgs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """In a coordination of organisations (``جيش أراكان وجيش استقلال كاشين وقوات الدفاع
    الشعبي``), ``و`` + a class word + a description after an organisation is one too, class
    word inside (rule 3: the description is no complete name on its own)."""
    ends = {j for _, j in orgs}
    out = []
    for i in a.having("org_out", "org_in"):
        hit = a.cues[i].get("org_out") or a.cues[i].get("org_in")
        if i not in ends or not hit[0] or not a.words[i].startswith("و") or a.gaz[i] is not None:
            continue
        r = _org_after_class(a, i)
        if r is None:
            k = i + 1
            while a.is_word(k) and k - i <= 3 and a.gaz[k] is None and _definite(a.words[k]) \
                    and not a.words[k].startswith("و") and not _is_function(a.words[k]):
                k += 1
            r = (i, k) if k > i + 1 else None
        if r is not None:
            out.append(r)
            ends.add(r[1])
    return out


@dataclass(frozen=True)
class OrgCueFunction:
    """ORG after a class word (تنظيم، منظمة، وزارة، جامعة ...), military units named by an
    ordinal, and the bracketed acronym after an organisation."""

    name: str = "cue.org@8"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        return [_with_clitic(a, i, j, "ORG") for i, j in _org_cue_ranges(a)]


def _with_clitic(a: Analysis, i: int, j: int, typ: str) -> Span:
    """The span of tokens ``i..j-1``, with the proclitic length of token ``i`` when it is a class
    word read through a proclitic without the article (``بمعهد`` 1); the norm of ``بال``/``لل``
    forms needs no help."""
    sp = a.span(i, j, typ)
    hit = a.cues[i].get("org_in") or a.cues[i].get("org_out") or a.cues[i].get("unit")
    if hit and hit[0] and not hit[1].startswith("ال") and a.words[i][:hit[0]] != "لل":
        return KnownCliticSpan(sp.start, sp.end, typ, hit[0])
    return sp


#: a front named by a definite noun and political adjectives: ``جبهة التحرير الوطني``, ``لجبهة
#: الإنقاذ الإسلامية`` (``جبهة القتال``, a battle front, has no political adjective)
FRONTS = _norm_set("جبهة لجبهة وجبهة بجبهة ولجبهة")


def _fronts(a: Analysis) -> list[tuple[int, int]]:
    out = []
    for w in FRONTS & a.positions.keys():
        for i in a.positions[w]:
            j = i + 1
            if not (a.is_word(j) and _definite(a.words[j]) and not _nisba_adjective(a, j) and a.gaz[j] is None
                    and not _is_function(a.words[j]) and _word_at(a, j + 1) in POLITICAL):
                continue
            k = j + 2
            while _word_at(a, k) in POLITICAL or _word_at(a, k)[1:] in POLITICAL and _word_at(a, k).startswith("و"):
                k += 1
            out.append((i, k + _state_len(a, k)))
    return out


#: "share" (of a listed company): ``سهم إعمار``, ``سهم “شعاع كابيتال”``
SHARE_WORDS = _norm_set("سهم وسهم لسهم بسهم")


def _listed_companies(a: Analysis) -> list[tuple[int, int]]:
    """The company a share belongs to: a quoted name or one rare word after ``سهم`` (what
    follows an unquoted name is the sentence's: سهم إعمار لضغوط)."""
    out = []
    for w in SHARE_WORDS & a.positions.keys():
        for i in a.positions[w]:
            j = i + 1
            if q := _quoted(a, j):
                out.append(q)
            elif a.kinds[j] == "word" and a.gaz[j] is None and a.first_names[j] is None and a.name_like(j) \
                    and not _definite(a.words[j]):
                out.append((j, j + 1))
    return out


#: a state's airline is its "lines" with the state's adjective: ``الخطوط الجوية التونسية``,
#: ``للخطوط السعودية`` (``الخطوط الأمامية`` "front lines" has no state adjective after it)
_AIRLINE_FORMS = frozenset(p + "الخطوط" for p in ("", "و", "ف", "ب", "وب", "فب")) | _norm_set("للخطوط وللخطوط")


def _airline_end(a: Analysis, j: int) -> int | None:
    """The token after an airline named by ``الخطوط`` at ``j``, ``الجوية``, and a state adjective."""
    if a.words[j] not in _AIRLINE_FORMS:
        return None
    k = j + 1 + (_word_at(a, j + 1) == "الجوية")
    m = _state_len(a, k)
    return k + m if m else None


def _airlines(a: Analysis) -> list[tuple[int, int]]:
    return [(j, e) for w in _AIRLINE_FORMS & a.positions.keys() for j in a.positions[w] if (e := _airline_end(a, j))]


def _org_cue_ranges(a: Analysis) -> list[tuple[int, int]]:
    """Token ranges of :class:`OrgCueFunction` (cached on the analysis: the repeat function
    seeds from them)."""
    cached = a.__dict__.get("_org_cue")
    if cached is None:
        found = [r for i in a.having("org_out", "org_in") if (r := _org_after_class(a, i))]
        found += _units(a) + _news_agencies(a) + _missions(a) + _quoted_orgs(a) + _described_bodies(a) + _radio_stations(a) + _subunits(a)
        found += _platforms(a) + _fronts(a) + _listed_companies(a) + _airlines(a)
        known = [(i, a.gaz_end(i)) for i in range(a.n) if _starts_name(a, i, ("ORG",))]
        found += _coordinated(a, found + known)
        found += _acronyms(a, found + known)
        cached = a.__dict__["_org_cue"] = _dedupe(found)
    return cached


def _class_trimmed(a: Analysis, i: int) -> bool:
    """Token ``i`` starts a known organisation whose class word stands outside, before it."""
    g = a.gaz[i]
    return g is not None and g.label == "ORG" and i > 0 and a.starts[i] == g.start \
        and any(stem in ORG_CLASS_WORDS for _, stem in _readings(a.words[i - 1]))


def _seed_stem(a: Analysis, i: int) -> str:
    """The first word of a name at token ``i`` without its attached proclitic."""
    g = a.gaz[i]
    if g is not None and a.starts[i] == g.start:
        return a.words[i][g.clitic:]
    c = a.cues[i]
    hit = c.get("org_out") or c.get("org_in") or c.get("definite")
    return hit[1] if hit else a.words[i]


@dataclass(frozen=True)
class OrgRepeatFunction:
    """Later bare mentions of an organisation named earlier in the same document by a class
    word or the gazetteer: ``حركة الشباب`` ... ``ضد الشباب``, ``منظمة هيس`` ... ``هيس`` (the
    organisation counterpart of :class:`PersonRepeatFunction`); an attached proclitic stays
    inside (rule 1)."""

    name: str = "cue.org_repeat@1"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        seeds = _org_cue_ranges(a) + [(i, a.gaz_end(i)) for i in range(a.n) if _starts_name(a, i, ("ORG",))]
        if not seeds:
            return []
        taken = [False] * (a.n + 1)
        first_seen: dict[tuple[str, ...], int] = {}
        for i, j in seeds:
            for x in range(i, j):
                taken[x] = True
            stem = _seed_stem(a, i)
            # one ordinary word (الحياة، الجزيرة after صحيفة/قناة) repeats only when it is a
            # known organisation's name without its class word (حركة الشباب): elsewhere it is
            # mostly the word
            if j - i > 4 or (j - i == 1 and (len(stem) < 3 or _is_common(stem) and not _class_trimmed(a, i))):
                continue
            name = (stem, *a.words[i + 1:j])
            first_seen[name] = min(first_seen.get(name, i), i)
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for name in first_seen:
            by_first.setdefault(name[0], []).append(name)
        out = []
        end = 0
        for k in range(a.n):
            if k < end or taken[k] or a.kinds[k] != "word" or (a.gaz[k] is not None and a.gaz[k].label != "O"):
                continue
            for _, stem in _readings(a.words[k]):
                names = by_first.get(stem)
                if not names:
                    continue
                name = next((nm for nm in sorted(names, key=len, reverse=True)
                             if first_seen[nm] < k and tuple(a.words[k + 1:k + len(nm)]) == nm[1:]
                             and not any(taken[k:k + len(nm)])), None)
                if name is not None:
                    out.append(a.span(k, k + len(name), "ORG"))
                    end = k + len(name)
                    break
        return out


#: ministry portfolios: ``وزارة الداخلية`` names the ministry of the state the text is about
PORTFOLIOS = _norm_set("""
الداخلية الدفاع الخارجية العدل الصحة المالية الاقتصاد التجارة الشؤون النقل الفلاحة الزراعة السياحة
التربية التعليم الثقافة الإعلام الطاقة النفط الصناعة الاتصال الاتصالات المرأة الشباب الرياضة البيئة
التجهيز الاستخبارات الأمن الإعلام الهجرة
""")
#: the second word of a two-word portfolio or the national adjective (الشؤون الخارجية، الدفاع الوطني)
PORTFOLIO_TAIL = _norm_set("الخارجية الدينية الاجتماعية العالي الوطني الوطنية المحلية الداخلية")
#: a state force or body named by one adjective alone (``الحرس الوطني``, ``الحرس البحري``,
#: ``الحماية المدنية``, ``البنك المركزي``, the state broadcaster ``التلفزة الوطنية``): the state's
#: own, as its outlets write it
NATIONAL_NAMES = {normalize(h): _norm_set(adjs) for h, adjs in {
    "الحرس": "الوطني البحري الديواني", "الجيش": "الوطني", "الدرك": "الوطني", "الأمن": "الوطني", "الحماية": "المدنية", "البنك": "المركزي",
    "التلفزة": "الوطنية", "الإذاعة": "الوطنية"}.items()}
NATIONAL_FORCES = frozenset(NATIONAL_NAMES)


def _named_by_adjective(a: Analysis, i: int) -> bool:
    """The word at ``i`` (with any proclitic) is a force or body of NATIONAL_NAMES and the next
    word is the adjective that names it alone (``للحرس الوطني``, ``البنك المركزي``)."""
    return a.is_word(i + 1) and any(a.words[i + 1] in NATIONAL_NAMES[h]
                                    for h in {stem for _, stem in _readings(a.words[i])} & NATIONAL_FORCES)
MINISTRY = _norm_set("وزارة")
#: a ministry named by its portfolio alone (``وقالت الداخلية``, ``بلاغ الداخلية``): only after
#: a feminine verb of saying or a statement noun, where the portfolio can only be the ministry
BARE_PORTFOLIOS = _norm_set("الداخلية الخارجية")
REPORTING = _norm_set("""
قالت أفادت أكدت أعلنت ذكرت أوضحت نشرت كشفت نفت أشارت أضافت دعت طالبت أصدرت حذرت بينت أوردت نقلت
بلاغ بيان بلاغها بيانها حسب وفق باسم مصادر مصدر
""")
#: a state body named by one word of its own, which means nothing else: the Maghrebi customs
#: administration (``الديوانة``, ``بالديوانة التونسية``)
ONE_WORD_BODIES = _norm_set("الديوانة")
#: every written form of those heads (with proclitics): the tokens worth a look
_NATIONAL_FORMS = frozenset(p + h for h in MINISTRY | NATIONAL_FORCES | ONE_WORD_BODIES for p in ("", *PROCLITICS)) \
    | frozenset(p + h[2:] for h in NATIONAL_FORCES | ONE_WORD_BODIES for p in ("لل", "ولل", "فلل"))


@dataclass(frozen=True)
class NationalBodyFunction:
    """ORG for a ministry named by its portfolio (``وزارة الداخلية``, ``بوزارة الدفاع الوطني``)
    and a state force named by its national adjective (``الحرس الوطني``, ``للجيش الوطني``,
    ``الحماية المدنية``) or by a word of its own (``الديوانة``), a following state adjective
    included (``الحرس الوطني التونسي``), and
    the interior or foreign ministry by its portfolio alone after a reporting word (``وقالت
    الداخلية``). Outlets of one country write their own state's bodies this way."""

    name: str = "cue.national_body@3"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        out = []
        for i in sorted(i for w in _NATIONAL_FORMS for i in a.positions.get(w, ())):
            stems = {stem for _, stem in _readings(a.words[i])}
            if stems & MINISTRY and a.is_word(i + 1) and a.words[i + 1] in PORTFOLIOS:
                end = i + 2 + (a.is_word(i + 2) and a.words[i + 2] in PORTFOLIO_TAIL)
            elif _named_by_adjective(a, i):
                end = i + 2
            elif stems & ONE_WORD_BODIES:
                end = i + 1
            else:
                continue
            end += _state_len(a, end)
            out.append(a.span(i, end, "ORG"))
        for w in BARE_PORTFOLIOS:
            for i in a.positions.get(w, ()):
                prev = _word_at(a, i - 1) if i else ""
                if prev in REPORTING or prev[:1] in "وف" and prev[1:] in REPORTING:
                    out.append(a.span(i, i + 1 + _state_len(a, i + 1), "ORG"))
        return out


@dataclass(frozen=True)
class StateOrgFunction:
    """ORG for an army, force, government or ministry named with its state's adjective:
    ``الجيش السوري``, ``للقوات الروسية``, ``الجيش العربي السوري``, ``القوات الخاصة الأمريكية``
    (not after a class word: ``وزارة الخارجية الروسية`` is the class-word cue's)."""

    name: str = "cue.state_org@4"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        out = []
        free = 0
        for i in a.having("state_head"):
            c = a.cues[i - 1] if i else {}
            if i < free or "org_in" in c or ("complement" in c and "definite" not in c
                                             and c["complement"][1] not in PREPOSITION_COMPLEMENTS) \
                    or ("title" in c and a.cues[i]["state_head"][1] not in FORCES) \
                    or ("org_out" in c and a.cues[i]["state_head"][1] not in STANDALONE_HEADS):
                continue
            if a.cues[i]["state_head"][1] == "سلاح" and a.words[i + 1] not in SERVICE_ARMS:
                continue
            end = _command_end(a, i) or _state_org_end(a, i)
            if end:
                out.append(a.span(i, end, "ORG"))
                free = end
        return out


#: a command heads a state's force named after it: ``القيادة العامة للقوات المسلحة الليبية``
COMMAND_HEADS = _norm_set("القيادة")
COMMAND_ADJECTIVES = _norm_set("العامة العليا المركزية الموحدة المشتركة")


def _command_end(a: Analysis, i: int) -> int | None:
    """The token after a command, its rank and the state force it commands (one name: the force
    inside is nested), or None."""
    if a.cues[i]["state_head"][1] not in COMMAND_HEADS or _word_at(a, i + 1) not in COMMAND_ADJECTIVES:
        return None
    k = i + 2
    if not (a.is_word(k) and a.words[k].startswith("لل") and "state_head" in a.cues[k]):
        return None
    return _state_org_end(a, k)


#: armed forces: after a role they are the body he commands (``قائد الأسطول الأمريكي``), where a
#: portfolio is his office (``وزير الدفاع الأمريكي``)
FORCES = _norm_set("الجيش القوات الأسطول الشرطة الحرس البحرية")
#: state forces numbered after their state adjective
NUMBERED_HEADS = _norm_set("الأسطول")


#: complements that are prepositions, not construct nouns: ``المتحدث باسم الجيش الصومالي``
PREPOSITION_COMPLEMENTS = _norm_set("باسم لدى في")


def _state_org_end(a: Analysis, i: int) -> int | None:
    """The token after ``head [modifiers] state-adjective`` starting at ``i``, or None; an
    ambiguous adjective (``المالي`` "financial") only right after an army or a government."""
    if a.is_word(i + 1) and a.words[i + 1] in AMBIGUOUS_STATE_ADJECTIVES \
            and a.cues[i].get("state_head", (0, ""))[1] in AMBIGUOUS_STATE_HEADS:
        return i + 2
    end = None
    k = i + 1
    while a.is_word(k) and k - i <= 3 and a.words[k].startswith("ال") and not _is_function(a.words[k]):
        m = _state_len(a, k)
        if m:
            end = k + m
        k += max(m, 1)
    if end is not None and a.cues[i].get("state_head", (0, ""))[1] in NUMBERED_HEADS and _word_at(a, end) in ORDINALS:
        end += 1  # الأسطول الأمريكي الخامس: a fleet's number is its name
    if end is not None and a.words[end - 1].endswith("تين"):
        return None  # الإذاعة والتلفزيون التونسيتين: a dual adjective agrees with a coordination
    return end


def _state_len(a: Analysis, k: int) -> int:
    """How many tokens from ``k`` form a state adjective (``الكورية الجنوبية`` 2, ``الروسية`` 1)."""
    if not a.is_word(k):
        return 0
    return state_adjective_length([a.words[k], a.words[k + 1]] if a.is_word(k + 1) else [a.words[k]])


# ------------------------------------------------------------------------------------------
# Places


#: a transliterated syllable (با، زي، جي) has at most this many letters
SHORT_WORD = 3


#: common words that follow a town class word without naming it (مدينة أخرى، ولاية كل ...)
NOT_AFTER_TOWN = _norm_set("أخرى آخر أكبر أصغر أكثر أقل كل واحد جديد قديم")
#: a one-word name after a town class word ends before a word at least this frequent (a
#: preposition or particle): ``من ولاية قبلي عن``, ``لمدينة قبلي إلى``
PARTICLE_ZIPF = 5.0


def _unknown_place_end(a: Analysis, j: int, after_town: bool = False, town: bool = False) -> int:
    """The token after an unknown place name starting at ``j`` (``j`` when there is none).
    ``after_town``: the word follows مدينة/بلدة/وادي/شارع..., where a definite word is a name
    even when it is also an ordinary word (مدينة الباب، وادي الشاي). ``town``: it follows a
    GPE class word (مدينة، ولاية ...), where a common word alone before a particle or
    punctuation is a name too (ولاية قبلي: "tribal")."""
    if not a.is_word(j) or a.gaz[j] is not None:
        return j
    w = a.words[j]
    lex = _lexicon()
    if w.startswith("ل") and any(c and _zipf(stem) >= ARTICLE_FORM_ZIPF for c, stem in _readings(w)):
        return j  # مخيم للاجئين، سوق لأعياد الميلاد: a purpose or a possessor, no name
    if town and "place_in" in a.cues[j] and not a.cues[j]["place_in"][0] and a.is_word(j + 1) and a.gaz[j + 1] is None \
            and (_next_level(a, j + 2) or not a.is_word(j + 2) or _zipf(a.words[j + 2]) >= PARTICLE_ZIPF):
        return j + 2  # معتمدية قصر هلال من ولاية X: a town named by a facility's class word
    if w in lex["not_names"] or len(w) < 2 or _is_function(w) or (len(w) > 4 and w.endswith(_PRONOUN_ENDINGS)) \
            or (w.startswith("و") and _zipf(w[1:]) >= RARE_ZIPF):
        return j  # (مسجد وجامع: a conjunction and a known word)
    if after_town and len(w) <= SHORT_WORD:
        k = j
        while a.is_word(k) and k - j < 4 and len(a.words[k]) <= SHORT_WORD and a.gaz[k] is None \
                and not _is_function(a.words[k]) and a.words[k] not in lex["not_names"]:
            k += 1  # قرية با زي جي: a run of short transliterated syllables
        if k - j >= 2 and (not a.is_word(k) or _is_function(a.words[k])):
            return k  # ... that ends at punctuation or a function word
    if after_town and w.startswith("ال"):
        k = j + 1
        if a.is_word(k) and _zipf(a.words[k]) < RARE_ZIPF and a.words[k] not in lex["not_names"] \
                and not a.words[k].startswith(("و", "بال", "لل", "كال")) and a.gaz[k] is None:
            k += 1  # (جبل الشعانبي بالقصرين: a preposition and an article start the next phrase)
        return k
    if w in PLACE_PREFIX and (w not in CHAIN_PREFIX or "place_out" in a.cues[j - 1]):
        k = j + 1  # (سهل بن حنيف: after an inside class word that is also a given name, بن is a chain)
        if a.is_word(k) and (a.words[k].startswith("ال") or not _is_common(a.words[k])) \
                and a.words[k] not in lex["not_names"]:
            return k + 1
        return j
    if _is_common(w):
        if not w.startswith("ال") and w not in NOT_AFTER_TOWN and not _adjective_like(w) \
                and ((town and (not a.is_word(j + 1) or _zipf(a.words[j + 1]) >= PARTICLE_ZIPF)) or _next_level(a, j + 1)):
            return j + 1  # (منطقة جلال من معتمدية X: a common word before the next level of a hierarchy)
        return j
    k = j + 1
    while a.is_word(k) and k - j < 3:
        if a.words[k] in PARTICLES and a.is_word(k + 1) and a.gaz[k + 1] is None and _zipf(a.words[k + 1]) == 0 \
                and not a.words[k + 1].startswith(("ال", "و")):
            k += 2  # موسيمبوا دا برايا، ريو دي جانيرو: a particle and a name
            continue
        if _zipf(a.words[k]) < RARE_ZIPF and a.words[k] not in lex["not_names"] \
                and not a.words[k].startswith("و") and a.gaz[k] is None and a.name_like(k) and not _class_word(a, k) \
                and not any(c and (_is_common(stem) or (c == 1 and a.words[k][0] == "ل" and _zipf(stem) >= ARTICLE_FORM_ZIPF))
                            for c, stem in _readings(a.words[k])):
            k += 1  # not a proclitic before a word: ثكنة زرعيت بصاروخ، مدينة كيبيك برحابة، جربة لمراسلة
            continue
        break
    return k


def _next_level(a: Analysis, k: int) -> bool:
    """Token ``k`` opens the next level of a place hierarchy: ``بمعتمدية``, ``من ولاية``."""
    if a.is_word(k) and a.words[k] in LOCATIVE:
        k += 1
    return a.is_word(k) and "place_out" in a.cues[k] and a.cues[k]["place_out"][1] not in PLURAL_PLACE


#: cue lists of class words: a name never runs into one (منطقة الحقف بمعتمدية ...)
CLASS_CUES = ("place_out", "place_in", "org_out", "org_in", "unit", "state_head")


def _class_word(a: Analysis, k: int) -> bool:
    """Token ``k`` is a class word, bare or behind a proclitic (``بمعتمدية``, ``لولاية``): the
    next phrase of a place hierarchy (``منطقة X بمعتمدية Y من ولاية Z``) starts there."""
    return any(c in a.cues[k] for c in CLASS_CUES)


#: facilities named after the force or body they house: ``ثكنة الحرس الوطني``, ``معسكر الجيش
#: السوري``, ``قصر الحكومة``, ``مبنى البرلمان``
BODY_FACILITIES = _norm_set("ثكنة معسكر قصر مبنى")
_BODY_FACILITY_FORMS = frozenset(p + h for h in BODY_FACILITIES for p in ("", *PROCLITICS))


def _body_end(a: Analysis, j: int) -> int:
    """The token after a force's or a state body's name at ``j`` (a known organisation, a
    national force, a state head with its adjective or alone): ``الحرس الوطني``, ``الجيش
    السوري``, ``الحكومة``; ``j`` when there is none."""
    if not a.is_word(j):
        return j
    if _starts_name(a, j, ("ORG",)):
        return a.gaz_end(j)
    if a.words[j] in NATIONAL_FORCES and _named_by_adjective(a, j):
        return j + 2 + _state_len(a, j + 2)
    if "state_head" in a.cues[j] and not a.cues[j]["state_head"][0] and a.words[j].startswith("ال"):
        return _state_org_end(a, j) or j + 1
    return j


#: a city's metro is a facility named by its city (data/dev decision: مترو أنفاق سان بطرسبرغ)
_METRO_FORMS = frozenset(p + "مترو" for p in ("", *PROCLITICS))
_TUNNELS = _norm_set("أنفاق الأنفاق")


def _metros(a: Analysis) -> list[tuple[int, int]]:
    """``مترو باريس``, ``بمترو أنفاق مدينة سان بطرسبرغ``: the metro, its tunnels and the city."""
    out = []
    for i in sorted(i for w in _METRO_FORMS & a.positions.keys() for i in a.positions[w]):
        k = i + 1 + (_word_at(a, i + 1) in _TUNNELS)
        k += "place_out" in a.cues[k] and not a.cues[k]["place_out"][0] and PLACE_OUT[a.cues[k]["place_out"][1]] == "GPE"
        if _starts_name(a, k, ("GPE",)) and not a.gaz[k].clitic:
            out.append((i, a.gaz_end(k)))
    return out


def _body_facilities(a: Analysis) -> list[tuple[int, int]]:
    """``بثكنة الحرس الوطني``, ``مبنى البرلمان``, ``بقصر الحكومة``: the class word and the body's
    name, one FAC (the class word inside: the body alone is no name of the building)."""
    out = []
    for i in sorted(i for w in _BODY_FACILITY_FORMS & a.positions.keys() for i in a.positions[w]):
        end = _body_end(a, i + 1)
        if end > i + 1:
            out.append((i, end))
    return out


#: titles kept inside a facility's name after the person: جسر الملك حسين، مستشفى الشيخ زايد
NAME_TITLES = _norm_set("الملك الأمير الشيخ الشهيد الرئيس الإمام السلطان النبي القديس القديسة مار")
#: (مار: the Syriac and Coptic "saint" of churches and monasteries, كاتدرائية مار مرقس، دير مار متى)


def _person_after(a: Analysis, j: int) -> int:
    """The token after a person's name (two words or more, or a title and a name) that starts
    at ``j``; ``j`` when there is none."""
    k = j + 1 if a.words[j] in NAME_TITLES else j
    if _word_at(a, k) == "اية" and _word_at(a, k + 1) == "الله":
        k += 2  # a cleric's title: ضريح الإمام آية الله الخميني
    if not a.is_word(k):
        return j
    g = a.gaz[k]
    if g is not None and g.label == "PER" and a.starts[k] == g.start:
        return a.gaz_end(k)
    fn = a.first_names[k]
    if (fn and fn[1] == 1 and not fn[0]) or (a.words[k] == "عبد" and a.is_word(k + 1)):
        end = a.name_end(k)  # (عبد العزيز: a compound given name)
        if end > k + 1 or (k > j and end > k):
            return end
    if k > j and a.name_like(k):
        return max(a.name_end(k, first_ok=True), k + 1)  # كاتدرائية مار مرقس: a title and a rare name
    lex = _lexicon()
    if k == j and a.words[k].startswith("ال") and (a.words[k][2:] in lex["first"] or a.words[k][2:] in lex["ambiguous"]) \
            and a.is_word(k + 1) and (a.name_like(k + 1) or a.first_names[k + 1] or a.words[k + 1] in lex["surnames"]):
        return a.name_end(k + 1, first_ok=True)  # شارع الحبيب بورقيبة: a given name with the article
    return j


#: a word whose definite form is this frequent is an ordinary word (الاصطناعي), no name
ARTICLE_FORM_ZIPF = 3.0


#: whom a prison or hospital serves, part of its name: ``سجن منوبة للنساء``, ``مستشفى X للأطفال``
FAC_CLIENTELE = _norm_set("للنساء للأطفال للأحداث للرجال")


def _facility_name_end(a: Analysis, k: int) -> int:
    """The end of a facility's name whose first place name ends at ``k``: a second place
    (``مطار تونس قرطاج``) or a rare surname (``ملعب سانتياغو برنابيو``, a person's given name that
    is also a place) goes on with it, and so does whom it serves (``سجن منوبة للنساء``)."""
    end = _facility_place_end(a, k)
    return end + 1 if _word_at(a, end) in FAC_CLIENTELE else end


def _facility_place_end(a: Analysis, k: int) -> int:
    g = a.gaz[k] if a.is_word(k) else None
    if g is not None and g.label in ("GPE", "LOC") and a.starts[k] == g.start and not g.clitic:
        return a.gaz_end(k)
    if g is None and a.is_word(k) and a.kinds[k] == "word" and a.name_like(k) and not a.words[k].startswith("و") \
            and not a.words[k].endswith("ة") and not any(c.isdigit() for c in a.words[k]) \
            and _zipf("ال" + a.words[k]) < ARTICLE_FORM_ZIPF:  # (ملعب منوبة اصطناعي: an adjective)
        # (مستشفى المهدية صيحة فزع: a noun, the verb's object; سجن القيروان ب117 بالمائة: a number)
        return k + 1
    return k


@dataclass(frozen=True)
class PlaceCueFunction:
    """Places after a class word: ``مدينة الموصل`` -> GPE ``الموصل`` (class word outside),
    ``حي الخالدية`` -> LOC, ``مطار ديرالزور العسكري`` -> FAC (class word inside); and an
    unknown rare word after a direction word (``جنوب X``) -> GPE."""

    name: str = "cue.place@8"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        out: list[Span] = []
        n = a.n
        free = 0
        for i in a.having("place_out", "place_in", "direction"):
            g = a.gaz[i]
            if i < free or g is not None:
                if g is not None and g.label == "FAC" and a.starts[i] == g.start:
                    end = a.gaz_end(i)
                    if a.is_word(end) and a.words[end] in FAC_MODIFIERS:
                        while a.is_word(end) and a.words[end] in FAC_MODIFIERS:
                            end += 1
                        out.append(a.span(i, end, "FAC"))  # قاعدة عين الأسد الجوية
                        free = end
                continue  # inside a known name (مدينة الصدر، جبل ثردة): the gazetteer votes
            w = a.words[i]
            j = i + 1
            hit_out = a.cues[i].get("place_out")
            hit_in = a.cues[i].get("place_in")
            if hit_in and hit_in[1] == "وادي" and a.doc.text[a.doc.index[a.ends[i] - 1]] == "ى":
                continue  # وأدى القصف "and the shelling led": the verb أدى normalises to وادي "valley"
            if w.startswith("ال") and not (hit_out and hit_out[0]) and not (hit_in and hit_in[0]):
                hit_out = hit_in = None  # المدينة، المنطقة: back-references
            if hit_out and hit_out[1] in WEAK_TOWN and ((hit_out[0] and _is_common(w)) or a.words[j].startswith("و")):
                hit_out = None  # وجهة "destination"; من جهة والترفيع "on the one hand, and ..."
            q = _quoted(a, j) if (hit_in or hit_out) and not w.startswith("ال") else None
            if q and q[1] - q[0] <= 3:
                g = a.gaz[q[0]]
                if hit_in and not any(a.gaz[x] is not None for x in range(*q)):
                    out.append(a.span(q[0], q[1], PLACE_IN[hit_in[1]]))  # شارع "الشانزيليزيه": quotes outside
                elif hit_out and hit_out[1] not in PLURAL_PLACE and not (g is not None and a.gaz_end(q[0]) == q[1]):
                    # معتمدية "جربة حومة السوق": the quotes bound the name (one known name alone is the
                    # gazetteer's vote)
                    out.append(a.span(q[0], q[1], PLACE_OUT[hit_out[1]]))
                free = q[1]
                continue
            if hit_out and hit_out[1] in ADMIN_UNITS and "direction" in a.cues[j] and not a.cues[j]["direction"][0] \
                    and _starts_name(a, j + 1, ("GPE", "LOC")) and not a.gaz[j + 1].clitic:
                end = a.gaz_end(j + 1)  # ولاية شمال دارفور، محافظة جنوب سيناء: a unit's official name
                out.append(a.span(j, end, "GPE"))
                free = end
                continue
            if hit_out or hit_in:
                g = a.gaz[j] if j < n else None
                if g is not None and a.starts[j] == g.start and g.label in ("GPE", "LOC", "FAC", "O"):
                    end = a.gaz_end(j)
                    if g.label == "O" or (hit_in and g.clitic and a.words[j].startswith(("ب", "وب"))) \
                            or g.end < a.ends[end - 1]:  # (أوديساوخاركيف: glued names are the gazetteer's)
                        free = end  # (متحف بسوسة: a ب-place is the seat, not the name)
                        continue
                    if hit_in and PLACE_IN[hit_in[1]] == "FAC" and g.label in ("GPE", "LOC"):
                        end = _facility_name_end(a, end)  # مطار تونس قرطاج، ملعب سانتياغو برنابيو
                elif hit_in and PLACE_IN[hit_in[1]] == "FAC" and (pe := _person_after(a, j)) > j:
                    end = pe  # a facility named after a person: مطار حامد كرزاي الدولي
                elif (hit_out or hit_in)[1] in PLURAL_PLACE or (
                        a.is_word(j) and a.words[j].endswith("ة") and not _definite(a.words[j])
                        and (_zipf(a.words[j]) > 0 or a.words[j].endswith("ية"))):
                    # an indefinite adjective agrees with the class word: منطقة عازلة، مدينة
                    # عثمانية; a word the frequency list does not know is a name (مطار معيتيقة،
                    # مدينة غنجة)
                    end = j
                elif hit_in and hit_in[1] in KNOWN_NAMES_ONLY:
                    end = j  # متحف الشمع، ضريح الصحابي الجليل: a description, unless a place or person follows
                else:
                    named = (bool(hit_out) and PLACE_OUT[hit_out[1]] == "GPE" and hit_out[1] not in WEAK_TOWN) \
                        or (bool(hit_in) and hit_in[1] in PLACE_IN_NAMED)
                    town = named and bool(hit_out) and hit_out[1] not in PLURAL_PLACE
                    end = _unknown_place_end(a, j, after_town=named, town=town)
                if end > j:
                    if hit_in and hit_in[1] in PLURAL_PLACE:
                        if g is not None and g.label in ("GPE", "LOC", "FAC"):
                            out.append(a.span(j, end, g.label))  # أحياء دمشق: the city is the name
                    elif hit_in:
                        typ = PLACE_IN[hit_in[1]]
                        if typ == "FAC":
                            end = _second_name_end(a, end)
                        while typ == "FAC" and a.is_word(end) and a.words[end] in FAC_MODIFIERS:
                            end += 1
                        out.append(a.span(i, end, typ))
                    else:
                        typ = g.label if g is not None and g.label in ("GPE", "LOC", "FAC") else PLACE_OUT[hit_out[1]]
                        # جزيرة الأرانب: an unknown definite noun is no name on its own, the class word stays in
                        whole = hit_out[1] in ISLAND and g is None and a.words[j].startswith("ال") and not a.hamza_alif(j)
                        out.append(a.span(i if whole else j, end, typ))
                    free = end
                    continue
            elif "direction" in a.cues[i] and not w.startswith("ال"):
                while a.is_word(j) and "direction" in a.cues[j]:
                    j += 1
                if a.is_word(j) and a.words[j] in AMBIGUOUS_COUNTRIES:
                    out.append(a.span(j, j + 1, "GPE"))  # بوسط مالي: after a direction, the country
                    free = j + 1
                    continue
                end = _unknown_place_end(a, j)
                if end > j and not a.words[j].startswith("ال") and _zipf(a.words[j]) < RARE_ZIPF:
                    out.append(a.span(j, end, "GPE"))
                    free = end
        for i, j in _metros(a):  # (بمترو أنفاق مدينة سان بطرسبرغ: the city inside is no vote of its own)
            sp = a.span(i, j, "FAC")
            out = [o for o in out if not (sp.start <= o.start and o.end <= sp.end)] + [sp]
        for i, j in _body_facilities(a) + _seated_facilities(a):
            sp = a.span(i, j, "FAC")
            if not any(o.start < sp.end and sp.start < o.end for o in out):
                out.append(sp)
        for i, j in _toponyms(a):  # the proclitic is known: the norm and the relations read it
            sp = a.span(i, j, "GPE")
            out.append(KnownCliticSpan(sp.start, sp.end, "GPE", len(a.words[i]) - 4 if len(a.words[i]) > 4 else None))
        return out + _coordinated_places(a, {sp.end: sp.type for sp in out if sp.type in ("GPE", "LOC")})


_PLURAL_ENDINGS = ("ين", "ون", "ات", "وا")


def _coordinated_places(a: Analysis, found: dict[int, str]) -> list[Span]:
    """``بقابس وتملوشة``, ``أريانة وفوشانة والزعفرانة``: an unknown rare word joined by و right
    after a place (known, or found in ``found``: end offset -> type), and followed by what may
    follow a list's member, is another place of the same type."""
    out = []
    lex = _lexicon()
    for i in range(1, a.n):
        w = a.words[i]
        if not w.startswith("و") or a.kinds[i] != "word" or a.gaz[i] is not None or a.first_names[i] is not None:
            continue
        stem = w[1:]
        if len(stem) < 4 or _zipf(w) or _zipf(stem) or stem in lex["not_names"] or not _ARABIC_LETTERS.issuperset(stem) \
                or stem.endswith((*_PRONOUN_ENDINGS, *_PLURAL_ENDINGS)) \
                or any(c and r.startswith("ال") and _zipf(r) for c, r in _readings(stem)):
            continue  # (وقاطنين "and residing", وزرعوا, وبالتحري "and by investigating")
        nxt = a.words[i + 1] if a.is_word(i + 1) else ""
        if nxt and not (nxt.startswith(("و", "ب")) or nxt in LOCATIVE or "direction" in a.cues[i + 1]):
            continue  # a verb opening the next clause (وتفشت هذه، وزرعوا بطاطا): a list ends at
            # punctuation, the next member, a preposition or a place's direction
        g = a.gaz[i - 1]
        end = a.span(i - 1, i, "O").end
        typ = g.label if g is not None and g.label in ("GPE", "LOC") and a.gaz_end(i - 1) == i else found.get(end)
        if typ:
            sp = a.span(i, i + 1, typ)
            out.append(sp)
            found[sp.end] = typ  # a list goes on: وفوشانة والزعفرانة
    return out


#: facilities named by a description and the town they stand in: ``بالمستشفى الجهوي بقبلي``,
#: ``السجن المدني بالمرناقية``, ``المطار الدولي في قرطاج``
SEATED_FACILITIES = _norm_set("مستشفى سجن مطار ميناء ملعب كنيسة كاتدرائية مسجد")


_SEATED_FORMS = frozenset(p + "ال" + h for h in SEATED_FACILITIES for p in ("", *PROCLITICS)) \
    | frozenset(p + h for h in SEATED_FACILITIES for p in ("لل", "ولل", "فلل"))


#: the capital as a facility's seat (``بالمستشفى العسكري بالعاصمة``)
CAPITAL_SEATS = _norm_set("بالعاصمة العاصمة")


def _seated_facilities(a: Analysis) -> list[tuple[int, int]]:
    """The definite head, its nisba adjectives and nothing else, when a place follows with ب or
    في (the place is its own GPE and the seat relation reads it): a known town, the capital or
    an unknown seat (:func:`seat_type`)."""
    out = []
    for i in sorted(i for w in _SEATED_FORMS & a.positions.keys() for i in a.positions[w]):
        k = i + 1
        while a.is_word(k) and k - i <= 3 and (_nisba_adjective(a, k) or a.words[k] in FAC_MODIFIERS):
            k += 1
        if k == i + 1 or not a.is_word(k):
            continue
        w = a.words[k]
        seat = k + 1 if w == "في" else k
        if "place_out" in a.cues[seat] and PLACE_OUT.get(a.cues[seat]["place_out"][1]) == "GPE":
            seat += 1  # في مدينة الفاشر، بولاية قبلي: the town after its class word
        if (w.startswith("ب") or w == "في") and ((a.gaz[seat] is not None and a.gaz[seat].label == "GPE"
                                                  and a.starts[seat] == a.gaz[seat].start)
                                                 or a.words[seat] in CAPITAL_SEATS or (seat == k and seat_type(a, k))
                                                 or (seat > k + (w == "في") and _unknown_place_end(a, seat, True, True) > seat)):
            out.append((i, k))  # (بالمستشفى الجهوي بقبلي: an unknown seat)
    return out


#: an unknown seat's name has at least this many letters (without the ب)
SEAT_MIN = 4
#: a seat's name may be a word (قبلي "tribal", التضامن "solidarity"), but not a very frequent one
#: (بالإطلاق "at the launch")
SEAT_ZIPF = 4.5
#: a pronoun suffix or a plural ending marks a noun or a verb, not a seat's name
NOT_SEAT_ENDINGS = (*_PRONOUN_ENDINGS, "ات", "ون")
_ARABIC_LETTERS = frozenset(map(chr, [*range(0x0621, 0x063B), *range(0x0641, 0x064B)]))


def seat_type(a: Analysis, k: int) -> str | None:
    """``LOC`` or ``GPE`` when token ``k`` may be an unknown seat glued to a locative ``ب``
    (``بالعوينة``, ``بقبلي``): no known name, a form the frequency list does not know as written
    (so ب is a proclitic: not بعد, بكل), a name of Arabic letters that is no frequent word, no
    class word, given name, plural, pronoun-suffixed noun or تفعيل verbal noun (``بتغليب``), and
    no noun that a definite nisba adjective follows (``بالقطر الليبي``, ``باللجان الأمنية``). A
    definite name is a quarter or district (LOC: towns of 5,000 people or more are in the
    gazetteer), a bare one a town (GPE)."""
    stem = seat_stem(a.words[k]) if a.kinds[k] == "word" else ""
    if len(stem) < SEAT_MIN:
        return None
    w = a.words[k]
    lex = _lexicon()
    if len(stem) < SEAT_MIN or _zipf(w) or (w[0] == "و" and _zipf(w[1:])) or _zipf(stem) >= SEAT_ZIPF \
            or not _ARABIC_LETTERS.issuperset(stem) or stem in lex["not_names"] or stem in lex["first"] \
            or stem in lex["ambiguous"] or stem.endswith(NOT_SEAT_ENDINGS) or _verbal_noun(stem) \
            or a.gaz[k] is not None or a.first_names[k] is not None or _nisba_adjective(a, k + 1):
        return None  # (وبندقية is و + بندقية "a rifle"; بالقطر الليبي: a noun with its adjective)
    return "LOC" if stem.startswith("ال") else "GPE"


def _second_name_end(a: Analysis, end: int) -> int:
    """A facility's modifier closes its name, so one or two name words between its place and the
    modifier belong to it: ``مطار قابس مطماطة الدولي``, ``مطار المنستير الحبيب بورقيبة الدولي``
    (a second town or a person's name); ``end`` when no modifier follows that closely."""
    for k in (end + 1, end + 2):
        if a.is_word(k) and a.words[k] in FAC_MODIFIERS \
                and all(a.kinds[x] == "word" and a.words[x] not in FAC_MODIFIERS and not _is_function(a.words[x])
                        and a.words[x] not in TIME_WORDS and a.words[x][0] not in "وف"
                        and (a.gaz[x] is not None and not a.gaz[x].clitic or a.first_names[x] is not None
                             or not _is_common(a.words[x]))
                        for x in range(end, k)):
            return k
    return end


def seat_stem(word: str) -> str:
    """``word`` without a locative ``ب`` (or ``وب``); empty when it has none."""
    return word[2:] if word.startswith("وب") else word[1:] if word.startswith("ب") else ""


def _verbal_noun(stem: str) -> bool:
    """``تغليب``, ``التغليب``: the verbal noun of a doubled verb (تفعيل), or ``مؤازرة``,
    ``مساندة``: of a verb of mutual action (مفاعلة), no place."""
    w = stem[2:] if stem.startswith("ال") else stem
    return len(w) == 5 and w[0] == "ت" and w[3] == "ي" or len(w) == 6 and w[0] == "م" and w[2] == "ا" and w[5] == "ة"


def named_ends(a: Analysis) -> frozenset[int]:
    """Tokens right after a known organisation or facility, an organisation the cues find
    (``فرقة مكافحة الإرهاب``), a national force (``للحرس الوطني``), a body's building (``بقصر
    الحكومة``) or a facility named by its adjectives (``المستشفى المحلي``): where a seat glued to
    ``ب`` may follow (cached on the analysis)."""
    cached = a.__dict__.get("_named_ends")
    if cached is None:
        ends = {a.gaz_end(i) for i in range(a.n) if a.gaz[i] is not None and a.gaz[i].label in ("ORG", "FAC")}
        ends.update(j for _, j in _org_cue_ranges(a) + _body_facilities(a))
        for i in sorted(i for w in _NATIONAL_FORMS for i in a.positions.get(w, ())):
            if _named_by_adjective(a, i):
                ends.add(i + 2)
        for i in sorted(i for w in _SEATED_FORMS & a.positions.keys() for i in a.positions[w]):
            k = i + 1
            while a.is_word(k) and k - i <= 3 and (_nisba_adjective(a, k) or a.words[k] in FAC_MODIFIERS):
                k += 1
            ends.add(k)
        cached = a.__dict__["_named_ends"] = frozenset(ends)
    return cached


#: sports results and fixtures: the place that plays, wins or loses is its team (ORG)
SPORTS_VERBS = _norm_set("""
فاز وفاز يفوز ويفوز تغلب وتغلب يتغلب هزم وهزم يهزم تعادل وتعادل يتعادل خسر وخسر يخسر أقصى وأقصى
يلتقي ويلتقي التقى والتقى يواجه ويواجه واجه وواجه يستضيف ويستضيف استضاف واستضاف فوز بفوز خسارة وخسارة
فوزه بفوزه وفوزه لفوزه تغلبه بتغلبه خسارته بخسارته هزيمته بهزيمته
""")
SPORTS_OBJECT = _norm_set("على مع أمام ضد")
#: words that make a window of text sports reporting
SPORTS_WORDS = _norm_set("""
مباراة المباراة مباراته الدوري بطولة البطولة كأس هدف هدفين أهداف بهدف بهدفين الشوط المنتخب منتخب الفريق
ملعب النادي المونديال التصفيات نهائي النهائي لاعب اللاعب المدرب
""")
SPORTS_WINDOW = 30


#: a team's name follows these in sports reporting: ``فريق الأرسنال``, ``لاعب وسط ريال مدريد``
TEAM_WORDS = _norm_set("فريق لفريق وفريق بفريق ففريق")
#: a definite word rarer than this may be a club's name after a result verb (الأرسنال, الزمالك)
TEAM_ZIPF = 3.0


def _team_at(a: Analysis, j: int, places_only: bool = False) -> int:
    """The token after a team's name that starts at ``j`` (``j`` when none starts there): a
    known place or organisation, or -- unless ``places_only`` -- a rare definite word
    (``الأرسنال``) or up to three rare words (``أس روما``, ``شيفلد يونايتد``)."""
    if _starts_name(a, j, ("GPE", "ORG") if places_only else ("GPE", "ORG", "LOC")):
        return a.gaz_end(j)
    if places_only or not a.is_word(j) or a.gaz[j] is not None:
        return j
    w = a.words[j]
    if w.startswith("ال") and not a.hamza_alif(j):
        rare = len(w) > 4 and _zipf(w) < TEAM_ZIPF and not _is_function(w) and not _adjective_like(w[2:]) \
            and not w.endswith(("ية", "يين", "يون", "ات", "ي"))
        return j + 1 if rare else j
    k = j
    while k - j < 3 and a.is_word(k) and not any(c.isdigit() for c in a.words[k]) and a.gaz[k] is None and a.name_like(k) \
            and not (k > j and a.words[k].startswith("و")) and not a.words[k].endswith("ه"):
        k += 1
    return k


def _sports_teams(a: Analysis) -> list[tuple[int, int]]:
    """``فاز برشلونة على ليون``, ``تعادل المغرب مع تونس``: a place right after a result or fixture
    verb, or after its ``على/مع/أمام/ضد``, with a sports word within thirty words, is a team; so
    is a club's rare name there (``تغلب الأرسنال على``) and the name after ``فريق`` (cached on the
    analysis: two functions read them)."""
    cached = a.__dict__.get("_sports_teams")
    if cached is None:
        cached = a.__dict__["_sports_teams"] = _dedupe(_find_sports_teams(a))
    return cached


def _find_sports_teams(a: Analysis) -> list[tuple[int, int]]:
    sports = sorted(i for w in SPORTS_WORDS for i in a.positions.get(w, ()))

    def in_sports(i: int) -> bool:
        k = bisect.bisect_left(sports, i - SPORTS_WINDOW)
        return k < len(sports) and sports[k] <= i + SPORTS_WINDOW

    out = []
    for w in SPORTS_VERBS & a.positions.keys():
        for i in a.positions[w]:
            if not in_sports(i):
                continue
            for j in (i + 1, i + 2, i + 3):
                if not a.is_word(j):
                    break
                # a club's rare name right after the verb or its object word; a place also after
                # another word (فاز اليوم المغرب)
                role = j > i + 2 and a.words[j - 2] in SPORTS_OBJECT and a.words[j - 1].endswith("ه")
                end = _team_at(a, j, places_only=j > i + 1 and a.words[j - 1] not in SPORTS_OBJECT and not role)
                if end > j:
                    out.append((j, end))
                    if _word_at(a, end) in SPORTS_OBJECT:
                        nxt = end + 1
                        if _word_at(a, nxt).endswith("ه") and a.is_word(nxt + 1):
                            nxt += 1  # مع ضيفه تشلسي: the opponent's role, then its name
                        after = _team_at(a, nxt)
                        if after > nxt:
                            out.append((nxt, after))
                    break
                if a.words[j] not in SPORTS_OBJECT and j > i + 1 \
                        and not (a.words[j - 1] in SPORTS_OBJECT and a.words[j].endswith("ه")):
                    break  # (على مضيفه إسبانيول: the opponent's role, then its name)
    for w in TEAM_WORDS & a.positions.keys():
        for i in a.positions[w]:
            if in_sports(i):
                end = _team_at(a, i + 1)
                if end > i + 1:
                    out.append((i + 1, end))
    return out


@dataclass(frozen=True)
class SportsTeamFunction:
    """ORG for a place that plays, wins or loses in sports reporting (the guideline: a city or
    country as a team is an organisation)."""

    name: str = "cue.sports_team@2"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        return [a.span(i, j, "ORG") for i, j in _sports_teams(a) if a.gaz[i] is not None]


@dataclass(frozen=True)
class ClubNameFunction:
    """ORG for a name no list knows where sports reporting puts a team: after a result verb or
    its object word (``تغلب الأرسنال على``, ``فاز إيفرتون على ضيفه واتفورد``) or after ``فريق``
    (``لفريق تشيزينا``). Apart from :class:`SportsTeamFunction`, whose votes mostly agree with
    the place gazetteers, so that the label model learns how often these lone votes are right."""

    name: str = "cue.club_name@1"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        return [a.span(i, j, "ORG") for i, j in _sports_teams(a) if a.gaz[i] is None]


def _toponyms(a: Analysis) -> list[tuple[int, int]]:
    """``بسيدي بوزيد``, ``في بني وليد``: a toponym prefix with a locative ب or after a locative
    preposition, then one rare word that is no known name of another kind."""
    out = []
    for w in (TOPONYM_PREFIX | _TOPONYM_FORMS) & a.positions.keys():
        for i in a.positions[w]:
            j = i + 1
            if w in TOPONYM_PREFIX and not (i > 0 and a.words[i - 1] in LOCATIVE):
                continue
            if a.gaz[i] is None and a.kinds[j] == "word" and a.gaz[j] is None and a.first_names[j] \
                    and not a.first_names[j][0] and (end := a.name_end(j)) > j + 1:
                out.append((i, end))  # في سيدي علي بن عون: a saint's full name
            elif a.gaz[i] is None and a.kinds[j] == "word" and a.gaz[j] is None and not _is_common(a.words[j]) \
                    and not a.words[j].startswith(("ال", "و")) and a.words[j] not in _lexicon()["not_names"]:
                out.append((i, j + 1))  # a saint's or a tribe's name: a first name is welcome
    return out


#: what follows a dateline's place: a dash, a slash or a colon, or the agency in brackets
DATELINE_PUNCT = frozenset("-–—/:")
DATELINE_DASHES = frozenset("-–—")
#: the second half of a byline line: ``العالم - تقارير``
BYLINE_WORDS = _norm_set("تقارير متابعات وكالات خاص")
#: words that open a line before a dash but name no place (``عواصم - وكالات``: "capitals")
DATELINE_STOP = _norm_set("عواصم وكالات")


def _line_starts(a: Analysis) -> list[int]:
    return [0] + [k + 1 for k in range(a.n) if a.words[k] == "\n"]


def _dateline_name(a: Analysis, i: int) -> int:
    """The token after an unknown one- or two-word name at ``i`` (``i`` when there is none)."""
    j = i
    while j - i < 2 and j < a.n and a.kinds[j] == "word" and a.gaz[j] is None and a.name_like(j) \
            and a.first_names[j] is None and not a.words[j].startswith(("و", "ف")) \
            and not (a.words[j].endswith("ا") and _zipf(a.words[j][:-1]) > 0) and a.words[j] not in DATELINE_STOP:
        j += 1  # not a conjunction (وتساءل), an adverb (رابعاً) or a plural (عواصم - وكالات)
    return j


def _word_at(a: Analysis, k: int) -> str:
    return a.words[k] if 0 <= k < a.n else ""


@dataclass(frozen=True)
class DatelineFunction:
    """The place of a dateline at the start of a line (``مايدوغوري - أ ف ب:``, ``بغداد/``,
    ``X (رويترز) -``): GPE when the word is unknown and rare; and the outlet of a byline line
    (``العالم - تقارير``): ORG. Known names are the gazetteers' votes."""

    name: str = "cue.dateline@3"

    def __call__(self, text: str) -> list[Span]:
        a = analyse(text)
        out = []
        for i in _line_starts(a):
            if i >= a.n or a.kinds[i] != "word":
                continue
            j = i
            while j - i < 2 and j < a.n and a.kinds[j] == "word":
                j = a.gaz_end(j) if a.gaz[j] is not None else j + 1
            if _word_at(a, j) in DATELINE_DASHES and (q := _quoted(a, j + 1)):
                out.append(a.span(*q, "ORG"))  # بغداد – «الشرق الأوسط»: the outlet, not the region
                continue
            j = i
            while j - i < 2 and j < a.n and a.kinds[j] == "word":
                j += 1
            if _word_at(a, j) in ("-", "–") and _word_at(a, j + 1) in BYLINE_WORDS \
                    and _word_at(a, j + 2) in ("", "\n") and all(a.gaz[k] is None for k in range(i, j)):
                out.append(a.span(i, j, "ORG"))
                continue
            j = _dateline_name(a, i)
            if j == i:
                continue
            nxt = _word_at(a, j)
            if nxt == "(" and j + 1 < a.n and a.gaz[j + 1] is not None and a.gaz[j + 1].label == "ORG":
                nxt = _word_at(a, a.gaz_end(j + 1) + 1)  # the agency in brackets, then the dash
            if nxt in DATELINE_PUNCT and not (nxt == ":" and a.words[j - 1].endswith("ة")):
                out.append(a.span(i, j, "GPE"))  # عدسة: a photo credit, not a place
        return out


@register("cue.dateline@3")
def _dateline() -> DatelineFunction:
    return DatelineFunction()


@register("cue.title_person@8")
def _title_person() -> TitlePersonFunction:
    return TitlePersonFunction()


@register("cue.first_name@7")
def _first_name() -> FirstNamePersonFunction:
    return FirstNamePersonFunction()


@register("cue.person_repeat@8")
def _person_repeat() -> PersonRepeatFunction:
    return PersonRepeatFunction()


@register("cue.org@8")
def _org_cue() -> OrgCueFunction:
    return OrgCueFunction()


@register("cue.org_repeat@1")
def _org_repeat() -> OrgRepeatFunction:
    return OrgRepeatFunction()


@register("cue.national_body@3")
def _national_body() -> NationalBodyFunction:
    return NationalBodyFunction()


@register("cue.state_org@4")
def _state_org() -> StateOrgFunction:
    return StateOrgFunction()


@register("cue.sports_team@2")
def _sports_team() -> SportsTeamFunction:
    return SportsTeamFunction()


@register("cue.club_name@1")
def _club_name() -> ClubNameFunction:
    return ClubNameFunction()


@register("cue.place@8")
def _place_cue() -> PlaceCueFunction:
    return PlaceCueFunction()
