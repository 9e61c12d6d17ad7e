"""Self-contained HTML: reports with inline SVG charts, and one session's transcript.

One file, no scripts, no fonts or images fetched: it opens offline in any browser and prints on A4
or Letter (print CSS keeps charts and table rows whole). Every text from scenarios, trainees and
the store is escaped. Charts: CLEAR step bars with the spread, a radar of the five steps, and
lines of progress over attempts.
"""

from __future__ import annotations

import math
from html import escape

from ..scenario.model import STEPS
from ..scoring import model_answer_due
from .report_view import COLUMNS, cost_text, labels, local_time, step_name, turn_heading
from .strings import moment_line, strings
from .text import clean

COLOURS = {"control": "#475569", "listen": "#2563eb", "establish": "#c026d3", "apologize": "#16a34a",
           "resolve": "#0891b2", "overall": "#111827"}

CSS = """
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC",
 "Microsoft YaHei",sans-serif;color:#111827;background:#fff;margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:1.6em;margin:0 0 .2em}
h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #e5e7eb;padding-bottom:.2em}
.muted{color:#6b7280}.warn{color:#b45309}.bad{color:#b91c1c}.good{color:#15803d}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
figure{margin:0;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;background:#fff}
figcaption{font-weight:600;margin-bottom:4px}figcaption .muted{font-weight:400;font-size:.85em}
figcaption::first-letter,th::first-letter{text-transform:uppercase}
table.meta{width:auto;min-width:50%}table.meta th{width:11em}
svg text{font-family:inherit}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:.85em;margin-top:4px}
.legend span::before{content:"";display:inline-block;width:12px;height:12px;margin-right:4px;
 vertical-align:-1px;border-radius:2px;background:var(--c)}
.cell{display:inline-block;min-width:2.2em}
.turn{border-left:4px solid #e5e7eb;padding:4px 12px;margin:12px 0;break-inside:avoid}
.turn .who{font-weight:600}.turn .labels span{display:inline-block;font-size:.8em;padding:0 6px;margin:2px 4px 2px 0;
 border-radius:4px;color:#fff;background:var(--c)}
mark{background:none;border-bottom:2px solid var(--c);padding:0}
mark.breach{background:#fee2e2}
.model{color:#15803d}
.turn.discuss{border-left-color:#b91c1c;background:#fef2f2}
.comment{background:#fefce8;border-left:3px solid #ca8a04;padding:2px 8px;margin:4px 0}
footer{margin-top:2em;font-size:.8em;color:#6b7280}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 @page{margin:14mm}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 figure,table,tr,.turn,section.chartset{break-inside:avoid}
 h2{break-after:avoid}
 a{color:inherit;text-decoration:none}
}
"""


