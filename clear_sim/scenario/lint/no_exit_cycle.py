"""A loop of nodes from which no ending can be reached.

Every way on from these nodes (options and routes) leads back into the same set, so a trainee who
enters it can never finish the call. One problem is reported per loop, at its first node in the
file; nodes that only lead into the loop are fixed with it. A mood limit does not count as a way
out: it ends the call only for a trainee who keeps upsetting the customer.

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: ask, text: "Could you give me the order number?", next: details}
      details:
        customer: "It's 4471-22. Now what?"
        options:
          - {id: again, text: "Could you repeat that?", next: opening}   # back, never out
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
        customer: "It's 4471-22. Now what?"
        options:
          - {id: again, text: "Could you repeat that?", next: opening}
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L103"
NAME = "no-exit-cycle"
LEVEL = "error"
SUMMARY = "a loop of nodes from which no ending can be reached"


def check(ctx: Context) -> Iterator[Finding]:
    scenario = ctx.scenario
    succ = ctx.graph.successors()
    escapes = _can_reach(succ, set(scenario.endings))
    trapped = [nid for nid in scenario.nodes if nid not in escapes]
    reach = {nid: _after(succ, nid) for nid in trapped}
    done: set[str] = set()
    for nid in trapped:  # file order, so a loop is reported at its first node
        loop = reach[nid]
        # n sits in a closed loop when it is reachable from itself and from everything it reaches
        if nid in done or nid not in loop or any(nid not in reach[x] for x in loop):
            continue
        done |= loop
        members = [x for x in scenario.nodes if x in loop]
        if len(members) == 1:
            what = f'node "{nid}": every way on leads back to it'
        else:
            what = "nodes " + ", ".join(f'"{x}"' for x in members) + ": every way on leads back among them"
        limit = " (only a mood limit could end the call)" if scenario.mood_limits else ""
        yield Finding(("node", nid), f"no ending can be reached from {what}{limit}; add a way out")


def _after(succ: dict[str, list[str]], nid: str) -> set[str]:
    """Every id reachable from ``nid`` in one step or more (``nid`` itself only if it loops back)."""
    seen: set[str] = set()
    todo = list(succ.get(nid, ()))
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo += succ.get(x, ())
    return seen


def _can_reach(succ: dict[str, list[str]], goals: set[str]) -> set[str]:
    """Every id from which some goal is reachable (goals included)."""
    preds: dict[str, list[str]] = {}
    for src, targets in succ.items():
        for t in targets:
            preds.setdefault(t, []).append(src)
    seen, todo = set(goals), list(goals)
    while todo:
        for p in preds.get(todo.pop(), ()):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen
