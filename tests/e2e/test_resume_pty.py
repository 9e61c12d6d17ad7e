"""Nothing lost: an interrupted or killed play resumes exactly where it stopped."""

import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[2]
TINY = str(ROOT / "tests" / "engine" / "tiny.yaml")
ENTER = "\r"


@pytest.fixture
def home(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"name": "Ana", "group": "C1"}), encoding="utf-8")
    return {"CLEAR_SIM_DB": str(tmp_path / "results.db"), "CLEAR_SIM_CONFIG": str(settings)}


def spawn(home, *args):
    env = dict(os.environ, TERM="xterm-256color", CLEAR_SIM_LANG="en", **home)
    return pexpect.spawn(sys.executable, ["-m", "clear_sim", *args], env=env, cwd=str(ROOT),
                         encoding="utf-8", timeout=30, dimensions=(50, 110))


def rows(home, sql):
    with sqlite3.connect(home["CLEAR_SIM_DB"]) as conn:
        return conn.execute(sql).fetchall()


def test_ctrl_c_then_resume_continues_with_the_same_mood_and_history(home):
    child = spawn(home, "play", TINY)
    child.expect("Your reply")
    child.send(ENTER)  # "good": mood 25 → 35, on to "details"
    child.expect("So what now")
    child.expect("Your reply")
    child.send("\x03")
    child.expect(r"clear-sim resume ([0-9a-f]{8})")
    sid = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert rows(home, "select status, trainee from sessions") == [("active", "Ana")]

    child = spawn(home, "resume", sid)
    child.expect("Turn 1")  # the history so far
    child.expect("So what now")
    child.expect("35")  # the same mood
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("Debrief")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert rows(home, "select status from sessions") == [("finished",)]


def test_a_killed_play_keeps_every_answered_turn(home):
    child = spawn(home, "play", TINY)
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("So what now")
    child.expect("Your reply")  # the turn was committed before this prompt was drawn
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    child = spawn(home, "resume")  # no id: the latest unfinished session
    child.expect("So what now")
    child.expect("Your reply")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
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
    child.expect(pexpect.EOF)
    child.close()
    assert json.loads((tmp_path / "settings.json").read_text()) == {"name": "Bo", "group": "Night class"}

    child = spawn(home, "play", TINY)
    index = child.expect(["Your name", "Your reply"])
    assert index == 1  # not asked again
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
