"""Helpers for the store and report tests: a clock, and sessions played through the real engine."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from clear_sim.engine import Session
from clear_sim.scenario.loader import load_scenario
from clear_sim.scoring import scorecard
from clear_sim.store import open_store
from fakes import fake_analyze

HERE = Path(__file__).resolve().parent
TINY = str(HERE.parent / "engine" / "tiny.yaml")
LOOP = str(HERE / "loop.yaml")


class Clock:
    """Timestamps one minute apart from 2024-05-01 09:00 UTC (a store's ``now``)."""

    def __init__(self, start=datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc), step=timedelta(minutes=1)):
        self.t = start - step
        self.step = step

    def __call__(self) -> str:
        self.t += self.step
        return self.t.isoformat(timespec="microseconds")


def play(store, scenario, answers, trainee="ann", group="A1", finish=True, extra=None):
    """Play ``answers`` (option ids) through the engine, saving each turn; returns (id, session)."""
    s = Session(scenario, analyzer=fake_analyze)
    s.start()
    sid = store.start_session(scenario, s.state, trainee, group, extra)
    for answer in answers:
        s.choose(answer)
        store.save_turn(sid, s.state.turns[-1], s.state)
    if finish and s.status == "finished":
        store.finish_session(sid, s.state, scorecard(scenario, s.state.turns).scores())
    return sid, s


@pytest.fixture
def tiny():
    return load_scenario(TINY)


@pytest.fixture
def loop():
    return load_scenario(LOOP)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "results.db")


@pytest.fixture
def store(db, clock):
    s = open_store(db, now=clock)
    yield s
    s.close()


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC, so rendered times are the stored ones."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("CLEAR_SIM_LANG", "en")


# A small class: who chose what (tiny.yaml option ids), in order.
CLASS = [
    ("ann", "A1", ["good", "sorry-reship"]),      # 100 across the board
    ("ann", "A1", ["sorry", "sorry-reship"]),     # scripted apology
    ("bob", "A1", ["calm"]),                      # a breach: escalated at once
    ("bob", "A1", ["good", "sorry-reship"]),
    ("cyd", "A1", ["fix-now", "sorry-reship"]),   # jumped to a solution
    ("dan", "B2", ["good", "courier"]),
]


def play_class(store, scenario, rows=CLASS):
    return [play(store, scenario, answers, trainee, group)[0] for trainee, group, answers in rows]

