"""`clear-sim test`: which files run, the exact text and JSON output, and the exit codes."""

import json
import shutil
from pathlib import Path

import pytest

from clear_sim.commands.test import collect, run
from clear_sim.errors import UsageError
from fakes import fake_analyze

TINY = Path(__file__).resolve().parent.parent / "engine" / "tiny.yaml"

TESTS = """\
tests:
  - name: good then reship resolves
    answers: [good, sorry-reship]
    expect: {ending: resolved, scores: {overall: {at_least: 85}}}
  - name: calm down escalates
    answers: [calm]
    expect: {ending: escalated}
"""

FAILING = """\
tests:
  - name: passes
    answers: [good]
    expect: {node: details}
  - name: wrong ending
    answers: [good, courier]
    expect: {ending: resolved}
"""


@pytest.fixture
def folder(tmp_path):
    shutil.copy(TINY, tmp_path / "tiny.yaml")
    return tmp_path


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_all_passing_prints_one_line_each_and_the_summary(folder, capsys):
    write(folder / "tiny.tests.yaml", TESTS)
    assert run([str(folder / "tiny.yaml")], analyzer=fake_analyze) == 0
    assert capsys.readouterr().out == (
        "PASS tiny::good then reship resolves\n"
        "PASS tiny::calm down escalates\n"
        "2 passed, 0 failed\n"
    )


def test_a_failure_shows_expected_actual_and_the_turns(folder, capsys):
    tests = write(folder / "tiny.tests.yaml", FAILING)
    assert run([tests], analyzer=fake_analyze) == 1
    assert capsys.readouterr().out == (
        "PASS tiny::passes\n"
        "FAIL tiny::wrong ending\n"
        "\n"
        f"---- tiny::wrong ending ({tests}:5:5)\n"
        '  ending: expected "resolved", but the call ended at "unresolved" (unresolved)\n'
        "  turns:\n"
        "    1. opening: good  moves listen,establish  breaches -  mood 25→35  → details\n"
        "    2. details: courier  moves -  breaches shift_responsibility  mood 35→30  → unresolved\n"
        "  scores: control 75  listen 100  establish 100  apologize 0  resolve 0  overall 55\n"
        "1 passed, 1 failed\n"
    )


def test_the_summary_is_always_the_last_line(folder, capsys):
    write(folder / "tiny.tests.yaml", "tests: [\n")
    assert run([str(folder)], analyzer=fake_analyze) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "0 passed, 0 failed"
    assert out[0].startswith(str(folder / "tiny.tests.yaml") + ":") and "E110 YAML syntax error" in out[0]


def test_a_folder_runs_every_tests_file_inside_recursively(folder, capsys):
    write(folder / "tiny.tests.yaml", TESTS)
    sub = folder / "more" / "deeper"
    sub.mkdir(parents=True)
    shutil.copy(TINY, sub / "tiny.yaml")
    write(sub / "tiny.tests.yaml", TESTS)
    assert run([str(folder)], analyzer=fake_analyze) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "4 passed, 0 failed"


def test_a_file_named_twice_runs_once(folder, capsys):
    tests = write(folder / "tiny.tests.yaml", TESTS)
    assert collect([tests, str(folder / "tiny.yaml"), str(folder)]) == ([tests], [])


def test_a_scenario_without_tests(folder, capsys):
    scenario = str(folder / "tiny.yaml")
    assert run([scenario], analyzer=fake_analyze) == 1  # nothing ran at all
    assert capsys.readouterr().out == f"{scenario}: no tests (write tiny.tests.yaml beside it)\n0 passed, 0 failed\n"


def test_untested_scenarios_do_not_fail_a_run_that_passed(folder, capsys):
    write(folder / "tiny.tests.yaml", TESTS)
    shutil.copy(TINY, folder / "other.yaml")
    assert run([str(folder / "tiny.yaml"), str(folder / "other.yaml")], analyzer=fake_analyze) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [f"{folder / 'other.yaml'}: no tests (write other.tests.yaml beside it)", "2 passed, 0 failed"]


def test_a_folder_without_tests_files(tmp_path, capsys):
    assert run([str(tmp_path)]) == 1
    assert capsys.readouterr().out == f"no tests files (*.tests.yaml) in {tmp_path}\n0 passed, 0 failed\n"


@pytest.mark.parametrize("args, message", [
    (["nowhere"], "nowhere: no such file or folder"),
    ([], "name at least one scenario file, tests file or folder"),
])
def test_usage_errors(args, message):
    with pytest.raises(UsageError) as err:
        run(args)
    assert str(err.value) == message and err.value.exit_code == 2


def test_not_a_yaml_file(tmp_path):
    other = write(tmp_path / "notes.txt", "hello")
    with pytest.raises(UsageError, match=r"notes.txt: not a scenario \(.yaml\) or tests file"):
        run([other])


def test_bad_format():
    with pytest.raises(UsageError, match='--format must be text or json, not "xml"'):
        run(["."], fmt="xml")


def test_json(folder, capsys):
    write(folder / "tiny.tests.yaml", FAILING)
    assert run([str(folder)], fmt="json", analyzer=fake_analyze) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["passed"], data["failed"]) == (1, 1)
    assert [t["name"] for t in data["tests"]] == ["passes", "wrong ending"]
    assert data["tests"][1]["failures"] == ['ending: expected "resolved", but the call ended at "unresolved" (unresolved)']
    assert data["tests"][1]["ending"] == "unresolved" and data["problems"] == []


def test_json_reports_file_problems(folder, capsys):
    write(folder / "tiny.tests.yaml", "tests: []\n")
    assert run([str(folder)], fmt="json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == [{"path": str(folder / "tiny.tests.yaml"), "line": 1, "col": 8, "code": None,
                                 "severity": "error", "message": "'tests' must be a list with at least one test"}]


def test_control_characters_in_names_are_not_printed(folder, capsys):
    write(folder / "tiny.tests.yaml", 'tests: [{name: "evil\\e[31m red", answers: [good], expect: {node: details}}]\n')
    assert run([str(folder)], analyzer=fake_analyze) == 0
    assert capsys.readouterr().out.splitlines()[0] == "PASS tiny::evil red"
