"""`history` and `show` as a user sees them (called through their run() functions)."""

import json
import shutil
from pathlib import Path

import pytest

from clear_sim.commands import history, show
from clear_sim.errors import UsageError
from conftest import TINY, play, play_class
from fakes import fake_analyze


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_history_table(store, tiny, db, capsys, utc, wide, english):
    ids = play_class(store, tiny)
    late, _ = play(store, tiny, ["good"], trainee="eve", group="B2", finish=False)
    assert history.run(db, limit=3) == 0
    assert lines(capsys.readouterr().out) == [
        "id        started      trainee  group  scenario  ending      turns  score",
        f"{ids[4][:8]}  05-01 09:15  cyd      A1     tiny en   resolved        2     36",
        f"{ids[5][:8]}  05-01 09:19  dan      B2     tiny en   unresolved      2     55",
        f"{late[:8]}  05-01 09:23  eve      B2     tiny en   incomplete      1      —",
        "the 3 most recent of 7 sessions (--limit N for more, or filter them)",
    ]
    assert history.run(db, trainee="eve") == 0
    assert lines(capsys.readouterr().out)[-1] == "1 session"


def test_history_filters_and_json(store, tiny, db, capsys):
    play_class(store, tiny)
    assert history.run(db, group="A1", trainee="bob", as_json=True) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["trainee"], r["ending_kind"], r["scores"]["overall"]) for r in rows] == [
        ("bob", "escalated", 15), ("bob", "resolved", 100)]
    assert set(rows[0]) >= {"id", "trainee", "group", "scenario", "scenario_digest", "lang", "status", "ending",
                            "scores", "scorer", "started_at", "updated_at", "finished_at", "turns"}
    history.run(db, since="2024-05-01", until="2024-05-01", as_json=True)
    assert len(json.loads(capsys.readouterr().out)) in (0, 6)  # the local day may not be the UTC day
    history.run(db, status="incomplete", as_json=True)
    assert json.loads(capsys.readouterr().out) == []


def test_history_of_an_empty_store(db, capsys, english):
    assert history.run(db) == 0
    assert capsys.readouterr().out == "No sessions found.\n"


def test_history_arguments(db):
    with pytest.raises(UsageError, match='--status must be finished or incomplete, not "done"'):
        history.run(db, status="done")
    with pytest.raises(UsageError, match="--limit must be at least 1, not 0"):
        history.run(db, limit=0)
    with pytest.raises(UsageError, match='"yesterday-ish" is not a date'):
        history.run(db, since="yesterday-ish")


def test_show_a_finished_session(store, tiny, db, capsys, utc, wide):
    sid, _ = play(store, tiny, ["sorry", "sorry-reship"], trainee="ann", group="A1")
    assert show.run(sid[:8], db) == 0
    out = "\n".join(lines(capsys.readouterr().out))
    assert out.startswith(f"Session {sid}\ntrainee           ann\n")
    for line in ("trainee           ann", "scenario          Tiny  (tiny, en)", "scenario version  as played",
                 "status            finished 2024-05-01 09:03 · resolved"):
        assert line in out
    assert "Debrief" in out and "Sorry for the inconvenience." in out
    assert "apologised before any listening" in out


def test_show_an_incomplete_session(store, tiny, db, capsys, utc, wide):
    sid, _ = play(store, tiny, ["good"], finish=False)
    assert show.run(sid, db) == 0
    out = capsys.readouterr().out
    assert f"incomplete · resume with: clear-sim resume {sid[:8]}" in out
    assert "The call is not finished." in out


def test_show_keeps_stored_scores_and_rescore_shows_the_change(store, db, tmp_path, capsys, wide):
    copy = tmp_path / "tiny.yaml"
    shutil.copy(TINY, copy)
    from clear_sim.scenario.loader import load_scenario

    sid, _ = play(store, load_scenario(str(copy)), ["calm"])
    copy.write_text(Path(TINY).read_text().replace("breaches: [calm_down], mood: -12", "breaches: [], mood: -12"))
    show.run(sid, db, paths=[str(tmp_path)])
    out = capsys.readouterr().out
    assert "scenario version  as played" in out and "Control       75" in out
    show.run(sid, db, rescore=True, paths=[str(tmp_path)], analyzer=fake_analyze)
    out = capsys.readouterr().out
    assert "Rescored with the current scenario and analyzer" in out
    assert "Control        75  100     +25" in out and "1 turns assessed differently" in out
    show.run(sid, db, rescore=True, as_json=True, paths=[str(tmp_path)], analyzer=fake_analyze)
    data = json.loads(capsys.readouterr().out)
    assert data["scores"]["control"] == 75 and data["rescored"]["scores"]["control"] == 100
    assert data["rescored"]["changed"] is True and data["scenario_version"] == "stored"


def test_show_when_the_scenario_is_gone(store, tiny, db, capsys, monkeypatch, tmp_path):
    sid, _ = play(store, tiny, ["good", "sorry-reship"])
    store.conn.execute("UPDATE scenarios SET source = NULL")
    monkeypatch.chdir(tmp_path)
    assert show.run(sid, db) == 0
    out = capsys.readouterr().out
    assert "not found (transcript only)" in out and "That sounds stressful." in out
    with pytest.raises(UsageError, match='cannot rescore: scenario "tiny" \\(en\\) is not found'):
        show.run(sid, db, rescore=True)


def test_show_unknown(db):
    with pytest.raises(UsageError, match='no session "feed"'):
        show.run("feed", db)
