"""An ending that no path from ``start`` reaches and no mood limit names.

Its customer line and debrief are never shown. An ending named in ``mood_limits`` counts as
reachable: any reply that drops the mood far enough leads there.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
      hung-up: {kind: hung_up, customer: "Forget it!", debrief: "She hung up."}   # nothing leads here

Passes::

    start: opening
    mood_limits:
      - {below: 5, ending: hung-up}
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
      hung-up: {kind: hung_up, customer: "Forget it!", debrief: "She hung up."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L104"
NAME = "unreachable-ending"
LEVEL = "warning"
SUMMARY = "an ending that no path from start reaches and no mood limit names"


def check(ctx: Context) -> Iterator[Finding]:
    limits = {limit.ending for limit in ctx.scenario.mood_limits}
    for eid in ctx.scenario.endings:
        if eid not in ctx.reachable and eid not in limits:
            yield Finding(("ending", eid), f'ending "{eid}" cannot be reached: no option or route of a node '
                                           "reachable from start leads to it, and no mood limit names it")
