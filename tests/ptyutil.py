"""What the tests that drive the CLI through a pseudo-terminal share: how to start it, and a home."""

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x1b\][^\x07]*\x07")


def spawn_cli(*args, lang="en", home=None, rows=50, cols=110):
    """``python -m clear_sim ARGS`` in a pty of ``rows`` × ``cols``, colours on, in ``lang``."""
    import pexpect

    env = dict(os.environ, TERM="xterm-256color", CLEAR_SIM_LANG=lang, PYTHONIOENCODING="utf-8",
               PROMPT_TOOLKIT_NO_CPR="1", **(home or {}))  # a pty answers no cursor-position request
    env.pop("NO_COLOR", None)
    return pexpect.spawn(sys.executable, ["-m", "clear_sim", *map(str, args)], env=env, cwd=str(ROOT),
                         encoding="utf-8", timeout=30, dimensions=(rows, cols))


def settings_home(tmp_path, name, group):
    """Environment for a results store and saved settings under ``tmp_path`` (no name prompt)."""
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"name": name, "group": group}), encoding="utf-8")
    return {"CLEAR_SIM_DB": str(tmp_path / "results.db"), "CLEAR_SIM_CONFIG": str(settings)}


def ctrl_c(child) -> str:
    """Press Ctrl-C, read the session id from the resume line, and wait for the CLI to exit."""
    import pexpect

    child.send("\x03")
    child.expect(r"clear-sim resume ([0-9a-f]{8})")
    sid = child.match.group(1)
    wait_exit(child)
    return sid


def wait_exit(child):
    """Read to the end of the CLI's output and reap it (its exit status is then on ``child``)."""
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return child
