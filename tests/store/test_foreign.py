"""A file that is not a clear-sim store is refused with one clear line, and left exactly as it was."""

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from clear_sim.commands import history
from clear_sim.store import StoreError, open_store
from conftest import play


def fingerprint(path: Path):
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns


def sidecars(path: Path):
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def refuse(path: Path, message: str):
    before, others = fingerprint(path), sidecars(path)
    with pytest.raises(StoreError, match=message):
        open_store(str(path))
    with pytest.raises(StoreError, match=message):  # the same through a command
        history.run(str(path))
    assert fingerprint(path) == before
    assert sidecars(path) == others  # no -wal or -shm left beside it


def test_a_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n- milk\n" * 20)
    refuse(path, r"notes.txt: not a clear-sim database \(not an SQLite file\); give another --db path")


def test_a_short_binary_file(tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"\x00\x01\x02")
    refuse(path, r"x.db: not a clear-sim database")


def test_another_applications_sqlite_database(tmp_path):
    path = tmp_path / "browser.sqlite"
    c = sqlite3.connect(path)
    c.executescript("CREATE TABLE cookies (host TEXT, value TEXT); INSERT INTO cookies VALUES ('a', 'b');"
                    "CREATE TABLE history (url TEXT);")
    c.close()
    refuse(path, r"browser.sqlite: not a clear-sim database \(another application's tables: cookies, history\)")


def test_a_database_marked_by_another_application(tmp_path):
    path = tmp_path / "other.db"
    c = sqlite3.connect(path)
    c.execute("PRAGMA application_id = 12345")
    c.execute("CREATE TABLE t (x)")
    c.close()
    refuse(path, r"not a clear-sim database \(it belongs to another application, id 0x00003039\)")


def test_a_corrupt_file_with_an_sqlite_header(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4096 * 3))
    refuse(path, r"corrupt.db: not a clear-sim database")


def test_a_damaged_clear_sim_store(tmp_path, tiny):
    path = tmp_path / "results.db"
    with open_store(str(path)) as s:
        for _ in range(30):
            play(s, tiny, ["good", "sorry-reship"])
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page:len(data)] = b"\xff" * (len(data) - page)  # every page after the header page
    path.write_bytes(bytes(data))
    before = fingerprint(path)
    with pytest.raises(StoreError, match=r"results.db: (the results store is damaged|cannot use the results store)"):
        with open_store(str(path)) as s:
            s.sessions()
    assert fingerprint(path) == before


def test_a_folder(tmp_path):
    with pytest.raises(StoreError, match="is a folder, not a clear-sim database"):
        open_store(str(tmp_path))


def test_an_empty_file_or_an_empty_sqlite_database_becomes_a_store(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    with open_store(str(empty)) as s:
        assert s.count() == 0
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).execute("PRAGMA user_version = 0").connection.close()
    with open_store(str(blank)) as s:
        assert s.count() == 0
