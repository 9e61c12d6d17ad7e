"""`clear-sim export ID`: one session as Markdown, HTML or JSON (JSON takes several, or --all,
and is what `clear-sim import` merges on another machine)."""

from __future__ import annotations

import json

from ..errors import OK, UsageError
from ..scoring import model_answer_due
from ..ui.strings import moment_line

FORMATS = ("md", "html", "json")


def run(refs: list[str], db: str | None = None, *, fmt: str = "json", output: str | None = None,
        all_sessions: bool = False, trainee: str | None = None, group: str | None = None,
        scenario: str | None = None, since: str | None = None, until: str | None = None,
        paths: list[str] | None = None) -> int:
    from ..store import open_store
    from .history import filters
    from .report import write_output

    if fmt not in FORMATS:
        raise UsageError(f'--format must be one of {", ".join(FORMATS)}, not "{fmt}"')
    refs = list(refs or [])
    if all_sessions and refs:
        raise UsageError("give session ids or --all, not both")
    if not all_sessions and any(v is not None for v in (trainee, group, scenario, since, until)):
        raise UsageError("--trainee, --group, --scenario, --since and --until select sessions with --all")
    if not refs and not all_sessions:
        raise UsageError("give a session id (see clear-sim history), or --all")
    if fmt != "json" and (all_sessions or len(refs) > 1):
        raise UsageError(f"--format {fmt} exports one session; use --format json for several")
    with open_store(db) as store:
        if all_sessions:
            sessions = list(store.stored_sessions(filters(trainee, group, scenario, since, until)))
        else:
            sessions, seen = [], set()
            for ref in refs:
                s = store.get(ref)
                if s.id not in seen:
                    seen.add(s.id)
                    sessions.append(s)
        if fmt == "json":
            text = json.dumps(store.export(sessions), ensure_ascii=False, indent=1) + "\n"
        else:
            text = _document(store, sessions[0], fmt, paths)
    write_output(text, output)
    return OK


def _document(store, stored, fmt: str, paths) -> str:
    from ..report import card_with_scores, placeholder_scenario
    from ..scoring import scorecard
    from .show import played_scenario

    scenario, _ = played_scenario(store, stored.scenario_digest, stored.scenario_id, stored.lang, paths)
    shown = scenario or placeholder_scenario(stored.scenario_id, stored.lang)
    card = card_with_scores(scorecard(shown, stored.state.turns), stored.scores)
    if fmt == "html":
        from ..ui.html import session_html

        return session_html(stored, scenario, card, stored.lang, card.scores())
    return markdown(stored, scenario, card)


def _md(text) -> str:
    """Scenario and trainee text made inert in Markdown (no markup, links, HTML or control codes)."""
    import re

    from ..ui.text import clean

    text = clean("" if text is None else str(text)).replace("\r", "").replace("\n", " ")
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


def markdown(stored, scenario, card) -> str:
    """One session as Markdown: who, when, scores, what was missed, the transcript."""
    from ..ui.report_view import COLUMNS, labels, local_time, step_name, turn_heading
    from ..ui.strings import strings

    lang = stored.lang
    R, S = labels(lang), strings(lang)
    title = scenario.title if scenario is not None else stored.scenario_id
    scores = card.scores()
    out = [f"# {_md(title)}", ""]
    meta = [(R["session"], f"`{stored.id}`"), (R["trainee"], _md(stored.trainee or "—")),
            (R["group"], _md(stored.group or "—")), (R["scenario"], f"{_md(stored.scenario_id)} ({lang})"),
            (R["started"], local_time(stored.started_at)),
            (R["status"], R["finished"] if stored.status == "finished" else R["incomplete"])]
    ending = scenario.endings.get(stored.state.ending) if scenario is not None and stored.state.ending else None
    if ending is not None:
        meta.append((R["ending"], S["ending_kinds"].get(ending.kind, ending.kind)))
    if stored.scorer:
        meta.append((R["scorer"], f"`{stored.scorer}`"))
    from ..pair.annotate import annotations

    ann = annotations(stored, scenario, card, S)
    meta[1:1] = [(k, _md(v)) for k, v in ann.meta]
    out += [f"- **{k}**: {v}" for k, v in meta]
    if ending is not None:
        out += ["", _md(ending.debrief)]
    out += ["", f"## {S['debrief']}", ""]
    if ann.teacher:
        V = S["review"]
        out += [f"| {S['step']} | {V['automatic']} | {V['teacher']} | |", "|---|---:|---:|---|"]
        for k in COLUMNS:
            t = ann.teacher.get(k)
            out.append(f"| {step_name(k, lang)} | {scores.get(k, '—')} | {'**' + str(t[0]) + '**' if t else '—'} | "
                       f"{_md(t[1]) if t and t[1] else ''} |")
    else:
        out += [f"| {S.get('step', R['step'])} | {S['score']} |", "|---|---:|"]
        out += [f"| {step_name(k, lang)} | {scores.get(k, '—')} |" for k in COLUMNS]
    out += ["", f"## {S['missed']}", ""]
    if not card.moments:
        out.append(S["nothing_missed"])
    for mo in card.moments:
        line = moment_line(mo, S)
        out.append(f"- {line}")
    out += ["", f"## {S['your_replies']}"]
    name = scenario.customer.name if scenario is not None else S["customer"]
    for t in stored.state.turns:
        node = scenario.nodes.get(t.node) if scenario is not None else None
        moves = ", ".join([S["steps"][m] for m in t.moves] + [S["breach_kinds"].get(b, b) for b in t.breaches]) or S["none"]
        out += ["", f"### {turn_heading(S, t.index)} · `{t.node}` · {S['mood']} {t.mood_before} → {t.mood_after}", "",
                f"> **{_md(name)}:** {_md(t.customer)}", ">", f"> **{S['you']}:** {_md(t.reply)}", "",
                f"- {S['moves']}: {moves}"]
        if node is not None and node.expects:
            out.append(f"- {S['called_for']}: {', '.join(S['steps'][s] for s in node.expects)}")
        out += [f"- ⚠ {S['flags'].get(f, f)}" for f in t.flags]
        model = model_answer_due(node, t)
        if model:
            out.append(f"- {S['model_answer']}: {_md(model)}")
        for who, rating, steps in ann.ratings.get(t.index, []):
            out.append(f"- {_md(who)}: {rating}/5 · {_md(steps)}")
        for line in ann.discuss.get(t.index, []):
            out.append(f"- ◆ **{_md(line)}**")
        for text, who in ann.comments.get(t.index, []):
            out.append(f"- **{S['review']['comment']}**{' (' + _md(who) + ')' if who else ''}: {_md(text)}")
    if ann.steps:
        P = S["pair"]
        out += ["", f"## {P['debrief_title']}", "", f"| {S['step']} | {P['analyzer']} | " +
                " | ".join(_md(n) for n in ann.names) + " |", "|---|---:|" + "---:|" * len(ann.names)]
        out += [f"| {step_name(k, lang)} | " + " | ".join(ann.steps[k]) + " |" for k in COLUMNS]
        out += ["", _md(P["steps_note"]), "", f"### {P['discuss_title']}", ""]
        if not ann.discuss:
            out.append(_md(P["nothing_to_discuss"]))
        for n, lines in ann.discuss.items():
            out.append(f"- **{turn_heading(S, n)}**: " + " ".join(_md(x) for x in lines))
    if ann.comments.get(None):
        out += ["", f"## {S['review']['title']}", ""]
        out += [f"- {_md(text)}{' (' + _md(who) + ')' if who else ''}" for text, who in ann.comments[None]]
    return "\n".join(out) + "\n"
