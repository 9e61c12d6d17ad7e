"""`clear-sim import FILE...`: merge sessions exported on other machines (JSON from
`clear-sim export --format json`, or another machine's clear-sim.db). Importing the same file twice
changes nothing; a session that went on after an earlier export is updated to the newer copy."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import OK, UsageError


def read_export(path: str) -> dict:
    """The export document in ``path``: a JSON export, or every session of a clear-sim store file."""
    from ..store import SQLITE_MAGIC, open_store

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise UsageError(f"{path}: is a folder, not an export file") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot read: {err.strerror}") from None
    if data.startswith(SQLITE_MAGIC):
        with open_store(path, read_only=True) as other:
            return other.export(other.stored_sessions())
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as err:
        raise UsageError(f"{path}: not a clear-sim export (not JSON: {err})") from None


def run(files: list[str], db: str | None = None) -> int:
    from ..store import check_export, open_store

    if not files:
        raise UsageError("give one or more export files to import")
    docs = []
    for path in files:  # read and check every file before changing anything
        doc = read_export(path)
        check_export(doc, path)
        docs.append((path, doc))
    total = [0, 0, 0]
    with open_store(db) as store:
        for path, doc in docs:
            result = store.import_export(doc, Path(path).name)
            total = [total[0] + result.added, total[1] + result.updated, total[2] + result.unchanged]
            print(f"{path}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged")
    if len(docs) > 1:
        print(f"total: {total[0]} added, {total[1]} updated, {total[2]} unchanged")
    return OK
