"""The corpus of broken scenario files, run through the real ``clear-sim validate``, one file per case.

Every file in ``broken/`` (but the empty, top-level and BOM ones) is the annotated example of
docs/scenario-format.md (``valid/late-parcel.en.yaml``, or its Chinese translation ``late-parcel.zh.yaml``)
with ONE mistake, described in its first line, so it produces exactly one problem (``multi-problem.yaml``
has several on purpose). Each case states the exact output line ``path:line:col: CODE message``, the exit
code, and ``at``: the text found at that 1-based line and column of the file (columns count characters,
so a Chinese character is one column). ``test_position_points_at`` checks those ``at`` texts against the
files, so a wrong position cannot hide behind a copied expectation.

``bug-*.yaml`` files (and a few E110 files) once showed loader bugs, now fixed: each case states what the output
must be, and its ``regression`` text says what went wrong before.
"""

from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from clear_sim.scenario.diagnostics import CATALOGUE

from .conftest import BROKEN, VALID, assert_no_traceback, run_validate


@dataclass(frozen=True)
class Case:
    file: str
    lines: tuple[str, ...] = ()  # exact output lines before the summary
    at: tuple[str | None, ...] = ()  # per line: the text that starts at line:col (None: nothing to point at)
    pattern: str = ""  # for bugs: a regex each output line must match instead of `lines`
    exit: int = 1
    folder: Path = BROKEN
    regression: str = ""  # the loader bug this case once showed (fixed; kept as the reason for the case)


def case(file: str, *lines: str, at=(), pattern: str = "", exit: int = 1, folder: Path = BROKEN, regression: str = ""):
    at = tuple(at) if isinstance(at, (list, tuple)) else (at,)
    c = Case(file, tuple(lines), at, pattern, exit, folder, regression)
    return pytest.param(c, id=file)


NOT_MAPPING = "a scenario must be a mapping of keys (format, id, …), but this file is"
BAD_ID = 'is not a valid id; use lowercase letters, digits, "-" and "_"'

