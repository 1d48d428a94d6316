"""Relation labelling functions: trigger words and their position around typed entity pairs.

Every function sees one sentence at a time (:class:`SentenceView`: the sentence's words and the
entity mentions in it, each mention one unit) and votes a label, or ``NONE``, for ordered pairs of
mentions, abstaining on the rest. Sentences are cut exactly as the validator cuts them
(:func:`kashif.text.sentence_ids` with the entity spans protected), and only the labels that
:func:`kashif.schema.allowed_relations` allows for the pair's types are kept.

Decisions from ANNOTATION.md that the functions implement (and where they go beyond it):

* Only asserted events: a trigger preceded in its clause by negation (``لا لم لن ليس دون``),
  intent, plan, expectation, risk, authorisation or capability words (``بهدف عزم توقع خطر قدرة
  إمكانية يمكن الضوء الأخضر`` ...) produces nothing, and ``rel.none.modality`` votes ``NONE`` on
  the pairs such a word separates.
* A ``ل`` + verbal noun of attack or use (``لضرب``, ``لاستخدامها``) is a purpose, so nothing; but
  ``لإنتاج`` / ``لتصنيع`` after a place or a means of production (``مركزا لداعش لإنتاج``,
  ``استخدمه لإنتاج``) asserts production (as seed-000's gold does).
* The head is the trigger's subject: the nearest head-typed mention before the trigger in the same
  clause (subject-verb order), else the first one right after it (verb-subject order, and the
  genitive agent of a verbal noun: ``تطوير داعش للأسلحة``). When the subject slot holds an untagged
  back-reference (``التنظيم``, ``المسلحين``) the nearest tagged antecedent in the sentence carries
  the relation, and only one introduced with a matching word (``تنظيم “داعش”``, ``مسلحو X``);
  otherwise there is none (back-references to another sentence give nothing).
* Weapons coordinated after a trigger (``السلاح الكيماوي بما في ذلك غاز الكلور وغاز الخردل``)
  all take the relation; the chain stops at a clause boundary.
* LOCATED_IN needs ``X في Y`` directly (direct links only: ``X في Y في Z`` gives X->Y, Y->Z), or
  an ORG's base, forces, cells or control there; the place of an activity is not enough.
* MEMBER_OF: roles (``رئيس مدير قائد المتحدث باسم عضو`` ...) between or before a person and an
  organisation or state; ``X أحد أعضاء Y``; ``Y الذي تقوده X`` / ``Y بقيادة [المشير] X`` -> X
  MEMBER_OF Y; a unit ``من`` its parent unit; ``X، وهي وحدة من Y``. A representative to a body
  (``مندوب روسيا لدى الأمم المتحدة``) is a member of the state that sends him, the first
  organisation or state after the role word.
* Subjects: a leader introduced by ``بقيادة`` is a modifier of the organisation before it, not
  the subject (``قوات X بقيادة Y قصفت`` -> X); a member word with a pronoun suffix (``مقاتليه``,
  ``قواتها``) points to the nearest tagged antecedent; ``W أطلقته X`` has X use W; in
  ``تتهمها X بتزويد Y`` the accused (the pronoun's antecedent), not the accuser, supplies.
* Places: ``X شمال شرقي Y``, ``X جنوبي Y``, ``X بريف Y`` (an adjectival direction or ``ريف``)
  say Y contains X; a bare ``X غرب Y`` may join two towns and gives nothing. A dash ends a
  dateline or an aside (a clause boundary); a place glued to ``في`` (``فيالبحر``) is where an
  act happened, never its target; ``صينية الصنع`` is an origin adjective, not a production.
* Dev-annotation decisions: a demonstrative back-reference (``تلك الأسلحة``) or an object pronoun
  (``وصنعتها شركة X``) takes the nearest tagged WEAPON before it; ``ألقى``/``أسقط`` are uses only
  when dropped *on* something (``أسقطت صاروخا`` is a shoot-down); PRODUCED links the filled
  munition, not its ``ب`` filling; a reporting or verification verb (``تحققت من استخدام``) makes
  its subject a reporter, not the agent; demands (``دعت ... إلى وقف``) are modality; an adjectival
  direction gives LOCATED_IN only towards a country, a LOC or a class-marked region.
* unseen-blind2 review: ``X المرتبطة بتنظيم Y`` makes Y a modifier, not the subject; a participle
  ``مستخدمين W`` after a clause takes that clause's subject; a launch date, count and carrier
  (``ليل السبت 40 طائرة مسيرة من طراز``) do not separate a use verb from its weapon; targets and
  suppliers coordinated by و share the relation; ``بتزويد جماعات، بينها X`` names X the recipient;
  ``حصل عليها من X`` makes X the supplier; ``X بإقليم Y`` / ``X بوسط Y`` is ``X في Y``.
* Round 5 (issue 10): a verb coordinated after a comma shares its clause's subject (``تخرج X في
  ...، وعمل``), past a complementizer (``أكد X أن Y هاجم ...، واستهدف``: Y) and not under a denial;
  the object of ``عن``/``مع``/``ضد`` is never a subject. ATTACKED: a claim told after the attack
  (``استهدف تفجيران Y، تبناهما X``, ``أعلن X مسؤوليته عنه``), a claimed or carried-out bombing's
  genitive (``تبنى X تفجير كنيسة Y``: a building, or a place with its class word; ``تفجير برلين``
  is where), an accused who carried it out (``اتهم Y X بتنفيذ الهجوم``), continuing an attack
  (``يواصل X الغارات``), an ambush, a clash (``قتل X في تبادل لإطلاق النار مع Y``), a victim of an
  attack a relative clause names the agent of (``أصيب/استشهد X في هجوم شنه Y``: X is no attacker),
  an active assassination past the victim's role, a relative killing verb (``X، الذي قتلته Y``), a
  shot ``باتجاه Y``, a target past his role (``استهدف القيادي في تنظيم X PER``); a condemned attack
  keeps its own agent (``أدان X الهجوم الذي شنه Y``), a foiled one did not happen (``أحبط``), a
  co-subject is no target (``شنت بريطانيا وفرنسا هجوما``). MEMBER_OF: a chain of roles before one
  person, two roles after him, but a list of people with their roles is no chain (``PER1 ورئيس X
  ... وأمين عام Y PER2``); a body after ``لدى`` is the one a representative (``سفير``, ``مندوب``) is
  sent to; a role after a verb of demand is its subject (``طالب رئيس X PER``); ``أحد عناصر X``,
  ``أحد عناصره``, ``القيادي فيه``, ``الناطق الرسمي باسمها``, ranks (``الرقيب``), ``المكلف``,
  ``اعترف X بانتمائه إلى Y``, ``تولى X رئاسة Y``, ``PER (ORG)``, ``التابعة لمنطقة ORG``; nothing is
  a member of its own name. Places: ``X الواقعة في Y``, ``في العاصمة [الفرنسية] Y``, ``منطقة X
  من/بمعتمدية Y``, ``معتمدية X ولاية Y``, ``X، من ولاية Y``, ``X، ببلدية Y``, ``X، وهي إحدى مدن
  Y``, ``عاصمة Y، X``, ``Y، أبرز معاقل X`` (the suburb before ``لبيروت``), ``الذي يتخذ من Y مقرا``,
  an outlet or a building in its town; a country is in no town or country (``الذي تقوده السعودية
  في اليمن``).

Round 5, part 2 (out-of-domain sentences, rulers, place frames, supply precision): MEMBER_OF from
a definite plural of roles with its adjectives (``من القادة التاريخيين لجبهة Y``, ``من الأعضاء
المؤسسين في Y``), a nominal sentence's indefinite description before a role (``X سياسي تونسي وأول
رئيس لـY``: only for the sentence's topic), rulers (``حكم PER Y``; ``ملك/سلطان/حاكم Y PER``), the
commander of a unit (``آمر ORG PER``, spelt like ``أمر`` once normalised: only the person after the
body, never before a ``ب``/``ل`` of an order); a person after a role whom a preposition or ``ل`` +
title governs holds no role (``أهدتها للزعيم الراحل PER``). LOCATED_IN from a direction in
apposition (``بلدة X، جنوبي Y``), a seated body ``بمدينة Y``, ``في/بقلب Y``, a government in its
country (``حكومة الوفاق في ليبيا``), a fronted region frame (``وفي محافظة X، ... بلدة Y``, up to
the next frame or clause break), a place's nominal predicate (``نوى بلدة سورية في ريف Y``). ATTACKED:
a siege of a town (``حاصر X مدينة Y``, not a penalty area). SUPPLIED needs a weapon or materiel
in the sentence (people, bodies or buses handed over are no supply), ``باع`` is anchored
(``باعلان``, ``باعدام``), and ``تسلم`` is received (``RECEIVE_RX``), not supplied.

Round 6 (issue 10, relations): LOCATED_IN for a ministry, agency, centre, school, society or
directorate in the place right after it (``وزارة الأمن القومي في كوريا الشمالية``, ``لوكالة
الأنباء الرسمية في Y``), a list after ``وهي`` in a region (``دول بمنطقة Y وهي A وB``; never after
``إلى``, and a country is in no country), ``قضاء``/``مقاطعة``/``جزيرة``/``جهة`` as place classes,
a quoted district (``من معتمدية "Y"``), occupation with a direct object (``احتلت X Y``), a seat
taken verb first (``اتخذت X من مدينة Y مقرا``), stationing past a comma aside (``تمركزت X،
التابعة لـZ، في Y``), and a feminine participle that agrees past a masculine-named place
(``منطقة X المتاخمة لجبل W التابعة لمعتمدية Y``: X in Y). MEMBER_OF for sub-bodies (``كلية X
بجامعة Y``, ``فرقة X بمنطقة الحرس الوطني``), ``التابعة`` past a seat, a comma or a quote, a chain
of roles in apposition (``قائد X، قائد Y في Z، نائب الأميرال PER``), envoys (``المبعوث الخاص
لـX إلى Y PER``), ``X، البلد العضو في Y``, charges of belonging (``متهمين بالانتماء إلى Y،
PER``), coming to power in a state (``وصول PER إلى سدة الحكم في Y``), a post as the predicate
of a verb of being, appointing or working (``عين X أستاذا في كلية Y``, ``واليا على Y``; a post
coordinated with the one before; the verb after ``X من أصول مغربية،``), a wing
named after its body or in apposition (``الجناح العسكري لحركة Y "X"``), a leader introduced by
his office (``بقيادة وزير الحربية PER``), a person's years in brackets before his description.
ATTACKED: ``قد`` before a past verb of a ن root asserts (``قد نفذ``), a subject before a bracket
after its name (``X (27 عاما) نفذ``), a siege past the besieger's leader, killings by members of
a group somewhere (``اغتيل X في Y على يد ثلاثة من أعضاء Z``), untagged soldiers of a body killed
or wounded by a group (``قتل ثلاثة جنود من الجيش X في هجوم شنه مسلحون من Y``: Y attacked X),
battles waged against (``خاض X
معارك ضد Y``; not an election battle), responsibility of a named group or back-reference
(``مسؤولية التنظيم عن الهجومين اللذين استهدفا Y``). Precision: two names of one thing hold no
relation (every vote on an alias pair is dropped in :func:`relation_votes`), a control holds its
town, not the town's region (``سيطر X على بلدة Y بريف Z``: X -> Y only), a role over an
untagged body is not of the town after it (``مدير أمن Y``, ``رئيس بلدية Y``; offices of state
pass: ``وزير خارجية Y``), a consul's or correspondent's seat is not his state's or outlet's
(``قنصل تونس بمونريال``, ``مراسل إذاعة X بY``), a negated membership past the copula (``لم يكن X
عضوا``), a denied charge, and a sharp attack (``هجوما حادا``) is one in words.

Round 6, second phase (chosen by frequency in ANT articles outside every dev set): a body's seat
after its class word (``وحدات الحرس الوطني بولاية Y``, ``بجهة "Y"``; not after ``مع``, an owner's
``التابعة لـ``, a deputy's ``عن``, nor for an army's forces) or on a ``ب``-name the labeller does
not know as a clitic after a security body (``فرقة الحرس الوطني برمادة``, ``بحي X``); a place of
any kind, quoted or not, before its governorate in brackets (``منطقة X (ولاية Y)``); ``التابعة``
past a comma, and loosely agreeing when no feminine place is in sight (``بحي X التابعة لمنطقة Y``);
an attack on a facility named after a place (``الهجوم على المتحف Y``) does not target the place;
``وكان من مؤسسي Y`` takes the verb's subject.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from kashif.schema import allowed_relations
from kashif.text import TOKEN_RE, is_word_char, normalize_letters, sentence_ids
from kashif.text import token_kind as _token_kind
from kashif.weak.resources import cldr_territories, variants
from kashif.weak.structure import (
    GOVERNING_RX,
    QUOTES,
    THERE,
    aliases,
    antecedent,
    coordination,
    governed,
    partitive_members,
    place_reference,
    spread,
)

NONE = "NONE"
PairVote = dict[tuple[int, int], str]


# --------------------------------------------------------------------------------------------
# The sentence as the functions see it


class Unit(NamedTuple):
    """A word or punctuation token, or one whole entity mention (``mention`` >= 0). (A tuple:
    a corpus makes millions.)"""

    start: int
    end: int
    norm: str
    mention: int = -1
    kind: str = "word"


@dataclass
class SentenceView:
    """One sentence: its units in text order and its mentions (``types``/``norms`` are indexed by
    the document-wide entity index)."""

    start: int
    end: int
    units: list[Unit]
    types: dict[int, str]
    norms: dict[int, str]
    surfaces: dict[int, str]
    pos: dict[int, int] = field(default_factory=dict)  # mention index -> unit index
    #: mention index -> the normalised letters glued before it in its token (``في`` of ``فيالبحر``)
    glued: dict[int, str] = field(default_factory=dict)

    _found: dict = field(default_factory=dict)  # trigger pattern -> the units it matches

    def __post_init__(self) -> None:
        self.pos = {u.mention: i for i, u in enumerate(self.units) if u.mention >= 0}

    def matching(self, rx: re.Pattern[str]) -> list[int]:
        """The word units (not mentions) that the trigger pattern ``rx`` matches: every trigger
        pattern is tried once per distinct word (cached), in one pass over the sentence."""
        if not self._found:
            found: dict = {None: []}
            for i, u in enumerate(self.units):
                if u.kind == "word" and u.mention < 0:
                    for hit in _trigger_hits(u.norm):
                        found.setdefault(hit, []).append(i)
            self._found = found
        if rx in _TRIGGER_PATTERNS:
            return self._found.get(rx, [])
        return [i for i, u in enumerate(self.units) if u.kind == "word" and u.mention < 0 and rx.match(u.norm)]

    def mention_at(self, i: int) -> int:
        return self.units[i].mention if 0 <= i < len(self.units) else -1

    def type_at(self, i: int) -> str | None:
        m = self.mention_at(i)
        return self.types[m] if m >= 0 else None

    def word(self, i: int) -> str:
        return self.units[i].norm if 0 <= i < len(self.units) and self.units[i].mention < 0 else ""


def build_sentence(text: str, start: int, end: int, mentions: Sequence[tuple[int, int, int, str, str]]) -> SentenceView:
    """``mentions``: ``(index, start, end, type, norm)`` of the entities inside ``[start, end)``;
    every mention becomes one unit, whatever the number of tokens it covers (a glued token with
    two mentions gives two units)."""
    ms = sorted(mentions, key=lambda m: m[1])
    units: list[Unit] = []
    glued: dict[int, str] = {}
    k = 0
    for m in TOKEN_RE.finditer(text, start, end):
        form = _token_form(m.group())
        if form is None:
            continue
        s, e = m.start(), m.end()
        if units and units[-1].mention >= 0 and s < units[-1].end:
            continue  # a token inside the mention just emitted
        if k < len(ms) and ms[k][1] < e:
            while k < len(ms) and ms[k][1] < e:
                idx, m_start, m_end, _, norm = ms[k]
                if m_start > s:
                    glued[idx] = normalize_letters(text[s:m_start])
                units.append(Unit(m_start, m_end, norm, idx, "mention"))
                k += 1
            continue
        units.append(Unit(s, e, form[1], -1, form[0]))
    return SentenceView(start, end, units, {m[0]: m[3] for m in ms}, {m[0]: m[4] for m in ms},
                        {m[0]: text[m[1]:m[2]] for m in ms}, glued=glued)


@lru_cache(maxsize=200_000)
def _token_form(tok: str) -> tuple[str, str] | None:
    """``(kind, normalised form)`` of a token exactly as :func:`kashif.text.tokenize` classifies
    it, or ``None`` for the format characters it skips; cached, since words repeat."""
    if tok[0] == "[" and len(tok) > 1:
        return "marker", normalize_letters(tok)
    if is_word_char(tok[0]):
        return _token_kind(tok), normalize_letters(tok)
    if unicodedata.category(tok)[0] != "C":
        return "punct", tok
    return None


# --------------------------------------------------------------------------------------------
# Word classes (on normalised words: أ إ آ -> ا, ى -> ي, no diacritics)

_CLITIC = r"^(?:[وف]?(?:[بلك]|لل)?)"


def _rx(*stems: str) -> re.Pattern[str]:
    """Words starting (after proclitics and the article) with one of ``stems``."""
    return re.compile(_CLITIC + "(?:ال)?(?:" + "|".join(stems) + ")")


USED_RX = _rx("استخدم", "[يتن]ستخدم", "استخدام", "استعمل", "[يتن]ستعمل", "استعمال",
              "اختبر", "[يتن]ختبر", "اطلق", "[يتن]طلق", "اطلاق",
              # dropping a munition is using it (مروحية ... ألقت اسطوانة الكلور); only the past
              # forms and the verbal noun: يلقي/تلقي also "receive", يسقط/تسقط also "fall"
              r"الق(?:ي|ت|وا|ته|تها|اه|اها)$", "القاء", "اسقط", "اسقاط")
ATTACK_RX = _rx("هاجم", "[يتن]هاجم", "هجوم", "هجما", "هجمات", "استهدف", "[يتن]ستهدف", "استهداف",
                "قصف", "[يتن]قصف", "اعتدا", "اعتدي", "[يتن]عتدي", "غار[ةه]", "غارات", "ضرب", "[يتن]ضرب",
                "اقتحم", "[يتن]قتحم", "اقتحام", "شن", "[يتن]شن", r"اغار(?:ت|وا)?$", "حاصر", "[يتن]حاصر")
PRODUCE_RX = _rx("صنع", "[يتن]صنع", "تصنيع", "صناع[ةه]", "مصنع", "مصنوع", "انتج", "[يتن]نتج", "انتاج",
                 "تعبئ", "عبا", "[يتن]عبئ", "تطوير", "طور", "[يتن]طور")
SUPPLY_RX = re.compile(_CLITIC + r"(?:ال)?(?:زود|[يتن]زود|تزويد|امداد|تسليم|توريد|تسليح|سلح|[يت]سلح"
                       r"|ي?سلم(?:ت|وا|ها|هم|ه|تها|تهم)?$|بيع(?:ه|ها|هم)?$|باع(?:ت|وا)?$|[يت]بيع(?:ون)?$)")
# (anchored: باعلان, باعضاء, باعدام begin like باع; تسلم is "received", read by RECEIVE_RX)
#: weapons, materiel or means changing hands (ANNOTATION: SUPPLIED needs them, not a body or a person)
MATERIEL_RX = re.compile(r"^[وفبل]?(?:ال)?(?:اسلح|سلاح|ذخائر|ذخير|صواريخ|صاروخ|قذائف|قنابل|عتاد|معدات|مدرعات|دبابات|"
                         r"طائر|مروحي|مقاتلات|متفجرات|بنادق|اعتد|تجهيزات|شحن)")
SIEGE_RX = re.compile(r"^[وف]?[يتن]?حاصر")
#: attack nouns (not verbs): their target needs على / ضد
ATTACK_NOUN_RX = re.compile(_CLITIC + r"(?:ال)?(?:هجوم|هجما|هجمات|ضربات|ضرب[ةه]|غار[ةه]|غارات|اعتداء|اعتداءات|"
                            r"استهداف|اقتحام)|^[وف]?(?:بال|لل|ال)قصف$")
#: the verbal nouns after which a ل marks purpose rather than an act
PURPOSE_NOUNS = _rx("ضرب", "استخدام", "استعمال", "قصف", "استهداف", "هجوم", "مهاجم", "اقتحام", "تزويد",
                    "امداد", "تسليم")
#: ل + a verbal noun right before a trigger: the act is the purpose of something else
PURPOSE_LEAD_RX = re.compile(r"^[وف]?ل(?:تنفيذ|شن|اثار|ارتكاب|اجراء|القيام|تجهيز|استدراج|تبرير|محاول|ضمان|منع|توجيه)")
ACCUSE_RX = _rx("اتهام", "اتهامات", "اتهم", "[يتن]تهم", "متهم")
PASSIVE_RX = re.compile(r"^[وف]?(?:تم|يتم|سيتم|جري|يجري)$")

def _words(text: str) -> frozenset[str]:
    """A word set in the normalised form the units carry (أ إ آ -> ا, ى -> ي)."""
    return frozenset(normalize_letters(w) for w in text.split())


NEGATION = _words("لا لم لن ليس ليست ليسوا لما دون بدون عدم بعدم نفي ينفي نفت نفى ينفون ولم فلم ولن فلن وليس وليست "
                  "ونفي ونفت وينفي تنفي وتنفي")  # (normalised: ى -> ي)
#: the verbs of denial among them (a verb of its own: what it denies is its object)
DENIAL = frozenset(w for w in NEGATION if re.match(r"^و?[يت]?نف", w))
#: intent, plan, expectation, risk, capability, authorisation: stems that take suffixes ...
MODALITY_RX = re.compile(
    r"^[وف]?[بل]?(?:ال)?(?:يتوقع|نتوقع|تتوقع|متوقع|مرجح|احتمال|محتمل|مخاطر|تهديد|يهدد|تهدد|امكان|قدرات|قادر|"
    r"تقنيات|محاول|يحاول|تحاول|مخطط|يخطط|تخطط|يعتزم|تعتزم|اعتزام|يهدف|تهدف|يسعي|تسعي|يمكن|ممكن|يتيح|تتيح|"
    r"يسمح|تسمح|ينوي|تنوي|يشتبه|سيناريو|احبط|[يت]حبط|احباط|افشل|[يت]فشل|افشال)")  # a foiled attack did not happen
#: demands and calls (دعت ... إلى وقف بيع الأسلحة): what is demanded has not happened (but the one
#: who demands is who he is: طالب رئيس X ...)
DEMAND_WORDS = frozenset(
    "دعا دعت دعوا يدعو تدعو ندعو داعيا داعية طالب طالبت طالبوا يطالب تطالب حث حثت يحث تحث ناشد ناشدت "
    "وقف ايقاف الكف".split())
#: ... and short words, matched whole (with an attached conjunction or preposition)
MODALITY_WORDS = frozenset(
    "توقع توقعت توقعوا توقعات هدف الهدف هدفه هدفها بهدف لهدف عزم عزمه عزمها نية بنية النية نيه خطة الخطة خطط "
    "حاول حاولت حاولوا سعي السعي ربما قد كي لكي اجل هل اذا سوف خطر خطرا الخطر بخطر قدرة القدرة بالقدرة قدرته "
    "قدرتها الاخضر سمح سمحت اذن".split()) | DEMAND_WORDS


def _is_modal(w: str) -> bool:
    if MODALITY_RX.match(w):
        return True
    return w in MODALITY_WORDS or (len(w) > 2 and w[0] in "وفبل" and w[1:] in MODALITY_WORDS)


CLAUSE_BREAK_WORDS = _words("لكن ولكن لكنه لكنها بل بينما فيما حيث كما ثم الا")
CLAUSE_PUNCT = frozenset("،,;؛:()[]-–—")  # dashes: a dateline or an aside
RELATIVE = _words("الذي التي الذين اللذين اللتين اللاتي والذي والتي والذين")
PREPOSITIONS = _words("في من الى على عن حول لدى عند داخل قرب نحو مع عبر بين منذ خلال وفي ومن والى وعلى "
                         "باتجاه تجاه ضمن بالقرب")
#: words that introduce an ORG's members or fighters before its name ("مقاتلو داعش")
MEMBERS_OF = re.compile(r"^[وف]?(?:ال)?(?:مقاتل|مسلح|ارهابي|عناصر|عنصر|اعضاء|متزعم|قاد[ةه]|جنود|مرتزق"
                        r"|تنظيم|منظم[ةه]|جماع[ةه]|حرك[ةه]|قوات|جيش|خلايا|فصيل|فصائل|مي?ليشي|كتائب|كتيب[ةه]|وحدات)")
#: a force's platforms before it: ``قصفت طائرات التحالف الدولي``, ``مدفعية الجيش`` (its acts count)
PLATFORMS_RX = re.compile(r"^[وف]?(?:ال)?(?:طائرات|طائر[ةه]|مقاتلات|طيران|مروحيات|مدفعي[ةه]|بوارج|سفن|دبابات|قاذفات|"
                          r"زوارق|مسيرات|راجمات)$")
#: untagged back-references in a subject slot, with the introducing words they point to
BACKREF = {
    "التنظيم": ("تنظيم",), "الجماعة": ("جماعة", "جماعه"), "الحركة": ("حركة", "حركه"),
    "المنظمة": ("منظمة", "منظمه"), "الجيش": ("جيش",), "القوات": ("قوات",),
    "المسلحون": ("مسلح",), "المسلحين": ("مسلح",), "المقاتلون": ("مقاتل",), "المقاتلين": ("مقاتل",),
    "الارهابيون": ("ارهابي",), "الارهابيين": ("ارهابي",), "المتشددون": ("متشدد",), "المتشددين": ("متشدد",),
}
#: the same with an attached conjunction (والتنظيم)
_BACKREF_PLAIN = {p + k: v for k, v in BACKREF.items() for p in ("", "و", "ف")}
#: evaluative words, particles and auxiliaries that may stand between a subject and its verb
SUBJECT_FILLER_RX = re.compile(
    r"^(?:[وف]?(?:ال)?(?:ارهابي|ارهابيه|ارهابية|تكفيري|متطرف|مسلح|قد|لقد|كان|كانت|يكون|قام|يقوم|تقوم|قامت|"
    r"يقومون|نفذ|ينفذ|تنفذ|اجر|مرار|فعلا|ايضا|بالفعل|نفسه|بدوره|اخيرا|مؤخرا|سابقا|نحو|حوالي|اكثر|عشرات|"
    r"مئات|عد[ةه]|بشن|شن|ب|ل)|[0-9]+|“|”|\"|«|»|'|‘|’|-)$")
ROLE_RX = re.compile(
    r"^[وف]?(?:ال)?(?:رئيس|مدير|قائد|زعيم|امير(?!ك)|عضو|اعضاء|متحدث|المتحدث|ناطق|مندوب|مبعوث|سفير|ممثل|مستشار|نائب|وزير|"
    r"محلل|باحث|مسؤول|قيادي|ضابط|مؤسس|امين|رئيس[ةه]|مدير[ةه]|متحدث[ةه]|ناطق[ةه]|مندوب[ةه]|ممثل[ةه]|"
    r"منسق|مراسل|محرر|خبير|عميد|لواء|عقيد|جنرال|كولونيل|العقيد|مقاتل|عنصر|منتسب|كاتب|وكيل$|مساعد$|مكلف$|"
    r"متشدد$|متطرف$|رقيب$|نقيب$|رائد$|مقدم$|ملازم$|عريف$|ملك$|ملك[ةه]$|سلطان$|حاكم$)")  # (المتشدد البارز في تنظيم X PER: a member described)
#: ranks and titles before a leader's name
TITLE_RX = re.compile(r"^(?:ال)?(?:مشير|جنرال|لواء|عقيد|عميد|رئيس|زعيم|شيخ|امير(?!ك)|قائد|سيد|دكتور|ملك|كولونيل|فريق|اول$|"
                      r"رقيب$|نقيب$|رائد$|مقدم$|ملازم$|عريف$)")
DIRECTION = _words("شمال جنوب شرق غرب وسط شمالي جنوبي شرقي غربي شمالا جنوبا شرقا غربا ريف")
CLASS_WORDS = _words("تنظيم منظمة حركة صحيفة وكالة حلف قوات طيران مركز مدينة بلدة قرية محافظة منطقة ريف "
                        "حزب قناة مكتب حي جبل جبال مطار سجن شارع ولاية دولة جمهورية مملكة امارة عاصمة اقليم "
                        "مقاطعة قضاء جزيرة")
#: the class words with the article, as after ``لل`` (``التابع للحركة السنوسية``)
CLASS_WORDS_DEFINITE = frozenset("ال" + w for w in CLASS_WORDS)
UNIT_RX = re.compile(r"^(?:ال)?(?:لواء|فيلق|فرق[ةه]|كتيب[ةه]|سري[ةه]|وحد[ةه]|جناح|فرع|قسم|فوج|كتائب|سرايا)")
FORCES_RX = re.compile(r"^(?:[وفبل]?ال|لل)?(?:قوات|جيش|وحدات|شرط[ةه]|حرس|مي?ليشي|اسطول)")
PRESENCE_RX = re.compile(r"^[وف]?(?:ال)?(?:خلايا|خلي[ةه]|قوات|مواقع|موقع|مقاتل|عناصر|وحدات|معاقل|معقل|"
                         r"تواجد|وجود|انتشار|مقر|مقرات|قواعد|قاعد[ةه]|فرع|مكتب|تمركز|متمركز|ينتشر|تنتشر|مبني|مباني)")
#: taking a place as one's seat: ``يتخذ من Y مقرا``
TAKE_SEAT_RX = re.compile(r"^[وف]?(?:اتخذ|[يت]تخذ)(?:ت|وا)?$")
BASE_RX = re.compile(r"^[وف]?(?:ال)?(?:مقر|مقره|مقرها|مقرهم|ومقره|ومقرها|مركزه|مركزها)$")
#: bodies bound to a building, seated where they stand: ``معهد ناصر الطبي في القاهرة``
SEATED_RX = re.compile(r"^(?:[وفبل]?(?:ال)?|لل)(?:معهد|جامع[ةه]|مستشفي|مستشفى|كلي[ةه]|اكاديمي[ةه]|سفار[ةه]|قنصلي[ةه]|"
                       r"محكم[ةه]|بنك|مصرف|متحف|غرف[ةه] عمليات|"
                       # a state's ministry, agency or office, a school, centre or society: seated in the
                       # country or town named right after them (``وزارة الأمن القومي في كوريا الشمالية``)
                       r"وزار[ةه]|وكال[ةه]|مركز|مدرس[ةه]|ديوان|جمعي[ةه]|مديري[ةه])")
#: a government named by its construct (``حكومة الوفاق``; not ``الحكومة الفرنسية``, which may act abroad)
GOVERNMENT_RX = re.compile(r"^[وفبل]?حكوم[ةه] ")
CONTROL_RX = re.compile(r"^[وف]?(?:ال)?(?:سيطر|[يت]سيطر|سيطر[ةه]|استولي|استولت|احتل|[يت]حتل)")
LEAD_VERB_RX = re.compile(r"^(?:تقود|يقود|تتزعم|يتزعم)(?:ه|ها|هم)?$|^ب(?:قياد|زعام|رئاس)[ةه]$")
MEMBER_WORD_RX = re.compile(r"^[وف]?(?:ال)?(?:عضو|اعضاء|عضوا|احد|احدي|دول|الدول)")
AFFILIATED_RX = re.compile(r"^(?:ال)?تابع[ةه]?$")
TARGET_PREPS = _words("على ضد الى ل وعلى وضد")
FILLER_TARGET_RX = re.compile(r"^[وف]?(?:ال|لل)?(?:مواقع|موقع|مقر|مقرات|خلايا|تجمعات|معاقل|اهداف|ارتال|عناصر|حاجز|"
                              r"مقاتلي|قوات|نقاط|ثكن|مراكز|دوريات|وحدات)")
ORIGIN_RX = re.compile(r"^(?:انتجت|انتج|صنعت|صنع|مصنع[ةه]?|مصنوع[ةه]?|منتج[ةه]?|تصنيع|انتاج)$")

FILLED_RX = re.compile(r"^(?:ال)?(?:محشو|مملوء|معبا|معبئ|مزود|محمل)")
#: dropping: a use when something is dropped on a place, a shoot-down otherwise
DROP_RX = re.compile(r"^[وف]?(?:اسقط|الق(?:ي|ت|وا|ته|تها|اه|اها)$|القاء)")
#: a demonstrative + an untagged weapon word (``تلك الأسلحة``): a back-reference to a weapon
DEMONSTRATIVES = _words("هذه هذا تلك ذلك هاتين هذين هؤلاء")
WEAPON_BACKREF_RX = re.compile(r"^(?:ال)(?:اسلح|سلاح|ذخائر|ذخير|قذائف|قنابل|صواريخ|مواد|عوامل|غاز|متفجرات)")
#: a verb (not a verbal noun) of use or production with an object pronoun: ``وصنعتها شركة X``
OBJECT_VERB_RX = re.compile(r"^[وف]?(?:استخدم|[يت]ستخدم|استعمل|[يت]ستعمل|اطلق|[يت]طلق|القا|القي|اسقط|صنع|[يت]صنع|"
                            r"انتج|[يت]نتج|طور|[يت]طور)(?:ت|وا|ن)?(?:ه|ها|هم)$")
#: verbs of reporting, verification and documentation: their subject reports an act, it is not
#: its agent (``قالت منظمة العفو إنها تحققت من استخدام قنابل``)
VERIFY_RX = re.compile(r"^[وف]?(?:قال|اكد|تحقق|وثق|رصد|اثبت|كشف|ذكر|افاد|اعلن|اوضح|اضاف|لاحظ|شهد|نقل|اورد)"
                       r"(?:ت|وا)?$")
#: "fell on / hit": a fired weapon's impact names the target (``قذائف أطلقتها X سقطت على Y``)
IMPACT_RX = re.compile(r"^[وف]?(?:سقط|سقطت|سقطوا|تسقط|يسقط|اصاب|اصابت|انفجر|انفجرت)$")
#: a participle of deployment after a member word: ``قواته المنتشرة في``
DEPLOYED_RX = re.compile(r"^(?:ال)?(?:منتشر|متمركز|موجود|متواجد|مرابط)")
#: ``X بشبكة ... في Y``: an organisation's network, cells or bases held in a place
HOLD_RX = re.compile(r"^ب(?:شبك|خلايا|خلي|قواعد|قاعد|وجود|مقر|مواقع|معاقل|نفوذ|عناصر|مقاتلين|فروع)")
#: ``X، عاصمة ولاية Y``, ``X، ثانية كبرى مدن Y``: an appositive that puts a town in a larger place
CITY_OF = _words("عاصمة عاصمه كبري اكبر مدن مدينة ثاني ثانية ثالث ثالثة احدي احد مركز كبريات")
#: ``..., بينها X وY``: the members of an umbrella group listed after it
INCLUDING = _words("بينها منها ومنها تضم وتضم يضم ويضم")
UMBRELLA_RX = re.compile(r"^[وف]?(?:ال|ل)?(?:مظل|تحالف|ائتلاف|فصائل|جماعات|غرف|جبه|تجمع|اتحاد)")
#: words that make an attack noun the main clause's act: ``خلال ثلاث غارات على``
DURING = _words("خلال اثناء وخلال واثناء")
#: ``X المرتبطة بتنظيم Y فعل``: Y is a modifier of X, not the subject of the verb
AFFILIATION_RX = re.compile(r"^(?:ال)?(?:مرتبط|تابع|موال|مدعوم|مقرب|متحالف|منشق)")
#: ``هاجموا ...، مستخدمين W``: a participle of use continues the act of the clause before it
USED_PARTICIPLE_RX = re.compile(r"^[وف]?مستخدم(?:ا|ين|ة|ون|تين|ات)?$")
#: receiving weapons: ``حصل عليها من X`` (X supplied the subject)
RECEIVE_RX = re.compile(r"^[وف]?(?:حصل|[يت]حصل|تسلم|[يت]تسلم|استلم|[يت]ستلم)(?:ت|وا|ن)?$")
RECEIVE_OBJECT_RX = re.compile(r"^(?:علي(?:ها|ه|هم)|[وفب]?(?:ال)?(?:طائر|مسير|اسلح|سلاح|ذخ|صواريخ|قذائف|قنابل|عتاد|معدات|شحن|دبابات|مدرعات))")
#: a list of places introduced after ``في Y،``: ``مناطق في حلب، هي حي X وحي Y``
LIST_INTRO = _words("هي وهي هما وهما منها ومنها بينها")


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Normalised names of countries (CLDR), with the ``-يا``/``-ية`` spelling alternation."""
    out: set[str] = set()
    for surface, typ, _ in cldr_territories():
        if typ != "GPE":
            continue
        for v in variants(surface):
            v = normalize_letters(v)
            out.add(v)
            if v.endswith("يا"):
                out.add(v[:-1] + "ة")
            elif v.endswith(("ية", "يه")):
                out.add(v[:-1] + "ا")
    return frozenset(out)


