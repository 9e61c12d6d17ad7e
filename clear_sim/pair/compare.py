"""The analyzer's judgement beside the people's: per CLEAR step and turn by turn, with the moments
where they disagree picked out for class discussion. Pure: a scenario and a turn log in, records out.

Each rater (the customer player, the observer) gives every reply a rating of 1-5 and ticks the
CLEAR steps they felt. To compare like with like, a rater's ticks are scored by the same scorecard
as the analyzer's findings: a ticked Listen, Establish, Apologize or Resolve is that move shown at
that turn, and an unticked Control counts as a breach. A turn is a moment to discuss when:

- a rater's verdict is the opposite of the analyzer's (rated 4-5 where the analyzer found a breach or
  none of what the moment called for; rated 1-2 where the analyzer found everything it called for);
- a rater and the analyzer disagree about Control (felt calm where it found a breach, or the reverse);
- the customer player and the observer are three or more points apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario.model import STEPS
from ..scoring import UNCREDITED, scorecard
from .session import RATERS

GAP = 40  # step scores this far apart (analyzer vs a rater) are highlighted
RATERS_APART = 3


@dataclass(frozen=True)
class RaterView:
    role: str  # "customer" | "observer"
    by: str | None
    rating: int
    steps: tuple[str, ...]
    verdict: str  # good | mixed | poor
    felt_not_found: tuple[str, ...]  # ticked, but the analyzer did not find it
    found_not_felt: tuple[str, ...]  # the analyzer found it, the rater did not tick it


@dataclass(frozen=True)
class Reason:
    """Why a turn is worth discussing: a kind and what it needs to be said in words."""

    kind: str  # verdict | control_felt | control_missed | raters
    role: str | None = None
    rating: int | None = None
    verdict: str | None = None
    other: int | None = None
    breaches: tuple[str, ...] = ()


@dataclass(frozen=True)
class TurnComparison:
    turn: int
    node: str
    customer: str
    reply: str
    found: tuple[str, ...]  # the steps the analyzer credits (Control: no breach)
    breaches: tuple[str, ...]
    expected: tuple[str, ...]
    verdict: str  # the analyzer's: good | mixed | poor
    raters: dict  # role -> RaterView
    reasons: tuple[Reason, ...]

    @property
    def discuss(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class StepComparison:
    step: str
    analyzer: int
    raters: dict  # role -> score (as that rater felt it)

    def gap(self, role: str) -> int | None:
        value = self.raters.get(role)
        return None if value is None else value - self.analyzer

    def apart(self, role: str) -> bool:
        gap = self.gap(role)
        return gap is not None and abs(gap) >= GAP


@dataclass(frozen=True)
class Comparison:
    roles: tuple[str, ...]  # the raters present, in RATERS order
    steps: dict  # step and "overall" -> StepComparison
    turns: tuple[TurnComparison, ...]
    mean_rating: dict  # role -> mean rating 1-5

    @property
    def to_discuss(self) -> tuple[TurnComparison, ...]:
        return tuple(t for t in self.turns if t.discuss)


def _get(turn, name):
    return turn[name] if isinstance(turn, dict) else getattr(turn, name)


def found_steps(turn) -> tuple[str, ...]:
    """The CLEAR steps the analyzer credits this turn with (a flagged move is not credited)."""
    moves = set(_get(turn, "moves"))
    for flag in _get(turn, "flags"):
        moves.discard(UNCREDITED.get(flag, ""))
    steps = set() if _get(turn, "breaches") else {"control"}
    return tuple(s for s in STEPS if s in moves | steps)


def analyzer_verdict(scenario, turn) -> str:
    """good: no breach or flag, and every step the moment called for; poor: a breach, or none of
    them; mixed: in between."""
    if _get(turn, "breaches"):
        return "poor"
    node = scenario.nodes.get(_get(turn, "node")) if scenario is not None else None
    expected = node.expects if node is not None else ()
    found = set(found_steps(turn))
    shown = [s for s in expected if s in found]
    if expected and not shown:
        return "poor"
    if len(shown) == len(expected) and not _get(turn, "flags"):
        return "good"
    return "mixed"


def rating_verdict(rating: int) -> str:
    return "good" if rating >= 4 else "poor" if rating <= 2 else "mixed"


def _felt_turns(turns, role: str) -> list[dict]:
    """The turn log as one rater felt it: ticked moves as moves, an unticked Control as a breach."""
    out = []
    for t in turns:
        r = (_get(t, "ratings") or {}).get(role)
        steps = set(r["steps"]) if r else set()
        out.append({"index": _get(t, "index"), "node": _get(t, "node"),
                    "moves": [s for s in STEPS[1:] if s in steps],
                    "breaches": [] if "control" in steps else ["felt"], "flags": []})
    return out


def compare(scenario, turns, card=None) -> Comparison:
    """The comparison of a pair session's turn log (turns carrying ``ratings``)."""
    turns = list(turns)
    card = card or scorecard(scenario, turns)
    roles = tuple(role for role in RATERS if any(role in (_get(t, "ratings") or {}) for t in turns))
    felt = {}
    for role in roles:
        rated = [t for t in turns if role in (_get(t, "ratings") or {})]
        felt[role] = scorecard(scenario, _felt_turns(rated, role)).scores() if rated else None
    steps = {}
    for k in STEPS + ("overall",):
        analyzer = card.overall if k == "overall" else card.steps[k].score
        steps[k] = StepComparison(k, analyzer, {role: felt[role][k] for role in roles if felt[role]})
    out = []
    for t in turns:
        found = found_steps(t)
        verdict = analyzer_verdict(scenario, t)
        node = scenario.nodes.get(_get(t, "node")) if scenario is not None else None
        views, reasons = {}, []
        for role in roles:
            r = (_get(t, "ratings") or {}).get(role)
            if not r:
                continue
            ticked = tuple(s for s in STEPS if s in r["steps"])
            view = RaterView(role, r.get("by"), int(r["rating"]), ticked, rating_verdict(int(r["rating"])),
                             tuple(s for s in ticked if s not in found), tuple(s for s in found if s not in ticked))
            views[role] = view
            if {view.verdict, verdict} == {"good", "poor"}:
                reasons.append(Reason("verdict", role, view.rating, verdict))
            if "control" in ticked and _get(t, "breaches"):
                reasons.append(Reason("control_felt", role, breaches=tuple(_get(t, "breaches"))))
            elif "control" not in ticked and not _get(t, "breaches"):
                reasons.append(Reason("control_missed", role))
        if len(views) == 2:
            a, b = views["customer"].rating, views["observer"].rating
            if abs(a - b) >= RATERS_APART:
                reasons.append(Reason("raters", rating=a, other=b))
        out.append(TurnComparison(_get(t, "index"), _get(t, "node"), _get(t, "customer"), _get(t, "reply"), found,
                                  tuple(_get(t, "breaches")), tuple(node.expects) if node else (), verdict, views,
                                  tuple(reasons)))
    means = {}
    for role in roles:
        values = [t.raters[role].rating for t in out if role in t.raters]
        if values:
            means[role] = sum(values) / len(values)
    return Comparison(roles, steps, tuple(out), means)


