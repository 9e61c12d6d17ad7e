"""Pure functions from records (scenario, events, turns, scorecard) to rich renderables.

No prompting and no scoring here: the play loop and the scripted runner print what these return,
and tests render them to a fixed-width console and compare text.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..scenario.model import STEPS
from ..scoring import model_answer_due
from .strings import moment_line, strings
from .text import Wrapped, clean, literal, wrapped

THEME = Theme({
    "customer": "bold magenta",
    "you": "bold cyan",
    "scene": "italic dim",
    "coach": "yellow",
    "muted": "dim",
    "good": "green",
    "warn": "yellow",
    "bad": "bold red",
    "heading": "bold",
    "label.listen": "bold blue",
    "label.establish": "bold magenta",
    "label.apologize": "bold green",
    "label.resolve": "bold cyan",
    "label.breach": "bold white on red",
    "hl.listen": "underline blue",
    "hl.establish": "underline magenta",
    "hl.apologize": "underline green",
    "hl.resolve": "underline cyan",
    "hl.breach": "underline bold red",
})


def make_console(file=None, width: int | None = None, color: bool | None = None) -> Console:
    kwargs = {"theme": THEME, "highlight": False, "emoji": False, "markup": False}
    if file is not None:
        kwargs["file"] = file
    if width is not None:
        kwargs["width"] = width
    if color is False:
        kwargs["no_color"] = True
        kwargs["color_system"] = None
    return Console(**kwargs)


def _band(mood: int) -> int:
    return min(4, mood // 20)


def mood_meter(mood: int, S: dict) -> Text:
    style = ("bad", "bad", "warn", "good", "good")[_band(mood)]
    filled = round(mood / 10)
    text = Text(f"{S['mood']} ", style="muted")
    text.append("█" * filled, style=style)
    text.append("░" * (10 - filled), style="muted")
    text.append(f" {mood:>3} {S['mood_labels'][_band(mood)]}", style=style)
    return text


def briefing(scenario, S: dict) -> Panel:
    c = scenario.customer
    body = Text()
    body.append_text(literal(scenario.summary))
    body.append(f"\n\n{S['you_are']}: ", style="heading")
    body.append_text(literal(scenario.trainee.role))
    body.append("\n")
    body.append_text(literal(scenario.trainee.briefing))
    body.append(f"\n\n{S['customer']}: ", style="heading")
    body.append_text(literal(c.name, "customer"))
    body.append(f" · {S['customer_types'][c.type]} · {S['difficulty']}: {S['difficulties'][scenario.difficulty]}", style="muted")
    body.append(f"\n{S['facts']}:", style="heading")
    facts = Table.grid(padding=(0, 1))
    facts.add_column(no_wrap=True)
    facts.add_column()
    for fact in c.facts:
        facts.add_row(" •", wrapped(fact))
    return Panel(Group(Wrapped(body), facts), title=literal(scenario.title, "heading"), title_align="left",
                 border_style="muted")


def scene(text: str) -> Wrapped:
    return wrapped(text, "scene")


def customer_says(scenario, text: str, mood: int, S: dict) -> Group:
    head = Text()
    head.append_text(literal(scenario.customer.name, "customer"))
    head.append("  ")
    head.append_text(mood_meter(mood, S))
    return Group(head, Panel(wrapped(text), border_style="magenta", padding=(0, 1)))


def highlight(reply: str, evidence) -> Text:
    """The reply with each evidence span underlined in its label's colour."""
    if clean(reply) != reply:  # offsets index the raw text: show it cleaned, without highlights
        return literal(reply)
    text = Text(reply)
    for e in evidence:
        if e.get("kind") == "author":
            continue
        text.stylize(f"hl.{e['label']}", e["start"], e["end"])
    return text


def labels(moves, breaches, S: dict) -> Text:
    text = Text()
    for move in moves:
        text.append(f" {S['steps'][move]} ", style=f"label.{move}")
        text.append(" ")
    for kind in breaches:
        text.append(f" {S['breach_kinds'][kind]} ", style="label.breach")
        text.append(" ")
    if not moves and not breaches:
        text.append(S["none"], style="muted")
    return text


def you_said(reply: str, evidence, S: dict) -> Table:
    return labelled([(f"{S['you']}:", "you", highlight(reply, evidence))])


