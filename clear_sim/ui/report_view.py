"""Pure functions from stored sessions and report records to rich renderables (history, show, report).

Labels come from the ``report`` section of the UI strings files (``labels(lang)``); step names,
ending kinds, breaches and flags from the play UI's sections, so the words match the debrief.
"""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..scenario.model import STEPS
from .strings import strings
from .text import Wrapped, literal

COLUMNS = STEPS + ("overall",)
TRAINEE_ROWS = 60  # a terminal table of more trainees shows the weakest half of this


def labels(lang: str) -> dict:
    return strings(lang)["report"]


def local_time(iso: str | None, seconds: bool = False) -> str:
    """An ISO UTC timestamp in local time, ``YYYY-MM-DD HH:MM``."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def bar(score: float, width: int = 10) -> Text:
    style = "good" if score >= 80 else "warn" if score >= 50 else "bad"
    filled = round(score / 100 * width)
    return Text("█" * filled + "░" * (width - filled), style=style)


def _table() -> Table:
    return Table(header_style="heading", box=None, pad_edge=False, show_edge=False)


def _titled(title: str, table: Table) -> Group:
    """A heading line over a table (a table's own title would wrap to the table's width)."""
    return Group(literal(title, "heading"), table)


def _score(value) -> str:
    return "—" if value is None else f"{value:.0f}" if isinstance(value, float) else str(value)


def reviewed_score(attempt, k: str) -> str:
    """An attempt's score, with * where it is (or, for overall, includes) a teacher's override."""
    mark = "*" if attempt.reviewed and (k in attempt.reviewed or k == "overall") else ""
    return _score(attempt.scores.get(k)) + mark


def step_name(step: str, lang: str) -> str:
    S = strings(lang)
    return S["steps"].get(step, S.get("overall", step)) if step != "overall" else S["overall"]


def turn_heading(S: dict, n: int) -> str:
    """"Turn 3" in the play UI's words."""
    if "turn_heading" in S:
        return S["turn_heading"].format(n=n)
    return f"{S.get('turn', 'Turn')} {n}"


def cost_text(cost: str, lang: str) -> str:
    S, R = strings(lang), labels(lang)
    if cost.startswith("missed:"):
        return R["missed"].format(step=S["steps"].get(cost[7:], cost[7:]))
    return S["breach_kinds"].get(cost) or S["flags"].get(cost) or cost


# ---- history and show -----------------------------------------------------------------------------


def history_table(rows, lang: str = "en", teacher: dict | None = None) -> Table:
    """One row per session; ``teacher`` maps a reviewed session's id to its scores with the
    teacher's overrides, shown instead of the automatic overall and marked *."""
    R, S = labels(lang), strings(lang)
    table = _table()
    table.add_column(R["id"], no_wrap=True)
    table.add_column(R["started"], no_wrap=True)
    table.add_column(R["trainee"], overflow="fold")
    table.add_column(R["group"], overflow="fold")
    table.add_column(R["scenario"], overflow="fold")
    table.add_column(R["ending"], no_wrap=True)
    table.add_column(R["turns"], justify="right", no_wrap=True)
    table.add_column(R["score"], justify="right", no_wrap=True)
    for r in rows:
        if r.status == "finished":
            kind = r.ending_kind or "—"
            result = Text(S["ending_kinds"].get(kind, kind), style="good" if kind == "resolved" else "bad")
        else:
            result = Text(R["incomplete"], style="warn")
        reviewed = (teacher or {}).get(r.id)
        overall = _score((reviewed or r.scores or {}).get("overall")) + ("*" if reviewed else "")
        table.add_row(r.id[:8], local_time(r.started_at)[5:], literal(r.trainee or "—"), literal(r.group or "—"),
                      Wrapped(Text.assemble(literal(r.scenario_id), (f" {r.lang}", "muted"))), result, str(r.turns),
                      overall)
    return table


def history_view(rows, lang: str = "en", total: int | None = None, teacher: dict | None = None):
    R = labels(lang)
    if not rows:
        return Text(R["none_found"], style="muted")
    if total is not None and total > len(rows):
        note = R["sessions_of"].format(n=len(rows), total=total)
    else:
        note = R["sessions_one"] if len(rows) == 1 else R["sessions_shown"].format(n=len(rows))
    parts = [history_table(rows, lang, teacher), Text(note, style="muted")]
    if teacher:
        parts.append(Text(R["teacher_used"].format(n=len(teacher)), style="warn"))
    return Group(*parts)


