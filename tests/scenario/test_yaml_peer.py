"""The safe YAML layer against the public YAML test suite (peer data in ../shared beside the repository).

For every case, ``yamlsafe.parse`` returns a value or raises ``YamlError`` with a well-formed problem,
never another exception and never a hang; the whole loader (``check_bytes``) answers every case with
problems, each on one line. Cases the suite marks invalid must be refused, except where PyYAML's own
``yaml.safe_load`` accepts them too (we are never laxer than PyYAML). For valid single-document cases
that ``yaml.safe_load`` loads, our value equals PyYAML's, unless the loader refuses the feature on purpose
(E114 several documents, E115 merge keys / custom tags / complex keys / recursive aliases).

The loader parses with libyaml (``yaml.CSafeLoader``); ``yaml.safe_load`` is PyYAML's pure-Python parser.
Where the two parsers disagree about a case the test says so in its skip or xfail reason.
"""

from __future__ import annotations

import math
import re
import signal
from pathlib import Path

import pytest
import yaml

from clear_sim.scenario import yamlsafe
from clear_sim.scenario.diagnostics import CATALOGUE, Problem
from clear_sim.scenario.loader import check_bytes

# the repository is .../<repo>; the peer data sits beside it as .../shared (CI: ../shared from the clone)
SHARED = Path(__file__).resolve().parents[3] / "shared"
SUITE = SHARED / "peer" / "yaml-test-suite"

if not (SUITE / "cases").is_dir() or not (SUITE / "invalid.txt").is_file():
    pytest.skip(f"peer data not found at {SUITE}", allow_module_level=True)

CASES = sorted((SUITE / "cases").glob("*.yaml"))
INVALID = set((SUITE / "invalid.txt").read_text(encoding="utf-8").split())

# Invalid per the suite, but PyYAML accepts them too (both its pure-Python and its libyaml parser): we
# follow PyYAML here. Mostly flow collections and comments libyaml is lenient about.
INVALID_ACCEPTED_LIKE_PYYAML = {
    "9C9N": "flow sequence continued at a lower indentation",
    "9JBA": "comment right after a flow sequence, no space before #",
    "CVW2": "comment right after a comma in a flow sequence",
    "DK95_01": "tab at the start of a continuation line of a quoted scalar",
    "G5U8": "plain '-' inside a flow sequence",
    "QB6E": "continuation lines of a quoted scalar not indented",
    "S98Z": "block scalar with a more-indented blank line before a comment",
    "SU5Z": "comment right after a quoted scalar, no space before #",
    "YJV2": "'[-]': a plain '-' in a flow sequence",
}
# Invalid per the suite and refused by yaml.safe_load, but libyaml - which the loader uses - accepts them:
# here we are laxer than yaml.safe_load.
LAXER_THAN_SAFE_LOAD = {
    "MUS6_00": "'%YAML 1.1#...' directive with a comment glued to it",
    "X4QW": "block scalar header '>' with a comment glued to it ('>#')",
    "Y79Y_003": "tab as indentation inside a flow sequence",
}
# Valid cases where our value differs from PyYAML's because collection tags are silently ignored.
COLLECTION_TAGS_IGNORED = {
    "2XXW": "!!set becomes a mapping with null values (PyYAML: a set)",
    "J7PZ": "!!omap becomes a list of one-key mappings (PyYAML: a list of pairs)",
}
REFUSED_ON_PURPOSE = {
    "E114": "several documents (one scenario per file)",
    "E115": "refused on purpose (merge key, custom tag, complex key or recursive alias)",
}


def _id(path: Path) -> str:
    return path.stem


@pytest.fixture(autouse=True)
def no_hang():
    """Fail a case that takes more than 5 seconds instead of hanging the run (where SIGALRM exists)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def timeout(signum, frame):
        raise TimeoutError("yamlsafe.parse did not finish within 5 s")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def _well_formed(p: Problem, name: str) -> None:
    assert isinstance(p, Problem)
    assert p.code in CATALOGUE, p
    assert isinstance(p.line, int) and isinstance(p.col, int) and p.line >= 1 and p.col >= 1, p
    assert p.path == name and p.message.strip(), p


def _parse(path: Path):
    """(value, problems) or the YamlError's problem; anything else propagates and fails the test."""
    try:
        return yamlsafe.parse(_text(path), path.name), None
    except yamlsafe.YamlError as err:
        return None, err.problem


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_parse_returns_or_raises_yamlerror(path: Path):
    result, problem = _parse(path)
    if problem is not None:
        _well_formed(problem, path.name)
    else:
        for p in result[1]:
            _well_formed(p, path.name)


