"""A whole pair practice through a pseudo-terminal: names, private cards behind the hand-over screen,
the customer's lines, the agent's replies, both people's ratings, the debrief, a role swap; then
Ctrl-C in the middle of a run, and `resume` going on as a pair session. The agent's screen never
shows the customer's role card: checked on the raw output and on a terminal screen model (pyte)."""

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from clear_sim.pair.cards import secret_texts  # noqa: E402
from clear_sim.scenario.loader import load_scenario  # noqa: E402

from ptyutil import ANSI, ctrl_c, settings_home, spawn_cli, wait_exit  # noqa: E402

HERE = Path(__file__).resolve().parent
SHOP = str(HERE / "shop.yaml")
ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
ROWS, COLS = 50, 110


@pytest.fixture
def home(tmp_path):
    return settings_home(tmp_path, "Teacher", "Class 3")


def spawn(home, *args):
    child = spawn_cli(*args, home=home, rows=ROWS, cols=COLS)
    child.logfile_read = io.StringIO()
    return child


def screen_text(raw: str) -> str:
    """What a reader could find in output: escape codes gone, wrapping and box borders ignored."""
    return re.sub(r"[\s│╭╮╰╯─•»]+", "", ANSI.sub("", raw))


def secrets_in(raw: str) -> list[str]:
    text = screen_text(raw)
    return [s for s in secret_texts(load_scenario(SHOP)) if re.sub(r"\s+", "", s)[:40] in text]


def rows(home, sql):
    with sqlite3.connect(home["CLEAR_SIM_DB"]) as conn:
        return conn.execute(sql).fetchall()


def read_cards(child, customer: str, agent: str) -> tuple[int, int]:
    """Through both hand-overs; returns the log offsets (card shown, card hidden) of the customer's card."""
    child.expect(f"{customer}: press Enter when only you can see")
    child.expect("⏎")
    shown = len(child.logfile_read.getvalue())  # the program waits for Enter: the card is not out yet
    child.send(ENTER)
    child.expect("Customer role card")
    child.expect("Press Enter when you have read it")
    child.send(ENTER)
    child.expect(f"{agent}: press Enter when only you can see")
    hidden = len(child.logfile_read.getvalue())
    child.expect("⏎")
    child.send(ENTER)
    child.expect("Agent role card")
    child.expect("Press Enter when you have read it")
    child.send(ENTER)
    return shown, hidden


def turn(child, reply: str, customer_rating: str, observer_rating: str | None, ticks: str = "") -> None:
    """Accept the suggested customer line, type the agent's reply, rate it (and observe it)."""
    child.expect("what do you say")
    child.expect(r"\)")  # the hint under the prompt: the line is ready to edit
    child.send(ENTER)
    child.expect("as the agent: your reply")
    child.send(reply + ENTER)
    child.expect("how did that reply land")
    child.send(customer_rating + ENTER)
    child.expect("which CLEAR steps did you feel")
    child.send(ticks + ENTER)
    if observer_rating is not None:
        child.expect("how well did that reply handle")
        child.send(observer_rating + ENTER)
        child.expect("which CLEAR steps did you see")
        child.send(ENTER)


def end_without_swap(child) -> None:
    """Read the pair debrief, decline the role swap, and let the CLI exit."""
    child.expect("Pair debrief")
    child.expect("Swap roles")
    child.send("n")
    wait_exit(child)


