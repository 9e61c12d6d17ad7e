"""`clear-sim review ID`: a teacher comments on single turns and overrides a step's score with a
one-line reason. Interactive without flags; scriptable with ``--turn N --comment TEXT`` and
``--step STEP --score N --reason TEXT`` (both in one call is fine). ``show`` and the reports then
show the automatic score beside the teacher's, and reports use the teacher's."""

from __future__ import annotations

import sys

from ..errors import OK, UsageError
from ..scenario.model import STEPS

_LETTERS = {s[0]: s for s in STEPS}


def step_id(text: str) -> str:
    """A step from its id or its letter of C-L-E-A-R (any case)."""
    value = (text or "").strip().lower()
    if value in STEPS:
        return value
    if value in _LETTERS:
        return _LETTERS[value]
    from ..scenario.diagnostics import did_you_mean

    raise UsageError(f'--step must be one of {", ".join(STEPS)}, not "{text}"{did_you_mean(value, STEPS)}')


def run(ref: str, db: str | None = None, *, turn: int | None = None, comment: str | None = None,
        step: str | None = None, score: int | None = None, reason: str | None = None,
        by: str | None = None, withdraw: bool = False) -> int:
    from .. import config
    from ..store import open_store

    scripted = withdraw or any(v is not None for v in (turn, comment, step, score, reason))
    if turn is not None and comment is None:
        raise UsageError("--turn goes with --comment TEXT (the comment on that turn)")
    if withdraw:
        if step is None or reason is None or score is not None:
            raise UsageError("--withdraw goes with --step STEP and --reason TEXT (and no --score)")
    elif (step is None) != (score is None) or (step is not None and reason is None) or (reason is not None and step is None):
        raise UsageError("an override needs --step STEP, --score N (0-100) and --reason TEXT together")
    if step is not None:
        step = step_id(step)
    by = by or config.load().get("name")
    with open_store(db) as store:
        stored = store.get(ref)
        if not scripted:
            from ..ui.review import review_interactive

            return review_interactive(store, stored, by)
        if comment is not None:
            store.add_review(stored.id, comment, turn=turn, reviewer=by)
        if step is not None:
            store.add_review(stored.id, reason, step=step, score=score, reviewer=by, withdraw=withdraw)
    print(f"clear-sim: review saved for session {stored.id[:8]} (clear-sim show {stored.id[:8]})", file=sys.stderr)
    return OK