CASES = [
    # --- valid files: a UTF-8 BOM and CRLF line endings are harmless -----------------------------------
    case("bom.en.yaml", exit=0, folder=VALID),
    case("crlf.en.yaml", exit=0, folder=VALID),
    case("late-parcel.zh.yaml", exit=0, folder=VALID),
    # --- E1xx: reading ---------------------------------------------------------------------------------
    case("E102-empty.yaml", "E102-empty.yaml:1:1: E102 file is empty; a scenario starts with 'format: 1'", at=None),
    case("E102-blank-lines.yaml", "E102-blank-lines.yaml:1:1: E102 file is empty; a scenario starts with 'format: 1'", at=None),
    case("E103-nul-byte.yaml", "E103-nul-byte.yaml:5:18: E103 file is binary (NUL byte), not a YAML text file", at="\x00"),
    # GBK bytes of 迟 are B3 D9: the first Chinese character of the title, after "title: "
    case("E104-gbk.zh.yaml", "E104-gbk.zh.yaml:5:8: E104 invalid UTF-8 byte 0xb3; save the file as UTF-8", at="\ufffd"),
    # "  name: 陈女士 (Ché" - the three Chinese characters count one column each
    case("E104-latin1-after-chinese.zh.yaml",
         "E104-latin1-after-chinese.zh.yaml:12:16: E104 invalid UTF-8 byte 0xe9; save the file as UTF-8", at="\ufffdn)"),
    # --- E110: YAML syntax -----------------------------------------------------------------------------
    case("E110-tab-indent.yaml",
         "E110-tab-indent.yaml:13:1: E110 YAML syntax error: while scanning a plain scalar: found a tab character that violates indentation",
         at="\ttype"),
    case("E110-bad-indent.yaml",
         "E110-bad-indent.yaml:13:2: E110 YAML syntax error: while parsing a block mapping: did not find expected key",
         at="type: venting"),
    case("E110-key-value-value.yaml",
         "E110-key-value-value.yaml:5:18: E110 YAML syntax error: mapping values are not allowed in this context",
         at=": never came"),
    # Chinese: "    customer: 订单号是: 4471-22。" - the ASCII ": " after four Chinese characters is column 19
    case("E110-colon-in-chinese.zh.yaml",
         "E110-colon-in-chinese.zh.yaml:71:19: E110 YAML syntax error: mapping values are not allowed in this context",
         at=": 4471-22。"),
    case("E110-undefined-alias.yaml",
         'E110-undefined-alias.yaml:78:15: E110 YAML syntax error: found undefined alias "*resolved"', at="*resolved"),
    case("E110-unclosed-quote.yaml", at='"Forget it!',
         pattern=r'E110-unclosed-quote\.yaml:101:15: E110 YAML syntax error: while scanning a quoted scalar: .*',
         regression='the position is the end of the file (103:1, past the last line), not the opening quote at 101:15: '
             'yamlsafe.parse prefers problem_mark over context_mark'),
    case("E110-fullwidth-colon.zh.yaml", at="title：",
         pattern=r"E110-fullwidth-colon\.zh\.yaml:5:\d+: E110 .*",
         regression='"title：迟迟不到的包裹" (full-width colon) on line 5 is reported at 6:1, the start of the next line: '
             'the context mark of "while scanning a simple key" points at line 5'),
    case("E110-unclosed-flow-list.yaml", at="[retail",
         pattern=r"E110-unclosed-flow-list\.yaml:9:\d+: E110 .*",
         regression='"tags: [retail" without "]" on line 9 is reported at 11:9 ("customer:"); the context mark is 9:7'),
    # --- E111-E115: YAML the loader refuses ------------------------------------------------------------
    case("E111-duplicate-key.yaml",
         'E111-duplicate-key.yaml:5:1: E111 duplicate key "lang" (first defined on line 4); remove one', at="lang: zh"),
    case("E111-duplicate-node.yaml",
         'E111-duplicate-node.yaml:90:3: E111 duplicate key "details" (first defined on line 70); remove one', at="details:"),
    # Chinese: the second "any" comes after "keywords: [生日, 订单号], " in a flow mapping
    case("E111-duplicate-in-flow.zh.yaml",
         'E111-duplicate-in-flow.zh.yaml:65:63: E111 duplicate key "any" (first defined on line 65); remove one',
         at="any: [listen]}"),
    # "tags: " then 70 "[": the 64th one, at column 6 + 64, would be the 65th level (the root mapping is the first)
    case("E112-deep-nesting.yaml", "E112-deep-nesting.yaml:9:70: E112 nesting is deeper than 64 levels", at="[" * 7 + "]"),
    # the list anchored &e is the first value whose expansion passes the limit
    case("E113-alias-bomb.yaml",
         "E113-alias-bomb.yaml:16:37: E113 the document expands to more than 1,000,000 values through aliases (an alias bomb?)",
         at="*e, *e, *e]"),
    case("E114-two-documents.yaml",
         "E114-two-documents.yaml:103:1: E114 more than one YAML document ('---'); put one scenario per file", at="---"),
    case("E115-merge-key.yaml",
         "E115-merge-key.yaml:96:5: E115 merge keys (<<) are not supported; repeat the keys instead", at="<<: *resolved"),
    case("E115-custom-tag.yaml", 'E115-custom-tag.yaml:14:9: E115 the tag "!mood" is not allowed in a scenario', at="!mood"),
    case("E115-recursive-alias.yaml",
         'E115-recursive-alias.yaml:9:22: E115 alias "*tags" refers to its own container (recursive)', at="*tags]"),
    case("E115-complex-key.yaml",
         "E115-complex-key.yaml:9:3: E115 mapping keys must be plain scalars, not lists or mappings", at="[retail]"),
    # --- E2xx: structure -------------------------------------------------------------------------------
    case("E201-top-level-list.yaml", f"E201-top-level-list.yaml:1:1: E201 {NOT_MAPPING} a list", at=None),
    case("E201-top-level-scalar.yaml", f"E201-top-level-scalar.yaml:1:1: E201 {NOT_MAPPING} a single value", at=None),
    case("E201-only-comments.yaml", f"E201-only-comments.yaml:1:1: E201 {NOT_MAPPING} empty", at=None),
    case("E202-unknown-key.yaml", 'E202-unknown-key.yaml:10:1: E202 unknown key "colour" in scenario', at="colour"),
    case("E202-did-you-mean.yaml",
         'E202-did-you-mean.yaml:53:9: E202 unknown key "feedbak" in option (did you mean "feedback"?)', at="feedbak:"),
    # a missing key is reported where the mapping that lacks it starts
    case("E203-missing-key.yaml", 'E203-missing-key.yaml:2:1: E203 scenario is missing required key "difficulty"',
         at="format: 1"),
    case("E203-missing-ending-kind.yaml",
         'E203-missing-ending-kind.yaml:100:5: E203 ending is missing required key "kind"', at='customer: "Forget it!"'),
    case("E204-mood-string.yaml", "E204-mood-string.yaml:14:9: E204 mood must be a whole number, not a string",
         at="twenty-five"),
    case("E204-text-mapping.yaml", "E204-text-mapping.yaml:5:8: E204 title must be a string, not a mapping", at="{en:"),
    case("E204-bool-string.yaml", "E204-bool-string.yaml:38:14: E204 venting must be true or false, not a string",
         at='"yes"'),
    case("E204-list-string.yaml", "E204-list-string.yaml:15:10: E204 facts must be a list, not a string", at="Ordered"),
    case("E204-customer-line-mapping.yaml",
         "E204-customer-line-mapping.yaml:72:15: E204 customer must be a string or a list of variants, not a mapping",
         at="{text:"),
    case("E205-difficulty.yaml",
         'E205-difficulty.yaml:8:13: E205 difficulty "beginer" is not one of: beginner, intermediate, advanced (did you mean "beginner"?)',
         at="beginer"),
    case("E205-move.yaml",
         'E205-move.yaml:76:17: E205 moves[1] "apologise" is not one of: listen, establish, apologize, resolve (did you mean "apologize"?)',
         at="apologise,"),
    case("E205-ending-kind.yaml",
         'E205-ending-kind.yaml:100:11: E205 kind "hung-up" is not one of: resolved, escalated, hung_up, unresolved (did you mean "hung_up"?)',
         at="hung-up"),
    case("E205-customer-type.zh.yaml",
         'E205-customer-type.zh.yaml:13:9: E205 type "发泄型" is not one of: arguer, pressing, novice, venting, special',
         at="发泄型"),
    case("E206-mood.yaml", "E206-mood.yaml:14:9: E206 mood must be between 0 and 100, not 120", at="120"),
    case("E206-mood-crlf.yaml", "E206-mood-crlf.yaml:14:9: E206 mood must be between 0 and 100, not 120", at="120"),
    case("E206-option-mood.yaml", "E206-option-mood.yaml:59:15: E206 mood must be between -100 and 100, not -150",
         at="-150"),
    case("E207-format.yaml", "E207-format.yaml:2:9: E207 format 2 is not supported; this clear-sim reads format 1", at="2"),
    # BOM then "format: 2" on line 1: the BOM is not a column
    case("E207-format-bom.yaml", "E207-format-bom.yaml:1:9: E207 format 2 is not supported; this clear-sim reads format 1",
         at="2"),
    case("E208-scenario-id.yaml", f'E208-scenario-id.yaml:3:5: E208 id "Late_Parcel" {BAD_ID}', at="Late_Parcel"),
    case("E208-option-id.yaml", f'E208-option-id.yaml:55:13: E208 id "calm down" {BAD_ID}', at="calm down"),
    case("E209-empty-title.yaml", "E209-empty-title.yaml:5:8: E209 title is empty", at='""'),
    # Chinese: a text of one full-width space (U+3000) is empty too
    case("E209-fullwidth-space.zh.yaml", "E209-fullwidth-space.zh.yaml:55:15: E209 text is empty", at='"\u3000"'),
    # --- E3xx: graph -----------------------------------------------------------------------------------
    case("E301-option-next.yaml",
         'E301-option-next.yaml:54:15: E301 option "empathise-ask" leads to "detials", which is not a node or ending (did you mean "details"?)',
         at="detials"),
    case("E301-route-next.yaml",
         'E301-route-next.yaml:88:15: E301 route 2 of node "details" leads to "escalated", which is not a node or ending',
         at="escalated"),
    case("E301-start.yaml", 'E301-start.yaml:26:8: E301 start "begin" is not a node', at="begin"),
    case("E301-start-is-ending.yaml",
         'E301-start-is-ending.yaml:26:8: E301 start "resolved" is not a node (it is an ending; start must be a node)',
         at="resolved"),
    case("E302-node-and-ending.yaml",
         'E302-node-and-ending.yaml:99:3: E302 "details" is both a node and an ending; rename one', at="details:"),
    case("E302-duplicate-option-id.yaml",
         'E302-duplicate-option-id.yaml:55:13: E302 option id "empathise-ask" is used twice in node "opening" (first on line 49)',
         at="empathise-ask"),
    # reported where the node's mapping starts (its first key)
    case("E303-no-options.yaml",
         'E303-no-options.yaml:71:5: E303 node "details" has neither options nor routes; add options, or make it an ending',
         at="expects:"),
    case("E304-default-route-first.yaml",
         'E304-default-route-first.yaml:63:9: E304 route 1 of node "opening" has no "when" (a default route) but is not last',
         at="next: details"),
    case("E305-last-variant-conditional.yaml",
         'E305-last-variant-conditional.yaml:44:9: E305 the last customer line of node "opening" has a mood condition; add a variant without one',
         at="mood_at_least: 15"),
    case("E306-mood-limit-node.yaml",
         'E306-mood-limit-node.yaml:30:13: E306 mood limit names "details", which is not an ending', at="details"),
    case("E306-mood-limit-typo.yaml",
         'E306-mood-limit-typo.yaml:30:13: E306 mood limit names "hangup", which is not an ending (did you mean "hung-up"?)',
         at="hangup"),
    # --- several problems at once: YAML, structure and graph problems together, in line order -----------
    case(
        "multi-problem.yaml",
        "multi-problem.yaml:5:8: E209 title is empty",
        'multi-problem.yaml:8:13: E205 difficulty "beginer" is not one of: beginner, intermediate, advanced (did you mean "beginner"?)',
        "multi-problem.yaml:14:9: E206 mood must be between 0 and 100, not 120",
        'multi-problem.yaml:39:5: E111 duplicate key "venting" (first defined on line 38); remove one',
        'multi-problem.yaml:54:9: E202 unknown key "feedbak" in option (did you mean "feedback"?)',
        'multi-problem.yaml:55:15: E301 option "empathise-ask" leads to "detials", which is not a node or ending (did you mean "details"?)',
        'multi-problem.yaml:77:17: E205 moves[1] "apologise" is not one of: listen, establish, apologize, resolve (did you mean "apologize"?)',
        'multi-problem.yaml:101:11: E205 kind "hung-up" is not one of: resolved, escalated, hung_up, unresolved (did you mean "hung_up"?)',
        at=('""', "beginer", "120", "venting: false", "feedbak", "detials", "apologise", "hung-up"),
    ),
    # --- loader bugs: what should happen ----------------------------------------------------------------
    case("bug-impossible-date.yaml", exit=0,
         regression='"title: 2024-02-30" crashed validate with a ValueError traceback (the timestamp constructor); '
             'a scenario has no dates, so an unquoted date is now plain text'),
    case("bug-python-tag.yaml", at="!!python/tuple", pattern=r'bug-python-tag\.yaml:9:7: E115 .*',
         regression='"tags: !!python/tuple [retail]" is accepted as valid (exit 0): tags under tag:yaml.org,2002:python/ '
             'pass the custom-tag check, and yaml.safe_load refuses this file'),
    case("bug-bom-nul.yaml", at="\x001", pattern=r"bug-bom-nul\.yaml:1:9: E103 .*",
         regression="with a UTF-8 BOM, a NUL on line 1 is reported one column too far right (1:10): _locate counts the BOM"),
    case("bug-utf16.yaml", at=None, pattern=r"bug-utf16\.yaml:1:1: E104 .*",
         regression='a UTF-16 text file (what Windows Notepad saves as "Unicode") is called binary (E103 at 1:4); it is '
             "text in the wrong encoding, E104 (save as UTF-8)"),
    case("bug-empty-customer-list.yaml", at="[]", pattern=r"bug-empty-customer-list\.yaml:72:15: E204 .*\bempty\b.*",
         regression='"customer: []" says "must be a string or a list of variants, not a list": it is a list, an empty one'),
    case("bug-enum-mapping.yaml", at="{name:", pattern=r"bug-enum-mapping\.yaml:13:9: E204 type must be .*",
         regression="a mapping for an enum field is E205 with a Python repr (type \"{'name': 'venting'}\"), not E204 wrong type"),
    case("bug-enum-boolean.yaml", at="no", pattern=r'bug-enum-boolean\.yaml:4:7: E20[45] (?!.*"False").*',
         regression='"lang: no" is reported as lang "False": the message quotes a value the author never wrote'),
    case("bug-invalid-node-cascade.yaml",
         'bug-invalid-node-cascade.yaml:70:12: E204 node "details" must be a mapping, not a string', at='"It',
         regression='a node that is not a mapping is also reported four times as E301 "leads to "details", which is not a '
             'node or ending" - but "details" is a node'),
    case("bug-empty-nodes.yaml", at=None, pattern=r"bug-empty-nodes\.yaml:\d+:\d+: E\d{3} .*",
         regression='"nodes: {}" with "start: opening" is accepted (exit 0): E301 for start is skipped when there are no nodes'),
    case("bug-aliased-option-id.yaml", at="*ask", pattern=r'bug-aliased-option-id\.yaml:56:9: E302 .*',
         regression="an option repeated through an alias (*ask) is reported at its anchor (50:13, \"first on line 50\"), "
             "not at the alias"),
    case("bug-id-trailing-newline.yaml", at="|", pattern=r'bug-id-trailing-newline\.yaml:3:5: E208 .*',
         regression='"id: |" + "  late-parcel" gives the id "late-parcel\\n", which is accepted: ID_RE ends in "$", '
             "which also matches before a final newline (use \\Z or fullmatch)"),
    case("bug-multiline-message.yaml",
         'bug-multiline-message.yaml:26:8: E208 start "opening\\n" is not a valid id; use lowercase letters, digits, "-" and "_"',
         at="|",
         regression='"start: |" + "  opening" prints one problem over two lines (start "opening<newline>" is not a node): '
             "a value or key with a newline breaks the one-line path:line:col format"),
]


