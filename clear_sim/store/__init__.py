"""The results store: one SQLite file (standard library ``sqlite3``) that journals every session.

A session is one row; each answered turn is one more row, written in its own transaction before the
next prompt is shown, so Ctrl-C, a closed terminal or a killed process lose nothing already answered.
WAL mode lets several processes (a classroom's terminals sharing one file, a report running while
trainees play) read and write at once; every write transaction starts with ``BEGIN IMMEDIATE`` so a
busy writer waits for the lock (the busy timeout) instead of failing with "database is locked".

The schema is versioned with ``PRAGMA user_version`` and grows by the numbered migrations below; the
file is marked as ours with ``PRAGMA application_id``. A file that is not a clear-sim database is
refused before anything is written to it. The store knows nothing of rich or typer; it takes the
timestamps (ISO 8601, UTC), since the engine has no clock.
"""

from .database import Store
from .exchange import EXPORT_FORMAT, EXPORT_VERSION, check_export, session_json
from .opening import default_path, open_store
from .records import (SCORE_COLUMNS, STEPS, Filters, ImportResult, Review, ScoreRow, SessionRow,
                      StoredScenario, StoredSession, StoreError, TurnGroup, active_overrides,
                      apply_overrides, scorer_version, trainee_key, utc_now)
from .schema import APPLICATION_ID, BUSY_TIMEOUT, MIGRATIONS, SCHEMA_VERSION, SQLITE_MAGIC, statements

__all__ = [
    "APPLICATION_ID", "BUSY_TIMEOUT", "EXPORT_FORMAT", "EXPORT_VERSION", "MIGRATIONS", "SCHEMA_VERSION",
    "SCORE_COLUMNS", "SQLITE_MAGIC", "STEPS", "Filters", "ImportResult", "Review", "ScoreRow", "SessionRow",
    "Store", "StoreError", "StoredScenario", "StoredSession", "TurnGroup", "active_overrides",
    "apply_overrides", "check_export", "default_path", "open_store", "scorer_version", "session_json",
    "statements", "trainee_key", "utc_now",
]
