"""A CLEAR step (listen, establish, apologize, resolve) that no option on a reachable node shows.

A trainee who answers by choosing options can then never practise that step, and the debrief can
only ever score it as missed. An option shows a move when its ``moves`` annotation lists it, or,
when it has no annotation, when the analyzer finds it in the text (without an analyzer, an
unannotated option could show anything, and the rule stays silent). Reported at ``start``.
Typed replies can always show any step, so nodes with routes only do not count.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - id: ask
            text: "Could you give me the order number? That sounds stressful."
            moves: [listen, establish]
            next: resolved               # no option ever apologizes or resolves
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - id: ask
            text: "Could you give me the order number? That sounds stressful."
            moves: [listen, establish]
            next: details
      details:
        customer: "It's 4471-22."
        options:
          - id: reship
            text: "I'm sorry it hasn't come. I'll reship it today."
            moves: [apologize, resolve]
            next: resolved
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from .core import Context, Finding

CODE = "L108"
NAME = "step-never-shown"
LEVEL = "warning"
SUMMARY = "a CLEAR step that no option on a reachable node shows"


def check(ctx: Context) -> Iterator[Finding]:
    shown: set[str] = set()
    options = [(o, n) for n in ctx.scenario.nodes.values() if n.id in ctx.reachable for o in n.options]
    if not options:
        return  # a scenario for typed replies only
    for option, node in options:
        if option.moves is not None:
            shown.update(option.moves)
            continue
        found = ctx.analyze(option.text, node.customer[-1].text)
        if found is None:
            return  # cannot know what an unannotated option shows
        shown.update(found.moves)
    for move in m.MOVES:
        if move not in shown:
            yield Finding(("start",), f'no option on a node reachable from start shows "{move}": a trainee who '
                                      f"chooses options can never practise it; add one (moves: [{move}])")
