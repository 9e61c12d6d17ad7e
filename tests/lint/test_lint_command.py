"""`clear-sim lint`: --strict, --format json, exit codes, language variants, folders."""

from __future__ import annotations

import json
import shutil

import pytest

from clear_sim.commands.lint import run
from clear_sim.errors import UsageError

VARIANTS_EN = [
    'variants/parcel.en.yaml:55:9: L109 warning: option "calm-down" of node "opening": mood -15 here but -10 '
    "in the zh variant (variants/parcel.zh.yaml) (variant-mismatch)",
    'variants/parcel.en.yaml:70:3: L109 warning: node "details" has 2 routes here but 3 in the zh variant '
    "(variants/parcel.zh.yaml) (variant-mismatch)",
    'variants/parcel.en.yaml:70:3: L109 warning: node "details": expects [apologize, resolve] here but '
    "[resolve] in the zh variant (variants/parcel.zh.yaml) (variant-mismatch)",
    'variants/parcel.en.yaml:95:3: L109 warning: ending "unresolved": kind "unresolved" here but '
    '"escalated" in the zh variant (variants/parcel.zh.yaml) (variant-mismatch)',
]
VARIANTS_ZH = [
    'variants/parcel.zh.yaml:54:9: L109 warning: option "calm-down" of node "opening": mood -10 here but -15 '
    "in the en variant (variants/parcel.en.yaml) (variant-mismatch)",
    'variants/parcel.zh.yaml:69:3: L109 warning: node "details" has 3 routes here but 2 in the en variant '
    "(variants/parcel.en.yaml) (variant-mismatch)",
    'variants/parcel.zh.yaml:69:3: L109 warning: node "details": expects [resolve] here but [apologize, '
    "resolve] in the en variant (variants/parcel.en.yaml) (variant-mismatch)",
    'variants/parcel.zh.yaml:96:3: L109 warning: ending "unresolved": kind "escalated" here but '
    '"unresolved" in the en variant (variants/parcel.en.yaml) (variant-mismatch)',
]


def test_variant_pair_that_differs(in_fixtures, capsys):
    assert run(["variants"]) == 0
    assert capsys.readouterr().out.splitlines() == VARIANTS_EN + VARIANTS_ZH + [
        "8 problems (0 errors, 8 warnings) in 2 files"]
    assert run(["variants"], strict=True) == 1


def test_variant_found_in_the_folder_of_a_linted_file(in_fixtures, capsys):
    """Only the en file is linted; its zh twin is found beside it and compared, but not reported."""
    assert run(["variants/parcel.en.yaml"]) == 0
    assert capsys.readouterr().out.splitlines() == VARIANTS_EN + ["4 problems (0 errors, 4 warnings) in 1 file"]


def test_matching_variants_are_clean(in_fixtures, capsys):
    assert run(["clean/late-parcel.zh.yaml"], strict=True) == 0
    assert capsys.readouterr().out == "0 problems (0 errors, 0 warnings) in 1 file\n"


def test_variant_in_another_folder_is_found_when_both_are_named(tmp_path, in_fixtures, capsys):
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    shutil.copy(in_fixtures / "variants" / "parcel.en.yaml", tmp_path / "en")
    shutil.copy(in_fixtures / "variants" / "parcel.zh.yaml", tmp_path / "zh")
    assert run([str(tmp_path / "en")]) == 0  # alone: no variant to compare with
    assert capsys.readouterr().out.splitlines()[-1] == "0 problems (0 errors, 0 warnings) in 1 file"
    assert run([str(tmp_path / "en"), str(tmp_path / "zh")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "8 problems (0 errors, 8 warnings) in 2 files"


def test_strict_turns_warnings_into_failure(in_fixtures, capsys):
    assert run(["broken/l110-key-without-model-answer.yaml"]) == 0
    assert run(["broken/l110-key-without-model-answer.yaml"], strict=True) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "1 problem (0 errors, 1 warning) in 1 file"


def test_errors_fail_without_strict(in_fixtures, capsys):
    assert run(["broken/l103-no-exit-cycle.yaml"]) == 1


def test_json(in_fixtures, capsys):
    assert run(["broken/l105-no-default-route.yaml", "clean/late-parcel.en.yaml"], fmt="json") == 1
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "files": [
            {"path": "broken/l105-no-default-route.yaml", "problems": [{
                "path": "broken/l105-no-default-route.yaml", "line": 88, "col": 9, "code": "L105",
                "severity": "error",
                "message": 'node "details" has no default route: a typed reply that matches none of its 2 '
                           'routes has nowhere to go; end them with a route without "when" (no-default-route)',
            }]},
            {"path": "clean/late-parcel.en.yaml", "problems": []},
        ],
        "errors": 1,
        "warnings": 0,
    }


def test_json_counts_warnings(in_fixtures, capsys):
    assert run(["variants"], fmt="json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["errors"], data["warnings"]) == (0, 8)
    assert [len(f["problems"]) for f in data["files"]] == [4, 4]


def test_invalid_file_reports_validate_problems(write, capsys):
    path = write("bad.yaml", "format: 1\nid: Bad Id\n")
    assert run([path]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path}:")
    assert all(" E2" in line for line in out[:-1])
    assert out[-1].endswith("errors, 0 warnings) in 1 file")


def test_files_sorted_and_each_once(in_fixtures, capsys):
    """A file named directly and through its folder is linted once; output is in path order."""
    assert run(["variants/parcel.zh.yaml", "variants", "variants/parcel.en.yaml"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == VARIANTS_EN + VARIANTS_ZH + ["8 problems (0 errors, 8 warnings) in 2 files"]


def test_missing_path_is_a_usage_error(in_fixtures):
    with pytest.raises(UsageError) as err:
        run(["no-such-folder"])
    assert err.value.exit_code == 2
    assert str(err.value) == "no-such-folder: no such file or folder"


def test_bad_format_is_a_usage_error(in_fixtures):
    with pytest.raises(UsageError) as err:
        run(["clean"], fmt="xml")
    assert err.value.exit_code == 2
    assert str(err.value) == '--format must be text or json, not "xml"'


def test_empty_folder(tmp_path, capsys):
    assert run([str(tmp_path)]) == 0
    assert capsys.readouterr().out == "0 problems (0 errors, 0 warnings) in 0 files\n"


def test_control_characters_in_paths_are_stripped(tmp_path, in_fixtures, capsys):
    odd = tmp_path / "odd\x1b[31mname.yaml"
    shutil.copy(in_fixtures / "broken" / "l110-key-without-model-answer.yaml", odd)
    run([str(odd)])
    assert "\x1b" not in capsys.readouterr().out
