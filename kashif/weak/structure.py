"""Sentence structure shared by the relation functions: what stands with what, and under what.

The relation functions (:mod:`kashif.weak.relations`) find a trigger and look for its arguments
around it. Some facts about a sentence do not belong to any one trigger and are read here once
per sentence (cached on the :class:`~kashif.weak.relations.SentenceView`):

* **Coordination** (:func:`coordination`): mentions of one kind joined by ``و`` or a comma
  (``بقابس وقبلي``, ``تونس والجزائر ومصر``, ``المدينتان X وY``), a ``و`` glued outside both spans
  (``أوديساوخاركيف``) or a repeated place preposition (``في بلدة X وفي مدينة Y``). A relation
  stated for one member holds for every member (:func:`spread`): ``X وY في محافظة Z`` puts both in
  Z, and the relation functions leave coordinated targets, suppliers and joiners to it.
* **Aliases** (:func:`aliases`): ``X (Y)`` and ``X المكنى/الملقب/المعروف بـY`` name one
  thing twice. A relation on one name holds for the other (ANNOTATION.md: apposition puts it on
  both mentions), and the two hold no relation to one another (the relation functions' votes on
  such a pair are dropped: ``عضو في حلف X (Y)`` makes Y no member of X).
* **Governed events** (:func:`governed`): a verbal noun of use or attack that is the object of a
  reporting, condemning, discussing or investigating word (``أدان X استخدام``, ``تحقيق في
  استخدام``, ``مشروع قرار حول استخدام``) is not an act of that word's subject: the functions
  then take the agent only from the noun's own genitive (``استخدام داعش للكلور``).
* **Reference inside the sentence** (:func:`place_reference`, :func:`partitive_members`): a word
  or phrase that points back to a place (``هناك``, ``فيها``, ``تلك المنطقة``, ``المدينة نفسها``)
  stands for the nearest GPE or LOC mention before it; a partitive after a plural
  (``عدة مدن، واحدة منها X``, ``من بينها X وY``) names members of that plural, so a relation stated
  for the plural holds for them.

Everything works on the units of a sentence view (words, punctuation and whole mentions) and
never looks past the sentence.
"""

from __future__ import annotations

import re
from typing import Protocol

#: what a relation vote is: (head mention, tail mention) -> label
PairVote = dict[tuple[int, int], str]
NONE = "NONE"


