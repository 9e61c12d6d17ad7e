"""A keyword stand-in for the reply analyzer, so lint tests do not move when the lexicons do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"

WORDS = {
    "listen": ("?", "？", "order number", "订单号"),
    "establish": ("stressful", "understand", "理解"),
    "apologize": ("sorry", "抱歉"),
    "resolve": ("reship", "refund", "i'll", "补发", "退款"),
}
BREACHES = {"calm_down": ("calm down", "冷静"), "shift_responsibility": ("contact the courier", "联系快递")}


@dataclass(frozen=True)
class Reading:
    moves: tuple
    breaches: tuple


def fake_analyze(text: str, lang: str, customer: str | None = None) -> Reading:
    low = text.lower()
    return Reading(tuple(m for m, words in WORDS.items() if any(w in low for w in words)),
                   tuple(b for b, words in BREACHES.items() if any(w in low for w in words)))


@pytest.fixture(autouse=True)
def fake_analyzer(monkeypatch):
    """Every lint in these tests reads replies with ``fake_analyze``."""
    import clear_sim.scenario.lint as lint

    monkeypatch.setattr(lint, "default_analyzer", lambda scenario: fake_analyze)
    return fake_analyze


@pytest.fixture
def in_fixtures(monkeypatch):
    """Run from tests/lint/fixtures, so problem lines carry short relative paths."""
    monkeypatch.chdir(FIXTURES)
    return FIXTURES
