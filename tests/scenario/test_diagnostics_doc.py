"""docs/diagnostics.md is generated from the catalogue and the broken-file corpus, and kept current.

Regenerate: python tests/scenario/test_diagnostics_doc.py > docs/diagnostics.md

The examples are the broken-file corpus in tests/scenario/broken (one mistake per file), which the
test suite also runs, so every example shown here is one a test triggers.
"""

from __future__ import annotations

import os
from pathlib import Path

from clear_sim.scenario.diagnostics import CATALOGUE
from clear_sim.scenario.loader import check_file

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "scenario" / "broken"


def render() -> str:
    out = [
        "# Scenario diagnostics",
        "",
        "Every problem `clear-sim validate` (and `play`, `lint`, `test`) reports in a scenario file is one",
        "line, `path:line:col: CODE message (hint)`, with 1-based positions. E1xx: reading the file and YAML;",
        "E2xx: the structure of the format; E3xx: how nodes and endings connect. Lint rules (Lxxx) are in",
        "[lint-rules.md](lint-rules.md). Any error makes `validate` exit 1.",
        "",
        "Each example below is a file of the broken-file corpus (`tests/scenario/broken/`), a valid scenario",
        "with one mistake, and the exact line it produces.",
        "",
        "| code | meaning |",
        "|---|---|",
    ]
    out += [f"| {code} | {summary} |" for code, (_, summary) in CATALOGUE.items()]
    out.append("")
    files = sorted(CORPUS.glob("E*.yaml")) if CORPUS.is_dir() else []
    for code, (_, summary) in CATALOGUE.items():
        out += [f"## {code} — {summary}", ""]
        examples = [f for f in files if f.name.startswith(code)][:2]
        if not examples:
            out += ["Triggered by a directory or an unreadable path given as a scenario file." if code == "E101"
                    else "Triggered by a file over the size limit (2 MiB).", ""]
            continue
        for f in examples:
            lines = f.read_bytes().decode("utf-8", "replace").splitlines()
            first = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("#") else "a file with only whitespace, or nothing"
            cwd = os.getcwd()
            try:
                os.chdir(CORPUS)
                _, problems = check_file(f.name)
            finally:
                os.chdir(cwd)
            out += [f"`{f.name}` — {first}", "", "```text", *(str(p) for p in problems), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def test_the_diagnostics_doc_is_current():
    assert (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8") == render(), \
        "regenerate: python tests/scenario/test_diagnostics_doc.py > docs/diagnostics.md"


def test_every_code_has_an_example_or_a_note():
    doc = render()
    for code in CATALOGUE:
        assert f"## {code}" in doc


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    print(render(), end="")
