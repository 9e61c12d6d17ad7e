"""Every rule's own "counts / does not count" examples (from lexicons/*.yaml) hold.

The same examples are the ones docs/scoring.md shows, so the docs cannot drift from the rules.
"""

from __future__ import annotations

import pytest

from clear_sim.analysis import BREACH_KINDS, MOVES, Context, analyze
from clear_sim.analysis.lexicon import LANGS, load
from clear_sim.analysis.rules import split_example

RULES = [rule for lang in LANGS for rule in load(lang).rules]


def _analyze(example: str):
    """An example, with its customer line when it gives one ("[customer: ...] reply")."""
    customer, reply = split_example(example)
    return analyze(reply, context=Context(customer=customer) if customer else None)


def _fired(text: str, rule_id: str) -> bool:
    return any(f.rule == rule_id for f in _analyze(text).findings)


def _fired_label(text: str, label: str, kind: str) -> bool:
    """The rule's effect: a finding of its label (and, for breaches, kind) - another rule of the
    same label may own the evidence when spans nest."""
    return any(f.label == label and (label != "breach" or f.kind == kind) for f in _analyze(text).findings)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_documented(rule) -> None:
    lang, label, _name = rule.id.split(".", 2)
    assert lang in LANGS and label in MOVES + ("breach",) and label == rule.label
    assert rule.doc, f"{rule.id} has no doc"
    assert rule.counts, f"{rule.id} has no 'counts' example"
    if rule.label == "breach":
        assert rule.kind in BREACH_KINDS


CASES = [(r.id, r.label, r.kind, text, True) for r in RULES for text in r.counts] + [
    (r.id, r.label, r.kind, text, False) for r in RULES for text in r.not_counts
]


@pytest.mark.parametrize("rule_id,label,kind,text,counts", CASES, ids=[f"{c[0]}:{c[3][:25]}" for c in CASES])
def test_rule_examples(rule_id: str, label: str, kind: str, text: str, counts: bool) -> None:
    if counts:
        assert _fired(text, rule_id) or _fired_label(text, label, kind), _analyze(text).to_json()
    else:
        assert not _fired(text, rule_id), _analyze(text).to_json()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_pattern_compiles(lang: str) -> None:
    """Patterns compile on first use; this compiles them all so a bad one fails here."""
    from clear_sim.analysis import lexicon

    assert lexicon.check(lang) > 100


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rule_files_have_no_duplicate_keys(lang: str) -> None:
    """PyYAML keeps the last of two equal keys silently: a second ``not_counts:`` in one rule would
    drop every example above it from the tests without a word."""
    from clear_sim.analysis.lexicon import _source_text
    from clear_sim.scenario.yamlsafe import parse

    _doc, problems = parse(_source_text(lang), f"lexicons/{lang}.yaml")
    assert not problems, [p.message for p in problems]
