"""Text preparation that keeps offsets: folding, language detection, sentences and quoted spans.

Every transformation here maps one character to one character, so an offset into the folded text
is an offset into the original reply and evidence spans can be cut from the original.
"""

from __future__ import annotations

import bisect
import re
from typing import Mapping

# Han ideographs (CJK unified, extension A, compatibility ideographs).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN}]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")
# A Latin word of two letters or more: JDDC placeholders such as "[数字x]" do not make a reply mixed.
_LATIN_RUN_RE = re.compile(r"[A-Za-z]{2}")

# Characters folded for matching: full-width ASCII to ASCII, the ideographic space to a space,
# typographic apostrophes and double quotes to ASCII. Single curly quotes other than the
# apostrophe are kept, so quoted spans are still found on the original text.
_BASE_FOLD: dict[int, str] = {cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}
_BASE_FOLD.update(
    {
        0x3000: " ",  # ideographic space
        0x2019: "'",  # right single quotation mark, used as an apostrophe
        0x02BC: "'",  # modifier letter apostrophe
        0x201C: '"',
        0x201D: '"',
        0x00A0: " ",
        0x3001: ",",  # 、 enumeration comma reads like a comma for clause rules
    }
)


def fold_table(char_map: Mapping[str, str]) -> dict[int, str]:
    """A ``str.translate`` table: the base fold plus a one-to-one character map (e.g. 繁→简)."""
    table = dict(_BASE_FOLD)
    for src, dst in char_map.items():
        if len(src) == 1 and len(dst) == 1:
            table[ord(src)] = dst
    return table


# Leading "@handle" addressees of a social-media reply ("@115716 @VirginTrains What happened?"):
# blanked (same length) so the reply's first words start its first sentence.
_ADDRESSEES_RE = re.compile(r"\A(?:[ \t]*@\w+[,:]?)+")


def blank_addressees(text: str) -> str:
    m = _ADDRESSEES_RE.match(text)
    return text if m is None else " " * m.end() + text[m.end():]


def detect_lang(text: str) -> str:
    """``"zh"`` when Han characters carry at least as much of the text as Latin words, else ``"en"``.

    A Chinese reply with an English word or two ("亲，您的order已经发货了") is zh; an English
    reply that names one Chinese term is en.
    """
    han = len(_HAN_RE.findall(text))
    if not han:
        return "en"
    return "zh" if han >= len(_LATIN_WORD_RE.findall(text)) else "en"


def has_han(text: str) -> bool:
    return _HAN_RE.search(text) is not None


def has_latin(text: str) -> bool:
    return _LATIN_RUN_RE.search(text) is not None


# A sentence ends at terminal punctuation (a run of it), at a '.' followed by space or the end
# (so URLs, "t.co" and "11.1" stay whole), at a newline, or at a space that separates Chinese
# chat fragments ("很抱歉呢 小妹这边确实不清楚呢").
_SENT_END_RE = re.compile(
    rf"[!?。…~\n]+[\"')]*"
    rf"|(?<!&gt)(?<!&lt)(?<!&amp)(?<!&quot)(?<!&apos);+"
    rf"|(?<!\.[A-Za-z])\.+(?=\s|$)"  # not after "U.S" / "e.g"
    rf"|(?<=[{HAN}\]])[ \t]+|[ \t]+(?=[{HAN}\[])"
)


class Sentences:
    """Sentence spans of a (folded) text, with lookup of the sentence around an offset."""

    __slots__ = ("spans", "_starts")

    def __init__(self, text: str) -> None:
        spans: list[tuple[int, int]] = []
        pos = 0
        for m in _SENT_END_RE.finditer(text):
            end = m.end() if m.group().strip() else m.start()
            _add_span(text, pos, end, spans)
            pos = m.end()
        _add_span(text, pos, len(text), spans)
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def around(self, offset: int) -> tuple[int, int]:
        """The span of the sentence containing ``offset`` (or the nearest one before it)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return (0, 0) if not self.spans else self.spans[0]
        return self.spans[i]


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# Quoted spans, found on the ORIGINAL text: paired typographic quotes, CJK corner brackets, and
# ASCII quotes that open after a non-word character and close before one (so "can't" and
# "Let's" are apostrophes, not quotes).
_QUOTE_RE = re.compile(
    r"\u201c[^\u201c\u201d\n]{1,400}\u201d"
    r"|\u2018(?:[^\u2018\u2019\n]|\u2019(?=\w)){1,400}?\u2019(?!\w)"
    r"|\u300c[^\u300c\u300d]{1,400}\u300d|\u300e[^\u300e\u300f]{1,400}\u300f"
    r"|\uff02[^\uff02\n]{1,400}\uff02|\u00ab[^\u00ab\u00bb\n]{1,400}\u00bb"
    r'|"[^"\n]{1,400}"'
    r"|(?<!\w)'(?=\S)(?:[^'\n]|'(?=\w)){1,400}?(?<=\S)'(?!\w)"
    # A chat platform's own notice pasted into a log ("系统提示:…会话将在两分钟后自动切断哦") is
    # not the agent's words either.
    r"|系统提示[:\uff1a]\S{1,200}?(?:哦~?|(?=\s)|$)"
)


def quoted_spans(original: str) -> list[tuple[int, int]]:
    """Spans (including the quote marks) of text the agent puts in quotes, and platform notices."""
    return [m.span() for m in _QUOTE_RE.finditer(original)]