@lru_cache(maxsize=200_000)
def _trigger_hits(word: str) -> tuple[re.Pattern[str], ...]:
    return tuple(rx for rx in _TRIGGER_PATTERNS if rx.match(word))


def _is_break(sv: SentenceView, i: int) -> bool:
    u = sv.units[i]
    if u.mention >= 0:
        return False
    return u.norm in CLAUSE_PUNCT or u.norm in CLAUSE_BREAK_WORDS


def _blocked(sv: SentenceView, t: int, *, purpose_ok: bool = False) -> bool:
    """The trigger at unit ``t`` is not asserted: a negation or modality word earlier in its
    clause, a purpose ``ل`` on its own verbal noun (``لاستخدامها``) or a purpose lead right before
    it (``لتنفيذ هجوم``)."""
    w = sv.word(t)
    if not purpose_ok and w.startswith("ل") and PURPOSE_NOUNS.match(w):
        return True
    if w in ("الصنع", "الصنعة", "الصنعه") and sv.word(t - 1).endswith(("ية", "يه", "ي")):
        return True  # صينية الصنع, "Chinese-made": an origin adjective, not an act of the clause
    if DROP_RX.match(w) and not any(sv.word(k) in ("علي", "فوق") for k in range(t + 1, min(len(sv.units), t + 9))):
        return True  # أسقطت صاروخا: a shoot-down; a munition is dropped *on* something
    if PURPOSE_LEAD_RX.match(sv.word(t - 1)) or (sv.units[t - 1].kind == "punct" and PURPOSE_LEAD_RX.match(sv.word(t - 2))):
        return True  # لتنفيذ هجوم, لإثارة ضربات: the act is a purpose
    steps = 0
    i = t - 1
    while i >= 0 and steps < 8:
        if _is_break(sv, i):
            break
        w = sv.word(i)
        if w:
            if steps < 5 and w in NEGATION:
                return True
            if _is_modal(w) and not (w == "قد" and _next_is_past(sv, i)):
                return True
        steps += 1
        i -= 1
    return False


def _next_is_past(sv: SentenceView, i: int) -> bool:
    """``قد`` + past tense asserts (``قد تم``, ``قد استخدم``); ``قد`` + present is "may"."""
    nxt = sv.word(i + 1)
    # (a past تفعّل verb starts with ت too: قد تبنت، قد تمكنوا -- its suffix tells; a past verb of a
    # root that starts with ن has three letters or a past suffix: قد نفذ، قد نشرت)
    return bool(nxt) and (nxt == "تم" or not nxt.startswith(("ي", "ت", "ن"))
                          or nxt.startswith("ت") and nxt.endswith(("ت", "وا")) and len(nxt) > 3
                          or nxt.startswith("ن") and (len(nxt) == 3 or nxt.endswith(("ت", "وا")) and len(nxt) > 3))


def _after_preposition(sv: SentenceView, i: int) -> bool:
    """The mention at unit ``i`` is the object of a preposition (a place, not an actor)."""
    prev = sv.word(i - 1)
    if prev in PREPOSITIONS or (prev[:1] in ("و", "ف") and prev[1:] in PREPOSITIONS):
        return True
    if prev in CLASS_WORDS or prev in DIRECTION:  # في مدينة X, في شمال X
        return sv.word(i - 2) in PREPOSITIONS or sv.word(i - 2).startswith("ب")
    if prev[:1] in ("ب", "ل") and prev[1:] in CLASS_WORDS:  # بمدينة X، المدخل الجنوبي لمدينة X
        return True
    surface = normalize_letters(sv.surfaces[sv.mention_at(i)])
    norm = sv.norms[sv.mention_at(i)]
    return len(surface) > len(norm) and surface.startswith(("ب", "وب", "في"))


def _in_place(sv: SentenceView, i: int) -> bool:
    """The mention at unit ``i`` is the object of a preposition of place: ``في [مدينة] Y``,
    ``بمنطقة Y``, ``بY`` (not ``إلى Y``, ``من Y``: a direction or a source holds nothing)."""
    prev = sv.word(i - 1)
    if prev in ("في", "وفي", "داخل"):
        return True
    if prev in CLASS_WORDS or prev in DIRECTION:
        return sv.word(i - 2) in ("في", "وفي", "داخل") or sv.word(i - 2)[:1] == "ب"
    if prev[:1] == "ب" and prev[1:] in CLASS_WORDS:
        return True
    return _clitic(sv, sv.mention_at(i), "ب") or normalize_letters(sv.surfaces[sv.mention_at(i)]).startswith("وب")


_PRONOUN_SUFFIXES = ("ه", "ها", "هم")
#: words that introduce an organisation's leader after it (X بقيادة Y)
LED_BY = _words("بقيادة بزعامة وبقيادة برئاسة وبرئاسة")


def _led_by(sv: SentenceView, i: int) -> int:
    """The unit of ``بقيادة`` when the mention at unit ``i`` is the leader it introduces
    (``بقيادة [المشير] Y``, at most two title words between), else 0."""
    for k in range(i - 1, max(0, i - 4), -1):
        if sv.word(k) in LED_BY:
            return k
        if not sv.word(k) or sv.units[k].kind != "word":
            return 0
    return 0


def _past_leader(sv: SentenceView, k: int) -> int:
    """The unit after ``بقيادة [title] PER`` starting at ``k`` (the leader modifies the name before
    it: ``حاصر الجيش X بقيادة Y مدينة Z``), or ``k``."""
    if sv.word(k) not in LED_BY:
        return k
    for j in range(k + 1, min(len(sv.units), k + 4)):
        if sv.type_at(j) == "PER":
            return j + 1
        if not sv.word(j) or sv.units[j].kind != "word":
            break
    return k


def _affiliated_to(sv: SentenceView, i: int) -> int:
    """The unit of the affiliation adjective (``المرتبطة``, ``التابعة``, ``الموالية``) when the
    mention at unit ``i`` is what it ties the previous name to (``المرتبطة بتنظيم Y``), else 0."""
    k = i - 1
    if sv.word(k) in CLASS_WORDS:
        k -= 1
    w = sv.word(k)
    if w[:1] in ("ب", "ل") and w[1:] in CLASS_WORDS:  # بتنظيم Y
        k -= 1
    elif not normalize_letters(sv.surfaces[sv.mention_at(i)]).startswith(("ب", "ل")) and w not in ("من", "مع"):
        return 0
    elif w in ("من", "مع"):
        k -= 1
    if k <= 0 or not AFFILIATION_RX.match(sv.word(k)):
        return 0
    j = k - 1
    while sv.units[j].kind == "punct" and sv.units[j].mention < 0 and j > 0:
        j -= 1  # “داعش” المرتبط: past the closing quote
    # only a tagged name before the adjective is the subject (مروحية تابعة لسلاح الجو: the
    # untagged helicopter leaves the relation to the affiliated name)
    return k if sv.mention_at(j) >= 0 else 0


def _nearest_before(sv: SentenceView, i: int, head_types: frozenset[str]) -> int:
    """The nearest mention before unit ``i`` of a head type, not the object of a preposition; -1."""
    for j in range(i - 1, -1, -1):
        m = sv.mention_at(j)
        if m >= 0 and sv.types[m] in head_types and not _after_preposition(sv, j) and not _led_by(sv, j):
            return m
    return -1


def _antecedent(sv: SentenceView, i: int, intro: tuple[str, ...], head_types: frozenset[str]) -> int:
    """The nearest mention before unit ``i`` introduced by one of ``intro`` (``تنظيم “داعش”``,
    ``مسلحو X``) of an allowed type; -1 when there is none."""
    for j in range(i - 1, -1, -1):
        m = sv.mention_at(j)
        if m < 0 or sv.types[m] not in head_types:
            continue
        k = j - 1
        while k >= 0 and sv.units[k].kind == "punct" and sv.units[k].norm in "“\"«'‘":
            k -= 1
        prev = sv.word(k)
        first = sv.norms[m].split()[0] if sv.norms[m] else ""
        if (prev and any(re.match(r"^[وفبل]?(?:ال)?" + p, prev) for p in intro)) or \
                any(first.startswith(p) for p in intro):
            return m
    return -1


REPORTING = _words("قال وقال اكد واكد كشف ذكر اضاف واضاف افاد وافاد اعلن واعلن اوضح واوضح")
COMPLEMENTIZERS = _words("ان أن إن بان لان وان فان")
#: a complementizer carrying the subject as a pronoun (قالت X إنها ..., أعلن X أنه ...): the
#: subject of the embedded verb is the reporting clause's subject
COMPLEMENTIZER_PRONOUN_RX = re.compile(r"^[وف]?ب?ان(?:ه|ها|هم|هما)$")
#: what a state or an organisation attacks with, possessed by a pronoun (طائراتها، مدفعيته)
FORCE_NOUN_RX = re.compile(r"^[وف]?(?:طائرات|طائر|مقاتلات|مدفعي|بوارج|سفن|زوارق|دبابات|صواريخ)")
_STATES_AND_ORGS = frozenset({"ORG", "GPE"})
#: first words of an aside set off by commas between a subject and its verb: a relative
#: clause, a "he is" apposition, a place, time or source phrase
ASIDE_OPENERS = RELATIVE | _words("وهو وهي وهم في خلال منذ عبر حسب وفق بحسب وفقا يوم اليوم امس اثر عقب بعد قبل")


def _aside_start(sv: SentenceView, i: int, span: int = 16) -> int:
    """The unit of the comma that opens an aside closed by the comma at unit ``i``
    (``X، الذي ...، فعل``, ``X، في بيان ...، أن``), or -1: the aside starts with a relative
    pronoun, ``وهو``, a preposition of place or time, a date or a source phrase, and holds no
    complementizer or reporting verb (which would make it a clause of its own)."""
    if sv.units[i].norm not in ("،", ","):
        return -1
    for k in range(i - 1, max(-1, i - span - 1), -1):
        u = sv.units[k]
        if u.mention < 0 and u.norm in ("،", ","):
            first = k + 1
            if first >= i or not (sv.word(first) in ASIDE_OPENERS or sv.type_at(first) == "DATE"):
                return -1
            return k if k > 0 else -1
        if u.mention < 0 and (u.norm in COMPLEMENTIZERS or u.norm in REPORTING or u.norm in CLAUSE_BREAK_WORDS
                              or u.norm in (".", ":", "؛", ";")):
            return -1
    return -1


#: prepositions whose object is never the next verb's subject (انشق X عن الجيش وأسس: not الجيش)
OBJECT_PREPOSITIONS = _words("عن مع ضد وعن ومع")


def _subject_before(sv: SentenceView, t: int, head_types: frozenset[str], max_steps: int = 6) -> int | None:
    """The subject mention before the trigger at unit ``t`` in its clause: a mention index, -1 for
    "an untagged subject with no antecedent" (nothing), ``None`` for "no subject found".

    A GPE counts only right before the trigger (two words at most): further back it is usually a
    place. An untagged noun between a complementizer (``أن``) and the trigger is the subject."""
    i = t - 1
    steps = 0
    untagged = 0
    while i >= 0 and steps < max_steps:
        if sv.units[i].norm == ")" and (opening := next((k for k in range(i - 1, max(-1, i - 7), -1)
                                                         if sv.units[k].norm in ("(", ")")), -1)) >= 0 \
                and sv.units[opening].norm == "(" and sv.mention_at(opening - 1) >= 0:
            i = opening - 1  # X (27 عاما) نفذ, X (داعش) استخدم: a bracketed aside or alias of a name
            continue
        if _is_break(sv, i):
            opening = _aside_start(sv, i)
            if opening < 0:
                # X فعل ...، وفعل: a verb coordinated after a comma shares the clause's subject
                comma = sv.units[i].norm in ("،", ",")
                return _shared_subject(sv, i, head_types) if comma and i == t - 1 and sv.word(t)[:1] == "و" else None
            i = opening - 1  # X، الذي يزور واشنطن حاليا، استخدم: the subject stands before the aside
            continue
        u = sv.units[i]
        if u.mention >= 0:
            typ = sv.types[u.mention]
            if _led_by(sv, i):
                i = _led_by(sv, i) - 1  # X بقيادة [المشير] Y فعل: X is the subject, Y a modifier
                continue
            aff = _affiliated_to(sv, i)
            if aff:
                i = aff - 1  # مسلحو X المرتبطة بتنظيم Y هاجموا: X is the subject
                steps += 1
                continue
            if typ in head_types and not (typ in ("GPE", "LOC", "FAC") and (_after_preposition(sv, i) or steps > 2
                                                                            or _listed_after_preposition(sv, u.mention))) \
                    and sv.word(i - 1) not in OBJECT_PREPOSITIONS:
                return u.mention
            if typ in ("WEAPON", "DATE"):
                return None  # an object or a date phrase sits between: not the subject slot
        elif u.kind != "punct":
            w = u.norm
            if w in RELATIVE:
                return _relative_antecedent(sv, i, t, head_types) if not untagged else None
            if w in _BACKREF_PLAIN:
                return _antecedent(sv, i, _BACKREF_PLAIN[w], head_types)
            if (MEMBERS_OF.match(w) or FORCE_NOUN_RX.match(w)) and w.endswith(_PRONOUN_SUFFIXES):
                # مقاتليه، قواته، طائراتها: its members or forces -- an organisation or state first
                if _denied_or_governed(sv, i):
                    return None
                own = _nearest_before(sv, i, head_types & _STATES_AND_ORGS)
                return own if own >= 0 else _nearest_before(sv, i, head_types)
            if COMPLEMENTIZER_PRONOUN_RX.match(w):
                # قالت X، التي ...، إنها استهدفت: X; only for the embedded clause's own verb
                # (أعلن X أنه عثر على مصنع لتصنيع: the finder is no maker)
                return _nearest_before(sv, i, head_types) if not untagged and not _denied_or_governed(sv, i) else None
            if w in COMPLEMENTIZERS:
                return -1 if untagged else None
            if VERIFY_RX.match(w):
                return None  # X تحققت من استخدام: X reports the act, it is not its agent
            if not SUBJECT_FILLER_RX.match(w):
                untagged += 1
            steps += 1
        i -= 1
    return None


def _shared_subject(sv: SentenceView, comma: int, head_types: frozenset[str]) -> int | None:
    """The subject of the clause that ends at the comma at unit ``comma``, for a verb coordinated
    after it (``تخرج X في جامعة Y، وعمل``, ``X زعيم ... قاد ثورة، وأسس``): the first head-typed
    mention of that clause that is no preposition's object, after its last complementizer
    (``أعلن X أن Y هاجم ...، وقتل``: Y); None when the clause has none or is itself reported
    as denied or governed."""
    start = comma - 1
    while start > 0 and not (sv.units[start - 1].mention < 0 and (
            sv.units[start - 1].norm in (".", ":", "؛", ";", "،", ",") or sv.units[start - 1].norm in COMPLEMENTIZERS)):
        start -= 1
    if start > 0 and sv.units[start - 1].norm in COMPLEMENTIZERS and _denied_or_governed(sv, start - 1):
        return None
    for k in range(start, comma):
        m = sv.mention_at(k)
        if m >= 0 and sv.types[m] in head_types and not _after_preposition(sv, k) and not _led_by(sv, k):
            return m
        if sv.word(k) in RELATIVE:
            return None  # (المنطقة التي يسيطر عليها X، وقصف: the relative clause's subject is not the sentence's)
    return None


def _denied_or_governed(sv: SentenceView, i: int) -> bool:
    """The clause that reports what follows unit ``i`` denies, condemns, warns of or only
    supposes it (``نفت X، في بيان، أن تكون طائراتها قصفت``, ``حذرت X من أن ...``): a negation,
    a governing word or a modality word before ``i`` in the sentence."""
    for k in range(i - 1, -1, -1):
        w = sv.word(k)
        if w and (w in NEGATION or GOVERNING_RX.match(w) or _is_modal(w)):
            return True
    return False


