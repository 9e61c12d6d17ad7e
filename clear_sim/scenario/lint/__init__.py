"""Lint: checks of a *valid* scenario for things that are legal but almost certainly wrong.

Each rule is a module in this package with a code (``L101``…), a kebab-case name, a default level,
a one-line summary and a docstring whose "Fails::" and "Passes::" examples become
``docs/lint-rules.md`` (and are run by the tests). A rule's ``check(ctx)`` yields ``Finding``s: a key
of ``scenario.where`` saying where, and a message. ``lint`` turns them into ``Problem`` lines:

    path:line:col: L101 warning: node "orphan" cannot be reached from start "opening" (unreachable-node)
"""

from __future__ import annotations

import importlib
import inspect
from typing import Iterable, Literal, Sequence

from .. import model as m
from ..diagnostics import Problem
from ..graph import build
from .core import Analyzer, Context, Finding, Rule

__all__ = ["RULES", "Analyzer", "Context", "Finding", "Rule", "default_analyzer", "lint", "rule"]

#: The rule modules, in code order. A new rule is a module here plus one line in this list.
RULE_MODULES = (
    "unreachable_node",
    "dead_end",
    "no_exit_cycle",
    "unreachable_ending",
    "no_default_route",
    "options_without_routes",
    "annotation_mismatch",
    "step_never_shown",
    "variant_mismatch",
    "key_without_model_answer",
    "long_line",
)


def _load_rules() -> tuple[Rule, ...]:
    rules = []
    for name in RULE_MODULES:
        mod = importlib.import_module(f"{__name__}.{name}")
        rules.append(Rule(mod.CODE, mod.NAME, mod.LEVEL, mod.SUMMARY, inspect.getdoc(mod) or "", mod.check))
    return tuple(rules)


RULES: tuple[Rule, ...] = _load_rules()


def default_analyzer(scenario: m.Scenario) -> Analyzer | None:
    """The reply analyzer with this scenario's phrases, or None if it is not installed/importable."""
    try:
        from ... import analysis  # noqa: F401  (linting works without it)
    except ImportError:
        return None
    from ...engine import default_analyzer as engine_analyzer

    return engine_analyzer(scenario)


def lint(scenario: m.Scenario, siblings: Sequence[m.Scenario] = (), *,
         analyzer: Analyzer | Literal["default"] | None = "default",
         rules: Iterable[Rule] | None = None) -> list[Problem]:
    """Every lint problem in ``scenario``, sorted by position.

    ``siblings`` are other scenarios (typically the files in the same folders); those with the same
    id and another language are compared with this one. ``analyzer`` is clear-sim's reply analyzer
    by default; ``None`` (or an analyzer that cannot be imported) skips what needs it.
    """
    if analyzer == "default":
        analyzer = default_analyzer(scenario)
    ctx = Context(scenario, build(scenario), tuple(siblings), analyzer)
    path = scenario.path or "<scenario>"
    problems = []
    for rule in RULES if rules is None else rules:
        for finding in rule.check(ctx):
            line, col = scenario.where.get(finding.at) or scenario.where.get(("start",), (1, 1))
            problems.append(Problem(path, line, col, rule.code, f"{finding.message} ({rule.name})", rule.level))
    problems.sort(key=lambda p: (p.line, p.col, p.code, p.message))
    return problems


def rule(code_or_name: str) -> Rule:
    """The rule with this code or name (KeyError if none)."""
    for r in RULES:
        if code_or_name in (r.code, r.name):
            return r
    raise KeyError(code_or_name)
