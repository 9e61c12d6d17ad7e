"""Helpers for the pair tests: a pair session played through the real engine and stored.
Not a conftest.py: tests/store's conftest is imported as the module "conftest" too, and its tests
import from it; a second one would shadow it when both folders are collected. Test modules import
the fixtures below by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from clear_sim.pair.session import PairRun, Players, new_session
from clear_sim.scenario.loader import load_scenario
from clear_sim.scoring import scorecard
from clear_sim.store import open_store

HERE = Path(__file__).resolve().parent
SHOP = str(HERE / "shop.yaml")


@pytest.fixture
def shop():
    return load_scenario(SHOP)


@pytest.fixture
def store():
    with open_store() as s:  # $CLEAR_SIM_DB: the commands under test read the same file
        yield s


def play_pair(store, scenario, turns, players=Players("Ana", "Bo", "Cy", "C1"), run=None):
    """``turns``: (reply, customer rating, customer steps, observer rating, observer steps) each.
    Returns (session id, session)."""
    run = run or PairRun(players, "f" * 32, 1)
    session = new_session(scenario)
    session.start()
    sid = store.start_session(scenario, session.state, run.players.agent, run.players.group, run.extra())
    for reply, c_rating, c_steps, o_rating, o_steps in turns:
        session.reply(reply)
        turn = session.state.turns[-1]
        store.save_turn(sid, turn, session.state)
        session.rate(turn.index, "customer", c_rating, c_steps, by=run.players.customer)
        if o_rating is not None:
            session.rate(turn.index, "observer", o_rating, o_steps, by=run.players.observer)
        store.update_turn(sid, turn)
    if session.status == "finished":
        store.finish_session(sid, session.state, scorecard(scenario, session.state.turns).scores())
    return sid, session


GOOD = "A week late, I understand how upsetting that is. What is the order number?"
FIX = "I'm sorry. I'll send a replacement by express today and call you tomorrow."
COURIER = "Please contact the courier about that."
