"""Every scenario test beside the bundled scenarios (scenarios/*.tests.yaml), one pytest case each.

The same runner as `clear-sim test scenarios`, with the real analyzer. Also checks that each bundled
scenario's tests reach every one of its endings, and include a best path and a failing path.
"""

from pathlib import Path

import pytest

from clear_sim.scenario.testplan import load_plan
from clear_sim.scenario.testrun import run_case

SCENARIOS = Path(__file__).resolve().parent.parent.parent / "scenarios"
TESTS_FILES = sorted(SCENARIOS.rglob("*.tests.yaml"))


def _plans():
    for path in TESTS_FILES:
        plan, problems = load_plan(str(path))
        yield path, plan, problems


def _cases():
    for path, plan, problems in _plans():
        rel = path.relative_to(SCENARIOS)
        if plan is None:
            yield pytest.param(None, None, problems, id=f"{rel}::(file)")
            continue
        for case in plan.cases:
            yield pytest.param(plan, case, [], id=f"{rel}::{case.name}")


@pytest.mark.parametrize("plan, case, problems", list(_cases()))
def test_scenario_test(plan, case, problems):
    assert not problems, "\n".join(str(p) for p in problems)
    outcome = run_case(plan, case)
    assert outcome.passed, "\n".join(list(outcome.failures) + ["turns:"] + outcome.log())


def test_every_bundled_scenario_has_tests():
    scenarios = sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.endswith(".tests.yaml"))
    assert scenarios, "no bundled scenarios found"
    missing = [p.name for p in scenarios if not p.with_name(p.name[:-5] + ".tests.yaml").exists()]
    assert missing == []


@pytest.mark.parametrize("path", TESTS_FILES, ids=lambda p: p.name)
def test_the_tests_reach_every_ending_and_both_extremes(path):
    plan, problems = load_plan(str(path))
    assert plan is not None, "\n".join(str(p) for p in problems)
    outcomes = [run_case(plan, case) for case in plan.cases]
    reached = {o.ending for o in outcomes if o.passed and o.ending}
    assert sorted(set(plan.scenario.endings) - reached) == []
    full = [o for o in outcomes if o.passed and o.case.start_node is None and o.status == "finished"]
    assert max(o.scores["overall"] for o in full) >= 85
    assert min(o.scores["overall"] for o in full) <= 40
    assert any(o.case.mode != "choice" for o in outcomes), "no free-text test"