_results: dict[str, object] = {}


def _result(c: Case, request):
    """Run the selected cases' subprocesses once, concurrently (each CLI start costs ~0.2-0.5 s of CPU)."""
    if c.file not in _results:
        selected = [item.callspec.params["c"] for item in request.session.items
                    if getattr(item, "originalname", "") == "test_validate_reports" and item.module is sys.modules[__name__]]
        todo = {x.file: x for x in selected + [c] if x.file not in _results}
        workers = max(2, min(8, (os.cpu_count() or 2) * 2))
        with ThreadPoolExecutor(workers) as pool:
            futures = {name: pool.submit(run_validate, [x.file], x.folder) for name, x in todo.items()}
            _results.update({name: f.result() for name, f in futures.items()})
    return _results[c.file]


@pytest.mark.parametrize("c", CASES)
def test_validate_reports(c: Case, request):
    proc = _result(c, request)
    assert_no_traceback(proc)
    assert proc.returncode == c.exit, proc.stdout + proc.stderr
    *lines, summary = proc.stdout.splitlines()
    assert summary == ("1 of 1 files valid" if c.exit == 0 else "0 of 1 files valid")
    if c.exit == 0:
        assert lines == [] and proc.stderr == ""
    elif c.pattern:
        assert lines, "no problem reported"
        for line in lines:
            assert re.fullmatch(c.pattern, line), line
    else:
        assert lines == list(c.lines)
    assert proc.stdout.endswith("\n")