def reason_lines(t, names: dict, S: dict) -> list[str]:
    """Why a turn is worth discussing, and where the steps differ, in words."""
    P = S["pair"]
    lines = []
    for r in t.reasons:
        who = names.get(r.role, "")
        if r.kind == "verdict":
            lines.append(P["reason_verdict"].format(who=who, rating=r.rating, verdict=P["verdicts"][r.verdict]))
        elif r.kind == "control_felt":
            kinds = ", ".join(S["breach_kinds"].get(b, b) for b in r.breaches)
            lines.append(P["reason_control_felt"].format(who=who, breaches=kinds))
        elif r.kind == "control_missed":
            lines.append(P["reason_control_missed"].format(who=who))
        elif r.kind == "raters":
            lines.append(P["reason_raters"].format(a=r.rating, b=r.other))
    for role, v in t.raters.items():
        felt = [s for s in v.felt_not_found if s != "control"]
        found = [s for s in v.found_not_felt if s != "control"]
        if felt:
            lines.append(P["felt_not_found"].format(who=names[role], steps=_join(felt, S)))
        if found:
            lines.append(P["found_not_felt"].format(who=names[role], steps=_join(found, S)))
    return lines


def _join(steps, S: dict) -> str:
    sep = "、" if S.get("steps", {}).get("listen") == "聆听" else ", "
    return sep.join(S["steps"][s] for s in steps)
