"""``docs/lint-rules.md``, generated from the rules themselves: ``python -m clear_sim.scenario.lint.docs``.

A rule's docstring is its explanation followed by a ``Fails::`` and a ``Passes::`` block of YAML
(indented); the tests lint both blocks, so the documented examples are known to be right.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from . import RULES, Rule
from .long_line import CUSTOMER_LIMIT, OPTION_LIMIT


@dataclass(frozen=True)
class RuleDoc:
    text: str  # the explanation (Markdown-ish prose)
    fails: str  # YAML
    passes: str  # YAML


def parse(rule: Rule) -> RuleDoc:
    """Split a rule's docstring into its explanation and its two examples."""
    text, _, rest = rule.doc.partition("\nFails::\n")
    fails, _, passes = rest.partition("\nPasses::\n")
    return RuleDoc(text.strip(), textwrap.dedent(fails).strip("\n") + "\n", textwrap.dedent(passes).strip("\n") + "\n")


INTRO = f"""\
# Lint rules

`clear-sim lint PATH... [--strict] [--format text|json]` checks scenario files (or every `.yaml` file
in a folder) for things that `clear-sim validate` accepts but that are almost certainly mistakes:
branches nobody can reach, calls that can never end, annotations the analyzer disagrees with,
language variants that drifted apart. A file that is not valid is reported with its `validate`
problems instead.

Each problem is one line, `path:line:col: CODE severity: message (rule-name)`, sorted by file and
position, followed by a summary such as `3 problems (1 error, 2 warnings) in 2 files`.
`--format json` prints `{{"files": [{{"path", "problems": [...]}}], "errors": N, "warnings": N}}`.

Exit status: 0 when there are no errors (with `--strict`: no errors and no warnings), 1 otherwise,
2 for a usage error (a path that does not exist, an unknown `--format`).

Limits used by `long-line`: a customer line may have {CUSTOMER_LIMIT} characters, an option text
{OPTION_LIMIT} (a Chinese character counts as one).

This page is generated from the rules' docstrings (`python -m clear_sim.scenario.lint.docs >
docs/lint-rules.md`); a test fails when it is out of date. The examples show only the keys that
matter: the rest of each file (`format`, `id`, `lang`, `title`, `customer`, …) is as in the annotated
example of [scenario-format.md](scenario-format.md).
"""


def markdown() -> str:
    out = [INTRO, "| code | name | severity | what it finds |", "|---|---|---|---|"]
    for r in RULES:
        out.append(f"| [{r.code}](#{r.code.lower()}-{r.name}) | `{r.name}` | {r.level} | {r.summary} |")
    for r in RULES:
        doc = parse(r)
        out += ["", f"## {r.code} {r.name}", "", f"Severity: **{r.level}**", "", doc.text.replace("``", "`"), "",
                "Fails:", "", "```yaml", doc.fails.rstrip("\n"), "```", "",
                "Passes:", "", "```yaml", doc.passes.rstrip("\n"), "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
