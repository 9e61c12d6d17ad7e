"""Scenario tests: loading a tests file (every mistake as path:line:col) and running it headless."""

import shutil
from pathlib import Path

import pytest

from clear_sim.scenario.testplan import Bound, load_plan, sibling_scenario_file, sibling_tests_file
from clear_sim.scenario.testrun import run_case, run_plan
from fakes import fake_analyze

TINY = Path(__file__).resolve().parent.parent / "engine" / "tiny.yaml"

GOOD = """\
tests:
  - name: good then reship resolves
    answers: [good, sorry-reship]
    expect:
      ending: resolved
      status: finished
      ending_kind: resolved
      turns: 2
      path: [opening, details]
      mood: {at_least: 60, at_most: 100}
      scores: {overall: {at_least: 85}, control: 100}
      moves: {1: [listen, establish]}
      breaches: {1: [], 2: []}
  - name: option numbers work too
    answers: [1, "1"]
    expect: {ending: resolved, mood: 65}
  - name: a breach at the opening escalates in free mode
    mode: free
    answers: ["Calm down."]
    expect: {ending: escalated, breaches: {1: [calm_down]}}
  - name: a late branch from a node with a mood
    from: details
    mood: 40
    answers: [courier]
    expect: {ending: unresolved, mood: 35}
  - name: where the call stands after one answer
    answers: [good]
    expect: {node: details, status: active}
"""


@pytest.fixture
def tiny(tmp_path):
    """tiny.yaml copied into a temp folder; returns a function writing its tests file."""
    shutil.copy(TINY, tmp_path / "tiny.yaml")

    def write_tests(text: str, name: str = "tiny.tests.yaml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write_tests


def problems_of(path):
    plan, problems = load_plan(path)
    assert plan is None
    return [str(p).split(": ", 1)[1] if ": " in str(p) else str(p) for p in problems], problems


# ---- file names ---------------------------------------------------------------------------------

def test_tests_file_sits_beside_the_scenario(tmp_path):
    assert sibling_tests_file(tmp_path / "broken-phone.en.yaml") == tmp_path / "broken-phone.en.tests.yaml"
    assert sibling_scenario_file(tmp_path / "broken-phone.en.tests.yaml") == tmp_path / "broken-phone.en.yaml"


# ---- loading ------------------------------------------------------------------------------------

def test_a_good_file_loads_into_cases(tiny):
    plan, problems = load_plan(tiny(GOOD))
    assert problems == []
    assert [c.name for c in plan.cases][:2] == ["good then reship resolves", "option numbers work too"]
    first = plan.cases[0]
    assert first.answers == ("good", "sorry-reship")
    assert first.expect.mood == Bound(60, 100)
    assert first.expect.scores["control"] == Bound(100, 100)
    assert first.expect.moves == {1: ("listen", "establish")}
    assert first.expect.breaches == {1: (), 2: ()}
    assert plan.cases[1].answers == ("1", "1")  # numbers become tokens, as in an answers file
    assert plan.label == "tiny"


def test_every_mistake_is_one_positioned_line(tiny):
    path = tiny("""\
tests:
  - name: a
    mode: fre
    from: opning
    mood: 120
    answers: [good, yes]
    expect:
      ending: detail
      ending_kind: solved
      mood: {at_least: 9, at_mst: 3}
      scores: {overal: 3, control: {at_least: 100, at_most: 50}}
      moves: {0: [listen], 2: [lisen], 3: listen}
      breaches: {1: [calm]}
      extra: 1
  - name: a
    answers: []
    expect: {node: resolved}
  - name: b
    answers: []
    expect: {node: details, ending: resolved}
  - just a string
  - name: c
    answer: [1]
tset: 1
""")
    _, problems = problems_of(path)
    lines = [str(p) for p in problems]
    assert lines == [
        f'{path}:3:11: test "a": mode "fre" is not one of: choice, free, mixed (did you mean "free"?)',
        f'{path}:4:11: test "a": from: "opning" is not a node of tiny (did you mean "opening"?)',
        f'{path}:5:11: test "a": mood must be a whole number from 0 to 100, not 120',
        f'{path}:6:21: test "a": answer 2 reads as true (a boolean); quote it: "yes"',
        f'{path}:8:15: test "a": ending: "detail" is not an ending of tiny',
        f'{path}:9:20: test "a": ending_kind "solved" is not one of: resolved, escalated, hung_up, unresolved (did you mean "resolved"?)',
        f'{path}:10:27: unknown key "at_mst" in test "a": mood (did you mean "at_most"?); allowed: at_least, at_most',
        f'{path}:11:16: test "a": "overal" is not a score; use one of: control, listen, establish, apologize, resolve, overall (did you mean "overall"?)',
        f'{path}:11:36: test "a": scores.control: at_least 100 is more than at_most 50',
        f'{path}:12:15: test "a": moves: 0 is not a turn number (1 is the first answer)',
        f'{path}:12:32: test "a": moves at turn 2: "lisen" is not one of: listen, establish, apologize, resolve (did you mean "listen"?)',
        f'{path}:12:43: test "a": moves at turn 3 must be a list ([] for none)',
        f'{path}:13:22: test "a": breaches at turn 1: "calm" is not one of: hostility, sarcasm, blame, argue, calm_down, dismissive, shift_responsibility, transfer, over_promise, trigger (did you mean "calm_down"?)',
        f'{path}:14:7: unknown key "extra" in expect; allowed: status, ending, ending_kind, node, turns, path, mood, scores, moves, breaches, flags',
        f'{path}:15:11: test name "a" is used twice (first on line 2)',
        f"{path}:17:20: test \"a\": node: \"resolved\" is not a node of tiny (it is an ending: expect it with 'ending:')",
        f'{path}:20:20: test "b": expect either a node (the call goes on) or an ending, not both',
        f'{path}:21:5: test 4 must be a mapping with name, answers and expect',
        f'{path}:22:5: test "c" is missing required key "answers"',
        f'{path}:22:5: test "c" is missing required key "expect"',
        f'{path}:23:5: unknown key "answer" in test "c" (did you mean "answers"?); allowed: name, mode, from, mood, answers, expect',
        f'{path}:24:1: unknown key "tset" at the top of a tests file',
    ]


@pytest.mark.parametrize("text, message", [
    ("", "1:1: file is empty; a tests file starts with 'tests:'"),
    ("- a\n- b\n", "1:1: a tests file must be a mapping with a 'tests:' list"),
    ("scenario: tiny.yaml\n", "1:1: a tests file needs a 'tests:' list"),
    ("tests: []\n", "1:8: 'tests' must be a list with at least one test"),
    ("tests: [{name: x, answers: [], expect: {}}]\n",
     '1:40: test "x": expect must be a mapping of what must hold, e.g. {ending: resolved}'),
    ("tests: [{name: x, answers: [], expect: {mood: high}}]\n",
     '1:47: test "x": mood must be a number or {at_least: N, at_most: N}'),
    ("tests: [{name: x, answers: [], expect: {status: active, ending: resolved}}]\n",
     '1:49: test "x": status active contradicts expecting an ending'),
    ("tests:\n  - {name: x, answers: [], expect: {ending: resolved}}\ntests: []\n",
     '3:1: duplicate key "tests" (first defined on line 1); remove one'),
])
def test_broken_tests_files(tiny, text, message):
    path = tiny(text)
    _, problems = problems_of(path)
    assert str(problems[0]) == f"{path}:{message}"


def test_yaml_syntax_errors_come_from_the_safe_loader(tiny):
    path = tiny("tests: [\n")
    _, problems = problems_of(path)
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}:") and " E110 YAML syntax error: " in str(problems[0])