def _e(text) -> str:
    return escape(clean("" if text is None else str(text)), quote=True)


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="clear-sim">\n<title>{_e(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


# ---- charts ---------------------------------------------------------------------------------------


def step_bars(values: dict, lang: str, *, spread: dict | None = None, title: str = "", width: int = 460) -> str:
    """Vertical bars, one per CLEAR step (and overall), 0–100, with a ±sd whisker when given."""
    keys = [k for k in COLUMNS if k in values]
    height, left, bottom, top = 268, 34, 40, 22
    plot_h = height - bottom - top
    slot = (width - left - 10) / max(1, len(keys))
    parts = [f'<svg class="chart chart-bars" role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>']
    parts.append(_grid(left, top, width - 10, plot_h))
    for i, k in enumerate(keys):
        v = max(0.0, min(100.0, float(values[k])))
        x = left + i * slot + slot * 0.18
        w = slot * 0.64
        h = plot_h * v / 100
        y = top + plot_h - h
        parts.append(f'<rect class="bar bar-{k}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                     f'fill="{COLOURS[k]}" rx="2"><title>{_e(step_name(k, lang))}: {v:.1f}</title></rect>')
        label_y = y
        if spread and k in spread:
            sd = spread[k]
            y1 = top + plot_h * (1 - min(100, v + sd) / 100)
            y2 = top + plot_h * (1 - max(0, v - sd) / 100)
            cx = x + w / 2
            d = f"M{cx:.1f} {y1:.1f}V{y2:.1f}M{cx - 6:.1f} {y1:.1f}h12M{cx - 6:.1f} {y2:.1f}h12"
            parts.append(f'<path class="whisker" d="{d}" stroke="#9ca3af" stroke-width="1.5" fill="none"/>')
            label_y = min(y, y1)
        # the value sits above the bar and its whisker (inside the top margin at 100)
        parts.append(f'<text x="{x + w / 2:.1f}" y="{max(11.0, label_y - 4):.1f}" font-size="12" '
                     f'text-anchor="middle">{v:.0f}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{height - bottom + 16:.1f}" font-size="12" text-anchor="middle">'
                     f'{_e(step_name(k, lang))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _grid(left: float, top: float, right: float, plot_h: float) -> str:
    out = []
    for v in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - v / 100)
        out.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
                   f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#6b7280">{v}</text>')
    return "".join(out)


def radar(series: list[tuple[str, dict, str]], lang: str, *, title: str = "", size: int = 300) -> str:
    """The five CLEAR steps as a pentagon; each series (label, scores, colour) is one polygon."""
    cx = cy = size / 2
    r = size / 2 - 46
    angle = [(-90 + 72 * i) * math.pi / 180 for i in range(len(STEPS))]

    def point(i: int, v: float) -> tuple[float, float]:
        return cx + r * v / 100 * math.cos(angle[i]), cy + r * v / 100 * math.sin(angle[i])

    parts = [f'<svg class="chart chart-radar" role="img" aria-label="{_e(title)}" width="{size}" height="{size}" '
             f'viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>']
    for level in (25, 50, 75, 100):
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(len(STEPS))))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#e5e7eb"/>')
    for i, step in enumerate(STEPS):
        x, y = point(i, 100)
        lx, ly = point(i, 122)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="middle" '
                     f'fill="{COLOURS[step]}" font-weight="600">{_e(step_name(step, lang))}</text>')
    for label, scores, colour in series:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, float(scores.get(s) or 0)) for i, s in enumerate(STEPS)))
        parts.append(f'<polygon class="series" points="{pts}" fill="{colour}" fill-opacity="0.18" stroke="{colour}" '
                     f'stroke-width="2"><title>{_e(label)}</title></polygon>')
    parts.append("</svg>")
    if len(series) > 1:
        parts.append('<div class="legend">' + "".join(f'<span style="--c:{c}">{_e(label)}</span>'
                                                       for label, _, c in series) + "</div>")
    return "".join(parts)


def progress_lines(points: list[dict], lang: str, *, title: str = "", width: int = 620, x_label: str = "") -> str:
    """One line per CLEAR step (and overall, thicker) over attempts 1…n."""
    height, left, right, top, bottom = 280, 34, 16, 14, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)

    def x_of(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    parts = [f'<svg class="chart chart-progress" role="img" aria-label="{_e(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>']
    parts.append(_grid(left, top, width - right, plot_h))
    step = max(1, math.ceil(n / 12))
    for i in range(0, n, step):
        parts.append(f'<text x="{x_of(i):.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
                     f'fill="#6b7280">{i + 1}</text>')
    if x_label:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" font-size="12" text-anchor="middle" '
                     f'fill="#6b7280">{_e(x_label)}</text>')
    for k in COLUMNS:
        coords = [(x_of(i), top + plot_h * (1 - float(p[k]) / 100)) for i, p in enumerate(points) if p.get(k) is not None]
        if not coords:
            continue
        thick = 3.5 if k == "overall" else 2
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline class="line line-{k}" points="{d}" fill="none" stroke="{COLOURS[k]}" '
                     f'stroke-width="{thick}" stroke-linejoin="round"><title>{_e(step_name(k, lang))}</title></polyline>')
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3.5 if k == "overall" else 2.5}" fill="{COLOURS[k]}"/>')
    parts.append("</svg>")
    parts.append(legend(lang))
    return "".join(parts)


