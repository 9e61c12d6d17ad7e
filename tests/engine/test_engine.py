"""The headless session: events, turns, mood, routes, flags, state round-trip."""

import json
from pathlib import Path

import pytest

from clear_sim import engine as e
from clear_sim.engine import BadAnswer, Session, State, WrongState
from clear_sim.errors import UsageError
from clear_sim.scenario.loader import load_scenario
from fakes import fake_analyze

TINY = str(Path(__file__).with_name("tiny.yaml"))


@pytest.fixture
def scenario():
    return load_scenario(TINY)


def session(scenario, **kw):
    return Session(scenario, analyzer=fake_analyze, **kw)


def play(s, *answers):
    s.start()
    for a in answers:
        s.choose(s.resolve_answer(a))
    return s


def test_start_shows_the_customer_and_the_options(scenario):
    events = session(scenario).start()
    assert events[0] == e.CustomerSpoke("opening", "Eight days late!", 25)
    prompt = events[-1]
    assert isinstance(prompt, e.AwaitingReply) and not prompt.free_text
    assert [c.id for c in prompt.options] == ["good", "calm", "fix-now", "sorry", "rage"]


def test_choose_logs_a_turn_moves_the_mood_and_goes_on(scenario):
    s = session(scenario)
    s.start()
    events = s.choose("good")
    assert events[0] == e.ReplyAssessed(1, ("listen", "establish"), (), (), "Good.")
    assert events[1] == e.MoodChanged(25, 35)
    assert events[2] == e.CustomerSpoke("details", "So what now?", 35)
    turn = s.state.turns[0]
    assert (turn.node, turn.option, turn.mood_before, turn.mood_after, turn.next) == ("opening", "good", 25, 35, "details")


def test_reaching_an_ending_finishes_the_session(scenario):
    s = play(session(scenario), "good", "sorry-reship")
    assert s.status == "finished" and s.ending.kind == "resolved"
    with pytest.raises(WrongState):
        s.choose("good")


def test_a_call_in_the_wrong_state_names_what_was_expected(scenario):
    s = session(scenario)
    with pytest.raises(WrongState, match="session is new; this call needs it active"):
        s.choose("good")
    s.start()
    with pytest.raises(WrongState, match="needs it new"):
        s.start()


@pytest.mark.parametrize("token, option", [("1", "good"), ("2", "calm"), (" good ", "good"), ("sorry", "sorry")])
def test_answers_are_numbers_or_ids(scenario, token, option):
    s = session(scenario)
    s.start()
    assert s.resolve_answer(token) == option


@pytest.mark.parametrize("token, message", [
    ("0", 'answer 0 is out of range at node "opening": choose 1 to 5'),
    ("6", 'answer 6 is out of range at node "opening": choose 1 to 5'),
    ("godo", '"godo" is not an option at node "opening" (did you mean "good"?); options: good, calm, fix-now, sorry, rage'),
])
def test_bad_answers_are_usage_errors(scenario, token, message):
    s = session(scenario)
    s.start()
    with pytest.raises(BadAnswer) as err:
        s.resolve_answer(token)
    assert str(err.value) == message and err.value.exit_code == 2


def test_a_mood_limit_ends_the_call_when_a_reply_lowers_the_mood_past_it(scenario):
    s = play(session(scenario), "calm")  # 25 - 12 = 13 < 15: escalated
    assert s.state.ending == "escalated" and s.state.turns[0].next == "escalated"
    s = play(session(scenario), "rage")  # 25 - 30 → 0 < 5: hung up (the first limit that holds)
    assert s.state.ending == "hung-up"


def test_the_customer_line_depends_on_the_mood(scenario):
    events = session(scenario, start_node="opening", mood=10).start()
    assert events[0].text == "Don't give me the script!"


def test_order_flags(scenario):
    s = play(session(scenario), "fix-now")
    assert s.state.turns[0].flags == ["jumped_to_solution"]
    s = play(session(scenario), "sorry")
    assert s.state.turns[0].flags == ["scripted_apology"]
    s = play(session(scenario), "good", "sorry-reship")  # listened first: not scripted
    assert s.state.turns[1].flags == []


def test_the_mood_model_decides_when_the_author_does_not(scenario):
    s = play(session(scenario), "fix-now")  # venting customer: resolve × 0.6, jumped × 1.5
    assert s.state.turns[0].mood_after == 25 + round(9 * 0.6 - 10 * 1.5)


