"""The interactive play loop: render engine events, prompt with questionary, repeat, then debrief."""

from __future__ import annotations

import sys

from ..errors import INTERRUPTED, OK, UsageError
from . import render


def _ask(question):
    """Ask, with Ctrl-D treated like Ctrl-C (both stop the play cleanly)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    kb = KeyBindings()

    @kb.add("c-d")
    def _eof(event):
        event.app.exit(exception=EOFError())

    question.application.key_bindings = merge_key_bindings([question.application.key_bindings, kb])
    return question.unsafe_ask()


def _prompt(prompt_event, S: dict, console):
    """Returns ("option", id) or ("text", reply)."""
    import questionary

    if prompt_event.options:
        console.print(render.options_list(prompt_event.options))
    width = max(20, console.width - 8)
    choices = [questionary.Choice(title=render.shorten(c.text, width), value=("option", c.id))
               for c in prompt_event.options]
    if choices and prompt_event.free_text:
        choices.append(questionary.Choice(title=S["write_own"], value=("text", None)))
    if choices:
        picked = _ask(questionary.select(S["your_reply"], choices=choices, use_shortcuts=len(choices) <= 9,
                                         instruction=S["choose_hint"], qmark="›"))
        if picked[0] == "option":
            return picked
    while True:
        text = _ask(questionary.text(S["type_reply"], qmark="›"))
        if text and text.strip():
            return ("text", text)


def require_terminal(scenario) -> None:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(render.strings_for(scenario)["needs_terminal"])


def ask_identity(scenario, group: str | None) -> tuple[str | None, str | None]:
    """Asked once; the answers are remembered in the settings file."""
    import questionary

    S = render.strings_for(scenario)
    try:
        name = _ask(questionary.text(S["ask_name"], qmark="›")).strip() or None
        if group is None:
            group = _ask(questionary.text(S["ask_group"], qmark="›")).strip() or None
    except (KeyboardInterrupt, EOFError):
        raise SystemExit(INTERRUPTED) from None
    return name, group


def play_interactive(session, journal=None, console=None) -> int:
    """Play to an ending (or an interruption). Each turn is journaled before the next prompt."""
    from .. import engine as e
    from ..scoring import scorecard

    S = render.strings_for(session.scenario)
    require_terminal(session.scenario)
    console = console or render.make_console()
    console.print(render.briefing(session.scenario, S))
    if session.status == "new":
        events = session.start()
    else:  # resuming: remind the trainee where the call stands
        for turn in session.state.turns:
            console.print(render.turn_review(session.scenario, turn, S, show_feedback=False))
        events = session.prompt_events()
    try:
        while True:
            waiting = None
            for event in events:
                if isinstance(event, e.ReplyAssessed):  # the prompt already echoed the reply
                    turn = session.state.turns[event.turn - 1]
                    console.print(render.you_said(turn.reply, turn.evidence, S))
                    console.print(render.assessed(turn, S, session.state.mode == "coach"))
                    continue
                view = render.event_view(event, session, S)
                if view is not None:
                    console.print(view)
                if isinstance(event, e.AwaitingReply):
                    waiting = event
            if session.status == "finished" or waiting is None:
                break
            kind, value = _prompt(waiting, S, console)
            events = session.choose(value) if kind == "option" else session.reply(value)
            if journal is not None:
                journal.turn(session)  # committed before anything else is shown
    except (KeyboardInterrupt, EOFError):
        console.print()
        if journal is None:
            console.print(render.Text(S["stopped"], style="warn"))
        else:
            console.print(render.Text(S["interrupted"], style="warn"))
            console.print(render.Text(S["resume_with"].format(id=journal.sid[:8]), style="muted"))
        return INTERRUPTED
    card = scorecard(session.scenario, session.state.turns)
    if journal is not None:
        journal.finish(session, card)
    console.print(render.debrief(session.scenario, session.state, card, S))
    return OK
