"""The catalogue of scenario diagnostics: every problem a file can have, with a code and a severity.

A problem prints as one parseable line, ``path:line:col: CODE message (hint)``; colour never changes
the shape of the line. Codes: E1xx reading and YAML, E2xx structure, E3xx graph; lint rules are Lxxx.
The broken files in ``tests/scenario/broken/`` trigger each code, and ``docs/diagnostics.md`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# code -> (severity, one-line summary). The summary is for docs and --format json; messages add detail.
CATALOGUE: dict[str, tuple[str, str]] = {
    "E101": (ERROR, "file cannot be read"),
    "E102": (ERROR, "file is empty"),
    "E103": (ERROR, "file is binary (contains NUL bytes)"),
    "E104": (ERROR, "file is not UTF-8 text"),
    "E105": (ERROR, "file is larger than the size limit"),
    "E110": (ERROR, "YAML syntax error"),
    "E111": (ERROR, "duplicate key in a mapping"),
    "E112": (ERROR, "nesting deeper than the limit"),
    "E113": (ERROR, "aliases expand beyond the limit (alias bomb)"),
    "E114": (ERROR, "more than one YAML document"),
    "E115": (ERROR, "unsupported YAML feature (complex key, merge key, recursive alias, custom tag)"),
    "E201": (ERROR, "top level is not a mapping"),
    "E202": (ERROR, "unknown key"),
    "E203": (ERROR, "missing required key"),
    "E204": (ERROR, "wrong type"),
    "E205": (ERROR, "value not among the allowed ones"),
    "E206": (ERROR, "number out of range"),
    "E207": (ERROR, "unsupported format version"),
    "E208": (ERROR, "invalid id"),
    "E209": (ERROR, "empty text"),
    "E301": (ERROR, "reference to a node or ending that does not exist"),
    "E302": (ERROR, "id used twice (node, ending or option)"),
    "E303": (ERROR, "node has neither options nor routes"),
    "E304": (ERROR, "the default route is not last, or there are two"),
    "E305": (ERROR, "customer line variants: the last one must have no mood condition"),
    "E306": (ERROR, "mood limit names something that is not an ending"),
}


@dataclass(frozen=True)
class Problem:
    """One diagnostic at a 1-based position in a file."""

    path: str
    line: int
    col: int
    code: str
    message: str
    level: str | None = None  # lint rules set their own severity; others come from the catalogue

    @property
    def severity(self) -> str:
        return self.level or CATALOGUE.get(self.code, (ERROR, ""))[0]

    def __str__(self) -> str:
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")  # always one line
        if self.code.startswith("E"):  # validate's errors: the E says it
            return f"{self.path}:{self.line}:{self.col}: {self.code} {message}"
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity}: {message}"

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def did_you_mean(word: str, choices) -> str:
    """A ' (did you mean "x"?)' hint, or '' when nothing is close."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
