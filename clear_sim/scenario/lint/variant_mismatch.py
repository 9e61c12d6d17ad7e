"""Language variants of one scenario (same ``id``, another ``lang``) whose structure differs.

The variants of a scenario should be the same call in another language: reports compare classes
across languages and ``--answers`` files name option ids and numbers. Lint compares this file with
each variant found among the linted files and in the folders they sit in: ``start``, the mood
limits, node ids; per node ``expects``, ``venting``, ``key``, its option ids and their order, and its
route count; per option ``next``, ``moves``, ``breaches`` and ``mood``; per route ``next``, ``mood``
and the condition except ``keywords`` (which are language-specific); ending ids and kinds. Only
text may differ. One warning per difference, at the differing item in this file; something the
other variant has and this file lacks is reported at the first node (or ending) of this file.

Fails::

    # late-parcel.en.yaml
    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", moves: [apologize, resolve], next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

    # late-parcel.zh.yaml
    start: opening
    nodes:
      opening:
        customer: "我的包裹呢？"
        options:
          - {id: reship, text: "很抱歉，我今天给您补发。", moves: [resolve], next: resolved}   # no apologize
    endings:
      resolved: {kind: escalated, customer: "谢谢。", debrief: "解决了。"}                 # another kind

Passes::

    # late-parcel.en.yaml
    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", moves: [apologize, resolve], next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

    # late-parcel.zh.yaml
    start: opening
    nodes:
      opening:
        customer: "我的包裹呢？"
        options:
          - {id: reship, text: "很抱歉，我今天给您补发。", moves: [apologize, resolve], next: resolved}
    endings:
      resolved: {kind: resolved, customer: "谢谢。", debrief: "解决了。"}
"""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from ..graph import condition_label
from .core import Context, Finding, first_node

CODE = "L109"
NAME = "variant-mismatch"
LEVEL = "warning"
SUMMARY = "language variants of one scenario differ in structure"


def check(ctx: Context) -> Iterator[Finding]:
    here = ctx.scenario
    seen_langs: set[str] = set()
    for other in ctx.siblings:
        if other.id != here.id or other.lang == here.lang or other.lang in seen_langs:
            continue
        seen_langs.add(other.lang)
        yield from compare(here, other)


def _show(value) -> str:
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _canon(value):
    """Lists whose order does not matter (expects, moves, breaches) compared as sets."""
    return frozenset(value) if isinstance(value, (tuple, list)) else value


def compare(here: m.Scenario, other: m.Scenario) -> Iterator[Finding]:
    """Every structural difference between ``here`` and ``other``, placed in ``here``."""
    there = f"the {other.lang} variant ({other.path or other.id})"

    def differs(at: tuple, subject: str, field: str, mine, theirs, canon: bool = True) -> Iterator[Finding]:
        if (_canon(mine) != _canon(theirs)) if canon else (mine != theirs):
            yield Finding(at, f"{subject}{field} {_show(mine)} here but {_show(theirs)} in {there}")

    yield from differs(("start",), "", "start", here.start, other.start)
    mine_limits = [f"below {x.below} → {x.ending}" for x in here.mood_limits]
    their_limits = [f"below {x.below} → {x.ending}" for x in other.mood_limits]
    if mine_limits != their_limits:
        yield Finding(("start",), f"mood_limits are [{', '.join(mine_limits)}] here but "
                                  f"[{', '.join(their_limits)}] in {there}")

    for nid, node in here.nodes.items():
        if nid not in other.nodes:
            yield Finding(("node", nid), f'node "{nid}" is not in {there}')
            continue
        yield from _node(node, other.nodes[nid], there, differs)
    for nid in other.nodes:
        if nid not in here.nodes:
            yield Finding(first_node(here), f'{there} has node "{nid}", which this file lacks')

    first_ending = ("ending", next(iter(here.endings))) if here.endings else ("start",)
    for eid, ending in here.endings.items():
        if eid not in other.endings:
            yield Finding(("ending", eid), f'ending "{eid}" is not in {there}')
        else:
            yield from differs(("ending", eid), f'ending "{eid}": ', "kind", ending.kind, other.endings[eid].kind)
    for eid in other.endings:
        if eid not in here.endings:
            yield Finding(first_ending, f'{there} has ending "{eid}", which this file lacks')


def _node(node: m.Node, theirs: m.Node, there: str, differs) -> Iterator[Finding]:
    at = ("node", node.id)
    for field in ("expects", "venting", "key"):
        yield from differs(at, f'node "{node.id}": ', field, getattr(node, field), getattr(theirs, field))

    mine_ids = [o.id for o in node.options]
    their_ids = [o.id for o in theirs.options]
    for option in node.options:
        other_option = theirs.option(option.id)
        o_at = ("option", node.id, option.id)
        if other_option is None:
            yield Finding(o_at, f'option "{option.id}" of node "{node.id}" is not in {there}')
            continue
        for field in ("next", "moves", "breaches", "mood"):
            yield from differs(o_at, f'option "{option.id}" of node "{node.id}": ', field,
                               getattr(option, field), getattr(other_option, field))
    for oid in their_ids:
        if oid not in mine_ids:
            yield Finding(at, f'{there} has option "{oid}" in node "{node.id}", which this file lacks')
    if sorted(mine_ids) == sorted(their_ids) and mine_ids != their_ids:
        yield Finding(at, f'the options of node "{node.id}" are in another order in {there} '
                          f"({', '.join(mine_ids)} here, {', '.join(their_ids)} there): option numbers differ")

    if len(node.routes) != len(theirs.routes):
        yield Finding(at, f'node "{node.id}" has {len(node.routes)} routes here but {len(theirs.routes)} in {there}')
        return
    for i, (route, other_route) in enumerate(zip(node.routes, theirs.routes)):
        r_at = ("route", node.id, i)
        name = f'route {i + 1} of node "{node.id}": '
        yield from differs(r_at, name, "next", route.next, other_route.next)
        yield from differs(r_at, name, "condition", condition_label(route.when, keywords=False),
                           condition_label(other_route.when, keywords=False), canon=False)
        yield from differs(r_at, name, "mood", route.mood, other_route.mood)
