"""The results store's schema: the numbered migrations and the marks that make a file ours.

The schema is versioned with ``PRAGMA user_version`` and grows by the numbered migrations below; the
file is marked as ours with ``PRAGMA application_id``.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x434C5253  # "CLRS" in the database header: this file is a clear-sim store
BUSY_TIMEOUT = 60.0  # seconds a writer waits for another process's transaction before giving up
SQLITE_MAGIC = b"SQLite format 3\x00"

# Numbered migrations: MIGRATIONS[n - 1] takes the schema from version n - 1 to n. Never edit one
# that has shipped; append a new one. The version lives in PRAGMA user_version.
MIGRATIONS: tuple[str, ...] = (
    # 1: scenario versions, sessions, turns
    """
    CREATE TABLE scenarios (
        digest    TEXT PRIMARY KEY,     -- sha256 of the scenario file as played
        id        TEXT NOT NULL,
        lang      TEXT NOT NULL,
        title     TEXT NOT NULL,
        endings   TEXT NOT NULL,        -- JSON {ending id: kind}
        source    TEXT,                 -- the YAML text itself, when it could be read back unchanged
        stored_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        n               INTEGER PRIMARY KEY,  -- local row number; turns point here
        id              TEXT NOT NULL UNIQUE, -- uuid4 hex: the same on every machine (export/import)
        trainee         TEXT,
        group_name      TEXT,
        scenario_id     TEXT NOT NULL,
        scenario_digest TEXT NOT NULL,
        lang            TEXT NOT NULL,
        mode            TEXT NOT NULL,
        input           TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('active', 'finished')),
        node            TEXT,
        mood            INTEGER NOT NULL,
        turns           INTEGER NOT NULL DEFAULT 0,
        ending          TEXT,
        ending_kind     TEXT,
        control         INTEGER,
        listen          INTEGER,
        establish       INTEGER,
        apologize       INTEGER,
        resolve         INTEGER,
        overall         INTEGER,
        scorer          TEXT,                 -- scorer version the scores were computed with
        started_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        finished_at     TEXT,
        origin          TEXT,                 -- NULL: played here; else the file it was imported from
        scores          TEXT,                 -- JSON, as given to finish_session
        extra           TEXT NOT NULL DEFAULT '{}',
        state           TEXT NOT NULL         -- engine State JSON without its turns (last: it is big)
    );
    CREATE INDEX sessions_trainee ON sessions (trainee, started_at);
    CREATE INDEX sessions_group ON sessions (group_name, started_at);
    CREATE INDEX sessions_scenario ON sessions (scenario_id, started_at);
    CREATE INDEX sessions_started ON sessions (started_at);
    CREATE INDEX sessions_status ON sessions (status, updated_at);
    CREATE TABLE turns (
        id          INTEGER PRIMARY KEY,
        sn          INTEGER NOT NULL REFERENCES sessions (n) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        node        TEXT NOT NULL,
        option      TEXT,
        moves       TEXT NOT NULL,      -- JSON lists, in canonical order (reports group by them)
        breaches    TEXT NOT NULL,
        flags       TEXT NOT NULL,
        mood_before INTEGER NOT NULL,
        mood_after  INTEGER NOT NULL,
        next        TEXT NOT NULL,
        at          TEXT NOT NULL,
        customer    TEXT NOT NULL,      -- the long texts last
        reply       TEXT NOT NULL,
        analysis    TEXT NOT NULL,      -- JSON: evidence and the turn's other fields
        UNIQUE (sn, idx)
    );
    -- what reports group by, readable without touching the long texts
    CREATE INDEX turns_outcome ON turns (sn, node, option, moves, breaches, flags);
    """,
    # 2: a teacher's review: comments on single turns (or the whole session) and step-score overrides
    """
    CREATE TABLE reviews (
        id       INTEGER PRIMARY KEY,
        sn       INTEGER NOT NULL REFERENCES sessions (n) ON DELETE CASCADE,
        turn     INTEGER,               -- the turn commented on; NULL: the whole session
        step     TEXT,                  -- an override: the CLEAR step; NULL: a comment
        score    INTEGER,               -- an override: the teacher's score for the step, 0-100
        text     TEXT NOT NULL,         -- the comment, or the override's one-line reason
        reviewer TEXT,
        at       TEXT NOT NULL
    );
    CREATE INDEX reviews_session ON reviews (sn, id);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """Split a migration into statements (semicolons inside comments or strings do not split)."""
    out, buf = [], ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            body = "\n".join(line for line in buf.splitlines() if not line.strip().startswith("--")).strip()
            if body.strip(";").strip():
                out.append(buf.strip())
            buf = ""
    return out
