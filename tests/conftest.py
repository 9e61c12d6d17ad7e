import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))  # shared helpers such as fakes.py


@pytest.fixture
def write(tmp_path):
    """Write a text file into tmp_path and return its path as a string."""

    def _write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test (and every CLI it starts) gets its own results store and a remembered trainee."""
    home = tmp_path_factory.mktemp("home")
    settings = home / "settings.json"
    settings.write_text('{"name": "Test Trainee", "group": "Test Group"}', encoding="utf-8")
    monkeypatch.setenv("CLEAR_SIM_DB", str(home / "results.db"))
    monkeypatch.setenv("CLEAR_SIM_CONFIG", str(settings))
    monkeypatch.setenv("CLEAR_SIM_LANG", "en")
    return home
