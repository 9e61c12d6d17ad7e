"""Each rule against a copy of the annotated example broken in one way: the exact lines and exit code."""

from __future__ import annotations

import pytest

from clear_sim.commands.lint import run

CASES = {
    "l101-unreachable-node": (0, [
        'broken/l101-unreachable-node.yaml:90:3: L101 warning: node "orphan" cannot be reached from start '
        '"opening": no option or route of a reachable node leads to it (unreachable-node)',
    ]),
    # validate rejects a node without a way on (E303) before lint sees it; see test_lint_api for L102
    "l102-dead-end": (1, [
        'broken/l102-dead-end.yaml:91:5: E303 node "stuck" has neither options nor routes; add options, '
        "or make it an ending",
    ]),
    "l103-no-exit-cycle": (1, [
        'broken/l103-no-exit-cycle.yaml:94:3: L103 error: no ending can be reached from nodes "hold", '
        '"hold-again": every way on leads back among them (only a mood limit could end the call); '
        "add a way out (no-exit-cycle)",
    ]),
    "l104-unreachable-ending": (0, [
        'broken/l104-unreachable-ending.yaml:103:3: L104 warning: ending "escalated" cannot be reached: no '
        "option or route of a node reachable from start leads to it, and no mood limit names it "
        "(unreachable-ending)",
    ]),
    "l105-no-default-route": (1, [
        'broken/l105-no-default-route.yaml:88:9: L105 error: node "details" has no default route: a typed '
        'reply that matches none of its 2 routes has nowhere to go; end them with a route without "when" '
        "(no-default-route)",
    ]),
    "l106-options-without-routes": (0, [
        'broken/l106-options-without-routes.yaml:70:3: L106 warning: node "details" has options but no '
        "routes: in free and mixed mode a typed reply has nowhere to go; add routes that end with a "
        "default (options-without-routes)",
    ]),
    "l107-annotation-mismatch": (0, [
        'broken/l107-annotation-mismatch.yaml:55:9: L107 warning: option "calm-down" of node "opening" '
        "disagrees with the analyzer: moves annotated but not found: listen; breaches found but not "
        "annotated: calm_down (annotation-mismatch)",
    ]),
    "l108-step-never-shown": (0, [
        'broken/l108-step-never-shown.yaml:26:8: L108 warning: no option on a node reachable from start '
        'shows "apologize": a trainee who chooses options can never practise it; add one '
        "(moves: [apologize]) (step-never-shown)",
    ]),
    "l110-key-without-model-answer": (0, [
        'broken/l110-key-without-model-answer.yaml:37:3: L110 warning: node "opening" is a key moment but '
        "has no model_answer: the debrief has nothing to show there; add one (key-without-model-answer)",
    ]),
    "l111-long-line": (0, [
        'broken/l111-long-line.yaml:55:9: L111 warning: option "calm-down" of node "opening" is 255 '
        "characters (limit 250); keep a reply to one or two sentences (long-line)",
        'broken/l111-long-line.yaml:73:3: L111 warning: node "details": the customer line is 509 '
        "characters (limit 400); trim it or split it across two nodes (long-line)",
    ]),
}


def summary(lines: list[str], files: int = 1) -> str:
    errors = sum(" error: " in line or ": E" in line for line in lines)
    warnings = len(lines) - errors

    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    return f"{n(len(lines), 'problem')} ({n(errors, 'error')}, {n(warnings, 'warning')}) in {n(files, 'file')}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_fixture(name, in_fixtures, capsys):
    code, lines = CASES[name]
    assert run([f"broken/{name}.yaml"]) == code
    assert capsys.readouterr().out.splitlines() == lines + [summary(lines)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_strict_fails_on_every_broken_fixture(name, in_fixtures, capsys):
    assert run([f"broken/{name}.yaml"], strict=True) == 1


def test_every_rule_has_a_broken_fixture():
    from clear_sim.scenario.lint import RULES

    # L109 needs two files: tests/lint/fixtures/variants, see test_lint_command
    covered = {name.split("-")[0].upper() for name in CASES} | {"L109"}
    assert covered == {r.code for r in RULES}


def test_the_annotated_example_is_clean(in_fixtures, capsys):
    """The clean fixtures are the annotated example of docs/scenario-format.md and its Chinese twin."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = doc.split("## A complete annotated example")[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert (in_fixtures / "clean" / "late-parcel.en.yaml").read_text(encoding="utf-8") == example
    assert run(["clean"], strict=True) == 0
    assert capsys.readouterr().out == "0 problems (0 errors, 0 warnings) in 2 files\n"