def _text_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    return re.split(r"\r\n|\r|\n", text)


POSITION = re.compile(r"^[^:]+:(\d+):(\d+): (E\d{3}) ")
PATTERN_POSITION = re.compile(r"\.yaml:(\d+):(\d+|\\d\+): ")


def _positions(c: Case):
    """(line, col or None, at) for each expected problem; col None when a bug case leaves the column open."""
    if c.pattern:
        m = PATTERN_POSITION.search(c.pattern)
        assert m, c.pattern
        yield int(m[1]), (int(m[2]) if m[2].isdigit() else None), c.at[0]
        return
    for expected, at in zip(c.lines, c.at):
        m = POSITION.match(expected)
        assert m, expected
        yield int(m[1]), int(m[2]), at


@pytest.mark.parametrize("c", [p.values[0] for p in CASES if any(p.values[0].at)], ids=lambda c: c.file)
def test_position_points_at(c: Case):
    """The expected line:col really is where the mistake is (1-based; one column per character)."""
    text = _text_lines(c.folder / c.file)
    for line, col, at in _positions(c):
        if at is None:
            continue
        if col is None:
            assert at in text[line - 1], (line, text[line - 1])
        else:
            assert text[line - 1][col - 1:].startswith(at), (line, col, text[line - 1])


def test_every_code_is_covered():
    """Each code of the catalogue is produced by at least one case (E101 and E105 by test_loader.py)."""
    codes = {POSITION.match(line)[3] for p in CASES for line in p.values[0].lines}
    errors = {code for code in CATALOGUE if code.startswith("E")}  # lint rules (Lxxx) are not the loader's
    missing = errors - codes - {"E101", "E105"}
    assert not missing, sorted(missing)


def test_corpus_has_no_stray_files():
    """Every file of the corpus has a case, so a new file cannot be forgotten."""
    named = {p.values[0].file for p in CASES if p.values[0].folder == BROKEN}
    on_disk = {f.name for f in BROKEN.iterdir() if f.suffix == ".yaml"}
    assert on_disk == named
