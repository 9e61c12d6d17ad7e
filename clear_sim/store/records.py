"""What the results store hands out: rows, sessions, reviews and the filters that select them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import NamedTuple

from ..engine import State
from ..errors import UsageError

STEPS = ("control", "listen", "establish", "apologize", "resolve")
SCORE_COLUMNS = STEPS + ("overall",)


class StoreError(UsageError):
    """The store cannot be used: not a clear-sim database, damaged, unwritable, too new (exit 2)."""


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@lru_cache(maxsize=None)
def scorer_version() -> str:
    """A short fingerprint of what turns replies into scores: the analyzer's lexicons and code, and
    the scoring code. Stored with each finished session, so a report can tell which sessions were
    scored by other rules (``--rescore`` recomputes them with the current ones)."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    roots = [("clear_sim.analysis", ("lexicons", "")), ("clear_sim", ("",))]
    for package, folders in roots:
        try:
            base = resources.files(package)
        except (ModuleNotFoundError, TypeError):
            continue
        for folder in folders:
            where = base.joinpath(folder) if folder else base
            try:
                entries = sorted(where.iterdir(), key=lambda p: p.name)
            except (FileNotFoundError, NotADirectoryError, OSError):
                continue
            for entry in entries:
                wanted = entry.name.endswith((".yaml", ".yml")) if folder == "lexicons" else (
                    entry.name.endswith(".py") and (package == "clear_sim.analysis" or entry.name == "scoring.py"))
                if wanted and entry.is_file():
                    digest.update(f"{package}/{folder}/{entry.name}\0".encode())
                    digest.update(entry.read_bytes())
    return digest.hexdigest()[:12]


class SessionRow(NamedTuple):
    """A session without its state and turns: what listings and reports read (fast)."""

    id: str
    trainee: str | None
    group: str | None
    scenario_id: str
    scenario_digest: str
    lang: str
    mode: str
    input: str
    status: str
    node: str | None
    mood: int
    turns: int
    ending: str | None
    ending_kind: str | None
    scores: dict | None
    scorer: str | None
    started_at: str
    updated_at: str
    finished_at: str | None
    origin: str | None

    def to_json(self) -> dict:
        return {
            "id": self.id, "trainee": self.trainee, "group": self.group, "scenario": self.scenario_id,
            "scenario_digest": self.scenario_digest, "lang": self.lang, "mode": self.mode,
            "input": self.input, "status": self.status, "node": self.node, "mood": self.mood,
            "turns": self.turns, "ending": self.ending, "ending_kind": self.ending_kind,
            "scores": self.scores, "scorer": self.scorer, "started_at": self.started_at,
            "updated_at": self.updated_at, "finished_at": self.finished_at, "origin": self.origin,
        }


@dataclass(frozen=True)
class StoredSession:
    """One session with its full engine state (turns included), ready to resume, show or export."""

    id: str
    trainee: str | None
    group: str | None
    scenario_id: str
    scenario_digest: str
    lang: str
    mode: str
    input: str
    status: str
    ending: str | None
    ending_kind: str | None
    scores: dict | None
    started_at: str
    updated_at: str
    state: State
    extra: dict = field(default_factory=dict)
    scorer: str | None = None
    finished_at: str | None = None
    origin: str | None = None
    turn_times: tuple[str, ...] = ()  # when each turn was saved, in turn order
    reviews: tuple["Review", ...] = ()  # a teacher's comments and step overrides, oldest first

    @property
    def pair(self) -> dict | None:
        """Pair practice: {"id", "run", "customer", "agent", "observer"} when two students played it."""
        pair = self.extra.get("pair") if isinstance(self.extra, dict) else None
        return pair if isinstance(pair, dict) else None

    def teacher_scores(self) -> tuple[dict | None, tuple[str, ...]]:
        """(the scores with the teacher's overrides applied, the steps overridden)."""
        return apply_overrides(self.scores, [(r.step, r.score) for r in self.reviews if r.step is not None])


@dataclass(frozen=True)
class Review:
    """A teacher's comment on one turn (or the whole session), or an override of one step's score."""

    turn: int | None
    step: str | None  # set: an override of this step's score
    score: int | None
    text: str  # the comment, or the override's reason
    reviewer: str | None
    at: str

    @property
    def is_override(self) -> bool:
        return self.step is not None

    def to_json(self) -> dict:
        return {"turn": self.turn, "step": self.step, "score": self.score, "text": self.text,
                "reviewer": self.reviewer, "at": self.at}


def active_overrides(overrides) -> dict[str, int]:
    """Step → the teacher's score in force after ``overrides`` ((step, score) pairs, oldest first):
    the latest per step wins, and a score of None withdraws that step's override."""
    active: dict[str, int] = {}
    for step, score in overrides:
        if step not in STEPS:
            continue
        if score is None:
            active.pop(step, None)
        else:
            active[step] = int(score)
    return active


def apply_overrides(scores: dict | None, overrides) -> tuple[dict | None, tuple[str, ...]]:
    """``scores`` with the teacher's (step, score) overrides applied, the latest per step winning;
    overall is recomputed as the mean of the five steps, as scoring does. Returns (scores, steps
    overridden). Without scores (an unfinished session) there is nothing to override."""
    active = active_overrides(overrides)
    if not scores or not active:
        return scores, ()
    out = dict(scores)
    out.update(active)
    if all(out.get(k) is not None for k in STEPS):
        out["overall"] = round(sum(out[k] for k in STEPS) / len(STEPS))
    return out, tuple(k for k in STEPS if k in active)


@dataclass(frozen=True)
class StoredScenario:
    digest: str
    id: str
    lang: str
    title: str
    endings: dict
    source: str | None


class ScoreRow(NamedTuple):
    """What reports read of a session: who, what, when, how it ended, and the six scores."""

    id: str
    trainee: str | None
    group: str | None
    scenario_id: str
    status: str
    ending_kind: str | None
    started_at: str
    values: tuple  # control, listen, establish, apologize, resolve, overall (None: not scored)
    reviewed: tuple = ()  # steps whose score is the teacher's (values already hold it)

    @property
    def scored(self) -> bool:
        return self.status == "finished" and self.values[-1] is not None


class TurnGroup(NamedTuple):
    """How many turns of finished sessions at one node had one outcome, and whose (for reports)."""

    scenario_id: str
    scenario_digest: str
    node: str
    option: str | None
    moves: tuple[str, ...]
    breaches: tuple[str, ...]
    flags: tuple[str, ...]
    count: int
    trainees: tuple  # the distinct trainees (None: unnamed), sorted


def trainee_key(name: str | None) -> tuple:
    return (name is None, name or "")


@dataclass(frozen=True)
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Filters:
    """Which sessions a listing or report covers; None means any. Dates are ISO strings (UTC)."""

    trainee: str | None = None
    group: str | None = None
    scenario: str | None = None
    since: str | None = None  # started_at >= since
    until: str | None = None  # started_at < until
    status: str | None = None

    def where(self, alias: str = "") -> tuple[str, list]:
        p = f"{alias}." if alias else ""
        clauses, params = [], []
        for column, value in ((f"{p}trainee", self.trainee), (f"{p}group_name", self.group),
                              (f"{p}scenario_id", self.scenario), (f"{p}status", self.status)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.since is not None:
            clauses.append(f"{p}started_at >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append(f"{p}started_at < ?")
            params.append(self.until)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
