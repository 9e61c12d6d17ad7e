"""Scenario and trainee text is data: printed literally, never interpreted as markup or terminal codes."""

from __future__ import annotations

import re

# CSI/OSC/other escape sequences, then any remaining C0/C1 control character except newline and tab.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Text with terminal control sequences and control characters removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def literal(text: str, style: str = ""):
    """A rich Text that shows ``text`` exactly: no markup parsing, no control sequences."""
    from rich.text import Text

    return Text(clean(text), style=style)
