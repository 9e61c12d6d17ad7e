"""A node with options but no routes: in free and mixed mode a typed reply has nowhere to go.

Choice mode works, but ``clear-sim play --mode free`` (and a typed reply in mixed mode) cannot go on
from this node. Add routes that end with a default; a single default route is enough.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
        routes:
          - next: resolved
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L106"
NAME = "options-without-routes"
LEVEL = "warning"
SUMMARY = "a node with options but no routes cannot take a typed reply (free and mixed mode)"


def check(ctx: Context) -> Iterator[Finding]:
    for node in ctx.scenario.nodes.values():
        if node.options and not node.routes:
            yield Finding(("node", node.id), f'node "{node.id}" has options but no routes: in free and mixed mode '
                                             "a typed reply has nowhere to go; add routes that end with a default")
