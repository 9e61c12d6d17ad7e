"""Scenario tests: expectation lists kept beside a scenario, their records, files and loading.

A scenario ``NAME.yaml`` is tested by ``NAME.tests.yaml`` next to it (see docs/scenario-tests.md).
Each test plays a list of answers through the engine's ``Session`` — the same calls as
``clear-sim play --answers`` — and compares where the call ended up with what the test expects
(``testrun.run_case``).

Loading reports every mistake in a tests file as one ``path:line:col: message`` line, like the
scenario loader does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .diagnostics import did_you_mean
from .yamlsafe import YamlError, YList, YMap, parse, read_text

TESTS_SUFFIXES = (".tests.yaml", ".tests.yml")
STATUSES = ("active", "finished")
SCORE_KEYS = m.STEPS + ("overall",)

TOP_KEYS = ("scenario", "tests")
CASE_KEYS = ("name", "mode", "from", "mood", "answers", "expect")
EXPECT_KEYS = ("status", "ending", "ending_kind", "node", "turns", "path", "mood", "scores",
               "moves", "breaches", "flags")
INPUT_MODES = ("choice", "free", "mixed")


# ---- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanProblem:
    """A mistake in a tests file, at a 1-based position."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def to_json(self) -> dict:
        # the same keys as a scenario Problem's, so `validate --format json` lists both alike
        return {"path": self.path, "line": self.line, "col": self.col, "code": None, "severity": "error",
                "message": self.message}


