"""Free-text routes without a default: a typed reply that matches none of them has nowhere to go.

Routes are tried in order and the first whose ``when`` holds is taken; the last route should have
no ``when`` (or an empty one) so that every reply leads somewhere. Without it, free and mixed mode
stop at this node on the first reply the conditions did not foresee.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        routes:
          - when: {breach: true}
            next: hung-up
          - when: {has: [resolve]}        # last route, but it has a condition
            next: resolved
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
      hung-up: {kind: hung_up, customer: "Forget it!", debrief: "She hung up."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        routes:
          - when: {breach: true}
            next: hung-up
          - next: resolved                # the default
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
      hung-up: {kind: hung_up, customer: "Forget it!", debrief: "She hung up."}
"""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from .core import Context, Finding

CODE = "L105"
NAME = "no-default-route"
LEVEL = "error"
SUMMARY = "a node's free-text routes have no default (the last route has a when)"


def check(ctx: Context) -> Iterator[Finding]:
    for node in ctx.scenario.nodes.values():
        if node.routes and node.routes[-1].when not in (None, m.Condition()):  # `when: {}` always holds
            n = len(node.routes)
            yield Finding(("route", node.id, n - 1),
                          f'node "{node.id}" has no default route: a typed reply that matches none of its '
                          f'{n} route{"s" if n != 1 else ""} has nowhere to go; end them with a route without "when"')
