"""Reports: stored sessions → plain records (no I/O, no rendering).

A *cohort* report covers a group, a scenario or everything: the average per CLEAR step, the weakest
step, the spread, one row per trainee, the nodes where most trainees lose points and the wrong
options (distractors) chosen most. A *trainee* report follows one trainee's attempts in order. The
inputs are the store's light ``ScoreRow`` records and ``TurnGroup`` counts (aggregated in SQL), so a
report over 100,000 sessions reads no state JSON; rescoring (``rescore``) recomputes a stored
session's turns and scores with the current scenario and analyzer, without changing what is stored.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, field, replace

from .scenario.model import STEPS
from .scoring import scorecard
from .store import SCORE_COLUMNS, ScoreRow, StoredSession, TurnGroup, trainee_key

ANONYMOUS = "(no name)"
MAX_ATTEMPTS = 20  # attempts shown in "progress over attempts" of a cohort
TOP = 10  # rows in the "where points are lost" and "distractors" tables
# Flags that depend on earlier turns, not on the option chosen: they count where points are lost,
# but do not make an option a distractor (the model answer can be "scripted" after a bad start).
CONTEXT_FLAGS = frozenset({"scripted_apology"})


# ---- records --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepStats:
    """One CLEAR step (or overall) across a cohort's finished sessions."""

    step: str
    mean: float
    stdev: float  # population standard deviation over sessions: the spread
    min: int
    max: int
    trainee_low: float  # lowest and highest trainee average: the spread between trainees
    trainee_high: float


@dataclass(frozen=True)
class TraineeRow:
    trainee: str
    groups: tuple[str, ...]
    attempts: int
    mean: dict  # step (and "overall") → average score
    first: int
    latest: int
    best: int
    weakest: str
    reviewed: int = 0  # attempts whose scores include a teacher's override


@dataclass(frozen=True)
class NodeLoss:
    """A node where points were lost: how many answers and trainees lost which steps there."""

    scenario: str
    node: str
    answers: int
    lost: int
    trainees: int
    trainees_lost: int
    steps: dict  # step → answers that lost it here

    @property
    def share(self) -> float:
        return self.lost / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class Distractor:
    """An option that costs points, and how often it was chosen at its node."""

    scenario: str
    node: str
    option: str
    text: str
    chosen: int
    answers: int  # answers at the node, for the share
    trainees: int
    costs: tuple[str, ...]  # "missed:<step>", a breach kind or a flag

    @property
    def share(self) -> float:
        return self.chosen / self.answers if self.answers else 0.0


@dataclass(frozen=True)
class ScoreChange:
    """What rescoring one stored session with the current scenario and analyzer changed."""

    id: str
    trainee: str | None
    scenario: str
    started_at: str
    before: dict
    after: dict
    scorer: str | None
    turns_changed: int
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after or self.turns_changed > 0


@dataclass(frozen=True)
class Attempt:
    n: int
    id: str
    scenario: str
    started_at: str
    ending_kind: str | None
    scores: dict
    reviewed: tuple = ()  # steps whose score is a teacher's override


@dataclass(frozen=True)
class StepProgress:
    step: str
    first: int
    latest: int
    best: int
    mean: float

    @property
    def change(self) -> int:
        return self.latest - self.first


@dataclass(frozen=True)
class CohortReport:
    kind: str  # "group" | "scenario" | "all"
    name: str | None
    sessions: int  # finished sessions counted
    incomplete: int
    trainees: int
    steps: dict  # step and "overall" → StepStats
    weakest: str | None
    per_trainee: list
    nodes: list
    distractors: list
    endings: dict  # ending kind → sessions
    scenarios: dict  # scenario id → {"sessions": n, "overall": mean}
    by_attempt: list = field(default_factory=list)  # k-th attempts: {"n": trainees, step: mean, …}
    filters: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    rescored: bool = False
    notes: list = field(default_factory=list)
    reviewed: int = 0  # sessions where a teacher's score replaces an automatic one


@dataclass(frozen=True)
class TraineeReport:
    kind: str  # "trainee"
    name: str
    groups: tuple[str, ...]
    attempts: list
    incomplete: int
    progress: dict  # step and "overall" → StepProgress
    weakest: str | None
    nodes: list
    distractors: list
    filters: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    rescored: bool = False
    notes: list = field(default_factory=list)
    reviewed: int = 0  # attempts where a teacher's score replaces an automatic one


# ---- building -------------------------------------------------------------------------------------


def _mean(values) -> float:
    return sum(values) / len(values) if values else 0.0


def _weakest(means: dict) -> str | None:
    present = [s for s in STEPS if s in means]
    return min(present, key=lambda s: (means[s], STEPS.index(s))) if present else None


