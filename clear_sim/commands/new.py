"""`clear-sim new NAME`: a commented, valid, playable scenario and its passing tests, to edit into your own.

Writes ``DIR/NAME.LANG.yaml`` and ``DIR/NAME.LANG.tests.yaml`` from the templates in
``clear_sim/templates/`` (data files with an ``{{id}}`` placeholder), refusing to overwrite either
file without ``force``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OK, UsageError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PLACEHOLDER = "{{id}}"


def run(name: str, lang: str = "en", directory: str = ".", force: bool = False) -> int:
    from ..scenario.model import LANGS
    from ..scenario.schema import ID_RE

    if not ID_RE.match(name):
        raise UsageError(f'"{name}" is not a valid scenario id; use lowercase letters, digits, "-" and "_" '
                         f"(e.g. late-refund)")
    if lang not in LANGS:
        raise UsageError(f'--lang must be one of {", ".join(LANGS)}, not "{lang}"')
    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(f"--dir {directory}: no such folder")
    targets = {
        folder / f"{name}.{lang}.yaml": TEMPLATES / f"new.{lang}.yaml",
        folder / f"{name}.{lang}.tests.yaml": TEMPLATES / f"new.{lang}.tests.yaml",
    }
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise UsageError(f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
                         f"use --force to overwrite")
    for target, template in targets.items():
        text = template.read_text(encoding="utf-8").replace(PLACEHOLDER, name)
        try:
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as err:
            raise UsageError(f"{target}: cannot write: {err.strerror}") from None
    scenario, tests = (str(t) for t in targets)
    print(f"created {scenario}")
    print(f"created {tests}")
    print(f"next: clear-sim validate {scenario} && clear-sim test {scenario}")
    return OK
