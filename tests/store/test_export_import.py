"""Export one or many sessions; import them on another machine; importing twice changes nothing."""

import json
import sqlite3

import pytest

from clear_sim.commands import export, import_
from clear_sim.engine import Session
from clear_sim.errors import UsageError
from clear_sim.store import StoreError, open_store
from conftest import Clock, play, play_class
from fakes import fake_analyze


def snapshot(db):
    """Everything in a store, in a comparable form (local row numbers aside)."""
    c = sqlite3.connect(db)
    sessions = c.execute("SELECT id, trainee, group_name, scenario_id, scenario_digest, status, ending, ending_kind, "
                         "overall, started_at, updated_at, state, scores FROM sessions ORDER BY id").fetchall()
    turns = c.execute("SELECT s.id, t.idx, t.node, t.reply, t.moves, t.at, t.analysis FROM turns t "
                      "JOIN sessions s ON s.n = t.sn ORDER BY s.id, t.idx").fetchall()
    scenarios = c.execute("SELECT digest, id, source FROM scenarios ORDER BY digest").fetchall()
    c.close()
    return sessions, turns, scenarios


def test_json_round_trip_and_idempotent_import(store, tiny, db, tmp_path, capsys):
    ids = play_class(store, tiny)
    play(store, tiny, ["good"], trainee="eve", finish=False)
    out = tmp_path / "class.json"
    assert export.run([], db, fmt="json", all_sessions=True, output=str(out)) == 0
    doc = json.loads(out.read_text())
    assert doc["format"] == "clear-sim.export" and doc["version"] == 1 and len(doc["sessions"]) == 7
    assert len(doc["scenarios"]) == 1 and doc["scenarios"][0]["source"].startswith("format: 1")
    assert doc["sessions"][0]["turns"][0]["at"] == "2024-05-01T09:01:00.000000+00:00"

    other = str(tmp_path / "teacher.db")
    capsys.readouterr()
    assert import_.run([str(out)], other) == 0
    assert capsys.readouterr().out == f"{out}: 7 added, 0 updated, 0 unchanged\n"
    before = snapshot(other)
    assert before == snapshot(db)
    with open_store(other) as teacher:
        assert teacher.get(ids[0]).state == store.get(ids[0]).state
        assert teacher.get(ids[0]).origin == "class.json"

    assert import_.run([str(out), str(out)], other) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{out}: 0 added, 0 updated, 7 unchanged", f"{out}: 0 added, 0 updated, 7 unchanged",
        "total: 0 added, 0 updated, 14 unchanged"]
    assert snapshot(other) == before


def test_a_session_that_went_on_after_export_is_updated(store, tiny, db, tmp_path, capsys):
    s = Session(tiny, analyzer=fake_analyze)
    s.start()
    sid = store.start_session(tiny, s.state, "ann", "A1")
    s.choose("good")
    store.save_turn(sid, s.state.turns[-1], s.state)
    early = tmp_path / "early.json"
    export.run([sid], db, fmt="json", output=str(early))
    s.choose("sorry-reship")
    store.save_turn(sid, s.state.turns[-1], s.state)
    from clear_sim.scoring import scorecard

    store.finish_session(sid, s.state, scorecard(tiny, s.state.turns).scores())
    late = tmp_path / "late.json"
    export.run([sid[:8]], db, fmt="json", output=str(late))

    other = str(tmp_path / "teacher.db")
    import_.run([str(early)], other)
    import_.run([str(late)], other)
    import_.run([str(early)], other)  # the older copy does not undo the newer one
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [f"{early}: 1 added, 0 updated, 0 unchanged", f"{late}: 0 added, 1 updated, 0 unchanged",
                        f"{early}: 0 added, 0 updated, 1 unchanged"]
    with open_store(other) as teacher:
        got = teacher.get(sid)
        assert got.status == "finished" and got.state == s.state


