"""Interactive play through a real pseudo-terminal: arrows, number keys, Enter, Ctrl-C, Ctrl-D."""

import sys

import pytest

pexpect = pytest.importorskip("pexpect")

from ptyutil import ANSI, ROOT, spawn_cli as spawn, wait_exit  # noqa: E402

TINY = str(ROOT / "tests" / "engine" / "tiny.yaml")
DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"


def finish(child) -> str:
    wait_exit(child)
    return ANSI.sub("", child.before or "")


def test_arrows_and_number_keys_play_to_the_debrief():
    child = spawn("play", TINY)
    child.expect("Eight days late!")
    child.expect("Your reply")
    child.send(DOWN)
    child.send(DOWN)
    child.send(UP)
    child.send(UP)  # back on the first option
    child.send(ENTER)
    child.expect("Coach")  # coaching after the answer in coach mode
    child.expect("So what now")
    child.expect("Your reply")
    child.send("2")  # number key jumps to option 2
    child.send(ENTER)
    child.expect("Debrief")
    rest = finish(child)
    assert child.exitstatus == 0
    assert "Overall" in rest and "unresolved" in rest
    assert "Traceback" not in rest


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_interrupt_at_a_prompt_exits_130_cleanly(key):
    child = spawn("play", TINY)
    child.expect("Your reply")
    child.send(key)
    rest = finish(child)
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    assert "Stopped" in rest


def test_chinese_ui_strings_follow_the_scenario():
    child = spawn("play", "fly-in-yogurt", "--lang", "zh")
    child.expect("你的回答")
    child.send("\x03")
    finish(child)
    assert child.exitstatus == 130


def test_play_without_a_terminal_says_how_to_script_it(tmp_path):
    import subprocess

    out = subprocess.run([sys.executable, "-m", "clear_sim", "play", TINY], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, cwd=str(ROOT))
    assert out.returncode == 2
    assert out.stderr.strip() == "clear-sim: play needs a terminal for its prompts; use --answers FILE for a scripted play"
