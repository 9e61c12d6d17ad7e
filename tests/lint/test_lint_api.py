"""``lint()`` on scenarios changed in code: what files cannot show (L102), the analyzer seam, edge cases."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clear_sim.scenario import model as m
from clear_sim.scenario.lint import RULES, lint, rule
from clear_sim.scenario.lint import default_analyzer as real_default_analyzer  # bound before conftest patches it
from clear_sim.scenario.loader import load_scenario

from .conftest import FIXTURES, Reading, fake_analyze


@pytest.fixture
def clean() -> m.Scenario:
    return load_scenario(str(FIXTURES / "clean" / "late-parcel.en.yaml"))


def with_node(scenario: m.Scenario, nid: str, **changes) -> m.Scenario:
    nodes = dict(scenario.nodes)
    nodes[nid] = replace(nodes[nid], **changes)
    return replace(scenario, nodes=nodes)


def lines(problems) -> list[str]:
    return [str(p).split(": ", 1)[1] for p in problems]  # without the path


def test_clean(clean):
    assert lint(clean) == []


def test_dead_end(clean):
    """Validate rejects a node without options and routes in a file (E303); lint catches it in code."""
    broken = with_node(clean, "details", options=(), routes=())
    problems = [p for p in lint(broken) if p.code == "L102"]
    assert lines(problems) == [
        'L102 error: node "details" is a dead end: it has no options and no routes, so the call can never '
        "go on; add a way on, or make it an ending (dead-end)"]
    assert (problems[0].line, problems[0].col) == clean.where[("node", "details")]


def test_a_dead_end_is_not_also_a_loop(clean):
    broken = with_node(clean, "details", options=(), routes=())
    assert "L103" not in {p.code for p in lint(broken)}


def test_self_loop(clean):
    details = clean.nodes["details"]
    broken = with_node(clean, "details",
                       options=tuple(replace(o, next="details") for o in details.options),
                       routes=(m.Route(next="details"),))
    assert [s for s in lines(lint(broken)) if s.startswith("L103")] == [
        'L103 error: no ending can be reached from node "details": every way on leads back to it (only a '
        "mood limit could end the call); add a way out (no-exit-cycle)"]


def test_loop_upstream_nodes_are_not_reported_separately(clean):
    """opening leads only into the trapped details loop: one problem, at the loop."""
    opening, details = clean.nodes["opening"], clean.nodes["details"]
    broken = with_node(clean, "details", options=tuple(replace(o, next="details") for o in details.options),
                       routes=(m.Route(next="details"),))
    broken = with_node(broken, "opening", routes=(m.Route(next="details"),))
    broken = replace(broken, mood_limits=())
    found = [p for p in lint(broken) if p.code == "L103"]
    assert [p.message for p in found] == [
        'no ending can be reached from node "details": every way on leads back to it; add a way out (no-exit-cycle)']


def test_empty_when_is_a_default_route(clean):
    details = clean.nodes["details"]
    changed = with_node(clean, "details", routes=details.routes[:-1] + (m.Route(next="unresolved", when=m.Condition()),))
    assert lint(changed) == []


def test_annotation_rule_uses_the_injected_analyzer(clean):
    def says_everything(text: str, lang: str, customer: str | None = None) -> Reading:
        return Reading(m.MOVES, ("blame",))

    found = [p for p in lint(clean, analyzer=says_everything) if p.code == "L107"]
    assert [p.message for p in found] == [
        # no breaches given for this option: only its moves are compared
        'option "empathise-ask" of node "opening" disagrees with the analyzer: moves found but not annotated: '
        "apologize, resolve (annotation-mismatch)",
        'option "calm-down" of node "opening" disagrees with the analyzer: moves found but not annotated: '
        "listen, establish, apologize, resolve; breaches annotated but not found: calm_down; breaches found "
        "but not annotated: blame (annotation-mismatch)",
        'option "sorry-reship" of node "details" disagrees with the analyzer: moves found but not annotated: '
        "listen, establish (annotation-mismatch)",
        'option "ask-courier" of node "details" disagrees with the analyzer: moves found but not annotated: '
        "listen, establish, apologize, resolve; breaches annotated but not found: shift_responsibility; "
        "breaches found but not annotated: blame (annotation-mismatch)",
    ]


def test_without_an_analyzer(clean):
    """No analyzer: the annotation rule is skipped, and an unannotated option keeps step-never-shown quiet."""
    broken = load_scenario(str(FIXTURES / "broken" / "l107-annotation-mismatch.yaml"))
    assert lint(broken, analyzer=None) == []
    details = clean.nodes["details"]
    no_apology = with_node(clean, "details", options=(replace(details.options[0], moves=("resolve",)),
                                                      details.options[1]))
    assert [p.code for p in lint(no_apology, analyzer=None)] == ["L108"]
    unannotated = with_node(no_apology, "details", options=(replace(details.options[0], moves=None),
                                                            details.options[1]))
    assert lint(unannotated, analyzer=None) == []
    assert lint(unannotated, analyzer=fake_analyze) == []  # the fake finds "sorry"


def test_unreachable_options_do_not_show_a_step(clean):
    orphan = m.Node(id="orphan", customer=(m.Variant("Hello?"),), routes=(m.Route(next="resolved"),),
                    options=(m.Option(id="sorry", text="I'm sorry.", next="resolved", moves=("apologize",), breaches=()),))
    details = clean.nodes["details"]
    changed = with_node(clean, "details", options=(replace(details.options[0], moves=("resolve",)), details.options[1]))
    changed = replace(changed, nodes={**changed.nodes, "orphan": orphan})
    assert sorted(p.code for p in lint(changed, analyzer=fake_analyze)) == ["L101", "L107", "L108"]


def test_scenario_with_typed_replies_only_needs_no_steps_in_options(clean):
    nodes = {nid: replace(n, options=()) for nid, n in clean.nodes.items()}
    assert lint(replace(clean, nodes=nodes)) == []


def test_customer_line_variants_are_counted_each(clean):
    long = "x" * 401
    changed = with_node(clean, "opening", customer=(m.Variant("short", mood_below=15), m.Variant(long)))
    assert [p.message for p in lint(changed)] == [
        'node "opening": customer line 2 is 401 characters (limit 400); trim it or split it across two '
        "nodes (long-line)"]


def test_limits_are_inclusive(clean):
    opening = clean.nodes["opening"]
    exact = with_node(clean, "opening", customer=(m.Variant("x" * 400),),
                      options=(replace(opening.options[0], text="x" * 250), opening.options[1]))
    assert [p.code for p in lint(exact, analyzer=None)] == []


def test_siblings_of_other_scenarios_or_the_same_language_are_ignored(clean):
    zh = load_scenario(str(FIXTURES / "variants" / "parcel.zh.yaml"))
    assert lint(clean, [zh, clean]) == []  # zh has another id; clean is the same language


def test_rule_lookup():
    assert rule("L109") is rule("variant-mismatch")
    with pytest.raises(KeyError):
        rule("L999")


def test_registry_is_consistent():
    codes = [r.code for r in RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    for r in RULES:
        assert r.level in ("error", "warning")
        assert r.name == r.name.lower() and " " not in r.name and "_" not in r.name
        assert "\n" not in r.summary
        assert "\nFails::\n" in r.doc and "\nPasses::\n" in r.doc


def test_real_analyzer_seam(clean):
    """The default analyzer is clear-sim's, reading text with the scenario's phrases (when it exists)."""
    analyzer = real_default_analyzer(clean)
    if analyzer is None:
        with pytest.raises(ImportError):
            from clear_sim.analysis import analyze  # noqa: F401
        pytest.skip("clear_sim.analysis is not importable yet")
    reading = analyzer("It was a birthday present, you say?", "en")  # "birthday" is a listen phrase of clean
    assert "listen" in reading.moves
    assert isinstance(reading.breaches, tuple)
