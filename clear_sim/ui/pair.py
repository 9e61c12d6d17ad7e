"""Pair practice at one terminal: names, private role cards behind a hand-over screen, the customer
player's lines, the agent player's replies (scored by the analyzer), the people's ratings, the pair
debrief, and a swap of roles. Each turn is saved before the next prompt, and its ratings as soon as
they are given, so Ctrl-C loses nothing and ``clear-sim resume`` goes on as a pair session.

Secrets stay secret: the customer's card is shown only after the agent player has been asked to look
away, on the terminal's alternate screen, and it is wiped (screen and scrollback) before the keyboard
goes back; nothing on the card is printed anywhere else.
"""

from __future__ import annotations

from rich.text import Text

from ..errors import INTERRUPTED, OK
from ..pair.cards import agent_card, customer_card
from ..pair.session import PairRun, Players, check_names, new_session, suggested_line, unrated
from ..scenario.model import STEPS
from . import render
from .pair_view import card_view, comparison_view, handover_view, ratings_view
from .play import _ask

CARD_AGAIN = "/card"
WIPE_SCROLLBACK = "\x1b[3J"  # xterm's "erase saved lines": what scrolled off the top goes too


# ---- prompts --------------------------------------------------------------------------------------


def _wait_enter(message: str) -> None:
    """Wait for Enter (other keys are ignored; Ctrl-C and Ctrl-D stop, as everywhere)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from questionary.question import Question

    kb = KeyBindings()

    @kb.add("enter")
    def _done(event):
        event.app.exit(result=None)

    @kb.add("c-c")
    def _interrupt(event):
        event.app.exit(exception=KeyboardInterrupt())

    @kb.add("c-d")
    def _eof(event):
        event.app.exit(exception=EOFError())

    @kb.add(Keys.Any)
    def _ignore(event):
        pass

    Question(PromptSession([("class:question", f"⏎ {message} ")], key_bindings=kb).app).unsafe_ask()


def _text(message: str, default: str = "", instruction: str | None = None, required: bool = True,
          erase: bool = False) -> str:
    """A line of text, whitespace folded; ``erase``: the prompt disappears once answered (the caller
    shows the answer its own way)."""
    import questionary

    while True:
        answer = _ask(questionary.text(message, default=default, qmark="›", instruction=instruction,
                                       erase_when_done=erase))
        answer = " ".join((answer or "").split())
        if answer or not required:
            return answer


def ask_players(scenario, customer: str | None, agent: str | None, observer: str | None,
                group: str | None) -> Players:
    """The names not given as flags (an observer given as "" means none; None asks)."""
    S = render.strings_for(scenario)
    P = S["pair"]
    check_names(customer, agent)
    while not customer:
        customer = _text(P["ask_customer"].format(name=scenario.customer.name))
        if agent and agent.casefold() == customer.casefold():
            render.make_console().print(Text(P["same_names"], style="warn"))
            customer = None
    while not agent:
        agent = _text(P["ask_agent"].format(role=render.shorten(scenario.trainee.role, 50)))
        if agent.casefold() == customer.casefold():
            render.make_console().print(Text(P["same_names"], style="warn"))
            agent = None
    if observer is None:
        observer = _text(P["ask_observer"], required=False)
    if group is None:
        group = _text(S["ask_group"], required=False) or None
    return Players(customer, agent, observer or None, group)


def _customer_line(session, players: Players, console, S: dict) -> str:
    """The customer player's line: the scenario's suggestion as the default, to keep, edit or replace."""
    P = S["pair"]
    scenario = session.scenario
    while True:
        message = P["customer_says"].format(name=players.customer, role=scenario.customer.name)
        line = _text(message, default=suggested_line(session), instruction=f"\n  ({P['line_hint']})\n", erase=True)
        if line.casefold() != CARD_AGAIN:
            return line
        show_private(console, S, players.customer, players.agent, card_view(customer_card(scenario)), wipe=False)


def _agent_reply(session, players: Players, console, S: dict) -> str:
    P = S["pair"]
    while True:
        reply = _text(P["agent_says"].format(name=players.agent), instruction=f"({P['reply_hint']})", erase=True)
        if reply.casefold() != CARD_AGAIN:
            return reply
        show_private(console, S, players.agent, players.customer, card_view(agent_card(session.scenario)), wipe=False)


def _rate(session, turn, players: Players, S: dict) -> None:
    """The customer player's (and the observer's) rating and CLEAR checklist for one reply."""
    import questionary

    P = S["pair"]
    for role in players.raters():
        name = players.name(role)
        rating = _ask(questionary.select(
            (P["rate"] if role == "customer" else P["rate_observer"]).format(name=name),
            choices=[questionary.Choice(title=title, value=i) for i, title in enumerate(P["ratings"], 1)],
            use_shortcuts=True, qmark="›", instruction=" ", erase_when_done=True))
        steps = _ask(questionary.checkbox(
            (P["felt"] if role == "customer" else P["saw"]).format(name=name),
            choices=[questionary.Choice(title=P["step_hints"][s], value=s, checked=s == "control") for s in STEPS],
            qmark="›", instruction=" ", erase_when_done=True))
        session.rate(turn.index, role, rating, steps, by=name)


def require_terminal(scenario) -> None:
    import sys

    from ..errors import UsageError

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(render.strings_for(scenario)["pair"]["needs_terminal"])


# ---- screens --------------------------------------------------------------------------------------


def show_private(console, S: dict, to: str, away: str | None, card, *, wipe: bool) -> None:
    """A card for one player only: the hand-over screen, then the card on the alternate screen,
    cleared before leaving it. ``wipe`` also clears the main screen and its scrollback afterwards
    (at the start of a run, when nothing on it needs keeping)."""
    P = S["pair"]
    console.clear()
    console.print(handover_view(S, to, away))
    _wait_enter(P["press_enter"].format(to=to))
    with console.screen(hide_cursor=False):
        try:
            pages = _pages(console, card)
            for n, page in enumerate(pages, 1):
                console.clear()
                console.file.write(page)
                console.file.flush()
                _wait_enter(P["card_done"] if n == len(pages) else P["card_more"].format(n=n, total=len(pages)))
        finally:
            console.clear()
    if wipe:
        _wipe(console)


def _pages(console, renderable) -> list[str]:
    """The renderable as screenfuls (a card taller than the terminal is read page by page: on the
    alternate screen, what scrolls off the top could not be scrolled back to)."""
    with console.capture() as capture:
        console.print(renderable)
    lines = capture.get().split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    size = max(5, console.height - 2)
    return ["\n".join(lines[i:i + size]) + "\n" for i in range(0, len(lines), size)] or [""]


def _wipe(console) -> None:
    console.clear()
    if console.is_terminal:
        console.file.write(WIPE_SCROLLBACK)
        console.file.flush()


def _reveal(session, turn, players: Players, console, S: dict) -> None:
    """After the ratings: what the analyzer found, the coaching, the mood, and the ending if it came."""
    P = S["pair"]
    console.print(ratings_view(turn, players, S))
    console.print(render.labelled([(f"  {P['analyzer_says']}:", "muted", render.highlight(turn.reply, turn.evidence))]))
    console.print(render.assessed(turn, S, session.state.mode == "coach"))
    delta = turn.mood_after - turn.mood_before
    style = "good" if delta > 0 else "bad" if delta < 0 else "muted"
    console.print(Text(f"  {S['mood']} {turn.mood_before} → {turn.mood_after} ({delta:+d})", style=style))
    if session.status == "finished":
        console.print(render.ended(session.scenario, session.ending, S))


def _history(session, players: Players, console, S: dict) -> None:
    """On resume: the turns so far, with their ratings."""
    for turn in session.state.turns:
        console.print(render.turn_review(session.scenario, turn, S, show_feedback=False))
        console.print(ratings_view(turn, players, S))


# ---- a run, and the practice ----------------------------------------------------------------------


def play_run(session, run: PairRun, journal, console) -> int:
    """One run to its ending: customer line, agent reply, ratings, reveal; then the debrief."""
    from ..pair.compare import compare
    from ..scoring import scorecard

    scenario = session.scenario
    S = render.strings_for(scenario)
    P = S["pair"]
    players = run.players
    if session.status != "finished":  # (a resumed run whose call had ended needs only its ratings)
        show_private(console, S, players.customer, players.agent, card_view(customer_card(scenario)), wipe=True)
        show_private(console, S, players.agent, players.customer, card_view(agent_card(scenario)), wipe=True)
        console.print(Text(P["back_to_both"], style="muted"))
    console.print(Text(f"━━ {render.clean(scenario.title)} ━━", style="heading"))
    if session.status == "new":
        session.start()
    else:
        console.print(Text(P["resumed"].format(customer=players.customer, agent=players.agent), style="muted"))
        _history(session, players, console, S)
        for n in unrated(session.state, players):
            console.print(Text(P["rate_missing"].format(n=n), style="warn"))
            _rate(session, session.state.turns[n - 1], players, S)
            journal.store.update_turn(journal.sid, session.state.turns[n - 1])
    while session.status == "active":
        node = session.node
        console.print()
        console.print(Text(S["turn_heading"].format(n=len(session.state.turns) + 1), style="heading"))
        if node.scene:
            console.print(render.scene(node.scene))
        line = _customer_line(session, players, console, S)
        console.print(render.customer_says(scenario, line, session.state.mood, S))
        reply = _agent_reply(session, players, console, S)
        console.print(render.labelled([(f"{players.agent}:", "you", render.literal(reply))]))
        session.reply(reply, customer_line=line)
        turn = session.state.turns[-1]
        journal.turn(session)  # committed before anything else is asked
        _rate(session, turn, players, S)
        journal.store.update_turn(journal.sid, turn)
        _reveal(session, turn, players, console, S)
    card = scorecard(scenario, session.state.turns)
    journal.finish(session, card)
    console.print(render.debrief(scenario, session.state, card, S))
    console.print(comparison_view(compare(scenario, session.state.turns, card), players, S))
    console.print()
    console.print(Text(P["saved"].format(id=journal.sid[:8]), style="muted"))
    return OK


def practice(scenario, run: PairRun, *, exam: bool = False, session=None, journal=None, db: str | None = None,
             console=None) -> int:
    """Runs until the players decline to swap: each run a stored session linked by the pair id."""
    import questionary

    require_terminal(scenario)
    console = console or render.make_console()
    S = render.strings_for(scenario)
    P = S["pair"]
    try:
        while True:
            if session is None:
                session = new_session(scenario, exam)
                journal = None
            journal = journal or _LazyJournal(session, run, db)
            code = play_run(session, run, journal, console)
            if code != OK:
                return code
            players = run.players
            again = _ask(questionary.confirm(P["swap"].format(customer=players.customer, agent=players.agent),
                                             default=True, qmark="›"))
            if not again:
                return OK
            run, session, journal = run.next(), None, None
    except (KeyboardInterrupt, EOFError):
        console.print()
        sid = getattr(journal, "sid", None)
        if sid is None or session is None or session.status == "finished":
            console.print(Text(S["stopped"], style="warn"))
        else:
            console.print(Text(S["interrupted"], style="warn"))
            console.print(Text(S["resume_with"].format(id=sid[:8]), style="muted"))
        return INTERRUPTED


class _LazyJournal:
    """A journal whose session row is created when the first turn is about to be saved, so a run
    abandoned at the role cards leaves nothing behind; after that it behaves like ``Journal``."""

    def __init__(self, session, run: PairRun, db: str | None) -> None:
        self.session, self.run, self.db = session, run, db
        self._journal = None

    def _real(self):
        if self._journal is None:
            from ..journal import Journal
            from ..store import open_store

            store = open_store(self.db)
            sid = store.start_session(self.session.scenario, self.session.state, self.run.players.agent,
                                      self.run.players.group, self.run.extra())
            self._journal = Journal(store, sid)
        return self._journal

    @property
    def sid(self):
        return self._journal.sid if self._journal is not None else None

    @property
    def store(self):
        return self._real().store

    def turn(self, session) -> None:
        # a row created from the state after this turn holds it already; saving it again is
        # harmless (one row per turn index)
        self._real().turn(session)

    def finish(self, session, card) -> None:
        self._real().finish(session, card)