def test_a_pair_session_with_a_role_swap_is_saved_and_keeps_the_card_secret(home):
    child = spawn(home, "pair", SHOP, "--customer", "Ana", "--agent", "Bo", "--observer", "Cy")
    shown, hidden = read_cards(child, "Ana", "Bo")
    turn(child, "A week late, I understand how upsetting that is. What is the order number?", "4", "3",
         ticks=DOWN + SPACE + DOWN + SPACE)
    child.expect("Mood 25")
    turn(child, "I'm sorry. I'll send a replacement by express today and call you tomorrow.", "5", "5",
         ticks=DOWN * 3 + SPACE + DOWN + SPACE)
    child.expect("Pair debrief")
    child.expect("Moments to discuss")
    child.expect("Swap roles and play again")
    run1 = child.logfile_read.getvalue()
    child.send(ENTER)  # yes: Bo plays the customer now
    shown2, hidden2 = read_cards(child, "Bo", "Ana")
    turn(child, "Calm down, it's the courier's fault.", "1", "1")
    end_without_swap(child)
    assert child.exitstatus == 0
    log = child.logfile_read.getvalue()
    assert "Traceback" not in log

    # the card was on screen for the customer, and nowhere after it was hidden
    assert secrets_in(run1[shown:hidden]) == secret_texts(load_scenario(SHOP))
    assert secrets_in(log[hidden:shown2]) == []
    assert secrets_in(log[hidden2:]) == []
    assert "\x1b[3J" in log[shown:hidden]  # the scrollback is wiped too

    sessions = rows(home, "select trainee, group_name, status, ending_kind, extra from sessions order by n")
    assert [s[:4] for s in sessions] == [("Bo", "Class 3", "finished", "resolved"),
                                         ("Ana", "Class 3", "finished", "hung_up")]
    first, second = (json.loads(s[4])["pair"] for s in sessions)
    assert first["id"] == second["id"] and (first["run"], second["run"]) == (1, 2)
    assert (first["customer"], first["agent"], first["observer"]) == ("Ana", "Bo", "Cy")
    assert (second["customer"], second["agent"]) == ("Bo", "Ana")
    turns = rows(home, "select t.idx, t.customer, t.analysis from turns t join sessions s on s.n = t.sn "
                       "where s.trainee = 'Bo' order by t.idx")
    assert [t[1] for t in turns] == ["A whole week late! Where is my parcel?", "So what are you going to do about it?"]
    ratings = [json.loads(t[2])["ratings"] for t in turns]
    assert ratings[0]["customer"] == {"by": "Ana", "rating": 4, "steps": ["control", "listen", "establish"]}
    assert ratings[0]["observer"] == {"by": "Cy", "rating": 3, "steps": ["control"]}
    assert ratings[1]["customer"]["steps"] == ["control", "apologize", "resolve"]


def test_the_agent_screen_never_shows_the_card_on_a_screen_model(home):
    pyte = pytest.importorskip("pyte")
    child = spawn(home, "pair", SHOP, "--customer", "Ana", "--agent", "Bo", "--observer", "")
    screen = pyte.HistoryScreen(COLS, ROWS, history=2000)
    stream = pyte.Stream(screen)
    read_cards(child, "Ana", "Bo")
    child.expect("what do you say")
    stream.feed(child.logfile_read.getvalue())
    seen = [line for line in screen.display] + ["".join(ch.data for ch in row.values()) for row in screen.history.top]
    assert secrets_in("\n".join(seen)) == []
    assert any("Ana, as Ms Chen: what do you say?" in line for line in screen.display)  # the shared screen
    child.send("\x03")
    wait_exit(child)
    assert child.exitstatus == 130


def test_ctrl_c_leaves_a_pair_session_that_resumes_as_a_pair_session(home):
    child = spawn(home, "pair", SHOP, "--customer", "Ana", "--agent", "Bo", "--observer", "")
    read_cards(child, "Ana", "Bo")
    turn(child, "A week late, I understand how upsetting that is. What is the order number?", "4", None)
    child.expect("what do you say")
    sid = ctrl_c(child)
    assert child.exitstatus == 130
    assert rows(home, "select status, turns, trainee from sessions") == [("active", 1, "Bo")]

    child = spawn(home, "resume", sid)
    read_cards(child, "Ana", "Bo")  # the cards again, behind the hand-over
    child.expect("Resuming pair practice: Ana plays the customer, Bo the agent")
    child.expect("Turn 1")
    turn(child, "I'm sorry. I'll send a replacement by express today and call you tomorrow.", "5", None)
    end_without_swap(child)
    assert child.exitstatus == 0
    (status, turns, extra), = rows(home, "select status, turns, extra from sessions")
    assert (status, turns) == ("finished", 2)
    assert json.loads(extra)["pair"]["customer"] == "Ana"
    analysis = rows(home, "select analysis from turns order by idx")
    assert [json.loads(a[0])["ratings"]["customer"]["rating"] for a in analysis] == [4, 5]


