"""`clear-sim show ID`: the transcript and debrief of a stored session (``--rescore``: as the
current scenario and analyzer would score it, beside what was stored)."""

from __future__ import annotations

import json

from ..errors import OK


def played_scenario(store, digest: str, scenario_id: str, lang: str | None, paths=None, cache: dict | None = None):
    """(the scenario version a session played, how it was found): "stored" (the text kept in the
    store), "current" (the file now, the played text not stored), "changed" (the file now, and it
    differs) or "missing" (None)."""
    if cache is not None and digest in cache:
        return cache[digest]
    sc = store.scenario(digest)
    scenario = store.played_scenario(digest)
    if scenario is not None:
        found = (scenario, "stored")
    else:
        current = current_scenario(scenario_id, lang or (sc.lang if sc is not None else None), paths)
        if current is None:
            found = (None, "missing")
        else:
            found = (current, "current" if current.digest == digest else "changed")
    if cache is not None:
        cache[digest] = found
    return found


def current_scenario(scenario_id: str, lang: str | None, paths=None):
    """The scenario as it is now (bundled, ./scenarios or --path), or None if it cannot be found."""
    from ..errors import ClearSimError
    from ..scenario.catalog import find

    try:
        return find(scenario_id, lang, paths)
    except ClearSimError:
        return None


def run(ref: str, db: str | None = None, *, rescore: bool = False, as_json: bool = False,
        paths: list[str] | None = None, analyzer=None) -> int:
    from ..report import card_with_scores, placeholder_scenario
    from ..report import rescore as do_rescore
    from ..scoring import scorecard
    from ..store import open_store, session_json

    with open_store(db) as store:
        stored = store.get(ref)
        scenario, version = played_scenario(store, stored.scenario_digest, stored.scenario_id, stored.lang, paths)
        pair_runs = store.pair_runs(stored.pair["id"]) if stored.pair and stored.pair.get("id") else []
    shown = scenario or placeholder_scenario(stored.scenario_id, stored.lang)
    card = card_with_scores(scorecard(shown, stored.state.turns), stored.scores)
    change = rescored = current = None
    if rescore:
        from ..errors import UsageError

        current = current_scenario(stored.scenario_id, stored.lang, paths) or scenario
        if current is None:
            raise UsageError(f'cannot rescore: scenario "{stored.scenario_id}" ({stored.lang}) is not found '
                             "and its played text is not stored")
        before = stored.scores if stored.scores else card.scores()
        rescored, change = do_rescore(stored, current, analyzer, before=before)
    if as_json:
        data = session_json(stored)
        data["scenario_version"] = version
        data["moments"] = [{"turn": m.turn, "node": m.node, "step": m.step, "what": m.what} for m in card.moments]
        teacher, steps = stored.teacher_scores()
        if steps:
            data["teacher_scores"] = teacher
            data["teacher_steps"] = list(steps)
        if change is not None:
            data["rescored"] = {"scores": change.after, "changed": change.changed,
                                "turns_changed": change.turns_changed, "notes": list(change.notes),
                                "turns": [t.__dict__ for t in rescored.state.turns]}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    from ..ui import render
    from ..ui.report_view import change_view, session_header

    console = render.make_console()
    S = render.strings_for(shown)
    console.print(session_header(stored, scenario, version, stored.lang, pair_runs))
    if change is not None:
        console.print()
        console.print(change_view(change, stored.lang))
        card = scorecard(current, rescored.state.turns)
        console.print(render.debrief(current, rescored.state, card, S))
    else:
        console.print(render.debrief(shown, stored.state, card, S))
    for extra in pair_and_review(stored, shown, card, S):
        console.print(extra)
    return OK


def pair_and_review(stored, scenario, card, S: dict) -> list:
    """After the debrief: the pair comparison (analyzer beside the people) and the teacher's review."""
    from ..pair.compare import compare
    from ..pair.session import PairRun
    from ..ui.pair_view import comparison_view, review_view

    out = []
    run = PairRun.from_extra(stored.extra, stored.group)
    if run is not None and any(t.ratings for t in stored.state.turns):
        out.append(comparison_view(compare(scenario, stored.state.turns, card), run.players, S))
    review = review_view(stored, stored.scores, S)
    if review is not None:
        out.append(review)
    return out