def legend(lang: str) -> str:
    return '<div class="legend">' + "".join(
        f'<span style="--c:{COLOURS[k]}">{_e(step_name(k, lang))}</span>' for k in COLUMNS) + "</div>"


# ---- reports --------------------------------------------------------------------------------------


def _figure(caption: str, chart: str, note: str | None = None) -> str:
    extra = f' <span class="muted">({_e(note)})</span>' if note else ""
    return f"<figure><figcaption>{_e(caption)}{extra}</figcaption>{chart}</figure>"


def _muted(text: str) -> str:
    return f'<p class="muted">{_e(text)}</p>'


def _th(*cells: tuple[str, bool]) -> str:
    return "<tr>" + "".join(f'<th class="n">{_e(c)}</th>' if num else f"<th>{_e(c)}</th>" for c, num in cells) + "</tr>"


def _td(*cells: tuple[str, bool]) -> str:
    """Cells are (already escaped HTML, numeric?)."""
    return "<tr>" + "".join(f'<td class="n">{c}</td>' if num else f"<td>{c}</td>" for c, num in cells) + "</tr>"


def _score_cell(value) -> str:
    if value is None:
        return "—"
    v = float(value)
    colour = "#15803d" if v >= 80 else "#b45309" if v >= 50 else "#b91c1c"
    return f'<span class="cell" style="color:{colour}">{v:.0f}</span>'


def _title_for(report, lang: str) -> str:
    R = labels(lang)
    key = {"group": "report_group", "scenario": "report_scenario", "all": "report_all",
           "trainee": "report_trainee"}[report.kind]
    return R[key].format(name=report.name or "")


def report_html(report, lang: str = "en", generated: str | None = None) -> str:
    """The whole report as one HTML document."""
    body = _trainee_body(report, lang) if report.kind == "trainee" else _cohort_body(report, lang)
    foot = f'<footer>clear-sim · {_e(local_time(generated, seconds=True)) if generated else ""}</footer>'
    return _page(_title_for(report, lang), body + foot, lang)


def _nodes_html(nodes, lang: str, trainees: bool = True) -> str:
    R = labels(lang)
    if not nodes:
        return f'<p class="good">{_e(R["nothing_lost"])}</p>'
    head = [(R["scenario"], False), (R["node"], False), (R["lost"], True)]
    if trainees:
        head.append((R["trainees_lost"], True))
    head.append((R["lost_steps"], False))
    rows = []
    for n in nodes:
        steps = ", ".join(f"{_e(step_name(s, lang))} {c}" for s, c in n.steps.items())
        cells = [(_e(n.scenario), False), (_e(n.node), False), (f"{n.lost}/{n.answers} ({n.share:.0%})", True)]
        if trainees:
            cells.append((f"{n.trainees_lost}/{n.trainees}", True))
        cells.append((steps, False))
        rows.append(_td(*cells))
    return f'<table class="nodes">{_th(*head)}{"".join(rows)}</table>'


def _distractors_html(distractors, lang: str) -> str:
    if not distractors:
        return ""
    R = labels(lang)
    rows = "".join(_td((f"{_e(d.scenario)}/{_e(d.node)}", False),
                       (f'{_e(d.text)} <span class="muted">[{_e(d.option)}]</span>', False),
                       (f"{d.chosen}/{d.answers} ({d.share:.0%})", True),
                       (f'<span class="warn">{_e(", ".join(cost_text(c, lang) for c in d.costs))}</span>', False))
                   for d in distractors)
    head = _th((R["node"], False), (R["option"], False), (R["chosen"], True), (R["costs"], False))
    return f'<h2>{_e(R["distractors"])}</h2><table class="distractors">{head}{rows}</table>'


