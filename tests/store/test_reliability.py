"""Several processes writing at once, and a process killed mid-session: nothing saved is lost."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from clear_sim.store import open_store

WORKER = str(Path(__file__).with_name("_worker.py"))
PROCESSES, SESSIONS = 8, 500


def test_eight_processes_writing_500_sessions_each(db):
    open_store(db).close()  # the classroom's shared store exists before the terminals start
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, WORKER, "write", db, str(SESSIONS), str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(PROCESSES)]
    results = [p.communicate(timeout=300) for p in procs]
    elapsed = time.monotonic() - started
    for p, (out, err) in zip(procs, results):
        assert "locked" not in err and "busy" not in err, err
        assert p.returncode == 0 and out.strip() == f"ok {SESSIONS}", err
    c = sqlite3.connect(db)
    total, distinct, finished = c.execute(
        "SELECT count(*), count(DISTINCT id), sum(status = 'finished') FROM sessions").fetchone()
    assert total == distinct == finished == PROCESSES * SESSIONS
    per_worker = c.execute("SELECT group_name, count(*) FROM sessions GROUP BY group_name").fetchall()
    assert sorted(per_worker) == [(f"g{i}", SESSIONS) for i in range(PROCESSES)]
    # every session's turns are all there: the turn count on the session row matches the rows
    assert c.execute("SELECT count(*) FROM sessions s WHERE turns != (SELECT count(*) FROM turns t WHERE t.sn = s.n)"
                     ).fetchone()[0] == 0
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    c.close()
    print(f"\n{PROCESSES}×{SESSIONS} sessions in {elapsed:.1f} s")


def test_a_killed_process_loses_no_saved_turn(db):
    open_store(db).close()
    proc = subprocess.Popen([sys.executable, WORKER, "loop", db], stdout=subprocess.PIPE, text=True)
    sid = proc.stdout.readline().split()[1]
    reported = 0
    while reported < 40:
        reported = int(proc.stdout.readline().split()[1])
    os.kill(proc.pid, signal.SIGKILL)  # mid-stream: it keeps saving turns until the signal lands
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_store(db) as store:
        session = store.latest_incomplete("kim")
        assert session.id == sid and session.status == "active"
        turns = session.state.turns
        assert len(turns) >= reported  # every turn reported saved is there
        assert [t.index for t in turns] == list(range(1, len(turns) + 1))
        assert session.state.node == "ask" and len(turns) == store.sessions()[0].turns
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
