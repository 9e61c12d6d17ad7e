"""The command line as a user meets it: exit codes, one-line errors, the JSON shape, literal text."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "engine" / "tiny.yaml"


def cli(*args, stdin=None, cwd=ROOT):
    env = dict(os.environ, COLUMNS="80", NO_COLOR="1", TERM="dumb")
    return subprocess.run([sys.executable, "-m", "clear_sim", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", input=stdin, env=env, cwd=str(cwd))


def one_line_error(result, code):
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_help_and_version():
    assert cli("--help").returncode == 0
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("clear-sim ")


def test_unknown_command_and_unknown_flag_are_usage_errors():
    assert cli("plya").returncode == 2
    assert cli("play", "broken-phone", "--colour").returncode == 2


def test_unknown_scenario_lists_what_exists():
    line = one_line_error(cli("play", "broken-phon", "--answers", "-", stdin="1\n"), 2)
    assert line.startswith('clear-sim: unknown scenario "broken-phon" (did you mean "broken-phone"?); available: ')
    assert "fly-in-yogurt" in line


def test_a_missing_language_variant_says_which_exist(tmp_path):
    (tmp_path / "tiny.en.yaml").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    line = one_line_error(cli("play", "tiny", "--lang", "zh", "--path", tmp_path, "--answers", "-", stdin=""), 2)
    assert line == 'clear-sim: scenario "tiny" has no zh variant; available: en'


@pytest.mark.parametrize("data, expected", [
    (b"", "E102 file is empty; a scenario starts with 'format: 1'"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "E103 file is binary (NUL byte), not a YAML text file"),
    ("title: 迟到".encode("gbk"), "E104 invalid UTF-8 byte 0xb3; save the file as UTF-8"),
    (b"format: 1\nid: [\n", "E110 YAML syntax error: while parsing a flow node: did not find expected node content"),
], ids=["empty", "binary", "gbk", "invalid"])
def test_a_bad_scenario_file_is_one_line_and_exit_1(tmp_path, data, expected):
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    line = one_line_error(cli("play", path, "--answers", "-", stdin="1\n"), 1)
    assert line.startswith(f"clear-sim: {path}:") and line.endswith(expected)


def test_scenario_text_is_printed_literally(tmp_path):
    text = TINY.read_text(encoding="utf-8")
    text = text.replace("title: Tiny", 'title: "[bold red]Tiny[/bold red]"')
    text = text.replace('text: "Eight days late!"', 'text: "Eight \\e[31mdays\\e[0m late! [link=http://x]click[/link]"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("play", path, "--answers", "-", stdin="good\nsorry-reship\n")
    assert result.returncode == 0, result.stderr
    assert "[bold red]Tiny[/bold red]" in result.stdout
    assert "Eight days late! [link=http://x]click[/link]" in result.stdout
    assert "\x1b" not in result.stdout


def test_json_has_exactly_the_documented_shape():
    result = cli("play", TINY, "--answers", "-", "--json", stdin="1\n2\n")
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert {"scenario", "lang", "mode", "status", "ending", "scores", "turns", "pending"} <= set(data)
    assert data["status"] == "finished" and data["ending"] == {"id": "unresolved", "kind": "unresolved"}
    assert set(data["scores"]) == {"control", "listen", "establish", "apologize", "resolve", "overall"}
    assert all(isinstance(v, int) for v in data["scores"].values())
    turn = data["turns"][0]
    assert {"node", "customer", "reply", "option", "moves", "breaches", "mood"} <= set(turn)
    assert (turn["node"], turn["option"], turn["mood"]) == ("opening", "good", 35)
    assert data["pending"] is None


@pytest.mark.parametrize("extra, note", [("1\n", "1 answer left unused"), ("1\n1\n", "2 answers left unused")])
def test_answers_after_the_ending_are_reported_not_played(extra, note):
    result = cli("play", TINY, "--answers", "-", "--json", stdin="1\n2\n" + extra)
    assert result.returncode == 0 and json.loads(result.stdout)["status"] == "finished"
    assert result.stderr.strip() == f"clear-sim: note: {note} after the call ended"


def test_answers_running_out_exits_1_with_what_comes_next():
    result = cli("play", TINY, "--answers", "-", "--json", stdin="good\n")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["status"] == "incomplete" and data["ending"] is None
    assert data["pending"]["node"] == "details"
    assert data["pending"]["options"] == [{"id": "sorry-reship", "text": "I'm sorry. I'll reship it today."},
                                          {"id": "courier", "text": "Contact the courier."}]


@pytest.mark.parametrize("answers, message", [
    ("9\n", "clear-sim: answer 1 ('9'): answer 9 is out of range at node \"opening\": choose 1 to 5"),
    ("good\nreship\n", "clear-sim: answer 2 ('reship'): \"reship\" is not an option at node \"details\" "
                       "(did you mean \"sorry-reship\"?); options: sorry-reship, courier"),
])
def test_a_bad_answer_exits_2_with_a_clear_message(answers, message):
    assert one_line_error(cli("play", TINY, "--answers", "-", "--json", stdin=answers), 2) == message


def test_an_unreadable_answers_file(tmp_path):
    line = one_line_error(cli("play", TINY, "--answers", tmp_path / "nope.txt"), 2)
    assert line.endswith("cannot read answers file: No such file or directory")


def test_list_filters_and_json():
    everything = json.loads(cli("list", "--json").stdout)
    assert {"id", "lang", "title", "difficulty", "customer_type"} <= set(everything[0])
    zh = json.loads(cli("list", "--json", "--lang", "zh").stdout)
    assert zh and all(e["lang"] == "zh" for e in zh) and len(zh) < len(everything)
    venting = json.loads(cli("list", "--json", "--type", "venting").stdout)
    assert venting and all(e["customer_type"] == "venting" for e in venting)
    assert one_line_error(cli("list", "--difficulty", "hard"), 2).startswith("clear-sim: --difficulty must be one of")


def test_validate_a_missing_path_is_a_usage_error():
    assert one_line_error(cli("validate", "no/such/dir"), 2) == "clear-sim: no/such/dir: no such file or folder"


def test_score_takes_the_customer_line():
    result = cli("score", "是的", "--customer", "够麻烦的 还得等这么长时间", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["breaches"] == ["dismissive"]