def test_free_text_routes_in_order(scenario):
    s = session(scenario, input="free")
    s.start()
    s.reply("Please calm down")
    assert s.state.ending == "escalated" and s.state.turns[0].route == 0

    s = session(scenario, input="free")
    assert s.start()[-1].options == ()
    s.reply("Could you give me the Order Number?")  # keyword, folded case; route sets mood +7
    assert (s.state.node, s.state.turns[0].route, s.state.mood) == ("details", 1, 32)

    s = session(scenario, input="free")
    s.start()
    s.reply("hello")  # nothing matches but the default
    assert s.state.turns[0].route == 3


def test_choice_mode_refuses_free_text_and_free_mode_refuses_options(scenario):
    s = session(scenario)
    s.start()
    with pytest.raises(WrongState):
        s.reply("hi")
    s = session(scenario, input="free")
    s.start()
    with pytest.raises(BadAnswer):
        s.choose("good")


def test_mixed_mode_offers_options_and_free_text(scenario):
    prompt = session(scenario, input="mixed").start()[-1]
    assert prompt.free_text and len(prompt.options) == 5


def test_author_annotations_override_the_analyzer_and_keep_evidence(scenario):
    s = play(session(scenario), "good")
    turn = s.state.turns[0]
    assert turn.moves == ["listen", "establish"]
    assert {ev["label"] for ev in turn.evidence} == {"listen", "establish"}
    assert all(turn.reply[ev["start"]:ev["end"]] == ev["text"] for ev in turn.evidence)


def test_state_round_trips_through_json_and_resumes(scenario):
    s = play(session(scenario), "good")
    saved = json.loads(json.dumps(s.state.to_json()))
    resumed = Session(scenario, analyzer=fake_analyze, state=State.from_json(saved))
    assert resumed.state == s.state
    assert resumed.prompt_events()[0] == e.CustomerSpoke("details", "So what now?", 35)
    resumed.choose("sorry-reship")
    assert resumed.ending.id == "resolved"


def test_same_answers_same_transcript(scenario):
    a = play(session(scenario), "1", "2").state.to_json()
    b = play(session(scenario), "good", "courier").state.to_json()
    assert a == b


@pytest.mark.parametrize("kw, message", [
    ({"mode": "quiz"}, 'mode must be one of coach, exam, not "quiz"'),
    ({"input": "voice"}, 'input mode must be one of choice, free, mixed, not "voice"'),
    ({"start_node": "detail"}, 'no node "detail" in tiny (did you mean "details"?)'),
    ({"mood": 101}, "mood must be between 0 and 100, not 101"),
])
def test_bad_session_settings(scenario, kw, message):
    with pytest.raises(UsageError) as err:
        session(scenario, **kw)
    assert str(err.value) == message


def test_the_analyzer_hears_the_customer_line_the_reply_answers(scenario):
    heard = []

    def listening(text, lang, customer=None):
        heard.append((text, customer))
        return fake_analyze(text, lang)

    s = Session(scenario, analyzer=listening, input="mixed")
    shown = s.start()[-2].text
    s.choose("good")
    s.reply("I'm sorry", customer_line="typed by a classmate")
    assert heard == [(scenario.nodes["opening"].option("good").text, shown), ("I'm sorry", "typed by a classmate")]


def test_a_curt_yes_to_a_complaint_is_a_breach_in_play():
    """The real analyzer reads the reply with the line it answers: 是的 alone to a complaint brushes it off."""
    from clear_sim.scenario.loader import load_scenario as load

    phone = load(str(Path(__file__).parents[2] / "scenarios" / "broken-phone.zh.yaml"))
    s = Session(phone, input="free")
    s.start()
    s.reply("是的")
    assert s.state.turns[0].breaches


def test_a_human_customer_line_and_ratings_are_kept_on_the_turn(scenario):
    s = session(scenario, input="free")
    s.start()
    s.reply("What is the order number?", customer_line="My parcel is LATE, typed by my classmate")
    s.rate(1, "customer", 4, ["establish", "listen"], by="Ana")
    turn = s.state.turns[0]
    assert turn.customer == "My parcel is LATE, typed by my classmate"
    assert turn.ratings == {"customer": {"by": "Ana", "rating": 4, "steps": ["listen", "establish"]}}
    assert State.from_json(json.loads(json.dumps(s.state.to_json()))) == s.state
    with pytest.raises(UsageError):
        s.rate(1, "observer", 6)
    with pytest.raises(UsageError):
        s.rate(1, "observer", 3, ["empathy"])
