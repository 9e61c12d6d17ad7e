"""`clear-sim list`: the scenarios a trainee can play."""

from __future__ import annotations

import json
import sys

from ..errors import OK, UsageError


def run(as_json: bool = False, paths: list[str] | None = None, customer_type: str | None = None,
        difficulty: str | None = None, lang: str | None = None) -> int:
    from ..scenario import model as m
    from ..scenario.catalog import entries

    for value, allowed, flag in ((customer_type, m.CUSTOMER_TYPES, "--type"),
                                 (difficulty, m.DIFFICULTIES, "--difficulty"), (lang, m.LANGS, "--lang")):
        if value is not None and value not in allowed:
            from ..scenario.diagnostics import did_you_mean

            raise UsageError(f'{flag} must be one of {", ".join(allowed)}, not "{value}"{did_you_mean(value, allowed)}')
    found, problems = entries(paths)
    found = [e for e in found if (customer_type in (None, e.customer_type) and difficulty in (None, e.difficulty)
                                  and lang in (None, e.lang))]
    for problem in problems:  # an invalid file does not hide the valid ones
        print(f"clear-sim: skipped invalid scenario: {problem}", file=sys.stderr)
    if as_json:
        print(json.dumps([e.to_json() for e in found], ensure_ascii=False, indent=2))
        return OK
    from rich.table import Table

    from ..ui.render import make_console
    from ..ui.strings import strings
    from ..ui.text import literal, wrapped

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("id", no_wrap=True)  # ids are what you type: never split them
    table.add_column("lang", no_wrap=True)
    table.add_column("difficulty", no_wrap=True)
    table.add_column("customer type", max_width=16)
    table.add_column("title")
    for e in found:
        S = strings(e.lang)
        table.add_row(literal(e.id), e.lang, S["difficulties"][e.difficulty], wrapped(S["customer_types"][e.customer_type]),
                      wrapped(e.title))
    console = make_console()
    if found:
        console.print(table)
    else:
        console.print("No scenarios found.")
    return OK