# a newline inside a key makes the problem message two lines (see test_broken.py: bug-multiline-message)
MULTILINE_KEYS = {"5WE3": 'a "? block key" ending in a newline', "6SLA": 'a quoted key containing "\\n"'}


@pytest.mark.parametrize("path", CASES, ids=_id)  # MULTILINE_KEYS cases once printed over two lines
def test_loader_reports_every_case_on_one_line(path: Path):
    """None of the cases is a scenario: check_bytes answers each with problems, one line each."""
    scenario, problems = check_bytes(path.read_bytes(), path.name)
    assert scenario is None and problems
    for p in problems:
        _well_formed(p, path.name)
        assert not re.search(r"[\r\n]", str(p)), str(p)


def _invalid_param(path: Path):
    if path.stem in LAXER_THAN_SAFE_LOAD:
        reason = f"libyaml accepts what yaml.safe_load refuses: {LAXER_THAN_SAFE_LOAD[path.stem]}"
        return pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=reason))
    return path


@pytest.mark.parametrize("path", [_invalid_param(p) for p in CASES if p.stem in INVALID], ids=_id)
def test_invalid_cases_are_refused_unless_pyyaml_accepts_them(path: Path):
    value, problem = _parse(path)
    if problem is not None:
        assert path.stem not in INVALID_ACCEPTED_LIKE_PYYAML, "now refused: remove it from the list"
        return
    # accepted: only acceptable where PyYAML accepts it too
    yaml.safe_load(_text(path))  # raises if PyYAML refuses: then we are laxer than PyYAML
    assert path.stem in INVALID_ACCEPTED_LIKE_PYYAML, "an invalid case newly accepted: check it and list it"


def _same(ours, theirs) -> bool:
    """Deep equality that also tells 1, 1.0 and True apart and treats NaN as equal to NaN."""
    if isinstance(theirs, dict):
        return isinstance(ours, dict) and list(ours) == list(theirs) and all(_same(ours[k], theirs[k]) for k in theirs)
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(_same, ours, theirs))
    if isinstance(theirs, float) and math.isnan(theirs):
        return isinstance(ours, float) and math.isnan(ours)
    return type(ours) is type(theirs) and ours == theirs


def _valid_param(path: Path):
    if path.stem in COLLECTION_TAGS_IGNORED:
        reason = f"collection tags are ignored, not refused: {COLLECTION_TAGS_IGNORED[path.stem]}"
        return pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=reason))
    return path


@pytest.mark.parametrize("path", [_valid_param(p) for p in CASES if p.stem not in INVALID], ids=_id)
def test_valid_cases_give_pyyaml_value(path: Path):
    text = _text(path)
    try:
        theirs = yaml.safe_load(text)
    except yaml.YAMLError as err:
        pytest.skip(f"yaml.safe_load refuses it too ({type(err).__name__})")
    result, problem = _parse(path)
    if problem is not None:
        if problem.code in REFUSED_ON_PURPOSE:
            pytest.skip(REFUSED_ON_PURPOSE[problem.code])
        # libyaml (the loader's parser) is stricter than pure-Python PyYAML on a few valid inputs
        with pytest.raises(yaml.YAMLError):
            yaml.load(text, Loader=yaml.CSafeLoader)
        pytest.skip(f"libyaml refuses it, pure-Python PyYAML accepts it: {problem.message}")
    ours, problems = result
    assert problems == [], problems  # a valid YAML file has no duplicate keys
    if not _same(ours, theirs):
        c_value = yaml.load(text, Loader=yaml.CSafeLoader)
        if _same(ours, c_value) and not _same(c_value, theirs):
            pytest.skip(f"libyaml and pure-Python PyYAML disagree ({c_value!r} vs {theirs!r}); we follow libyaml")
    assert _same(ours, theirs), (ours, theirs)


def test_validate_the_whole_suite_folder():
    """One CLI run over all cases: every file invalid, exit 1, no traceback (the README's expectation)."""
    from .conftest import assert_no_traceback, run_validate

    proc = run_validate(["cases"], SUITE)
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout.endswith(f"\n0 of {len(CASES)} files valid\n")
    for line in proc.stdout.splitlines()[:-1]:
        if line.startswith("cases/"):
            assert re.match(r"cases/[^:]+\.yaml:\d+:\d+: E\d{3} ", line), line