def _listed_after_preposition(sv: SentenceView, m: int) -> bool:
    """The mention ``m`` is a later member of a list whose first member follows a preposition
    (``في تونس وصبراتة``): a place like it, not a subject."""
    group = coordination(sv).get(m)
    if not group or group[0] == m:
        return False
    first = next(i for i, u in enumerate(sv.units) if u.mention == group[0])
    return _after_preposition(sv, first)


def _relative_antecedent(sv: SentenceView, r: int, t: int, head_types: frozenset[str]) -> int | None:
    """``X، التي تسيطر على ...``: the subject of a verb that opens a relative clause is the
    organisation or person the clause describes (the mention right before the relative pronoun
    at ``r``, past a comma). Not when the verb carries an object pronoun (``القرية التي قصفها
    الجيش``: its subject follows it) or the antecedent is a place."""
    if sv.word(t).endswith(_PRONOUN_SUFFIXES) or t - r > 2:
        return None
    k = r - 1
    if sv.units[k].norm in ("،", ","):
        k -= 1
    m = sv.mention_at(k)
    return m if m >= 0 and sv.types[m] in head_types and sv.types[m] in ("ORG", "PER") else None


def _subject_after(sv: SentenceView, t: int, head_types: frozenset[str], max_steps: int = 4) -> tuple[int, int] | None:
    """Verb-subject order: ``(mention, unit)`` of the head-typed mention right after the trigger,
    past member words and quotes (``استخدم مقاتلو داعش``, ``استخدام تنظيم “داعش”``)."""
    i = t + 1
    steps = 0
    while i < len(sv.units) and steps < max_steps:
        u = sv.units[i]
        if u.mention >= 0:
            typ = sv.types[u.mention]
            if typ in head_types and not (typ in ("GPE", "LOC", "FAC") and _after_preposition(sv, i)):
                return u.mention, i
            return None
        if u.norm == "(" and sv.mention_at(i + 1) >= 0:
            i += 1  # عناصر تنظيم (X): a name in brackets
            continue
        if _is_break(sv, i) or (u.norm in PREPOSITIONS and not (u.norm == "من" and steps)):
            return None  # (مسلحون من تنظيم داعش: a partitive after a member word is fine)
        if not (MEMBERS_OF.match(u.norm) or PLATFORMS_RX.match(u.norm) or u.kind == "punct" or u.norm == "من"):
            return None
        steps += u.kind != "punct"
        i += 1
    return None


def _weapon_chain(sv: SentenceView, i: int, max_first: int = 4, max_gap: int = 3,
                  fillings: bool = True) -> list[int]:
    """WEAPON mentions from unit ``i`` on: the first within ``max_first`` units, then the ones
    coordinated with it (``مثل``, ``و``, ``بما في ذلك``, ``محشوة ب``), up to a clause boundary or
    another kind of mention. ``fillings=False`` stops at a weapon with a ``ب`` proclitic after the
    first (``قنابل محشوة بمواد سامة``, ``تعبئة القنابل بالمواد``): the filling, not a second weapon."""
    out: list[int] = []
    gap = 0
    while i < len(sv.units):
        u = sv.units[i]
        if not out and (sv.type_at(i) == "DATE" or u.kind == "num" or PLATFORM_RX.match(u.norm)):
            i += 1  # أطلقت ليل السبت 40 طائرة مسيرة من طراز W: the launch date, count, carrier
            continue
        if u.mention >= 0:
            if sv.types[u.mention] != "WEAPON":
                if out:
                    break
                gap += 1
            else:
                if out and not fillings and _is_filling(sv, i):
                    break
                out.append(u.mention)
                gap = 0
        elif u.norm in RELATIVE or (_is_break(sv, i) and not (
                out and (u.norm in ("،", ",", "(") and _next_weapon(sv, i) or u.norm == ")" and sv.type_at(i - 1) == "WEAPON"))):
            break
        else:
            gap += 1
        if gap > (max_gap if out else max_first):
            break
        i += 1
    return out


#: a carrier and its model cue before a munition's name (a one-way drone is the munition)
PLATFORM_RX = re.compile(r"^(?:[وب]?(?:ال)?(?:طائر[ةه]|طائرات|مسير[ةه]|مسيرات|انتحاري[ةه]?|انتحاريات)|من|طراز|نوع|ليل[ةه]?|ليل)$")


def _is_filling(sv: SentenceView, i: int) -> bool:
    """The WEAPON at unit ``i`` is what another is filled with: ``ب`` + it right after a filling
    participle (``محشوة بمواد``) or right after the filled weapon (``القنابل بالمواد``)."""
    surface = normalize_letters(sv.surfaces[sv.mention_at(i)])
    return surface.startswith("ب") and (sv.type_at(i - 1) == "WEAPON" or bool(FILLED_RX.match(sv.word(i - 1))))


def _weapon_backref(sv: SentenceView, i: int, before: int, max_steps: int = 4) -> int:
    """The nearest WEAPON mention before unit ``before`` when a demonstrative back-reference to a
    weapon (``تلك الأسلحة``, ``هذه الذخائر``) starts within ``max_steps`` units from ``i`` in the
    clause; -1 otherwise (ANNOTATION: the nearest tagged antecedent carries the relation)."""
    for k in range(i, min(len(sv.units) - 1, i + max_steps)):
        if sv.units[k].mention >= 0 or _is_break(sv, k):
            return -1
        if sv.word(k) in DEMONSTRATIVES and WEAPON_BACKREF_RX.match(sv.word(k + 1)):
            for j in range(before - 1, -1, -1):
                if sv.type_at(j) == "WEAPON":
                    return sv.mention_at(j)
            return -1
    return -1


#: the agent of a passive or exposed-to event: ``من قبل Y``, ``من طرف Y``, ``على يد Y``
BY_AGENT = (("من", "قبل"), ("من", "طرف"), ("علي", "يد"), ("علي", "ايدي"))


def _by_agent(sv: SentenceView, k: int) -> bool:
    """An agent phrase (:data:`BY_AGENT`) starts at unit ``k``."""
    return (sv.word(k), sv.word(k + 1)) in BY_AGENT


def _passive_by(sv: SentenceView, i: int, span: int = 8) -> bool:
    """``من قبل`` / ``من طرف`` within ``span`` units from ``i``: a passive whose agent comes after."""
    return any(_by_agent(sv, k) and sv.word(k) == "من" for k in range(i, min(len(sv.units), i + span)))


def _next_weapon(sv: SentenceView, i: int) -> bool:
    return sv.type_at(i + 1) == "WEAPON"


def _described_person(sv: SentenceView, i: int) -> int:
    """The unit of the person that a role description starting at unit ``i`` names (``القيادي
    [البارز] في تنظيم X PER``, ``المتشدد في X PER``), or -1."""
    if sv.mention_at(i) >= 0 or not ROLE_RX.match(sv.word(i)):
        return -1
    k = i + 1
    while k - i <= 3 and sv.mention_at(k) < 0 and sv.word(k).startswith("ال"):
        k += 1  # البارز
    if sv.word(k) in ("في", "من", "ب") or sv.word(k)[:1] == "ب" and sv.word(k)[1:] in CLASS_WORDS:
        k += 1
    while k < len(sv.units) and sv.mention_at(k) < 0 and (sv.word(k) in CLASS_WORDS or sv.units[k].norm in QUOTES):
        k += 1
    if sv.type_at(k) not in ("ORG", "GPE"):
        return -1
    k += 1
    while k < len(sv.units) and sv.units[k].mention < 0 and (sv.units[k].norm in QUOTES or EVALUATIVE_RX.match(sv.word(k))):
        k += 1  # تنظيم "داعش" الإرهابي PER
    return k if sv.type_at(k) == "PER" else -1


#: an office holder before his body (``أمين الأمم المتحدة``, ``وزير الدفاع``): as a target, the person
HOLDER_RX = re.compile(r"^(?:ال)?(?:رئيس|مدير|قائد|زعيم|امين|وزير|سفير|مندوب|ممثل|متحدث|ناطق|مستشار|نائب)[ةه]?$")


def _is_type(sv: SentenceView, i: int, kind: str) -> bool:
    """Unit ``i`` is a mention of type ``kind``."""
    m = sv.mention_at(i)
    return m >= 0 and sv.types[m] == kind


#: a building or site named after its place (``المتحف Y``, ``مطار Y``): as a target it is the
#: facility, never the place (the facility itself left untagged gives no target)
FACILITY_RX = re.compile(r"^(?:ال)?(?:متحف|مسجد|جامع|فندق|نزل|مستشفي|كنيس[ةه]|سجن|مطار|ثكن[ةه]|ملعب|مدرس[ةه]|"
                         r"معهد|ميناء|مصنع|سوق|قاعد[ةه]|مبني|مقر)$")


def _first_target(sv: SentenceView, i: int, tail_types: frozenset[str], max_steps: int = 3) -> tuple[int, int] | None:
    """The first mention from unit ``i`` on, past quotes and target words (``مواقع``, ``قوات``),
    and past a role description to the person it names (``استهدف القيادي في تنظيم X PER``)."""
    steps = 0
    while i < len(sv.units) and steps <= max_steps:
        if "PER" in tail_types and (p := _described_person(sv, i)) >= 0:
            return sv.mention_at(p), p
        u = sv.units[i]
        if u.mention >= 0:
            if sv.glued.get(u.mention, "").endswith("في"):
                return None  # فيالبحر الأحمر: a glued في makes it a place too
            if sv.types[u.mention] in ("GPE", "LOC") and FACILITY_RX.match(sv.word(i - 1)):
                return None  # الهجوم على المتحف Y: the facility named after the place was hit, not the place
            return (u.mention, i) if sv.types[u.mention] in tail_types else None
        if _is_break(sv, i) or u.norm in RELATIVE or (u.norm in PREPOSITIONS and u.norm not in TARGET_PREPS) \
                or (u.norm[:1] == "ب" and u.norm[1:] in CLASS_WORDS) or u.norm in ("او", "ام"):
            return None  # في: a place, not a target; من: the agent; بمنطقة X: where, not whom
        if u.kind == "word" and HOLDER_RX.match(u.norm) and not _is_type(sv, i + 1, "PER"):
            return None  # هجوم على أمين الأمم المتحدة: the target is the untagged office holder, not his body
        if not (u.kind == "punct" or FILLER_TARGET_RX.match(u.norm) or u.norm in TARGET_PREPS
                or u.norm in CLASS_WORDS):
            steps += 1
        i += 1
    return None


# --------------------------------------------------------------------------------------------
# The functions

_HEADS = {lab: frozenset(h) for lab, h in (("USED", {"ORG", "PER", "GPE"}), ("PRODUCED", {"ORG", "GPE"}),
                                           ("SUPPLIED", {"ORG", "GPE", "PER"}), ("ATTACKED", {"ORG", "PER", "GPE"}))}
_TARGETS = frozenset({"ORG", "PER", "GPE", "LOC", "FAC"})
_ACTORS = frozenset({"ORG", "PER", "GPE"})


@dataclass
class RelationFunction:
    """A versioned relation labelling function over one sentence."""

    name: str
    fn: Callable[[SentenceView], PairVote]
    doc: str = ""

    def __call__(self, sv: SentenceView) -> PairVote:
        out = spread(sv, self.fn(sv))  # a relation of one list member or alias holds for all
        # keep what the schema allows (NONE is always allowed); nothing is a member of its own name
        # (وحدات الأمن الوطني التابعة لإقليم الأمن الوطني)
        return {(h, t): lab for (h, t), lab in out.items()
                if h != t and (lab == NONE or lab in allowed_relations(sv.types[h], sv.types[t]))
                and not (lab == "MEMBER_OF" and sv.norms[h] == sv.norms[t])}


def _triggers(sv: SentenceView, rx: re.Pattern[str]) -> Iterable[int]:
    return sv.matching(rx)


def _subject(sv: SentenceView, t: int, heads: frozenset[str]) -> tuple[int, int] | None:
    """Subject of the trigger at ``t``: ``(mention, first unit after the trigger's subject)``. A
    verbal noun governed by a condemning or investigating word (``أدان X استخدام``) has no
    subject before it: only its own genitive agent counts."""
    if governed(sv, t) >= 0:
        after = _subject_after(sv, t, heads)
        return (after[0], after[1] + 1) if after is not None else None
    before = _subject_before(sv, t, heads)
    if before is not None:
        return (before, t + 1) if before >= 0 else None
    after = _subject_after(sv, t, heads)
    if after is not None:
        return after[0], after[1] + 1
    return None


def _act_with_weapon(label: str, rx: re.Pattern[str], purpose_ok: bool = False) -> Callable[[SentenceView], PairVote]:
    heads = _HEADS[label]

    def fn(sv: SentenceView) -> PairVote:
        out: PairVote = {}
        for t in _triggers(sv, rx):
            if _blocked(sv, t, purpose_ok=purpose_ok) or PASSIVE_RX.match(sv.word(t - 1)):
                continue
            subj = _subject(sv, t, heads)
            if subj is None:
                continue
            head, after = subj
            # PRODUCED: the filling of a filled munition is its content, not a second weapon the
            # head made (ANNOTATION "made, filled ... the weapon": the filled one; dev gold agrees)
            weapons = _weapon_chain(sv, after, fillings=label != "PRODUCED")
            if not weapons and not _passive_by(sv, after):  # واستخدمت داعش مرارًا تلك الأسلحة
                back = _weapon_backref(sv, after, t)
                weapons = [back] if back >= 0 else []
            for w in weapons:
                out[(head, w)] = label
        return out

    return fn


#: weapon words whose ب is a root letter, not "with" (بنادق القنص)
ROOT_BA = ("بنادق", "بندقي", "بارود", "براميل")


def _used_instrument(sv: SentenceView) -> PairVote:
    """An attack or bombardment with a weapon: ``نفذوا 52 هجوما بالسلاح الكيماوي``, ``قصف ...
    بقذائف``, ``هجوم باستخدام``: the weapon carries ``ب`` (or follows ``باستخدام``/``بواسطة``),
    a date between allowed."""
    out: PairVote = {}
    for t in _triggers(sv, ATTACK_RX):
        if _blocked(sv, t):
            continue
        subj = _subject(sv, t, _HEADS["USED"])
        if subj is None:
            continue
        head, after = subj
        for i in range(after, min(len(sv.units), after + 8)):
            m = sv.mention_at(i)
            if m >= 0 and sv.types[m] == "DATE":
                continue  # الهجوم الذي جد أمس الخميس بواسطة W
            if m >= 0 and sv.types[m] == "WEAPON":
                surf = normalize_letters(sv.surfaces[m]).removeprefix("و")
                if surf.startswith("ب") and not surf.startswith(ROOT_BA) or sv.word(i - 1) in ("ب", "باستخدام", "بواسطة"):
                    for w in [m, *_weapon_chain(sv, i + 1, max_first=0)]:
                        out[(head, w)] = "USED"
                break
            if _is_break(sv, i):
                break
    return out


def _used_relative(sv: SentenceView) -> PairVote:
    """``WEAPON التي يستخدمها [X]`` and ``WEAPON أطلقته X``: the weapon is the object; the subject is the mention after
    the verb, or its nearest tagged antecedent before the weapon (skipping what the verb cannot
    agree with: a masculine verb never takes a plural in ``-ات``)."""
    out: PairVote = {}
    for t in _triggers(sv, USED_RX):
        rel = t - 1
        if sv.type_at(rel) == "WEAPON" and sv.word(t).endswith(_PRONOUN_SUFFIXES) and not _blocked(sv, t):
            after = _subject_after(sv, t, _HEADS["USED"])  # صاروخا أطلقته جماعة الحوثي: no relative
            if after is not None:
                out[(after[0], sv.mention_at(rel))] = "USED"
            continue
        if sv.word(rel) not in RELATIVE or sv.type_at(rel - 1) != "WEAPON" or _blocked(sv, t):
            continue
        weapon = sv.mention_at(rel - 1)
        after = _subject_after(sv, t, _HEADS["USED"])
        if after is not None:
            out[(after[0], weapon)] = "USED"
            continue
        masculine = sv.word(t).startswith("ي")
        for j in range(rel - 2, -1, -1):
            m = sv.mention_at(j)
            if m < 0 or sv.types[m] not in ("ORG", "PER"):  # a dropped pronoun's antecedent is an actor
                continue
            first = sv.norms[m].split()[0] if sv.norms[m] else ""
            if masculine and first.endswith("ات"):
                continue
            out[(m, weapon)] = "USED"
            break
    return out


def _passive_agent(sv: SentenceView) -> PairVote:
    """``تم استخدام WEAPON من قبل X`` / ``... على يد X``: the agent after an agent phrase."""
    out: PairVote = {}
    for i in range(len(sv.units) - 2):
        if not _by_agent(sv, i):
            continue
        agent = sv.mention_at(i + 2)
        if agent < 0 or sv.types[agent] not in _ACTORS:
            continue
        # the trigger and weapon before the agent, in the same clause
        j = i - 1
        weapon, label = -1, None
        while j >= 0 and i - j <= 10 and not _is_break(sv, j):
            m = sv.mention_at(j)
            if m >= 0 and sv.types[m] == "WEAPON" and weapon < 0:
                weapon = m
            w = sv.word(j)
            if w and label is None:
                if USED_RX.match(w):
                    label = "USED" if not _blocked(sv, j) else NONE
                elif PRODUCE_RX.match(w):
                    label = "PRODUCED" if not _blocked(sv, j, purpose_ok=True) else NONE
                if label is not None and weapon < 0:  # استخدمت هذه الأسلحة من قبل X
                    weapon = _weapon_backref(sv, j + 1, j)
            j -= 1
        if weapon >= 0 and label and label != NONE:
            out[(agent, weapon)] = label
    return out


def _used_participle(sv: SentenceView) -> PairVote:
    """``هاجموا ... قاعدة في بلدة X، مستخدمين عبوات ناسفة``: the participle continues the act
    before it; the head is that act's subject, the weapons those after the participle."""
    out: PairVote = {}
    for t in sv.matching(USED_PARTICIPLE_RX):
        verb = -1
        for k in range(t - 1, max(-1, t - 20), -1):
            w = sv.word(k)
            if w in CLAUSE_BREAK_WORDS or w in RELATIVE:
                break
            if w and (ATTACK_RX.match(w) or USED_RX.match(w)) and not ATTACK_NOUN_RX.match(w):
                verb = k
                break
        if verb < 0 or _blocked(sv, verb):
            continue
        subj = _subject(sv, verb, _HEADS["USED"])
        if subj is None:
            continue
        for w in _weapon_chain(sv, t + 1, max_first=2):
            out[(subj[0], w)] = "USED"
    return out


def _used_antecedent(sv: SentenceView) -> PairVote:
    """The back-off: a use or production trigger with no subject in its clause takes the nearest
    ORG or PER before it in the sentence (the nearest tagged antecedent of a dropped pronoun)."""
    out: PairVote = {}
    for rx, label, purpose_ok in ((USED_RX, "USED", False), (PRODUCE_RX, "PRODUCED", True)):
        for t in _triggers(sv, rx):
            if _blocked(sv, t, purpose_ok=purpose_ok) or PASSIVE_RX.match(sv.word(t - 1)) or governed(sv, t) >= 0:
                continue
            if _subject_before(sv, t, _HEADS[label]) is not None or _subject_after(sv, t, _HEADS[label]):
                continue
            weapons = _weapon_chain(sv, t + 1, fillings=label != "PRODUCED")
            prev, nxt = sv.word(t - 1), sv.word(t + 1)
            if not weapons or prev in RELATIVE or prev in PREPOSITIONS or prev[1:] in PREPOSITIONS:
                continue  # التحقيق في استخدام, زيادة في استخدام: a generic act, nobody's
            if MEMBERS_OF.match(nxt) and not nxt.startswith(("ال", "وال")):
                continue  # استخدم مقاتلو X: an explicit subject, untagged
            for j in range(t - 1, -1, -1):
                m = sv.mention_at(j)
                if m >= 0 and sv.types[m] in ("ORG", "PER") and not _after_preposition(sv, j):
                    if _clitic(sv, m, "ل"):
                        break  # وقال المتحدث لوكالة X ...: the agency he spoke to
                    for w in weapons:
                        out[(m, w)] = label
                    break
                w = sv.word(j)
                if w in REPORTING or w in COMPLEMENTIZERS or w in _BACKREF_PLAIN or w in ("بينما", "وبينما"):
                    break  # a source, an embedded clause or an untagged subject lies between
    return out


def _used_accusation(sv: SentenceView) -> PairVote:
    """An accusation whose content is stated: ``الاتهامات الموجهة للحكومة السورية باستخدام
    الأسلحة الكيمياوية``, ``اتهم X باستخدام``: the accused used the weapons."""
    out: PairVote = {}
    for t in _triggers(sv, ACCUSE_RX):
        if _blocked(sv, t):
            continue
        accused = -1
        for k in range(t + 1, min(len(sv.units), t + 6)):
            if _is_break(sv, k):
                break
            m = sv.mention_at(k)
            if m >= 0:
                if sv.types[m] in _HEADS["USED"]:
                    accused = k
                break
        if accused < 0:
            continue
        nxt = sv.word(accused + 1)
        if nxt.startswith("ب") and USED_RX.match(nxt):
            for w in _weapon_chain(sv, accused + 2):
                out[(sv.mention_at(accused), w)] = "USED"
        elif not (nxt.startswith("ب") and sv.units[accused + 1].kind == "word"):
            # the content stated before: ``بعد الهجوم باستخدام W تم توجيه الاتهامات لـX``: the
            # nearest agentless attack "with" weapons (``باستخدام``) in the sentence, commas only
            for k in range(t - 1, max(-1, t - 15), -1):
                w = sv.word(k)
                if sv.units[k].kind == "punct" and w not in ("،", ","):
                    break
                if w in CLAUSE_BREAK_WORDS or w in RELATIVE:
                    break
                if w in ("باستخدام", "وباستخدام") and not _blocked(sv, k):
                    for wp in _weapon_chain(sv, k + 1):
                        out[(sv.mention_at(accused), wp)] = "USED"
                    break
    return out


def _object_pronoun(sv: SentenceView) -> PairVote:
    """``وصنعتها شركة X``, ``استخدمها داعش``: a use or production verb with an object pronoun
    and its subject after; the object is the nearest WEAPON before the verb in the sentence, and
    the weapon it models too when that one is a model name (``W هي من طراز M``: both carry)."""
    out: PairVote = {}
    for t, u in enumerate(sv.units):
        if u.mention >= 0 or u.kind != "word" or not OBJECT_VERB_RX.match(u.norm) or _blocked(sv, t, purpose_ok=True):
            continue
        label = "USED" if USED_RX.match(u.norm) else "PRODUCED"
        k = t + 1  # past class and member words: وصنعتها شركة X, استخدمها مقاتلو X
        while k - t <= 2 and (sv.word(k) in CLASS_WORDS or sv.word(k) in ("شركة", "شركه", "مجموعة")
                              or (sv.word(k) and MEMBERS_OF.match(sv.word(k)))):
            k += 1
        if sv.type_at(k) not in _HEADS[label]:
            continue
        after = (sv.mention_at(k), k)
        j = next((j for j in range(t - 1, max(-1, t - 25), -1) if sv.type_at(j) == "WEAPON"), -1)
        if j < 0 or sv.word(t - 1) in RELATIVE and j != t - 2:
            continue  # الكهوف التي يستعملها X: the pronoun is the caves, not a weapon further back
        out[(after[0], sv.mention_at(j))] = label
        if "طراز" in (sv.word(j - 1), sv.word(j - 2)):  # M is the model of an earlier W
            k = next((k for k in range(j - 1, max(-1, j - 25), -1) if sv.type_at(k) == "WEAPON"), -1)
            if k >= 0:
                out[(after[0], sv.mention_at(k))] = label
    return out


