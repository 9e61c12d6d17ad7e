"""The literal pre-checks only skip work: results are identical with them switched off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clear_sim.analysis import analyze, prefilter
from clear_sim.analysis.lexicon import LANGS, load
from clear_sim.analysis.prefilter import Gate, grams, required_literals

from .cases import EN, ZH

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"  # ../shared/data beside the repo


def _corpus() -> list[str]:
    texts = [c[0] for c in EN + ZH]
    texts += [t for lang in LANGS for r in load(lang).rules for t in r.counts + r.not_counts]
    for lang in LANGS:
        path = DATA / f"dev.{lang}.jsonl"
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                texts += [json.loads(line)["reply"] for line in fh if line.strip()]
    return texts


def test_gates_never_change_results(monkeypatch) -> None:
    texts = _corpus()
    gated = [analyze(t).to_json() for t in texts]
    monkeypatch.setattr(prefilter, "ENABLED", False)
    assert [analyze(t).to_json() for t in texts] == gated


def test_index_opens_exactly_the_patterns_whose_gates_open() -> None:
    """The inverted index is the per-pattern gates, evaluated all at once."""
    for lang in LANGS:
        pack = load(lang)
        for text in _corpus():
            low = text.translate(load("zh").fold).lower()
            opened = pack.index.open_patterns(low, grams(low, pack.index.k))
            for r, rule in enumerate(pack.rules):
                want = tuple(
                    i for i, g in enumerate(rule.gates) if g is None or g.open(low, grams(low, g.k))
                )
                assert opened.get(r, ()) == want, (rule.id, text)


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\bsorry\b", {"sorry"}),
        (r"(?:sorry|apolog\w*)", {"sorry", "apolog"}),
        (r"a?b?", None),
        (r"a?b", {"b"}),
        (r"(?:x|y?)z+", {"z"}),
        (r"[ab]c", {"c"}),
        (r"(?=foo)\w+", {"foo"}),
        (r"(?!foo)bar", {"bar"}),
        (r"[^?]*\?", {"?"}),
        (r"抱歉|对不起", {"抱歉", "对不起"}),
    ],
)
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    got = required_literals(pattern)
    assert (None if got is None else set(got)) == expected


def test_gate_opens_only_when_a_literal_is_present() -> None:
    gate = Gate(frozenset({"sorry", "apolog", "on"}), 3)
    low = "we apologise"
    assert gate.open(low, grams(low, 3))
    low = "thank you"
    assert not gate.open(low, grams(low, 3))
    low = "hold on"
    assert gate.open(low, grams(low, 3))  # short literal checked directly
