"""`clear-sim play`: a scenario played at the terminal, or scripted from an --answers file."""

from __future__ import annotations

import json
import sys

from ..errors import CHECK_FAILED, OK, UsageError


def run(scenario_ref: str, *, lang: str | None = None, exam: bool = False, input_mode: str = "choice",
        answers: str | None = None, as_json: bool = False, paths: list[str] | None = None,
        from_node: str | None = None, mood: int | None = None, name: str | None = None,
        group: str | None = None, db: str | None = None, save: bool | None = None) -> int:
    """Interactive plays are kept in the store by default; scripted ones only with --save (or --db)."""
    from ..engine import Session
    from ..scenario.catalog import find

    scenario = find(scenario_ref, lang, paths)
    session = Session(scenario, mode="exam" if exam else "coach", input=input_mode,
                      start_node=from_node, mood=mood)
    interactive = answers is None
    if as_json and interactive:
        raise UsageError("--json needs --answers FILE (a scripted play)")
    if interactive:
        from ..ui.play import require_terminal

        require_terminal(scenario)
    if save is None:
        save = interactive or db is not None
    journal = None
    if save:
        from ..journal import Journal
        from ..store import open_store

        trainee, group = identify(name, group, scenario if interactive else None)
        journal = Journal.begin(open_store(db), session, trainee, group)
    if not interactive:
        return _scripted(session, _read_answers(answers), as_json, journal)
    from ..ui.play import play_interactive

    return play_interactive(session, journal)


def identify(name: str | None, group: str | None, ask_for) -> tuple[str | None, str | None]:
    """Trainee name and group: from the flags, else remembered, else asked once (interactive only)."""
    from .. import config

    settings = config.load()
    name = name or settings.get("name")
    group = group or settings.get("group")
    if name is None and ask_for is not None:
        from ..ui.play import ask_identity

        name, group = ask_identity(ask_for, group)
    if name and (name, group) != (settings.get("name"), settings.get("group")):
        config.save({**settings, "name": name, "group": group})
    return name, group


def _read_answers(path: str) -> list[str]:
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read()
    except OSError as err:
        raise UsageError(f"{path}: cannot read answers file: {err.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: answers file is not UTF-8 text") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _scripted(session, answers: list[str], as_json: bool, journal=None) -> int:
    """Feed the answers in order; exit 0 at an ending, 1 when they run out first, 2 on a bad answer."""
    events = list(session.start())
    for n, answer in enumerate(answers, 1):
        if session.status != "active":
            left = len(answers) - n + 1
            print(f"clear-sim: note: {left} answer{'s' if left > 1 else ''} left unused after the call ended",
                  file=sys.stderr)
            break
        try:
            events += session.answer(answer)
        except UsageError as err:
            raise UsageError(f"answer {n} ({answer!r}): {err}") from None
        if journal is not None:
            journal.turn(session)
    from ..scoring import scorecard

    card = scorecard(session.scenario, session.state.turns)
    if journal is not None and session.status == "finished":
        journal.finish(session, card)
    if as_json:
        print(json.dumps(result_json(session, card), ensure_ascii=False, indent=2))
    else:
        from ..ui.transcript import print_transcript

        print_transcript(session, events, card)
    return OK if session.status == "finished" else CHECK_FAILED


def result_json(session, card) -> dict:
    state, scenario = session.state, session.scenario
    ending = session.ending
    pending = None
    if state.status == "active":
        node = session.node
        pending = {"node": node.id, "customer": node.line(state.mood),
                   "options": [{"id": o.id, "text": o.text} for o in node.options]}
    return {
        "scenario": scenario.id,
        "lang": scenario.lang,
        "mode": state.mode,
        "input": state.input,
        "status": "finished" if state.status == "finished" else "incomplete",
        "ending": {"id": ending.id, "kind": ending.kind} if ending else None,
        "scores": card.scores(),
        "turns": [
            {"node": t.node, "customer": t.customer, "reply": t.reply, "option": t.option,
             "moves": t.moves, "breaches": t.breaches, "flags": t.flags, "mood": t.mood_after,
             "evidence": t.evidence}
            for t in state.turns
        ],
        "missed": [{"turn": mo.turn, "node": mo.node, "step": mo.step, "what": mo.what} for mo in card.moments],
        "pending": pending,
    }
