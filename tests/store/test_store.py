"""The store: sessions and turns written as they happen, read back exactly; ids, filters, dates."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from clear_sim import store as st
from clear_sim.engine import Session
from clear_sim.errors import UsageError
from clear_sim.scoring import scorecard
from clear_sim.commands.history import time_bound
from clear_sim.store import Filters, StoreError, open_store
from conftest import TINY, play
from fakes import fake_analyze


def test_a_played_session_reads_back_exactly(store, tiny):
    sid, s = play(store, tiny, ["good", "sorry-reship"], trainee="ann", group="A1", extra={"seat": 3})
    got = store.get(sid)
    assert got.state == s.state
    assert (got.id, got.trainee, got.group, got.scenario_id, got.lang, got.mode, got.input) == (
        sid, "ann", "A1", "tiny", "en", "coach", "choice")
    assert (got.status, got.ending, got.ending_kind) == ("finished", "resolved", "resolved")
    assert got.scores == scorecard(tiny, s.state.turns).scores()
    assert got.scenario_digest == tiny.digest
    assert got.extra == {"seat": 3}
    assert got.scorer == st.scorer_version() and len(got.scorer) == 12
    # one clock tick per write: start, two turns, finish
    assert got.started_at == "2024-05-01T09:00:00.000000+00:00"
    assert got.turn_times == ("2024-05-01T09:01:00.000000+00:00", "2024-05-01T09:02:00.000000+00:00")
    assert got.finished_at == got.updated_at == "2024-05-01T09:03:00.000000+00:00"


def test_every_turn_is_in_the_file_as_soon_as_save_turn_returns(store, db, tiny):
    s = Session(tiny, analyzer=fake_analyze)
    s.start()
    sid = store.start_session(tiny, s.state, "ann", None)
    s.choose("good")
    store.save_turn(sid, s.state.turns[-1], s.state)
    other = sqlite3.connect(db)  # another connection sees it committed
    assert other.execute("SELECT node, option, moves FROM turns").fetchall() == [("opening", "good", '["listen","establish"]')]
    assert other.execute("SELECT status, node, mood, turns FROM sessions").fetchone() == ("active", "details", 35, 1)
    other.close()


def test_the_turn_row_keeps_the_analysis(store, tiny):
    sid, s = play(store, tiny, ["good"], finish=False)
    row = store.conn.execute("SELECT analysis FROM turns").fetchone()
    analysis = json.loads(row[0])
    assert analysis["evidence"] == s.state.turns[0].evidence
    assert analysis["feedback"] == "Good." and analysis["questions"] == 1


def test_an_interrupted_session_resumes_where_it_stopped(store, tiny):
    sid, s = play(store, tiny, ["good"], trainee="ann", finish=False)
    play(store, tiny, ["calm"], trainee="bob", finish=False)
    latest = store.latest_incomplete("ann")
    assert latest.id == sid and latest.status == "active" and latest.state == s.state
    resumed = Session(tiny, analyzer=fake_analyze, state=latest.state)
    resumed.choose("sorry-reship")
    store.save_turn(sid, resumed.state.turns[-1], resumed.state)
    store.finish_session(sid, resumed.state, scorecard(tiny, resumed.state.turns).scores())
    assert store.get(sid).status == "finished"
    assert store.latest_incomplete("ann") is None
    assert store.latest_incomplete().trainee == "bob"


def test_finish_saves_turns_that_were_not_saved_yet(store, tiny):
    s = Session(tiny, analyzer=fake_analyze)
    s.start()
    sid = store.start_session(tiny, s.state, None, None)
    s.choose("good")
    s.choose("sorry-reship")
    store.finish_session(sid, s.state, scorecard(tiny, s.state.turns).scores())
    assert store.get(sid).state == s.state


def test_ids_and_prefixes(store, tiny):
    ids = [play(store, tiny, ["good", "sorry-reship"])[0] for _ in range(3)]
    assert store.get(ids[0][:10]).id == ids[0]
    assert store.get(ids[1].upper()).id == ids[1]
    with pytest.raises(UsageError, match=r'no session "nope" in .*results.db \(see clear-sim history\)'):
        store.get("nope")
    with pytest.raises(UsageError, match='session id "" |give a session id'):
        store.get("")
    store.conn.execute("UPDATE sessions SET id = 'abc' || substr(id, 4)")  # force a shared prefix
    with pytest.raises(UsageError, match='session id "abc" is ambiguous: it starts abc.*; give more characters'):
        store.get("abc")
    with pytest.raises(UsageError, match="no session"):
        store.get("%")  # LIKE wildcards are literal


def test_unknown_session_on_write(store, tiny):
    s = Session(tiny, analyzer=fake_analyze)
    s.start()
    s.choose("good")
    with pytest.raises(StoreError, match='no session "0123"'):
        store.save_turn("0123", s.state.turns[0], s.state)


def test_the_scenario_version_played_is_kept(store, tiny, tmp_path):
    copy = tmp_path / "tiny.yaml"
    shutil.copy(TINY, copy)
    from clear_sim.scenario.loader import load_scenario

    scenario = load_scenario(str(copy))
    sid, _ = play(store, scenario, ["good", "sorry-reship"])
    copy.write_text(copy.read_text().replace("Eight days late!", "Nine days late!"))
    kept = store.scenario(scenario.digest)
    assert kept.source == Path(TINY).read_text() and kept.endings["hung-up"] == "hung_up"
    assert (kept.id, kept.lang, kept.title) == ("tiny", "en", "Tiny")


def test_the_file_is_a_versioned_wal_store(store, db):
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA application_id").fetchone()[0] == st.APPLICATION_ID
    assert c.execute("PRAGMA user_version").fetchone()[0] == st.SCHEMA_VERSION == len(st.MIGRATIONS)
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    c.close()
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == st.BUSY_TIMEOUT * 1000


def test_reopening_does_not_migrate_again(db, tiny):
    with open_store(db) as s:
        play(s, tiny, ["good"], finish=False)
    with open_store(db) as s:
        assert s.count() == 1 and s.schema_version() == st.SCHEMA_VERSION


def test_a_store_from_a_newer_clear_sim_is_refused(db):
    open_store(db).close()
    c = sqlite3.connect(db)
    c.execute(f"PRAGMA user_version = {st.SCHEMA_VERSION + 1}")
    c.close()
    newer, known = st.SCHEMA_VERSION + 1, st.SCHEMA_VERSION
    with pytest.raises(StoreError, match=rf"written by a newer clear-sim \(schema {newer}; this one knows up to {known}\); upgrade"):
        open_store(db)


def test_migrations_split_into_statements():
    statements = st.statements(st.MIGRATIONS[0])
    assert statements[0].startswith("CREATE TABLE scenarios")
    assert sum(s.startswith("CREATE TABLE") for s in statements) == 3
    assert all(sqlite3.complete_statement(s) for s in statements)


def test_the_path_comes_from_the_flag_the_environment_or_the_data_dir(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app, appauthor=None: str(tmp_path / "data" / app))
    monkeypatch.delenv("CLEAR_SIM_DB", raising=False)
    assert st.default_path() == str(tmp_path / "data" / "clear-sim" / "clear-sim.db")
    with open_store() as s:  # creates the folders
        assert s.path == st.default_path()
    assert (tmp_path / "data" / "clear-sim" / "clear-sim.db").is_file()
    monkeypatch.setenv("CLEAR_SIM_DB", str(tmp_path / "env.db"))
    with open_store() as s:
        assert s.path == str(tmp_path / "env.db")
    with open_store(str(tmp_path / "flag" / "x.db")) as s:
        assert s.path == str(tmp_path / "flag" / "x.db")


def test_filters(store, tiny, clock):
    play(store, tiny, ["good", "sorry-reship"], trainee="ann", group="A1")   # 09:00
    play(store, tiny, ["calm"], trainee="bob", group="A1")                   # 09:04, escalated
    play(store, tiny, ["good"], trainee="ann", group="B2", finish=False)      # 09:07
    names = lambda f: [(r.trainee, r.group) for r in store.sessions(f)]  # noqa: E731
    assert names(Filters(trainee="ann")) == [("ann", "A1"), ("ann", "B2")]
    assert names(Filters(group="A1")) == [("ann", "A1"), ("bob", "A1")]
    assert names(Filters(status="active")) == [("ann", "B2")]
    assert names(Filters(scenario="other")) == []
    assert names(Filters(since="2024-05-01T09:04:00+00:00")) == [("bob", "A1"), ("ann", "B2")]
    assert names(Filters(until="2024-05-01T09:04:00+00:00")) == [("ann", "A1")]
    assert [r.trainee for r in store.sessions(limit=1, newest_first=True)] == ["ann"]
    assert store.count(Filters(group="A1")) == 2


def test_time_bounds():
    from datetime import datetime, timezone

    now = datetime(2024, 5, 10, 15, 30, tzinfo=timezone.utc)
    assert time_bound("2024-05-01", today=now) == "2024-05-01T00:00:00.000000+00:00"
    assert time_bound("2024-05-01", end=True, today=now) == "2024-05-02T00:00:00.000000+00:00"
    assert time_bound("7d", today=now) == "2024-05-03T15:30:00.000000+00:00"
    assert time_bound("12h", today=now) == "2024-05-10T03:30:00.000000+00:00"
    assert time_bound("today", today=now) == "2024-05-10T00:00:00.000000+00:00"
    assert time_bound("yesterday", end=True, today=now) == "2024-05-10T00:00:00.000000+00:00"
    assert time_bound("2024-05-01T08:00:00Z") == "2024-05-01T08:00:00.000000+00:00"
    with pytest.raises(UsageError, match='"last week" is not a date: use YYYY-MM-DD, an ISO time, today, yesterday'):
        time_bound("last week")


def test_the_played_scenario_comes_back_for_resume(store, tiny, tmp_path):
    copy = tmp_path / "tiny.yaml"
    shutil.copy(TINY, copy)
    from clear_sim.scenario.loader import load_scenario

    scenario = load_scenario(str(copy))
    sid, s = play(store, scenario, ["good"], finish=False)
    copy.write_text("format: 1\n")  # the file is broken now
    played = store.played_scenario(store.get(sid).scenario_digest)
    assert played == scenario and played.digest == scenario.digest
    resumed = Session(played, analyzer=fake_analyze, state=store.get(sid).state)
    resumed.choose("sorry-reship")
    assert resumed.status == "finished"
    assert store.played_scenario("0" * 64) is None
