"""`clear-sim report`: how a trainee, a group, a scenario (or everyone) did, step by step —
as terminal tables, CSV, JSON or a self-contained HTML page with charts."""

from __future__ import annotations

import json
import sys

from ..errors import OK, UsageError

FORMATS = ("table", "csv", "json", "html")


def build(store, *, trainee=None, group=None, scenario=None, since=None, until=None, rescore=False,
          paths=None, analyzer=None):
    """The report record for these filters (the kind follows the filters: trainee > group > scenario)."""
    from .. import report as rp
    from .history import filters, filters_json
    from .show import current_scenario, played_scenario

    f = filters(trainee, group, scenario, since, until)
    shown_filters = filters_json(trainee, group, scenario, since, until)
    notes: list[str] = []
    changes: list = []
    if rescore:
        current: dict = {}
        sessions = []
        scenarios: dict = {}
        played_cache: dict = {}
        for stored in store.stored_sessions(f):
            if stored.status != "finished":
                sessions.append(stored)
                continue
            key = (stored.scenario_id, stored.lang)
            if key not in current:
                current[key] = current_scenario(stored.scenario_id, stored.lang, paths)
                if current[key] is None:
                    notes.append(f'scenario "{stored.scenario_id}" ({stored.lang}) not found: its sessions '
                                 "are rescored against the version they played")
            target = current[key] or played_scenario(store, stored.scenario_digest, stored.scenario_id,
                                                     stored.lang, paths, played_cache)[0]
            if target is None:
                notes.append(f"session {stored.id[:8]}: scenario text not available; kept as scored")
                sessions.append(stored)
                continue
            new, change = rp.rescore(stored, target, analyzer)
            scenarios[target.digest] = target
            sessions.append(new)
            changes.append(change)
        rows = [rp.as_row(s) for s in sessions]
        groups = rp.groups_of(sessions)
    else:
        rows = store.score_rows(f)
        groups = store.turn_groups(f)
        cache: dict = {}
        scenarios = {}
        for g in groups:
            if g.scenario_digest not in scenarios:
                found, version = played_scenario(store, g.scenario_digest, g.scenario_id, None, paths, cache)
                scenarios[g.scenario_digest] = found
                if found is None:
                    notes.append(f'scenario "{g.scenario_id}": played version not stored and not found; '
                                 "missed steps at its nodes are not counted")
    common = dict(filters=shown_filters, changes=changes, rescored=rescore, notes=notes)
    if trainee is not None:
        return rp.trainee_report(rows, groups, scenarios, name=trainee, **common)
    kind, name = ("group", group) if group is not None else ("scenario", scenario) if scenario is not None else ("all", None)
    return rp.cohort_report(rows, groups, scenarios, kind=kind, name=name, **common)


def run(db: str | None = None, *, trainee: str | None = None, group: str | None = None,
        scenario: str | None = None, since: str | None = None, until: str | None = None,
        fmt: str = "table", output: str | None = None, rescore: bool = False,
        paths: list[str] | None = None, lang: str | None = None, analyzer=None) -> int:
    from .. import report as rp
    from ..store import open_store, utc_now
    from .history import ui_lang

    if fmt not in FORMATS:
        raise UsageError(f'--format must be one of {", ".join(FORMATS)}, not "{fmt}"')
    lang = ui_lang(lang)
    with open_store(db) as store:
        report = build(store, trainee=trainee, group=group, scenario=scenario, since=since, until=until,
                       rescore=rescore, paths=paths, analyzer=analyzer)
    if fmt == "json":
        text = json.dumps(rp.to_json(report), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = rp.to_csv(report)
    elif fmt == "html":
        from ..ui.html import report_html

        text = report_html(report, lang, generated=utc_now())
    else:
        from ..ui.render import make_console
        from ..ui.report_view import report_view

        view = report_view(report, lang)
        if output is None:
            make_console().print(view)
            return OK
        import io

        buf = io.StringIO()
        make_console(file=buf, width=120, color=False).print(view)
        text = buf.getvalue()
    write_output(text, output)
    return OK


def write_output(text: str, output: str | None) -> None:
    """To --output FILE (atomically: a half-written report never replaces a good one), else stdout."""
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    import os
    import tempfile
    from pathlib import Path

    target = Path(output)
    if target.is_dir():
        raise UsageError(f"--output {output}: is a folder; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as err:
        raise UsageError(f"--output {output}: cannot write: {err.strerror}") from None
    print(f"clear-sim: wrote {output}", file=sys.stderr)
