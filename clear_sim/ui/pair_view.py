"""Pure renderables for pair practice and teacher review: role cards, the hand-over screen, the
ratings of a turn, the pair debrief (the analyzer beside the people) and a teacher's review."""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..scenario.model import STEPS
from .render import labelled, shorten
from ..pair.compare import reason_lines
from .text import Wrapped, literal

CARD_STYLE = {"customer": "magenta", "agent": "cyan", "observer": "white"}


def card_view(card) -> Panel:
    """A role card (``clear_sim.pair.cards.Card``) as a panel; list items hang under their bullet."""
    parts = [literal(card.scenario, "muted")]
    if card.note:
        parts += [Text(""), Wrapped(literal(card.note, "warn"))]
    for section in card.sections:
        parts += [Text(""), Text(section.heading, style="heading")]
        if section.text:
            parts.append(Wrapped(literal(section.text)))
        if section.items:
            parts.append(labelled([(" •", "muted", literal(item)) for item in section.items]))
        if section.scene:
            parts.append(Wrapped(literal(section.scene, "scene")))
        if section.say:
            parts.append(labelled([(" »", "customer", literal(section.say, "customer"))]))
    title = Text.assemble((f"{card.title}: ", "heading"), literal(card.name, "heading"))
    return Panel(Group(*parts), title=title, title_align="left", border_style=CARD_STYLE.get(card.kind, "muted"))


def handover_view(S: dict, to: str, away: str | None) -> Panel:
    P = S["pair"]
    body = Text()
    if away:
        body.append_text(literal(P["look_away"].format(away=away), "bad"))
        body.append("\n\n")
    body.append_text(literal(P["handover_to"].format(to=to), "heading"))
    body.append("\n")
    body.append_text(literal(P["press_enter"].format(to=to), "muted"))
    return Panel(Wrapped(body), title=Text(f"⇄ {P['handover_title']}", style="heading"), title_align="left",
                 border_style="warn", padding=(1, 2))


def intro_view(scenario, S: dict) -> Panel:
    P = S["pair"]
    body = Text()
    body.append_text(literal(P["intro"]))
    return Panel(Wrapped(body), title=Text.assemble((f"{P['title']} · ", "heading"), literal(scenario.title, "heading")),
                 title_align="left", border_style="muted")


def steps_text(steps, S: dict, empty: str | None = None) -> Text:
    text = Text()
    for step in steps:
        text.append(f" {S['steps'][step]} ", style=f"label.{step}" if step != "control" else "reverse")
        text.append(" ")
    if not steps:
        text.append(empty or S["pair"]["felt_none"], style="muted")
    return text


def ratings_view(turn, players, S: dict) -> Table:
    """What the customer player (and the observer) said of one reply."""
    P = S["pair"]
    rows = []
    for role in players.raters():
        r = (turn.ratings or {}).get(role)
        if not r:
            continue
        name = P["rated"].format(name=r.get("by") or players.name(role), rating=r["rating"])
        rows.append((f"  {name}", "customer" if role == "customer" else "muted", steps_text(r["steps"], S)))
    return labelled(rows)


