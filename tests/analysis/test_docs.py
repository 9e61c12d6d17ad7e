"""docs/scoring.md documents every rule (with its examples) and leaves the Scorecard section."""

from __future__ import annotations

from pathlib import Path

import pytest

from clear_sim.analysis.lexicon import LANGS, load

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
RULES = [rule for lang in LANGS for rule in load(lang).rules]


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_and_example_is_documented(doc: str, rule) -> None:
    assert f"`{rule.id}`" in doc
    for example in rule.counts + rule.not_counts:
        assert example in doc, f"{rule.id}: example {example!r} missing from docs/scoring.md"


def test_generated_catalogue_is_current(doc: str) -> None:
    from clear_sim.analysis.rulesdoc import render

    begin = doc.index("-->\n", doc.index("<!-- rules:begin")) + 4
    end = doc.index("<!-- rules:end -->")
    assert doc[begin:end] == render(), "regenerate the catalogue: python -m clear_sim.analysis.rulesdoc"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shipped_pre_check_cache_is_current(lang: str) -> None:
    """A stale cache is only slower (it is recomputed), but the shipped one should match the rules."""
    from clear_sim.analysis import lexicon

    shipped = lexicon._gates_path(lang).read_text(encoding="utf-8")
    assert shipped == lexicon.gates_json(lang), "regenerate: python -m clear_sim.analysis.rulesdoc --write docs/scoring.md"
    assert lexicon._cached_gates(lang, lexicon._digest(lexicon._source_text(lang))) is not None
