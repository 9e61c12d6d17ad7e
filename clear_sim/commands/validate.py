"""`clear-sim validate`: every problem in every scenario file, one line each."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import CHECK_FAILED, OK, UsageError


def scenario_files(paths: list[str]) -> list[str]:
    """Files named on the command line, plus the .yaml/.yml files inside named folders."""
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files += sorted(str(f) for f in path.rglob("*") if f.suffix in (".yaml", ".yml")
                            and not f.name.endswith((".tests.yaml", ".tests.yml")))
        elif path.exists():
            files.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return files


def _check(path: str) -> list:
    """A tests file named on the command line (e.g. by a glob) is checked as a tests file."""
    from ..scenario.loader import check_file
    from ..scenario.testplan import is_tests_file, load_plan

    return load_plan(path)[1] if is_tests_file(path) else check_file(path)[1]


def run(paths: list[str], fmt: str = "text") -> int:
    if fmt not in ("text", "json"):
        raise UsageError(f'--format must be text or json, not "{fmt}"')
    files = scenario_files(paths)
    results = [(f, _check(f)) for f in files]
    invalid = sum(1 for _, problems in results if problems)
    if fmt == "json":
        print(json.dumps({
            "files": [{"path": f, "valid": not problems, "problems": [p.to_json() for p in problems]} for f, problems in results],
            "valid": invalid == 0,
        }, ensure_ascii=False, indent=2))
    else:
        from ..ui.text import clean

        for _, problems in results:
            for problem in problems:
                print(clean(str(problem)))
        print(f"{len(files) - invalid} of {len(files)} files valid" if files else "no scenario files found")
    return CHECK_FAILED if invalid else OK
