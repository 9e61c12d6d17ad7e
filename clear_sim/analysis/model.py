"""The records the analyzer returns: findings with evidence spans, and the analysis of one reply.

These are the only types other parts of clear-sim (engine, scoring, UI) see; every rule — and any
future scorer plugged in beside the rules — yields the same :class:`Finding` records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping, Sequence

#: The CLEAR moves a reply can perform, in CLEAR order (Control is judged through breaches).
MOVES: tuple[str, ...] = ("listen", "establish", "apologize", "resolve")

#: Failures of Control, in reporting order.
BREACH_KINDS: tuple[str, ...] = (
    "hostility",
    "sarcasm",
    "blame",
    "argue",
    "calm_down",
    "dismissive",
    "shift_responsibility",
    "transfer",
    "over_promise",
    "trigger",
)

#: Every label a finding can carry.
LABELS: tuple[str, ...] = MOVES + ("breach",)


@dataclass(frozen=True)
class Finding:
    """One piece of evidence: a span of the reply that performs a move or is a breach.

    ``text == reply[start:end]`` always holds (offsets index the original, unnormalised reply).
    """

    label: str  # one of MOVES or "breach"
    kind: str  # sub-kind, e.g. "open_question", "specific", "timeline", or a BREACH_KINDS entry
    text: str
    start: int
    end: int
    rule: str  # id of the rule that fired, e.g. "en.apologize.regret"

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
        }


_EMPTY: Mapping[str, Sequence[str]] = MappingProxyType({})


@dataclass(frozen=True)
class Context:
    """Optional scenario context for one reply.

    ``phrases`` maps a move to extra phrases that count for it in this scenario (mentioning the case
    facts counts as listen, naming the case's remedies as resolve). ``customer`` is the customer line
    being answered: words the agent quotes from it are read as repetition, never as the agent's own.
    """

    phrases: Mapping[str, Sequence[str]] = field(default_factory=lambda: _EMPTY)
    customer: str | None = None


@dataclass(frozen=True)
class Analysis:
    """What one reply does: CLEAR moves, breaches of Control, the evidence, and its question count."""

    text: str
    lang: str  # "en" or "zh"
    findings: tuple[Finding, ...]  # sorted by start
    moves: tuple[str, ...]  # unique, in MOVES order, never "breach"
    breaches: tuple[str, ...]  # unique breach kinds, in BREACH_KINDS order
    questions: int  # how many questions about the problem the reply asks

    def to_json(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "moves": list(self.moves),
            "breaches": list(self.breaches),
            "evidence": [f.to_json() for f in self.findings],
            "questions": self.questions,
        }
