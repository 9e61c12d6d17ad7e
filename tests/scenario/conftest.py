"""Shared helpers for the scenario-loader tests: where the corpora live and how to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
VALID = HERE / "valid"
REPO = HERE.parents[1]  # tests/scenario -> tests -> the repository root


def run_validate(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m clear_sim validate ARGS`` in ``cwd``, as a user would run it (no colour, UTF-8 output)."""
    env = dict(os.environ, NO_COLOR="1", PYTHONIOENCODING="utf-8", COLUMNS="200")
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "clear_sim", "validate", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=timeout,
    )


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


@pytest.fixture
def validate():
    return run_validate
