"""`score` and `eval` command bodies: JSON shapes, literal rendering, UI language, errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from clear_sim.commands import evaluate as eval_cmd
from clear_sim.commands import score
from clear_sim.errors import UsageError

FIXTURE = str(Path(__file__).parent / "fixtures" / "six.jsonl")


def _console() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, width=80, color_system=None), buf


def test_score_json_shape(capsys) -> None:
    assert score.run("Sorry for the delay! What's your order number?", as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lang"] == "en"
    assert data["moves"] == ["listen", "apologize"]
    assert data["breaches"] == []
    assert data["questions"] == 1
    for ev in data["evidence"]:
        assert {"label", "text", "start", "end"} <= set(ev)
        assert "Sorry for the delay! What's your order number?"[ev["start"] : ev["end"]] == ev["text"]


def test_score_json_breach_and_moves_never_contain_breach(capsys) -> None:
    score.run("冷静点", as_json=True)
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "lang": "zh",
        "moves": [],
        "breaches": ["calm_down"],
        "evidence": [
            {"label": "breach", "kind": "calm_down", "text": "冷静点", "start": 0, "end": 3, "rule": "zh.breach.calm_down"}
        ],
        "questions": 0,
    }


def test_score_text_renders_markup_and_escapes_literally() -> None:
    console, buf = _console()
    reply = "[bold red]Sorry[/] about that \x1b[31mred\x1b[0m!"
    assert score.run(reply, console=console) == 0
    out = buf.getvalue()
    assert "[bold red]Sorry[/] about that" in out
    assert "\x1b" not in out
    assert out.splitlines()[0] == "Reply (en)"
    assert "Legend: listen  establish  apologize  resolve  breach" in out
    assert "apologize  generic              “Sorry”" in out


def test_score_text_zh_ui() -> None:
    console, buf = _console()
    score.run("非常抱歉给您带来不便,请问您的订单号是多少呢?", console=console)
    out = buf.getvalue()
    lines = out.splitlines()
    assert lines[0] == "回复 (zh)"
    assert lines[2].startswith("图例: 聆听  共情  致歉  解决  失控")
    assert "步骤: 聆听, 致歉" in out
    assert "依据:" in out


def test_score_text_nothing_found() -> None:
    console, buf = _console()
    score.run("Hello.", console=console)
    assert "No CLEAR move or breach found." in buf.getvalue()


def test_score_bad_lang() -> None:
    with pytest.raises(UsageError, match='--lang must be auto, zh or en, not "fr"'):
        score.run("hi", lang="fr")


def test_eval_json_exact_keys(capsys) -> None:
    assert eval_cmd.run(FIXTURE, as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"n", "labels", "macro_f1"}
    assert data["n"] == 6
    assert data["labels"]["listen"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "support": 1}


def test_eval_text_table_and_errors_to_review() -> None:
    console, buf = _console()
    assert eval_cmd.run(FIXTURE, console=console) == 0
    out = buf.getvalue()
    assert "precision" in out and "recall" in out and "macro-F1" in out
    assert "0.500" in out
    assert "False positives (found, not labelled) — listen (1)" in out
    assert "t-4" in out
    assert "False negatives (labelled, not found) — breach (1)" in out


def test_eval_text_escapes_reply_markup(write) -> None:
    path = write(
        "m.jsonl",
        '{"id": "[b]x[/b]", "lang": "en", "reply": "[red]Sorry[/red] \\u001b[2J", "listen": 1, "establish": 0, "apologize": 1, "resolve": 0, "breach": 0}\n',
    )
    console, buf = _console()
    eval_cmd.run(path, console=console)
    out = buf.getvalue()
    assert "[b]x[/b]" in out and "[red]Sorry[/red]" in out and "\x1b" not in out


def test_eval_errors_propagate_as_usage_errors(tmp_path) -> None:
    with pytest.raises(UsageError, match="cannot read file"):
        eval_cmd.run(str(tmp_path / "missing.jsonl"))


def test_score_reads_the_reply_as_the_answer_to_the_customer_line(capsys) -> None:
    score.run("是的", as_json=True)
    assert json.loads(capsys.readouterr().out)["breaches"] == []
    score.run("是的", as_json=True, customer="够麻烦的 还得等这么长时间")
    assert json.loads(capsys.readouterr().out)["breaches"] == ["dismissive"]
