"""`clear-sim graph`: a scenario's branches as a terminal tree, a Mermaid flowchart or Graphviz DOT."""

from __future__ import annotations

from ..errors import OK, UsageError

FORMATS = ("tree", "mermaid", "dot")


def run(ref: str, fmt: str = "tree", lang: str | None = None, paths: list[str] | None = None) -> int:
    if fmt not in FORMATS:
        raise UsageError(f'--format must be one of {", ".join(FORMATS)}, not "{fmt}"')
    from ..scenario import graph as g
    from ..scenario.catalog import find

    graph = g.build(find(ref, lang, paths))
    if fmt == "mermaid":
        print(g.to_mermaid(graph), end="")
    elif fmt == "dot":
        print(g.to_dot(graph), end="")
    else:
        from ..ui.render import make_console

        make_console().print(tree(graph))
    return OK


def tree(graph):
    """A rich Tree of ``graph`` from its start node.

    Each line is one way on (an option, or a typed-reply route) and where it leads; a node's own ways
    on hang below the first line that reaches it. A node met again is shown as ``↩ node-id`` instead
    of being expanded twice, so cycles end. Nodes and endings the start does not reach follow, marked.
    All scenario text goes through ``Text`` (never markup) with control characters stripped.
    """
    from rich.text import Text
    from rich.tree import Tree

    from ..scenario import graph as g
    from ..ui.text import literal

    shown: set[str] = set()

    def vertex_label(vid: str, note: str = "") -> Text:
        v = graph.vertex(vid)
        style = g.THEME_STYLE.get(v.ending or "", "heading" if v.ending is None else "")
        text = literal(g.vertex_text(v), style)
        if note:
            text.append(f" ({note})", style="muted")
        return text

    def expand(branch: Tree, vid: str) -> None:
        shown.add(vid)
        for edge in graph.out(vid):
            line = Text()
            if edge.kind == "route":
                line.append("typed ", style="muted")
                line.append_text(literal(f"({g.edge_text(edge)})"))
            else:
                line.append_text(literal(g.edge_text(edge)))
            line.append(" ➔ ", style="muted")
            target = graph.vertex(edge.target)
            if target.ending is None and edge.target in shown:
                line.append_text(literal(f"↩ {edge.target}", "muted"))
                branch.add(line)
            elif target.ending is None:
                line.append_text(vertex_label(edge.target))
                expand(branch.add(line), edge.target)
            else:
                shown.add(edge.target)
                line.append_text(vertex_label(edge.target))
                branch.add(line)

    root = Tree(literal(f"{graph.id} ({graph.lang}): {g.one_line(graph.title)}", "heading"), guide_style="dim")
    expand(root.add(vertex_label(graph.start, "start")), graph.start)
    for v in graph.vertices:
        if v.ending is None and v.id not in shown:
            expand(root.add(vertex_label(v.id, "not reachable from start")), v.id)
    if graph.limits:
        limits = root.add(Text("mood limits", style="muted"))
        for below, ending in graph.limits:
            shown.add(ending)
            line = literal(f"any reply that drops the mood below {below}")
            line.append(" ➔ ", style="muted")
            limits.add(line.append_text(vertex_label(ending)))
    for v in graph.vertices:
        if v.ending is not None and v.id not in shown:
            root.add(vertex_label(v.id, "not reachable"))
    return root

