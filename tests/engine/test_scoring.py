"""The scorecard, computed from turn logs alone."""

from pathlib import Path

import pytest

from clear_sim.scenario.loader import load_scenario
from clear_sim.scoring import Moment, scorecard

SCENARIO = load_scenario(str(Path(__file__).with_name("tiny.yaml")))


def turn(index, node, moves=(), breaches=(), flags=()):
    return {"index": index, "node": node, "moves": list(moves), "breaches": list(breaches), "flags": list(flags)}


CASES = [
    # (turn log, expected scores)
    ("every expected step shown, no breach",
     [turn(1, "opening", ["listen", "establish"]), turn(2, "details", ["apologize", "resolve"])],
     dict(control=100, listen=100, establish=100, apologize=100, resolve=100, overall=100)),
    ("half the listening moments missed",
     [turn(1, "opening", ["establish"]), turn(2, "opening", ["listen", "establish"])],
     dict(control=100, listen=50, establish=100, apologize=0, resolve=0, overall=50)),
    ("a step never called for but shown anyway scores 100",
     [turn(1, "opening", ["listen", "establish", "apologize"])],
     dict(control=100, listen=100, establish=100, apologize=100, resolve=0, overall=80)),
    ("each breach costs Control 25",
     [turn(1, "opening", [], ["calm_down", "argue"]), turn(2, "details", [], ["shift_responsibility"])],
     dict(control=25, listen=0, establish=0, apologize=0, resolve=0, overall=5)),
    ("Control never goes below 0",
     [turn(i, "opening", [], ["hostility"]) for i in range(1, 6)],
     dict(control=0, listen=0, establish=0, apologize=0, resolve=0, overall=0)),
    ("a fix while venting is not credited and costs resolve 20",
     [turn(1, "opening", ["listen", "establish", "resolve"], flags=["jumped_to_solution"]),
      turn(2, "details", ["apologize", "resolve"])],
     dict(control=100, listen=100, establish=100, apologize=100, resolve=80, overall=96)),
    ("a scripted apology is not credited and costs 20",
     [turn(1, "details", ["apologize", "resolve"], flags=["scripted_apology"])],
     dict(control=100, listen=0, establish=0, apologize=0, resolve=100, overall=40)),
    ("an empty log scores nothing but Control",
     [], dict(control=100, listen=0, establish=0, apologize=0, resolve=0, overall=20)),
]


@pytest.mark.parametrize("log, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_scores(log, expected):
    assert scorecard(SCENARIO, log).scores() == expected


def test_moments_say_what_was_missed_and_when():
    card = scorecard(SCENARIO, [
        turn(1, "opening", ["resolve"], ["calm_down"], ["jumped_to_solution"]),
        turn(2, "details", ["resolve"]),
    ])
    assert card.moments == (
        Moment(1, "opening", "control", "calm_down"),
        Moment(1, "opening", "listen", "missed"),
        Moment(1, "opening", "establish", "missed"),
        Moment(1, "opening", "resolve", "jumped_to_solution"),
        Moment(2, "details", "apologize", "missed"),
    )
    assert card.steps["listen"].missed == (1,) and card.steps["resolve"].taken == (2,)  # the jumped fix is not credited


def test_the_worked_example_in_the_docs():
    from clear_sim.engine import Session
    from fakes import fake_analyze

    s = Session(SCENARIO, analyzer=fake_analyze)
    s.start()
    s.choose("fix-now")
    s.choose("sorry-reship")
    assert [t.flags for t in s.state.turns] == [["jumped_to_solution"], ["scripted_apology"]]
    scores = scorecard(SCENARIO, s.state.turns).scores()
    assert scores == dict(control=100, listen=0, establish=0, apologize=0, resolve=80, overall=36)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert "round((100 + 0 + 0 + 0 + 80) ÷ 5) = 36" in doc