def _stats(columns: list[list]) -> list[tuple]:
    """(n, mean, population sd, min, max) of each column of scores, Nones left out."""
    out = []
    for col in columns:
        values = [v for v in col if v is not None]
        if not values:
            out.append((0, 0.0, 0.0, 0, 0))
            continue
        n = len(values)
        mean = sum(values) / n
        variance = max(0.0, sum(v * v for v in values) / n - mean * mean)
        out.append((n, mean, math.sqrt(variance), min(values), max(values)))
    return out


def _means(rows: list) -> dict:
    return {k: st[1] for k, st in zip(SCORE_COLUMNS, _stats(list(zip(*(r.values for r in rows))))) if st[0]}


def cohort_report(rows: list[ScoreRow], groups: list[TurnGroup], scenarios: dict, *, kind: str,
                  name: str | None, filters: dict | None = None, changes: list | None = None,
                  rescored: bool = False, notes: list | None = None) -> CohortReport:
    """The report of a group, a scenario or all sessions. ``scenarios`` maps a scenario digest to
    the ``Scenario`` played (or None when unknown: then only breaches and flags count as losses)."""
    finished = sorted((r for r in rows if r.scored), key=lambda r: r.started_at)
    incomplete = sum(1 for r in rows if r.status != "finished")
    by_trainee: dict[str, list[ScoreRow]] = {}
    endings: dict[str, int] = {}
    per_scenario: dict[str, list[int]] = {}
    for r in finished:
        by_trainee.setdefault(r.trainee or ANONYMOUS, []).append(r)
        endings[r.ending_kind or "unknown"] = endings.get(r.ending_kind or "unknown", 0) + 1
        per_scenario.setdefault(r.scenario_id, []).append(r.values[-1])

    per_trainee = []
    kth: list[list[ScoreRow]] = []  # kth[k]: every trainee's (k+1)-th attempt
    for trainee in sorted(by_trainee, key=lambda t: (t == ANONYMOUS, t.casefold(), t)):
        attempts = by_trainee[trainee]
        for k, r in enumerate(attempts[:MAX_ATTEMPTS]):
            if k == len(kth):
                kth.append([])
            kth[k].append(r)
        means = _means(attempts)
        overall = [r.values[-1] for r in attempts]
        per_trainee.append(TraineeRow(trainee, tuple(sorted({r.group for r in attempts if r.group})),
                                      len(attempts), means, overall[0], overall[-1], max(overall), _weakest(means),
                                      sum(1 for r in attempts if r.reviewed)))
    steps = {}
    for k, (n, mean, sd, lo, hi) in zip(SCORE_COLUMNS, _stats(list(zip(*(r.values for r in finished))))):
        if n:
            trainee_means = [t.mean[k] for t in per_trainee if k in t.mean]
            steps[k] = StepStats(k, mean, sd, lo, hi, min(trainee_means), max(trainee_means))
    nodes, distractors = losses(groups, scenarios)
    return CohortReport(
        kind=kind, name=name, sessions=len(finished), incomplete=incomplete, trainees=len(per_trainee),
        steps=steps, weakest=_weakest({k: v.mean for k, v in steps.items()}), per_trainee=per_trainee,
        nodes=nodes, distractors=distractors, endings=dict(sorted(endings.items(), key=lambda kv: -kv[1])),
        scenarios={s: {"sessions": len(v), "overall": _mean(v)} for s, v in sorted(per_scenario.items())},
        by_attempt=[{"n": len(rs), **_means(rs)} for rs in kth],
        filters=filters or {}, changes=changes or [], rescored=rescored, notes=notes or [],
        reviewed=sum(1 for r in finished if r.reviewed))


def trainee_report(rows: list[ScoreRow], groups: list[TurnGroup], scenarios: dict, *, name: str,
                   filters: dict | None = None, changes: list | None = None, rescored: bool = False,
                   notes: list | None = None) -> TraineeReport:
    """One trainee's attempts in order, and their progress per CLEAR step (first → latest)."""
    finished = sorted((r for r in rows if r.scored), key=lambda r: r.started_at)
    attempts = [Attempt(i, r.id, r.scenario_id, r.started_at, r.ending_kind,
                        {k: v for k, v in zip(SCORE_COLUMNS, r.values) if v is not None}, tuple(r.reviewed))
                for i, r in enumerate(finished, 1)]
    progress = {}
    for k in SCORE_COLUMNS:
        values = [a.scores[k] for a in attempts if a.scores.get(k) is not None]
        if values:
            progress[k] = StepProgress(k, values[0], values[-1], max(values), _mean(values))
    nodes, distractors = losses(groups, scenarios)
    return TraineeReport(
        kind="trainee", name=name, groups=tuple(sorted({r.group for r in rows if r.group})), attempts=attempts,
        incomplete=sum(1 for r in rows if r.status != "finished"), progress=progress,
        weakest=_weakest({k: p.mean for k, p in progress.items()}), nodes=nodes, distractors=distractors,
        filters=filters or {}, changes=changes or [], rescored=rescored, notes=notes or [],
        reviewed=sum(1 for a in attempts if a.reviewed))


