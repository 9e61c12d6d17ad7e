"""The analyzer beside the people: step scores as each rater felt them, verdicts per turn, and the
moments where they disagree."""

from clear_sim.pair.compare import analyzer_verdict, compare, found_steps, rating_verdict, reason_lines
from clear_sim.pair.session import PairRun, Players, check_playable, unrated
from clear_sim.ui.strings import strings
from pair_helpers import shop, store, COURIER, GOOD, play_pair  # noqa: F401 (shop, store: fixtures)


def test_verdicts():
    assert [rating_verdict(r) for r in range(1, 6)] == ["poor", "poor", "mixed", "good", "good"]


def test_a_good_turn_rated_low_and_a_bad_turn_rated_high_are_moments_to_discuss(store, shop):
    _, session = play_pair(store, shop, [
        (GOOD, 5, ["control", "listen", "establish"], 2, ["control", "listen"]),
        (COURIER, 5, ["control", "resolve"], 1, []),
    ])
    turns = session.state.turns
    assert found_steps(turns[0]) == ("control", "listen", "establish")
    assert analyzer_verdict(shop, turns[0]) == "good" and analyzer_verdict(shop, turns[1]) == "poor"
    cmp = compare(shop, turns)
    assert cmp.roles == ("customer", "observer")
    assert cmp.mean_rating == {"customer": 5.0, "observer": 1.5}
    t1, t2 = cmp.turns
    assert [r.kind for r in t1.reasons] == ["verdict", "raters"]
    assert [(r.kind, r.role) for r in t2.reasons] == [("verdict", "customer"), ("control_felt", "customer"),
                                                      ("raters", None)]
    assert t2.raters["customer"].felt_not_found == ("control", "resolve")
    # the raters' ticks scored like the analyzer's findings
    assert cmp.steps["resolve"].analyzer == 0 and cmp.steps["resolve"].raters == {"customer": 100, "observer": 0}
    assert cmp.steps["resolve"].apart("customer") and not cmp.steps["resolve"].apart("observer")
    assert cmp.steps["control"].raters == {"customer": 100, "observer": 75}
    S = strings("en")
    assert reason_lines(t2, {"customer": "Ana", "observer": "Cy"}, S) == [
        "Ana rated it 5/5; the analyzer judged it poor.",
        "Ana felt the agent stayed in control; the analyzer found: transferring before understanding.",
        "The customer player rated it 5/5, the observer 1/5.",
        "Ana felt Resolve, which the analyzer did not find.",
    ]


def test_agreement_leaves_nothing_to_discuss(store, shop):
    _, session = play_pair(store, shop, [(GOOD, 4, ["control", "listen", "establish"], None, None)],
                           players=Players("Ana", "Bo"))
    cmp = compare(shop, session.state.turns)
    assert cmp.roles == ("customer",) and cmp.to_discuss == ()
    assert reason_lines(cmp.turns[0], {"customer": "Ana"}, strings("zh")) == []


def test_players_swap_and_the_runs_link():
    run = PairRun.new(Players("Ana", "Bo", "Cy", "C1"))
    nxt = run.next()
    assert (nxt.players.customer, nxt.players.agent, nxt.players.observer, nxt.run) == ("Bo", "Ana", "Cy", 2)
    assert nxt.pair_id == run.pair_id
    assert PairRun.from_extra(nxt.extra(), "C1") == nxt
    assert PairRun.from_extra({}, None) is None and PairRun.from_extra({"pair": "x"}) is None


def test_unrated_turns_are_found(store, shop):
    from clear_sim.pair.session import new_session

    session = new_session(shop)
    session.start()
    session.reply(GOOD)
    assert unrated(session.state, Players("Ana", "Bo", "Cy")) == [1]
    session.rate(1, "customer", 3)
    assert unrated(session.state, Players("Ana", "Bo")) == []
    assert unrated(session.state, Players("Ana", "Bo", "Cy")) == [1]


def test_a_scenario_without_free_text_routes_cannot_be_played_in_pairs(write):
    import pytest

    from clear_sim.errors import UsageError
    from clear_sim.scenario.loader import load_scenario

    tiny = load_scenario(str(__import__("pathlib").Path(__file__).parents[1] / "engine" / "tiny.yaml"))
    check_playable(tiny)  # every node has routes
    from dataclasses import replace

    broken = replace(tiny, nodes={k: replace(n, routes=()) for k, n in tiny.nodes.items()})
    with pytest.raises(UsageError, match=r"^tiny \(en\) cannot be played in pairs: nodes opening, details have no "
                                         r"free-text routes"):
        check_playable(broken)
