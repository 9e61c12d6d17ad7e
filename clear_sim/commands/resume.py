"""`clear-sim resume [ID]`: continue an interrupted session exactly where it stopped."""

from __future__ import annotations

import sys

from ..errors import UsageError


def run(ref: str | None = None, db: str | None = None) -> int:
    from .. import config
    from ..engine import Session
    from ..journal import Journal
    from ..scenario.catalog import find
    from ..store import open_store
    from ..ui.play import play_interactive, require_terminal

    store = open_store(db)
    if ref:
        stored = store.get(ref)
    else:
        stored = store.latest_incomplete(config.load().get("name"))
        if stored is None:
            raise UsageError("no interrupted session to resume (clear-sim history lists your sessions)")
    if stored.status == "finished":
        raise UsageError(f"session {stored.id[:8]} is finished; see it with: clear-sim show {stored.id[:8]}")
    scenario = store.played_scenario(stored.scenario_digest) or find(stored.scenario_id, stored.lang)
    state = stored.state
    if scenario.digest != stored.scenario_digest:
        print(f"clear-sim: note: {stored.scenario_id} has changed since this session started", file=sys.stderr)
        if state.node is not None and state.node not in scenario.nodes:
            raise UsageError(f'session {stored.id[:8]} stopped at node "{state.node}", which the scenario no longer has')
    session = Session(scenario, state=state)
    journal = Journal(store, stored.id)
    if stored.pair is not None:  # a pair practice goes on as one: cards, both players' prompts, ratings
        from ..pair.session import PairRun
        from ..ui.pair import practice

        return practice(scenario, PairRun.from_extra(stored.extra, stored.group), session=session,
                        journal=journal, db=db)
    if state.status == "finished":  # the process died between the last turn and the result: finish it
        from ..scoring import scorecard

        journal.finish(session, scorecard(scenario, state.turns))
        print(f"clear-sim: session {stored.id[:8]} had already ended; its result is now saved (clear-sim show {stored.id[:8]})")
        return 0
    require_terminal(scenario)
    return play_interactive(session, journal)
