"""Golden transcripts: scripted plays of every bundled scenario, best and worst path, each language.

Each answers file ``answers/ID.LANG.PATH.txt`` is played with ``clear-sim play --answers``; the text
transcript (80 columns, no colour) must equal ``transcripts/ID.LANG.PATH.txt`` exactly, and the JSON
result must meet the path's bar. After an intended change, regenerate with
``CLEAR_SIM_UPDATE_GOLDEN=1 python -m pytest tests/golden`` and read the diff before committing.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ANSWERS = sorted((HERE / "answers").glob("*.txt"))
UPDATE = os.environ.get("CLEAR_SIM_UPDATE_GOLDEN") == "1"


def cli(*args):
    env = dict(os.environ, COLUMNS="80", LINES="50", NO_COLOR="1", TERM="dumb", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "clear_sim", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=str(ROOT))


def case(path: Path):
    sid, lang, kind = path.stem.split(".")
    mode = "free" if kind.startswith("free") else "choice"
    return sid, lang, kind, mode


@pytest.mark.parametrize("answers", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_scripted_play(answers):
    sid, lang, kind, mode = case(answers)
    args = ["play", sid, "--lang", lang, "--mode", mode, "--answers", str(answers)]
    result = cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["status"] == "finished" and data["pending"] is None
    assert (data["scenario"], data["lang"]) == (sid, lang)
    overall = data["scores"]["overall"]
    if kind.endswith("best"):
        assert overall >= 85 and data["ending"]["kind"] == "resolved", data["scores"]
    else:
        assert overall <= 40 and data["ending"]["kind"] != "resolved", data["scores"]
    for turn in data["turns"]:
        for ev in turn["evidence"]:
            assert turn["reply"][ev["start"]:ev["end"]] == ev["text"]

    text = cli(*args)
    assert text.returncode == 0, text.stderr
    golden = HERE / "transcripts" / f"{answers.stem}.txt"
    if UPDATE or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text.stdout, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote a new golden transcript {golden.name}; check it and commit it")
    assert text.stdout == golden.read_text(encoding="utf-8")


def test_every_bundled_variant_has_a_best_and_a_worst_path():
    variants = {p.name[: -len(".yaml")] for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.endswith(".tests.yaml")}
    have = {p.stem for p in ANSWERS}
    for variant in variants:
        assert {f"{variant}.best", f"{variant}.worst"} <= have, variant