def _produced_origin(sv: SentenceView) -> PairVote:
    """``الذخيرة أنتجت في الولايات المتحدة``, ``مصنعة في روسيا``: the place of manufacture."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] != "WEAPON":
            continue
        j = i + 1
        if ORIGIN_RX.match(sv.word(j)) and sv.word(j + 1) in ("في", "من", "ب"):
            tgt = _first_target(sv, j + 2, frozenset({"GPE", "ORG"}), max_steps=1)
            if tgt is not None:
                out[(tgt[0], u.mention)] = "PRODUCED"
    return out


def _accused(sv: SentenceView, t: int, heads: frozenset[str]) -> int | None:
    """When the verbal noun at ``t`` (``بتزويد``) states what an accusation just before it
    accuses of: the accused (the mention after ``اتهم``, or the antecedent of its object pronoun
    in ``تتهمها``), -1 when it cannot be found; ``None`` when there is no such accusation."""
    if not sv.word(t).startswith("ب"):
        return None
    for k in range(t - 1, max(-1, t - 6), -1):
        if _is_break(sv, k):
            return None
        w = sv.word(k)
        if w and ACCUSE_RX.match(w):
            # تتهمها: an object pronoun (تتهم itself ends in هم: the stem must remain a trigger)
            if any(w.endswith(p) and ACCUSE_RX.match(w[: -len(p)]) for p in _PRONOUN_SUFFIXES):
                return _nearest_before(sv, k, heads)
            # اتهام X بـ / تتهم X[accuser] Y[accused] بـ: the last mention before the trigger
            between = [sv.mention_at(j) for j in range(k + 1, t) if sv.mention_at(j) >= 0]
            return between[-1] if between and sv.types[between[-1]] in heads else -1
    return None


def _supplied(sv: SentenceView) -> PairVote:
    """``تورط واشنطن بإمداد إرهابيي “داعش” بالأسلحة``: supplier = subject, recipient = the actor
    after the trigger (after the subject in verb-subject order)."""
    out: PairVote = {}
    triggers = _triggers(sv, SUPPLY_RX)
    if triggers and not (any(k == "WEAPON" for k in sv.types.values())
                         or any(MATERIEL_RX.match(u.norm) for u in sv.units if u.kind == "word" and u.mention < 0)):
        return out  # (تسليمهم للحرس, تسليم جثة X, تسليم البغدادي: people and bodies handed over)
    for t in triggers:
        if _blocked(sv, t) or PASSIVE_RX.match(sv.word(t - 1)):
            continue
        accused = _accused(sv, t, _HEADS["SUPPLIED"])
        if accused is not None:  # تتهمها X بتزويد Y: the accused supplied, not the accuser
            tgt = _first_target(sv, t + 1, _ACTORS) or _included_target(sv, t + 1)
            if accused >= 0 and tgt is not None and tgt[0] != accused:
                out[(accused, tgt[0])] = "SUPPLIED"
            continue
        before = _subject_before(sv, t, _HEADS["SUPPLIED"])
        start = t + 1
        if before is None:
            after = _subject_after(sv, t, _HEADS["SUPPLIED"])
            if after is None:
                continue
            head, start = after[0], after[1] + 1
        elif before < 0:
            continue
        else:
            head = before
        tgt = _first_target(sv, start, _ACTORS) or _included_target(sv, start)
        if tgt is not None and tgt[0] != head:
            out[(head, tgt[0])] = "SUPPLIED"  # (coordinated suppliers and recipients: structure.spread)
    return out


def _included_target(sv: SentenceView, i: int, max_steps: int = 4) -> tuple[int, int] | None:
    """``بتزويد فصائل عراقية، بينها X، ...``: an untagged group then ``بينها``/``منها`` + the named
    member, which is the named recipient."""
    for k in range(i, min(len(sv.units) - 1, i + max_steps + 2)):
        if sv.units[k].mention >= 0 or sv.word(k) in RELATIVE:
            return None
        if sv.word(k) in INCLUDING:
            m = sv.mention_at(k + 1)
            return (m, k + 1) if m >= 0 and sv.types[m] in _ACTORS else None
    return None


def _received(sv: SentenceView) -> PairVote:
    """``حصل عليها من X``, ``تسلمت الأسلحة من X``: X supplied the receiver (the verb's subject,
    else the nearest organisation before it in the sentence: an implicit subject); ``تسلم Y من X
    شحنة من الذخائر``: the subject after the verb, the materiel after the supplier."""
    out: PairVote = {}
    for t in sv.matching(RECEIVE_RX):
        if _blocked(sv, t):
            continue
        k = t + 1
        after = _subject_after(sv, t, _ACTORS) or _first_target(sv, t + 1, _ACTORS, max_steps=0)
        if after is not None and sv.word(after[1] + 1) == "من":  # تسلم X من Y شحنة من الذخائر
            src = _first_target(sv, after[1] + 2, _ACTORS, max_steps=0)
            if src is not None and src[0] != after[0] and any(
                    RECEIVE_OBJECT_RX.match(sv.word(j)) or sv.type_at(j) == "WEAPON" for j in range(src[1] + 1, src[1] + 5)):
                out[(src[0], after[0])] = "SUPPLIED"
            continue
        if not RECEIVE_OBJECT_RX.match(sv.word(k)) and sv.type_at(k) != "WEAPON":
            continue
        while k < len(sv.units) and k - t <= 4 and sv.word(k) != "من":
            k += 1
        if sv.word(k) != "من":
            continue
        src = _first_target(sv, k + 1, _ACTORS, max_steps=0)
        if src is None:
            continue
        before = _subject_before(sv, t, _HEADS["SUPPLIED"])
        receiver = before if before is not None and before >= 0 else _nearest_before(sv, t, frozenset({"ORG"}))
        if receiver >= 0 and receiver != src[0]:
            out[(src[0], receiver)] = "SUPPLIED"
    return out


def _attacked(sv: SentenceView) -> PairVote:
    """``هاجم/قصف/استهدف X``, ``هجوم على/ضد X``: the attacker is the subject; the target the
    actor or place after (``مواقع``, ``قوات`` skipped). After a verbal noun the mention right after
    it is its agent (``ضربات الجيش السوري``) and the target needs ``على``/``ضد``; ``هجوما في
    الموصل`` has no target."""
    out: PairVote = {}
    for t in _triggers(sv, ATTACK_RX):
        if _blocked(sv, t) or PASSIVE_RX.match(sv.word(t - 1)):
            continue
        noun = bool(ATTACK_NOUN_RX.match(sv.word(t))) or sv.word(t - 1) in NOUN_LEADS
        if sv.word(t).startswith(("ب", "وب")):
            continue  # قتل X بقصف جوي نفذه Y: a noun after ب; X is the victim, the event function reads Y
        if SUPPORT_RX.match(sv.word(t)) and sv.word(t).endswith(_PRONOUN_SUFFIXES):
            continue  # أصيب X في هجوم شنته Y: the event's relative clause (its subject follows); X is a victim
        if sv.word(t - 1) in RELATIVE and _relative_antecedent(sv, t - 1, t, _HEADS["ATTACKED"]) is None:
            continue  # العمليات التي استهدفت الجيش: the subject is the untagged antecedent
        agent = _subject_after(sv, t, _HEADS["ATTACKED"], max_steps=1) if noun else None
        if noun and agent is None and sv.word(t - 1) in NOUN_LEADS:
            continue  # جراء قصف ...، إضافة إلى هجوم ...: a noun with no agent of its own
        if noun and agent is None and sv.word(t - 1) in ("في", "وفي"):
            # X أصيب في غارة على Y: the clause's subject is the victim; only an accused or a
            # time frame's subject (_attack_agent) is the agent
            backoff = _attack_agent(sv, t)
            if backoff < 0:
                continue
            agent = (backoff, t)
        subj = (agent[0], agent[1] + 1) if agent else _subject(sv, t, _HEADS["ATTACKED"])
        if subj is None:
            backoff = _attack_agent(sv, t)
            if backoff < 0:
                continue
            subj = (backoff, t + 1)
        head, after = subj
        after = _past_leader(sv, after)
        if noun:
            k = after
            while k < len(sv.units) and k - after < 4 and sv.word(k) not in TARGET_PREPS and sv.units[k].mention < 0:
                k += 1
            if sv.word(k) not in TARGET_PREPS or sv.word(k + 1) in BY_HANDS:
                continue  # (هجوم برلين ... على يد الشرطة: the hands are the agent's)
            after = k + 1
        tgt = _first_target(sv, after, _TARGETS)
        if tgt is not None and tgt[0] in coordination(sv).get(head, ()):
            continue  # شنت بريطانيا وفرنسا هجوما: a co-subject, not a target
        if tgt is not None and tgt[0] != head and not _led_by(sv, tgt[1]):  # (X بقيادة Y: Y leads X)
            if _in_words(sv, t, head, tgt[0], tgt[1]):
                continue  # وهاجمت لوبان ماكرون، شن X هجوما على Y قائلا: an attack in words
            if SIEGE_RX.match(sv.word(t)) and not (tgt[1] == after or TOWN_CLASS_RX.match(sv.word(tgt[1] - 1))):
                continue  # a siege is of a town: حاصر X مدينة Y (not حاصر ليفربول منطقة جزاء Y, a match)
            out[(head, tgt[0])] = "ATTACKED"
    return out


def _attack_agent(sv: SentenceView, t: int) -> int:
    """The agent of an agentless attack noun at ``t`` from its clause: the accused of an
    accusation it belongs to (``اتهمت X Y باستخدام W في قصف Z`` -> Y), or the subject of the
    clause when the attack is a time frame of it (``استولت عليها X ... خلال ثلاث غارات على Z``
    -> X); -1 when there is none."""
    prev = [sv.word(k) for k in range(t - 1, max(-1, t - 3), -1)]
    during = any(w in DURING for w in prev)
    if not during and not (prev and prev[0] in ("في", "وفي", "خلال")):
        return -1
    for k in range(t - 1, max(-1, t - 14), -1):
        if _is_break(sv, k) or sv.word(k) in REPORTING or sv.word(k) in COMPLEMENTIZERS:
            return -1
        w = sv.word(k)
        if w and ACCUSE_RX.match(w):
            # the accused: the last actor between (اتهمت X[accuser] Y[accused] باستخدام ...)
            actors = [sv.mention_at(j) for j in range(k + 1, t) if sv.type_at(j) in _ACTORS]
            return actors[-1] if actors else -1
    if not during:
        return -1
    for k in range(t - 1, max(-1, t - 14), -1):
        if _is_break(sv, k) or sv.word(k) in REPORTING or sv.word(k) in COMPLEMENTIZERS:
            return -1
        m = sv.mention_at(k)
        if m >= 0 and sv.types[m] in _ACTORS and not _after_preposition(sv, k) and not _led_by(sv, k):
            return m
    return -1


def _attacked_against(sv: SentenceView) -> PairVote:
    """``استخدم مقاتلو داعش ... ضد القوات العراقية``: ``ضد`` names the target of the clause's
    use or attack, and so do ``على`` after a weapon (``أطلقت حماس الصواريخ على عسقلان``) and the
    direction of a shot (``صاروخا أطلقه X باتجاه مدينة Y``); the attacker is that trigger's
    subject."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention >= 0 or u.norm not in ("ضد", "وضد", "علي", "وعلي", "تجاه", "باتجاه"):
            continue
        tgt = _first_target(sv, i + 1, _TARGETS)
        if tgt is None:
            continue
        weapon_between = False
        for t in range(i - 1, max(-1, i - 24), -1):
            if _is_break(sv, t):
                break
            weapon_between |= sv.type_at(t) == "WEAPON" or bool(IMPACT_RX.match(sv.word(t)))  # سقطت على
            w = sv.word(t)
            if w and (USED_RX.match(w) or ATTACK_RX.match(w)):
                if DROP_RX.match(w):
                    break  # ألقت اسطوانة على بلدة X: where it was dropped (dev gold: no target)
                if _blocked(sv, t) or (u.norm.endswith("علي") and not weapon_between):
                    break
                subj = _subject(sv, t, _HEADS["ATTACKED"])
                if subj is not None and subj[0] != tgt[0]:
                    out[(subj[0], tgt[0])] = "ATTACKED"
                break
    return out


#: "in the countryside of": ``X بريف Y`` puts X inside Y
REGION_WORDS = _words("بريف وبريف")
#: administrative districts (``عين زيان من معتمدية سبيبة``)
DISTRICT_CLASS = _words("معتمدية معتمديه بلدية بلديه عمادة عماده")
#: class words of a town or district (``معتمدية X ولاية Y``: X is the smaller place)
TOWN_CLASS_RX = re.compile(r"^(?:من|[وبل])?(?:ال)?(?:معتمدي[ةه]|مدين[ةه]|بلد[ةه]|قري[ةه]|بلدي[ةه]|عماد[ةه]|جه[ةه])$")
#: class words that make the next place a region (it contains towns)
REGION_CLASS = _words("محافظة ولاية اقليم منطقة اقليم اقضية مقاطعة قضاء")


def _located_in_fi(sv: SentenceView) -> PairVote:
    """``X في [شمال] [مدينة] Y`` for places: X (GPE, LOC, FAC) directly in Y (GPE, LOC)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] not in ("GPE", "LOC", "FAC"):
            continue
        j = _past_place_description(sv, i, _past_located(sv, i + 1))  # شارع "X" في, X الواقعة في, X بلدة سورية في
        w = sv.word(j)
        if w[:1] == "ب" and (w[1:] in CLASS_WORDS or w[1:] in DIRECTION or w[1:] in DISTRICT_CLASS
                             or w[1:] in ("العاصمة", "قلب")):
            pass  # X بإقليم Y, X بوسط Y: the preposition glued to the class or direction word
        elif w in ("،", ",") and (sv.word(j + 1) == "من" and sv.word(j + 2) in REGION_CLASS
                                  or sv.word(j + 1)[:1] == "ب" and TOWN_CLASS_RX.match(sv.word(j + 1)[1:])):
            j += 1  # مدينة جمال، من ولاية المنستير; بمنطقة X، ببلدية Y
        elif w == "من" and (sv.word(j + 1) in REGION_CLASS or sv.word(j + 1) in DISTRICT_CLASS):
            pass  # سبيبة من ولاية القصرين, عين زيان من معتمدية سبيبة: a place "of" its district
        elif w in REGION_CLASS and TOWN_CLASS_RX.match(sv.word(i - 1)):
            j -= 1  # معتمدية X ولاية Y: a town named by its class, then its governorate (no list of governorates)
        elif w not in ("في", "ب", "داخل"):
            continue
        j += 1
        while sv.word(j) in DIRECTION or sv.word(j) in CLASS_WORDS or sv.word(j) in DISTRICT_CLASS \
                or sv.word(j) in ("محيط", "قلب") or sv.word(j) in QUOTES:  # في قلب [مدينة] Y: in its heart
            if sv.word(j) == "محيط":
                break  # "in the vicinity of" is not inside
            j += 1
        if sv.word(j) == "العاصمة" or sv.word(j - 1) == "بالعاصمة":
            if sv.norms[u.mention] in _countries() or sv.norms[u.mention].split()[0] in STATE_WORDS:
                continue  # (سفارة دولة X في العاصمة Y: the country's embassy is there, not the country)
            j += sv.word(j) == "العاصمة"
            j += _nisba(sv.word(j))  # في العاصمة [الفرنسية] باريس
        m = sv.mention_at(j)
        if m >= 0 and sv.types[m] in ("GPE", "LOC") and sv.word(j - 1) != "محيط" \
                and not (sv.types[m] == "GPE" and sv.norms[u.mention] in _countries()):
            out[(u.mention, m)] = "LOCATED_IN"  # (a country is in no town or country: الذي تقوده السعودية في اليمن)
    return out


#: a place's class as the indefinite predicate of a nominal sentence (``نوى بلدة سورية ...``)
PLACE_PREDICATE_RX = re.compile(r"^(?:مدين|بلد|قري|محافظ|ولاي|منطق|عاصم|جزير|دول)[ةه]$|^(?:حي|مخيم|اقليم|جبل|ميناء)$")


def _past_place_description(sv: SentenceView, i: int, j: int) -> int:
    """For a place at unit ``i`` that opens its sentence, the unit past the indefinite class word
    and relative adjectives of a nominal sentence's predicate from ``j`` (``نوى بلدة سورية في ريف
    Y``, ``X مدينة سورية تابعة لـY``); ``j`` otherwise."""
    if any(sv.units[k].kind != "punct" for k in range(i)) or not PLACE_PREDICATE_RX.match(sv.word(j)):
        return j
    k = j + 1
    while k - j <= 2 and _indefinite_description(sv.word(k)):
        k += 1
    return k


#: the first word of a state's official name (``دولة الإمارات``, ``جمهورية مصر العربية``)
STATE_WORDS = _words("دولة جمهورية مملكة امارة سلطنة الولايات")


#: participles of lying somewhere (``X الواقعة في Y``, ``X، الكائنة بـY``)
LOCATED_PARTICIPLE_RX = re.compile(r"^(?:ال)?(?:واقع|كائن)[ةه]?$")


def _past_located(sv: SentenceView, j: int) -> int:
    """The unit after the closing quotes of a place and its "lying" participle (with the comma
    before it) from unit ``j`` on: where its place phrase starts."""
    while j < len(sv.units) and sv.units[j].norm in QUOTES:
        j += 1
    k = j + (sv.units[j].norm in ("،", ",") if j < len(sv.units) else 0)
    return k + 1 if LOCATED_PARTICIPLE_RX.match(sv.word(k)) else j


def _nisba(w: str) -> bool:
    """A definite relative adjective (``الفرنسية``, ``الليبي``): a state or origin qualifier."""
    return w.startswith("ال") and w.endswith(("ية", "يه", "ي")) and len(w) > 5


def _located_in_region(sv: SentenceView) -> PairVote:
    """``X شمال شرقي Y``, ``X، جنوبي Y``, ``X بريف Y``: X (GPE, LOC, FAC) in a part of Y (GPE,
    LOC). ``ريف`` says Y contains X; an adjectival direction (``شرقي``) does only when Y is a
    country or a region (a LOC): between two towns it is a bearing (ANNOTATION.md: ``X غرب Y``
    only when Y contains X). A bare direction says so only before a country, a LOC or a class
    word of a region (``الرمادي غرب العراق``, not ``الباب غرب حلب``)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] not in ("GPE", "LOC", "FAC"):
            continue
        j = _past_located(sv, i + 1)
        if j < len(sv.units) and sv.units[j].norm in ("،", ",") and sv.word(j + 1) in DIRECTION:
            j += 1  # بلدة X، جنوبي Y: the direction in apposition
        contained = False
        bare = False
        while sv.word(j) in DIRECTION or sv.word(j) in REGION_WORDS:
            contained |= sv.word(j) in REGION_WORDS or sv.word(j).endswith("ي")
            bare |= sv.word(j) in DIRECTION
            j += 1
        contained |= bare and (sv.word(j) in REGION_CLASS or (m := sv.mention_at(j)) >= 0 and _is_region(sv, m))
        region = sv.word(j - 1) in REGION_WORDS
        if contained and sv.word(j) in REGION_CLASS:  # شمالي محافظة إدلب: a region by its class word
            region = True
            j += 1
        m = sv.mention_at(j)
        if contained and m >= 0 and sv.types[m] in ("GPE", "LOC") and (region or _is_region(sv, m)):
            out[(u.mention, m)] = "LOCATED_IN"
    return out


def _is_region(sv: SentenceView, m: int) -> bool:
    """A place that contains towns: a LOC, or a country (``قضاء الدبس شمال غربي كركوك``
    relates two towns and gives nothing)."""
    return sv.types[m] == "LOC" or sv.norms[m] in _countries()


#: specification and inclusion: ``X، وتحديدا [في] مدينة Y``, ``X بما فيها Y``
FRAME_OPENERS = _words("في وفي ففي")


def _located_in_frame(sv: SentenceView) -> PairVote:
    """``وفي محافظة X، سيطرت الفصائل على بلدة Y``: a region (named by its class word) or a country
    fronted as the sentence's frame holds the towns its clause names by their class word, up to
    the next frame or clause break; a town with its own place phrase (``بلدة Y في Z``) is left to it."""
    out: PairVote = {}
    i = 0
    while i < len(sv.units) and sv.units[i].kind == "punct":
        i += 1
    if sv.word(i) not in FRAME_OPENERS:
        return out
    j = i + 1 + (sv.word(i + 1) in REGION_CLASS or sv.word(i + 1) in ("ريف",))
    frame = sv.mention_at(j)
    if frame < 0 or sv.types[frame] not in ("GPE", "LOC") or sv.units[j + 1 if j + 1 < len(sv.units) else j].norm not in ("،", ","):
        return out
    if j == i + 1 and sv.norms[frame] not in _countries():
        return out  # (وفي حلب، ... بلدة Y: a town as the frame says where it happened, not what holds Y)
    for k in range(j + 2, len(sv.units)):
        w = sv.word(k)
        if w in FRAME_OPENERS and (sv.word(k + 1) in REGION_CLASS or sv.mention_at(k + 1) >= 0) \
                or w in CLAUSE_BREAK_WORDS or sv.units[k].norm in (";", "؛", ":"):
            break  # another frame, another clause
        m = sv.mention_at(k)
        if m >= 0 and m != frame and sv.types[m] in ("GPE", "LOC") and TOWN_CLASS_RX.match(sv.word(k - 1)) \
                and sv.norms[m] not in _countries() and sv.word(k + 1) not in ("في", "ب", "داخل") \
                and not (sv.word(k + 1)[:1] == "ب" and sv.word(k + 1)[1:] in CLASS_WORDS):
            out[(m, frame)] = "LOCATED_IN"
    return out


SPECIFY = _words("وتحديدا تحديدا وبالتحديد بالتحديد")
BIMA_FIHA = _words("فيها فيه")


def _located_in_specified(sv: SentenceView) -> PairVote:
    """``شمال شرق سوريا، وتحديدا مدينة القامشلي``, ``مناطق في العراق بما فيها الموصل``: the
    place named after the specifying word lies in the place before it (a GPE or LOC within six
    words, with nothing but description, punctuation and class words between)."""
    out: PairVote = {}
    for t, u in enumerate(sv.units):
        if u.mention >= 0:
            continue
        if u.norm in SPECIFY:
            k = t + 1
            if not (u.norm.startswith("و") or sv.units[t - 1].norm in ("،", ",") or sv.word(k) in ("في", "ب")
                    or sv.word(k) in CLASS_WORDS):
                continue  # (تتهم مصر تحديدا قطر: "in particular" of the subject, no place named in another)
        elif u.norm == "بما" and sv.word(t + 1) in BIMA_FIHA:
            k = t + 2
        else:
            continue
        tail = next((sv.mention_at(j) for j in range(t - 1, max(-1, t - 7), -1) if sv.mention_at(j) >= 0), -1)
        if tail < 0 or sv.types[tail] not in ("GPE", "LOC"):
            continue
        while sv.word(k) in ("في", "ب") or sv.word(k) in CLASS_WORDS or sv.word(k) in DIRECTION:
            k += 1
        head = sv.mention_at(k)
        if head >= 0 and head != tail and sv.types[head] in ("GPE", "LOC", "FAC"):
            out[(head, tail)] = "LOCATED_IN"
    return out


#: a place referred to inside the sentence: ``هناك``, ``فيها``, ``بها``
#: being stationed, deployed or active somewhere
STATIONED_RX = re.compile(r"^[وف]?(?:[يت]?(?:نتشر|تمركز|تواجد|تحصن|نشط|رابط)|(?:ال)?(?:منتشر|متمركز|متواجد|متحصن|موجود|ناشط)|"
                          r"[يت]?حتفظ)")


#: the finite verbs of being stationed or active (their subject is the organisation)
STATIONED_VERB_RX = re.compile(r"^[وف]?(?:[يت]?(?:نتشر|تمركز|تواجد|تحصن|نشط)|انتشر|تمركز|تواجد|تحصن|نشط)(?:ت|وا|ون)?$")


def _located_in_reference(sv: SentenceView) -> PairVote:
    """``دخلت قوات X إلى Y وتتمركز هناك``, ``Y التي تنتشر فيها قوات X``, ``تتحصن عناصرها في تلك
    المنطقة``: an organisation stationed at a place the sentence refers back to
    (:func:`~kashif.weak.structure.place_reference`) is located at the nearest GPE or LOC before
    the reference (its referent); a stationing word must stand next to it."""
    out: PairVote = {}
    for t, u in enumerate(sv.units):
        ref = place_reference(sv, t) if u.mention < 0 else None
        if ref is None:
            continue
        near = (t - 1, t - 2, ref[1] + 1) if u.norm in THERE else (t - 2, t - 3, ref[1] + 1)
        if u.norm not in THERE and sv.word(t - 1) not in ("في", "ب", "وفي"):
            continue  # (تتحصن عناصرها في تلك المنطقة: the phrase is the place of the stationing word)
        if not any(STATIONED_RX.match(sv.word(j)) for j in near if 0 <= j < len(sv.units)):
            continue
        org = next((sv.mention_at(j) for j in range(t + 1, t + 4) if _is_type(sv, j, "ORG")), -1)
        if org < 0:
            org = antecedent(sv, t, ("ORG",), span=8 if u.norm in THERE else 16)
        if org < 0:
            continue
        place = antecedent(sv, t, ("GPE", "LOC"), span=len(sv.units))
        if place >= 0:
            out[(org, place)] = "LOCATED_IN"
    return out


def _located_in_partitive(sv: SentenceView) -> PairVote:
    """``سيطر تنظيم X على عدة مدن، واحدة منها Y``, ``تنتشر قوات X في مناطق، من بينها Y وZ``: an
    organisation controlling or stationed in places that a partitive then names is located in
    each of them (:func:`~kashif.weak.structure.partitive_members`)."""
    out: PairVote = {}
    for t in [*_triggers(sv, CONTROL_RX), *_triggers(sv, STATIONED_VERB_RX)]:
        if _blocked(sv, t):
            continue
        subj = _subject(sv, t, frozenset({"ORG"}))
        if subj is None:
            continue
        for k in range(subj[1], min(len(sv.units), subj[1] + 10)):
            if sv.units[k].mention >= 0 or sv.units[k].norm in (".", "؛", ";", ":"):
                break  # a place named directly is the control function's
            members = [m for m in partitive_members(sv, k) if sv.types[m] in ("GPE", "LOC")]
            if members:
                for m in members:
                    out[(subj[0], m)] = "LOCATED_IN"
                break
    return out


#: verbs that between two persons are criticism, not violence (``هاجمت لوبان ماكرون``)
VERBAL_ATTACK_RX = re.compile(r"^[وف]?(?:هاجم|[يت]هاجم|هجوم|هجوما)(?:ت|وا)?$")
#: what follows an attack in words: ``شن X هجوما على Y قائلا``, ``هاجم X Y ووصفه بـ``
SPEECH_AFTER = _words("قائلا قائلة واصفا واصفة ووصفه ووصفها ووصفته ووصف متهما متهمة منتقدا منتقدة معتبرا")
#: adjectives of an attack in words (``شن X هجوما حادا على Y``: sharp, scathing, verbal)
SHARP = _words("حادا حاد حادة لاذعا لاذع لاذعة كلاميا كلامي اعلاميا اعلامي")
#: words before a trigger that make it a verbal noun, not a verb (``جراء قصف``, ``إضافة إلى هجوم``)
NOUN_LEADS = _words("جراء جراءه اثر إثر نتيجة بسبب عقب الي إلى اضافة")
def _in_words(sv: SentenceView, t: int, head: int, target: int, at: int) -> bool:
    """The attack at unit ``t`` (a verb or noun of attacking, or شن before one) by ``head`` on
    ``target`` (at unit ``at``) is criticism: between two persons, or followed by a speech word
    (``قائلا``, ``ووصفه``)."""
    verbal = next((k for k in (t, t + 1, t + 2) if VERBAL_ATTACK_RX.match(sv.word(k))), -1)
    if verbal < 0:
        return False
    return sv.types[head] == "PER" and sv.types[target] == "PER" or sv.word(verbal + 1) in SHARP \
        or any(sv.word(k) in SPEECH_AFTER for k in range(at + 1, min(len(sv.units), at + 5)))


#: a killing or wounding in the passive, then its agent: ``قتل على أيدي X``, ``لقي حتفه برصاص X``
KILLED_RX = re.compile(r"^[وف]?(?:قتل|اغتيل|اصيب|جرح|قضي|لقي|لقوا|قتلوا|اصيبوا|استشهد|استشهدوا|استشهدت)$")
BY_HANDS = _words("ايدي يد ايادي")
#: an assassination verb in the active voice (the passive is ``اغتيل``)
ASSASSINATE_RX = re.compile(r"^[وف]?(?:اغتال|[يت]غتال)(?:ت|وا)?$")
#: a killing verb with its object pronoun (``الذي قتلته Y``): its subject follows
KILLED_OBJECT_RX = re.compile(r"^(?:قتل|اغتال|اعدم|صفي|خطف)(?:ت|وا)?(?:ه|ها|هم)$")
KILLED_NOUN_RX = re.compile(r"^[وفب]?(?:ال)?(?:مقتل|اغتيال|تصفي[ةه])$")
DEATH = _words("حتفه حتفهم حتفها مصرعه مصرعهم مصرعها")
BY_FIRE = _words("برصاص بنيران برصاصة وبرصاص")
LATER = _words("لاحقا مؤخرا اخيرا امس")


