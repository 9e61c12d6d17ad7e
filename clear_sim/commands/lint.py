"""`clear-sim lint`: what validate accepts but is probably wrong, one problem per line (docs/lint-rules.md)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import CHECK_FAILED, OK, UsageError

FORMATS = ("text", "json")


def run(paths: list[str], strict: bool = False, fmt: str = "text") -> int:
    """Lint every scenario file in ``paths``; 1 when there are errors (or, with ``strict``, warnings)."""
    from ..scenario.diagnostics import ERROR, WARNING
    from .validate import scenario_files

    if fmt not in FORMATS:
        raise UsageError(f'--format must be text or json, not "{fmt}"')
    files = _unique(scenario_files(paths))
    results = lint_files(files)
    problems = [p for _, probs in results for p in probs]
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = sum(1 for p in problems if p.severity == WARNING)
    if fmt == "json":
        print(json.dumps({
            "files": [{"path": f, "problems": [p.to_json() for p in probs]} for f, probs in results],
            "errors": errors,
            "warnings": warnings,
        }, ensure_ascii=False, indent=2))
    else:
        from ..ui.text import clean

        for problem in problems:
            print(clean(str(problem)))
        print(f"{_count(len(problems), 'problem')} ({_count(errors, 'error')}, {_count(warnings, 'warning')}) "
              f"in {_count(len(files), 'file')}")
    return CHECK_FAILED if errors or (strict and warnings) else OK


def lint_files(files: list[str]) -> list[tuple[str, list]]:
    """Each file (sorted by path) with its problems sorted by position: validate's when the file is
    invalid, else lint's. Language variants are looked for among these files and in their folders."""
    from ..scenario.lint import lint
    from ..scenario.loader import check_file

    loaded: dict[Path, tuple] = {}  # resolved path -> (scenario or None, problems)
    for f in files:
        loaded[Path(f).resolve()] = check_file(f)
    folders = {Path(f).resolve().parent: Path(f).parent for f in files}  # shown as the user named them
    for _, folder in sorted(folders.items()):
        for sibling in _scenario_files(folder):
            if sibling.resolve() not in loaded:
                loaded[sibling.resolve()] = check_file(str(sibling))
    scenarios = [s for s, _ in loaded.values() if s is not None]
    results = []
    for f in sorted(files):
        scenario, problems = loaded[Path(f).resolve()]
        if scenario is not None:
            variants = [s for s in scenarios if s.id == scenario.id and s.lang != scenario.lang]
            problems = lint(scenario, sorted(variants, key=lambda s: s.path or ""))
        results.append((f, sorted(problems, key=lambda p: (p.line, p.col, p.code))))
    return results


def _scenario_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
                  and not p.name.endswith((".tests.yaml", ".tests.yml")))


def _unique(files: list[str]) -> list[str]:
    """Each file once, even when named directly and through its folder."""
    seen, out = set(), []
    for f in files:
        key = Path(f).resolve()
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