def test_merging_stores_from_several_machines(tmp_path, tiny, capsys):
    machines = []
    for i, who in enumerate(["ann", "bob", "cyd"]):
        path = str(tmp_path / f"pc{i}.db")
        with open_store(path, now=Clock()) as pc:
            play(pc, tiny, ["good", "sorry-reship"], trainee=who, group="A1")
            play(pc, tiny, ["calm"], trainee=who, group="A1")
        machines.append(path)
    teacher = str(tmp_path / "teacher.db")
    assert import_.run(machines, teacher) == 0  # the .db files themselves
    assert capsys.readouterr().out.splitlines()[-1] == "total: 6 added, 0 updated, 0 unchanged"
    assert import_.run(machines, teacher) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "total: 0 added, 0 updated, 6 unchanged"
    with open_store(teacher) as t:
        assert sorted(r.trainee for r in t.sessions()) == ["ann", "ann", "bob", "bob", "cyd", "cyd"]


@pytest.mark.parametrize("content, message", [
    ("not json", r"bad.json: not a clear-sim export \(not JSON"),
    ("[]", r'bad.json: not a clear-sim export \(expected a JSON object with "format": "clear-sim.export"'),
    ('{"format": "clear-sim.export", "version": 9, "sessions": []}', r"export version 9 is newer than this clear-sim reads \(1\)"),
    ('{"format": "clear-sim.export", "version": 1, "sessions": [{"id": "x"}]}', r'session 1 lacks "scenario" \(str\)'),
])
def test_bad_files_are_refused_before_anything_is_imported(tmp_path, store, tiny, db, content, message):
    good = tmp_path / "good.json"
    play(store, tiny, ["good"], finish=False)
    export.run([], db, fmt="json", all_sessions=True, output=str(good))
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    other = str(tmp_path / "other.db")
    with pytest.raises(UsageError, match=message):
        import_.run([str(good), str(bad)], other)
    with open_store(other) as o:
        assert o.count() == 0


def test_import_errors(tmp_path, db):
    with pytest.raises(UsageError, match="nope.json: cannot read: No such file or directory"):
        import_.run([str(tmp_path / "nope.json")], db)
    with pytest.raises(UsageError, match="is a folder, not an export file"):
        import_.run([str(tmp_path)], db)
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreError, match="not a clear-sim database"):
        import_.run([str(foreign)], db)


def test_export_arguments(store, tiny, db):
    sid, _ = play(store, tiny, ["good", "sorry-reship"])
    with pytest.raises(UsageError, match="give a session id"):
        export.run([], db)
    with pytest.raises(UsageError, match="--format md exports one session; use --format json for several"):
        export.run([], db, fmt="md", all_sessions=True)
    with pytest.raises(UsageError, match="give session ids or --all, not both"):
        export.run([sid], db, all_sessions=True)
    with pytest.raises(UsageError, match="select sessions with --all"):
        export.run([sid], db, trainee="ann")
    with pytest.raises(UsageError, match='--format must be one of md, html, json, not "pdf"'):
        export.run([sid], db, fmt="pdf")


def test_markdown_export(store, tiny, db, capsys, utc):
    sid, _ = play(store, tiny, ["sorry", "sorry-reship"], trainee="a*n*n")
    assert export.run([sid], db, fmt="md") == 0
    md = capsys.readouterr().out
    assert md.startswith(f"# Tiny\n\n- **Session**: `{sid}`\n- **trainee**: a\\*n\\*n\n")
    assert "| Apologize | 0 |" in md and "| Overall | 40 |" in md
    assert "> **You:** Sorry for the inconvenience." in md
    assert "apologised before any listening" in md


def test_html_export_is_self_contained_and_escaped(store, tiny, db, tmp_path):
    sid, _ = play(store, tiny, ["good", "sorry-reship"], trainee="<script>alert(1)</script>")
    out = tmp_path / "s.html"
    assert export.run([sid], db, fmt="html", output=str(out)) == 0
    html = out.read_text()
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert html.count('class="chart chart-bars"') == 1 and html.count('class="chart chart-radar"') == 1
    assert '<mark style="--c:#c026d3" title="establish: establish">stressful</mark>' in html
