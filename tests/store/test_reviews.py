"""Migration 2: a teacher's reviews (comments and step overrides), ratings rewritten on a saved turn,
the runs of a pair practice; reports use the teacher's scores; exports carry reviews."""

import json
import sqlite3

import pytest

from clear_sim import store as st
from clear_sim.errors import UsageError
from clear_sim.store import Filters, apply_overrides, open_store
from conftest import play


def test_apply_overrides_recomputes_overall():
    scores = {"control": 100, "listen": 50, "establish": 50, "apologize": 0, "resolve": 100, "overall": 60}
    assert apply_overrides(scores, [("listen", 90), ("apologize", 40), ("listen", 70)]) == (
        {"control": 100, "listen": 70, "establish": 50, "apologize": 40, "resolve": 100, "overall": 72},
        ("listen", "apologize"))
    assert apply_overrides(scores, []) == (scores, ())
    assert apply_overrides(None, [("listen", 9)]) == (None, ())


def test_reviews_are_kept_in_order_and_move_updated_at(store, tiny):
    sid, _ = play(store, tiny, ["good", "courier"])
    before = store.get(sid).updated_at
    store.add_review(sid, "  Good   opening ", turn=1, reviewer="Ms Wu")
    store.add_review(sid, "Partly: named a next step", step="resolve", score=40, reviewer="Ms Wu")
    store.add_review(sid, "On reflection, no", step="resolve", score=20)
    got = store.get(sid)
    assert [(r.turn, r.step, r.score, r.text, r.reviewer) for r in got.reviews] == [
        (1, None, None, "Good opening", "Ms Wu"), (None, "resolve", 40, "Partly: named a next step", "Ms Wu"),
        (None, "resolve", 20, "On reflection, no", None)]
    assert got.updated_at > before
    teacher, steps = got.teacher_scores()
    assert steps == ("resolve",) and teacher["resolve"] == 20
    assert got.scores["resolve"] == 0  # the automatic score stays as it was


def test_bad_reviews_are_refused(store, tiny):
    sid, _ = play(store, tiny, ["good", "courier"])
    open_sid, _ = play(store, tiny, ["good"], finish=False)
    for kwargs, message in [
        (dict(text=" "), "a comment or a reason cannot be empty"),
        (dict(text="x", turn=3), r"has no turn 3 \(it has 2\)"),
        (dict(text="x", step="listen"), "an override needs both a step and a score"),
        (dict(text="x", step="empathy", score=3), 'unknown CLEAR step "empathy"'),
        (dict(text="x", step="listen", score=101), "a score is 0 to 100, not 101"),
    ]:
        with pytest.raises(UsageError, match=message):
            store.add_review(sid, **kwargs)
    with pytest.raises(UsageError, match="is not finished"):
        store.add_review(open_sid, "x", step="listen", score=50)
    store.add_review(open_sid, "a comment on an unfinished session is fine")


def test_reports_read_the_teachers_scores(store, tiny):
    sid, _ = play(store, tiny, ["good", "courier"], trainee="ann")
    other, _ = play(store, tiny, ["good", "courier"], trainee="bob")
    auto = {r.id: r for r in store.score_rows()}
    store.add_review(sid, "fair enough", step="resolve", score=60)
    rows = {r.id: r for r in store.score_rows(Filters(trainee="ann"))}
    assert list(rows) == [sid] and rows[sid].reviewed == ("resolve",)
    values = dict(zip(st.SCORE_COLUMNS, rows[sid].values))
    assert values["resolve"] == 60 and values["overall"] == round((sum(auto[sid].values[:5]) - 0 + 60) / 5)
    assert store.score_rows(Filters(trainee="bob"))[0].reviewed == ()
    assert store.overrides() == {sid: [("resolve", 60)]}


def test_a_withdrawn_override_gives_the_automatic_score_back(store, tiny):
    sid, _ = play(store, tiny, ["good", "courier"])
    automatic = store.get(sid).scores
    store.add_review(sid, "generous", step="resolve", score=60)
    store.add_review(sid, "misread the turn", step="resolve", withdraw=True)
    got = store.get(sid)
    assert got.teacher_scores() == (automatic, ())
    assert store.score_rows()[0].reviewed == ()
    assert [(r.step, r.score, r.text) for r in got.reviews][-1] == ("resolve", None, "misread the turn")
    store.add_review(sid, "on second thoughts", step="resolve", score=40)
    assert store.get(sid).teacher_scores()[0]["resolve"] == 40
    with pytest.raises(UsageError, match='no teacher.s score for "listen" to withdraw'):
        store.add_review(sid, "x", step="listen", withdraw=True)
    with pytest.raises(UsageError, match="needs the step and no score"):
        store.add_review(sid, "x", step="resolve", score=10, withdraw=True)


