"""`clear-sim eval FILE`: the reply analyzer's precision, recall and F1 against labelled replies."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..errors import OK

#: How much of a reply is shown in the list of errors to review.
REPLY_WIDTH = 70


def run(path: str, as_json: bool = False, console: Any = None) -> int:
    """Evaluate the analyzer on the JSONL file ``path``; unreadable or malformed files raise
    :class:`~clear_sim.errors.UsageError` with ``path:line:``."""
    from ..analysis.evaluate import evaluate, load_items

    items = load_items(path)
    result = evaluate(items)
    if as_json:
        line = json.dumps(result.to_json(), ensure_ascii=False)
        if console is None:
            print(line)
        else:
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        return OK
    langs = Counter(item.lang for item in items)
    _render(path, result, "zh" if langs["zh"] > langs["en"] else "en", console)
    return OK


def _render(path: str, result: Any, lang: str, console: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..analysis.strings import LABEL_STYLES, strings
    from ..ui.text import clean

    console = console or Console()
    s = strings(lang)
    console.print(Text(s["eval_title"].format(path=clean(path), n=result.n), style="bold"))
    table = Table()
    table.add_column(s["label"])
    for key in ("precision", "recall", "f1", "support"):
        table.add_column(s[key], justify="right")
    for name, score in result.labels.items():
        table.add_row(
            Text(s[name], style=LABEL_STYLES[name]),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.support),
        )
    table.add_section()
    table.add_row(Text(s["macro_f1"], style="bold"), "", "", Text(f"{result.macro_f1:.3f}", style="bold"), "")
    console.print(table)

    review = [
        (heading, name, rows)
        for heading, attr in (("false_positives", "false_positives"), ("false_negatives", "false_negatives"))
        for name, score in result.labels.items()
        for rows in [getattr(score, attr)]
        if rows
    ]
    if not review:
        console.print(Text(s["none_to_review"]))
        return
    for heading, name, rows in review:
        console.print(Text(f"{s[heading]} \u2014 {s[name]} ({len(rows)})", style="bold"))
        for item_id, reply in rows:
            line = Text("  ")
            line.append(clean(item_id), style="dim")
            line.append("  " + _shorten(clean(reply).replace("\n", " ")))
            console.print(line, overflow="ellipsis", no_wrap=True)


def _shorten(text: str, width: int = REPLY_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"