#: an exchange of fire or a clash (``في تبادل لإطلاق النار مع Y``, ``خلال اشتباكات مع Y``)
CLASH_RX = re.compile(r"^(?:ال)?(?:تبادل|اشتباك|اشتباكات|مواجه[ةه]|مواجهات|معرك[ةه]|معارك)$")


def _clash_with(sv: SentenceView, k: int) -> int:
    """The unit after ``مع`` when a clash phrase starts at unit ``k`` (``في|خلال`` + a clash noun,
    ``مع`` within three words), else 0."""
    if sv.word(k) not in ("في", "خلال", "اثناء") or not CLASH_RX.match(sv.word(k + 1)):
        return 0
    return next((j + 1 for j in range(k + 2, k + 5) if sv.word(j) == "مع"), 0)


def _event_by(sv: SentenceView, k: int) -> int:
    """The unit after ``في هجوم [مسلح] شنه`` when such a phrase starts at unit ``k`` (an attack
    noun, at most two adjectives, a support verb with its object pronoun), else 0."""
    if sv.word(k) not in ("في", "خلال", "جراء", "اثر") or not EVENT_RX.match(sv.word(k + 1)):
        return 0
    j = next((j for j in range(k + 2, k + 5) if SUPPORT_RX.match(sv.word(j))), 0)
    return j + 1 if j and sv.word(j).endswith(_PRONOUN_SUFFIXES) else 0


#: members killed or wounded as a group (``قتل ثلاثة جنود من الجيش X``)
SOLDIERS = _words("جنود جنديان جنديين عناصر افراد رجال عسكريين عسكريان منتسبي اعوان عونا عوني")
#: small numbers in words (``ثلاثة من أعضاء Y``)
NUMBER_WORDS = _words("اثنين اثنان ثلاثة ثلاث اربعة اربع خمسة خمس ستة ست سبعة سبع ثمانية ثماني تسعة تسع عشرة عشر "
                      "عدد بعض")


def _attacked_killed(sv: SentenceView) -> PairVote:
    """``X، الذي قتل على أيدي [أفراد من] Y``, ``لقي X حتفه برصاص Y``, ``مقتل X ... على يد Y``,
    ``قتل X في تبادل لإطلاق النار مع Y``, ``X، الذي قتلته Y``: the agent of a killing in the passive,
    of a killing noun, of a relative clause's killing verb or the other side of a clash attacked the
    person killed (the PER right after the verb,
    else the nearest PER before it in its clause or the one a relative pronoun describes; the PER
    right after the noun)."""
    out: PairVote = {}
    for r, u in enumerate(sv.units):  # X، الذي قتلته/اغتالته Y: the relative's antecedent, the verb's subject
        if u.mention < 0 and u.norm in RELATIVE and KILLED_OBJECT_RX.match(sv.word(r + 1)) and not _blocked(sv, r + 1):
            agent = _subject_after(sv, r + 1, _ACTORS) or _first_target(sv, r + 2, _ACTORS, max_steps=1)  # كتيبة Y
            victim = antecedent(sv, r, ("PER",), span=4)
            if agent is not None and victim >= 0:
                out[(agent[0], victim)] = "ATTACKED"
    for t in sv.matching(ASSASSINATE_RX):  # اغتالت X القيادي في حركة Y PER: the person after, past his role
        subj = _subject(sv, t, _ACTORS) if not _blocked(sv, t) else None
        victim = next((m for k in range(t + 1, min(len(sv.units), t + 9)) if (m := sv.mention_at(k)) >= 0
                       and sv.types[m] == "PER"), -1) if subj else -1
        if victim >= 0 and victim != subj[0] and not any(_is_break(sv, k) for k in range(t + 1, sv.pos[victim])):
            out[(subj[0], victim)] = "ATTACKED"
    for t in sorted({*sv.matching(KILLED_NOUN_RX), *sv.matching(KILLED_RX)}):
        u = sv.units[t]
        if KILLED_NOUN_RX.match(u.norm) and sv.type_at(t + 1) == "PER":
            # مقتل X ... على يد Y: the agent after the victim, in the same clause
            k = next((k for k in range(t + 2, min(len(sv.units), t + 16))
                      if sv.word(k) in BY_FIRE or sv.word(k) in ("علي", "وعلي") and sv.word(k + 1) in BY_HANDS
                      or sv.units[k].norm in (".", "؛", ";", ":") or sv.type_at(k) in ("PER", "ORG")), -1)
            if k > 0 and sv.word(k):
                k += 1 if sv.word(k) in BY_FIRE else 2
                agent = sv.mention_at(k)
                if agent >= 0 and sv.types[agent] in _ACTORS:
                    out[(agent, sv.mention_at(t + 1))] = "ATTACKED"
            continue
        if not KILLED_RX.match(u.norm):
            continue
        k = t + 1
        victim = -1
        while k - t <= 2 and sv.mention_at(k) < 0 and (TITLE_RX.match(sv.word(k)) or ROLE_RX.match(sv.word(k))
                                                      or sv.word(k) in ("الجندي", "الشرطي", "العسكري")):
            k += 1  # أصيب الجندي/الرقيب X
        m = sv.mention_at(k)
        if m >= 0 and sv.types[m] == "PER":
            victim = m  # لقي X حتفه برصاص Y; قتل X على أيدي Y (the passive's subject after it)
            k += 1
        elif m < 0:  # قتل ثلاثة جنود من الجيش X: untagged members, their body carries it
            j = k + (sv.word(k) in NUMBER_WORDS or sv.units[k].kind == "num" if k < len(sv.units) else 0)
            if sv.word(j) in SOLDIERS and sv.word(j + 1) == "من" and sv.type_at(j + 2) == "ORG":
                victim, k = sv.mention_at(j + 2), j + 3
        if sv.word(k) in DEATH:
            k += 1
        k += sv.word(k) in LATER  # قتل لاحقا برصاص Y
        while sv.word(k) in ("في", "ب") and sv.type_at(k + 1) in ("GPE", "LOC", "FAC") or sv.type_at(k) == "DATE":
            k += 1 + (sv.type_at(k) != "DATE")  # اغتيل X في عمان [يوم ...] على يد Y: where and when
        if sv.word(k) in ("علي", "وعلي") and sv.word(k + 1) in BY_HANDS:
            k += 2
        elif sv.word(k) in BY_FIRE:
            k += 1
        elif (clash := _clash_with(sv, k)) > 0:
            k = clash  # قتل X في تبادل لإطلاق النار مع Y: the other side killed him
        elif (by := _event_by(sv, k)) > 0:
            k = by  # أصيب X في هجوم شنته Y: the attack's agent
        else:
            continue
        while k < len(sv.units) and sv.units[k].mention < 0 and (MEMBERS_OF.match(sv.word(k)) or sv.word(k) in (
                "افراد", "عناصر", "من", "احد", "قوات", "مجموعة", "مجموعات", "ارهابية", "مسلحة", "تابعة", "التابعة",
                "قناص", "قناصة")
                or sv.word(k) in NUMBER_WORDS or sv.units[k].kind == "num"  # على يد ثلاثة من أعضاء Y
                or PLATFORMS_RX.match(sv.word(k)) or UNIT_RX.match(sv.word(k).removeprefix("ل"))
                or _class_word(sv.word(k)) or sv.units[k].norm in ("“", '"', "«")):  # برصاص مجموعة إرهابية تابعة لكتيبة X
            k += 1  # على أيدي أفراد من الشرطة الإيطالية
        agent = sv.mention_at(k)
        if agent < 0 or sv.types[agent] not in _ACTORS:
            continue
        if victim < 0 and sv.word(t - 1) in RELATIVE:  # X، منفذ الهجوم ...، الذي قتل: the person described
            victim = antecedent(sv, t - 1, ("PER",))
        for j in range(t - 1, max(-1, t - 8), -1) if victim < 0 else ():
            if sv.units[j].norm in (".", "؛", ";", ":") or sv.word(j) in REPORTING:
                break
            m = sv.mention_at(j)
            if m >= 0:
                victim = m if sv.types[m] == "PER" else -1
                break
        if victim >= 0 and victim != agent:
            out[(agent, victim)] = "ATTACKED"
    return out


#: sub-bodies that sit in a larger body: ``كتلة X بمجلس نواب الشعب``, ``لجنة الدفاع في البرلمان``
SUB_BODY_RX = re.compile(r"^[وفبل]?(?:ال)?(?:كتل[ةه]|لجن[ةه]|فرع|مكتب|كلي[ةه]|معهد|قسم|مصلح[ةه]|مصلحت(?:ي|ا)|"
                         r"فرق[ةه]|ادار[ةه]|ادارت(?:ي|ا)|مديري[ةه]|دائر[ةه])\b")
#: a corps' or body's district or branch between a sub-unit and the body (``فرقة X بمنطقة الحرس
#: الوطني``, ``مصلحة X بإقليم الحرس الوطني``): the unit belongs to the body
DISTRICT_OF = _words("بمنطقة باقليم باقليمي بمنطقتي بفرع بادارة")


def _member_sub_body(sv: SentenceView) -> PairVote:
    """A parliamentary bloc, committee, branch, office, faculty, department or squad followed by
    the body it sits in, with a glued ب or في, or by one of the body's districts: ``كتلة حركة X
    بمجلس نواب الشعب``, ``كلية X بجامعة Y``, ``فرقة X بمنطقة الحرس الوطني`` -> MEMBER_OF."""
    out: PairVote = {}
    for i, u in enumerate(sv.units[:-1]):
        if u.mention < 0 or sv.types[u.mention] != "ORG" or not SUB_BODY_RX.match(u.norm):
            continue
        k = i + 1 + (sv.word(i + 1) in ("في", "داخل"))
        if sv.word(k) in DISTRICT_OF and sv.type_at(k + 1) == "ORG":
            out[(u.mention, sv.mention_at(k + 1))] = "MEMBER_OF"
            continue
        m = sv.mention_at(k)
        glued = _clitic(sv, m, "ب") or normalize_letters(sv.surfaces[m]).startswith(("بمجلس", "بال")) if m >= 0 else False
        if m >= 0 and sv.types[m] == "ORG" and (k > i + 1 or glued):
            out[(u.mention, m)] = "MEMBER_OF"
    return out


def _located_in_adjacent(sv: SentenceView) -> PairVote:
    """Datelines: ``حلب (سوريا)``, ``دمشق، سوريا:``: a town then its country, GPE -> GPE, nothing
    else between. A list (``سوريا، العراق، لبنان``) is not a dateline: Y must close it. A place
    of any kind, quoted or not, then its governorate in brackets by its class word
    (``منطقة X (ولاية Y)``, ``بـ"X" (ولاية Y)``) lies in it."""
    out: PairVote = {}
    n = len(sv.units)
    for i in range(n - 2):
        a, b = sv.mention_at(i), sv.mention_at(i + 2)
        p = i + 1 + (sv.word(i + 1) in QUOTES)  # بـ"شباو" (ولاية منوبة)
        if a >= 0 and sv.types[a] in ("GPE", "LOC", "FAC") and sv.units[p].norm == "(" and sv.word(p + 1) in REGION_CLASS:
            b = sv.mention_at(p + 2)  # بنقردان (ولاية مدنين): a town, quarter or building, then its governorate
            if b >= 0 and sv.types[b] == "GPE" and p + 3 < n and sv.units[p + 3].norm == ")":
                out[(a, b)] = "LOCATED_IN"
            continue
        if a < 0 or b < 0 or sv.types[a] != "GPE" or sv.types[b] != "GPE":
            continue
        sep, after = sv.units[i + 1].norm, (sv.units[i + 3].norm if i + 3 < n else "")
        if (sep == "(" and after == ")") or (sep in ("،", ",") and after in (":", "-", "–", "—")):
            out[(a, b)] = "LOCATED_IN"
    return out


def _located_in_org(sv: SentenceView) -> PairVote:
    """An organisation's base, forces, cells or control: ``منظمة X ومقرها Y``, ``مقر X في Y``,
    ``خلايا داعش في سوريا``, ``القوات الروسية في سورية``, ``سيطر X على ... في Y`` (``Y كانت مركزا
    لـX``: :func:`_located_in_center`)."""
    out: PairVote = {}
    n = len(sv.units)
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] != "ORG":
            continue
        org = u.mention
        # X [لرصد النزاع] ومقرها [في] Y: up to three words of description between
        b = next((k for k in range(i + 1, min(len(sv.units), i + 5))
                  if BASE_RX.match(sv.word(k)) or not sv.word(k) or sv.units[k].mention >= 0), -1)
        if b > 0 and BASE_RX.match(sv.word(b)):
            k = b + 1 + (sv.word(b + 1) == "في")
            tgt = _first_target(sv, k, frozenset({"GPE", "LOC"}), max_steps=1)
            if tgt is not None:
                out[(org, tgt[0])] = "LOCATED_IN"
                continue
        p = i - 1
        while p > 0 and (sv.units[p].kind == "punct" or _class_word(sv.word(p)) and not PRESENCE_RX.match(sv.word(p))):
            p -= 1  # مواقع لحركة “حماس”: past the quote and the class word to the presence word
        prev = sv.word(p)
        surface = normalize_letters(sv.surfaces[org])
        presence = bool(PRESENCE_RX.match(prev)) or bool(FORCES_RX.match(surface)) or bool(SEATED_RX.match(surface)) \
            or any(JOIN_RX.match(sv.word(k)) for k in range(p, max(-1, p - 3), -1)) \
            or sv.word(i - 1) in ARMED_GROUP_CLASS \
            or any(OUTLET_RX.match(sv.word(k)) for k in range(p + 1, i))  # التحقا بتنظيم X في Y; تنظيم X في Y; صحيفة X في Y: based there
        stationed = _stationed_participle(sv, i + 1)
        if stationed >= 0:
            out[(org, stationed)] = "LOCATED_IN"  # كتيبة X، المتحصنة بجبل Y
        j = _skip_apposition(sv, i + 1)  # قوات “قسد” في, الدولة الإسلامية (داعش) في
        while EVALUATIVE_RX.match(sv.word(j)):
            j += 1  # تنظيم داعش الإرهابي في ليبيا
        nxt = sv.word(j)
        # X في شمال شرق Y: an organisation "in" a region of a place is present there
        if (presence or sv.word(j + 1) in DIRECTION) and (nxt in ("في", "داخل", "ب") or (
                nxt[:1] == "ب" and nxt[1:] in CLASS_WORDS and SEATED_RX.match(surface))):
            # غرفة عمليات X بمدينة Y: a seated body (not forces: قتل في اشتباك مع الشرطة بمدينة Y is where it happened)
            k = j + 1
            while sv.word(k) in DIRECTION or sv.word(k) in CLASS_WORDS:
                k += 1
            m = sv.mention_at(k)
            if m >= 0 and sv.types[m] in ("GPE", "LOC"):
                out[(org, m)] = "LOCATED_IN"
        elif nxt == "في" and GOVERNMENT_RX.match(surface) and (m := sv.mention_at(j + 1)) >= 0 \
                and sv.types[m] == "GPE" and sv.norms[m] in _countries() \
                and not any(w in _countries() for w in sv.norms[org].split()):  # (حكومة فرنسا في سوريا)
            out[(org, m)] = "LOCATED_IN"  # حكومة الوفاق الوطني في ليبيا: a government sits in its country
    # stationed or active: X تنشط في جنوب Y، X، التي تتمركز في Y
    for t in _triggers(sv, STATIONED_VERB_RX):
        if _blocked(sv, t):
            continue
        subj = _subject(sv, t, frozenset({"ORG"}))
        if subj is None:
            continue
        # SVO: X تنشط في Y; VSO: تنشط كتيبة X في Y (the place phrase after the subject)
        k = t + 1 if sv.word(t + 1) in ("في", "داخل") else subj[1] if sv.pos.get(subj[0], -1) > t else -1
        k += k >= 0 and k < len(sv.units) and sv.units[k].norm in (")", *QUOTES)  # تنظيم (X) بجبال
        if k >= 0:
            k = _past_aside(sv, k)  # تمركزت كتيبة X، التابعة لـY، في Z
        w = sv.word(k) if k >= 0 else ""
        if w in ("في", "داخل"):
            k += 1
        elif not (w[:1] == "ب" and (w[1:] in CLASS_WORDS or w[1:] in LANDSCAPE)):
            continue  # (تنتشر عناصر X بجبال ...: the preposition glued to the landscape noun)
        m = _place_after(sv, k)
        if m >= 0:
            out[(subj[0], m)] = "LOCATED_IN"
    # a seat taken: X، الذي يتخذ من Y مقرا له
    for t in _triggers(sv, TAKE_SEAT_RX):
        subj = _subject(sv, t, frozenset({"ORG"})) if not _blocked(sv, t) else None
        if subj is None:
            continue
        f = max(t + 1, subj[1])  # اتخذ X من Y (the subject after the verb) or X يتخذ من Y
        c = f + 1 + (sv.word(f + 1) in CLASS_WORDS)  # اتخذت من [مدينة] Y مقرا
        m = sv.mention_at(c)
        if sv.word(f) == "من" and m >= 0 and sv.types[m] in ("GPE", "LOC") and sv.word(c + 1) in ("مقرا", "مركزا"):
            out[(subj[0], m)] = "LOCATED_IN"
    # control: سيطر X على ... في Y و Z
    for t in _triggers(sv, CONTROL_RX):
        if _blocked(sv, t):
            continue
        subj = _subject(sv, t, frozenset({"ORG"}))
        if subj is None:
            continue
        org, k = subj
        seen_fi = seen_ala = held = False
        occupied = "حتل" in sv.word(t)  # احتل X Y: occupying takes its object without a preposition
        while k < n and not _is_break(sv, k) and k - t < 12:
            w = sv.word(k)
            m = sv.mention_at(k)
            if occupied and m >= 0 and m != org and sv.types[m] in ("GPE", "LOC") and not held \
                    and not _after_preposition(sv, k):
                out[(org, m)] = "LOCATED_IN"
                held = True
            elif w in ("في", "وفي"):
                if held:
                    break  # سيطر X على مدينة Y في Z: direct links only (X -> Y; Y -> Z is another fact)
                seen_fi = True
            elif w == "علي":
                seen_ala = True
            elif m >= 0:
                if held and not (_clitic(sv, m, "و") or sv.word(k - 1) == "و"):
                    break  # سيطر X على بلدة Y بريف Z: Z holds Y (direct links only); و-members go on
                if sv.types[m] in ("GPE", "LOC") and (seen_fi or seen_ala):
                    out[(org, m)] = "LOCATED_IN"
                    held = not seen_fi
                elif sv.types[m] not in ("GPE", "LOC"):
                    break
            k += 1
    return out


#: the class word of armed organisations: ``تنظيم X في Y`` names its branch or forces there
ARMED_GROUP_CLASS = _words("تنظيم وتنظيم لتنظيم بتنظيم")
#: the class words of an outlet: ``صحيفة X في Y`` is published there
OUTLET_RX = re.compile(r"^[وبل]?(?:صحيف[ةه]|جريد[ةه]|مجل[ةه]|اذاع[ةه]|قنا[ةه])$")


def _past_aside(sv: SentenceView, k: int) -> int:
    """The unit after a comma-set description that starts at the comma at unit ``k`` with an
    affiliation adjective or a relative pronoun (``، التابعة لـY،``, ``، التي تأسست عام 2012،``),
    within ten units; ``k`` when there is none."""
    if k >= len(sv.units) or sv.units[k].norm not in ("،", ",") or not (
            AFFILIATION_RX.match(sv.word(k + 1)) or sv.word(k + 1) in RELATIVE):
        return k
    for j in range(k + 2, min(len(sv.units), k + 11)):
        if sv.units[j].norm in ("،", ","):
            return j + 1
        if _is_break(sv, j):
            break
    return k


def _stationed_participle(sv: SentenceView, j: int) -> int:
    """``X[،] المتحصنة/المتمركزة/المنتشرة بـ/في Y``: the place of an organisation described as
    stationed there (a participle right after its name), or -1."""
    j = _skip_apposition(sv, j)
    while EVALUATIVE_RX.match(sv.word(j)):
        j += 1
    if sv.word(j) in ("،", ","):
        j += 1
    w = sv.word(j)
    if not (w.startswith("ال") and STATIONED_RX.match(w)):
        return -1
    nxt = sv.word(j + 1)
    if nxt in ("في", "داخل"):
        return _place_after(sv, j + 2)
    if sv.mention_at(j + 1) >= 0 and normalize_letters(sv.surfaces[sv.mention_at(j + 1)]).startswith("ب"):
        return _place_after(sv, j + 1)
    if nxt[:1] == "ب" and (nxt[1:] in CLASS_WORDS or nxt[1:] in DIRECTION):
        return _place_after(sv, j + 2)
    return -1


#: evaluative adjectives after an organisation's name (ANNOTATION rule 4: outside its span)
EVALUATIVE_RX = re.compile(r"^(?:ال)(?:ارهابي[ةه]?|تكفيري[ةه]?|متطرف[ةه]?|مسلح[ةه]?|متشدد[ةه]?)$")


def _class_word(w: str) -> bool:
    """A class word, also after the prepositions ب/ل (``لحركة``, ``بتنظيم``)."""
    return w in CLASS_WORDS or (w[:1] in ("ب", "ل") and w[1:] in CLASS_WORDS)


def _skip_apposition(sv: SentenceView, j: int) -> int:
    """The unit after closing quotes and a bracketed apposition (``X (داعش)``) from ``j``."""
    while j < len(sv.units) and sv.units[j].kind == "punct" and sv.units[j].norm in "”\"»'’)":
        j += 1
    if sv.word(j) == "(" and sv.mention_at(j + 1) >= 0 and sv.word(j + 2) == ")":
        j += 3
    return j


#: landscape nouns before a place's name (``بجبال وغابات محافظة X``)
LANDSCAPE = _words("جبال غابات مرتفعات ضواحي اطراف ارياف صحراء سواحل")


def _place_after(sv: SentenceView, k: int) -> int:
    """The GPE/LOC mention at unit ``k`` past direction, class and landscape words, also with و
    (``في إقليم X``, ``بجبال وغابات محافظة X``); -1."""
    while (w := sv.word(k)) and (w in DIRECTION or w in CLASS_WORDS or w.removeprefix("و") in LANDSCAPE
                                 or w[:1] in "وب" and w[1:] in CLASS_WORDS):
        k += 1
    m = sv.mention_at(k)
    return m if m >= 0 and sv.types[m] in ("GPE", "LOC") else -1


def _located_in_presence(sv: SentenceView) -> PairVote:
    """An organisation's presence said in other words: ``قواته المنتشرة في Y`` (its forces: the
    nearest ORG before), ``يحتفظ X بشبكة ... في Y`` (a network, cells or bases it holds there)."""
    out: PairVote = {}
    n = len(sv.units)
    for i, u in enumerate(sv.units):
        if u.mention < 0 and u.kind == "word" and PRESENCE_RX.match(u.norm) and u.norm.endswith(_PRONOUN_SUFFIXES):
            k = i + 1 + bool(DEPLOYED_RX.match(sv.word(i + 1)))
            if sv.word(k) in ("في", "داخل"):
                org = _nearest_before(sv, i, frozenset({"ORG"}))
                m = _place_after(sv, k + 1)
                if org >= 0 and m >= 0:
                    out[(org, m)] = "LOCATED_IN"
        if u.mention >= 0 and sv.types[u.mention] == "ORG":
            j = _skip_apposition(sv, i + 1)
            if not HOLD_RX.match(sv.word(j)):
                continue
            for k in range(j + 1, min(n, j + 7)):
                if _is_break(sv, k) or sv.units[k].mention >= 0:
                    break
                if sv.word(k) in ("في", "داخل"):
                    m = _place_after(sv, k + 1)
                    if m >= 0:
                        out[(u.mention, m)] = "LOCATED_IN"
                    break
    return out


def _located_in_apposition(sv: SentenceView) -> PairVote:
    """``الفاشر، عاصمة ولاية Y``, ``غنجة، ثانية كبرى مدن Y``: a town described as the capital or
    one of the cities of Y (``عاصمة Y، X`` the other way round); and a list of places after ``في
    Y،`` or ``بمنطقة Y وهي`` (``مناطق في حلب، هي حي X وحي Z``, ``دول بمنطقة Y وهي A وB``): each
    listed place is in Y."""
    out: PairVote = {}
    n = len(sv.units)
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] not in ("GPE", "LOC", "FAC"):
            continue
        comma = sv.word(i + 1) in ("،", ",")
        k = i + 2
        words = []
        while comma and k < n and sv.units[k].mention < 0 and len(words) < 4 and (
                sv.word(k) in CITY_OF or sv.word(k) in CLASS_WORDS or sv.word(k) in DIRECTION
                or not words and sv.word(k) in ("وهي", "وهو", "هي", "هو")):  # X، وهي إحدى مدن Y
            words.append(sv.word(k))
            k += 1
        m = sv.mention_at(k)
        if words and any(w in CITY_OF for w in words) and m >= 0 and sv.types[m] in ("GPE", "LOC"):
            out[(u.mention, m)] = "LOCATED_IN"
            continue
        if comma and sv.word(i - 1).removeprefix("في") in ("عاصمة", "عاصمه") and sv.type_at(i + 2) == "GPE":
            out[(sv.mention_at(i + 2), u.mention)] = "LOCATED_IN"  # في عاصمة X، Y: Y is the capital, in X
            continue
        # the list: في Y، هي A وB وC; بمنطقة Y وهي A وB وC
        k = i + 2 if sv.word(i + 1) in ("،", ",") else i + 1
        if sv.types[u.mention] == "FAC" or not _in_place(sv, i) or sv.word(k) not in LIST_INTRO \
                or k == i + 1 and not sv.word(k).startswith("و"):
            continue
        k += 1
        country = sv.norms[u.mention] in _countries()
        while k < n:
            m = sv.mention_at(k)
            if m >= 0:
                if sv.types[m] not in ("GPE", "LOC", "FAC"):
                    break
                if not (country and sv.norms[m] in _countries()):  # (a country is in no country)
                    out[(m, u.mention)] = "LOCATED_IN"
            elif sv.word(k) not in ("و", "،", ",") and sv.word(k) not in CLASS_WORDS:
                break
            k += 1
    return out


