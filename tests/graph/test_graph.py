"""The graph model and its three renderings, as exact text, of tests/graph/tiny.yaml."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from clear_sim.commands.graph import run, tree
from clear_sim.errors import UsageError
from clear_sim.scenario import graph as g
from clear_sim.scenario import model as m
from clear_sim.scenario.loader import load_scenario

TINY = str(Path(__file__).resolve().parent / "tiny.yaml")

MERMAID = """\
%% clear-sim graph: tiny (en)
flowchart TD
    start(("start"))
    n1["greet ✦"]
    n2["check"]
    n3["spare"]
    e1(["✔ fixed (resolved)"])
    e2{{"⚑ boss (escalated)"}}
    e3>"✘ end (hung_up)"]
    e4[/"⊘ stuck (unresolved)"/]
    start --> n1
    n1 -->|"ask: Could you give me the order num…"| n2
    n1 -->|"markup: Say #quot;[bold]x[/bold]#quot; #124; #lt;b#gt;#amp;amp#59;…"| e3
    n1 -->|"boss: I'll get my manager."| e2
    n1 -.->|"has: apologize, breach: false"| n2
    n1 -.->|"keywords: #quot;say #quot;sorry#quot;#quot; / #quot;a#92;b#quot;, mood_below: 20"| e4
    n1 -.->|"default"| e3
    n2 -->|"again: Sorry, could you repeat that?"| n1
    n2 -->|"fix: I'll reship it today, and you'l…"| e1
    n2 -.->|"default"| e1
    n3 -.->|"default"| e4
    limit1("mood limit: any reply that drops the mood below 5") -.-> e3
    classDef key stroke-width:3px
    class n1 key
    classDef resolved fill:#c8e6c9,stroke:#2e7d32
    class e1 resolved
    classDef escalated fill:#ffe0b2,stroke:#ef6c00
    class e2 escalated
    classDef hung_up fill:#ffcdd2,stroke:#c62828
    class e3 hung_up
    classDef unresolved fill:#eeeeee,stroke:#757575,stroke-dasharray:4 3
    class e4 unresolved
