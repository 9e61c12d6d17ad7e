"""Nothing lost: an interrupted or killed play resumes exactly where it stopped."""

import json
import os
import signal
import sqlite3

import pytest

pexpect = pytest.importorskip("pexpect")

from ptyutil import ROOT, ctrl_c, settings_home, spawn_cli, wait_exit  # noqa: E402

TINY = str(ROOT / "tests" / "engine" / "tiny.yaml")
ENTER = "\r"


@pytest.fixture
def home(tmp_path):
    return settings_home(tmp_path, "Ana", "C1")


def spawn(home, *args):
    return spawn_cli(*args, home=home)


def rows(home, sql):
    with sqlite3.connect(home["CLEAR_SIM_DB"]) as conn:
        return conn.execute(sql).fetchall()


def test_ctrl_c_then_resume_continues_with_the_same_mood_and_history(home):
    child = spawn(home, "play", TINY)
    child.expect("Your reply")
    child.send(ENTER)  # "good": mood 25 → 35, on to "details"
    child.expect("So what now")
    child.expect("Your reply")
    sid = ctrl_c(child)
    assert child.exitstatus == 130
    assert rows(home, "select status, trainee from sessions") == [("active", "Ana")]

    child = spawn(home, "resume", sid)
    child.expect("Turn 1")  # the history so far
    child.expect("So what now")
    child.expect("35")  # the same mood
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("Debrief")
    wait_exit(child)
    assert child.exitstatus == 0
    assert rows(home, "select status from sessions") == [("finished",)]


def test_a_killed_play_keeps_every_answered_turn(home):
    child = spawn(home, "play", TINY)
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("So what now")
    child.expect("Your reply")  # the turn was committed before this prompt was drawn
    os.kill(child.pid, signal.SIGKILL)
    wait_exit(child)
    assert child.signalstatus == signal.SIGKILL

    child = spawn(home, "resume")  # no id: the latest unfinished session
    child.expect("So what now")
    child.expect("Your reply")
    child.send("\x03")
    wait_exit(child)
    assert child.exitstatus == 130


def test_the_name_is_asked_once_and_remembered(tmp_path):
    home = {"CLEAR_SIM_DB": str(tmp_path / "r.db"), "CLEAR_SIM_CONFIG": str(tmp_path / "settings.json")}
    child = spawn(home, "play", TINY)
    child.expect("Your name")
    child.send("Bo" + ENTER)
    child.expect("class or group")
    child.send("Night class" + ENTER)
    child.expect("Your reply")
    child.send("\x03")
    wait_exit(child)
    assert json.loads((tmp_path / "settings.json").read_text()) == {"name": "Bo", "group": "Night class"}

    child = spawn(home, "play", TINY)
    index = child.expect(["Your name", "Your reply"])
    assert index == 1  # not asked again
    child.send("\x03")
    wait_exit(child)
