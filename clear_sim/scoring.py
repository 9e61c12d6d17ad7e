"""The CLEAR scorecard, computed from a turn log alone (never from counters kept by a UI).

For listen, establish, apologize and resolve, each answered moment whose node ``expects`` the step is
an opportunity, taken or missed: score = 100 × taken / opportunities. A step no moment on the path
called for scores 100 if the trainee showed it anyway, else 0. Order flags cost points: a remedy
while the customer still vents (resolve −20), an apology before any listening (not credited,
apologize −20); neither flagged move is credited. Control starts at 100 and loses 25 per breach. Overall is the mean of the five.
See docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from .scenario.model import MOVES, STEPS, Scenario

BREACH_COST = 25
FLAG_COST = {"jumped_to_solution": ("resolve", 20), "scripted_apology": ("apologize", 20)}
# a flagged move is not credited: it neither takes an opportunity nor counts as "shown anyway"
UNCREDITED = {"scripted_apology": "apologize", "jumped_to_solution": "resolve"}


@dataclass(frozen=True)
class Moment:
    """Something the debrief points at: a missed step, a breach or an order flag, at one turn."""

    turn: int
    node: str
    step: str
    what: str  # "missed" | a breach kind | a flag


@dataclass(frozen=True)
class StepScore:
    step: str
    score: int
    opportunities: int
    taken: tuple[int, ...]  # turn numbers where the step was shown
    missed: tuple[int, ...]  # turn numbers where it was expected and not shown


@dataclass(frozen=True)
class Scorecard:
    steps: dict[str, StepScore]
    overall: int
    moments: tuple[Moment, ...]

    def scores(self) -> dict[str, int]:
        out = {step: self.steps[step].score for step in STEPS}
        out["overall"] = self.overall
        return out


def model_answer_due(node, turn) -> str | None:
    """The node's model answer if the debrief shows it for this turn: always at a key moment, and
    wherever the reply missed a step the moment called for or breached."""
    if node is None or not node.model_answer:
        return None
    missed = any(s not in turn.moves for s in node.expects) or bool(turn.breaches)
    return node.model_answer if node.key or missed else None


def _turn_get(turn, name):
    return turn[name] if isinstance(turn, dict) else getattr(turn, name)


def scorecard(scenario: Scenario, turns) -> Scorecard:
    """Score a turn log (engine ``Turn`` objects or their JSON dicts) against the scenario."""
    moments: list[Moment] = []
    breaches = 0
    penalty = dict.fromkeys(MOVES, 0)
    credited: list[tuple[int, str, set[str]]] = []  # (turn number, node, moves credited)
    for turn in turns:
        n, node_id = _turn_get(turn, "index"), _turn_get(turn, "node")
        moves = set(_turn_get(turn, "moves"))
        for kind in _turn_get(turn, "breaches"):
            breaches += 1
            moments.append(Moment(n, node_id, "control", kind))
        for flag in _turn_get(turn, "flags"):
            if flag in FLAG_COST:
                step, cost = FLAG_COST[flag]
                penalty[step] += cost
                moments.append(Moment(n, node_id, step, flag))
            if flag in UNCREDITED:
                moves.discard(UNCREDITED[flag])
        credited.append((n, node_id, moves))

    clean = tuple(_turn_get(t, "index") for t in turns if not _turn_get(t, "breaches"))
    dirty = tuple(_turn_get(t, "index") for t in turns if _turn_get(t, "breaches"))
    steps = {"control": StepScore("control", max(0, 100 - BREACH_COST * breaches), len(credited), clean, dirty)}
    for step in MOVES:
        opportunities, taken, missed = 0, [], []
        for n, node_id, moves in credited:
            node = scenario.nodes.get(node_id)
            expected = node is not None and step in node.expects
            if step in moves:
                taken.append(n)
            if expected:
                opportunities += 1
                if step not in moves:
                    missed.append(n)
                    moments.append(Moment(n, node_id, step, "missed"))
        if opportunities:
            raw = 100 * (opportunities - len(missed)) / opportunities
        else:
            raw = 100 if taken else 0
        steps[step] = StepScore(step, max(0, round(raw) - penalty[step]), opportunities, tuple(taken), tuple(missed))
    overall = round(sum(s.score for s in steps.values()) / len(STEPS))
    moments.sort(key=lambda mo: (mo.turn, STEPS.index(mo.step)))
    return Scorecard(steps, overall, tuple(moments))