def _changes_html(report, lang: str) -> str:
    if not report.rescored:
        return ""
    R = labels(lang)
    changed = [c for c in report.changes if c.changed]
    out = f'<h2>{_e(R["changes"].format(changed=len(changed), total=len(report.changes)))}</h2>'
    if not changed:
        return out
    head = _th((R["id"], False), (R["trainee"], False), (R["scenario"], False),
               *((step_name(k, lang), True) for k in COLUMNS), (R["turns"], True))
    rows = []
    for c in changed:
        cells = []
        for k in COLUMNS:
            b, a = c.before.get(k), c.after.get(k)
            cells.append((f'<span class="warn">{b}→{a}</span>' if b != a else f'<span class="muted">{a}</span>', True))
        rows.append(_td((_e(c.id[:8]), False), (_e(c.trainee or "—"), False), (_e(c.scenario), False), *cells,
                        (str(c.turns_changed), True)))
    return out + f'<table class="changes">{head}{"".join(rows)}</table>'


def _weakest_html(report, lang: str) -> str:
    text = labels(lang)["weakest"].format(step=step_name(report.weakest, lang))
    return f'<p class="bad"><strong>{_e(text)}</strong></p>'


def _notes_html(report) -> str:
    return "".join(f'<p class="warn">{_e(n)}</p>' for n in report.notes)


def _cohort_body(report, lang: str) -> str:
    R, S = labels(lang), strings(lang)
    out = [f"<h1>{_e(_title_for(report, lang))}</h1>",
           _muted(R["counts"].format(sessions=report.sessions, trainees=report.trainees, incomplete=report.incomplete))]
    if report.rescored:
        out.append(f'<p class="warn">{_e(R["rescored"])}</p>')
    if report.reviewed:
        out.append(f'<p class="warn">{_e(R["teacher_used"].format(n=report.reviewed))}</p>')
    if not report.sessions:
        out.append(f'<p class="muted">{_e(R["no_sessions"])}</p>')
        return "".join(out) + _notes_html(report)
    means = {k: s.mean for k, s in report.steps.items()}
    spread = {k: s.stdev for k, s in report.steps.items()}
    out.append('<section class="chartset charts">')
    out.append(_figure(f'{R["average"]} ± {R["spread"]}', step_bars(means, lang, spread=spread, title=R["average"])))
    out.append(_figure("CLEAR", radar([(R["average"], means, COLOURS["listen"])], lang, title="CLEAR")))
    if len(report.by_attempt) > 1:
        lines = progress_lines(report.by_attempt, lang, title=R["progress"], x_label=R["attempts"])
        out.append(_figure(R["progress"], lines, note=R["by_attempt"]))
    out.append("</section>")
    if report.weakest:
        out.append(_weakest_html(report, lang))
    rows = "".join(_td((_e(step_name(k, lang)), False), (f"{s.mean:.1f}", True), (f"{s.stdev:.1f}", True),
                       (f"{s.min}–{s.max}", True), (f"{s.trainee_low:.0f}–{s.trainee_high:.0f}", True))
                   for k, s in report.steps.items())
    head = _th((R["step"], False), (R["average"], True), (R["spread"], True), (R["range"], True),
               (R["trainee_range"], True))
    out.append(f'<table class="steps">{head}{rows}</table>')
    head = _th((R["trainee"], False), (R["attempts"], True), *((step_name(k, lang), True) for k in COLUMNS),
               (R["first"], True), (R["latest"], True), (R["weak"], False))
    rows = "".join(_td((_e(t.trainee), False), (str(t.attempts), True), *((_score_cell(t.mean.get(k)), True) for k in COLUMNS),
                       (str(t.first), True), (str(t.latest), True),
                       (_e(step_name(t.weakest, lang)) if t.weakest else "—", False))
                   for t in report.per_trainee)
    out.append(f'<h2>{_e(R["per_trainee"])}</h2><table class="trainees">{head}{rows}</table>')
    out.append(f'<h2>{_e(R["nodes"])}</h2>{_nodes_html(report.nodes, lang)}')
    out.append(_distractors_html(report.distractors, lang))
    endings = " · ".join(f"{_e(S['ending_kinds'].get(k, k))} {v}" for k, v in report.endings.items())
    out.append(f'<h2>{_e(R["endings"])}</h2><p>{endings}</p>')
    scen = "".join(_td((_e(k), False), (str(v["sessions"]), True), (_score_cell(v["overall"]), True))
                   for k, v in report.scenarios.items())
    out.append(f'<h2>{_e(R["scenarios"])}</h2><table class="scenarios">'
               f'{_th((R["scenario"], False), (R["attempts"], True), (step_name("overall", lang), True))}{scen}</table>')
    out.append(_changes_html(report, lang))
    out.append(_notes_html(report))
    return "".join(out)