def _costs(scenario, g: TurnGroup, cache: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(steps that lose points, what costs them) for one turn outcome, as the scorecard sees it."""
    key = (g.scenario_digest, g.node, g.moves, g.breaches, g.flags)
    if key not in cache:
        turn = {"index": 1, "node": g.node, "moves": list(g.moves), "breaches": list(g.breaches),
                "flags": list(g.flags)}
        moments = scorecard(scenario, [turn]).moments if scenario is not None else _moments_without(turn)
        steps = tuple(s for s in STEPS if any(m.step == s for m in moments))
        costs = tuple(f"missed:{m.step}" if m.what == "missed" else m.what for m in moments)
        cache[key] = (steps, costs)
    return cache[key]


def _moments_without(turn: dict):
    """Losses of a turn whose scenario is unknown: its breaches and flags (missed steps need the node)."""
    return scorecard(placeholder_scenario("?", "en"), [turn]).moments


def placeholder_scenario(scenario_id: str, lang: str, customer: str = "Customer"):
    """A scenario with no nodes or endings: lets a transcript be shown when its scenario is lost."""
    from .scenario import model as m

    return m.Scenario(format=1, id=scenario_id, lang=lang, title=scenario_id, summary="", difficulty="beginner",
                      customer=m.Customer(customer, "venting", 50, ()), trainee=m.Trainee("", ""), start="?",
                      nodes={}, endings={})


def card_with_scores(card, scores: dict | None):
    """The scorecard with its step scores replaced by stored ones: a session keeps what it was
    scored with, while its moments (what was missed, when) still come from its turns."""
    if not scores:
        return card
    steps = {k: replace(v, score=scores.get(k, v.score)) for k, v in card.steps.items()}
    return replace(card, steps=steps, overall=scores.get("overall", card.overall))


def losses(groups: list[TurnGroup], scenarios: dict, top: int = TOP) -> tuple[list[NodeLoss], list[Distractor]]:
    """The nodes where most trainees lose points, and the distractors chosen most: options that
    cost points in themselves (a breach, a step the node called for, a fix while still venting)."""
    cache: dict = {}
    nodes: dict[tuple, dict] = {}
    options: dict[tuple, dict] = {}
    for g in groups:
        scenario = scenarios.get(g.scenario_digest)
        steps, costs = _costs(scenario, g, cache)
        n = nodes.setdefault((g.scenario_id, g.node), {"answers": 0, "lost": 0, "trainees": set(),
                                                       "trainees_lost": set(), "steps": {}})
        n["answers"] += g.count
        n["trainees"].update(g.trainees)
        if steps:
            n["lost"] += g.count
            n["trainees_lost"].update(g.trainees)
            for s in steps:
                n["steps"][s] = n["steps"].get(s, 0) + g.count
        if g.option is not None and CONTEXT_FLAGS & set(g.flags):
            steps, costs = _costs(scenario, g._replace(flags=tuple(f for f in g.flags if f not in CONTEXT_FLAGS)), cache)
        if g.option is not None and steps:
            o = options.setdefault((g.scenario_id, g.node, g.option), {"chosen": 0, "trainees": set(),
                                                                        "costs": {}, "text": None})
            o["chosen"] += g.count
            o["trainees"].update(g.trainees)
            for c in costs:
                o["costs"][c] = None
            if o["text"] is None and scenario is not None and g.node in scenario.nodes:
                opt = scenario.nodes[g.node].option(g.option)
                o["text"] = opt.text if opt is not None else None
    node_list = [NodeLoss(s, node, v["answers"], v["lost"], len(v["trainees"]), len(v["trainees_lost"]),
                          {k: v["steps"][k] for k in STEPS if k in v["steps"]})
                 for (s, node), v in nodes.items() if v["lost"]]
    node_list.sort(key=lambda x: (-x.trainees_lost, -x.share, x.scenario, x.node))
    distractors = [Distractor(s, node, opt, v["text"] or opt, v["chosen"], nodes[(s, node)]["answers"],
                              len(v["trainees"]), tuple(v["costs"]))
                   for (s, node, opt), v in options.items()]
    distractors.sort(key=lambda d: (-d.chosen, -d.share, d.scenario, d.node, d.option))
    return node_list[:top], distractors[:top]


def groups_of(sessions: list[StoredSession]) -> list[TurnGroup]:
    """``TurnGroup`` counts computed from full sessions (rescored ones), like the store's SQL does."""
    counts: dict[tuple, list] = {}
    for s in sessions:
        if s.status != "finished":
            continue
        for t in s.state.turns:
            key = (s.scenario_id, s.scenario_digest, t.node, t.option, tuple(t.moves), tuple(t.breaches),
                   tuple(t.flags))
            entry = counts.setdefault(key, [0, set()])
            entry[0] += 1
            entry[1].add(s.trainee)
    return [TurnGroup(*k, n, tuple(sorted(who, key=trainee_key))) for k, (n, who) in counts.items()]


# ---- rescoring ------------------------------------------------------------------------------------


def rescore(stored: StoredSession, scenario, analyzer=None, before: dict | None = None):
    """The session's turns re-assessed with ``scenario`` (the current version) and ``analyzer``,
    along the path it was played, and what that changes. Returns (rescored session, ScoreChange).
    A turn whose node or option no longer exists keeps its stored assessment (with a note)."""
    from .engine import Session, State

    notes: list[str] = []
    turns = []
    changed = 0
    for t in stored.state.turns:
        node = scenario.nodes.get(t.node)
        new = None
        if node is None:
            notes.append(f'turn {t.index}: node "{t.node}" is no longer in the scenario; kept as scored')
        elif t.option is not None and node.option(t.option) is None:
            notes.append(f'turn {t.index}: option "{t.option}" is no longer at node "{t.node}"; kept as scored')
        elif t.option is None and not node.routes:
            notes.append(f'turn {t.index}: node "{t.node}" no longer takes free text; kept as scored')
        else:
            state = State(scenario=scenario.id, lang=scenario.lang, mode=stored.state.mode, input="mixed",
                          node=t.node, mood=t.mood_before, status="active", turns=list(turns),
                          digest=scenario.digest)
            session = Session(scenario, analyzer=analyzer, state=state)
            session.choose(t.option) if t.option is not None else session.reply(t.reply)
            fresh = session.state.turns[-1]
            new = replace(t, moves=list(fresh.moves), breaches=list(fresh.breaches), flags=list(fresh.flags),
                          evidence=list(fresh.evidence))
        new = new or t
        if (new.moves, new.breaches, new.flags) != (t.moves, t.breaches, t.flags):
            changed += 1
        turns.append(new)
    state = replace(stored.state, turns=turns, digest=scenario.digest)
    after = scorecard(scenario, turns).scores()
    session = replace(stored, state=state, scores=after if stored.status == "finished" else stored.scores,
                      scenario_digest=scenario.digest)
    before = before if before is not None else (stored.scores or {})
    change = ScoreChange(stored.id, stored.trainee, stored.scenario_id, stored.started_at, dict(before), after,
                         stored.scorer, changed, tuple(notes))
    return session, change


def as_row(s: StoredSession) -> ScoreRow:
    """What a report reads of a (rescored) full session: a teacher's overrides still win."""
    scores, reviewed = s.teacher_scores() if s.status == "finished" else (s.scores, ())
    scores = scores or {}
    return ScoreRow(s.id, s.trainee, s.group, s.scenario_id, s.status, s.ending_kind, s.started_at,
                    tuple(scores.get(k) for k in SCORE_COLUMNS), reviewed)


# ---- output formats -------------------------------------------------------------------------------


def to_json(report) -> dict:
    """A JSON-ready dict of a report (derived shares and changes included)."""
    data = asdict(report)
    for key, items in (("nodes", report.nodes), ("distractors", report.distractors)):
        for d, item in zip(data[key], items):
            d["share"] = round(item.share, 4)
    for d, item in zip(data["changes"], report.changes):
        d["changed"] = item.changed
    if isinstance(report, TraineeReport):
        for k, p in report.progress.items():
            data["progress"][k]["change"] = p.change
    return data


def to_csv(report) -> str:
    """One row per attempt (trainee report) or per trainee (cohort reports), for a spreadsheet."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if isinstance(report, TraineeReport):
        w.writerow(["attempt", "session", "scenario", "started_at", "ending", *SCORE_COLUMNS, "teacher_steps"])
        for a in report.attempts:
            w.writerow([a.n, a.id, a.scenario, a.started_at, a.ending_kind or "",
                        *(a.scores.get(k, "") for k in SCORE_COLUMNS), " ".join(a.reviewed)])
        return out.getvalue()
    w.writerow(["trainee", "groups", "attempts", *SCORE_COLUMNS, "first_overall", "latest_overall",
                "best_overall", "weakest_step", "teacher_reviewed"])
    for t in report.per_trainee:
        w.writerow([t.trainee, " ".join(t.groups), t.attempts, *(f"{t.mean[k]:.1f}" for k in SCORE_COLUMNS),
                    t.first, t.latest, t.best, t.weakest or "", t.reviewed])
    return out.getvalue()
