"""Scenario and trainee text is data: printed literally, never interpreted as markup or terminal codes."""

from __future__ import annotations

from ..sanitize import clean

__all__ = ["clean", "literal", "wrapped", "Wrapped", "break_offsets"]


def literal(text: str, style: str = ""):
    """A rich Text that shows ``text`` exactly: no markup parsing, no control sequences."""
    from rich.text import Text

    return Text(clean(text), style=style)


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF) or (0xAC00 <= o <= 0xD7AF) or (0xF900 <= o <= 0xFAFF) or (0xFF00 <= o <= 0xFFEF) \
        or (0x3000 <= o <= 0x303F) or (0x20000 <= o <= 0x3FFFF)


_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)」…%")  # closing punctuation stays with the text before it


def break_offsets(plain: str, width: int) -> list[int]:
    """Where to break ``plain`` so no line exceeds ``width`` cells: at spaces, or between CJK characters."""
    from rich.cells import cell_len

    offsets: list[int] = []
    line_start, used, last_break = 0, 0, None
    for i, ch in enumerate(plain):
        w = cell_len(ch)
        if i > line_start and (plain[i - 1] == " " or ((_is_cjk(ch) or _is_cjk(plain[i - 1])) and ch != " ")) \
                and ch not in _NO_LINE_START:
            last_break = i
        if used + w > width and i > line_start:
            cut = last_break if last_break and last_break > line_start else i
            offsets.append(cut)
            line_start, last_break = cut, None
            used = cell_len(plain[cut:i])
        used += w
    return offsets


class Wrapped:
    """A Text that wraps Chinese as well as English: rich alone treats a run of CJK as one long word."""

    def __init__(self, text) -> None:
        self.text = text

    def __rich_console__(self, console, options):
        for para in self.text.split("\n", allow_blank=True):
            for line in para.divide(break_offsets(para.plain, max(1, options.max_width))):
                line.rstrip()
                line.end = "\n"
                yield line

    def __rich_measure__(self, console, options):
        from rich.cells import cell_len
        from rich.measure import Measurement

        plain = self.text.plain
        longest = max((cell_len(line) for line in plain.split("\n")), default=0)
        words = [w for chunk in plain.split() for w in ([chunk] if not any(_is_cjk(c) for c in chunk) else list(chunk))]
        shortest = max((cell_len(w) for w in words), default=1)
        return Measurement(min(shortest, longest), longest)


def wrapped(text: str, style: str = "") -> Wrapped:
    return Wrapped(literal(text, style))
