"""What lint rules are made of: the finding they yield and the context they read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .. import model as m
from ..graph import Graph

#: (reply, lang, the customer line it answers) -> an analysis with ``.moves`` and ``.breaches``
Analyzer = Callable[[str, str, "str | None"], object]


@dataclass(frozen=True)
class Finding:
    """What a rule found: where (a key of ``Scenario.where``) and what, in one line."""

    at: tuple
    message: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    level: str  # "error" or "warning"
    summary: str  # one line, for the rules table
    doc: str  # the module docstring: explanation, then "Fails::" and "Passes::" examples
    check: Callable[["Context"], Iterable[Finding]]


@dataclass
class Context:
    """What a rule may look at: the scenario, its graph, its other-language variants, the analyzer."""

    scenario: m.Scenario
    graph: Graph
    siblings: Sequence[m.Scenario] = ()
    analyzer: Analyzer | None = None
    _analyses: dict = field(default_factory=dict)
    _reachable: set | None = None

    @property
    def reachable(self) -> set[str]:
        """Nodes and endings a path of options and routes leads to from ``start``."""
        if self._reachable is None:
            self._reachable = self.graph.reachable()
        return self._reachable

    def analyze(self, text: str, customer: str | None = None):
        """The analyzer's reading of ``text`` answering ``customer`` (memoised), or None when no
        analyzer is available."""
        if self.analyzer is None:
            return None
        if (text, customer) not in self._analyses:
            self._analyses[text, customer] = self.analyzer(text, self.scenario.lang, customer)
        return self._analyses[text, customer]


def first_node(scenario: m.Scenario) -> tuple:
    """The ``where`` key of the first node in the file: an anchor for problems about a missing node."""
    return ("node", next(iter(scenario.nodes))) if scenario.nodes else ("start",)

