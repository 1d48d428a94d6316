"""The HTML view: a self-contained RTL page, escaped text, one <mark> per entity, legend and relations."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kashif.inference.html import TYPE_COLOURS, render_html, write_html
from kashif.schema import build_document

TEXT = "استخدم تنظيم “داعش” غاز الكلور في سوريا عام 2014 <script>alert(1)</script> & صدر."


def sample_document():
    """A hand-made document (the tiny test model is untrained, so its output is noise)."""
    spans = [(14, 18, "ORG", 0.91), (20, 30, "WEAPON", 0.8), (34, 39, "GPE", 0.99), (40, 48, "DATE", 0.7)]
    return build_document("seed-x", TEXT, spans, [(0, 1, "USED", 0.75), (0, 2, "LOCATED_IN", 0.6)])


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.html_attrs: dict = {}
        self._in_mark = None
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag == "mark":
            self._in_mark = dict(attrs)["data-type"]
            self._buf = []
        if tag == "sub" and self._in_mark:
            self._in_mark, typ = None, self._in_mark
            self.marks.append((typ, "".join(self._buf)))

    def handle_data(self, data):
        if self._in_mark:
            self._buf.append(data)


def test_page_marks_every_entity_with_its_type_and_escapes_text():
    doc = sample_document()
    assert [e.text for e in doc.entities] == ["داعش", "غاز الكلور", "سوريا", "عام 2014"]
    page = render_html([doc])
    p = _Marks()
    p.feed(page)
    assert p.html_attrs == {"lang": "ar", "dir": "rtl"}
    assert p.marks == [("ORG", "داعش"), ("WEAPON", "غاز الكلور"), ("GPE", "سوريا"), ("DATE", "عام 2014")]
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; صدر." in page
    for typ in ("ORG", "WEAPON", "GPE", "DATE"):
        assert f'mark[data-type="{typ}"], .legend [data-type="{typ}"] {{ background: {TYPE_COLOURS[typ]}; }}' in page
    legend = re.search(r'<div class="legend">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'data-type="(\w+)"', legend) == ["ORG", "GPE", "WEAPON", "DATE"]  # schema order, used only
    rows = re.findall(r'<tr data-relation="(\w+)"[^>]*><td><a [^>]*>(.*?)</a>', page)
    assert rows == [("USED", "داعش"), ("LOCATED_IN", "داعش")]


def test_relation_rows_name_and_link_the_marks_they_mean():
    """Issue 12 item 18: the table said 'داعش (T1)' but no T-number appeared in the text."""
    page = render_html([sample_document()])
    marks = dict(re.findall(r'<mark [^>]*id="(d1-T\d+)"[^>]*>[^<]*<sub>(\w+ T\d+)</sub>', page))
    assert marks == {"d1-T1": "ORG T1", "d1-T2": "WEAPON T2", "d1-T3": "GPE T3", "d1-T4": "DATE T4"}
    rows = re.findall(r'<tr data-relation="(\w+)" data-head="(T\d+)" data-tail="(T\d+)">'
                      r'<td><a href="#(d1-T\d+)">.*?</a>.*?<td>(.*?) <span class="en">(\w+)</span></td>'
                      r'<td><a href="#(d1-T\d+)">', page)
    assert rows == [("USED", "T1", "T2", "d1-T1", "استخدم", "USED", "d1-T2"),
                    ("LOCATED_IN", "T1", "T3", "d1-T1", "يقع في", "LOCATED_IN", "d1-T3")]
    assert all(href in marks for *_, h, _, _, t in rows for href in (h, t))
    # hovering a row outlines its two marks (CSS only: the page has no script)
    for tid in ("T1", "T2", "T3"):
        assert (f'.document:has(tr[data-head="{tid}"]:hover, tr[data-tail="{tid}"]:hover) '
                f'mark[data-id="{tid}"]') in page
    assert 'data-head="T4"]' not in page  # T4 is in no relation
    second = build_document("seed-y", TEXT, [(14, 18, "ORG", 0.9)])
    page = render_html([sample_document(), second])
    assert page.count('<p class="no-relations">لا علاقات في هذه الوثيقة') == 1  # says so, once
    assert 'id="d2-T1"' in page  # ids stay unique across documents


def test_self_contained_no_external_resources(tmp_path):
    out = tmp_path / "sub" / "page.html"
    write_html([sample_document()], out)
    page = out.read_text(encoding="utf-8")
    for needle in ("http://", "https://", "<link", "<script", "@import", "src=", "url("):
        assert needle not in page, needle
    assert '<meta charset="utf-8">' in page
    assert sorted(p.name for p in out.parent.iterdir()) == ["page.html"]


def test_empty_and_plain_documents():
    page = render_html([build_document("e", "نص بلا كيانات", [])])
    assert "<mark" not in page and "نص بلا كيانات" in page and 'class="relations"' not in page
    assert "<section" not in render_html([])
