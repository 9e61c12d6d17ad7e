"""Running scenario tests: each test's answers played through a headless engine session.

``run_case`` never raises for a wrong answer or a failed expectation; it returns an ``Outcome``
saying what differed (the plan itself is loaded and checked by ``testplan.load_plan``).
"""

from __future__ import annotations

from .testplan import Case, Expect, Outcome, Plan


def run_case(plan: Plan, case: Case, analyzer=None) -> Outcome:
    """Play ``case`` through a headless session and compare the result with its expectations."""
    from ..engine import Session
    from ..errors import ClearSimError
    from ..scoring import scorecard

    scenario = plan.scenario
    failures: list[str] = []
    compare = True
    session = Session(scenario, input=case.mode, analyzer=analyzer,
                      start_node=case.start_node, mood=case.mood)
    session.start()
    for n, answer in enumerate(case.answers, 1):
        if session.status != "active":
            left = len(case.answers) - n + 1
            failures.append(f"the call ended at \"{session.state.ending}\" after answer {n - 1}; "
                            f"{left} answer{'s' if left > 1 else ''} left unused")
            break  # still compare: where it ended says why
        try:
            session.answer(answer)  # the one interpretation of an answer line, shared with play --answers
        except ClearSimError as err:  # not an option here, no free-text route, …
            failures.append(f"answer {n} ({answer!r}) at node \"{session.state.node}\": {err}")
            compare = False
            break
        except Exception as err:  # a crash inside the engine or analyzer: report it, keep running the others
            failures.append(f"answer {n} ({answer!r}) at node \"{session.state.node}\" raised "
                            f"{type(err).__name__}: {err}")
            compare = False
            break
    state = session.state
    scores = scorecard(scenario, state.turns).scores()
    if compare:
        failures += _compare(case.expect, session, scores)
    return Outcome(plan, case, tuple(failures), tuple(state.turns), state.status, state.ending,
                   state.node, state.mood, scores)


def run_plan(plan: Plan, analyzer=None) -> list[Outcome]:
    return [run_case(plan, case, analyzer) for case in plan.cases]


def _where(session) -> str:
    state = session.state
    if state.status == "finished":
        kind = session.scenario.endings[state.ending].kind
        return f'ended at "{state.ending}" ({kind})'
    return f'is still at node "{state.node}"'


def _compare(expect: Expect, session, scores: dict[str, int]) -> list[str]:
    state, scenario = session.state, session.scenario
    out: list[str] = []
    if expect.status is not None and state.status != expect.status:
        out.append(f"status: expected {expect.status}, got {state.status} (the call {_where(session)})")
    if expect.ending is not None and state.ending != expect.ending:
        out.append(f'ending: expected "{expect.ending}", but the call {_where(session)}')
    if expect.ending_kind is not None:
        kind = scenario.endings[state.ending].kind if state.ending else None
        if kind != expect.ending_kind:
            out.append(f"ending_kind: expected {expect.ending_kind}, but the call {_where(session)}")
    if expect.node is not None and (state.status != "active" or state.node != expect.node):
        out.append(f'node: expected the call to stand at "{expect.node}", but it {_where(session)}')
    if expect.turns is not None and len(state.turns) != expect.turns:
        out.append(f"turns: expected {expect.turns}, got {len(state.turns)}")
    if expect.path is not None:
        actual = tuple(t.node for t in state.turns)
        if actual != expect.path:
            out.append(f"path: expected {' → '.join(expect.path) or '(none)'}, got {' → '.join(actual) or '(none)'}")
    if expect.mood is not None and not expect.mood.holds(state.mood):
        out.append(f"mood: expected {expect.mood}, got {state.mood}")
    for step, bound in expect.scores.items():
        if not bound.holds(scores[step]):
            out.append(f"scores.{step}: expected {bound}, got {scores[step]}")
    for key in ("moves", "breaches", "flags"):
        for turn_no, wanted in sorted(getattr(expect, key).items()):
            if turn_no > len(state.turns):
                out.append(f"{key} at turn {turn_no}: the call had only {len(state.turns)} turns")
                continue
            actual = getattr(state.turns[turn_no - 1], key)
            shown = ", ".join(actual) or "none"
            if not wanted and actual:
                out.append(f"{key} at turn {turn_no}: expected none, got {shown}")
            missing = [x for x in wanted if x not in actual]
            if missing:
                out.append(f"{key} at turn {turn_no}: expected {', '.join(wanted)}, got {shown} "
                           f"(missing {', '.join(missing)})")
    return out
