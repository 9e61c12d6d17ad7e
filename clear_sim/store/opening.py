"""Opening the results store: where it lives, and refusing a file that is not ours untouched."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable

from .database import Store
from .records import StoreError
from .schema import APPLICATION_ID, BUSY_TIMEOUT, SCHEMA_VERSION, SQLITE_MAGIC


def default_path() -> str:
    """``$CLEAR_SIM_DB``, else clear-sim.db in the user data directory (platformdirs)."""
    env = os.environ.get("CLEAR_SIM_DB")
    if env:
        return env
    import platformdirs

    return str(Path(platformdirs.user_data_dir("clear-sim", appauthor=False)) / "clear-sim.db")


def open_store(path: str | None = None, *, now: Callable[[], str] | None = None,
               read_only: bool = False) -> "Store":
    """The store at ``path`` (None → ``$CLEAR_SIM_DB`` → the user data directory), created and
    migrated as needed. A file that is not a clear-sim database is refused untouched (StoreError).
    ``read_only``: an existing store opened without writing (e.g. another machine's, to import)."""
    path = os.fspath(path) if path else default_path()
    _check_foreign(path)
    if read_only:
        return _open_read_only(path, now)
    parent = Path(path).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{path}: cannot create the folder {parent}: {err.strerror}") from None
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as err:
        raise StoreError(f"{path}: cannot open the results store ({err})") from None
    store = Store(conn, path, now=now)
    try:
        store._prepare()
    except sqlite3.DatabaseError as err:
        conn.close()
        raise StoreError(f"{path}: cannot use the results store ({err})") from None
    except BaseException:
        conn.close()
        raise
    return store


def _open_read_only(path: str, now) -> "Store":
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise StoreError(f"{path}: no clear-sim database here")
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT,
                               isolation_level=None, check_same_thread=False)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: cannot read the results store ({err})") from None
    if not 1 <= version <= SCHEMA_VERSION:  # an older store reads the same (later migrations only add)
        conn.close()
        newer = "newer" if version > SCHEMA_VERSION else "older"
        raise StoreError(f"{path}: this results store has schema {version}, {newer} than this clear-sim's "
                         f"{SCHEMA_VERSION}; open it once with a matching clear-sim to migrate it")
    return Store(conn, path, now=now)


def _check_foreign(path: str) -> None:
    """Refuse anything but a clear-sim store (or an empty/new file) without writing to it."""
    p = Path(path)
    if not p.exists():
        return
    if p.is_dir():
        raise StoreError(f"{path}: is a folder, not a clear-sim database (give a file path)")
    try:
        with open(p, "rb") as fh:
            header = fh.read(100)
    except OSError as err:
        raise StoreError(f"{path}: cannot read the results store: {err.strerror}") from None
    if not header:
        return  # an empty file: SQLite treats it as a new database
    if not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path}: not a clear-sim database (not an SQLite file); "
                         "give another --db path or move this file away")
    if len(header) == 100 and int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return  # ours (the header is authoritative once checkpointed)
    # A foreign id, or 0: look inside read-only (a WAL file's header may lag behind its log).
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        ro = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as err:
        raise StoreError(f"{path}: not a clear-sim database ({err})") from None
    try:
        app_id = ro.execute("PRAGMA application_id").fetchone()[0]
        tables = [r[0] for r in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: not a clear-sim database (damaged or not SQLite: {err})") from None
    finally:
        ro.close()
    if app_id == APPLICATION_ID or (app_id == 0 and not tables):
        return
    if app_id != 0:
        raise StoreError(f"{path}: not a clear-sim database (it belongs to another application, "
                         f"id {app_id:#010x}); give another --db path")
    shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
    raise StoreError(f"{path}: not a clear-sim database (another application's tables: {shown}); "
                     "give another --db path")