class _View(Protocol):  # the parts of relations.SentenceView used here
    units: list
    pos: dict[int, int]
    types: dict[int, str]
    surfaces: dict[int, str]
    glued: dict[int, str]
    _found: dict

    def word(self, i: int) -> str: ...

    def mention_at(self, i: int) -> int: ...


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: words whose object is talked about, not done by their subject (verbs, their nouns, and the
#: prepositions ``حول``/``بشأن`` "about" that such nouns take; defending, justifying and
#: criticising a use are talk about it too: ``دافعت X عن استخدام``), and the codes and powers to do
#: it (``شفرة استخدام``: an authorisation, not an act); normalised letters
GOVERNING_RX = re.compile(
    r"^[وف]?(?:ب|ل|لل)?(?:ال)?(?:ادان|[يت]دين|ادان[ةه]|ادانات|ندد|[يت]ندد|تنديد|استنكر|[يت]ستنكر|استنكار|شجب|[يت]شجب|"
    r"تحقيق|تحقيقا|تحقيقات|[يت]حقق|حقق|التحقق|بحث|[يت]بحث|ناقش|[يت]ناقش|مناقش[ةه]|نفي|نفت|[يت]نفي|"
    r"مشروع|قرار|تقرير|تقارير|حول|بشان|رفض|[يت]رفض|حذر|[يت]حذر|تحذير|شفر[ةه]|رموز|صلاحي[ةه]|صلاحيات|"
    r"دافع|[يت]دافع|دفاع|دفاعا|برر|[يت]برر|تبرير|انتقد|[يت]نتقد|انتقاد|"
    r"(?:ادان|ندد|استنكر|شجب|ناقش|رفض|حذر|بحث|حقق|دافع|برر|انتقد)(?:ت|وا))$")  # ونددت، استنكروا: the verb's other persons
#: verbal nouns of use and attack (a finite verb has its own subject and is never governed)
EVENT_NOUN_RX = re.compile(
    r"^[وف]?(?:ب|ل|لل)?(?:ال)?(?:استخدام|استعمال|هجوم|هجمات|هجمات|قصف|استهداف|ضرب|ضربات|ضرب[ةه]|غار[ةه]|غارات|"
    r"اعتداء|اعتداءات|تفجير|تفجيرات|اطلاق)$")
_CLAUSE_STOP = frozenset(".:؛;") | _words("لكن ولكن بينما فيما ثم")
_COORD_GLUE = _words("و ، ,")
#: a repeated preposition of place between list members (في بلدة X وفي مدينة Y)
_COORD_PREP = _words("وفي وب")
#: class words that may stand between coordinated place names (بمدينتي X ومدينة Y)
_COORD_CLASS = _words("مدينة ومدينة بلدة وبلدة قرية وقرية محافظة ومحافظة ولاية وولاية منطقة ومنطقة")
ALIAS_CUES = _words("المكني الملقب المعروف المكناة الملقبة المعروفة المدعو")
QUOTES = frozenset("“”\"«»'‘’")
_FAMILY = {"GPE": "PLACE", "LOC": "PLACE"}


def governed(sv: _View, t: int, span: int = 10) -> int:
    """The unit of the word that governs the verbal noun at unit ``t`` (``أدان ... استخدام``),
    or -1: the noun must be a use/attack noun and the governing word stand before it in its
    clause (up to ``span`` units back)."""
    if not EVENT_NOUN_RX.match(sv.word(t)):
        return -1
    for k in range(t - 1, max(-1, t - span - 1), -1):
        w = sv.word(k)
        if sv.units[k].norm in _CLAUSE_STOP:
            return -1
        if w and GOVERNING_RX.match(w):
            return k
    return -1


def _joined(sv: _View, a: int, b: int) -> bool:
    """Units ``a`` < ``b`` are mentions joined as list members: only و, commas and place class
    words between them, and a و before ``b`` (its own token or glued to the mention)."""
    between = [sv.units[k].norm for k in range(a + 1, b)]
    if any(w not in _COORD_GLUE and w not in _COORD_CLASS and w not in _COORD_PREP for w in between):
        return False
    if any(w in _COORD_PREP for w in between) and ("،" in between or "," in between):
        return False  # (X في حلب، وفي دمشق ...: a new clause, not a list)
    glued_wa = _glued_wa(sv, sv.mention_at(b))
    return glued_wa or "و" in between or any(w.startswith("و") for w in between if w in _COORD_CLASS or w in _COORD_PREP) \
        or ("،" in between or "," in between)


def coordination(sv: _View) -> dict[int, tuple[int, ...]]:
    """Mention -> the members of its coordination group (itself included), for mentions in a
    list of two or more of the same kind (GPE and LOC count as one kind)."""
    cached = sv._found.get("coordination")
    if cached is not None:
        return cached
    pos = [(i, u.mention) for i, u in enumerate(sv.units) if u.mention >= 0]
    groups: list[list[int]] = []
    for k, (i, m) in enumerate(pos):
        if k:
            pi, pm = pos[k - 1]
            same = _FAMILY.get(sv.types[pm], sv.types[pm]) == _FAMILY.get(sv.types[m], sv.types[m])
            if same and _joined(sv, pi, i):
                groups[-1].append(m)
                continue
        groups.append([m])
    # a comma list must end with a و member (X، Y وZ); a bare comma pair is an apposition
    out: dict[int, tuple[int, ...]] = {}
    for g in groups:
        if len(g) > 1 and any(_wa_before(sv, m) for m in g[1:]):
            for m in g:
                out[m] = tuple(g)
    sv._found["coordination"] = out
    return out


def _glued_wa(sv: _View, m: int) -> bool:
    """Mention ``m`` carries a و: in its span (``وخاركيف``) or glued to it from the word before
    (``أوديساوخاركيف``: the و outside both spans)."""
    return sv.surfaces[m].startswith("و") or sv.glued.get(m, "").endswith("و")


def _wa_before(sv: _View, m: int) -> bool:
    """The list member ``m`` is joined by و: glued to it, a ``و`` right before it or a repeated
    ``وفي`` between it and the member before (not a class word: in ``X بإقليم K وبلدة D`` the
    ``وبلدة`` opens a new pair)."""
    if _glued_wa(sv, m) or sv.word(sv.pos[m] - 1) == "و":
        return True
    k = sv.pos[m] - 1
    while k >= 0 and sv.units[k].mention < 0:
        if sv.units[k].norm in _COORD_PREP:
            return True
        k -= 1
    return False


def aliases(sv: _View) -> set[tuple[int, int]]:
    """Ordered pairs of mentions (both directions) that name one thing: ``X (Y)`` and
    ``X المكنى بـ“Y”`` -- ORG, PER and WEAPON names of the same type."""
    cached = sv._found.get("aliases")
    if cached is not None:
        return cached
    out: set[tuple[int, int]] = set()
    n = len(sv.units)
    for i, u in enumerate(sv.units):
        m = u.mention
        if m < 0 or sv.types[m] not in ("ORG", "PER", "WEAPON"):
            continue
        k = i + 1
        while k < n and sv.units[k].mention < 0 and sv.units[k].norm in QUOTES:
            k += 1  # past the closing quote of X
        cue = paren = False
        k += sv.word(k) == "و"  # X و المكنى بـY
        if k < n and sv.units[k].norm == "(":
            paren = True
            k += 1
        elif sv.word(k) in ALIAS_CUES or sv.word(k)[:1] == "و" and sv.word(k)[1:] in ALIAS_CUES:
            cue = True
            k += 1
        else:
            continue
        while k < n and sv.units[k].mention < 0 and (sv.units[k].norm in QUOTES or sv.units[k].norm == "ب"):
            k += 1  # بـ“Y”
        y = sv.mention_at(k)
        if y < 0 or sv.types[y] != sv.types[m]:
            continue
        if cue or (paren and k + 1 < n and sv.units[k + 1].norm == ")"):
            out.add((m, y))
            out.add((y, m))
    sv._found["aliases"] = out
    return out


#: words that refer back to a place on their own
THERE = _words("هناك هنالك فيها بها وفيها وبها")
#: demonstratives before a place class word (``تلك المنطقة``, ``هذه المدينة``) and the reflexive
#: after one (``المدينة نفسها``)
_DEMONSTRATIVES = _words("تلك هذه ذلك هذا")
_SELF = _words("نفسها ذاتها نفسه ذاته")
_PLACE_NOUNS = _words("المنطقة المدينة البلدة القرية الولاية المحافظة الجهة الجبل الجبال المناطق المدن")
_PLACE_NOUNS_WITH_PREP = frozenset(p + w for w in _PLACE_NOUNS for p in ("", "ب", "في", "و", "وب", "ل"))
#: partitives after a plural: واحدة منها، إحداها، من بينها، بينها، أبرزها، منها
PARTITIVES = _words("منها بينها ابرزها اهمها احداها احدها وابرزها ومنها")


def place_reference(sv: _View, i: int) -> tuple[int, int] | None:
    """``(first unit, last unit)`` of a back-reference to a place that starts at unit ``i``:
    ``هناك``, ``فيها``, ``[في] تلك المنطقة``, ``[ب]المدينة نفسها``; None when there is none."""
    w = sv.word(i)
    if w in THERE:
        return i, i
    if w in _DEMONSTRATIVES and sv.word(i + 1) in _PLACE_NOUNS:
        return i, i + 1
    if w in _PLACE_NOUNS_WITH_PREP and sv.word(i + 1) in _SELF:
        return i, i + 1
    return None


def antecedent(sv: _View, i: int, types: tuple[str, ...], span: int = 30) -> int:
    """The nearest mention of one of ``types`` before unit ``i`` in the sentence (-1 if none):
    the referent of a back-reference (ANNOTATION.md: the nearest tagged antecedent carries it)."""
    for k in range(i - 1, max(-1, i - span - 1), -1):
        m = sv.mention_at(k)
        if m >= 0 and sv.types[m] in types:
            return m
    return -1


def partitive_members(sv: _View, i: int) -> list[int]:
    """The mentions named by a partitive at unit ``i`` (``واحدة منها X``, ``من بينها X وY``,
    ``أبرزها X``): the mention right after it and its coordination group; [] when ``i`` is no
    partitive or no mention follows."""
    if sv.word(i) not in PARTITIVES:
        return []
    k = i + 1
    while k < len(sv.units) and sv.units[k].mention < 0 and sv.units[k].norm in QUOTES:
        k += 1
    m = sv.mention_at(k)
    if m < 0:
        return []
    return list(coordination(sv).get(m, (m,)))


def spread(sv: _View, votes: PairVote) -> PairVote:
    """``votes`` plus the same label for the other members of a coordination group and for the
    other name of an alias pair (never inside one group or pair, never over a vote already
    cast)."""
    if not votes:
        return votes
    groups = coordination(sv)
    alias = aliases(sv)
    if not groups and not alias:
        return votes
    other: dict[int, set[int]] = {}
    for m, g in groups.items():
        other.setdefault(m, set()).update(x for x in g if x != m)
    for a, b in alias:
        other.setdefault(a, set()).add(b)
    out = dict(votes)
    for (h, t), lab in votes.items():
        if lab == NONE or t in other.get(h, ()):
            continue
        for t2 in other.get(t, ()):
            if t2 != h and (h, t2) not in votes:
                out[(h, t2)] = lab
        for h2 in other.get(h, ()):
            if h2 != t and (h2, t) not in votes:
                out[(h2, t)] = lab
    return out