"""

DOT = """\
digraph "tiny.en" {
  label="A [bold]tiny[/bold] call";
  labelloc="t";
  rankdir=TB;
  fontname="Helvetica";
  node [shape=box, style=rounded, fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  start [shape=circle, label="start", width=0.6];
  n1 [label="greet ✦", penwidth=2.5];
  n2 [label="check"];
  n3 [label="spare"];
  e1 [label="✔ fixed (resolved)", shape=box, style="rounded,filled", fillcolor="#c8e6c9"];
  e2 [label="⚑ boss (escalated)", shape=hexagon, style="filled", fillcolor="#ffe0b2"];
  e3 [label="✘ end (hung_up)", shape=octagon, style="filled", fillcolor="#ffcdd2"];
  e4 [label="⊘ stuck (unresolved)", shape=box, style="dashed,filled", fillcolor="#eeeeee"];
  start -> n1;
  n1 -> n2 [label="ask: Could you give me the order num…"];
  n1 -> e3 [label="markup: Say \\"[bold]x[/bold]\\" | <b>&amp;amp;…"];
  n1 -> e2 [label="boss: I'll get my manager."];
  n1 -> n2 [label="has: apologize, breach: false", style=dashed];
  n1 -> e4 [label="keywords: \\"say \\"sorry\\"\\" / \\"a\\\\b\\", mood_below: 20", style=dashed];
  n1 -> e3 [label="default", style=dashed];
  n2 -> n1 [label="again: Sorry, could you repeat that?"];
  n2 -> e1 [label="fix: I'll reship it today, and you'l…"];
  n2 -> e1 [label="default", style=dashed];
  n3 -> e4 [label="default", style=dashed];
  limit1 [shape=plaintext, label="mood limit: any reply that drops the mood below 5"];
  limit1 -> e3 [style=dotted];
}
"""

TREE = [
    'tiny (en): A [bold]tiny[/bold] call',
    '├── greet ✦ (start)',
    '│   ├── ask: Could you give me the order num… ➔ check',
    '│   │   ├── again: Sorry, could you repeat that? ➔ ↩ greet',
    "│   │   ├── fix: I'll reship it today, and you'l… ➔ ✔ fixed (resolved)",
    '│   │   └── typed (default) ➔ ✔ fixed (resolved)',
    '│   ├── markup: Say "[bold]x[/bold]" | <b>&amp;… ➔ ✘ end (hung_up)',
    "│   ├── boss: I'll get my manager. ➔ ⚑ boss (escalated)",
    '│   ├── typed (has: apologize, breach: false) ➔ ↩ check',
    '│   ├── typed (keywords: "say "sorry"" / "a\\b", mood_below: 20) ➔ ⊘ stuck ',
    '│   │   (unresolved)',
    '│   └── typed (default) ➔ ✘ end (hung_up)',
    '├── spare (not reachable from start)',
    '│   └── typed (default) ➔ ⊘ stuck (unresolved)',
    '└── mood limits',
    '    └── any reply that drops the mood below 5 ➔ ✘ end (hung_up)',
]


@pytest.fixture
def graph() -> g.Graph:
    return g.build(load_scenario(TINY))


def render(renderable, color_system=None, **kwargs) -> str:
    console = Console(file=io.StringIO(), width=80, color_system=color_system, **kwargs)
    console.print(renderable)
    return console.file.getvalue()


# ---- exact renderings ----------------------------------------------------------------------------


def test_mermaid(graph):
    assert g.to_mermaid(graph) == MERMAID


def test_dot(graph):
    assert g.to_dot(graph) == DOT


def test_tree(graph):
    assert render(tree(graph)) == "\n".join(TREE) + "\n"


def test_commands_print_the_same(capsys):
    assert run(TINY, "mermaid") == 0
    assert capsys.readouterr().out == MERMAID
    assert run(TINY, "dot") == 0
    assert capsys.readouterr().out == DOT
    assert run(TINY) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:3] == TREE[:3]
    assert "\x1b" not in out  # not a terminal: no colour codes


# ---- scenario text is data -----------------------------------------------------------------------


def test_markup_is_shown_literally_even_in_colour(graph):
    from clear_sim.ui.render import THEME

    out = render(tree(graph), color_system="truecolor", force_terminal=True, theme=THEME)
    assert "\x1b[" in out  # coloured: the endings carry the theme's styles
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert "tiny (en): A [bold]tiny[/bold] call" in plain
    assert 'markup: Say "[bold]x[/bold]" | <b>&amp;…' in plain


def test_control_characters_are_stripped(graph):
    fix = next(e for e in graph.edges if e.name == "fix")
    assert "\x1b" in fix.label  # the model keeps the text as written...
    for text in (g.to_mermaid(graph), g.to_dot(graph), render(tree(graph))):
        assert "\x1b" not in text  # ...no rendering lets it through
        assert "fix: I'll reship" in text


def test_mermaid_escapes_what_breaks_it():
    assert g.mermaid_text('a "b" | <c> & #d; `e` \\ f\ng') == \
        "a #quot;b#quot; #124; #lt;c#gt; #amp; #35;d#59; #96;e#96; #92; f g"


def test_dot_string_escapes():
    assert g.dot_string('say "hi" \\n & <b>\x07') == '"say \\"hi\\" \\\\n &amp; <b>"'


def test_mermaid_ids_are_generated(graph):
    """An ending called "end" (a Mermaid keyword) must not be used as a Mermaid id."""
    assert not re.search(r"^\s*end\b|--> end\b|\| end\b", g.to_mermaid(graph), re.M)


# ---- DOT is well formed --------------------------------------------------------------------------


def dot_tokens_balanced(text: str) -> bool:
    """Quotes closed (with backslash escapes), and {} [] balanced outside quoted strings."""
    stack, i, pairs = [], 0, {"}": "{", "]": "["}
    while i < len(text):
        ch = text[i]
        if ch == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            if i >= len(text):
                return False
        elif ch in "{[":
            stack.append(ch)
        elif ch in "}]":
            if not stack or stack.pop() != pairs[ch]:
                return False
        i += 1
    return not stack


def test_dot_is_balanced(graph):
    assert dot_tokens_balanced(g.to_dot(graph))
    assert not dot_tokens_balanced('digraph { a [label="x\\"]; }')  # the checker can fail
    bundled = Path(__file__).resolve().parents[2] / "scenarios"
    for path in sorted(bundled.glob("*.yaml")):
        if not path.name.endswith(".tests.yaml"):
            assert dot_tokens_balanced(g.to_dot(g.build(load_scenario(str(path))))), path


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_renders_with_graphviz(graph):
    done = subprocess.run(["dot", "-Tsvg"], input=g.to_dot(graph), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # shown literally: quotes, markup, and an entity that must not be decoded
    assert "Say &quot;[bold]x[/bold]&quot; | &lt;b&gt;&amp;amp;…" in done.stdout


# ---- the model -----------------------------------------------------------------------------------


def test_build(graph):
    assert [(v.id, v.ending, v.key) for v in graph.vertices] == [
        ("greet", None, True), ("check", None, False), ("spare", None, False),
        ("fixed", "resolved", False), ("boss", "escalated", False), ("end", "hung_up", False),
        ("stuck", "unresolved", False)]
    assert [(e.source, e.kind, e.name, e.target) for e in graph.out("greet")] == [
        ("greet", "option", "ask", "check"), ("greet", "option", "markup", "end"),
        ("greet", "option", "boss", "boss"), ("greet", "route", "route 1", "check"),
        ("greet", "route", "route 2", "stuck"), ("greet", "route", "route 3", "end")]
    assert graph.limits == ((5, "end"),)
    assert graph.reachable() == {"greet", "check", "fixed", "boss", "end", "stuck"}
    assert graph.successors()["check"] == ["greet", "fixed"]


@pytest.mark.parametrize("cond, label", [
    (None, "default"),
    (m.Condition(), "any reply"),
    (m.Condition(has=("apologize",), breach=False), "has: apologize, breach: false"),
    (m.Condition(has=("listen", "establish"), any=("apologize", "resolve"), lacks=("resolve",)),
     "has: listen + establish, any: apologize / resolve, lacks: resolve"),
    (m.Condition(breach=True, breaches=("blame", "argue")), "breach: true, breaches: blame / argue"),
    (m.Condition(keywords=("refund",), mood_below=20, mood_at_least=5),
     'keywords: "refund", mood_below: 20, mood_at_least: 5'),
])
def test_condition_label(cond, label):
    assert g.condition_label(cond) == label


def test_condition_label_without_keywords():
    assert g.condition_label(m.Condition(has=("resolve",), keywords=("退款",)), keywords=False) == "has: resolve"


def test_shorten_counts_terminal_cells():
    assert g.shorten("short") == "short"
    assert g.shorten("a" * 40, 10) == "a" * 9 + "…"
    assert g.shorten("退款退款退款退款", 10) == "退款退款…"  # 2 cells each: 4 fit before the ellipsis
    assert g.shorten("two\nlines\t here") == "two lines here"


# ---- errors --------------------------------------------------------------------------------------


def test_bad_format_is_a_usage_error():
    with pytest.raises(UsageError) as err:
        run(TINY, "png")
    assert err.value.exit_code == 2
    assert str(err.value) == '--format must be one of tree, mermaid, dot, not "png"'


def test_unknown_scenario_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as err:
        run("no-such-scenario", "dot", paths=[str(tmp_path)])
    assert err.value.exit_code == 2
    assert "\n" not in str(err.value)


def test_invalid_scenario_fails_the_check(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\n", encoding="utf-8")
    from clear_sim.errors import CheckFailed

    with pytest.raises(CheckFailed) as err:
        run(str(bad), "dot")
    assert err.value.exit_code == 1
