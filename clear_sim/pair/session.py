"""Who plays which role, how a pair's runs are linked, and what the customer player is offered to say.

A pair practice is a series of ordinary sessions of one scenario, played in free-text mode (the
agent player types every reply) and kept in the store like any other. The session's ``trainee`` is
the agent player (the one being scored); its ``extra["pair"]`` names both players, the observer, the
pair id shared by every run, and the run number, which is what ``resume``, ``show`` and exports read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ..errors import UsageError

RATERS = ("customer", "observer")  # the roles that rate a reply (Turn.ratings keys)


@dataclass(frozen=True)
class Players:
    customer: str
    agent: str
    observer: str | None = None
    group: str | None = None

    def swapped(self) -> "Players":
        """The same people with the customer and the agent exchanged."""
        return Players(self.agent, self.customer, self.observer, self.group)

    def raters(self) -> tuple[str, ...]:
        return RATERS if self.observer else RATERS[:1]

    def name(self, role: str) -> str | None:
        return {"customer": self.customer, "agent": self.agent, "observer": self.observer}.get(role)


@dataclass(frozen=True)
class PairRun:
    """One run of a pair practice: its players, the pair id linking the runs, and its number."""

    players: Players
    pair_id: str
    run: int = 1

    def extra(self) -> dict:
        """What the store keeps in the session's ``extra``."""
        p = self.players
        return {"pair": {"id": self.pair_id, "run": self.run, "customer": p.customer, "agent": p.agent,
                         "observer": p.observer}}

    def next(self) -> "PairRun":
        """The run after this one: roles swapped, same pair."""
        return PairRun(self.players.swapped(), self.pair_id, self.run + 1)

    @classmethod
    def new(cls, players: Players) -> "PairRun":
        return cls(players, uuid.uuid4().hex, 1)

    @classmethod
    def from_extra(cls, extra: dict | None, group: str | None = None) -> "PairRun | None":
        """The pair run a stored session's ``extra`` describes (None: not a pair session)."""
        pair = (extra or {}).get("pair") if isinstance(extra, dict) else None
        if not isinstance(pair, dict) or not pair.get("customer") or not pair.get("agent"):
            return None
        players = Players(str(pair["customer"]), str(pair["agent"]), pair.get("observer") or None, group)
        return cls(players, str(pair.get("id") or uuid.uuid4().hex), int(pair.get("run") or 1))


def check_names(customer: str | None, agent: str | None) -> None:
    if customer and agent and customer.strip().casefold() == agent.strip().casefold():
        raise UsageError("the customer and the agent need different names")


def check_playable(scenario) -> None:
    """Pair practice needs free-text routes at every node: the agent player types every reply."""
    missing = [node.id for node in scenario.nodes.values() if not node.routes]
    if missing:
        raise UsageError(f"{scenario.id} ({scenario.lang}) cannot be played in pairs: node"
                         f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} ha{'ve' if len(missing) > 1 else 's'} "
                         "no free-text routes (add routes: to each node; see docs/scenario-format.md)")


def new_session(scenario, exam: bool = False):
    """A free-text session: the customer player speaks, the agent player types each reply."""
    from ..engine import Session

    check_playable(scenario)
    return Session(scenario, mode="exam" if exam else "coach", input="free")


def suggested_line(session) -> str:
    """The scenario's line for this moment at the customer's current mood: a suggestion the customer
    player may say as it is, adapt, or replace."""
    return session.node.line(session.state.mood)


def unrated(state, players: Players) -> list[int]:
    """Turns (1-based) that a rater of these players has not rated yet (an interrupted rating)."""
    return [t.index for t in state.turns if any(role not in (t.ratings or {}) for role in players.raters())]