def test_a_tests_file_without_its_scenario(tmp_path):
    path = tmp_path / "orphan.tests.yaml"
    path.write_text("tests: [{name: x, answers: [], expect: {status: active}}]\n", encoding="utf-8")
    _, problems = problems_of(str(path))
    assert [str(p) for p in problems] == [
        f"{path}:1:1: no scenario \"orphan.yaml\" beside this tests file; name it after the scenario or add 'scenario: FILE'"]


def test_scenario_key_names_another_file(tiny, tmp_path):
    path = tiny("scenario: tiny.yaml\ntests: [{name: x, answers: [good], expect: {node: details}}]\n", "other.tests.yaml")
    plan, problems = load_plan(path)
    assert problems == [] and plan.scenario.id == "tiny"
    missing = tiny("scenario: nope.yaml\ntests: [{name: x, answers: [], expect: {status: active}}]\n", "nope.tests.yaml")
    _, problems = problems_of(missing)
    assert str(problems[0]) == f'{missing}:1:11: scenario file "nope.yaml" not found (the path is relative to this tests file)'


def test_an_invalid_scenario_reports_its_own_problems(tmp_path):
    (tmp_path / "bad.yaml").write_text("format: 1\nid: bad\n", encoding="utf-8")
    path = tmp_path / "bad.tests.yaml"
    path.write_text("tests: [{name: x, answers: [], expect: {status: active}}]\n", encoding="utf-8")
    _, problems = problems_of(str(path))
    assert all(str(p).startswith(f"{tmp_path / 'bad.yaml'}:") for p in problems)
    assert "E203" in str(problems[0])


