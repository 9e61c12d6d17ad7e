"""A node with no way on: no options and no routes, so the call can never continue or end.

``clear-sim validate`` already rejects such a file (``E303``), so on files this rule never fires
after validation; it guards scenarios built or edited in code, which ``lint()`` also accepts. A node
whose every way on leads back to itself is a loop, reported by ``no-exit-cycle`` (L103).

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"     # no options, no routes
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L102"
NAME = "dead-end"
LEVEL = "error"
SUMMARY = "a node with no options and no routes: the call cannot go on"


def check(ctx: Context) -> Iterator[Finding]:
    for node in ctx.scenario.nodes.values():
        if not node.options and not node.routes:
            yield Finding(("node", node.id), f'node "{node.id}" is a dead end: it has no options and no routes, '
                                             "so the call can never go on; add a way on, or make it an ending")
