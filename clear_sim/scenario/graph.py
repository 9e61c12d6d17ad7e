"""The shape of a scenario as a graph: decision nodes, endings, and the replies that lead between them.

``build`` turns a ``Scenario`` into a plain ``Graph`` record that lint and ``clear-sim graph`` share.
``to_mermaid`` and ``to_dot`` are pure functions from that record to text an instructor can paste into
Markdown or feed to Graphviz. Scenario text is data: control characters are stripped and every label
is escaped for the target syntax, so no reply text can break (or inject into) the output.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..sanitize import clean
from . import model as m

#: How each ending kind is drawn: a symbol (tree, labels), a theme style (tree), a Mermaid shape and
#: class style, a Graphviz shape, style and fill.
SYMBOL = {"resolved": "✔", "escalated": "⚑", "hung_up": "✘", "unresolved": "⊘"}
THEME_STYLE = {"resolved": "good", "escalated": "warn", "hung_up": "bad", "unresolved": "muted"}
_MERMAID_SHAPE = {  # stadium, hexagon, flag, parallelogram
    "resolved": ('(["', '"])'),
    "escalated": ('{{"', '"}}'),
    "hung_up": ('>"', '"]'),
    "unresolved": ('[/"', '"/]'),
}
_MERMAID_CLASS = {
    "resolved": "fill:#c8e6c9,stroke:#2e7d32",
    "escalated": "fill:#ffe0b2,stroke:#ef6c00",
    "hung_up": "fill:#ffcdd2,stroke:#c62828",
    "unresolved": "fill:#eeeeee,stroke:#757575,stroke-dasharray:4 3",
}
_DOT_SHAPE = {
    "resolved": ("box", "rounded,filled", "#c8e6c9"),
    "escalated": ("hexagon", "filled", "#ffe0b2"),
    "hung_up": ("octagon", "filled", "#ffcdd2"),
    "unresolved": ("box", "dashed,filled", "#eeeeee"),
}
KEY_MARK = "✦"
LABEL_WIDTH = 32  # terminal cells of option text shown on an edge before it is shortened


@dataclass(frozen=True)
class Vertex:
    """A decision node (``ending is None``) or an ending (``ending`` is its kind)."""

    id: str
    ending: str | None = None
    key: bool = False


@dataclass(frozen=True)
class Edge:
    """One way from a node to a node or ending: an option (choice mode) or a route (typed replies)."""

    source: str
    target: str
    kind: str  # "option" or "route"
    name: str  # the option id, or "route N" (1-based)
    label: str  # the option's text, or the route's condition ("default" when it has none)


@dataclass(frozen=True)
class Graph:
    id: str
    lang: str
    title: str
    start: str
    vertices: tuple[Vertex, ...]  # decision nodes in file order, then endings in file order
    edges: tuple[Edge, ...]  # per node: its options in order, then its routes in order
    limits: tuple[tuple[int, str], ...] = ()  # mood limits: (below, ending id)

    def vertex(self, vid: str) -> Vertex:
        return next(v for v in self.vertices if v.id == vid)

    def out(self, vid: str) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.source == vid)

    def successors(self) -> dict[str, list[str]]:
        """Every node and ending with the ids its edges lead to (in edge order, without repeats)."""
        succ: dict[str, list[str]] = {v.id: [] for v in self.vertices}
        for e in self.edges:
            if e.target not in succ[e.source]:
                succ[e.source].append(e.target)
        return succ

    def reachable(self, start: str | None = None) -> set[str]:
        """Ids reachable from ``start`` (default: the scenario's start) by following edges."""
        succ = self.successors()
        first = self.start if start is None else start
        seen, todo = {first}, [first]
        while todo:
            for nxt in succ.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen


def build(scenario: m.Scenario) -> Graph:
    """The graph of ``scenario``: one edge per option and per route, labels kept as raw text."""
    vertices = [Vertex(n.id, key=n.key) for n in scenario.nodes.values()]
    vertices += [Vertex(e.id, ending=e.kind) for e in scenario.endings.values()]
    edges: list[Edge] = []
    for node in scenario.nodes.values():
        edges += [Edge(node.id, o.next, "option", o.id, o.text) for o in node.options]
        edges += [Edge(node.id, r.next, "route", f"route {i + 1}", condition_label(r.when))
                  for i, r in enumerate(node.routes)]
    return Graph(scenario.id, scenario.lang, scenario.title, scenario.start, tuple(vertices), tuple(edges),
                 tuple((lim.below, lim.ending) for lim in scenario.mood_limits))


def condition_label(cond: m.Condition | None, keywords: bool = True) -> str:
    """A route condition in one line, in the words of the YAML: ``has: apologize, breach: false``.

    Lists read ``a + b`` where every item must hold (has, lacks) and ``a / b`` where one is enough
    (any, breaches, keywords). ``keywords=False`` leaves keywords out: they are language-specific,
    and a variant may need some where the analyzer reads the other language well enough (lint
    compares the rest between language variants).
    """
    if cond is None:
        return "default"
    parts = []
    if cond.has:
        parts.append("has: " + " + ".join(cond.has))
    if cond.any:
        parts.append("any: " + " / ".join(cond.any))
    if cond.lacks:
        parts.append("lacks: " + " + ".join(cond.lacks))
    if cond.breach is not None:
        parts.append(f"breach: {'true' if cond.breach else 'false'}")
    if cond.breaches:
        parts.append("breaches: " + " / ".join(cond.breaches))
    if cond.keywords and keywords:
        parts.append("keywords: " + " / ".join(f'"{k}"' for k in cond.keywords))
    if cond.mood_below is not None:
        parts.append(f"mood_below: {cond.mood_below}")
    if cond.mood_at_least is not None:
        parts.append(f"mood_at_least: {cond.mood_at_least}")
    return ", ".join(parts) or "any reply"  # `when: {}` (or keywords only, when left out)


# ---- text helpers --------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Text as one line: control characters and escape sequences gone, whitespace runs collapsed."""
    return " ".join(clean(text.replace("\n", " ").replace("\t", " ")).split())


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` terminal cells (CJK characters count two) with ``…``."""
    text = one_line(text)
    if sum(_cells(c) for c in text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        if used + _cells(ch) > width - 1:
            break
        out.append(ch)
        used += _cells(ch)
    return "".join(out).rstrip() + "…"


def edge_text(edge: Edge, width: int = LABEL_WIDTH) -> str:
    """How an edge is labelled: ``option-id: text…`` for an option, the condition for a route."""
    if edge.kind == "option":
        return f"{edge.name}: {shorten(edge.label, width)}"
    return one_line(edge.label)


def _ids(graph: Graph) -> dict[str, str]:
    """Generated ids for Mermaid and DOT (n1…, e1…): scenario ids such as ``end`` are reserved words there."""
    ids, n, e = {}, 0, 0
    for v in graph.vertices:
        if v.ending is None:
            n += 1
            ids[v.id] = f"n{n}"
        else:
            e += 1
            ids[v.id] = f"e{e}"
    return ids


def vertex_text(v: Vertex) -> str:
    if v.ending is not None:
        return f"{SYMBOL.get(v.ending, '●')} {v.id} ({v.ending})"
    return f"{v.id} {KEY_MARK}" if v.key else v.id


def limit_text(below: int) -> str:
    return f"mood limit: any reply that drops the mood below {below}"


# ---- Mermaid -------------------------------------------------------------------------------------

# Inside a quoted Mermaid label these still break the parser or turn into HTML; Mermaid's entity
# codes (#quot; #35; …) show them literally.
_MERMAID_ESCAPE = {'"': "#quot;", "#": "#35;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "|": "#124;",
                   "`": "#96;", ";": "#59;", "\\": "#92;"}
_MERMAID_RE = re.compile("|".join(re.escape(c) for c in _MERMAID_ESCAPE))


def mermaid_text(text: str) -> str:
    """``text`` as the inside of a double-quoted Mermaid label."""
    return _MERMAID_RE.sub(lambda mt: _MERMAID_ESCAPE[mt.group()], one_line(text))


def to_mermaid(graph: Graph) -> str:
    """A ``flowchart TD`` for Markdown (put it between ```mermaid fences). Options are solid arrows,
    typed-reply routes dashed; endings have one shape and colour per kind; key nodes are bold."""
    ids = _ids(graph)
    out = [f"%% clear-sim graph: {mermaid_text(graph.id)} ({graph.lang})", "flowchart TD"]
    out.append('    start(("start"))')
    for v in graph.vertices:
        label = mermaid_text(vertex_text(v))
        if v.ending is None:
            out.append(f'    {ids[v.id]}["{label}"]')
        else:
            opening, closing = _MERMAID_SHAPE.get(v.ending, ('["', '"]'))
            out.append(f"    {ids[v.id]}{opening}{label}{closing}")
    out.append(f"    start --> {ids[graph.start]}")
    for e in graph.edges:
        arrow = "-->" if e.kind == "option" else "-.->"
        out.append(f'    {ids[e.source]} {arrow}|"{mermaid_text(edge_text(e))}"| {ids[e.target]}')
    for i, (below, ending) in enumerate(graph.limits, 1):  # a limit applies after any reply
        out.append(f'    limit{i}("{mermaid_text(limit_text(below))}") -.-> {ids[ending]}')
    keys = [ids[v.id] for v in graph.vertices if v.key]
    if keys:
        out.append("    classDef key stroke-width:3px")
        out.append(f"    class {','.join(keys)} key")
    for kind, style in _MERMAID_CLASS.items():
        members = [ids[v.id] for v in graph.vertices if v.ending == kind]
        if members:
            out.append(f"    classDef {kind} {style}")
            out.append(f"    class {','.join(members)} {kind}")
    return "\n".join(out) + "\n"


# ---- Graphviz DOT --------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string, shown literally: backslashes and quotes escaped, and
    ``&`` written ``&amp;`` because Graphviz decodes HTML entities (``&lt;``, ``&#65;``) in labels."""
    escaped = one_line(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return f'"{escaped}"'


def to_dot(graph: Graph) -> str:
    """A Graphviz ``digraph``: render with ``dot -Tsvg``. Same conventions as :func:`to_mermaid`."""
    ids = _ids(graph)
    out = [
        f"digraph {dot_string(f'{graph.id}.{graph.lang}')} {{",
        f"  label={dot_string(graph.title)};",
        '  labelloc="t";',
        "  rankdir=TB;",
        '  fontname="Helvetica";',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
        '  start [shape=circle, label="start", width=0.6];',
    ]
    for v in graph.vertices:
        attrs = [f"label={dot_string(vertex_text(v))}"]
        if v.ending is not None:
            shape, style, fill = _DOT_SHAPE.get(v.ending, ("box", "filled", "#ffffff"))
            attrs += [f"shape={shape}", f'style="{style}"', f'fillcolor="{fill}"']
        elif v.key:
            attrs.append("penwidth=2.5")
        out.append(f"  {ids[v.id]} [{', '.join(attrs)}];")
    out.append(f"  start -> {ids[graph.start]};")
    for e in graph.edges:
        style = "" if e.kind == "option" else ", style=dashed"
        out.append(f"  {ids[e.source]} -> {ids[e.target]} [label={dot_string(edge_text(e))}{style}];")
    for i, (below, ending) in enumerate(graph.limits, 1):  # a limit applies after any reply
        out.append(f"  limit{i} [shape=plaintext, label={dot_string(limit_text(below))}];")
        out.append(f"  limit{i} -> {ids[ending]} [style=dotted];")
    out.append("}")
    return "\n".join(out) + "\n"