def _located_in_affiliated(sv: SentenceView) -> PairVote:
    """``X التابع/التابعة لـY`` for places: ``مطار X التابع لمحافظة Y``, ``X مدينة سورية تابعة
    لمحافظة Y``, ``منطقة X، التابعة لمعتمدية Y``."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] not in ("GPE", "LOC", "FAC"):
            continue
        k = _past_place_description(sv, i, i + 1)
        k += sv.word(k) in ("،", ",") and bool(AFFILIATED_RX.match(sv.word(k + 1)))  # منطقة X، التابعة لمعتمدية Y
        if AFFILIATED_RX.match(sv.word(k)):
            tgt = _first_target(sv, k + 1, frozenset({"GPE", "LOC"}), max_steps=1)
            head = _agreeing_place(sv, i, sv.word(k))
            if tgt is not None and head >= 0:
                out[(head, tgt[0])] = "LOCATED_IN"
    return out


#: masculine class words of places (``جبل``, ``حي``): a feminine participle after such a place
#: describes an earlier feminine one (``منطقة X المتاخمة لجبل Y التابعة لمعتمدية Z``: X is in Z)
MASCULINE_PLACES = _words("جبل حي مطار سجن شارع مخيم ميناء وادي سد جسر")
FEMININE_PLACES = _words("منطقة مدينة بلدة قرية ولاية معتمدية جزيرة محافظة")


def _agreeing_place(sv: SentenceView, i: int, participle: str) -> int:
    """The place mention a participle after the mention at unit ``i`` agrees with: that mention,
    or, when it is masculine by its class word and the participle feminine, the nearest earlier
    place named with a feminine class word (at most six units back, no clause break; -1 when that
    place is not tagged; the mention itself when no feminine class word stands there at all)."""
    m = sv.mention_at(i)
    first = normalize_letters(sv.surfaces[m]).split()[0]
    before = sv.word(i - 1).removeprefix("ب").removeprefix("ل")
    masculine = before in MASCULINE_PLACES or \
        first.removeprefix("ب").removeprefix("ل") in MASCULINE_PLACES and before not in FEMININE_PLACES
    if not (masculine and participle.endswith(("ة", "ه"))):
        return m  # (منطقة حي X التابعة لـY: the area is the quarter)
    feminine = False
    for j in range(i - 1, max(-1, i - 7), -1):
        if _is_break(sv, j):
            break
        w = sv.word(j - 1 - (sv.word(j - 1) in QUOTES)).removeprefix("ب").removeprefix("ل")
        feminine = feminine or sv.word(j).removeprefix("ب").removeprefix("ل") in FEMININE_PLACES
        if sv.type_at(j) in ("GPE", "LOC") and w in FEMININE_PLACES:
            return sv.mention_at(j)
    return -1 if feminine else m  # no feminine place in sight: loose agreement (بحي X التابعة لمنطقة Y)


#: roles of a representative sent to a body (``سفير X لدى Y``: X's, not Y's)
REPRESENTATIVE_RX = re.compile(r"^[وف]?(?:ال)?(?:سفير|مندوب|ممثل|مبعوث)")


#: nouns that may stand between a role and the state it serves (``رئيس وزراء Y``, ``وزير خارجية Y``)
STATE_OFFICES = _words("وزراء الوزراء حكومة خارجية دفاع داخلية مالية عدل اقتصاد "
                       "السابق السابقة الاسبق الراحل الحالي الدائم العام الخاص الاول المؤقت الجديد عدد")


def _role_org_after(sv: SentenceView, r: int, limit: int = 8) -> tuple[int, int] | None:
    """The first ORG/GPE mention after the role word at ``r`` (no person before it). A state
    after an untagged body (``مدير أمن Y``, ``رئيس بلدية Y``, ``مدير مستشفى Y``) is that body's
    place, not what the role holder serves: only roles, offices of state, class words and
    adjectives may stand between a role and a GPE."""
    plain = True
    for k in range(r + 1, min(len(sv.units), r + 1 + limit)):
        m = sv.mention_at(k)
        w = sv.word(k)
        if m < 0 and sv.units[k].kind == "word" and not (ROLE_RX.match(w) or w in STATE_OFFICES or _class_word(w)
                                                          or w.startswith("ال") and w.endswith(("ي", "ية", "يه", "ة"))
                                                          or w in PREPOSITIONS or w[:1] == "ل"):
            plain = False
        if m >= 0:
            ok = sv.types[m] == "ORG" or (sv.types[m] == "GPE" and not _after_preposition(sv, k) and plain)
            # (السفير البريطاني لدى الأمم المتحدة: a representative *to* a body is no member of it;
            # المكلف بالإعلام لدى X: other roles are held "at" it)
            return (m, k) if ok and not (sv.word(k - 1) == "لدي" and REPRESENTATIVE_RX.match(sv.word(r))) else None
        if sv.units[k].norm in ("،", ",", ".", ":", "؛", ";") or sv.units[k].norm in RELATIVE:
            return None
    return None


def _member_roles(sv: SentenceView) -> PairVote:
    """``PER وهو ... رئيس ORG`` and ``مدير ORG، PER``."""
    out: PairVote = {}
    for r, u in enumerate(sv.units):
        if u.mention >= 0 or u.kind != "word":
            continue
        # آمر ORG [بمدينة Y] PER: the commander of a unit, spelt like أمر ("ordered") once normalised,
        # so read only with the body right after it and only for the person after the body
        commander = u.norm in ("امر", "وامر") and _is_type(sv, r + 1, "ORG")
        if not (commander or ROLE_RX.match(u.norm)):
            continue
        if u.norm in ("المتشدد", "المتطرف") and sv.word(r - 1).startswith("ال"):
            continue  # التنظيم المتشدد: an adjective of the noun before, not a person described
        if _role_negated(sv, r):
            continue
        org = _role_org_after(sv, r)
        if org is None:
            for pair in (_role_backref(sv, r), _role_person_for(sv, r)):
                if pair is not None:
                    out[pair] = "MEMBER_OF"
            continue
        # ROLE ORG [بY] وORG2: the role is held in each body (الناطق باسم المحكمة بتونس والقطب)
        bodies = [org[0]]
        k = org[1] + 1
        while k < len(sv.units) and k - org[1] <= 3 and sv.mention_at(k) >= 0:
            m = sv.mention_at(k)
            if sv.types[m] == "ORG" and _clitic(sv, m, "و"):
                bodies.append(m)
            elif not (sv.types[m] in ("GPE", "LOC") and _after_preposition(sv, k)):
                break
            k += 1
        # a person before the role in apposition: PER[،] [وهو] [بصفته] ROLE -- not PER خبر مقتل ROLE
        past_role = described = False
        for k in range(r - 1, max(-1, r - 14) if not commander else r - 1, -1):  # (any other word ends the walk)
            m = sv.mention_at(k)
            if m >= 0 and sv.types[m] == "DATE" and (sv.word(k - 1) in ("(", "-", "–") or sv.word(k + 1) in (")", "-", "–")):
                continue  # رياض الصلح (1894 - 1951) سياسي: the years of his life in brackets
            if m >= 0:
                # PER1 ورئيس X PER2: the role of the next person in a list (not الرئيس السابق PER ومؤسس حزب X)
                listed = k == r - 1 and sv.word(r)[:1] == "و" and any(
                    sv.type_at(j) == "PER" for j in range(r + 1, min(len(sv.units), r + 10)))
                if described and (k > 1 or (k == 1 and sv.units[0].norm not in ("و", "ف"))):
                    break  # (an indefinite description is the predicate only of the sentence's topic)
                if sv.types[m] == "PER" and not listed and (not past_role or sv.units[k + 1].norm in ("،", ",")):
                    for body in bodies:
                        out[(m, body)] = "MEMBER_OF"
                if sv.types[m] in ("ORG", "GPE") and sv.word(k + 1)[:1] == "و" and ROLE_RX.match(sv.word(k + 1)) \
                        and any(ROLE_RX.match(sv.word(j)) for j in (k - 1, k - 2)):
                    past_role = True  # PER، ROLE1 [العام] ORG1 وROLE2 ORG2 (not PER1 ورئيس X وأمين Y: a list)
                    continue
                break
            w = sv.word(k)
            if _indefinite_description(w) and not past_role:
                described = True  # PER سياسي تونسي وأول رئيس لـX: a nominal sentence's predicates
                continue
            if sv.units[k].kind == "word" and w not in APPOSITION_FILLERS and not TITLE_RX.match(w) and not ROLE_RX.match(w):
                break  # (مساعد مدير عمليات: a chain of roles is fine)
        # a person after the organisation: ROLE ORG [الروسية ، | لدى X] [وORG2] PER
        k = org[1] + 1
        steps = 0
        chained = False
        while k < len(sv.units) and steps < 9:  # (nine units from the last body of the chain)
            m = sv.mention_at(k)
            if m >= 0:
                if sv.types[m] == "PER":
                    b = k - 1
                    while b > k - 3 and sv.word(b).startswith("ال") and not ROLE_RX.match(sv.word(b)):
                        b -= 1  # past للزعيم [الراحل] PER
                    governed = sv.word(k - 1) in PREPOSITIONS or any(
                        w[:1] == "ل" and TITLE_RX.match("ال" + w[2:] if w[:2] == "لل" else w[1:])
                        for w in (sv.word(k - 1), sv.word(b)))
                    # (أمر X PER بالانسحاب: an order; ملكة Y قد أهدتها للزعيم PER: another clause's object)
                    if not governed and not (commander and sv.word(k + 1)[:1] in ("ب", "ل")):
                        for body in bodies:
                            out[(m, body)] = "MEMBER_OF"
                    break
                if m in bodies:
                    pass  # الناطق باسم المحكمة الابتدائية بتونس والقطب القضائي، PER: both
                elif chained and sv.types[m] == "ORG" and not _listed_roles(sv, r):
                    bodies.append(m)  # ROLE ORG [بY] [و]ROLE2 ORG2، PER: he holds both
                    chained = False
                    steps = 0
                elif sv.word(k - 1) not in ("لدي", "في", "من") and not _after_preposition(sv, k):
                    break  # (آمر X بمدينة بنغازي الليبية PER: the unit's seat between)
            elif sv.units[k].norm in (".", ":", "؛", ";") or sv.units[k].norm in RELATIVE \
                    or sv.word(k) in COMPLEMENTIZERS:
                break  # (قال الناطق باسم X إن Y قتل: Y is what he reported on)
            elif sv.units[k].kind == "word" and ROLE_RX.match(sv.word(k)) and (
                    sv.mention_at(k - 1) >= 0 or sv.word(k)[:1] != "و" and sv.units[k - 1].norm in ("،", ",")
                    and sv.mention_at(k - 2) >= 0):
                # right after the body or its seat, or in apposition after a comma (قائد X، قائد Y في Z،
                # نائب الأميرال PER); not across ، وقال المتحدث باسم Y
                chained = True
            k += 1
            steps += 1
    return out


def _indefinite_description(w: str) -> bool:
    """An indefinite relative adjective or profession (``سياسي``, ``تونسي``) of the
    sentence's topic: ``الحبيب بورقيبة سياسي تونسي وأول رئيس للجمهورية``."""
    return not w.startswith(("ال", "وال")) and w.endswith(("ي", "ية", "يه")) and len(w) > 3


def _listed_roles(sv: SentenceView, r: int) -> bool:
    """The role at ``r`` is one of a list of people with their roles (``PER1 ورئيس X ... وأمين عام Y
    PER2 والمدير ...``), not a chain of roles held by one person: the role carries و, or a
    person or another و-role stands right before it, or the next person is followed by a و-role."""
    if sv.word(r)[:1] == "و" or sv.type_at(r - 1) == "PER":
        return True
    k = next((j for j in range(r + 1, min(len(sv.units), r + 20)) if sv.type_at(j) == "PER"), -1)
    return k > 0 and sv.word(k + 1)[:1] == "و" and bool(ROLE_RX.match(sv.word(k + 1)))


#: words between a person and a role in apposition (``X، وهو أيضا المتحدث باسم``)
APPOSITION_FILLERS = _words("وهو هو وهي هي بصفته بصفتها كان كانت ايضا الذي التي يشغل تشغل منصب المكلف مساعد "
                            "السابق العام الاول واول")


def _role_person_for(sv: SentenceView, r: int) -> tuple[int, int] | None:
    """``النائب X عن [حركة] Y``, ``المدير X بالمنظمة Y``: a role, the person, then the body he
    sits for after عن or a glued ب: ``(person, organisation)``. Not after في (``الرئيس X في البيت
    الأبيض`` says where he spoke) nor لدى (``المندوب X لدى Y``: sent to Y, a member of his state)."""
    k = r + 1
    while sv.mention_at(k) < 0 and sv.word(k) and (TITLE_RX.match(sv.word(k)) or (
            sv.word(k).startswith("ال") and sv.word(k).endswith(("ي", "ية")))):
        k += 1  # الرئيس [الأمريكي] [الدكتور] X
    per = sv.mention_at(k)
    if per < 0 or sv.types[per] != "PER":
        return None
    k += 1
    prep = sv.word(k) == "عن"
    k += prep
    while _class_word(sv.word(k)) and sv.mention_at(k) < 0:
        k += 1
    m = sv.mention_at(k)
    if m < 0 or sv.types[m] != "ORG":
        return None
    # (a glued ل after a person is "to": قال X للجوهرة اف ام)
    glued = normalize_letters(sv.surfaces[m]).startswith("ب") or sv.word(k - 1)[:1] == "ب"
    return (per, m) if prep or glued else None


#: the jussive and present copulas after a negation (``لم يكن``, ``لم يعد``)
COPULAS = _words("يكن تكن يكونوا يعد تعد يعودوا")


def _role_negated(sv: SentenceView, r: int) -> bool:
    """The role at ``r`` is denied or only possible (``ليس رئيس``, ``قد يصبح مدير``): a negation
    or modality word right before it. A negated verb further back (``نفى الأمين العام لـX، Y
    وجود ...``) denies something else."""
    ks = [r - 1, r - 2]
    if sv.mention_at(r - 1) >= 0:  # لم يكن X عضوا في Y: past the person and the copula
        ks = [r - 2, r - 3] if sv.word(r - 2) not in COPULAS else [r - 3, r - 4]
    for k in ks:
        w = sv.word(k)
        demand = w in DEMAND_WORDS or (w[:1] in "وف" and w[1:] in DEMAND_WORDS)
        if (w in NEGATION and w not in DENIAL) or (_is_modal(w) and w != "قد" and not demand):
            return True  # (نفى "denied", طالب "demanded" are verbs of their own: the role is their subject)
        if w and not SUBJECT_FILLER_RX.match(w):
            break
    return False


#: a preposition with a pronoun after a role (``القيادي فيه``, ``عضو بها``)
IN_IT = _words("فيه فيها به بها منه منها باسمه باسمها")


def _role_backref(sv: SentenceView, r: int) -> tuple[int, int] | None:
    """``ROLE الفرقة PER`` after the organisation was named: ``(person, organisation)`` when the
    word after the role is a definite back-reference (``الفرقة``, ``الحركة``, ``الوزارة``) whose
    antecedent ORG stands earlier in the sentence and a person follows it (ANNOTATION: the nearest
    tagged antecedent carries the relation). ``القيادي فيه PER``, ``الناطق الرسمي باسمها العقيد PER``:
    the pronoun stands for the nearest ORG before."""
    w = sv.word(r + 1)
    k = r + 1 + (_nisba(w) and sv.word(r + 2) in IN_IT)  # الناطق [الرسمي] باسمها
    if sv.word(k) in IN_IT:
        while sv.mention_at(k + 1) < 0 and sv.word(k + 1) and TITLE_RX.match(sv.word(k + 1)):
            k += 1  # باسمها العقيد PER
        org = antecedent(sv, r, ("ORG",)) if sv.type_at(k + 1) == "PER" else -1
        return (sv.mention_at(k + 1), org) if org >= 0 else None
    if not w.startswith("ال") or len(w) < 5 or sv.mention_at(r + 1) >= 0:
        return None
    k = r + 2
    while sv.word(k) and TITLE_RX.match(sv.word(k)) and sv.mention_at(k) < 0:
        k += 1
    per = sv.mention_at(k)
    if per < 0 or sv.types[per] != "PER":
        return None
    stem = w[2:]
    intro = (stem, stem[:-1] + "ه") if stem.endswith("ة") else (stem,)
    org = _antecedent(sv, r, intro, frozenset({"ORG"}))
    if org < 0:
        org = _antecedent(sv, r, tuple("ال" + x for x in intro), frozenset({"ORG"}))
    return (per, org) if org >= 0 else None


#: a state or country described in apposition (``X، البلد العضو في Y``)
STATE_NOUNS = _words("البلد الدولة البلدان الدولتان الدولتين")


def _member_of_members(sv: SentenceView) -> PairVote:
    """``تركيا أحد أعضاء حلف الناتو``, ``X عضو في Y``, ``X، الدولة العضو في Y``: a state or
    organisation in a body."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] not in ("GPE", "ORG"):
            continue
        words = []
        k = i + 1
        while k < len(sv.units) and sv.units[k].mention < 0 and len(words) < 4:
            words.append(sv.units[k].norm)
            k += 1
        m = sv.mention_at(k)
        if m < 0 or sv.types[m] not in ("ORG",) or not words:
            continue
        if words[0][:1] == "و" and MEMBER_WORD_RX.match(words[0]):
            continue  # (منفذي هجمات باريس والعضو في داعش: the member is the person described before)
        if any(sv.word(k) in NEGATION for k in range(max(0, i - 3), i)):
            continue  # (لم يكن X عضوا في Y)
        if words[0] in ("،", ","):  # X، البلد العضو في Y: a member in apposition (not غير العضو)
            words = words[2:] if words[1:2] and words[1] in STATE_NOUNS else []
        if any(w.endswith(("عضو", "اعضاء", "عضوا")) or w in ("الاعضاء",) for w in words) \
                and all(MEMBER_WORD_RX.match(w) or w in ("في", "من", "بين") or w in CLASS_WORDS for w in words):
            out[(u.mention, m)] = "MEMBER_OF"
    return out


#: plural members of an organisation: ``أحد عناصر X``, ``من أبرز قادة X``, ``أحد قيادييها``
MEMBERS_PLURAL_RX = re.compile(r"^(?:عناصر|اعضاء|مقاتلي|قياديي|قيادات|قاد[ةه]|قادت|جنود|منتسبي|كوادر|مسؤولي|امراء|"
                               r"مؤسسي|زعماء|نشطاء|ضباط)(?:ه|ها|هم)?$")
#: a verb of being whose predicate may be ``من مؤسسي Y`` (``وكان من مؤسسي Y``)
BEING_RX = re.compile(r"^[وف]?(?:كان|كانت|[يت]عد|[يت]عتبر)$")
_ONE_OF = _words("احد احدي واحد واحدا من وهو هو كان يعد ويعد تعد ابرز اهم اخطر كبار ، ,")


def _member_one_of(sv: SentenceView) -> PairVote:
    """``PER، أحد عناصر كتيبة X``, ``PER من أبرز قادة تنظيم X``, ``أعلن تنظيم X أن PER أحد
    عناصره``, ``أسس PER ...، وكان من مؤسسي X`` (a verb of being's subject): a person described as one of an organisation's members is a member of it -- of the
    ORG named after the plural, or, when a pronoun names it, of the nearest ORG before him
    (ANNOTATION: the nearest tagged antecedent carries it)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention >= 0 and sv.types[u.mention] == "PER":
            if _role_negated(sv, i + 1):
                continue  # لم يكن X من مؤسسي Y
            person = u.mention
        elif BEING_RX.match(sv.word(i)) and sv.mention_at(i - 1) < 0 and not _blocked(sv, i):
            # أسس X الجمعية Y، وكان من مؤسسي Z: the verb's subject, across the comma
            person = _subject_before(sv, i, frozenset({"PER"}))
            if person is None or person < 0:
                continue
        else:
            continue
        k = i + 1
        while sv.word(k) in _ONE_OF and k - i <= 4:
            k += 1
        w = sv.word(k)
        definite = w.startswith("ال") and bool(MEMBERS_PLURAL_RX.match(w[2:]))
        if k == i + 1 or not (MEMBERS_PLURAL_RX.match(w) or definite) \
                or not any(sv.word(j) in ("احد", "احدي", "واحد", "من") for j in range(i + 1, k)):
            continue
        if definite:
            # من القادة التاريخيين لجبهة X / من الأعضاء المؤسسين في حزب X: the body after its adjectives
            j = k + 1
            while j - k <= 2 and sv.word(j).startswith("ال") and sv.word(j) not in CLASS_WORDS:
                j += 1
            j += sv.word(j) == "في"
            org = sv.mention_at(j) if _is_type(sv, j, "ORG") else -1
            if org >= 0 and not (sv.word(j - 1) == "في" or normalize_letters(sv.surfaces[org]).startswith("ل")
                                 or sv.glued.get(org, "").endswith("ل")):
                org = -1
        elif w.endswith(_PRONOUN_SUFFIXES) and not w.endswith(("قادة", "قاده")):
            org = antecedent(sv, i, ("ORG",))
        else:
            after = _first_target(sv, k + 1, frozenset({"ORG"}), max_steps=1)
            org = after[0] if after else -1
        if org >= 0 and org != person:
            out[(person, org)] = "MEMBER_OF"
    return out


def _member_in_brackets(sv: SentenceView) -> PairVote:
    """``وقال هادي براهم (كتلة حركة النهضة)``: a person followed by an organisation in brackets
    belongs to it (a state in brackets is where he comes from: no relation)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention >= 0 and sv.types[u.mention] == "PER" and sv.word(i + 1) == "(":
            k = i + 2 + _class_word(sv.word(i + 2))
            if sv.type_at(k) == "ORG" and sv.word(k + 1) == ")":
                out[(u.mention, sv.mention_at(k))] = "MEMBER_OF"
    return out


def _member_led_by(sv: SentenceView) -> PairVote:
    """``التحالف الدولي الذي تقوده الولايات المتحدة``, ``بقيادة X``: the leader is a member."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] != "ORG":
            continue
        k = i + 1
        while k < len(sv.units) and sv.units[k].kind == "punct" and sv.units[k].norm in "“”\"»«":
            k += 1
        w1, w2 = sv.word(k), sv.word(k + 1)
        if w1 in RELATIVE and LEAD_VERB_RX.match(w2):
            k += 2
        elif LEAD_VERB_RX.match(w1):
            k += 1
        else:
            continue
        # a title or two may stand before the leader's name: بقيادة المشير خليفة حفتر; or an office
        # with its genitive: بقيادة وزير الحربية X
        while k < len(sv.units) and sv.units[k].mention < 0 and sv.units[k].kind == "word" and k - i <= 5 \
                and (TITLE_RX.match(sv.units[k].norm) or ROLE_RX.match(sv.units[k].norm)
                     or sv.units[k].norm.startswith("ال") and ROLE_RX.match(sv.word(k - 1))):
            k += 1
        m = sv.mention_at(k)
        if m >= 0 and sv.types[m] in ("GPE", "ORG", "PER"):
            out[(m, u.mention)] = "MEMBER_OF"
    return out


#: a body's armed or political wing (``الجناح العسكري لحركة X``, ``الذراع العسكرية لـX``)
WING_RX = re.compile(r"^(?:ال)?(?:جناح|ذراع)$")
#: ``X، وهي وحدة من Y``: the appositive that makes X a part of Y
PART_WORDS = _words("وحدة فرع جزء جناح فصيل ذراع عضو احد احدي كتيبة لواء فرقة")


def _member_apposition(sv: SentenceView) -> PairVote:
    """``قوات النمر، وهي وحدة من الجيش العربي السوري``: X (ORG, PER) MEMBER_OF Y (ORG, GPE)."""
    out: PairVote = {}
    for w in sv.matching(WING_RX):  # الجناح العسكري لحركة X "Y": the wing named after its body
        k = w + 1 + _nisba(sv.word(w + 1))
        via_class = _class_word(sv.word(k)) and sv.word(k)[:1] == "ل"  # لحركة X
        k += via_class
        run = []
        while k < len(sv.units) and (sv.mention_at(k) >= 0 or sv.units[k].norm in QUOTES):
            if sv.mention_at(k) >= 0:
                run.append(sv.mention_at(k))
            k += 1
        if len(run) > 1 and sv.types[run[-1]] == "ORG" and (via_class or _clitic(sv, run[0], "ل")):
            for body in run[:-1]:
                if sv.types[body] == "ORG":
                    out[(run[-1], body)] = "MEMBER_OF"
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] not in ("ORG", "PER"):
            continue
        k = i + 1 + (sv.units[i + 1].norm in ("،", ",") if i + 1 < len(sv.units) else 0)
        if k == i + 2 and WING_RX.match(sv.word(k)):  # X، الجناح العسكري لحركة Y
            j = k + 1 + _nisba(sv.word(k + 1))
            j += _class_word(sv.word(j)) and sv.word(j)[:1] == "ل"
            m = sv.mention_at(j)
            if m >= 0 and sv.types[m] == "ORG" and (_clitic(sv, m, "ل") or sv.word(j - 1)[:1] == "ل"):
                out[(u.mention, m)] = "MEMBER_OF"
            continue
        if sv.word(k) not in ("وهي", "وهو", "هي", "هو") or sv.word(k + 1) not in PART_WORDS:
            continue
        k += 2
        while sv.word(k) and sv.word(k) not in ("من", "في") and k - i <= 6:
            k += 1  # وحدة النخبة من ...
        m = sv.mention_at(k + 1) if sv.word(k) in ("من", "في") else -1
        if m >= 0 and sv.types[m] in ("ORG", "GPE"):
            out[(u.mention, m)] = "MEMBER_OF"
    return out


