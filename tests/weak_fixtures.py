"""Small hand-written entity labelling functions for the weak-labelling tests."""

from __future__ import annotations

import re

from kashif.weak.base import Span


class Gazetteer:
    """Whole-word matches of a tiny list, an attached proclitic (و ب ل) inside the span."""

    def __init__(self, name: str, entries: dict[str, str]):
        self.name = name
        alts = "|".join(re.escape(s) for s in sorted(entries, key=len, reverse=True))
        self.rx = re.compile(rf"(?<!\w)([وبل]?)({alts})(?!\w)")
        self.entries = entries

    def __call__(self, text: str) -> list[Span]:
        return [Span(m.start(), m.end(), self.entries[m.group(2)]) for m in self.rx.finditer(text)]


class Fixed:
    """Votes one type on every whole-word occurrence of one word (a deliberately noisy function)."""

    def __init__(self, name: str, word: str, typ: str):
        self.name, self.word, self.typ = name, word, typ

    def __call__(self, text: str) -> list[Span]:
        return [Span(m.start(), m.end(), self.typ) for m in re.finditer(rf"(?<!\w){self.word}(?!\w)", text)]


GAZ = Gazetteer("test.gazetteer@1", {"داعش": "ORG", "سورية": "GPE", "العراق": "GPE", "الموصل": "GPE",
                                     "غاز الخردل": "WEAPON", "الكلور": "WEAPON", "الجيش السوري": "ORG"})
WEAPONS = Gazetteer("test.weapons@2", {"غاز الخردل": "WEAPON", "الكلور": "WEAPON"})
NOISY = Fixed("test.noisy@1", "الموصل", "PER")
NEG = Fixed("test.not_state@1", "الدولة السورية", "O")
FUNCTIONS = [GAZ, WEAPONS, NOISY, NEG]

TEXT = ("قال مسؤول إن تنظيم داعش استخدم غاز الخردل في الموصل.\n"
        "وأضاف أن داعش هاجم الجيش السوري بالكلور في سورية، وأن الدولة السورية ردت.")