@dataclass(frozen=True)
class Bound:
    """An inclusive range; an exact number is a range of one."""

    at_least: int | None = None
    at_most: int | None = None

    def holds(self, value: int) -> bool:
        return (self.at_least is None or value >= self.at_least) and (self.at_most is None or value <= self.at_most)

    def __str__(self) -> str:
        if self.at_least is not None and self.at_least == self.at_most:
            return str(self.at_least)
        parts = []
        if self.at_least is not None:
            parts.append(f"at least {self.at_least}")
        if self.at_most is not None:
            parts.append(f"at most {self.at_most}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Expect:
    status: str | None = None
    ending: str | None = None
    ending_kind: str | None = None
    node: str | None = None
    turns: int | None = None
    path: tuple[str, ...] | None = None
    mood: Bound | None = None
    scores: dict[str, Bound] = field(default_factory=dict)
    moves: dict[int, tuple[str, ...]] = field(default_factory=dict)  # turn → moves that must be shown ([] = none)
    breaches: dict[int, tuple[str, ...]] = field(default_factory=dict)
    flags: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One scenario test: answers to play and what must hold afterwards."""

    name: str
    answers: tuple[str, ...]
    expect: Expect
    mode: str = "choice"
    start_node: str | None = None
    mood: int | None = None
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Plan:
    """A loaded tests file with the scenario it tests."""

    path: str
    scenario: m.Scenario
    cases: tuple[Case, ...]

    @property
    def label(self) -> str:
        """How reports name the scenario: its file name without the extension (``broken-phone.en``)."""
        return Path(self.scenario.path or self.scenario.id).name.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Outcome:
    """The result of running one case: failures empty means it passed."""

    plan: Plan
    case: Case
    failures: tuple[str, ...]
    turns: tuple  # the engine's Turn records, one per answer played
    status: str
    ending: str | None
    node: str | None
    mood: int
    scores: dict[str, int]

    @property
    def passed(self) -> bool:
        return not self.failures

    def log(self) -> list[str]:
        """One line per turn: where, what was answered, what it showed, the mood, where it went."""
        lines = []
        for t in self.turns:
            answer = t.option if t.option else _quote(t.reply)
            flags = f"  flags {','.join(t.flags)}" if t.flags else ""
            lines.append(f"{t.index}. {t.node}: {answer}  moves {','.join(t.moves) or '-'}  "
                         f"breaches {','.join(t.breaches) or '-'}{flags}  mood {t.mood_before}→{t.mood_after}  → {t.next}")
        return lines

    def to_json(self) -> dict:
        return {
            "scenario": self.plan.label, "tests_file": self.plan.path, "name": self.case.name,
            "line": self.case.line, "passed": self.passed, "failures": list(self.failures),
            "status": self.status, "ending": self.ending, "node": self.node, "mood": self.mood,
            "scores": self.scores,
            "turns": [{"turn": t.index, "node": t.node, "option": t.option, "reply": t.reply, "moves": t.moves,
                       "breaches": t.breaches, "flags": t.flags, "mood_before": t.mood_before,
                       "mood_after": t.mood_after, "next": t.next} for t in self.turns],
        }


# ---- finding files ------------------------------------------------------------------------------


def is_tests_file(path: str | Path) -> bool:
    return str(path).endswith(TESTS_SUFFIXES)


def sibling_tests_file(scenario_path: str | Path) -> Path:
    """``NAME.tests.yaml`` beside ``NAME.yaml`` (``.tests.yml`` when only that exists)."""
    p = Path(scenario_path)
    stem = p.name.rsplit(".", 1)[0]
    yml = p.with_name(stem + ".tests.yml")
    yaml_ = p.with_name(stem + ".tests.yaml")
    return yml if yml.exists() and not yaml_.exists() else yaml_


def sibling_scenario_file(tests_path: str | Path) -> Path:
    """``NAME.yaml`` beside ``NAME.tests.yaml`` (``.yml`` when only that exists)."""
    p = Path(tests_path)
    stem = p.name[: -len(".tests.yaml")] if p.name.endswith(".tests.yaml") else p.name[: -len(".tests.yml")]
    for ext in (".yaml", ".yml"):
        candidate = p.with_name(stem + ext)
        if candidate.exists():
            return candidate
    return p.with_name(stem + ".yaml")


# ---- loading ------------------------------------------------------------------------------------


def load_plan(path: str) -> tuple[Plan | None, list]:
    """Read and check a tests file and load its scenario.

    Returns the plan (None when anything is wrong) and the problems: ``PlanProblem`` for the tests
    file, the loader's ``Problem`` records when the scenario itself is invalid.
    """
    from .loader import check_file

    problems: list = []
    try:
        doc, dups = parse(read_text(path), path)
    except YamlError as err:
        p = err.problem
        message = f"{p.code} {p.message}"
        if p.code == "E102":
            message = "file is empty; a tests file starts with 'tests:'"
        return None, [PlanProblem(path, p.line, p.col, message)]
    problems += [PlanProblem(path, p.line, p.col, p.message) for p in dups]
    if not isinstance(doc, YMap):
        return None, problems + [PlanProblem(path, 1, 1, "a tests file must be a mapping with a 'tests:' list")]
    checker = _Checker(path)
    for key in doc:
        if key not in TOP_KEYS:
            checker.bad(doc.key_pos[key], f'unknown key "{key}" at the top of a tests file{did_you_mean(key, TOP_KEYS)}')

    if "scenario" in doc:
        ref = doc["scenario"]
        if not isinstance(ref, str) or not ref.strip():
            checker.bad(doc.val_pos["scenario"], "scenario must be the path of the scenario file, relative to this file")
            scenario_path = None
        else:
            scenario_path = Path(path).parent / ref
            if not scenario_path.is_file():
                checker.bad(doc.val_pos["scenario"], f'scenario file "{ref}" not found (the path is relative to this tests file)')
                scenario_path = None
    else:
        scenario_path = sibling_scenario_file(path)
        if not scenario_path.is_file():
            checker.bad(doc.pos, f'no scenario "{scenario_path.name}" beside this tests file; '
                                 f"name it after the scenario or add 'scenario: FILE'")
            scenario_path = None

    scenario = None
    if scenario_path is not None:
        scenario, scenario_problems = check_file(str(scenario_path))
        problems += scenario_problems

    cases: list[Case] = []
    tests = doc.get("tests")
    if "tests" not in doc:
        checker.bad(doc.pos, "a tests file needs a 'tests:' list")
    elif not isinstance(tests, YList) or not tests:
        checker.bad(doc.val_pos["tests"], "'tests' must be a list with at least one test")
    else:
        for i, item in enumerate(tests):
            case = checker.case(item, tests.item_pos[i], i + 1, scenario)
            if case is not None:
                cases.append(case)
    problems += sorted(checker.problems, key=lambda p: (p.line, p.col))
    if problems or scenario is None:
        return None, problems
    return Plan(path, scenario, tuple(cases)), []


class _Checker:
    """Checks one tests file's structure (and its ids against the scenario), collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[PlanProblem] = []
        self.names: dict[str, int] = {}  # test name → line it is first used on

    def bad(self, at: tuple[int, int], message: str) -> None:
        self.problems.append(PlanProblem(self.path, at[0], at[1], message))

    def _keys(self, value: YMap, allowed, what: str) -> None:
        for key in value:
            if key not in allowed:
                self.bad(value.key_pos[key], f'unknown key "{key}" in {what}{did_you_mean(key, allowed)}; '
                                             f'allowed: {", ".join(allowed)}')

    def case(self, item, at, n: int, scenario: m.Scenario | None) -> Case | None:
        if not isinstance(item, YMap):
            self.bad(at, f"test {n} must be a mapping with name, answers and expect")
            return None
        before = len(self.problems)
        name = item.get("name")
        label = f'test "{name}"' if isinstance(name, str) else f"test {n}"
        self._keys(item, CASE_KEYS, label)
        for key in ("name", "answers", "expect"):
            if key not in item:
                self.bad(item.pos, f'{label} is missing required key "{key}"')
        if "name" in item and (not isinstance(name, (str, int)) or isinstance(name, bool) or not str(name).strip()):
            self.bad(item.val_pos["name"], f"{label}: name must be a non-empty string")
        elif "name" in item:
            first = self.names.setdefault(str(name), item.val_pos["name"][0])
            if first != item.val_pos["name"][0]:
                self.bad(item.val_pos["name"], f'test name "{name}" is used twice (first on line {first})')

        mode = item.get("mode", "choice")
        if mode not in INPUT_MODES or isinstance(mode, bool):
            self.bad(item.val_pos["mode"], f'{label}: mode "{mode}" is not one of: {", ".join(INPUT_MODES)}'
                                           f"{did_you_mean(mode, INPUT_MODES)}")
        start = item.get("from")
        if "from" in item:
            self._node_ref(start, item.val_pos["from"], f"{label}: from", scenario)
        mood = item.get("mood")
        if "mood" in item and not _is_int(mood, 0, 100):
            self.bad(item.val_pos["mood"], f"{label}: mood must be a whole number from 0 to 100, not {mood!r}")

        answers: list[str] = []
        raw = item.get("answers")
        if "answers" in item:
            if not isinstance(raw, YList):
                self.bad(item.val_pos["answers"], f"{label}: answers must be a list (option ids or numbers, or free text)")
            else:
                for i, answer in enumerate(raw):
                    if isinstance(answer, bool):
                        self.bad(raw.item_pos[i], f'{label}: answer {i + 1} reads as {str(answer).lower()} (a boolean); '
                                                  f'quote it: "yes"')
                    elif not isinstance(answer, (str, int)) or not str(answer).strip():
                        self.bad(raw.item_pos[i], f"{label}: answer {i + 1} must be an option id or number, or free text")
                    else:
                        answers.append(str(answer))

        expect = Expect()
        if "expect" in item:
            expect = self.expect(item["expect"], item.val_pos["expect"], label, scenario)
        if len(self.problems) > before:
            return None
        return Case(name=str(name), answers=tuple(answers), expect=expect, mode=mode, start_node=start,
                    mood=mood, line=item.pos[0], col=item.pos[1])

    def _node_ref(self, value, at, what: str, scenario: m.Scenario | None, endings: bool = False) -> None:
        if not isinstance(value, str):
            self.bad(at, f"{what} must be a {'node or ending' if endings else 'node'} id, not {value!r}")
            return
        if scenario is None:
            return
        known = scenario.endings if endings else scenario.nodes
        if value not in known:
            kind = "ending" if endings else "node"
            hint = did_you_mean(value, known)
            if not hint and not endings and value in scenario.endings:
                hint = " (it is an ending: expect it with 'ending:')"
            elif not hint and endings and value in scenario.nodes:
                hint = " (it is a node: expect it with 'node:')"
            self.bad(at, f'{what}: "{value}" is not {"an" if endings else "a"} {kind} of {scenario.id}{hint}')

    def _bound(self, value, at, what: str) -> Bound | None:
        if _is_int(value):
            return Bound(value, value)
        if isinstance(value, YMap) and value:
            self._keys(value, ("at_least", "at_most"), what)
            lo, hi = value.get("at_least"), value.get("at_most")
            for key, v in (("at_least", lo), ("at_most", hi)):
                if key in value and not _is_int(v):
                    self.bad(value.val_pos[key], f"{what}: {key} must be a whole number, not {v!r}")
                    return None
            if lo is None and hi is None:
                return None
            if lo is not None and hi is not None and lo > hi:
                self.bad(value.pos, f"{what}: at_least {lo} is more than at_most {hi}")
                return None
            return Bound(lo, hi)
        self.bad(at, f"{what} must be a number or {{at_least: N, at_most: N}}")
        return None

    def _per_turn(self, value, at, what: str, allowed) -> dict[int, tuple[str, ...]]:
        out: dict[int, tuple[str, ...]] = {}
        if not isinstance(value, YMap):
            self.bad(at, f"{what} must map turn numbers to lists, e.g. {{1: [listen]}}")
            return out
        for turn, names in value.items():
            if not _is_int(turn, 1):
                self.bad(value.key_pos[turn], f"{what}: {turn!r} is not a turn number (1 is the first answer)")
                continue
            if not isinstance(names, YList):
                self.bad(value.val_pos[turn], f"{what} at turn {turn} must be a list ([] for none)")
                continue
            for i, name in enumerate(names):
                if allowed is not None and name not in allowed:
                    self.bad(names.item_pos[i], f'{what} at turn {turn}: "{name}" is not one of: '
                                                f'{", ".join(allowed)}{did_you_mean(name, allowed)}')
                elif allowed is None and not isinstance(name, str):
                    self.bad(names.item_pos[i], f"{what} at turn {turn}: {name!r} must be a name")
            out[turn] = tuple(str(x) for x in names)
        return out

    def expect(self, value, at, label: str, scenario: m.Scenario | None) -> Expect:
        if not isinstance(value, YMap) or not value:
            self.bad(at, f"{label}: expect must be a mapping of what must hold, e.g. {{ending: resolved}}")
            return Expect()
        self._keys(value, EXPECT_KEYS, "expect")
        pos = value.val_pos
        status = value.get("status")
        if "status" in value and status not in STATUSES:
            self.bad(pos["status"], f'{label}: status "{status}" is not one of: {", ".join(STATUSES)}')
        if "ending" in value:
            self._node_ref(value["ending"], pos["ending"], f"{label}: ending", scenario, endings=True)
        kind = value.get("ending_kind")
        if "ending_kind" in value and kind not in m.ENDING_KINDS:
            self.bad(pos["ending_kind"], f'{label}: ending_kind "{kind}" is not one of: '
                                         f'{", ".join(m.ENDING_KINDS)}{did_you_mean(kind, m.ENDING_KINDS)}')
        if "node" in value:
            self._node_ref(value["node"], pos["node"], f"{label}: node", scenario)
            if "ending" in value or "ending_kind" in value or status == "finished":
                self.bad(pos["node"], f"{label}: expect either a node (the call goes on) or an ending, not both")
        elif status == "active" and ("ending" in value or "ending_kind" in value):
            self.bad(pos["status"], f"{label}: status active contradicts expecting an ending")
        turns = value.get("turns")
        if "turns" in value and not _is_int(turns, 0):
            self.bad(pos["turns"], f"{label}: turns must be a whole number (answers played), not {turns!r}")
        path = None
        if "path" in value:
            raw = value["path"]
            if not isinstance(raw, YList):
                self.bad(pos["path"], f"{label}: path must be the list of node ids answered at, in order")
            else:
                for i, nid in enumerate(raw):
                    self._node_ref(nid, raw.item_pos[i], f"{label}: path", scenario)
                path = tuple(str(x) for x in raw)
        mood = self._bound(value["mood"], pos["mood"], f"{label}: mood") if "mood" in value else None
        scores: dict[str, Bound] = {}
        if "scores" in value:
            raw = value["scores"]
            if not isinstance(raw, YMap):
                self.bad(pos["scores"], f"{label}: scores must map steps to bounds, e.g. {{overall: {{at_least: 85}}}}")
            else:
                for step, b in raw.items():
                    if step not in SCORE_KEYS:
                        self.bad(raw.key_pos[step], f'{label}: "{step}" is not a score; use one of: '
                                                    f'{", ".join(SCORE_KEYS)}{did_you_mean(step, SCORE_KEYS)}')
                        continue
                    bound = self._bound(b, raw.val_pos[step], f"{label}: scores.{step}")
                    if bound is not None:
                        scores[step] = bound
        per_turn = {}
        for key, allowed in (("moves", m.MOVES), ("breaches", m.BREACH_KINDS), ("flags", None)):
            if key in value:
                per_turn[key] = self._per_turn(value[key], pos[key], f"{label}: {key}", allowed)
        return Expect(status=status, ending=value.get("ending"), ending_kind=kind, node=value.get("node"),
                      turns=turns, path=path, mood=mood, scores=scores, moves=per_turn.get("moves", {}),
                      breaches=per_turn.get("breaches", {}), flags=per_turn.get("flags", {}))


def _is_int(value, lo: int | None = None, hi: int | None = None) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def _quote(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