def _trainee_body(report, lang: str) -> str:
    R, S = labels(lang), strings(lang)
    groups = f" · {R['groups']}: {', '.join(report.groups)}" if report.groups else ""
    out = [f"<h1>{_e(_title_for(report, lang))}</h1>",
           _muted(f'{len(report.attempts)} {R["attempts"]} · {report.incomplete} {R["incomplete"]}{groups}')]
    if report.rescored:
        out.append(f'<p class="warn">{_e(R["rescored"])}</p>')
    if report.reviewed:
        out.append(f'<p class="warn">{_e(R["teacher_used"].format(n=report.reviewed))}</p>')
    if not report.attempts:
        out.append(f'<p class="muted">{_e(R["no_sessions"])}</p>')
        return "".join(out) + _notes_html(report)
    latest = report.attempts[-1].scores
    first = report.attempts[0].scores
    means = {k: p.mean for k, p in report.progress.items()}
    series = [(f'{R["first"]} (#1)', first, "#9ca3af"),
              (f'{R["latest"]} (#{len(report.attempts)})', latest, COLOURS["listen"])]
    out.append('<section class="chartset charts">')
    lines = progress_lines([a.scores for a in report.attempts], lang, title=R["progress"], x_label=R["attempts"])
    out.append(_figure(R["progress"], lines))
    chart = radar(series if len(report.attempts) > 1 else series[1:], lang, title="CLEAR")
    out.append(_figure(f'CLEAR: {R["first"]} / {R["latest"]}', chart))
    out.append(_figure(R["mean"], step_bars(means, lang, title=R["mean"], width=420)))
    out.append("</section>")
    if report.weakest:
        out.append(_weakest_html(report, lang))
    rows = "".join(_td((_e(step_name(k, lang)), False), (str(p.first), True), (str(p.latest), True),
                       (f"{p.change:+d}", True), (str(p.best), True), (f"{p.mean:.1f}", True))
                   for k, p in report.progress.items())
    head = _th((R["step"], False), *((R[k], True) for k in ("first", "latest", "change", "best", "mean")))
    out.append(f'<table class="progress">{head}{rows}</table>')
    head = _th(("#", True), (R["date"], False), (R["scenario"], False), (R["ending"], False),
               *((step_name(k, lang), True) for k in COLUMNS))
    rows = "".join(_td((str(a.n), True), (_e(local_time(a.started_at)), False), (_e(a.scenario), False),
                       (_e(S["ending_kinds"].get(a.ending_kind, a.ending_kind or "—")), False),
                       *((_score_cell(a.scores.get(k)) + ("*" if a.reviewed and (k in a.reviewed or k == "overall") else ""), True)
                         for k in COLUMNS))
                   for a in report.attempts)
    out.append(f'<h2>{_e(R["attempt_list"])}</h2><table class="attempts">{head}{rows}</table>')
    out.append(f'<h2>{_e(R["nodes"])}</h2>{_nodes_html(report.nodes, lang, trainees=False)}')
    out.append(_distractors_html(report.distractors, lang))
    out.append(_changes_html(report, lang))
    out.append(_notes_html(report))
    return "".join(out)