def labelled(rows) -> Table:
    """Rows of (label, style, text) with wrapped text hanging under itself, not under the label."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for label, style, text in rows:
        grid.add_row(Text(label, style=style), Wrapped(text) if isinstance(text, Text) else text)
    return grid


def assessed(turn, S: dict, show_feedback: bool) -> Table:
    rows = [(f"  {S['moves']}:", "muted", labels(turn.moves, turn.breaches, S))]
    for flag in turn.flags:
        rows.append(("  ⚠", "warn", Text(S["flags"].get(flag, flag), style="warn")))
    if show_feedback and turn.feedback:
        rows.append((f"  {S['coach']}:", "coach", literal(turn.feedback, "coach")))
    return labelled(rows)


def ended(scenario, ending, S: dict) -> Group:
    last = Text()
    last.append_text(literal(scenario.customer.name, "customer"))
    last.append(": ")
    last.append_text(literal(ending.customer))
    last = Wrapped(last)
    kind_style = "good" if ending.kind == "resolved" else "bad"
    title = Text(f"{S['call_ended']} · {S['ending']}: {S['ending_kinds'][ending.kind]}", style=kind_style)
    return Group(last, title)


def _bar(score: int) -> Text:
    style = "good" if score >= 80 else "warn" if score >= 50 else "bad"
    filled = round(score / 10)
    return Text("█" * filled + "░" * (10 - filled), style=style)


def _quotes(turns, label: str, limit: int = 48) -> list[tuple[int, str]]:
    """(turn, quoted span) pairs: the evidence for one label, one quote per turn."""
    out = []
    for turn in turns:
        spans = [e for e in turn.evidence if e["label"] == label]
        if spans:
            out.append((turn.index, shorten(spans[0]["text"], limit)))
    return out


def score_table(card, turns, S: dict) -> Table:
    """Score per step with its evidence quoted from the trainee's own replies."""
    table = Table(show_header=True, header_style="heading", box=None, pad_edge=False)
    table.add_column(S["step"])
    table.add_column(S["score"], justify="right")
    table.add_column("", no_wrap=True)
    table.add_column(S["evidence"], overflow="fold")
    for step in STEPS:
        st = card.steps[step]
        evidence = Text()
        if step == "control":
            breaches = _quotes(turns, "breach")
            for n, quote in breaches:
                evidence.append(S["turn_ref"].format(n=n) + f" «{quote}»\n", style="bad")
            if not breaches and turns:
                evidence.append(S["no_breach"].format(n=len(turns)), style="muted")
        else:
            credited = set(st.taken)
            for n, quote in _quotes(turns, step):
                if n in credited:
                    evidence.append(S["turn_ref"].format(n=n) + f" «{quote}»\n")
        evidence.rstrip()
        table.add_row(S["steps"][step], str(st.score), _bar(st.score), Wrapped(evidence) if evidence.plain else Text("—", style="muted"))
    table.add_row(Text(S["overall"], style="heading"), Text(str(card.overall), style="heading"), _bar(card.overall), "")
    return table


def moments(card, S: dict) -> Group:
    lines = [Text(S["missed"], style="heading")]
    if not card.moments:
        lines.append(Text(S["nothing_missed"], style="good"))
    for mo in card.moments:
        line = moment_line(mo, S)
        lines.append(Text(f" • {line}", style="bad" if mo.step == "control" else "warn"))
    return Group(*lines)


def turn_review(scenario, turn, S: dict, show_feedback: bool) -> Group:
    node = scenario.nodes.get(turn.node)
    rows = [(f"{scenario.customer.name}:", "customer", literal(turn.customer)),
            (f"{S['you']}:", "you", highlight(turn.reply, turn.evidence)),
            (f"  {S['moves']}:", "muted", labels(turn.moves, turn.breaches, S))]
    if node is not None and node.expects:
        rows.append((f"  {S['called_for']}:", "muted", Text(", ".join(S["steps"][s] for s in node.expects), style="muted")))
    for flag in turn.flags:
        rows.append(("  ⚠", "warn", Text(S["flags"].get(flag, flag), style="warn")))
    if show_feedback and turn.feedback:
        rows.append((f"  {S['coach']}:", "coach", literal(turn.feedback, "coach")))
    model = model_answer_due(node, turn)
    if model:
        rows.append((f"  {S['model_answer']}:", "good", literal(model)))
    return Group(Text(S["turn_heading"].format(n=turn.index), style="heading"), labelled(rows))


def debrief(scenario, state, card, S: dict) -> Group:
    parts = [Text(""), Text(f"━━ {S['debrief']} ━━", style="heading")]
    ending = scenario.endings.get(state.ending) if state.ending else None
    if ending is not None:
        parts.append(Text(f"{S['ending']}: {S['ending_kinds'][ending.kind]}", style="good" if ending.kind == "resolved" else "bad"))
        parts.append(wrapped(ending.debrief))
    else:
        parts.append(Text(S["incomplete"], style="warn"))
    parts += [Text(""), score_table(card, state.turns, S), Text(""), moments(card, S), Text(""),
              Text(S["your_replies"], style="heading")]
    show_feedback = state.mode == "exam"
    for turn in state.turns:
        parts.append(turn_review(scenario, turn, S, show_feedback))
    return Group(*parts)


def strings_for(scenario) -> dict:
    return strings(scenario.lang)


def event_view(event, session, S: dict):
    """The renderable for one engine event (None for events a view shows otherwise, e.g. prompts)."""
    from .. import engine as e

    scenario = session.scenario
    if isinstance(event, e.SceneShown):
        return scene(event.text)
    if isinstance(event, e.CustomerSpoke):
        return customer_says(scenario, event.text, event.mood, S)
    if isinstance(event, e.ReplyAssessed):
        turn = session.state.turns[event.turn - 1]
        return Group(you_said(turn.reply, turn.evidence, S), assessed(turn, S, session.state.mode == "coach"))
    if isinstance(event, e.MoodChanged):
        delta = event.after - event.before
        style = "good" if delta > 0 else "bad" if delta < 0 else "muted"
        return Text(f"  {S['mood']} {event.before} → {event.after} ({delta:+d})", style=style)
    if isinstance(event, e.CallEnded):
        return ended(scenario, scenario.endings[event.ending], S)
    return None


def options_list(choices) -> Table:
    """The options in full, numbered and wrapped (the select below them shows one line each)."""
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    table.add_column(justify="right", style="you", no_wrap=True)
    table.add_column(overflow="fold")
    for i, choice in enumerate(choices, 1):
        table.add_row(f"{i}.", wrapped(choice.text))
    return table


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` terminal cells, with an ellipsis when cut (CJK counts double)."""
    from rich.cells import cell_len

    text = " ".join(clean(text).split())
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"