def _member_affiliated(sv: SentenceView) -> PairVote:
    """``بعثة تقصي الحقائق التابعة لها`` (the pronoun's nearest tagged ORG/GPE antecedent),
    ``فريق التحقيق التابع لمنظمة Y`` and ``الفرقة التابعة لمنطقة الحرس الوطني``: an organisation
    attached to another (or to one of its districts) is its unit."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] != "ORG":
            continue
        a = i + 1
        if sv.type_at(a) in ("GPE", "LOC") and _clitic(sv, sv.mention_at(a), "ب"):
            a += 1  # كلية التربية بزبيد التابعة لجامعة Y: past the seat
        a += sv.units[a].norm in ("،", ",") if a < len(sv.units) else 0  # كتيبة X، التابعة لـY
        if not AFFILIATED_RX.match(sv.word(a)):
            continue
        w = sv.word(a + 1)
        if w in ("له", "لها", "لهم"):
            for j in range(i - 1, -1, -1):
                if sv.type_at(j) in ("ORG", "GPE"):
                    out[(u.mention, sv.mention_at(j))] = "MEMBER_OF"
                    break
        elif sv.type_at(a + 1) in ("ORG", "GPE") and normalize_letters(sv.surfaces[sv.mention_at(a + 1)]).startswith("ل"):
            out[(u.mention, sv.mention_at(a + 1))] = "MEMBER_OF"
        elif w[:1] == "ل" and ((c := w[1:].removeprefix("ل")) in CLASS_WORDS or UNIT_RX.match(c)
                               or c in CLASS_WORDS_DEFINITE):
            k = a + 2
            while k < len(sv.units) and sv.units[k].mention < 0 and sv.units[k].norm in QUOTES:
                k += 1  # التابعة لتنظيم "داعش"
            if sv.type_at(k) == "ORG":
                out[(u.mention, sv.mention_at(k))] = "MEMBER_OF"  # التابعة لمنطقة الحرس الوطني: the corps'
    return out


#: joining or belonging: ``انضم X إلى تنظيم Y``, ``التحق بـY``, ``ينتمي إلى Y``
JOIN_RX = re.compile(r"^[وف]?(?:انضم|[يت]نضم|التحق|[يت]لتحق|انتمي|انتمى|[يت]نتمي)(?:ت|وا|ون|ان|تا|ا)?$"
                     r"|^[وف]?ب?(?:انتمائ|انضمام|التحاق)(?:ه|ها|هم)$")  # اعترف X بانتمائه إلى Y: his own joining
_TO = frozenset({"الي", "ل", "ب"})


def _member_joined(sv: SentenceView) -> PairVote:
    """``انضم X إلى تنظيم Y``, ``التحق X بحركة Y``, ``X ينتمي إلى Y``: the clause's subject is a
    member of the organisation it joined (negation and modality block it, as for acts)."""
    out: PairVote = {}
    for t in _triggers(sv, JOIN_RX):
        if _blocked(sv, t):
            continue
        subj = _subject(sv, t, frozenset({"PER", "ORG", "GPE"}))
        if subj is None:
            continue
        k = subj[1] if subj[1] > t else t + 1
        steps = 0
        while k < len(sv.units) and steps < 4:
            m = sv.mention_at(k)
            if m >= 0 and m in coordination(sv).get(subj[0], ()):
                k += 1  # انضمت فنلندا والسويد إلى Y: past the other subjects (structure.spread gives them Y)
                continue
            if m >= 0:
                if sv.types[m] in ("ORG", "GPE") and m != subj[0] and (steps or _clitic(sv, m, "ب") or _clitic(sv, m, "ل")
                                                                        or sv.word(k - 1) in _TO):
                    out[(subj[0], m)] = "MEMBER_OF"
                break
            w = sv.word(k)
            if w == "في" and sv.word(k + 1).endswith(_PRONOUN_SUFFIXES):
                k += 2  # انضم X في شبابه إلى Y: a time of his life between
                continue
            if not (w in _TO or _class_word(w) or UNIT_RX.match(w.removeprefix("ب").removeprefix("ل"))):
                break  # (إلى كتيبة X: a unit's class word too)
            k += 1
            steps += 1
    return out


#: verbs whose subject founds, leads or heads their object (normalised: ترأس -> تراس)
LEAD_OBJECT_RX = re.compile(r"^[وف]?(?:اسس(?:ت|وا)?|[يت]ؤسس|قاد(?:ت|وا)?|[يت]قود|تراس(?:ت)?|[يت]تراس|[يت]راس|"
                            r"تزعم(?:ت)?|[يت]تزعم|[يت]دير|ادار(?:ت)?|تولي|تولت|[يت]تولي|حكم|[يت]حكم)$")
#: the office taken over (``تولى X رئاسة/قيادة Y``)
LEADERSHIP = _words("رئاسة رئاسه قيادة قياده زعامة زعامه ادارة اداره امانة امانه")
#: verbs of working for a body: the body follows في / لدى / ب, perhaps after the job (موظفا)
WORK_RX = re.compile(r"^[وف]?(?:عمل(?:ت)?|[يت]عمل|اشتغل(?:ت)?|[يت]شتغل)$")
_AT = _words("في لدى ب")


def _verb_subject(sv: SentenceView, t: int, heads: frozenset[str]) -> tuple[int, int] | None:
    """``(mention, unit after it)``: the subject before the verb at ``t`` or, verb first, the
    person right after it past titles and adjectives (``قاد الجنرال البريطاني X``)."""
    before = _subject_before(sv, t, heads)
    if before is not None:
        return (before, t + 1) if before >= 0 else None
    k = t + 1
    while k < len(sv.units) and k - t <= 3 and sv.mention_at(k) < 0 and sv.units[k].kind == "word" \
            and (TITLE_RX.match(sv.word(k)) or sv.word(k).startswith("ال") and sv.word(k).endswith(("ي", "ية"))):
        k += 1
    m = sv.mention_at(k)
    return (m, k + 1) if m >= 0 and sv.types[m] == "PER" and "PER" in heads else None


def _member_leads(sv: SentenceView) -> PairVote:
    """``أسس X حزب Y``, ``قاد X القوات Y``, ``ترأس/يتزعم X Y``, ``تولى X رئاسة Y``: the founder or
    leader is a member of what he founded or leads (the object right after, a class word or the
    office allowed); ``عمل X [موظفا] في Y``: he works for Y. Negation and modality block it."""
    out: PairVote = {}
    for rx, heads in ((LEAD_OBJECT_RX, frozenset({"PER", "ORG", "GPE"})), (WORK_RX, frozenset({"PER"}))):
        for t in _triggers(sv, rx):
            if _blocked(sv, t):
                continue
            subj = _verb_subject(sv, t, heads)
            if subj is None:
                continue
            take_over = "تول" in sv.word(t)  # تولى PER رئاسة Y: only a person, only with the office named
            if (take_over or "حكم" in sv.word(t)) and sv.types[subj[0]] != "PER":
                continue  # (يحكم تنظيم X مدينة Y: a group holding a town is in it, not a member of it)
            k, steps, seen_at = subj[1], 0, False
            while k < len(sv.units) and steps < 4:  # عمل [محررا] في صحيفة Y
                m = sv.mention_at(k)
                if m >= 0:
                    if rx is LEAD_OBJECT_RX and sv.types[m] in ("ORG", "GPE") and m != subj[0] \
                            and not _after_preposition(sv, k) and (seen_at or not take_over):
                        out[(subj[0], m)] = "MEMBER_OF"
                    elif rx is WORK_RX and seen_at and sv.types[m] == "ORG":
                        out[(subj[0], m)] = "MEMBER_OF"
                    break
                w = sv.word(k)
                if rx is WORK_RX and (w in _AT or (w[:1] == "ب" and w[1:] in CLASS_WORDS)):
                    seen_at = True  # عمل [موظفا] في [وزارة] Y
                elif rx is LEAD_OBJECT_RX and w in LEADERSHIP:
                    seen_at = True  # (the office taken over)
                elif not (w in CLASS_WORDS or (rx is WORK_RX and not seen_at)):
                    break
                k += 1
                steps += 1
    return out


#: power in a state (``وصول X إلى سدة الحكم في Y``, ``تولى X السلطة في Y``) and the words that
#: lead to it
POWER_RX = re.compile(r"^(?:الحكم|السلط[ةه])$")
TO_POWER = _words("سدة سده الي تولي تسلم استلام توليه تسلمه وتولي")


def _member_ruler(sv: SentenceView) -> PairVote:
    """A person who came to power in a state leads it (ANNOTATION.md: MEMBER_OF covers leading):
    ``وصول X إلى سدة الحكم في Y``, ``تولى X السلطة في Y``, the person within five units before
    ``الحكم``/``السلطة`` and the state right after ``في``/``ب``."""
    out: PairVote = {}
    for k in sv.matching(POWER_RX):
        if sv.word(k - 1) not in TO_POWER and sv.word(k - 2) not in TO_POWER:
            continue
        if sv.word(k + 1) not in ("في", "ب") or sv.type_at(k + 2) != "GPE" or _blocked(sv, k):
            continue
        for j in range(k - 1, max(-1, k - 6), -1):
            if _is_break(sv, j):
                break
            if sv.type_at(j) == "PER":
                out[(sv.mention_at(j), sv.mention_at(k + 2))] = "MEMBER_OF"
                break
    return out


#: a job or office as the accusative predicate of a verb of being, appointing or working
#: (``عين X أستاذا في Y``, ``كان X باحثا بمعهد Y``, ``انتخب X رئيسا لـY``)
POST_ACC_RX = re.compile(r"^(?!ال)و?(?:استاذ|باحث|بروفسور|بروفيسور|موظف|محاضر|مدرس|معلم|طبيب|مهندس|صحفي|مراسل|محرر|"
                         r"ضابط|عضو|رئيس|مدير|نائب|مستشار|محامي|خبير|عميد|سفير|امين|قائد|مذيع|كاتب|ناطق|"
                         r"متحدث|وزير|والي|حاكم|امير|ملك|خليف)(?:ا|[ةه])?$")
#: the verbs whose predicate such a post is
POST_VERB_RX = re.compile(r"^[وف]?(?:كان|كانت|عين|عينت|[يت]عين|انتخب|انتخبت|[يت]نتخب|اصبح|اصبحت|صار|صارت|"
                          r"عمل|عملت|[يت]عمل|اشتغل|اشتغلت|[يت]شتغل)$")
#: posts that rule a town or state (``عين X واليا على Y``)
RULING_POSTS = _words("واليا حاكما اميرا ملكا رئيسا خليفة")


def _member_post(sv: SentenceView) -> PairVote:
    """A person given a post in a body by a verb of being, appointing or working: ``عين X أستاذا
    للرياضيات في كلية Y``, ``كان X بروفسورا في الهندسة بكلية Y``, ``انتخب X أول رئيس لـY``; the
    person right before the post (the appointee) or the verb's subject, the body after ``في``/
    ``ب``/``لدى``/``لـ`` past at most three words of field (``للرياضيات التطبيقية``); a ruler's
    post takes a town or state after ``على``/``لـ`` (``عين Z X واليا على Y``)."""
    out: PairVote = {}
    last = -1  # the person of the post before: كان X بروفسورا بكلية Y و باحثا بمعهد Z
    for p in sv.matching(POST_ACC_RX):
        u = sv.units[p]
        if not u.norm.endswith("ا") and sv.word(p - 1) not in ("اول", "اولي", "واول"):
            continue  # (an indefinite accusative post; ``أول رئيس`` is a post too)
        v = next((k for k in range(p - 1, max(-1, p - 5), -1) if POST_VERB_RX.match(sv.word(k))), -1)
        if v < 0 and last >= 0 and (u.norm[:1] == "و" or sv.word(p - 1) == "و"):
            person = last  # a post coordinated with the one before
        elif v < 0 or _blocked(sv, v) or any(_is_break(sv, k) for k in range(v, p)):
            continue
        else:
            person = next((sv.mention_at(k) for k in range(p - 1, v, -1) if sv.type_at(k) == "PER"), -1)
            if person < 0:
                before = _subject_before(sv, v, frozenset({"PER"}))
                person = before if before is not None else _described_topic(sv, v)
        if person < 0:
            continue
        last = person
        k, steps, seen_at = p + 1, 0, False
        while k < len(sv.units) and steps < 5:
            m = sv.mention_at(k)
            if m >= 0:
                post = u.norm[1:] if u.norm[:1] == "و" and u.norm not in RULING_POSTS else u.norm
                ruled = post in RULING_POSTS and sv.types[m] == "GPE" and sv.word(k - 1) == "علي"
                if sv.types[m] == "ORG" and (seen_at or _clitic(sv, m, "ب") or _clitic(sv, m, "ل")) or ruled:
                    out[(person, m)] = "MEMBER_OF"
                break
            w = sv.word(k)
            if w in _AT or w == "علي" or (w[:1] in ("ب", "ل") and w[1:] in CLASS_WORDS):
                seen_at = True
            elif _is_break(sv, k) or w in RELATIVE or seen_at and not w.startswith("ال"):
                break
            k += 1
            steps += 1
    return out


#: an origin described after a person (``X من أصول جزائرية``, ``X من أصل مغربي``)
ORIGIN = _words("اصول اصل")


def _described_topic(sv: SentenceView, v: int) -> int:
    """The person a verb right after a comma predicates of when the clause before is only that
    person and his origin (``X من أصول جزائرية، كان بروفسورا``): the PER mention, else -1."""
    if v < 2 or sv.units[v - 1].norm not in ("،", ","):
        return -1
    k = v - 2
    while k >= max(1, v - 4) and sv.mention_at(k) < 0 and sv.word(k).endswith(("ية", "يه", "ي")):
        k -= 1  # the origin's adjectives (جزائرية، مغربي)
    if sv.word(k) in ORIGIN and sv.word(k - 1) == "من" and sv.type_at(k - 2) == "PER":
        return sv.mention_at(k - 2)
    return -1


#: belonging as a participle: ``X المنتمي إلى Y``, ``المتطرف المنتمي لداعش X``
BELONGING_RX = re.compile(r"^(?:ال)?(?:منتمي|منتمي[ةه]|منتمين|منتمون|منتسب|منتسب[ةه]|منتسبين|منتسبون)$"
                          r"|^[وب]?(?:ال)?انتماء$")  # the charge: متهم بالانتماء إلى تنظيم Y، PER
#: the words of a charge between an accused and the belonging it names (``X المتهم بالانتماء``)
CHARGED = _words("المتهم المتهمة المتهمين المتهمان بتهمة تهمة والمتهم")


def _member_belonging(sv: SentenceView) -> PairVote:
    """A person described as belonging to an organisation, or charged with it: the person right
    before the participle or the charge (``X، المنتمي إلى تنظيم Y``, ``X المتهم بالانتماء إلى Y``)
    or, the participle describing a noun, the person right after the organisation (``المتطرف
    المنتمي لداعش "X"``, ``متهمين بالانتماء إلى تنظيم "Y" الإرهابي، X``)."""
    out: PairVote = {}
    for t in _triggers(sv, BELONGING_RX):
        if _role_negated(sv, t) or sv.word(t).endswith("انتماء") and any(
                sv.word(k) in NEGATION for k in range(max(0, t - 4), t)):
            continue  # (نفى X الانتماء إلى Y: a denied charge)
        k = t + 1
        if sv.word(k) in _TO or sv.word(k) == "الي":
            k += 1
        while _class_word(sv.word(k)) and sv.mention_at(k) < 0:
            k += 1
        while k < len(sv.units) and sv.units[k].mention < 0 and sv.units[k].norm in QUOTES:
            k += 1
        org = sv.mention_at(k)
        if org < 0 or sv.types[org] not in ("ORG", "GPE"):
            continue
        b = t - 1
        while b >= 0 and (sv.units[b].kind == "punct" or sv.word(b) in CHARGED) and sv.mention_at(b) < 0:
            b -= 1
        a = k + 1
        while a < len(sv.units) and (sv.units[a].kind == "punct" or EVALUATIVE_RX.match(sv.word(a))) \
                and sv.mention_at(a) < 0:
            a += 1
        for m in (sv.mention_at(b) if b >= 0 else -1, sv.mention_at(a) if a < len(sv.units) else -1):
            if m >= 0 and sv.types[m] == "PER":
                out[(m, org)] = "MEMBER_OF"
                break
    return out


def _member_umbrella(sv: SentenceView) -> PairVote:
    """``المقاومة الإسلامية في العراق ... وهي مظلة لفصائل ... بينها X وحركة Y``: the groups listed
    after ``بينها`` / ``تضم`` are members of the umbrella (the nearest ORG before the umbrella
    word)."""
    out: PairVote = {}
    n = len(sv.units)
    for t, u in enumerate(sv.units):
        if u.mention >= 0 or u.norm not in INCLUDING:
            continue
        g = next((k for k in range(t - 1, max(-1, t - 8), -1) if UMBRELLA_RX.match(sv.word(k))), -1)
        if g < 0:
            continue
        umbrella = -1
        for j in range(g - 1, -1, -1):
            if sv.type_at(j) == "ORG":
                umbrella = sv.mention_at(j)
                break
            if sv.word(j) and (SUPPLY_RX.match(sv.word(j)) or ACCUSE_RX.match(sv.word(j))):
                break  # تتهم X Y بتزويد جماعات، بينها Z: the groups are the act's object, no umbrella
        if umbrella < 0:
            continue
        k = t + 1
        while k < n:
            m = sv.mention_at(k)
            if m >= 0:
                if sv.types[m] != "ORG":
                    break
                out[(m, umbrella)] = "MEMBER_OF"
            elif sv.word(k) not in ("و", "،", ",") and sv.word(k) not in CLASS_WORDS and not MEMBERS_OF.match(sv.word(k)):
                break
            k += 1
    return out


def _member_unit(sv: SentenceView) -> PairVote:
    """``اللواء الثاني من الفيلق الخامس``: a named unit of a larger one (``من``, ``التابع لـ``)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units):
        if u.mention < 0 or sv.types[u.mention] != "ORG":
            continue
        if not UNIT_RX.match(sv.norms[u.mention]):
            continue
        w = sv.word(i + 1)
        k = i + 2 if w in ("من", "في") or AFFILIATED_RX.match(w) else -1
        m = sv.mention_at(k) if k > 0 else -1
        if m >= 0 and sv.types[m] in ("ORG", "GPE"):
            out[(u.mention, m)] = "MEMBER_OF"
    return out


def _clitic(sv: SentenceView, m: int, letter: str) -> bool:
    """Mention ``m`` is written with the proclitic ``letter`` (its norm, without proclitics, is
    shorter than its surface, or ``لل`` stands for ``ال``: ``ببغداد``, ``للجيش`` yes, ``بغداد`` no)."""
    surface, norm = normalize_letters(sv.surfaces[m]), sv.norms[m]
    return surface.startswith(letter) and (len(surface) > len(norm) or (surface.startswith("لل") and norm.startswith("ال")))


#: a deputy (``النائب عن حزب X بY``: Y is his constituency)
DEPUTY_RX = re.compile(r"^[وف]?(?:ال)?(?:نائب|نواب|نائبة)$")
#: an army or its forces (not a police or guard unit named after its seat)
ARMY_RX = re.compile(r"^[وفبل]?(?:ال|لل)?(?:قوات|جيش|جيوش)")
#: security bodies, named after their seat (``فرقة الحرس الوطني برمادة``)
SECURITY_RX = re.compile(r"^[وفبل]?(?:ال|لل)?(?:حرس|شرط[ةه]|امن|حماي[ةه] المدني|ديوان[ةه]|جيش|قوات|وحدات)")
#: class words of a seat named after a body (``وحدات الحرس الوطني بولاية Y``, ``بجهة Y``)
SEAT_CLASS = _words("ولاية معتمدية معتمديه جهة مدينة بلدة بلدية منطقة محافظة")


