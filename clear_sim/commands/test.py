"""`clear-sim test`: run the scenario tests kept beside scenarios (NAME.tests.yaml next to NAME.yaml).

One line per test (PASS/FAIL), the details of each failure, then exactly ``N passed, M failed`` as
the last line (CI reads it). Exit 0 when every test passed, 1 when a test failed or a tests file or
its scenario is broken (or nothing ran at all), 2 for a path that does not exist.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import CHECK_FAILED, OK, UsageError


def collect(paths: list[str]) -> tuple[list[str], list[str]]:
    """The tests files to run, and the scenario files named on the command line that have none."""
    from ..scenario.testplan import is_tests_file, sibling_tests_file

    tests: list[str] = []
    untested: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            tests += sorted(str(f) for f in path.rglob("*") if f.is_file() and is_tests_file(f))
        elif not path.exists():
            raise UsageError(f"{p}: no such file or folder")
        elif is_tests_file(path):
            tests.append(p)
        elif path.suffix in (".yaml", ".yml"):
            sibling = sibling_tests_file(path)
            if sibling.is_file():
                tests.append(str(sibling))
            else:
                untested.append(p)
        else:
            raise UsageError(f"{p}: not a scenario (.yaml) or tests file (.tests.yaml)")
    seen: set[Path] = set()
    unique = []
    for t in tests:
        key = Path(t).resolve()
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return unique, untested


def run(paths: list[str], fmt: str = "text", analyzer=None) -> int:
    """Run every test in ``paths`` (scenario files, tests files or folders); ``analyzer`` is for tests."""
    from ..scenario.testplan import load_plan, sibling_tests_file
    from ..scenario.testrun import run_plan

    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, not "{fmt}"')
    if not paths:
        raise UsageError("name at least one scenario file, tests file or folder")
    files, untested = collect(paths)
    outcomes, problems = [], []
    for f in files:
        plan, found = load_plan(f)
        problems += found
        if plan is not None:
            outcomes += run_plan(plan, analyzer)
    passed = sum(1 for o in outcomes if o.passed)
    failed = len(outcomes) - passed
    notes = [f"{p}: no tests (write {sibling_tests_file(p).name} beside it)" for p in untested]
    if not files and not untested:
        notes.append(f"no tests files (*.tests.yaml) in {', '.join(paths)}")

    if fmt == "json":
        print(json.dumps({
            "tests": [o.to_json() for o in outcomes],
            "problems": [p.to_json() for p in problems],
            "no_tests": untested,
            "passed": passed,
            "failed": failed,
        }, ensure_ascii=False, indent=2))
    else:
        _print_text(outcomes, problems, notes, passed, failed)
    if failed or problems or not outcomes:
        return CHECK_FAILED
    return OK


def _print_text(outcomes, problems, notes, passed: int, failed: int) -> None:
    from ..ui.text import clean

    for o in outcomes:
        print(clean(f"{'PASS' if o.passed else 'FAIL'} {o.plan.label}::{o.case.name}"))
    for o in outcomes:
        if o.passed:
            continue
        print()
        print(clean(f"---- {o.plan.label}::{o.case.name} ({o.plan.path}:{o.case.line}:{o.case.col})"))
        for failure in o.failures:
            print(clean(f"  {failure}"))
        if o.turns:
            print("  turns:")
            for line in o.log():
                print(clean(f"    {line}"))
        else:
            print("  turns: none answered")
        scores = "  ".join(f"{k} {v}" for k, v in o.scores.items())
        print(clean(f"  scores: {scores}"))
    if problems:
        if outcomes:
            print()
        for p in problems:
            print(clean(str(p)))
    for note in notes:
        print(clean(note))
    print(f"{passed} passed, {failed} failed")
