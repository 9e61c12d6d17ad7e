"""The Store: one connection to the results store, writing sessions and turns and reading them back.

Every write transaction starts with ``BEGIN IMMEDIATE`` so a busy writer waits for the lock (the busy
timeout) instead of failing with "database is locked". The store takes the timestamps, since the
engine has no clock.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import uuid
from collections import Counter
from dataclasses import fields
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..engine import State, Turn
from ..errors import UsageError
from .exchange import EXPORT_FORMAT, EXPORT_VERSION, check_export, session_json
from .records import (SCORE_COLUMNS, STEPS, Filters, ImportResult, Review, ScoreRow, SessionRow,
                      StoredScenario, StoredSession, StoreError, TurnGroup, active_overrides, apply_overrides,
                      scorer_version, trainee_key, utc_now)
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, statements

_TURN_COLUMNS = ("node", "customer", "reply", "option", "moves", "breaches", "flags",
                 "mood_before", "mood_after", "next")
_TURN_FIELDS = {f.name for f in fields(Turn)}
_STATE_FIELDS = {f.name for f in fields(State)}
_SUMMARY = ("id, trainee, group_name, scenario_id, scenario_digest, lang, mode, input, status, node, "
            "mood, turns, ending, ending_kind, control, listen, establish, apologize, resolve, overall, "
            "scorer, started_at, updated_at, finished_at, origin")


def _translate(path: str, err: sqlite3.Error) -> Exception:
    """An sqlite3 error as the one line a user should see (programming errors pass through)."""
    if isinstance(err, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return err
    text = str(err)
    if "malformed" in text or "not a database" in text:
        return StoreError(f"{path}: the results store is damaged ({text}); move it away to start a new one, "
                          "or restore a backup")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{path}: cannot write to the results store ({text})")
    return StoreError(f"{path}: results store error ({text})")


def _guarded(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as err:
            raise _translate(self.path, err) from None

    return wrapper



class Store:
    """A connection to one results store. Use ``open_store``; close it (or use ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, now: Callable[[], str] | None = None) -> None:
        self.conn = conn
        self.path = path
        self._now = now or utc_now
        self._kinds: dict[str, dict] = {}  # scenario digest → {ending id: kind}
        self._reviews_table: bool | None = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- schema -----------------------------------------------------------------------------------

    def _prepare(self) -> None:
        c = self.conn
        c.execute("PRAGMA foreign_keys = ON")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: this results store was written by a newer clear-sim "
                             f"(schema {version}; this one knows up to {SCHEMA_VERSION}); upgrade clear-sim")
        mode = c.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a commit survives a crash or kill of the process (it is in the log);
        # only a power cut may roll back the last commits, and the file stays consistent.
        c.execute("PRAGMA synchronous = NORMAL")
        if version < SCHEMA_VERSION:
            self.migrate()
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"sessions", "turns", "scenarios"} <= tables:
            raise StoreError(f"{self.path}: the results store is damaged (tables are missing); move it away "
                             "to start a new one, or restore a backup")

    def migrate(self) -> int:
        """Apply the migrations this file lacks, each in its own transaction. Returns the version."""
        c = self.conn
        while True:
            with self._write():
                version = c.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    return version
                if version == 0:
                    tables = c.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
                    if tables:  # a file that gained tables since the check: not ours
                        raise StoreError(f"{self.path}: not a clear-sim database (it has other tables)")
                    c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                for statement in statements(MIGRATIONS[version]):
                    c.execute(statement)
                c.execute(f"PRAGMA user_version = {version + 1}")

    @_guarded
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    class _Txn:
        def __init__(self, conn):
            self.conn = conn

        def __enter__(self):
            # IMMEDIATE takes the write lock up front, so waiting for another writer goes through
            # the busy timeout (a deferred transaction upgraded later can fail at once instead).
            self.conn.execute("BEGIN IMMEDIATE")
            return self.conn

        def __exit__(self, exc_type, exc, tb):
            if exc_type is None:
                self.conn.execute("COMMIT")
            elif self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            return False

    def _write(self) -> "_Txn":
        return Store._Txn(self.conn)

    # -- writing a session ------------------------------------------------------------------------

    @_guarded
    def start_session(self, scenario, state: State, trainee: str | None, group: str | None,
                      extra: dict | None = None) -> str:
        """A new session row (status "active") for ``state``; returns its id (uuid4 hex)."""
        sid = uuid.uuid4().hex
        now = self._now()
        source = _scenario_source(scenario)
        endings = {e.id: e.kind for e in scenario.endings.values()}
        with self._write() as c:
            c.execute("INSERT OR IGNORE INTO scenarios (digest, id, lang, title, endings, source, stored_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (scenario.digest, scenario.id, scenario.lang, scenario.title,
                       _dumps(endings), source, now))
            if source is not None:  # a row stored earlier without its text: fill it in
                c.execute("UPDATE scenarios SET source = ? WHERE digest = ? AND source IS NULL",
                          (source, scenario.digest))
            c.execute(
                "INSERT INTO sessions (id, trainee, group_name, scenario_id, scenario_digest, lang, mode, "
                "input, status, node, mood, turns, started_at, updated_at, extra, state) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, 0, ?, ?, ?, ?)",
                (sid, trainee, group, scenario.id, scenario.digest or state.digest, state.lang, state.mode,
                 state.input, state.node, state.mood, now, now, _dumps(extra or {}), _state_json(state)))
            for turn in state.turns:  # a session started from a state that already has turns
                self._insert_turn(c, self._n(c, sid), turn, now)
            if state.turns:
                c.execute("UPDATE sessions SET turns = ? WHERE id = ?", (len(state.turns), sid))
        self._kinds[scenario.digest] = endings
        return sid

    @_guarded
    def save_turn(self, sid: str, turn: Turn, state: State) -> None:
        """One transaction: the turn row, and the session's state, mood and time. Committed on return."""
        now = self._now()
        with self._write() as c:
            n = self._n(c, sid)
            self._insert_turn(c, n, turn, now)
            c.execute("UPDATE sessions SET state = ?, node = ?, mood = ?, turns = ?, ending = ?, updated_at = ? "
                      "WHERE n = ?",
                      (_state_json(state), state.node, state.mood, len(state.turns), state.ending, now, n))

    @_guarded
    def finish_session(self, sid: str, state: State, scores: dict, ending_kind: str | None = None) -> None:
        """Mark the session finished with its ending, scores and the scorer version. Any turn of
        ``state`` not saved yet is saved too."""
        now = self._now()
        with self._write() as c:
            row = c.execute("SELECT n, scenario_digest, turns FROM sessions WHERE id = ?", (sid,)).fetchone()
            if row is None:
                raise StoreError(f'{self.path}: no session "{sid}" to finish')
            n, digest, saved = row
            for turn in state.turns:
                if turn.index > saved:
                    self._insert_turn(c, n, turn, now)
            if ending_kind is None and state.ending is not None:
                ending_kind = self._ending_kinds(c, digest).get(state.ending)
            c.execute(
                "UPDATE sessions SET status = 'finished', state = ?, node = ?, mood = ?, turns = ?, ending = ?, "
                "ending_kind = ?, control = ?, listen = ?, establish = ?, apologize = ?, resolve = ?, "
                "overall = ?, scores = ?, scorer = ?, finished_at = ?, updated_at = ? WHERE n = ?",
                (_state_json(state), state.node, state.mood, len(state.turns), state.ending, ending_kind,
                 *(_int_or_none(scores.get(k)) for k in SCORE_COLUMNS), _dumps(scores), scorer_version(),
                 now, now, n))

    @_guarded
    def update_turn(self, sid: str, turn: Turn) -> None:
        """Rewrite a saved turn's assessment (e.g. the ratings given after it was saved); keeps its time."""
        data = _turn_json(turn)
        analysis = {k: v for k, v in data.items() if k not in _TURN_COLUMNS and k != "index"}
        with self._write() as c:
            n = self._n(c, sid)
            cur = c.execute("UPDATE turns SET analysis = ? WHERE sn = ? AND idx = ?", (_dumps(analysis), n, turn.index))
            if cur.rowcount == 0:
                raise StoreError(f'{self.path}: session "{sid}" has no saved turn {turn.index}')
            c.execute("UPDATE sessions SET updated_at = ? WHERE n = ?", (self._now(), n))

    @_guarded
    def add_review(self, sid: str, text: str, *, turn: int | None = None, step: str | None = None,
                   score: int | None = None, reviewer: str | None = None, withdraw: bool = False) -> Review:
        """A teacher's comment (on ``turn``, or the whole session) or, with ``step`` and ``score``, an
        override of that step's score with ``text`` as its reason; with ``step`` and ``withdraw``, the
        end of that step's override (kept as a row too, so the history of the review stays whole).
        The session's ``updated_at`` moves, so an export made after the review carries it along."""
        text = " ".join((text or "").split())
        if not text:
            raise UsageError("a comment or a reason cannot be empty")
        if withdraw and (step is None or score is not None):
            raise UsageError("withdrawing an override needs the step and no score")
        if not withdraw and (step is None) != (score is None):
            raise UsageError("an override needs both a step and a score")
        if step is not None and step not in STEPS:
            raise UsageError(f'unknown CLEAR step "{step}": use one of {", ".join(STEPS)}')
        if score is not None and not 0 <= score <= 100:
            raise UsageError(f"a score is 0 to 100, not {score}")
        now = self._now()
        with self._write() as c:
            row = c.execute("SELECT n, turns, status FROM sessions WHERE id = ?", (sid,)).fetchone()
            if row is None:
                raise StoreError(f'{self.path}: no session "{sid}"')
            n, turns, status = row
            if turn is not None and not 1 <= turn <= turns:
                raise UsageError(f"session {sid[:8]} has no turn {turn} (it has {turns})")
            if step is not None and status != "finished":
                raise UsageError(f"session {sid[:8]} is not finished; its scores can be overridden once it is")
            if withdraw and step not in self._active_overrides(n):
                raise UsageError(f'session {sid[:8]} has no teacher\'s score for "{step}" to withdraw')
            c.execute("INSERT INTO reviews (sn, turn, step, score, text, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (n, turn, step, score, text, reviewer, now))
            c.execute("UPDATE sessions SET updated_at = ? WHERE n = ?", (now, n))
        return Review(turn, step, score, text, reviewer, now)

    @_guarded
    def pair_runs(self, pair_id: str) -> list[SessionRow]:
        """The sessions of one pair practice (both roles, every swap), in the order they were played."""
        out = []
        pattern = "%" + pair_id.replace("\\", "").replace("%", "").replace("_", "\\_") + "%"
        for row in self.conn.execute(f"SELECT {_SUMMARY}, extra FROM sessions WHERE extra LIKE ? ESCAPE '\\' "
                                     "ORDER BY started_at, n", (pattern,)):
            pair = json.loads(row[-1] or "{}").get("pair")
            if isinstance(pair, dict) and pair.get("id") == pair_id:
                out.append(_row(row[:-1]))
        return out

    def _n(self, c, sid: str) -> int:
        row = c.execute("SELECT n FROM sessions WHERE id = ?", (sid,)).fetchone()
        if row is None:
            raise StoreError(f'{self.path}: no session "{sid}"')
        return row[0]

    def _ending_kinds(self, c, digest: str) -> dict:
        if digest not in self._kinds:
            row = c.execute("SELECT endings FROM scenarios WHERE digest = ?", (digest,)).fetchone()
            self._kinds[digest] = json.loads(row[0]) if row else {}
        return self._kinds[digest]

    @staticmethod
    def _insert_turn(c, n: int, turn: Turn, at: str) -> None:
        data = _turn_json(turn)
        analysis = {k: v for k, v in data.items() if k not in _TURN_COLUMNS and k != "index"}
        c.execute(
            "INSERT OR REPLACE INTO turns (sn, idx, node, customer, reply, option, moves, breaches, flags, "
            "mood_before, mood_after, next, at, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (n, data["index"], data["node"], data["customer"], data["reply"], data["option"],
             _dumps(data["moves"]), _dumps(data["breaches"]), _dumps(data["flags"]),
             data["mood_before"], data["mood_after"], data["next"], at, _dumps(analysis)))

    # -- reading ----------------------------------------------------------------------------------

    @_guarded
    def get(self, ref: str) -> StoredSession:
        """The session with this id or unique id prefix (UsageError if unknown or ambiguous)."""
        ref = (ref or "").strip().lower()
        if not ref:
            raise UsageError("give a session id (see clear-sim history)")
        rows = self.conn.execute(f"SELECT n, {_SUMMARY}, scores, extra, state FROM sessions WHERE id = ?",
                                 (ref,)).fetchall()
        if not rows:
            pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.conn.execute(
                f"SELECT n, {_SUMMARY}, scores, extra, state FROM sessions WHERE id LIKE ? ESCAPE '\\' "
                "ORDER BY started_at LIMIT 6", (pattern,)).fetchall()
        if not rows:
            raise UsageError(f'no session "{ref}" in {self.path} (see clear-sim history)')
        if len(rows) > 1:
            shown = ", ".join(r[1][:12] for r in rows[:5]) + (", …" if len(rows) > 5 else "")
            raise UsageError(f'session id "{ref}" is ambiguous: it starts {shown}; give more characters')
        return self._stored(rows[0])

    @_guarded
    def latest_incomplete(self, trainee: str | None = None) -> StoredSession | None:
        """The most recently updated session still active (of this trainee, when given)."""
        sql = f"SELECT n, {_SUMMARY}, scores, extra, state FROM sessions WHERE status = 'active'"
        params: list = []
        if trainee is not None:
            sql += " AND trainee = ?"
            params.append(trainee)
        row = self.conn.execute(sql + " ORDER BY updated_at DESC, n DESC LIMIT 1", params).fetchone()
        return self._stored(row) if row else None

    @_guarded
    def sessions(self, filters: Filters | None = None, *, limit: int | None = None,
                 newest_first: bool = False) -> list[SessionRow]:
        """Sessions (without state) matching ``filters``, in start order."""
        where, params = (filters or Filters()).where()
        order = " ORDER BY started_at DESC, n DESC" if newest_first else " ORDER BY started_at, n"
        sql = f"SELECT {_SUMMARY} FROM sessions{where}{order}"
        if limit is not None:
            sql += " LIMIT ?"
            params = params + [limit]
        return [_row(r) for r in self.conn.execute(sql, params)]

    def stored_sessions(self, filters: Filters | None = None) -> Iterator[StoredSession]:
        """Full sessions matching ``filters`` (for rescoring and export), in start order."""
        where, params = (filters or Filters()).where()
        try:
            rows = self.conn.execute(f"SELECT n, {_SUMMARY}, scores, extra, state FROM sessions{where} "
                                     "ORDER BY started_at, n", params).fetchall()
            for row in rows:
                yield self._stored(row)
        except sqlite3.DatabaseError as err:
            raise _translate(self.path, err) from None

    @_guarded
    def score_rows(self, filters: Filters | None = None) -> list[ScoreRow]:
        """The sessions matching ``filters`` as ``ScoreRow``s, in no particular order (reports sort
        them; reading in table order is much faster than through the start-time index)."""
        where, params = (filters or Filters()).where()
        sql = ("SELECT id, trainee, group_name, scenario_id, status, ending_kind, started_at, control, listen, "
               f"establish, apologize, resolve, overall FROM sessions{where}")
        rows = [ScoreRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7:]) for r in self.conn.execute(sql, params)]
        overrides = self.overrides()
        if not overrides:
            return rows
        out = []
        for row in rows:
            if row.id in overrides and row.status == "finished":
                scores, steps = apply_overrides(dict(zip(SCORE_COLUMNS, row.values)), overrides[row.id])
                row = row._replace(values=tuple(scores.get(k) for k in SCORE_COLUMNS), reviewed=steps)
            out.append(row)
        return out

    @_guarded
    def overrides(self) -> dict[str, list[tuple[str, int]]]:
        """Session id → the teacher's (step, score) overrides, oldest first (the latest per step wins).
        Overrides are few, so reports read them all in one query beside the score columns."""
        if not self._has_reviews():
            return {}
        out: dict[str, list] = {}
        for sid, step, score in self.conn.execute(
                "SELECT s.id, r.step, r.score FROM reviews r JOIN sessions s ON s.n = r.sn "
                "WHERE r.step IS NOT NULL ORDER BY r.id"):
            out.setdefault(sid, []).append((step, score))
        return out

    def _active_overrides(self, n: int) -> dict[str, int]:
        return active_overrides(self.conn.execute(
            "SELECT step, score FROM reviews WHERE sn = ? AND step IS NOT NULL ORDER BY id", (n,)).fetchall())

    def _has_reviews(self) -> bool:
        """Whether this file has the reviews table (a store of schema 1 opened read-only has not)."""
        if self._reviews_table is None:
            self._reviews_table = self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'").fetchone() is not None
        return self._reviews_table

    @_guarded
    def turn_groups(self, filters: Filters | None = None) -> list[TurnGroup]:
        """Turns of finished sessions counted by (scenario version, node, option, outcome), with the
        trainees who gave them. Reads the ``turns_outcome`` index, not the long texts; counting in
        Python's hash table beats SQLite's sort for GROUP BY here (about twice as fast)."""
        f = filters or Filters()
        f = Filters(f.trainee, f.group, f.scenario, f.since, f.until, "finished")
        where, params = f.where("s")
        # one text key per outcome (a unit separator between parts: no id, digest or JSON list of
        # ids contains one; char(30) stands for "no option")
        key = " || char(31) || ".join(("s.scenario_id", "s.scenario_digest", "t.node", "ifnull(t.option, char(30))",
                                       "t.moves", "t.breaches", "t.flags"))
        sql = (f"SELECT {key}, s.trainee FROM sessions s JOIN turns t INDEXED BY turns_outcome "
               f"ON t.sn = s.n{where}")
        counts = Counter(self.conn.execute(sql, params))
        folded: dict[str, list] = {}
        for (k, trainee), n in counts.items():
            entry = folded.setdefault(k, [0, set()])
            entry[0] += n
            entry[1].add(trainee)
        out = []
        for k, (n, who) in folded.items():
            sid, digest, node, option, moves, breaches, flags = k.split("\x1f")
            out.append(TurnGroup(sid, digest, node, None if option == "\x1e" else option, tuple(json.loads(moves)),
                                 tuple(json.loads(breaches)), tuple(json.loads(flags)), n,
                                 tuple(sorted(who, key=trainee_key))))
        return out

    @_guarded
    def scenario(self, digest: str) -> StoredScenario | None:
        """The scenario version stored under this digest (its YAML text when it was readable)."""
        row = self.conn.execute("SELECT digest, id, lang, title, endings, source FROM scenarios WHERE digest = ?",
                                (digest,)).fetchone()
        if row is None:
            return None
        return StoredScenario(row[0], row[1], row[2], row[3], json.loads(row[4]), row[5])

    def played_scenario(self, digest: str):
        """The ``Scenario`` exactly as played under this digest, parsed from the stored text (None
        when the text was not stored). Resume uses it, so a session goes on in the version it began."""
        sc = self.scenario(digest)
        if sc is None or sc.source is None:
            return None
        from ..scenario.loader import check_bytes

        scenario, _ = check_bytes(sc.source.encode("utf-8"), f"<{sc.id}.{sc.lang} as played>")
        return scenario

    @_guarded
    def count(self, filters: Filters | None = None) -> int:
        where, params = (filters or Filters()).where()
        return self.conn.execute(f"SELECT count(*) FROM sessions{where}", params).fetchone()[0]

    def _stored(self, row) -> StoredSession:
        n = row[0]
        summary = _row(row[1:26])
        scores = json.loads(row[26]) if row[26] is not None else None
        extra, state_json = json.loads(row[27] or "{}"), json.loads(row[28])
        turns, times = [], []
        for t in self.conn.execute(
                "SELECT idx, node, customer, reply, option, moves, breaches, flags, mood_before, mood_after, "
                "next, at, analysis FROM turns WHERE sn = ? ORDER BY idx", (n,)):
            data = {"index": t[0], "node": t[1], "customer": t[2], "reply": t[3], "option": t[4],
                    "moves": json.loads(t[5]), "breaches": json.loads(t[6]), "flags": json.loads(t[7]),
                    "mood_before": t[8], "mood_after": t[9], "next": t[10]}
            data.update(json.loads(t[12]))
            turns.append(Turn(**{k: v for k, v in data.items() if k in _TURN_FIELDS}))
            times.append(t[11])
        state_json = {k: v for k, v in state_json.items() if k in _STATE_FIELDS}
        state_json["turns"] = []
        state = State.from_json(state_json)
        state.turns = turns
        reviews = ()
        if self._has_reviews():
            reviews = tuple(Review(*r) for r in self.conn.execute(
                "SELECT turn, step, score, text, reviewer, at FROM reviews WHERE sn = ? ORDER BY id", (n,)))
        return StoredSession(
            id=summary.id, trainee=summary.trainee, group=summary.group, scenario_id=summary.scenario_id,
            scenario_digest=summary.scenario_digest, lang=summary.lang, mode=summary.mode,
            input=summary.input, status=summary.status, ending=summary.ending,
            ending_kind=summary.ending_kind, scores=scores, started_at=summary.started_at,
            updated_at=summary.updated_at, state=state, extra=extra, scorer=summary.scorer,
            finished_at=summary.finished_at, origin=summary.origin, turn_times=tuple(times), reviews=reviews)

    # -- export and import ------------------------------------------------------------------------

    @_guarded
    def export(self, sessions: Iterable[StoredSession]) -> dict:
        """A JSON-ready document with these sessions and the scenario versions they played."""
        out, digests = [], []
        for s in sessions:
            out.append(session_json(s))
            if s.scenario_digest not in digests:
                digests.append(s.scenario_digest)
        scenarios = []
        for d in digests:
            sc = self.scenario(d)
            if sc is not None:
                scenarios.append({"digest": sc.digest, "id": sc.id, "lang": sc.lang, "title": sc.title,
                                  "endings": sc.endings, "source": sc.source})
        return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported_at": self._now(),
                "sessions": out, "scenarios": scenarios}

    @_guarded
    def import_export(self, doc: dict, origin: str) -> ImportResult:
        """Merge an export document, in one transaction. A session already here is replaced only
        when the imported copy is newer (it went on after an earlier export); so importing the same
        file twice changes nothing."""
        sessions, scenarios = check_export(doc, origin)
        added = updated = unchanged = 0
        with self._write() as c:
            for sc in scenarios:
                c.execute("INSERT OR IGNORE INTO scenarios (digest, id, lang, title, endings, source, stored_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (sc["digest"], sc["id"], sc["lang"], sc.get("title") or sc["id"],
                           _dumps(sc.get("endings") or {}), sc.get("source"), self._now()))
            for s in sessions:
                row = c.execute("SELECT n, updated_at FROM sessions WHERE id = ?", (s["id"],)).fetchone()
                if row is not None and row[1] >= s["updated_at"]:
                    unchanged += 1
                    continue
                if row is not None:
                    c.execute("DELETE FROM reviews WHERE sn = ?", (row[0],))
                    c.execute("DELETE FROM turns WHERE sn = ?", (row[0],))
                    c.execute("DELETE FROM sessions WHERE n = ?", (row[0],))
                    updated += 1
                else:
                    added += 1
                self._insert_imported(c, s, s.get("origin") or origin)
        return ImportResult(added, updated, unchanged)

    def _insert_imported(self, c, s: dict, origin: str) -> None:
        state = dict(s["state"])
        state.pop("turns", None)
        scores = s.get("scores")
        c.execute(
            "INSERT INTO sessions (id, trainee, group_name, scenario_id, scenario_digest, lang, mode, input, "
            "status, node, mood, turns, ending, ending_kind, control, listen, establish, apologize, resolve, "
            "overall, scorer, started_at, updated_at, finished_at, origin, scores, extra, state) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (s["id"], s.get("trainee"), s.get("group"), s["scenario"], s.get("scenario_digest") or "",
             s.get("lang") or state.get("lang") or "en", s.get("mode") or "coach", s.get("input") or "choice",
             s["status"], state.get("node"), int(state.get("mood", 50)), len(s["turns"]), s.get("ending"),
             s.get("ending_kind"), *(_int_or_none((scores or {}).get(k)) for k in SCORE_COLUMNS),
             s.get("scorer"), s["started_at"], s["updated_at"], s.get("finished_at"), origin,
             _dumps(scores) if scores is not None else None, _dumps(s.get("extra") or {}), _dumps(state)))
        n = c.execute("SELECT n FROM sessions WHERE id = ?", (s["id"],)).fetchone()[0]
        for t in s["turns"]:
            at = t.get("at") or s["updated_at"]
            turn = Turn(**{k: v for k, v in t.items() if k in _TURN_FIELDS})
            self._insert_turn(c, n, turn, at)
        for r in s.get("reviews") or []:
            c.execute("INSERT INTO reviews (sn, turn, step, score, text, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (n, r.get("turn"), r.get("step"), r.get("score"), r["text"], r.get("reviewer"),
                       r.get("at") or s["updated_at"]))


def _row(r) -> SessionRow:
    scores = None
    if r[14] is not None or r[19] is not None:
        scores = dict(zip(SCORE_COLUMNS, r[14:20]))
    return SessionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
                      r[13], scores, r[20], r[21], r[22], r[23], r[24])


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _int_or_none(value):
    return None if value is None else int(value)


def _state_json(state: State) -> str:
    data = state.to_json()
    data.pop("turns", None)
    return _dumps(data)


def _turn_json(turn: Turn) -> dict:
    from dataclasses import asdict

    return asdict(turn)


def _scenario_source(scenario) -> str | None:
    """The scenario file's text when it still has the digest the session played (else None)."""
    import hashlib

    if not scenario.path or not scenario.digest:
        return None
    try:
        data = Path(scenario.path).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != scenario.digest:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
