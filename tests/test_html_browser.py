"""The HTML page rendered by headless Chromium: screenshot pixels show every entity colour, the DOM
has one <mark> per entity with its type, and the page is right-to-left."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from kashif.inference.html import TYPE_COLOURS, write_html

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 1000, 800


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """``(width, height, rows)`` of an 8-bit RGB or RGBA PNG; each row as RGB bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        prev = line
        rows.append(bytes(line) if channels == 3 else
                    bytes(v for k in range(0, stride, 4) for v in line[k:k + 3]))
    return width, height, rows


def test_page_renders_with_entity_colours_and_marks(tmp_path):
    from test_html import sample_document

    doc = sample_document()
    page = tmp_path / "page.html"
    write_html([doc], page)
    shot = tmp_path / "shot.png"
    r = _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri())
    assert shot.is_file(), r.stderr[-2000:]
    width, height, rows = read_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    pixels = b"".join(rows)
    colours = {bytes.fromhex(TYPE_COLOURS[e.type][1:]) for e in doc.entities}
    seen = set()
    for k in range(0, len(pixels), 3):
        px = pixels[k:k + 3]
        if px in colours:
            seen.add(px)
    assert seen == colours, f"missing highlight colours {[c.hex() for c in colours - seen]}"
    unused = bytes.fromhex(TYPE_COLOURS["PER"][1:])  # no PER entity: its colour must not appear
    assert unused not in {pixels[k:k + 3] for k in range(0, len(pixels), 3)}

    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert re.search(r'<html[^>]*dir="rtl"', dom) and 'lang="ar"' in dom
    marks = re.findall(r'<mark data-type="(\w+)"[^>]*>(.*?)<sub>', dom)
    assert marks == [(e.type, e.text) for e in doc.entities]
    assert "<script>" not in dom.split("<body>", 1)[1]
