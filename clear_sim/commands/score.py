"""`clear-sim score TEXT`: which CLEAR moves and breaches one reply contains, with the evidence."""

from __future__ import annotations

import json
from typing import Any

from ..errors import OK, UsageError

_LANGS = ("auto", "en", "zh")


def run(text: str, lang: str = "auto", as_json: bool = False, console: Any = None,
        customer: str | None = None) -> int:
    """Analyse ``text`` (answering the ``customer`` line, if given) and print it with the evidence
    highlighted (or JSON with ``as_json``).

    ``console`` is a rich Console to print to (tests pass one writing to a StringIO).
    """
    if lang not in _LANGS:
        raise UsageError(f'--lang must be auto, zh or en, not "{lang}"')
    from ..analysis import Context, analyze

    result = analyze(text, lang, Context(customer=customer) if customer else None)
    if as_json:
        payload = result.to_json()
        line = json.dumps(payload, ensure_ascii=False)
        if console is None:
            print(line)
        else:
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        return OK
    _render(result, console)
    return OK


def _render(result: Any, console: Any) -> None:
    from rich.cells import cell_len
    from rich.console import Console
    from rich.text import Text

    from ..analysis.strings import LABEL_STYLES, strings
    from ..ui.text import clean

    console = console or Console()
    s = strings(result.lang)
    console.print(Text(f"{s['reply']} ({result.lang})", style="bold"))
    console.print(_highlighted(result, LABEL_STYLES, clean))

    legend = Text(f"{s['legend']}: ")
    for label, style in LABEL_STYLES.items():
        legend.append(s[label], style=style)
        legend.append("  ")
    console.print(legend)

    moves = ", ".join(s[m] for m in result.moves) or s["none"]
    breaches = ", ".join(result.breaches) or s["none"]
    console.print(Text(f"{s['moves']}: {moves}   {s['breaches']}: {breaches}   {s['questions']}: {result.questions}"))
    if not result.findings:
        console.print(Text(s["no_findings"]))
        return
    console.print(Text(f"{s['evidence']}:", style="bold"))
    for f in result.findings:
        line = Text("  ")
        name = s[f.label]
        line.append(name, style=LABEL_STYLES[f.label])
        line.append(" " * max(0, 10 - cell_len(name)))
        line.append(f" {f.kind:<20} ")
        line.append(f"\u201c{clean(f.text)}\u201d")
        console.print(line)


def _highlighted(result: Any, styles: dict[str, str], clean: Any) -> Any:
    """The reply as a rich Text, each evidence span in its label's colour (a breach wins where
    spans overlap, then the earlier CLEAR step). Control characters are dropped piece by piece, so
    they can never reach the terminal and the spans stay aligned."""
    from rich.text import Text

    text = result.text
    order = {label: i for i, label in enumerate(("breach", "listen", "establish", "apologize", "resolve"))}
    owner: list[str | None] = [None] * len(text)
    for f in sorted(result.findings, key=lambda f: order[f.label], reverse=True):
        for i in range(f.start, f.end):
            owner[i] = f.label
    out = Text()
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and owner[j] == owner[i]:
            j += 1
        label = owner[i]
        out.append(clean(text[i:j]), style=styles[label] if label else "")
        i = j
    return out
