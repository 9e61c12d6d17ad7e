"""`clear-sim history`: the stored sessions, filtered by trainee, group, scenario and date."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from ..errors import OK, UsageError


TABLE_LIMIT = 50  # sessions shown in the terminal unless --limit says otherwise (JSON: all)


def time_bound(text: str, *, end: bool = False, today: datetime | None = None) -> str:
    """A --since/--until value as an ISO UTC bound: ``2024-05-01`` (a local date; with ``end`` the
    bound is the next midnight, so the day is included), a full ISO time, ``today``, ``yesterday``, or
    ``7d`` / ``12h`` ago."""
    value = text.strip()
    local_now = (today or datetime.now().astimezone())
    try:
        if value in ("today", "yesterday"):
            day = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
            day -= timedelta(days=value == "yesterday")
            moment = day + timedelta(days=1) if end else day
        elif value[:-1].isdigit() and value[-1:] in ("d", "h"):
            amount = int(value[:-1])
            moment = local_now - (timedelta(days=amount) if value[-1] == "d" else timedelta(hours=amount))
        elif len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=local_now.tzinfo)
            moment = day + timedelta(days=1) if end else day
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.astimezone()
    except ValueError:
        raise UsageError(f'"{text}" is not a date: use YYYY-MM-DD, an ISO time, today, yesterday, or 7d / 12h') from None
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def filters(trainee: str | None = None, group: str | None = None, scenario: str | None = None,
            since: str | None = None, until: str | None = None, status: str | None = None):
    """Command-line filter values as store ``Filters`` (dates parsed; --until includes its day)."""
    from ..store import Filters

    if status is not None and status not in ("finished", "incomplete", "active"):
        raise UsageError(f'--status must be finished or incomplete, not "{status}"')
    return Filters(
        trainee=trainee, group=group, scenario=scenario,
        since=time_bound(since) if since else None,
        until=time_bound(until, end=True) if until else None,
        status={"incomplete": "active"}.get(status, status) if status else None,
    )


def filters_json(trainee=None, group=None, scenario=None, since=None, until=None) -> dict:
    return {k: v for k, v in dict(trainee=trainee, group=group, scenario=scenario, since=since,
                                  until=until).items() if v is not None}


def ui_lang(lang: str | None = None) -> str:
    from ..scenario.catalog import default_lang

    if lang is not None and lang not in ("en", "zh"):
        raise UsageError(f'--lang must be en or zh, not "{lang}"')
    return lang or default_lang()


def run(db: str | None = None, *, trainee: str | None = None, group: str | None = None,
        scenario: str | None = None, since: str | None = None, until: str | None = None,
        status: str | None = None, limit: int | None = None, as_json: bool = False,
        lang: str | None = None) -> int:
    from ..store import open_store

    f = filters(trainee, group, scenario, since, until, status)
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    if limit is None and not as_json:
        limit = TABLE_LIMIT
    with open_store(db) as store:
        rows = store.sessions(f, limit=limit, newest_first=True)
        total = store.count(f) if limit is not None and len(rows) == limit else len(rows)
        overrides = store.overrides()
    rows.reverse()  # the newest last, next to the prompt
    teacher = teacher_scores(rows, overrides)
    if as_json:
        out = [dict(r.to_json(), **({"teacher_scores": teacher[r.id]} if r.id in teacher else {})) for r in rows]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return OK
    from ..ui.render import make_console
    from ..ui.report_view import history_view

    make_console().print(history_view(rows, ui_lang(lang), total, teacher))
    return OK


def teacher_scores(rows, overrides) -> dict:
    """Session id → its scores with the teacher's overrides applied, for the finished rows reviewed."""
    from ..store import apply_overrides

    out = {}
    for r in rows:
        if r.status == "finished" and r.id in overrides:
            scores, steps = apply_overrides(r.scores, overrides[r.id])
            if steps:
                out[r.id] = scores
    return out
