"""docs/lint-rules.md is generated from the rules, lists every one, and its examples do what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clear_sim.commands.lint import lint_files
from clear_sim.scenario.lint import RULES
from clear_sim.scenario.lint.docs import markdown, parse
from clear_sim.scenario.loader import check_file

DOC = Path(__file__).resolve().parents[2] / "docs" / "lint-rules.md"

# What an example leaves out: the rest of a valid file.
HEADER = """\
format: 1
id: {id}
lang: {lang}
title: Example
summary: An example.
difficulty: beginner
customer: {{name: Ms Chen, type: venting, mood: 25, facts: [A parcel is late.]}}
trainee: {{role: Agent, briefing: The parcel is late.}}
"""


def test_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == markdown(), \
        "regenerate: python -m clear_sim.scenario.lint.docs > docs/lint-rules.md"


def test_doc_lists_every_rule():
    text = DOC.read_text(encoding="utf-8")
    table = re.findall(r"^\| \[(L\d+)\]\(#[a-z0-9-]+\) \| `([a-z-]+)` \| (error|warning) \|", text, re.M)
    assert table == [(r.code, r.name, r.level) for r in RULES]
    sections = re.findall(r"^## (L\d+) ([a-z-]+)$", text, re.M)
    assert sections == [(r.code, r.name) for r in RULES]
    for r in RULES:
        assert f"Severity: **{r.level}**" in text.split(f"## {r.code} ")[1].split("\n## ")[0]


def write_example(yaml_text: str, folder: Path) -> list[str]:
    """An example as files: one, or several headed by a ``# NAME.LANG.yaml`` comment line."""
    parts = re.split(r"^# ([a-z0-9-]+)\.(en|zh)\.yaml\n", yaml_text, flags=re.M)
    if len(parts) == 1:
        parts = ["", "example", "en", yaml_text]
    files = []
    for i in range(1, len(parts), 3):
        sid, lang, body = parts[i], parts[i + 1], parts[i + 2]
        path = folder / f"{sid}.{lang}.yaml"
        path.write_text(HEADER.format(id=sid, lang=lang) + body, encoding="utf-8")
        files.append(str(path))
    return files


def codes(files: list[str]) -> set[str]:
    return {p.code for _, problems in lint_files(files) for p in problems}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_fails(rule, tmp_path):
    files = write_example(parse(rule).fails, tmp_path)
    if rule.code == "L102":  # a file cannot hold a dead end: validate rejects it first
        assert [p.code for p in check_file(files[0])[1]] == ["E303"]
        return
    for f in files:
        assert check_file(f)[1] == [], f"the example must be a valid scenario: {f}"
    assert rule.code in codes(files)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_passes(rule, tmp_path):
    files = write_example(parse(rule).passes, tmp_path)
    for f in files:
        assert check_file(f)[1] == [], f"the example must be a valid scenario: {f}"
    assert rule.code not in codes(files)
