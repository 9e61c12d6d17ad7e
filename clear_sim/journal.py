"""Keeps a play in the store as it happens: one committed row per answered turn, then the result."""

from __future__ import annotations


class Journal:
    """Callbacks for a play loop; the store commits each turn before the next prompt is shown."""

    def __init__(self, store, sid: str) -> None:
        self.store = store
        self.sid = sid

    @classmethod
    def begin(cls, store, session, trainee: str | None, group: str | None) -> "Journal":
        return cls(store, store.start_session(session.scenario, session.state, trainee, group))

    def turn(self, session) -> None:
        self.store.save_turn(self.sid, session.state.turns[-1], session.state)

    def finish(self, session, card) -> None:
        self.store.finish_session(self.sid, session.state, card.scores())