def comparison_view(comparison, players, S: dict) -> Group:
    """The pair debrief: step scores (analyzer beside each rater), turn by turn, moments to discuss."""
    P = S["pair"]
    names = {role: players.name(role) or P[f"{role}_player"] for role in comparison.roles}
    parts = [Text(""), Text(f"━━ {P['debrief_title']} ━━", style="heading")]
    if comparison.mean_rating:
        means = " · ".join(f"{names[r]} {v:.1f}/5" for r, v in comparison.mean_rating.items())
        parts.append(Text(P["mean_rating"].format(ratings=means), style="muted"))
    table = Table(box=None, header_style="heading", pad_edge=False)
    table.add_column(S["step"])
    table.add_column(P["analyzer"], justify="right")
    for role in comparison.roles:
        table.add_column(names[role], justify="right", overflow="fold")
    for k in STEPS + ("overall",):
        sc = comparison.steps[k]
        cells = []
        for role in comparison.roles:
            value = sc.raters.get(role)
            if value is None:
                cells.append(Text("—", style="muted"))
            elif sc.apart(role):
                cells.append(Text(f"◆ {value}", style="bad"))
            else:
                cells.append(Text(str(value)))
        name = S["overall"] if k == "overall" else S["steps"][k]
        table.add_row(Text(name, style="heading" if k == "overall" else ""), str(sc.analyzer), *cells)
    parts += [Text(""), Text(P["steps_title"], style="heading"), table, Wrapped(Text(P["steps_note"], style="muted"))]

    turns = Table(box=None, header_style="heading", pad_edge=False, show_lines=False)
    turns.add_column("#", justify="right", no_wrap=True)
    turns.add_column(P["col_reply"], overflow="fold", ratio=3)
    turns.add_column(P["col_found"], overflow="fold", ratio=2)
    for role in comparison.roles:
        turns.add_column(names[role], overflow="fold", ratio=2)
    for t in comparison.turns:
        mark = Text("◆ " if t.discuss else "", style="bad")
        found = Text.assemble((P["verdicts"][t.verdict], _verdict_style(t.verdict)), "\n",
                              ", ".join(S["steps"][s] for s in t.found) or "—")
        cells = []
        for role in comparison.roles:
            v = t.raters.get(role)
            if v is None:
                cells.append(Text("—", style="muted"))
                continue
            cells.append(Text.assemble((f"{v.rating}/5", _verdict_style(v.verdict)), "\n",
                                       ", ".join(S["steps"][s] for s in v.steps) or P["felt_none"]))
        turns.add_row(Text.assemble(mark, str(t.turn)), literal(shorten(t.reply, 60)), found, *cells)
    parts += [Text(""), Text(P["turns_title"], style="heading"), turns]

    parts += [Text(""), Text(P["discuss_title"], style="heading")]
    if not comparison.to_discuss:
        parts.append(Text(P["nothing_to_discuss"], style="good"))
    for t in comparison.to_discuss:
        parts.append(Text.assemble(("◆ ", "bad"), (S["turn_heading"].format(n=t.turn), "heading"), " ",
                                   literal(f"«{shorten(t.reply, 70)}»", "you")))
        for line in reason_lines(t, names, S):
            parts.append(Wrapped(Text(f"   • {line}", style="warn")))
    return Group(*parts)


def _verdict_style(verdict: str) -> str:
    return {"good": "good", "mixed": "warn", "poor": "bad"}[verdict]


# ---- show: who played, and the teacher's review ---------------------------------------------------


def pair_rows(pair: dict, others, S: dict) -> list[tuple[str, Text]]:
    """Rows for a session header: the players, the run, and the pair's other runs (``SessionRow``s)."""
    P = S["pair"]
    people = Text.assemble(literal(pair.get("customer") or "—"), (f" ({P['customer_player']}) · ", "muted"),
                           literal(pair.get("agent") or "—"), (f" ({P['agent_player']})", "muted"))
    if pair.get("observer"):
        people.append_text(Text.assemble((" · ", "muted"), literal(pair["observer"]), (f" ({P['observer_player']})", "muted")))
    rows = [(P["players"], people), (P["run"], Text(f"{pair.get('run') or 1} · {P['pair_id']} {str(pair.get('id', ''))[:8]}"))]
    if others:
        rows.append((P["other_runs"], Text(" · ".join(f"{r.id[:8]} ({r.trainee or '—'})" for r in others))))
    return rows


def review_view(stored, automatic: dict | None, S: dict, scenario_name: str | None = None) -> Group | None:
    """The teacher's overrides (automatic → teacher, with the reason) and comments, or None."""
    if not stored.reviews:
        return None
    V = S["review"]
    parts = [Text(""), Text(f"━━ {V['title']} ━━", style="heading")]
    overrides = [r for r in stored.reviews if r.is_override]
    if overrides:
        table = Table(box=None, header_style="heading", pad_edge=False)
        table.add_column(S["step"])
        table.add_column(V["automatic"], justify="right")
        table.add_column(V["teacher"], justify="right")
        table.add_column("", overflow="fold")
        latest = {r.step: r for r in overrides}
        for step in STEPS:
            r = latest.get(step)
            if r is None:
                continue
            auto = (automatic or {}).get(step)
            reason = Text.assemble(literal(r.text), (f"  ({r.reviewer})" if r.reviewer else "", "muted"))
            given = Text(str(r.score), style="heading") if r.score is not None else Text(V["automatic"], style="muted")
            table.add_row(S["steps"][step], "—" if auto is None else str(auto), given, Wrapped(reason))
        teacher, _ = stored.teacher_scores()
        if teacher and automatic:
            table.add_row(Text(S["overall"], style="heading"), str(automatic.get("overall", "—")),
                          Text(str(teacher.get("overall", "—")), style="heading"), "")
        parts.append(table)
    comments = [r for r in stored.reviews if not r.is_override]
    for r in comments:
        where = S["turn_heading"].format(n=r.turn) if r.turn else V["whole_session"]
        line = Text.assemble((f" • {where}: ", "coach"), literal(r.text, "coach"),
                             (f"  ({r.reviewer})" if r.reviewer else "", "muted"))
        parts.append(Wrapped(line))
    return Group(*parts)
