"""The HTML report in a real headless browser (Chromium): it renders offline, the charts are drawn
(counted in the screenshot's pixels), and it prints. Skipped when chromium is not installed
(CI installs it: apt-get install -y chromium)."""

import os
import shutil
from collections import Counter
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from clear_sim.commands import report as report_cmd
from clear_sim.ui.html import COLOURS
from conftest import play, play_class

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1"]


def chromium(tmp_path, *args, timeout=90):
    profile = tmp_path / "profile"
    env = dict(os.environ, HOME=str(tmp_path))
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          timeout=timeout, env=env)


def read_png(path: Path):
    """(width, height, bytes per pixel, rows of bytes) of an 8-bit RGB/RGBA PNG — a small decoder."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def rgb(hex_colour: str):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def near(a, b, tolerance=6):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


@pytest.fixture
def report_file(store, tiny, db, tmp_path):
    play_class(store, tiny)
    for answers in (["good", "sorry-reship"], ["sorry", "courier"], ["good", "courier"]):
        play(store, tiny, answers, trainee="ann", group="A1")
    out = tmp_path / "a1.html"
    assert report_cmd.run(db, group="A1", fmt="html", output=str(out), lang="en") == 0
    return out


def test_the_report_renders_with_its_charts(report_file, tmp_path):
    png = tmp_path / "shot.png"
    result = chromium(tmp_path, f"--screenshot={png}", "--window-size=1200,1000", report_file.as_uri())
    assert png.is_file(), result.stderr.decode(errors="replace")[-2000:]
    width, height, bpp, rows = read_png(png)
    assert (width, height) == (1200, 1000)
    half = width // 2 * bpp
    left, right = Counter(), Counter()  # pixel colours in the left and right halves of the page
    for r in rows:
        left.update(zip(r[0:half:bpp], r[1:half:bpp], r[2:half:bpp]))
        right.update(zip(r[half::bpp], r[half + 1::bpp], r[half + 2::bpp]))

    def count(side, colour):
        return sum(n for p, n in side.items() if near(p, rgb(colour)))

    # every CLEAR step's bar (a solid colour) is drawn, and so is the overall bar (left: the bars)
    drawn = {k: count(left, c) for k, c in COLOURS.items()}
    assert all(n > 400 for n in drawn.values()), drawn
    # right of them the radar and the progress lines, in the same colours
    lines = {k: count(right, c) for k, c in COLOURS.items()}
    assert all(n > 50 for n in lines.values()), lines
    white = left[(255, 255, 255)] + right[(255, 255, 255)]
    assert white < width * height * 0.97  # the page is not empty
    shutil.copy(png, Path(os.environ.get("CLEAR_SIM_SCREENSHOT_DIR", tmp_path)) / "report-a1.png")


def test_the_rendered_page_holds_the_charts_and_tables(report_file, tmp_path):
    result = chromium(tmp_path, "--dump-dom", report_file.as_uri())
    dom = result.stdout.decode()
    assert "<h1>Group report: A1</h1>" in dom
    assert dom.count('class="chart chart-bars"') == 1
    assert dom.count('class="chart chart-radar"') == 1
    assert dom.count('class="chart chart-progress"') == 1
    assert dom.count('<rect class="bar bar-') == 6
    assert 'class="trainees"' in dom and 'class="nodes"' in dom and 'class="distractors"' in dom


def test_the_report_prints(report_file, tmp_path):
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report_file.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    assert 1 <= pages <= 4