def test_a_rating_cut_short_is_asked_for_on_resume(home):
    child = spawn(home, "pair", SHOP, "--customer", "Ana", "--agent", "Bo", "--observer", "")
    read_cards(child, "Ana", "Bo")
    child.expect("what do you say")
    child.expect(r"\)")
    child.send(ENTER)
    child.expect("your reply")
    child.send("Where do you live?" + ENTER)
    child.expect("how did that reply land")  # the turn is saved before anyone rates it
    sid = ctrl_c(child)
    assert rows(home, "select turns from sessions") == [(1,)]

    child = spawn(home, "resume", sid)
    read_cards(child, "Ana", "Bo")
    child.expect("Turn 1 was not rated before the stop")
    child.expect("how did that reply land")
    child.send("2" + ENTER)
    child.expect("which CLEAR steps did you feel")
    child.send(ENTER)
    child.expect("what do you say")
    child.send("\x03")
    wait_exit(child)
    (analysis,), = rows(home, "select analysis from turns")
    assert json.loads(analysis)["ratings"]["customer"]["rating"] == 2


def test_chinese_pair_practice_speaks_chinese(home):
    child = spawn(home, "pair", "fly-in-yogurt", "--lang", "zh", "--customer", "小李", "--agent", "小王",
                  "--observer", "")
    child.expect("小王：请现在把视线移开屏幕")
    child.send(ENTER)
    child.expect("顾客角色卡")
    child.expect("按回车")
    child.send("\x03")
    wait_exit(child)
    assert child.exitstatus == 130
    assert not Path(home["CLEAR_SIM_DB"]).exists()  # nothing answered, nothing kept


def test_the_teacher_reviews_at_the_terminal(home):
    from clear_sim.store import open_store
    from pair_helpers import COURIER, GOOD, play_pair

    with open_store(home["CLEAR_SIM_DB"]) as store:
        sid, _ = play_pair(store, load_scenario(SHOP), [(GOOD, 4, ["listen"], None, None),
                                                        (COURIER, 3, [], None, None)])
    child = spawn(home, "review", sid[:8])
    child.expect("What would you like to do")
    child.send(ENTER)  # comment on a turn
    child.expect("Which turn")
    child.send(DOWN + ENTER)
    child.expect("Your comment")
    child.send("Who owns this problem?" + ENTER)
    child.expect("Saved")
    child.expect("What would you like to do")
    child.send(DOWN + DOWN + ENTER)  # override a step's score
    child.expect("Which step")
    child.send(DOWN + ENTER)  # listen
    child.expect(r"New score for Listen \(0–100; automatic: 100\)")
    child.send("150" + ENTER)
    child.expect("Enter a whole number from 0 to 100")
    child.send("\b\b\b60" + ENTER)
    child.expect("Reason")
    child.send("Only the order number was asked" + ENTER)
    child.expect("Saved")
    child.expect("What would you like to do")
    child.send(DOWN * 3 + ENTER)  # withdraw a score (offered now that there is one)
    child.expect("Which step")
    child.expect("Listen · teacher 60 · automatic 100")
    child.send(ENTER)
    child.expect("Reason")
    child.send("I misread turn 1" + ENTER)
    child.expect("Saved")
    child.expect("What would you like to do")
    child.send(DOWN * 3 + ENTER)  # done (nothing left to withdraw)
    wait_exit(child)
    assert child.exitstatus == 0
    assert rows(home, "select turn, step, score, text, reviewer from reviews order by id") == [
        (2, None, None, "Who owns this problem?", "Teacher"), (None, "listen", 60, "Only the order number was asked", "Teacher"),
        (None, "listen", None, "I misread turn 1", "Teacher")]
