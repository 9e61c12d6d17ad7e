"""A node that no path from ``start`` reaches.

Lint follows every option's and every route's ``next`` from ``start``. A node nothing leads to is
never played: usually a typo in a ``next``, or a branch left behind by an edit.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: sorry, text: "I'm sorry it's late. I'll reship it today.", next: resolved}
      orphan:                   # nothing leads here
        customer: "Hello?"
        options:
          - {id: hello, text: "Hello, how can I help?", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: ask, text: "Could you give me the order number?", next: details}
      details:
        customer: "It's 4471-22."
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L101"
NAME = "unreachable-node"
LEVEL = "warning"
SUMMARY = "a node that no path from start reaches"


def check(ctx: Context) -> Iterator[Finding]:
    start = ctx.scenario.start
    for nid in ctx.scenario.nodes:
        if nid not in ctx.reachable:
            yield Finding(("node", nid), f'node "{nid}" cannot be reached from start "{start}": '
                                         "no option or route of a reachable node leads to it")
