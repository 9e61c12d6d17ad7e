"""A pair session and a teacher's review, as `review`, `show`, `export` and `report` present them."""

import json

import pytest

from clear_sim.commands import export, report, review, show
from clear_sim.errors import UsageError
from clear_sim.pair.session import Players
from pair_helpers import shop, store, COURIER, FIX, GOOD, play_pair  # noqa: F401 (shop, store: fixtures)


@pytest.fixture
def pair_session(store, shop):
    sid, _ = play_pair(store, shop, [
        (GOOD, 5, ["control", "listen", "establish"], 2, ["control", "listen"]),
        (COURIER, 5, ["control", "resolve"], 1, []),
    ])
    return sid


def test_review_is_scriptable(pair_session, store, capsys):
    assert review.run(pair_session[:8], turn=2, comment="Why the courier?", step="R", score=20,
                      reason="Named a next step", by="Ms Wu") == 0
    assert capsys.readouterr().err == f"clear-sim: review saved for session {pair_session[:8]} (clear-sim show {pair_session[:8]})\n"
    got = store.get(pair_session)
    assert [(r.turn, r.step, r.score, r.text, r.reviewer) for r in got.reviews] == [
        (2, None, None, "Why the courier?", "Ms Wu"), (None, "resolve", 20, "Named a next step", "Ms Wu")]


def test_review_reviewer_defaults_to_the_remembered_name(pair_session, store):
    review.run(pair_session, comment="Good start overall")
    assert store.get(pair_session).reviews[0].reviewer == "Test Trainee"


@pytest.mark.parametrize("kwargs, message", [
    (dict(turn=1), "--turn goes with --comment TEXT"),
    (dict(step="listen", score=50), "an override needs --step STEP, --score N"),
    (dict(score=50, reason="x"), "an override needs --step STEP, --score N"),
    (dict(step="empathy", score=50, reason="x"), '--step must be one of control, listen, establish, apologize, resolve, not "empathy"'),
])
def test_review_flags_are_checked(pair_session, kwargs, message):
    with pytest.raises(UsageError, match=message):
        review.run(pair_session, **kwargs)


def test_review_without_flags_needs_a_terminal(pair_session):
    with pytest.raises(UsageError, match="review needs a terminal for its prompts; or use --turn N --comment TEXT"):
        review.run(pair_session)


def test_show_has_both_players_the_pair_debrief_and_both_scores(pair_session, capsys):
    review.run(pair_session, turn=2, comment="Why the courier?", step="resolve", score=20, reason="Named a next step",
               by="Ms Wu")
    capsys.readouterr()
    assert show.run(pair_session[:8]) == 0
    out = capsys.readouterr().out
    assert "players           Ana (customer) · Bo (agent) · Cy (observer)" in out
    assert "score             55 (automatic) → 59 (teacher)" in out
    assert "Pair debrief: the analyzer beside the people" in out
    assert "Ana rated it 5/5; the analyzer judged it poor." in out
    assert "Teacher's review" in out and "Named a next step" in out and "Why the courier?" in out
    show.run(pair_session, as_json=True)
    data = json.loads(capsys.readouterr().out)
    assert data["teacher_scores"]["resolve"] == 20 and data["teacher_steps"] == ["resolve"]
    assert data["scores"]["resolve"] == 0 and data["extra"]["pair"]["observer"] == "Cy"
    assert data["turns"][0]["ratings"]["observer"] == {"by": "Cy", "rating": 2, "steps": ["control", "listen"]}


def test_show_links_the_runs_of_a_swap(store, shop, capsys):
    from clear_sim.pair.session import PairRun

    run = PairRun(Players("Ana", "Bo"), "c" * 32, 1)
    first, _ = play_pair(store, shop, [(GOOD, 4, [], None, None), (FIX, 4, [], None, None)], run=run)
    second, _ = play_pair(store, shop, [(GOOD, 4, [], None, None), (FIX, 4, [], None, None)], run=run.next())
    show.run(second)
    out = capsys.readouterr().out
    assert "Bo (customer) · Ana (agent)" in out and f"{first[:8]} (Bo)" in out and "2 · pair cccccccc" in out


def test_markdown_export_is_annotated_for_the_class(pair_session, capsys):
    review.run(pair_session, turn=2, comment="Why the courier?", step="resolve", score=20, reason="Named a *next* step")
    capsys.readouterr()
    export.run([pair_session], fmt="md")
    md = capsys.readouterr().out
    assert "- **players**: Ana (customer) · Bo (agent) · Cy (observer)" in md
    assert "| Resolve | 0 | **20** | Named a \\*next\\* step |" in md and "| Overall | 55 | **59** |  |" in md
    assert "- Ana (customer): 5/5 · Control, Resolve" in md
    assert "- ◆ **Ana rated it 5/5; the analyzer judged it poor.**" in md
    assert "- **Teacher's comment** (Test Trainee): Why the courier?" in md
    assert "## Pair debrief: the analyzer beside the people" in md and "| Resolve | 0 | ◆ 100 | 0 |" in md
    assert "### Moments to discuss in class" in md


def test_html_export_is_annotated_for_the_class(pair_session, capsys):
    review.run(pair_session, turn=1, comment="<b>Nice</b>", step="listen", score=90, reason="Asked one thing")
    capsys.readouterr()
    export.run([pair_session], fmt="html")
    html = capsys.readouterr().out
    assert '<div class="turn discuss" id="turn-1">' in html and '<a href="#turn-2">' in html
    assert "<strong>90</strong>" in html and "Asked one thing" in html
    assert "&lt;b&gt;Nice&lt;/b&gt;" in html and "<b>Nice</b>" not in html
    assert "Ana (customer): <strong>5/5</strong>" in html


def test_report_uses_the_teachers_score_and_says_so(pair_session, capsys):
    review.run(pair_session, step="resolve", score=20, reason="Named a next step")
    capsys.readouterr()
    report.run(trainee="Bo")
    out = capsys.readouterr().out
    assert "Sessions where a teacher's score replaces the automatic one: 1" in out
    assert "20*" in out and "59*" in out
    report.run(group="C1", fmt="json")
    data = json.loads(capsys.readouterr().out)
    assert data["reviewed"] == 1 and data["steps"]["resolve"]["mean"] == 20
    report.run(trainee="Bo", fmt="html")
    assert "20</span>*" in capsys.readouterr().out


def test_chinese_pair_session_shows_in_chinese(store, capsys):
    from clear_sim.scenario.catalog import find

    scenario = find("fly-in-yogurt", "zh")
    sid, _ = play_pair(store, scenario, [("您好，您先别着急，孩子现在怎么样？", 4, ["control", "listen"], 3, ["control"])],
                       players=Players("小李", "小王", "老张", "二班"))
    review.run(sid, turn=1, comment="先关心孩子，很好")
    capsys.readouterr()
    show.run(sid)
    out = capsys.readouterr().out
    assert "小李 (顾客) · 小王 (客服) · 老张 (观察员)" in out
    assert "老师点评" in out and "先关心孩子，很好" in out
    export.run([sid], fmt="md")
    md = capsys.readouterr().out
    assert "- 小李 (顾客): 4/5 · 控制情绪、聆听" in md and "- **老师点评** (Test Trainee): 先关心孩子，很好" in md
