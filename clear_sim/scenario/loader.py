"""One entry point from a scenario file to a typed ``Scenario``: read, parse, check structure, check graph."""

from __future__ import annotations

import hashlib

from ..errors import CheckFailed
from . import model as m
from .diagnostics import Problem, did_you_mean
from .schema import ID_RE, SCENARIO, check
from .yamlsafe import YamlError, YList, YMap, decode, parse


class ScenarioInvalid(CheckFailed):
    """A scenario file has problems; ``problems`` lists all of them (the message shows the first)."""

    def __init__(self, problems: list[Problem]) -> None:
        more = f" (and {len(problems) - 1} more problems; run 'clear-sim validate')" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")
        self.problems = problems


def check_file(path: str) -> tuple[m.Scenario | None, list[Problem]]:
    """Load ``path``; return the scenario (None when invalid) and every problem found."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        return None, [Problem(path, 1, 1, "E101", "is a directory, not a scenario file")]
    except OSError as err:
        return None, [Problem(path, 1, 1, "E101", f"cannot read file: {err.strerror}")]
    return check_bytes(data, path)


def check_bytes(data: bytes, path: str) -> tuple[m.Scenario | None, list[Problem]]:
    try:
        doc, problems = parse(decode(data, path), path)
    except YamlError as err:
        return None, [err.problem]
    if not isinstance(doc, YMap):
        what = "a list" if isinstance(doc, YList) else "a single value" if doc is not None else "empty"
        return None, [Problem(path, 1, 1, "E201", f"a scenario must be a mapping of keys (format, id, …), but this file is {what}")]
    check(doc, SCENARIO, doc.pos, path, problems, "scenario")
    _check_graph(doc, path, problems)
    if problems:
        problems.sort(key=lambda p: (p.line, p.col))
        return None, problems
    scenario = _build(doc, path, hashlib.sha256(data).hexdigest())
    return scenario, []


def load_scenario(path: str) -> m.Scenario:
    """The scenario at ``path``, or ScenarioInvalid listing every problem."""
    scenario, problems = check_file(path)
    if scenario is None:
        raise ScenarioInvalid(problems)
    return scenario


def _is_id(value) -> bool:
    """A well-formed id (a malformed one was already reported by the structure check)."""
    return isinstance(value, str) and ID_RE.fullmatch(value) is not None


def _maps(value) -> dict:
    """Entries of a mapping that are themselves mappings (skips what the structure check reported)."""
    return {k: v for k, v in value.items() if isinstance(v, YMap)} if isinstance(value, YMap) else {}


def _check_graph(doc: YMap, path: str, out: list[Problem]) -> None:
    nodes, endings = _maps(doc.get("nodes")), _maps(doc.get("endings"))
    # every declared id is a target, even one whose body is malformed (reported elsewhere)
    node_ids = set(doc["nodes"]) if isinstance(doc.get("nodes"), YMap) else None
    ending_ids = set(doc["endings"]) if isinstance(doc.get("endings"), YMap) else None
    targets = (node_ids or set()) | (ending_ids or set())
    known = node_ids is not None and ending_ids is not None

    def bad(at, code: str, message: str) -> None:
        out.append(Problem(path, at[0], at[1], code, message))

    for eid in endings:
        if eid in nodes:
            bad(doc["endings"].key_pos[eid], "E302", f'"{eid}" is both a node and an ending; rename one')

    start = doc.get("start")
    if _is_id(start) and node_ids is not None and start not in node_ids:
        hint = " (it is an ending; start must be a node)" if start in targets else did_you_mean(start, node_ids)
        bad(doc.val_pos["start"], "E301", f'start "{start}" is not a node{hint}')

    limits = doc.get("mood_limits")
    for i, limit in enumerate(limits if isinstance(limits, YList) else []):
        ending = limit.get("ending") if isinstance(limit, YMap) else None
        if _is_id(ending) and ending_ids is not None and ending not in ending_ids:
            bad(limit.val_pos["ending"], "E306", f'mood limit names "{ending}", which is not an ending{did_you_mean(ending, endings)}')

    def check_next(item: YMap, what: str) -> None:
        target = item.get("next")
        if _is_id(target) and known and target not in targets:
            bad(item.val_pos["next"], "E301", f'{what} leads to "{target}", which is not a node or ending{did_you_mean(target, targets)}')

    for nid, node in nodes.items():
        options = node.get("options")
        routes = node.get("routes")
        has_options = isinstance(options, YList) and len(options) > 0
        has_routes = isinstance(routes, YList) and len(routes) > 0
        if not has_options and not has_routes:
            bad(node.pos, "E303", f'node "{nid}" has neither options nor routes; add options, or make it an ending')
        seen: dict[str, int] = {}
        for i, option in enumerate(options if isinstance(options, YList) else []):
            if not isinstance(option, YMap):
                continue
            oid = option.get("id")
            if isinstance(oid, str):
                # an option repeated through an alias is reported at the alias, not at its anchor
                at = option.val_pos["id"] if options.item_pos[i] == option.pos else options.item_pos[i]
                if oid in seen:
                    bad(at, "E302", f'option id "{oid}" is used twice in node "{nid}" (first on line {seen[oid]})')
                else:
                    seen[oid] = option.val_pos["id"][0]
            check_next(option, f'option "{oid}"')
        route_list = [r for r in routes if isinstance(r, YMap)] if isinstance(routes, YList) else []
        for i, route in enumerate(route_list):
            check_next(route, f"route {i + 1} of node \"{nid}\"")
            if "when" not in route and i != len(route_list) - 1:
                bad(route.pos, "E304", f'route {i + 1} of node "{nid}" has no "when" (a default route) but is not last')
        line = node.get("customer")
        if isinstance(line, YList) and line and isinstance(line[-1], YMap):
            last = line[-1]
            if "mood_below" in last or "mood_at_least" in last:
                bad(last.pos, "E305", f'the last customer line of node "{nid}" has a mood condition; add a variant without one')


def _tuple(value) -> tuple:
    return tuple(value) if value is not None else ()


def _build(doc: YMap, path: str, digest: str) -> m.Scenario:
    """Turn a checked document into the typed model, keeping positions for later diagnostics."""
    where: dict[tuple, tuple[int, int]] = {("start",): doc.val_pos["start"]}
    nodes = {}
    for nid, n in doc["nodes"].items():
        where[("node", nid)] = doc["nodes"].key_pos[nid]
        line = n["customer"]
        variants = (
            (m.Variant(str(line)),)
            if not isinstance(line, list)
            else tuple(m.Variant(str(v["text"]), v.get("mood_below"), v.get("mood_at_least")) for v in line)
        )
        options = []
        for o in n["options"]:
            where[("option", nid, o["id"])] = o.pos
            options.append(m.Option(
                id=o["id"], text=str(o["text"]), next=o["next"],
                moves=tuple(o["moves"]) if "moves" in o else None,
                breaches=tuple(o["breaches"]) if "breaches" in o else None,
                mood=o.get("mood"), feedback=_str(o.get("feedback")),
            ))
        routes = []
        for i, r in enumerate(n["routes"]):
            where[("route", nid, i)] = r.pos
            w = r.get("when")
            when = None if w is None else m.Condition(
                has=_tuple(w.get("has")), any=_tuple(w.get("any")), lacks=_tuple(w.get("lacks")),
                breach=w.get("breach"), breaches=_tuple(w.get("breaches")),
                keywords=tuple(str(k) for k in w.get("keywords") or ()),
                mood_below=w.get("mood_below"), mood_at_least=w.get("mood_at_least"),
            )
            routes.append(m.Route(next=r["next"], when=when, mood=r.get("mood"), feedback=_str(r.get("feedback"))))
        nodes[nid] = m.Node(
            id=nid, customer=variants, scene=_str(n.get("scene")), expects=tuple(n["expects"]),
            venting=n["venting"], key=n["key"], model_answer=_str(n.get("model_answer")),
            options=tuple(options), routes=tuple(routes),
        )
    endings = {}
    for eid, e in doc["endings"].items():
        where[("ending", eid)] = doc["endings"].key_pos[eid]
        endings[eid] = m.Ending(id=eid, kind=e["kind"], customer=str(e["customer"]), debrief=str(e["debrief"]))
    c = doc["customer"]
    customer = m.Customer(
        name=str(c["name"]), type=c["type"], mood=c["mood"], facts=tuple(str(f) for f in c["facts"]),
        mentality=c.get("mentality"), wants=_str(c.get("wants")),
        triggers=tuple(str(x) for x in c["triggers"]), soothers=tuple(str(x) for x in c["soothers"]),
    )
    return m.Scenario(
        format=doc["format"], id=doc["id"], lang=doc["lang"], title=str(doc["title"]),
        summary=str(doc["summary"]), difficulty=doc["difficulty"],
        customer=customer,
        trainee=m.Trainee(role=str(doc["trainee"]["role"]), briefing=str(doc["trainee"]["briefing"])),
        start=doc["start"], nodes=nodes, endings=endings,
        tags=tuple(str(t) for t in doc["tags"]),
        mood_limits=tuple(m.MoodLimit(x["below"], x["ending"]) for x in doc["mood_limits"]),
        phrases={k: tuple(str(p) for p in v) for k, v in doc["phrases"].items()},
        path=path, digest=digest, where=where,
    )


def _str(value) -> str | None:
    return None if value is None else str(value)
