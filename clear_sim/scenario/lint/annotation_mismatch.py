"""An option whose ``moves`` or ``breaches`` disagree with what the reply analyzer reads in its text.

When an option gives ``moves`` or ``breaches``, they override the analyzer in play; a disagreement
usually means the text does not say what the author meant (or the annotation is stale after an
edit), and the same words typed in free mode would be scored differently. The message names each
move or breach that differs. Only the annotations given are compared; the rule is skipped when the
analyzer is not available.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - id: calm-down
            text: "Please calm down, madam."
            moves: [listen]            # the text does not listen...
            breaches: []               # ...and it does tell her to calm down
            next: resolved
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - id: calm-down
            text: "Please calm down, madam."
            moves: []
            breaches: [calm_down]
            next: resolved
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from .core import Context, Finding

CODE = "L107"
NAME = "annotation-mismatch"
LEVEL = "warning"
SUMMARY = "an option's moves or breaches differ from what the analyzer reads in its text"


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.analyzer is None:
        return
    for node in ctx.scenario.nodes.values():
        for option in node.options:
            if option.moves is None and option.breaches is None:
                continue
            found = ctx.analyze(option.text, node.customer[-1].text)
            parts = []
            if option.moves is not None:
                parts += _diff("moves", option.moves, found.moves, m.MOVES)
            if option.breaches is not None:
                parts += _diff("breaches", option.breaches, found.breaches, m.BREACH_KINDS)
            if parts:
                yield Finding(("option", node.id, option.id),
                              f'option "{option.id}" of node "{node.id}" disagrees with the analyzer: ' + "; ".join(parts))


def _diff(what: str, annotated, found, order) -> list[str]:
    missing = [x for x in order if x in annotated and x not in found]
    extra = [x for x in order if x in found and x not in annotated]
    parts = []
    if missing:
        parts.append(f"{what} annotated but not found: {', '.join(missing)}")
    if extra:
        parts.append(f"{what} found but not annotated: {', '.join(extra)}")
    return parts
