"""Reports from stored sessions: averages, weakest step, spread, lost points, distractors, progress."""

import io
import json
import shutil
from pathlib import Path

import pytest

from clear_sim import report as rp
from clear_sim.commands import report as report_cmd
from clear_sim.commands.report import build
from clear_sim.errors import UsageError
from clear_sim.ui.render import make_console
from clear_sim.ui.report_view import report_view
from conftest import TINY, play, play_class
from fakes import fake_analyze


def render(renderable, width=100) -> str:
    buf = io.StringIO()
    make_console(file=buf, width=width, color=False).print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines())


@pytest.fixture
def klass(store, tiny):
    play_class(store, tiny)
    return store


def test_group_report_numbers(klass):
    r = build(klass, group="A1")
    assert (r.kind, r.name, r.sessions, r.trainees, r.incomplete) == ("group", "A1", 5, 3, 0)
    means = {k: round(s.mean, 1) for k, s in r.steps.items()}
    assert means == {"control": 95.0, "listen": 40.0, "establish": 40.0, "apologize": 40.0, "resolve": 76.0,
                     "overall": 58.2}
    assert r.weakest == "listen"  # ties go to the earlier CLEAR step
    assert (r.steps["control"].stdev, r.steps["control"].min, r.steps["control"].max) == (10.0, 75, 100)
    assert (r.steps["overall"].trainee_low, r.steps["overall"].trainee_high) == (36.0, 70.0)
    assert [(t.trainee, t.attempts, t.first, t.latest, t.best) for t in r.per_trainee] == [
        ("ann", 2, 100, 40, 100), ("bob", 2, 15, 100, 100), ("cyd", 1, 36, 36, 36)]
    assert r.endings == {"resolved": 4, "escalated": 1}
    assert [(a["n"], round(a["overall"], 1)) for a in r.by_attempt] == [(3, 50.3), (2, 70.0)]


def test_where_points_are_lost(klass):
    r = build(klass, group="A1")
    opening, details = r.nodes
    assert (opening.node, opening.answers, opening.lost, opening.trainees_lost, opening.trainees) == ("opening", 5, 3, 3, 3)
    assert opening.steps == {"control": 1, "listen": 3, "establish": 3, "apologize": 1, "resolve": 1}
    # the model answer costs points only after an apology without listening (a scripted one)
    assert (details.node, details.answers, details.lost, details.trainees_lost, details.steps) == (
        "details", 4, 2, 2, {"apologize": 2})


def test_distractors_are_options_that_cost_points_in_themselves(klass):
    r = build(klass, group="A1")
    assert [(d.node, d.option, d.chosen, d.answers, d.costs) for d in r.distractors] == [
        ("opening", "calm", 1, 5, ("calm_down", "missed:listen", "missed:establish")),
        ("opening", "fix-now", 1, 5, ("missed:listen", "missed:establish", "jumped_to_solution")),
        ("opening", "sorry", 1, 5, ("missed:listen", "missed:establish")),
    ]
    assert r.distractors[0].text == "Calm down."


def test_trainee_report_follows_attempts_in_order(klass, tiny):
    play(klass, tiny, ["good"], trainee="bob", finish=False)
    r = build(klass, trainee="bob")
    assert r.kind == "trainee" and r.groups == ("A1",) and r.incomplete == 1
    assert [(a.n, a.scores["overall"], a.ending_kind) for a in r.attempts] == [(1, 15, "escalated"), (2, 100, "resolved")]
    p = r.progress["overall"]
    assert (p.first, p.latest, p.change, p.best, p.mean) == (15, 100, 85, 100, 57.5)
    assert r.progress["control"].change == 25
    assert [(n.node, n.lost, n.answers) for n in r.nodes] == [("opening", 1, 2)]


def test_scenario_and_whole_store_reports(klass):
    r = build(klass, scenario="tiny")
    assert (r.kind, r.name, r.sessions, r.trainees) == ("scenario", "tiny", 6, 4)
    everything = build(klass)
    assert (everything.kind, everything.sessions) == ("all", 6)
    assert everything.scenarios == {"tiny": {"sessions": 6, "overall": pytest.approx(57.67, abs=0.01)}}
    assert build(klass, scenario="nothing-here").sessions == 0


def test_date_filters(klass):
    # the clock ticks a minute per write from 09:00 UTC: the first two sessions start before 09:08
    early = build(klass, until="2024-05-01T09:07:00+00:00")
    assert early.sessions == 2
    late = build(klass, since="2024-05-01T09:07:00+00:00")
    assert late.sessions == 4
    assert build(klass, since="2024-05-02").sessions == 0