# ---- one session ----------------------------------------------------------------------------------


def _highlight(reply: str, evidence) -> str:
    """The reply with each evidence span marked in its label's colour (author labels cover it all)."""
    if clean(reply) != reply:
        return _e(reply)
    spans = sorted((e for e in evidence if e.get("kind") != "author" and 0 <= e["start"] < e["end"] <= len(reply)),
                   key=lambda e: (e["start"], -e["end"]))
    out, pos = [], 0
    for e in spans:
        if e["start"] < pos:
            continue  # overlapping spans: the first one wins
        colour = "#b91c1c" if e["label"] == "breach" else COLOURS.get(e["label"], "#6b7280")
        cls = ' class="breach"' if e["label"] == "breach" else ""
        out.append(escape(reply[pos:e["start"]]))
        out.append(f'<mark{cls} style="--c:{colour}" title="{_e(e["label"])}: {_e(e["kind"])}">'
                   f'{escape(reply[e["start"]:e["end"]])}</mark>')
        pos = e["end"]
    out.append(escape(reply[pos:]))
    return "".join(out)


def session_html(stored, scenario, card, lang: str, scores: dict | None = None) -> str:
    """One session: who, when, the scores (bars and radar), what was missed, and the transcript."""
    R, S = labels(lang), strings(lang)
    scores = scores or card.scores()
    title = f"{R['session']} {stored.id[:8]} · {scenario.title if scenario else stored.scenario_id}"
    ending = scenario.endings.get(stored.state.ending) if scenario is not None and stored.state.ending else None
    meta = [(R["trainee"], stored.trainee or "—"), (R["group"], stored.group or "—"),
            (R["scenario"], f"{scenario.title if scenario else stored.scenario_id} ({stored.scenario_id}, {stored.lang})"),
            (R["started"], local_time(stored.started_at)),
            (R["status"], R["finished"] if stored.status == "finished" else R["incomplete"])]
    if ending is not None:
        meta.append((R["ending"], S["ending_kinds"].get(ending.kind, ending.kind)))
    if stored.scorer:
        meta.append((R["scorer"], stored.scorer))
    from ..pair.annotate import annotations

    ann = annotations(stored, scenario, card, S)
    meta[1:1] = ann.meta
    out = [f"<h1>{_e(title)}</h1>", '<table class="meta">' +
           "".join(f'<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in meta) + "</table>"]
    if ending is not None:
        out.append(f"<p>{_e(ending.debrief)}</p>")
    out.append('<section class="chartset charts">')
    out.append(_figure(S["debrief"], step_bars(scores, lang, title=S["debrief"])))
    out.append(_figure("CLEAR", radar([(S["score"], scores, COLOURS["listen"])], lang, title="CLEAR")))
    out.append("</section>")
    if ann.teacher:
        V = S["review"]
        head = _th((S["step"], False), (V["automatic"], True), (V["teacher"], True), ("", False))
        rows = "".join(_td((_e(step_name(k, lang)), False), (_e(scores.get(k, "—")), True),
                           (f"<strong>{_e(ann.teacher[k][0])}</strong>" if k in ann.teacher else "—", True),
                           (_e(ann.teacher[k][1]) if k in ann.teacher else "", False)) for k in COLUMNS)
        out.append(f'<h2>{_e(V["title"])}</h2><table class="teacher">{head}{rows}</table>')
    for text, who in ann.comments.get(None, []):
        out.append(f'<p class="comment"><strong>{_e(S["review"]["comment"])}</strong>'
                   f'{" (" + _e(who) + ")" if who else ""}: {_e(text)}</p>')
    if ann.steps:
        P = S["pair"]
        head = _th((S["step"], False), (P["analyzer"], True), *((n, True) for n in ann.names))
        rows = "".join(_td((_e(step_name(k, lang)), False),
                           *((f'<span class="bad">{_e(c)}</span>' if c.startswith("◆") else _e(c), True) for c in ann.steps[k]))
                       for k in COLUMNS)
        out.append(f'<h2>{_e(P["debrief_title"])}</h2><table class="pair">{head}{rows}</table>'
                   f'<p class="muted">{_e(P["steps_note"])}</p><h2>{_e(P["discuss_title"])}</h2>')
        if not ann.discuss:
            out.append(f'<p class="good">{_e(P["nothing_to_discuss"])}</p>')
        else:
            out.append("<ul>" + "".join(f'<li><a href="#turn-{n}">{_e(turn_heading(S, n))}</a>: '
                                        f'{_e(" ".join(lines))}</li>' for n, lines in ann.discuss.items()) + "</ul>")
    out.append(f'<h2>{_e(S["missed"])}</h2>')
    if not card.moments:
        out.append(f'<p class="good">{_e(S["nothing_missed"])}</p>')
    else:
        items = []
        for mo in card.moments:
            line = moment_line(mo, S)
            items.append(f'<li class="{"bad" if mo.step == "control" else "warn"}">{_e(line)}</li>')
        out.append("<ul>" + "".join(items) + "</ul>")
    out.append(f'<h2>{_e(S["your_replies"])}</h2>')
    name = scenario.customer.name if scenario is not None else S["customer"]
    for t in stored.state.turns:
        node = scenario.nodes.get(t.node) if scenario is not None else None
        tags = "".join(f'<span style="--c:{COLOURS[m]}">{_e(S["steps"][m])}</span>' for m in t.moves if m in COLOURS)
        tags += "".join(f'<span style="--c:#b91c1c">{_e(S["breach_kinds"].get(b, b))}</span>' for b in t.breaches)
        discuss = ' discuss' if t.index in ann.discuss else ""
        parts = [f'<div class="turn{discuss}" id="turn-{t.index}"><div class="muted">{_e(turn_heading(S, t.index))} · {_e(t.node)} · '
                 f'{_e(S["mood"])} {t.mood_before} → {t.mood_after}</div>',
                 f'<div><span class="who">{_e(name)}:</span> {_e(t.customer)}</div>',
                 f'<div><span class="who">{_e(S["you"])}:</span> {_highlight(t.reply, t.evidence)}</div>',
                 f'<div class="labels">{tags or _e(S["none"])}</div>']
        if node is not None and node.expects:
            called = ", ".join(S["steps"][s] for s in node.expects)
            parts.append(f'<div class="muted">{_e(S["called_for"])}: {_e(called)}</div>')
        for flag in t.flags:
            parts.append(f'<div class="warn">⚠ {_e(S["flags"].get(flag, flag))}</div>')
        model = model_answer_due(node, t)
        if model:
            parts.append(f'<div class="model">{_e(S["model_answer"])}: {_e(model)}</div>')
        for who, rating, steps in ann.ratings.get(t.index, []):
            parts.append(f'<div class="rating">{_e(who)}: <strong>{rating}/5</strong> · {_e(steps)}</div>')
        for line in ann.discuss.get(t.index, []):
            parts.append(f'<div class="bad">◆ {_e(line)}</div>')
        for text, who in ann.comments.get(t.index, []):
            parts.append(f'<div class="comment"><strong>{_e(S["review"]["comment"])}</strong>'
                         f'{" (" + _e(who) + ")" if who else ""}: {_e(text)}</div>')
        out.append("".join(parts) + "</div>")
    out.append(f'<footer>clear-sim · {_e(stored.id)}</footer>')
    return _page(title, "".join(out), lang)