# ---- running ------------------------------------------------------------------------------------

def test_a_good_plan_passes(tiny):
    plan, _ = load_plan(tiny(GOOD))
    outcomes = run_plan(plan, analyzer=fake_analyze)
    assert [(o.case.name, o.failures) for o in outcomes] == [(c.name, ()) for c in plan.cases]


def run_one(tiny, case_yaml: str):
    plan, problems = load_plan(tiny("tests:\n" + case_yaml))
    assert problems == []
    return run_case(plan, plan.cases[0], analyzer=fake_analyze)


def test_failures_say_expected_and_actual(tiny):
    outcome = run_one(tiny, """\
  - name: wrong on purpose
    answers: [calm, courier]
    expect:
      ending: resolved
      ending_kind: resolved
      turns: 2
      path: [opening, details]
      mood: {at_least: 50}
      scores: {control: 100, overall: {at_most: 10}}
      moves: {1: [listen]}
      breaches: {1: []}
      flags: {2: [scripted_apology]}
""")
    assert not outcome.passed
    assert outcome.failures == (
        'the call ended at "escalated" after answer 1; 1 answer left unused',
        'ending: expected "resolved", but the call ended at "escalated" (escalated)',
        'ending_kind: expected resolved, but the call ended at "escalated" (escalated)',
        "turns: expected 2, got 1",
        "path: expected opening → details, got opening",
        "mood: expected at least 50, got 13",
        "scores.control: expected 100, got 75",
        "scores.overall: expected at most 10, got 15",
        "moves at turn 1: expected listen, got none (missing listen)",
        "breaches at turn 1: expected none, got calm_down",
        "flags at turn 2: the call had only 1 turns",
    )
    assert outcome.log() == ["1. opening: calm  moves -  breaches calm_down  mood 25→13  → escalated"]


def test_a_bad_answer_is_a_failure_not_a_crash(tiny):
    outcome = run_one(tiny, "  - {name: typo, answers: [god], expect: {ending: resolved}}\n")
    assert outcome.failures == (
        'answer 1 (\'god\') at node "opening": "god" is not an option at node "opening" (did you mean "good"?); '
        "options: good, calm, fix-now, sorry, rage",)
    outcome = run_one(tiny, "  - {name: range, answers: [9], expect: {ending: resolved}}\n")
    assert outcome.failures == ('answer 1 (\'9\') at node "opening": answer 9 is out of range at node "opening": choose 1 to 5',)


def test_answers_running_out_leave_the_call_active(tiny):
    outcome = run_one(tiny, "  - {name: short, answers: [good], expect: {ending: resolved}}\n")
    assert outcome.failures == ('ending: expected "resolved", but the call is still at node "details"',)


def test_status_expected_active_but_the_call_ended(tiny):
    outcome = run_one(tiny, "  - {name: s, answers: [calm], expect: {status: active}}\n")
    assert outcome.failures == ('status: expected active, got finished (the call ended at "escalated" (escalated))',)


def test_node_expected_but_the_call_ended(tiny):
    outcome = run_one(tiny, "  - {name: n, answers: [good, sorry-reship], expect: {node: details}}\n")
    assert outcome.failures == ('node: expected the call to stand at "details", but it ended at "resolved" (resolved)',)


def test_mixed_mode_takes_option_ids_and_free_text(tiny):
    outcome = run_one(tiny, """\
  - name: mixed
    mode: mixed
    answers: ["What is the order number? That sounds stressful.", sorry-reship]
    expect: {ending: resolved, moves: {1: [listen, establish]}}
""")
    assert outcome.passed, outcome.failures
    assert outcome.turns[0].option is None and outcome.turns[1].option == "sorry-reship"


def test_an_analyzer_crash_is_reported_per_test(tiny):
    plan, _ = load_plan(tiny(GOOD))

    def broken(text, lang, customer=None):
        raise ImportError("no analyzer yet")

    outcome = run_case(plan, plan.cases[0], analyzer=broken)
    assert outcome.failures == ("answer 1 ('good') at node \"opening\" raised ImportError: no analyzer yet",)


def test_outcome_json(tiny):
    plan, _ = load_plan(tiny(GOOD))
    data = run_case(plan, plan.cases[0], analyzer=fake_analyze).to_json()
    assert data["passed"] is True and data["ending"] == "resolved" and data["line"] == 2
    assert data["turns"][0] == {"turn": 1, "node": "opening", "option": "good",
                                "reply": "That sounds stressful. What is the order number?",
                                "moves": ["listen", "establish"], "breaches": [], "flags": [],
                                "mood_before": 25, "mood_after": 35, "next": "details"}
