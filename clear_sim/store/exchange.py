"""The export format: a session as JSON, and the checks an export file must pass before import."""

from __future__ import annotations

from .records import STEPS, StoredSession, StoreError

EXPORT_FORMAT = "clear-sim.export"
EXPORT_VERSION = 1


def session_json(s: StoredSession) -> dict:
    """A stored session as a JSON-ready dict (the shape of an export's ``sessions`` entries)."""
    state = s.state.to_json()
    turns = state.pop("turns")
    for turn, at in zip(turns, s.turn_times):
        turn["at"] = at
    return {
        "id": s.id, "trainee": s.trainee, "group": s.group, "scenario": s.scenario_id,
        "scenario_digest": s.scenario_digest, "lang": s.lang, "mode": s.mode, "input": s.input,
        "status": s.status, "ending": s.ending, "ending_kind": s.ending_kind, "scores": s.scores,
        "scorer": s.scorer, "started_at": s.started_at, "updated_at": s.updated_at,
        "finished_at": s.finished_at, "origin": s.origin, "extra": s.extra, "state": state, "turns": turns,
        "reviews": [r.to_json() for r in s.reviews],
    }


def check_export(doc, origin: str) -> tuple[list[dict], list[dict]]:
    def bad(why: str) -> StoreError:
        return StoreError(f"{origin}: not a clear-sim export ({why})")

    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise bad(f'expected a JSON object with "format": "{EXPORT_FORMAT}"; make one with clear-sim export --format json')
    if not isinstance(doc.get("version"), int) or doc["version"] > EXPORT_VERSION:
        raise bad(f"export version {doc.get('version')!r} is newer than this clear-sim reads "
                  f"({EXPORT_VERSION}); upgrade clear-sim")
    sessions, scenarios = doc.get("sessions"), doc.get("scenarios", [])
    if not isinstance(sessions, list) or not isinstance(scenarios, list):
        raise bad('"sessions" and "scenarios" must be lists')
    required = {"id": str, "scenario": str, "status": str, "started_at": str, "updated_at": str,
                "state": dict, "turns": list}
    turn_required = {"index": int, "node": str, "customer": str, "reply": str, "moves": list,
                     "breaches": list, "flags": list, "mood_before": int, "mood_after": int, "next": str}
    for i, s in enumerate(sessions, 1):
        if not isinstance(s, dict):
            raise bad(f"session {i} is not an object")
        for key, kind in required.items():
            if not isinstance(s.get(key), kind):
                raise bad(f'session {i} lacks "{key}" ({kind.__name__})')
        if s["status"] not in ("active", "finished"):
            raise bad(f'session {i} has status "{s["status"]}" (expected active or finished)')
        if len(s["id"]) != 32 or any(ch not in "0123456789abcdef" for ch in s["id"]):
            raise bad(f'session {i} has id "{s["id"]}" (expected 32 hex digits)')
        if s.get("scores") is not None and not isinstance(s["scores"], dict):
            raise bad(f'session {i}: "scores" must be an object')
        for j, t in enumerate(s["turns"], 1):
            if not isinstance(t, dict) or any(not isinstance(t.get(k), kind) for k, kind in turn_required.items()):
                raise bad(f"session {i}, turn {j} lacks a required field")
        reviews = s.get("reviews") or []
        if not isinstance(reviews, list) or any(not isinstance(r, dict) or not isinstance(r.get("text"), str)
                                                or (r.get("step") is not None and r.get("step") not in STEPS)
                                                for r in reviews):
            raise bad(f'session {i}: "reviews" must be a list of objects with a "text"')
    for i, sc in enumerate(scenarios, 1):
        if not isinstance(sc, dict) or not all(isinstance(sc.get(k), str) for k in ("digest", "id", "lang")):
            raise bad(f"scenario {i} lacks digest, id or lang")
    return sessions, scenarios
