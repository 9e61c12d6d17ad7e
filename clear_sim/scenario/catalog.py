"""Where scenarios are found: the bundled ones, ./scenarios, and any --path folders.

A scenario is named by id (``broken-phone``) or by a file path. Language variants share an id and
are conventionally named ``ID.LANG.yaml``, which lets ``play ID`` open one file without reading all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from . import model as m
from .diagnostics import Problem, did_you_mean
from .loader import ScenarioInvalid, check_file


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    title: str
    difficulty: str
    customer_type: str
    path: str
    source: str  # bundled | local | path

    def to_json(self) -> dict:
        return {"id": self.id, "lang": self.lang, "title": self.title, "difficulty": self.difficulty,
                "customer_type": self.customer_type, "path": self.path, "source": self.source}


def bundled_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    installed = here / "bundled"  # where pip puts the top-level scenarios/ folder
    return installed if installed.is_dir() else here.parent / "scenarios"  # a source checkout


def search_dirs(extra: list[str] | None = None) -> list[tuple[Path, str]]:
    """Folders in precedence order: --path folders, then ./scenarios, then the bundled ones."""
    dirs: list[tuple[Path, str]] = []
    for d in extra or []:
        p = Path(d)
        if not p.is_dir():
            raise UsageError(f"--path {d}: no such folder")
        dirs.append((p, "path"))
    dirs.append((Path("scenarios"), "local"))
    dirs.append((bundled_dir(), "bundled"))
    seen, out = set(), []
    for path, source in dirs:
        if path.is_dir():
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                out.append((path, source))
    return out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.endswith((".tests.yaml", ".tests.yml")))


def entries(extra: list[str] | None = None) -> tuple[list[Entry], list[Problem]]:
    """Every valid scenario variant (first found wins for an id+lang) and the problems of invalid files."""
    found: dict[tuple[str, str], Entry] = {}
    problems: list[Problem] = []
    for folder, source in search_dirs(extra):
        for path in _files(folder):
            scenario, probs = check_file(str(path))
            if scenario is None:
                problems.extend(probs[:1])
                continue
            key = (scenario.id, scenario.lang)
            if key not in found:
                found[key] = Entry(scenario.id, scenario.lang, scenario.title, scenario.difficulty,
                                   scenario.customer.type, str(path), source)
    return sorted(found.values(), key=lambda e: (e.id, e.lang)), problems


def default_lang() -> str:
    """Chinese when the user's locale is Chinese, else English."""
    for var in ("CLEAR_SIM_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def find(ref: str, lang: str | None = None, extra: list[str] | None = None) -> m.Scenario:
    """The scenario named by a path or an id (in ``lang``, or the best available language)."""
    if lang is not None and lang not in m.LANGS:
        raise UsageError(f'--lang must be one of {", ".join(m.LANGS)}, not "{lang}"')
    if ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref:
        if not Path(ref).exists():
            raise UsageError(f"{ref}: no such file")
        scenario = _load(ref)
        if lang is not None and scenario.lang != lang:
            raise UsageError(f"{ref} is the {scenario.lang} variant; there is no --lang {lang} in this file")
        return scenario
    dirs = search_dirs(extra)
    wanted = [lang] if lang else [default_lang()] + [x for x in m.LANGS if x != default_lang()]
    for want in wanted:  # fast path: the naming convention
        for folder, _ in dirs:
            for suffix in (".yaml", ".yml"):
                path = folder / f"{ref}.{want}{suffix}"
                if path.is_file():
                    scenario = _load(str(path))
                    if scenario.id == ref and scenario.lang == want:
                        return scenario
    known, _ = entries(extra)
    variants = {e.lang: e for e in known if e.id == ref}
    for want in wanted:
        if want in variants:
            return _load(variants[want].path)
    ids = sorted({e.id for e in known})
    if variants or any(e.id == ref for e in known):
        have = ", ".join(sorted(variants))
        raise UsageError(f'scenario "{ref}" has no {lang} variant; available: {have}')
    listing = ", ".join(ids) if ids else "none found"
    raise UsageError(f'unknown scenario "{ref}"{did_you_mean(ref, ids)}; available: {listing}')


def _load(path: str) -> m.Scenario:
    scenario, problems = check_file(path)
    if scenario is None:
        raise ScenarioInvalid(problems)
    return scenario