def session_header(stored, scenario, version: str, lang: str, pair_runs=()) -> Group:
    """Who played what, when, with which scenario version and scorer; for pair practice, both
    players and the pair's other runs (``pair_runs``); with a teacher's review, both overall scores."""
    R, S = labels(lang), strings(lang)
    table = _table()
    table.show_header = False
    table.add_column(justify="left", style="muted")
    table.add_column(justify="left", overflow="fold")
    title = scenario.title if scenario is not None else stored.scenario_id
    rows = [
        (R["trainee"], literal(stored.trainee or "—")),
        (R["group"], literal(stored.group or "—")),
        (R["scenario"], Text.assemble(literal(title), (f"  ({stored.scenario_id}, {stored.lang})", "muted"))),
        (R["played_version"], Text(R[f"version_{version}"], style="muted" if version == "stored" else "warn")),
        (R["started"], local_time(stored.started_at)),
    ]
    if stored.status == "finished":
        ending = S["ending_kinds"].get(stored.ending_kind, stored.ending_kind or "—")
        rows.append((R["status"], Text(f"{R['finished']} {local_time(stored.finished_at)} · {ending}", style="good")))
        rows.append((R["scorer"], stored.scorer or "—"))
        teacher, steps = stored.teacher_scores() if hasattr(stored, "teacher_scores") else (None, ())
        if steps:
            V = S["review"]
            auto = (stored.scores or {}).get("overall", "—")
            rows.append((R["score"], Text.assemble(f"{auto} ({V['automatic']}) → ",
                                                   (f"{teacher.get('overall', '—')} ({V['teacher']})", "heading"))))
    else:
        rows.append((R["status"], Text(f"{R['incomplete']} · {R['resume'].format(id=stored.id[:8])}", style="warn")))
    pair = getattr(stored, "pair", None)
    if pair:
        from .pair_view import pair_rows

        rows[1:1] = pair_rows(pair, [r for r in pair_runs if r.id != stored.id], S)
    for label, value in rows:
        table.add_row(label, value)
    return _titled(f"{R['session']} {stored.id}", table)


def change_view(change, lang: str) -> Group:
    """Stored scores beside the rescored ones, with the turns that were assessed differently."""
    R = labels(lang)
    table = _table()
    table.add_column(R["step"])
    table.add_column(R["stored"], justify="right")
    table.add_column(R["now"], justify="right")
    table.add_column(R["change"], justify="right")
    for k in COLUMNS:
        before, after = change.before.get(k), change.after.get(k)
        delta = "" if before is None or after is None or before == after else f"{after - before:+d}"
        style = "good" if delta.startswith("+") else "bad" if delta.startswith("-") else "muted"
        table.add_row(step_name(k, lang), _score(before), _score(after), Text(delta or "·", style=style))
    parts = [literal(R["rescored"], "heading"), table,
             Text(R["turns_changed"].format(n=change.turns_changed), style="muted")]
    for note in change.notes:
        parts.append(Text(f" • {note}", style="warn"))
    return Group(*parts)


# ---- reports --------------------------------------------------------------------------------------


def _title(report, lang: str) -> Text:
    R = labels(lang)
    key = {"group": "report_group", "scenario": "report_scenario", "all": "report_all",
           "trainee": "report_trainee"}[report.kind]
    title = literal(R[key].format(name=report.name or ""), "heading")
    return Text.assemble(("━━ ", "heading"), title, (" ━━", "heading"))


def short_step(step: str, lang: str) -> str:
    """A column header: the step's letter of C-L-E-A-R in English, its name in Chinese."""
    if lang == "zh" or step == "overall":
        return step_name(step, lang)
    return step[0].upper()


def _step_header(table: Table, lang: str) -> None:
    for k in COLUMNS:
        table.add_column(short_step(k, lang), justify="right")


def steps_table(report, lang: str) -> Table:
    R = labels(lang)
    table = _table()
    table.add_column(R["step"])
    table.add_column(R["average"], justify="right")
    table.add_column("")
    table.add_column(R["spread"], justify="right")
    table.add_column(R["range"], justify="right")
    table.add_column(R["trainee_range"], justify="right")
    for k in COLUMNS:
        st = report.steps.get(k)
        if st is None:
            continue
        name = Text(step_name(k, lang), style="heading" if k == "overall" else "")
        table.add_row(name, f"{st.mean:.1f}", bar(st.mean), f"{st.stdev:.1f}", f"{st.min}–{st.max}",
                      f"{st.trainee_low:.0f}–{st.trainee_high:.0f}")
    return table