def test_review_withdraw_on_the_command_line(store, tiny, db, capsys):
    from clear_sim.commands import review

    sid, _ = play(store, tiny, ["good", "courier"])
    store.add_review(sid, "generous", step="resolve", score=60)
    store.conn.commit()
    assert review.run(sid[:8], db, step="resolve", withdraw=True, reason="misread", by="Ms Wu") == 0
    assert store.get(sid).teacher_scores()[1] == ()
    with pytest.raises(UsageError, match="--withdraw goes with --step STEP and --reason TEXT"):
        review.run(sid[:8], db, step="resolve", withdraw=True)


def test_history_and_csv_mark_the_teachers_scores(store, tiny, db, capsys):
    from clear_sim import report as rp
    from clear_sim.commands import history
    from clear_sim.commands.report import build

    sid, _ = play(store, tiny, ["good", "courier"], trainee="ann")
    play(store, tiny, ["good", "courier"], trainee="bob")
    store.add_review(sid, "fair enough", step="resolve", score=60)
    store.conn.commit()
    teacher = store.get(sid).teacher_scores()[0]["overall"]

    assert history.run(db, as_json=True) == 0
    rows = {r["trainee"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["ann"]["teacher_scores"]["overall"] == teacher and "teacher_scores" not in rows["bob"]
    assert history.run(db, lang="en") == 0
    out = capsys.readouterr().out
    assert f" {teacher}*" in out and "marked *" in out

    cohort = rp.to_csv(build(store)).splitlines()
    assert cohort[0].endswith(",weakest_step,teacher_reviewed")
    assert cohort[1].startswith("ann,") and cohort[1].endswith(",1") and cohort[2].endswith(",0")
    attempts = rp.to_csv(build(store, trainee="ann")).splitlines()
    assert attempts[0].endswith(",overall,teacher_steps") and attempts[1].endswith(",resolve")


def test_update_turn_rewrites_the_ratings_and_keeps_the_time(store, tiny):
    sid, s = play(store, tiny, ["good"], finish=False)
    at = store.get(sid).turn_times
    s.rate(1, "customer", 4, ["listen"], by="Ana")
    store.update_turn(sid, s.state.turns[0])
    got = store.get(sid)
    assert got.state.turns[0].ratings == {"customer": {"by": "Ana", "rating": 4, "steps": ["listen"]}}
    assert got.turn_times == at
    s.state.turns[0].index = 5
    with pytest.raises(st.StoreError, match="has no saved turn 5"):
        store.update_turn(sid, s.state.turns[0])


def test_pair_runs_are_found_by_the_pair_id(store, tiny):
    pair = {"id": "a" * 32, "run": 1, "customer": "Ana", "agent": "Bo", "observer": None}
    one, _ = play(store, tiny, ["good"], trainee="Bo", extra={"pair": pair})
    two, _ = play(store, tiny, ["good"], trainee="Ana", extra={"pair": {**pair, "run": 2}})
    play(store, tiny, ["good"], trainee="Cy", extra={"pair": {**pair, "id": "b" * 32}})
    play(store, tiny, ["good"], trainee="Di", extra={"note": "a" * 32})
    assert [r.id for r in store.pair_runs("a" * 32)] == [one, two]
    assert store.get(one).pair == pair and store.get(one).pair["customer"] == "Ana"


def test_reviews_travel_in_exports(store, tiny, tmp_path):
    sid, _ = play(store, tiny, ["good", "courier"])
    store.add_review(sid, "see turn 2", turn=2, reviewer="Ms Wu")
    store.add_review(sid, "generous", step="listen", score=50)
    doc = store.export([store.get(sid)])
    assert [r["text"] for r in doc["sessions"][0]["reviews"]] == ["see turn 2", "generous"]
    with open_store(str(tmp_path / "other.db")) as other:
        assert other.import_export(doc, "x.json").added == 1
        assert [(r.turn, r.step, r.score) for r in other.get(sid).reviews] == [(2, None, None), (None, "listen", 50)]
        assert other.import_export(doc, "x.json").unchanged == 1
        assert len(other.get(sid).reviews) == 2
    bad = json.loads(json.dumps(doc))
    bad["sessions"][0]["reviews"] = [{"step": "listen"}]
    with pytest.raises(st.StoreError, match='"reviews" must be a list of objects with a "text"'):
        store.import_export(bad, "bad.json")


def test_a_schema_1_store_migrates_and_an_old_one_reads_read_only(tmp_path, tiny):
    old = str(tmp_path / "old.db")
    c = sqlite3.connect(old)
    c.execute(f"PRAGMA application_id = {st.APPLICATION_ID}")
    c.executescript(st.MIGRATIONS[0])
    c.execute("PRAGMA user_version = 1")
    c.commit()
    c.close()
    with open_store(old, read_only=True) as ro:  # another machine's older store: readable as it is
        assert ro.count() == 0 and ro.overrides() == {}
    with open_store(old) as s:
        assert s.schema_version() == 2
        sid, _ = play(s, tiny, ["good", "courier"])
        s.add_review(sid, "ok", step="control", score=100)
        assert s.get(sid).reviews[0].score == 100