def test_csv(klass):
    text = rp.to_csv(build(klass, group="A1"))
    assert text.splitlines() == [
        "trainee,groups,attempts,control,listen,establish,apologize,resolve,overall,first_overall,latest_overall,best_overall,weakest_step,teacher_reviewed",
        "ann,A1,2,100.0,50.0,50.0,50.0,100.0,70.0,100,40,100,listen,0",
        "bob,A1,2,87.5,50.0,50.0,50.0,50.0,57.5,15,100,100,listen,0",
        "cyd,A1,1,100.0,0.0,0.0,0.0,80.0,36.0,36,36,36,listen,0",
    ]
    lines = rp.to_csv(build(klass, trainee="ann")).splitlines()
    assert lines[0] == "attempt,session,scenario,started_at,ending,control,listen,establish,apologize,resolve,overall,teacher_steps"
    assert lines[1].endswith(",tiny,2024-05-01T09:00:00.000000+00:00,resolved,100,100,100,100,100,100,")


def test_json(klass, db, capsys):
    assert report_cmd.run(db, group="A1", fmt="json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "group" and data["weakest"] == "listen" and data["filters"] == {"group": "A1"}
    assert data["nodes"][0]["share"] == 0.6 and data["distractors"][0]["share"] == 0.2
    assert data["steps"]["overall"]["mean"] == pytest.approx(58.2)


def test_output_to_a_file(klass, db, tmp_path, capsys):
    out = tmp_path / "a1.csv"
    assert report_cmd.run(db, group="A1", fmt="csv", output=str(out)) == 0
    assert out.read_text().startswith("trainee,groups,attempts")
    assert capsys.readouterr().err == f"clear-sim: wrote {out}\n"
    with pytest.raises(UsageError, match='--format must be one of table, csv, json, html, not "xls"'):
        report_cmd.run(db, fmt="xls")
    with pytest.raises(UsageError, match="is a folder"):
        report_cmd.run(db, fmt="csv", output=str(tmp_path))


def test_group_report_in_the_terminal(klass, utc):
    text = render(report_view(build(klass, group="A1"), "en"))
    head = text.split("\n\n")[:3]
    assert head[0] == "━━ Group report: A1 ━━\n5 finished sessions · 3 trainees · 0 incomplete"
    assert head[1] == """\
step       average              spread (sd)  min–max  trainee averages
Control       95.0  ██████████         10.0   75–100            88–100
Listen        40.0  ████░░░░░░         49.0    0–100              0–50
Establish     40.0  ████░░░░░░         49.0    0–100              0–50
Apologize     40.0  ████░░░░░░         49.0    0–100              0–50
Resolve       76.0  ████████░░         38.8    0–100            50–100
Overall       58.2  ██████░░░░         35.2   15–100             36–70
Weakest step: Listen"""
    assert head[2] == """\
Per trainee
trainee  attempts    C   L   E   A    R  Overall  first  latest  weakest
ann             2  100  50  50  50  100       70    100      40  Listen
bob             2   88  50  50  50   50       58     15     100  Listen
cyd             1  100   0   0   0   80       36     36      36  Listen"""
    assert "Where points are lost" in text and "tiny      opening    3/5 (60%)       3/3  Control 1, Listen 3, Establish 3, Apologize 1, Resolve 1" in text
    assert "Distractors chosen most" in text and "Calm down.  [calm]" in text
    assert text.endswith("Endings: resolved 4 · escalated 1\nScenarios: tiny 5 (58)")


def test_trainee_report_in_the_terminal(klass, utc):
    text = render(report_view(build(klass, trainee="bob"), "en"))
    assert text.startswith("━━ Trainee report: bob ━━\n2 attempts · 0 incomplete · groups: A1\n")
    assert """\
Attempts
#  date              scenario  ending       C    L    E    A    R  Overall
1  2024-05-01 09:08  tiny      escalated   75    0    0    0    0       15
2  2024-05-01 09:11  tiny      resolved   100  100  100  100  100      100""" in text
    assert "Overall       15     100     +85   100  57.5  ██████████" in text


def test_a_report_in_chinese(klass):
    text = render(report_view(build(klass, group="A1"), "zh"))
    assert "班组报告：A1" in text and "最薄弱的步骤：" in text


def test_empty_reports(store):
    assert "No finished sessions match." in render(report_view(build(store, group="none"), "en"))
    assert "No finished sessions match." in render(report_view(build(store, trainee="none"), "en"))


def test_rescore_uses_the_current_scenario_and_keeps_the_stored_scores(klass, tmp_path, db, capsys):
    changed = tmp_path / "now"
    changed.mkdir()
    # the scenario now counts "Calm down." as listening without a breach
    text = Path(TINY).read_text().replace(
        "{id: calm, text: \"Calm down.\", moves: [], breaches: [calm_down], mood: -12,",
        "{id: calm, text: \"Calm down.\", moves: [listen], breaches: [], mood: -12,")
    assert "moves: [listen], breaches: [], mood: -12" in text
    (changed / "tiny.yaml").write_text(text)
    r = build(klass, group="A1", rescore=True, paths=[str(changed)], analyzer=fake_analyze)
    assert r.rescored and len(r.changes) == 5
    moved = [c for c in r.changes if c.changed]
    assert len(moved) == 1 and moved[0].trainee == "bob" and moved[0].turns_changed == 1
    assert (moved[0].before["control"], moved[0].after["control"]) == (75, 100)
    assert (moved[0].before["listen"], moved[0].after["listen"]) == (0, 100)
    assert r.steps["control"].mean == 100.0
    stored = build(klass, group="A1")  # what is stored did not change
    assert stored.steps["control"].mean == 95.0
    assert report_cmd.run(db, group="A1", rescore=True, paths=[str(changed)], analyzer=fake_analyze, lang="en") == 0
    out = capsys.readouterr().out
    assert "Rescored with the current scenario and analyzer" in out
    assert "Rescoring: 1 of 5 sessions change" in out and "75→100" in out


def test_rescore_keeps_turns_whose_node_is_gone(klass, tmp_path):
    changed = tmp_path / "now"
    changed.mkdir()
    text = Path(TINY).read_text().replace("  details:\n", "  particulars:\n").replace("next: details", "next: particulars")
    (changed / "tiny.yaml").write_text(text)
    r = build(klass, trainee="ann", rescore=True, paths=[str(changed)], analyzer=fake_analyze)
    assert all(any('node "details" is no longer in the scenario' in n for n in c.notes) for c in r.changes)


def test_a_scenario_that_is_gone_still_reports(klass, monkeypatch, tmp_path):
    klass.conn.execute("UPDATE scenarios SET source = NULL")
    monkeypatch.chdir(tmp_path)  # and not found on disk
    r = build(klass, group="A1")
    assert r.notes == ['scenario "tiny": played version not stored and not found; missed steps at its nodes are not counted']
    assert r.nodes[0].steps == {"control": 1, "apologize": 1, "resolve": 1}  # breaches and flags still count


def test_losses_helper_limits_rows(klass):
    groups = klass.turn_groups()
    nodes, distractors = rp.losses(groups, {g.scenario_digest: None for g in groups}, top=1)
    assert len(nodes) == 1 and len(distractors) == 1


def test_groups_of_full_sessions_match_the_sql(klass):
    sql = sorted(klass.turn_groups(), key=repr)
    python = sorted(rp.groups_of(list(klass.stored_sessions())), key=repr)
    assert sql == python


def test_copy_of_the_scenario_is_used_for_versions(store, tmp_path):
    copy = tmp_path / "tiny.yaml"
    shutil.copy(TINY, copy)
    from clear_sim.scenario.loader import load_scenario

    play(store, load_scenario(str(copy)), ["good", "sorry-reship"])
    copy.unlink()
    r = build(store)  # the played text is in the store
    assert r.notes == [] and r.sessions == 1


def test_a_big_cohort_shows_its_weakest_trainees_in_the_terminal():
    rows = [rp.ScoreRow(f"{i:032x}", f"t{i:03d}", "A", "tiny", "finished", "resolved", f"2024-05-01T09:{i % 60:02d}",
                        (100, 50, 50, 50, 50, i % 100)) for i in range(150)]
    report = rp.cohort_report(rows, [], {}, kind="group", name="A")
    assert len(report.per_trainee) == 150
    text = render(report_view(report, "en"))
    assert "Per trainee: the 30 with the lowest averages, of 150 (all of them: --format csv, json or html)" in text
    assert "\nt000 " in text and "\nt099 " not in text
    assert rp.to_csv(report).count("\n") == 151


def test_report_labels_exist_in_both_languages():
    from clear_sim.ui.report_view import labels

    assert set(labels("en")) == set(labels("zh"))
    assert "history" in labels("zh")