def trainees_table(report, lang: str, limit: int = TRAINEE_ROWS) -> Group:
    """One row per trainee; a big cohort shows the ``limit // 2`` with the lowest averages."""
    R = labels(lang)
    rows, title = report.per_trainee, R["per_trainee"]
    if len(rows) > limit:
        rows = sorted(rows, key=lambda t: (t.mean.get("overall", 0), t.trainee))[:limit // 2]
        title = R["weakest_trainees"].format(n=len(rows), total=len(report.per_trainee))
    table = _table()
    table.add_column(R["trainee"], overflow="fold")
    table.add_column(R["attempts"], justify="right", no_wrap=True)
    _step_header(table, lang)
    table.add_column(R["first"], justify="right", no_wrap=True)
    table.add_column(R["latest"], justify="right", no_wrap=True)
    table.add_column(R["weak"], no_wrap=True)
    for t in rows:
        mark = "*" if getattr(t, "reviewed", 0) else ""  # a teacher's score is in these averages
        table.add_row(literal(t.trainee), str(t.attempts),
                      *(f"{t.mean[k]:.0f}{mark if k == 'overall' else ''}" if k in t.mean else "—" for k in COLUMNS),
                      str(t.first), str(t.latest), step_name(t.weakest, lang) if t.weakest else "—")
    return _titled(title, table)


def nodes_table(nodes, lang: str, trainees: bool = True) -> Group:
    R = labels(lang)
    table = _table()
    table.add_column(R["scenario"], overflow="fold")
    table.add_column(R["node"], overflow="fold")
    table.add_column(R["lost"], justify="right")
    if trainees:
        table.add_column(R["trainees_lost"], justify="right")
    table.add_column(R["lost_steps"], overflow="fold")
    for n in nodes:
        steps = ", ".join(f"{step_name(s, lang)} {c}" for s, c in n.steps.items())
        row = [literal(n.scenario), literal(n.node), f"{n.lost}/{n.answers} ({n.share:.0%})"]
        if trainees:
            row.append(f"{n.trainees_lost}/{n.trainees}")
        table.add_row(*row, steps)
    return _titled(R["nodes"], table)


def distractors_table(distractors, lang: str) -> Group:
    R = labels(lang)
    table = _table()
    table.add_column(R["node"], overflow="fold")
    table.add_column(R["option"], overflow="fold", ratio=3)
    table.add_column(R["chosen"], justify="right")
    table.add_column(R["costs"], overflow="fold", ratio=2)
    for d in distractors:
        option = Text.assemble(literal(d.text), (f"  [{d.option}]", "muted"))
        costs = ", ".join(cost_text(c, lang) for c in d.costs)
        table.add_row(Text.assemble(literal(d.scenario), ("/", "muted"), literal(d.node)), option,
                      f"{d.chosen}/{d.answers} ({d.share:.0%})", Text(costs, style="warn"))
    return _titled(R["distractors"], table)


def changes_view(report, lang: str) -> Group | None:
    if not report.rescored:
        return None
    R = labels(lang)
    changed = [c for c in report.changes if c.changed]
    parts = [Text(R["changes"].format(changed=len(changed), total=len(report.changes)), style="heading")]
    if changed:
        table = _table()
        table.add_column(R["id"])
        table.add_column(R["trainee"], overflow="fold")
        table.add_column(R["scenario"], overflow="fold")
        _step_header(table, lang)
        table.add_column(R["turns"], justify="right")
        for c in changed:
            cells = []
            for k in COLUMNS:
                b, a = c.before.get(k), c.after.get(k)
                cells.append(Text(f"{_score(b)}→{_score(a)}", style="warn") if b != a else Text(_score(a), style="muted"))
            table.add_row(c.id[:8], literal(c.trainee or "—"), literal(c.scenario), *cells, str(c.turns_changed))
        parts.append(table)
    return Group(*parts)


def _status_lines(report, R) -> list:
    """Whether the figures were rescored or include teacher overrides (both report kinds say so)."""
    lines = []
    if report.rescored:
        lines.append(Text(R["rescored"], style="warn"))
    if getattr(report, "reviewed", 0):
        lines.append(Text(R["teacher_used"].format(n=report.reviewed), style="warn"))
    return lines


def _closing(report, lang: str) -> list:
    """What changed on rescoring, then the report's notes: the end of every report view."""
    parts = []
    changes = changes_view(report, lang)
    if changes is not None:
        parts += [Text(""), changes]
    parts += [Text(f" • {note}", style="warn") for note in report.notes]
    return parts


def cohort_view(report, lang: str = "en") -> Group:
    R, S = labels(lang), strings(lang)
    parts = [_title(report, lang), Text(R["counts"].format(sessions=report.sessions, trainees=report.trainees,
                                                           incomplete=report.incomplete), style="muted")]
    parts += _status_lines(report, R)
    if not report.sessions:
        parts.append(Text(R["no_sessions"], style="muted"))
        return Group(*parts)
    parts += [Text(""), steps_table(report, lang)]
    if report.weakest:
        parts.append(Text(R["weakest"].format(step=step_name(report.weakest, lang)), style="bad"))
    parts += [Text(""), trainees_table(report, lang), Text("")]
    parts.append(nodes_table(report.nodes, lang) if report.nodes else Text(R["nothing_lost"], style="good"))
    if report.distractors:
        parts += [Text(""), distractors_table(report.distractors, lang)]
    endings = " · ".join(f"{S['ending_kinds'].get(k, k)} {v}" for k, v in report.endings.items())
    parts += [Text(""), Text.assemble((f"{R['endings']}: ", "heading"), endings)]
    if len(report.scenarios) > 1 or report.kind != "scenario":
        scen = " · ".join(f"{k} {v['sessions']} ({v['overall']:.0f})" for k, v in report.scenarios.items())
        parts.append(Text.assemble((f"{R['scenarios']}: ", "heading"), literal(scen)))
    return Group(*parts, *_closing(report, lang))


def attempts_table(report, lang: str) -> Group:
    R, S = labels(lang), strings(lang)
    table = _table()
    table.add_column("#", justify="right")
    table.add_column(R["date"])
    table.add_column(R["scenario"], overflow="fold")
    table.add_column(R["ending"])
    _step_header(table, lang)
    for a in report.attempts:
        ending = S["ending_kinds"].get(a.ending_kind, a.ending_kind or "—")
        table.add_row(str(a.n), local_time(a.started_at), literal(a.scenario), ending,
                      *(reviewed_score(a, k) for k in COLUMNS))
    return _titled(R["attempt_list"], table)


def progress_table(report, lang: str) -> Group:
    R = labels(lang)
    table = _table()
    table.add_column(R["step"])
    for name in ("first", "latest", "change", "best", "mean"):
        table.add_column(R[name], justify="right")
    table.add_column("")
    for k in COLUMNS:
        p = report.progress.get(k)
        if p is None:
            continue
        style = "good" if p.change > 0 else "bad" if p.change < 0 else "muted"
        table.add_row(Text(step_name(k, lang), style="heading" if k == "overall" else ""), str(p.first),
                      str(p.latest), Text(f"{p.change:+d}", style=style), str(p.best), f"{p.mean:.1f}", bar(p.latest))
    return _titled(R["progress"], table)


def trainee_view(report, lang: str = "en") -> Group:
    R = labels(lang)
    groups = f" · {R['groups']}: {', '.join(report.groups)}" if report.groups else ""
    parts = [_title(report, lang),
             Text(f"{len(report.attempts)} {R['attempts']} · {report.incomplete} {R['incomplete']}{groups}", style="muted")]
    parts += _status_lines(report, R)
    if not report.attempts:
        parts.append(Text(R["no_sessions"], style="muted"))
        return Group(*parts)
    parts += [Text(""), progress_table(report, lang)]
    if report.weakest:
        parts.append(Text(R["weakest"].format(step=step_name(report.weakest, lang)), style="bad"))
    parts += [Text(""), attempts_table(report, lang), Text("")]
    parts.append(nodes_table(report.nodes, lang, trainees=False) if report.nodes else Text(R["nothing_lost"], style="good"))
    if report.distractors:
        parts += [Text(""), distractors_table(report.distractors, lang)]
    return Group(*parts, *_closing(report, lang))


def report_view(report, lang: str = "en") -> Group:
    return trainee_view(report, lang) if report.kind == "trainee" else cohort_view(report, lang)
