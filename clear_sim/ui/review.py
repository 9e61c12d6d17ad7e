"""The teacher's review at the terminal: the transcript, then comment on a turn or the whole
session, or override a step's score with a one-line reason; each is saved as soon as it is given."""

from __future__ import annotations

import sys

from rich.text import Text

from ..errors import INTERRUPTED, OK, UsageError
from ..scenario.model import STEPS
from . import render
from .play import _ask
from .strings import strings


def review_interactive(store, stored, by: str | None, console=None) -> int:
    import questionary

    from ..commands.show import played_scenario
    from ..report import placeholder_scenario

    S = strings(stored.lang)
    V = S["review"]
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("review needs a terminal for its prompts; or use --turn N --comment TEXT, "
                         "or --step STEP --score N --reason TEXT")
    console = console or render.make_console()
    scenario, _ = played_scenario(store, stored.scenario_digest, stored.scenario_id, stored.lang)
    shown = scenario or placeholder_scenario(stored.scenario_id, stored.lang)
    console.print(Text(f"━━ {V['title']} · {stored.id[:8]} · {stored.trainee or '—'} ━━", style="heading"))
    for turn in stored.state.turns:
        console.print(render.turn_review(shown, turn, S, show_feedback=False))
    automatic = stored.scores or {}
    try:
        while True:
            actions = [questionary.Choice(V["comment_turn"], "turn")] if stored.state.turns else []
            actions.append(questionary.Choice(V["comment_session"], "session"))
            if stored.status == "finished":
                actions.append(questionary.Choice(V["override_step"], "override"))
                if stored.teacher_scores()[1]:
                    actions.append(questionary.Choice(V["withdraw_step"], "withdraw"))
            actions.append(questionary.Choice(V["done"], "done"))
            action = _ask(questionary.select(V["pick"], choices=actions, qmark="›"))
            if action == "done":
                return OK
            if action in ("turn", "session"):
                turn = None
                if action == "turn":
                    turn = _ask(questionary.select(V["which_turn"], qmark="›", choices=[
                        questionary.Choice(f"{S['turn_heading'].format(n=t.index)} · {render.shorten(t.reply, 70)}", t.index)
                        for t in stored.state.turns]))
                text = _line(V["your_comment"])
                store.add_review(stored.id, text, turn=turn, reviewer=by)
            elif action == "withdraw":
                teacher, overridden = stored.teacher_scores()
                step = _ask(questionary.select(V["which_step"], qmark="›", choices=[
                    questionary.Choice(f"{S['steps'][s]} · {V['teacher']} {teacher[s]}"
                                       f" · {V['automatic']} {automatic.get(s, '—')}", s) for s in overridden]))
                store.add_review(stored.id, _line(V["reason"]), step=step, reviewer=by, withdraw=True)
            else:
                current = dict(stored.teacher_scores()[0] or automatic)
                step = _ask(questionary.select(V["which_step"], qmark="›", choices=[
                    questionary.Choice(f"{S['steps'][s]} · {V['automatic']} {automatic.get(s, '—')}"
                                       + (f" · {V['teacher']} {current[s]}" if current.get(s) != automatic.get(s) else ""), s)
                    for s in STEPS]))
                score = int(_ask(questionary.text(
                    V["new_score"].format(step=S["steps"][step], auto=automatic.get(step, "—")), qmark="›",
                    validate=lambda v: v.strip().isdigit() and 0 <= int(v) <= 100 or V["bad_score"])).strip())
                reason = _line(V["reason"])
                store.add_review(stored.id, reason, step=step, score=score, reviewer=by)
            stored = store.get(stored.id)
            console.print(Text(V["saved"], style="good"))
    except (KeyboardInterrupt, EOFError):
        console.print()
        console.print(Text(S["stopped"], style="warn"))
        return INTERRUPTED


def _line(message: str) -> str:
    import questionary

    while True:
        text = " ".join(_ask(questionary.text(message, qmark="›")).split())
        if text:
            return text