def _located_in_seat(sv: SentenceView) -> PairVote:
    """``الحرس الوطني بمدنين``, ``المحكمة الابتدائية بتونس``: an organisation followed directly
    by a place with a glued ``ب`` is the branch or body seated there, and a place so followed
    (``جبل الشعانبي بالقصرين``) lies in it (LOCATED_IN). After an organisation the ``ب`` may
    open the place's class word (``وحدات الحرس الوطني بولاية Y``: in ANT such a phrase names the
    unit's seat, not where it acted, as the bare ``بY`` does; not after ``مع``: a clash with
    ``الشرطة بمدينة Y`` is placed there, and an army's forces move: ``دربوا قوات الجيش X بمدينة Y``
    is where they were trained) or stand on a name the labeller
    does not know to be a clitic, after a security body or on a class word (``فرقة الحرس الوطني
    برمادة``, ``مركز الحرس بحي X``)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units[:-1]):
        if u.mention < 0 or sv.types[u.mention] not in ("ORG", "GPE", "LOC", "FAC"):
            continue
        if sv.norms[u.mention] in _countries() or CORRESPONDENT_RX.match(sv.word(i - 1)):
            continue  # (قنصل تونس بمونريال, مراسلة إذاعة X بجربة: the consul or the correspondent is there)
        body = sv.types[u.mention] == "ORG"
        about = i - 1 if sv.word(i - 1) == "عن" else i - 2 if sv.word(i - 2) == "عن" else -1
        if body and about > 0 and not REPRESENTATIVE_RX.match(sv.word(about - 1)) \
                and any(DEPUTY_RX.match(sv.word(j)) for j in range(about - 4, about)):
            continue  # (النائب عن حركة X بولاية Y: the deputy's constituency, not the party's seat)
        k = i + 1
        seat = body and sv.word(k)[:1] == "ب" and sv.word(k)[1:] in SEAT_CLASS \
            and not {sv.word(i - 1), sv.word(i - 2)} & OBJECT_PREPOSITIONS \
            and not ARMY_RX.match(sv.word(i - 1)) and not ARMY_RX.match(normalize_letters(sv.surfaces[u.mention])) \
            and not AFFILIATED_RX.match(sv.word(i - 1))  # (قاعدة X التابعة للنظام بمحافظة Y: the base is there)
        if seat:
            k += 1 + (sv.word(k + 1) in QUOTES)  # بمعتمدية "Y"
        m = sv.mention_at(k)
        if m < 0 or sv.types[m] not in ("GPE", "LOC") or sv.glued.get(m) is not None:
            continue
        place = normalize_letters(sv.surfaces[m])
        if seat or _clitic(sv, m, "ب") or body and place[:1] == "ب" and (
                SECURITY_RX.match(normalize_letters(sv.surfaces[u.mention])) or place.split()[0][1:] in CLASS_WORDS):
            out[(u.mention, m)] = "LOCATED_IN"  # (شركة X بمؤازرة: an unknown ب-word after a company is no seat)
    return out


#: a correspondent or envoy of an outlet or state: a place after the name is where he is
CORRESPONDENT_RX = re.compile(r"^[وفل]?(?:ال|لل)?(?:مراسل|مراسل[ةه]|مراسلي|موفد|موفد[ةه]|مبعوث|قنصل|سفير|سفار[ةه])$")


def _member_of_corps(sv: SentenceView) -> PairVote:
    """``فرقة الأبحاث والتفتيش للحرس الوطني``: a named unit followed directly by an
    organisation with a glued ``ل`` (``لـ``, ``للـ``) belongs to it (MEMBER_OF)."""
    out: PairVote = {}
    for i, u in enumerate(sv.units[:-1]):
        if u.mention < 0 or sv.types[u.mention] != "ORG":
            continue
        m = sv.mention_at(i + 1)
        if m >= 0 and sv.types[m] == "ORG" and sv.glued.get(m) is None and _clitic(sv, m, "ل"):
            out[(u.mention, m)] = "MEMBER_OF"
    return out


#: ``القضاء على X`` "eliminating X" (not ``القضاء`` "the judiciary": the ``على`` decides)
ELIMINATE = _words("القضاء والقضاء بالقضاء")
ENABLED_RX = re.compile(r"^[وف]?(?:تمكن|[يت]تمكن|نجح|[يت]نجح)(?:ت|وا)?$")


def _attacked_eliminated(sv: SentenceView) -> PairVote:
    """``تمكنت X من القضاء على Y``: the clause's subject attacked Y (a person or group killed in
    an operation). ``للقضاء على`` is a purpose and gives nothing."""
    out: PairVote = {}
    for t, u in enumerate(sv.units):
        if u.mention >= 0 or u.norm not in ELIMINATE or sv.word(t + 1) != "علي" or _blocked(sv, t):
            continue
        tgt = _first_target(sv, t + 2, frozenset({"PER", "ORG"}), max_steps=3)
        if tgt is None:
            continue
        k = t - 1 if sv.word(t - 1) == "من" else t
        # تمكنت X [لـY بـZ] من القضاء: the first actor after the verb is its subject
        verb = next((j for j in range(k - 1, max(-1, k - 12), -1) if ENABLED_RX.match(sv.word(j))), -1)
        first = next((sv.mention_at(j) for j in range(verb + 1, k) if sv.type_at(j) in _ACTORS), -1) if verb >= 0 else -1
        head = first if first >= 0 else _subject_before(sv, k, _ACTORS, max_steps=8)
        head = -1 if head is None else head
        if head >= 0 and head != tgt[0]:
            out[(head, tgt[0])] = "ATTACKED"
    return out


#: member words before a body whose members are listed (``دول أعضاء في``, ``دول من``)
MEMBER_LIST_RX = re.compile(r"^[وف]?(?:ال)?(?:اعضاء|عضو|دول|بلدان)$")


def _member_list(sv: SentenceView) -> PairVote:
    """``دول أعضاء في المجلس، وهي A وB وC``, ``... في الناتو، من بينها A``, ``3 دول من مجلس
    التعاون (A، B وC)``: the states or organisations listed after ``وهي``/``بينها`` or in brackets
    are members of the body named after the member word (``دول`` only with its preposition)."""
    out: PairVote = {}
    n = len(sv.units)
    for i, u in enumerate(sv.units):
        if u.mention >= 0 or not MEMBER_LIST_RX.match(u.norm):
            continue
        prep = sv.word(i + 1) in ("في", "ب", "من")
        if not prep and not u.norm.endswith(("اعضاء", "عضو")):
            continue
        k = i + 1 + prep
        k += sv.word(k) in CLASS_WORDS  # في حلف الناتو
        body = sv.mention_at(k)
        if body < 0 or sv.types[body] != "ORG":
            continue
        k += 1
        while k < n and sv.units[k].kind == "punct" and sv.units[k].norm not in ("،", ",", "("):
            k += 1
        k += sv.word(k) in ("،", ",") and sv.word(k + 1) in ("من", *LIST_INTRO)
        k += sv.word(k) == "من" and sv.word(k + 1) in LIST_INTRO  # ، من بينها A وB
        if k < n and sv.units[k].norm == "(" or sv.word(k) in LIST_INTRO:
            k += 1
        else:
            continue
        while k < n:
            m = sv.mention_at(k)
            if m >= 0:
                if sv.types[m] not in ("GPE", "ORG"):
                    break
                out[(m, body)] = "MEMBER_OF"
            elif sv.word(k) not in ("و", "،", ","):
                break
            k += 1
    return out


#: nouns of an attack as an event (``غارات``, ``العملية``): their agent and target are read off
#: the phrase around them, not off a verb
EVENT_RX = re.compile(r"^[وفبل]?(?:ال)?(?:هجوم|هجوما|هجوم(?:ين|ان)|هجمات|غار[ةه]|غارت(?:ين|ان)|غارات|ضرب[ةه]|"
                      r"ضربت(?:ين|ان)|ضربات|عملي[ةه]|عمليت(?:ين|ان)|عمليات|قصف|تفجير|تفجير(?:ين|ان)|تفجيرات|"
                      r"اعتداء|اعتداء(?:ين|ان)|اعتداءات|كمين|كمينا|كمائن)$")
#: verbs that carry out an event noun (``شن X غارة``, ``العملية التي نفذها X``, ``يواصل X الغارات``)
SUPPORT_RX = re.compile(r"^[وف]?(?:شن|[يت]شن|نفذ|[يت]نفذ|ارتكب|[يت]رتكب|واصل|[يت]واصل|خاض|[يت]خوض)(?:ت|وا|ه|ها|هم|تها|ته)?$"
                        r"|^[وف]?ب(?:تنفيذ|شن|ارتكاب)$"  # اتهم X بتنفيذ التفجير: the accused carried it out
                        r"|^[وف]?(?:تبن(?:ي|ت|وا|اه|اها|ته|تها)|[يت]تبني)$")  # تبنى X الهجوم: a claim is an act
#: being exposed to an attack (``تعرض X لهجوم``): X is the target
EXPOSED_RX = re.compile(r"^[وف]?(?:تعرض|[يت]تعرض)(?:ت|وا)?$")
RESPONSIBILITY = _words("مسؤولية مسؤوليه المسؤولية")
RESPONSIBILITY_RX = re.compile(r"^[وف]?مسؤوليت(?:ه|ها|هم)$")
TARGET_VERB_RX = re.compile(r"^[وف]?(?:استهدف|[يت]ستهدف)(?:ت|وا|ا|تا|ان)?$")


def _event_agent(sv: SentenceView, e: int) -> tuple[int, int]:
    """``(agent mention, unit where the target search starts)`` of the event noun at ``e``, or
    ``(-1, e + 1)``: ``غارات للتحالف``; ``شن X [اليوم] 3 هجمات``; ``أعلن X مسؤوليته عن الهجوم``;
    ``العملية التي نفذها X``."""
    k = e + 1
    while k - e <= 2 and sv.word(k).endswith(("ية", "ي", "ة", "يا")) and not sv.word(k).startswith("ل"):
        k += 1  # غارة جوية للتحالف، هجوم انتحاري لحركة: the noun's adjectives first
    m = sv.mention_at(k)
    if m >= 0 and sv.types[m] in _ACTORS and _clitic(sv, m, "ل"):
        return m, k + 1  # غارات للتحالف
    w = sv.word(k)
    if m < 0 and w[:1] == "ل" and w[1:] in CLASS_WORDS | _words("جماعة جماعه") and sv.type_at(k + 1) in _ACTORS:
        return sv.mention_at(k + 1), k + 2  # هجوم لجماعة بوكو حرام على Y
    w1, w2 = sv.word(e + 1), sv.word(e + 2)
    if w1 in RELATIVE and SUPPORT_RX.match(w2):
        after = _subject_after(sv, e + 2, _ACTORS)
        if after is not None:
            return after[0], after[1] + 1  # العملية التي نفذها X [ضد Y]
    for k in (e + 1, e + 2):  # بقصف [جوي] نفذه X: an indefinite noun's relative has no التي
        if SUPPORT_RX.match(sv.word(k)) and sv.word(k).endswith(_PRONOUN_SUFFIXES):
            after = _subject_after(sv, k, _ACTORS)
            if after is not None:
                return after[0], after[1] + 1
        if not sv.word(k) or sv.word(k) in RELATIVE:
            break
    if sv.word(e - 1) == "عن" and RESPONSIBILITY_RX.match(sv.word(e - 2)):
        subj = _subject(sv, e - 2, _ACTORS)
        if subj is not None:
            return subj[0], e + 1  # أعلن X مسؤوليته عن الهجوم
    if sv.word(e - 1) == "عن" and (sv.word(e - 3) in RESPONSIBILITY or sv.word(e - 3) in CLASS_WORDS
                                   and sv.word(e - 4) in RESPONSIBILITY) \
            and (sv.type_at(e - 2) in ("ORG", "PER") or sv.word(e - 2) in _BACKREF_PLAIN):
        # أعلنت Y مسؤولية X عن الهجوم: the genitive, or the antecedent of a back-reference (التنظيم)
        m = sv.mention_at(e - 2) if sv.type_at(e - 2) else _antecedent(sv, e - 2, _BACKREF_PLAIN[sv.word(e - 2)], _ACTORS)
        if m is not None and m >= 0:
            return m, e + 1
    for k in range(e - 1, max(-1, e - 9), -1):
        if _is_break(sv, k) or sv.type_at(k) in ("WEAPON", "LOC", "FAC"):
            break
        if SUPPORT_RX.match(sv.word(k)):
            subj = _subject(sv, k, _ACTORS)
            if subj is not None:
                return subj[0], e + 1  # شن X اليوم الأحد 3 هجمات
            break
    return -1, e + 1


#: event nouns whose genitive is what was hit (``تفجير كنيسة Y``, ``قصف مدينة Y``), once the
#: agent stands before them as a support verb's subject
#: battles and wars waged against someone (``خاض X معارك ضد Y``, ``شن X حربا على Y``), but not an
#: election, a lawsuit or a war of words
BATTLE_RX = re.compile(r"^[وفبل]?(?:ال)?(?:معارك|معرك[ةه]|حرب|حربا)$")
CIVIL_CONTEST = _words("انتخابية الانتخابية سياسية السياسية قضائية القضائية قانونية القانونية اعلامية الاعلامية "
                       "كلامية الكلامية دبلوماسية الدبلوماسية اقتصادية الاقتصادية تجارية التجارية نفسية النفسية")
GENITIVE_EVENT_RX = re.compile(r"^[وفبل]?(?:ال)?(?:تفجير|قصف)$")
#: class words of a hit place or building before its name
HIT_PLACE = _words("مدينة بلدة قرية حي مخيم مقر مقرات مبنى")


def _genitive_target(sv: SentenceView, k: int) -> tuple[int, int] | None:
    """The genitive at unit ``k`` of an event noun when it names a hit building (a FAC) or a
    place with its class word (``مدينة Y``); a bare town after the noun is where the event
    happened (``تفجير برلين``), not a target."""
    m = sv.mention_at(k)
    if m >= 0:
        return (m, k) if sv.types[m] == "FAC" else None
    m = sv.mention_at(k + 1)
    if sv.word(k) in HIT_PLACE and m >= 0 and sv.types[m] in ("GPE", "LOC", "FAC"):
        return m, k + 1
    return None


def _attacked_event(sv: SentenceView) -> PairVote:
    """ATTACKED read off an attack noun: its agent (:func:`_event_agent`) and its target after
    ``على``/``ضد`` or after a following ``استهدف`` (``هجمات ...، استهدفت تجمعات لقوات Y``;
    ``الهجوم الذي استهدف Y``). A noun governed by a condemning or investigating word keeps
    only the agent of its own phrase (``أدان X الهجوم الذي شنه Y``)."""
    out: PairVote = {}
    n = len(sv.units)
    for e in sorted({*sv.matching(EVENT_RX), *sv.matching(BATTLE_RX)}):
        u = sv.units[e]
        if not EVENT_RX.match(u.norm) and sv.word(e + 1) in CIVIL_CONTEST or _blocked(sv, e):
            continue
        agent, k = _event_agent(sv, e)
        if agent < 0 or (governed(sv, e) >= 0 and sv.pos[agent] < e):
            continue  # أدان X الهجوم الذي شنه Y على Z: only the noun's own agent (Y), never X
        tgt = _first_target(sv, k, _TARGETS) if TARGET_VERB_RX.match(sv.word(e - 1)) else None
        if tgt is None and sv.pos[agent] < e and GENITIVE_EVENT_RX.match(u.norm):
            tgt = _genitive_target(sv, e + 1)  # تبنى X تفجير كنيسة Y، نفذ X قصف مدينة Y
        for j in range(k, min(n, k + 10) if tgt is None else k):
            w = sv.word(j)
            if sv.units[j].norm in (".", ":", "؛", ";") or (w in CLAUSE_BREAK_WORDS):
                break
            if w in ("علي", "ضد", "وضد") or TARGET_VERB_RX.match(w):
                tgt = _first_target(sv, j + 1, _TARGETS)
                break
            if sv.units[j].mention >= 0 and sv.types[sv.units[j].mention] in _ACTORS:
                break  # another actor: its own clause
        if tgt is not None and tgt[0] != agent and not _in_words(sv, e, agent, tgt[0], tgt[1]):
            out[(agent, tgt[0])] = "ATTACKED"
    return out


def _attacked_exposed(sv: SentenceView) -> PairVote:
    """``تعرض X لهجوم/لقصف ... من قبل/على يد Y`` (or ``... نفذه Y``): Y attacked X. The target
    is the clause's subject (before the verb or right after it), the agent the actor the
    agent phrase names within the clause."""
    out: PairVote = {}
    n = len(sv.units)
    for t in _triggers(sv, EXPOSED_RX):
        if _blocked(sv, t):
            continue
        before = _subject_before(sv, t, _TARGETS)
        if before is not None and before >= 0:
            target, k = before, t + 1
        else:
            after = _first_target(sv, t + 1, _TARGETS, max_steps=1)
            if after is None:
                continue
            target, k = after[0], after[1] + 1
        # the event noun with its ل right after the target
        while k < n and (sv.type_at(k) in ("GPE", "LOC") or sv.word(k) in ("في", "قرب") and sv.type_at(k + 1) in ("GPE", "LOC")):
            k += 1  # تعرض مطار X بطرابلس لقصف، حاجز للجيش في جبل Y لهجوم
        if not (sv.word(k).startswith("ل") and EVENT_RX.match(sv.word(k)[1:] if not sv.word(k).startswith("لل") else "ال" + sv.word(k)[2:])):
            continue
        for j in range(k + 1, min(n, k + 10)):
            if _is_break(sv, j):
                break
            if _by_agent(sv, j) or (SUPPORT_RX.match(sv.word(j)) and sv.word(j).endswith(_PRONOUN_SUFFIXES)):
                step = 2 if _by_agent(sv, j) else 1
                # (نفذته كتيبة X: a unit's class word before it)
                agent = _subject_after(sv, j + step - 1, _ACTORS) or _first_target(sv, j + step, _ACTORS, max_steps=1)
                if agent is not None and agent[0] != target:
                    out[(agent[0], target)] = "ATTACKED"
                break
    return out


#: a claim of an attack told before it, by an object pronoun: ``وتبناه``, ``تبنتها``, ``تبناهما``
CLAIM_PRONOUN_RX = re.compile(r"^[وف]?(?:تبنا|تبنت)(?:ه|ها|هما|هم)$")


def _attacked_claimed(sv: SentenceView) -> PairVote:
    """``استهدف تفجيران ... كنيسة Y، وتبناهما تنظيم X``; ``الهجوم على Y ... أعلن X مسؤوليته عنه``:
    the group that claims an attack the sentence told before attacked its target (the first
    target after the nearest ``استهدف`` before the claim, or after ``على``/``ضد`` of an attack
    noun)."""
    out: PairVote = {}
    for c in sorted({*sv.matching(CLAIM_PRONOUN_RX), *sv.matching(RESPONSIBILITY_RX)}):
        if CLAIM_PRONOUN_RX.match(sv.word(c)):
            agent = _subject_after(sv, c, _ACTORS)
        elif sv.word(c + 1) in ("عنه", "عنها", "عنهما", "عنهم"):
            agent = _subject(sv, c, _ACTORS)
        else:
            continue
        if agent is None or _blocked(sv, c):
            continue
        target = None
        for k in range(c - 1, max(-1, c - 40), -1):
            if sv.units[k].norm in (".", ":", "؛", ";"):
                break
            if TARGET_VERB_RX.match(sv.word(k)) and not sv.word(k).endswith(_PRONOUN_SUFFIXES):
                target = _first_target(sv, _past_event_subject(sv, k + 1), _TARGETS)
            elif EVENT_RX.match(sv.word(k)) and sv.word(k + 1) in ("علي", "ضد") and governed(sv, k) < 0:
                target = _first_target(sv, k + 2, _TARGETS, max_steps=1)
            else:
                continue
            break
        if target is not None and target[0] != agent[0] and target[1] < c:
            out[(agent[0], target[0])] = "ATTACKED"
    return out


#: an explosion as the subject of ``استهدف`` (``استهدف انفجار Y``)
EXPLOSION_RX = re.compile(r"^(?:ال)?انفجار(?:ان|ين|ات)?$")


def _past_event_subject(sv: SentenceView, k: int) -> int:
    """The unit after an event-noun subject of ``استهدف`` and its adjectives and time aside
    (``استهدف تفجيران انتحاريان، صباح الأحد، Y``), or ``k`` when none stands there."""
    if not (EVENT_RX.match(sv.word(k)) or EXPLOSION_RX.match(sv.word(k))):
        return k
    k += 1
    while sv.word(k).endswith(("ية", "ي", "ان", "ين")) and sv.mention_at(k) < 0 and sv.word(k) not in ("في", "علي"):
        k += 1  # انتحاريان، انتحارية
    if k < len(sv.units) and sv.units[k].norm in ("،", ","):
        close = next((j for j in range(k + 1, min(len(sv.units), k + 6)) if sv.units[j].norm in ("،", ",")), -1)
        if close > 0 and all(sv.type_at(j) in (None, "DATE") for j in range(k + 1, close)):
            k = close + 1  # ، صباح الأحد،
    return k


#: a place described as an organisation's centre or stronghold: ``Y كانت مركزا لـX``, ``Y، أبرز
#: معاقل X``, ``Y، معقل الجماعة``
CENTER_RX = re.compile(r"^(?:مركز|مركزا|معقل|معقلا|معاقل|مقر|مقرا|عاصم[ةه])$")


def _located_in_center(sv: SentenceView) -> PairVote:
    """``Y كانت مركزا لداعش``, ``غابة Y، أبرز معاقل جماعة X``, ``Y، أحد معاقل التنظيم``: the
    organisation holds the place named before the centre or stronghold word (up to four words
    back); the owner is the ORG right after the word or the antecedent of a back-reference
    (``التنظيم``, ``الجماعة``: the nearest ORG before)."""
    out: PairVote = {}
    for c in sv.matching(CENTER_RX):
        k = next((j for j in range(c - 1, max(-1, c - 5), -1) if sv.mention_at(j) >= 0), -1)
        place = sv.mention_at(k)
        if place < 0 or sv.types[place] not in ("GPE", "LOC"):
            continue
        if _clitic(sv, place, "ل") and sv.type_at(k - 1) in ("GPE", "LOC"):
            place = sv.mention_at(k - 1)  # الضاحية الجنوبية لبيروت، معقل X: the suburb, not the city
        w = sv.word(c + 1)
        if w in BACKREF and w not in ("القوات", "الجيش"):
            org = _antecedent(sv, k, BACKREF[w], frozenset({"ORG"}))
            org = org if org >= 0 else antecedent(sv, k, ("ORG",))
        else:
            after = _first_target(sv, c + 1, frozenset({"ORG"}), max_steps=1)
            org = after[0] if after else -1
        if org >= 0:
            out[(org, place)] = "LOCATED_IN"
    return out


CONTROL_NOUN_RX = re.compile(r"^[وف]?(?:ل|ب)?(?:ال)?سيطر[ةه]$")
UNDER = _words("تحت تخضع يخضع خاضعة الخاضعة خاضع الخاضع وتخضع ويخضع")


def _located_in_controlled(sv: SentenceView) -> PairVote:
    """A place written before the organisation that holds it: ``تخضع مدينة X لسيطرة تنظيم Y``,
    ``X تحت سيطرة Y``, ``المنطقة/X التي يسيطر عليها Y`` -> Y LOCATED_IN X."""
    out: PairVote = {}
    for c, u in enumerate(sv.units):
        w = u.norm if u.mention < 0 else ""
        if CONTROL_NOUN_RX.match(w) and (sv.word(c - 1) in UNDER or w.startswith(("ل", "ول"))):
            org = _first_target(sv, c + 1, frozenset({"ORG"}), max_steps=1)
        elif w in RELATIVE and re.match(r"^[يت]سيطر$", sv.word(c + 1)) and sv.word(c + 2) in ("عليها", "عليه"):
            org = _first_target(sv, c + 3, frozenset({"ORG"}), max_steps=1)
        else:
            continue
        if org is None:
            continue
        for j in range(c - 1, max(-1, c - 7), -1):
            m = sv.mention_at(j)
            if m >= 0 and sv.types[m] in ("GPE", "LOC"):
                out[(org[0], m)] = "LOCATED_IN"
                break
            if m >= 0 or _is_break(sv, j) and sv.units[j].norm not in ("،", ","):
                break
    return out


def _none_alias(sv: SentenceView) -> PairVote:
    """``NONE`` between two names of one thing (``X (Y)``, ``X المكنى بـY``): an alias is not
    contained in, nor a member of, what it names."""
    return dict.fromkeys(aliases(sv), NONE)


def _none_modality(sv: SentenceView) -> PairVote:
    """``NONE`` for a pair whose later mention lies in the scope of a negation or modality word
    (intent, expectation, risk, capability) standing between the two: from the word to the end of
    its clause. Negative evidence for the aggregator."""
    out: PairVote = {}
    n = len(sv.units)
    scope_of = [-1] * n  # unit -> position of the cue whose scope covers it
    for i, u in enumerate(sv.units):
        if u.mention < 0 and u.kind == "word" and (u.norm in NEGATION or _is_modal(u.norm)) \
                and not (u.norm == "قد" and _next_is_past(sv, i)):
            k = i + 1
            while k < n and not _is_break(sv, k):
                scope_of[k] = i
                k += 1
    ms = sorted(sv.pos.items(), key=lambda kv: kv[1])
    for a, ia in ms:
        for b, ib in ms:
            lo, hi = min(ia, ib), max(ia, ib)
            if a != b and scope_of[hi] > lo:
                out[(a, b)] = NONE
    return out


#: the trigger patterns :meth:`SentenceView.matching` indexes in one pass (once per distinct word)
_TRIGGER_PATTERNS = (USED_RX, ATTACK_RX, PRODUCE_RX, SUPPLY_RX, ACCUSE_RX, CONTROL_RX, STATIONED_VERB_RX,
                     KILLED_RX, KILLED_NOUN_RX, ASSASSINATE_RX, TAKE_SEAT_RX, CLAIM_PRONOUN_RX, RESPONSIBILITY_RX,
                     CENTER_RX, EVENT_RX, BATTLE_RX, POST_ACC_RX, POWER_RX, WING_RX)


def relation_functions() -> list[RelationFunction]:
    """Every relation labelling function, versioned."""
    return [
        RelationFunction("rel.used.subject@5", _act_with_weapon("USED", USED_RX), "use verb, its subject, weapons after"),
        RelationFunction("rel.used.instrument@2", _used_instrument, "attack with ب + weapon"),
        RelationFunction("rel.used.relative@2", _used_relative, "WEAPON التي يستخدمها X"),
        RelationFunction("rel.used.participle@1", _used_participle, "هاجموا ...، مستخدمين W"),
        RelationFunction("rel.agent.passive@3", _passive_agent, "... من قبل X"),
        RelationFunction("rel.used.accusation@3", _used_accusation, "اتهام X باستخدام W"),
        RelationFunction("rel.act.antecedent@4", _used_antecedent, "nearest tagged antecedent back-off"),
        RelationFunction("rel.act.object_pronoun@2", _object_pronoun, "وصنعتها شركة X: the weapon before"),
        RelationFunction("rel.produced.subject@3", _act_with_weapon("PRODUCED", PRODUCE_RX, purpose_ok=True),
                         "production verb, its subject, weapons after"),
        RelationFunction("rel.produced.origin@2", _produced_origin, "WEAPON أنتجت في X"),
        RelationFunction("rel.supplied.trigger@3", _supplied, "supply verb, supplier, recipient"),
        RelationFunction("rel.supplied.received@1", _received, "حصل عليها من X"),
        RelationFunction("rel.attacked.trigger@7", _attacked, "attack verb, attacker, target"),
        RelationFunction("rel.attacked.against@5", _attacked_against, "ضد after a use or attack"),
        RelationFunction("rel.located_in.fi@5", _located_in_fi, "X في Y for places"),
        RelationFunction("rel.located_in.region@3", _located_in_region, "X شمال شرقي Y, X بريف Y, X غرب country"),
        RelationFunction("rel.located_in.specified@1", _located_in_specified, "Y، وتحديدا X; Y بما فيها X"),
        RelationFunction("rel.located_in.frame@1", _located_in_frame, "وفي محافظة X، ... بلدة Y"),
        RelationFunction("rel.located_in.reference@2", _located_in_reference,
                         "X تتمركز هناك / Y التي تنتشر فيها X / في تلك المنطقة"),
        RelationFunction("rel.located_in.comma@3", _located_in_adjacent, "town، country; town (ولاية Y)"),
        RelationFunction("rel.located_in.org@7", _located_in_org, "base, forces, cells, control"),
        RelationFunction("rel.located_in.presence@1", _located_in_presence, "قواته المنتشرة في Y, بشبكة في Y"),
        RelationFunction("rel.located_in.apposition@2", _located_in_apposition, "X، عاصمة Y; في Y، هي A وB"),
        RelationFunction("rel.located_in.affiliated@3", _located_in_affiliated, "X التابع لـY"),
        RelationFunction("rel.member_of.role@6", _member_roles, "role words"),
        RelationFunction("rel.member_of.members@3", _member_of_members, "X أحد أعضاء Y"),
        RelationFunction("rel.member_of.led_by@4", _member_led_by, "Y الذي تقوده X, برئاسة X"),
        RelationFunction("rel.member_of.one_of@1", _member_one_of, "PER، أحد عناصر X; PER أحد عناصره"),
        RelationFunction("rel.member_of.brackets@1", _member_in_brackets, "PER (ORG)"),
        RelationFunction("rel.member_of.unit@2", _member_unit, "unit من parent"),
        RelationFunction("rel.member_of.affiliated@2", _member_affiliated, "X التابعة لها / لـY"),
        RelationFunction("rel.member_of.umbrella@2", _member_umbrella, "مظلة ... بينها X وY"),
        RelationFunction("rel.member_of.joined@1", _member_joined, "انضم X إلى Y, التحق بـY, ينتمي إلى Y"),
        RelationFunction("rel.member_of.leads@1", _member_leads, "أسس/قاد/ترأس/يتزعم X Y, عمل X في Y"),
        RelationFunction("rel.member_of.belonging@2", _member_belonging, "X المنتمي إلى Y, المنتمي لY X"),
        RelationFunction("rel.member_of.ruler@1", _member_ruler, "وصول X إلى سدة الحكم في Y"),
        RelationFunction("rel.member_of.post@1", _member_post, "عين X أستاذا في Y, كان X باحثا بY"),
        RelationFunction("rel.attacked.exposed@1", _attacked_exposed, "تعرض X لهجوم من قبل Y"),
        RelationFunction("rel.member_of.apposition@2", _member_apposition, "X، وهي وحدة من Y; الجناح العسكري لـY X"),
        RelationFunction("rel.located_in.seat@2", _located_in_seat, "ORG بGPE: the body seated there"),
        RelationFunction("rel.member_of.corps@1", _member_of_corps, "unit لORG: a unit of the corps"),
        RelationFunction("rel.member_of.list@1", _member_list, "أعضاء في X، وهي A وB"),
        RelationFunction("rel.attacked.eliminated@1", _attacked_eliminated, "X ... القضاء على Y"),
        RelationFunction("rel.attacked.event@4", _attacked_event, "attack noun: its agent and target"),
        RelationFunction("rel.located_in.controlled@1", _located_in_controlled, "X تحت سيطرة Y"),
        RelationFunction("rel.attacked.claimed@1", _attacked_claimed, "استهدف تفجير Y، وتبناه X"),
        RelationFunction("rel.located_in.center@1", _located_in_center, "Y كانت مركزا لـX; Y، أبرز معاقل الجماعة"),
        RelationFunction("rel.located_in.partitive@1", _located_in_partitive, "سيطر X على مدن، واحدة منها Y"),
        RelationFunction("rel.attacked.killed@2", _attacked_killed, "X الذي قتل على أيدي Y, برصاص Y"),
        RelationFunction("rel.member_of.sub_body@2", _member_sub_body, "كتلة X بمجلس Y, كلية X بجامعة Y"),
        RelationFunction("rel.none.alias@1", _none_alias, "X (Y): two names of one thing"),
        RelationFunction("rel.none.modality@3", _none_modality, "negation / modality between the pair"),
    ]


# --------------------------------------------------------------------------------------------
# Running the functions over a document


def sentence_groups(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """``(start, end, entity indices)`` of every sentence that holds two or more entities, cut as
    the validator cuts them (line breaks and end marks outside entity spans)."""
    if len(spans) < 2:
        return []
    sid = sentence_ids(text, list(spans))
    groups: dict[int, list[int]] = {}
    for k, (s, e) in enumerate(spans):
        if sid[s] == sid[e - 1]:
            groups.setdefault(sid[s], []).append(k)
    out = []
    for g, members in groups.items():
        if len(members) < 2:
            continue
        lo = min(spans[k][0] for k in members)
        hi = max(spans[k][1] for k in members)
        while lo > 0 and sid[lo - 1] == g:
            lo -= 1
        while hi < len(text) and sid[hi] == g:
            hi += 1
        out.append((lo, hi, members))
    return sorted(out)


def relation_votes(text: str, entities: Sequence[tuple[int, int, str, str]],
                   functions: Sequence[RelationFunction]) -> tuple[list[tuple[int, int, tuple[str, ...]]],
                                                                   dict[str, PairVote]]:
    """Candidates and votes for a document whose entities are ``(start, end, type, norm)``:
    candidates are the ordered pairs in one sentence that the schema lets carry some label."""
    candidates: list[tuple[int, int, tuple[str, ...]]] = []
    votes: dict[str, PairVote] = {f.name: {} for f in functions}
    for lo, hi, members in sentence_groups(text, [(e[0], e[1]) for e in entities]):
        for h in members:
            for t in members:
                if h != t:
                    allowed = allowed_relations(entities[h][2], entities[t][2])
                    if allowed:
                        candidates.append((h, t, allowed))
        sv = build_sentence(text, lo, hi, [(k, entities[k][0], entities[k][1], entities[k][2], entities[k][3])
                                           for k in members])
        found = [(f.name, f(sv)) for f in functions]
        # two names of one thing hold no relation to each other (ANNOTATION.md); read after the
        # functions (the first of them fills the view's trigger cache) and only when one voted
        alias = aliases(sv) if any(lab != NONE for _, pv in found for lab in pv.values()) else ()
        for name, pv in found:
            if alias:
                pv = {pair: lab for pair, lab in pv.items() if lab == NONE or pair not in alias}
            votes[name].update(pv)
    return candidates, votes
