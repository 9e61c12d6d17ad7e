"""Speed of `clear-sim report` over a large results store (100,000 sessions by default).

    python benchmarks/bench_report.py [--sessions 100000] [--runs 5] [--db PATH] [--keep]

Builds a store of generated sessions: a few hundred plays of the bundled English scenarios, driven
through the real engine with random choices (a stand-in analyzer, so the figures do not depend on
the lexicons), copied under 1,000 trainees in 40 groups of 25 with timestamps spread over a year,
and written through the store's own import path (``Store.import_export``). Then it times, median
of --runs, each report in-process (open the store, query, build the records, render) and once
end to end in a fresh interpreter. Target: the group report ≤ 1 s. Results go in
benchmarks/report.md.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _machine import machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the stand-in analyzer

GROUPS, PER_GROUP = 40, 25
TEMPLATES = 400


def templates(rng: random.Random):
    """Played sessions (state, scores, ending kind) of the bundled English scenarios."""
    from clear_sim.engine import Session
    from clear_sim.scenario.catalog import find
    from clear_sim.scoring import scorecard
    from fakes import fake_analyze

    scenarios = [find("broken-phone", "en"), find("fly-in-yogurt", "en")]
    out = []
    for i in range(TEMPLATES):
        scenario = scenarios[i % len(scenarios)]
        s = Session(scenario, analyzer=fake_analyze)
        s.start()
        # better trainees pick an option that does more and breaches less more often
        skill = 0.5 + 0.5 * rng.random()
        while s.status == "active" and len(s.state.turns) < 30:
            options = s.node.options
            best = max(options, key=lambda o: len(o.moves or ()) - 2 * len(o.breaches or ()))
            pick = best if rng.random() < skill else rng.choice(options)
            s.choose(pick.id)
        if s.status != "finished":
            continue
        card = scorecard(scenario, s.state.turns)
        out.append((scenario, s.state, card.scores(), scenario.endings[s.state.ending].kind))
    return scenarios, out


def generate(db: str, n: int, seed: int = 7) -> float:
    """Fill ``db`` with ``n`` finished sessions; returns the seconds it took."""
    from clear_sim.store import EXPORT_FORMAT, EXPORT_VERSION, open_store

    rng = random.Random(seed)
    started = time.perf_counter()
    scenarios, plays = templates(rng)
    scenario_docs = [{"digest": s.digest, "id": s.id, "lang": s.lang, "title": s.title,
                      "endings": {e.id: e.kind for e in s.endings.values()},
                      "source": Path(s.path).read_text("utf-8")} for s in scenarios]
    t0 = datetime(2024, 1, 8, 8, 0, tzinfo=timezone.utc)
    with open_store(db) as store:
        batch = []
        for i in range(n):
            scenario, state, scores, kind = plays[rng.randrange(len(plays))]
            g = rng.randrange(GROUPS)
            trainee = f"g{g:02d}-t{rng.randrange(PER_GROUP):02d}"
            start = t0 + timedelta(minutes=i * 5)
            data = state.to_json()
            turns = data.pop("turns")
            for k, t in enumerate(turns, 1):
                t["at"] = (start + timedelta(seconds=20 * k)).isoformat(timespec="microseconds")
            end = (start + timedelta(seconds=20 * len(turns) + 5)).isoformat(timespec="microseconds")
            batch.append({
                "id": uuid.UUID(int=rng.getrandbits(128)).hex, "trainee": trainee, "group": f"class-{g:02d}",
                "scenario": scenario.id, "scenario_digest": scenario.digest, "lang": "en", "mode": "coach",
                "input": "choice", "status": "finished", "ending": state.ending, "ending_kind": kind,
                "scores": scores, "scorer": "bench", "started_at": start.isoformat(timespec="microseconds"),
                "updated_at": end, "finished_at": end, "origin": None, "extra": {}, "state": data, "turns": turns,
            })
            if len(batch) == 5000 or i == n - 1:
                store.import_export({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "sessions": batch,
                                     "scenarios": scenario_docs}, "bench")
                batch = []
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    return time.perf_counter() - started


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm: file cache, imports, parsed scenarios
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def run_report(db: str, fmt: str, **filters) -> None:
    """What `clear-sim report` does, output to a string (table: rendered at 120 columns)."""
    import contextlib

    from clear_sim.commands import report

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        os.environ["COLUMNS"] = "120"
        report.run(db, fmt=fmt, lang="en", **filters)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", help="reuse (or create) this store instead of a temporary one")
    ap.add_argument("--keep", action="store_true", help="keep the temporary store")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="clear-sim-bench-")
    db = args.db or str(Path(tmp) / "bench.db")
    if not Path(db).exists():
        seconds = generate(db, args.sessions)
        print(f"generated {args.sessions:,} sessions in {seconds:.1f} s "
              f"({Path(db).stat().st_size / 1e6:.0f} MB)", flush=True)
    from clear_sim.store import open_store

    with open_store(db) as s:
        total = s.count()
        turns = s.conn.execute("SELECT count(*) FROM turns").fetchone()[0]
        group_size = s.conn.execute("SELECT count(*) FROM sessions WHERE group_name = 'class-07'").fetchone()[0]
        trainee_size = s.conn.execute("SELECT count(*) FROM sessions WHERE trainee = 'g07-t03'").fetchone()[0]
    print(f"\n{machine()}\nstore: {total:,} sessions, {turns:,} turns; group class-07: {group_size:,} sessions; "
          f"trainee g07-t03: {trainee_size} sessions\n")
    cases = [
        ("group report, table", "table", {"group": "class-07"}),
        ("group report, html", "html", {"group": "class-07"}),
        ("group report, json", "json", {"group": "class-07"}),
        ("group report, csv", "csv", {"group": "class-07"}),
        ("trainee report, table", "table", {"trainee": "g07-t03"}),
        ("scenario report (about half the store), table", "table", {"scenario": "broken-phone"}),
        ("report of all sessions, table", "table", {}),
        ("report of all sessions, html", "html", {}),
    ]
    print("| report | median | best |\n|---|---:|---:|")
    for name, fmt, filters in cases:
        median, best = timed(lambda fmt=fmt, filters=filters: run_report(db, fmt, **filters), args.runs)
        print(f"| {name} | {median * 1000:.0f} ms | {best * 1000:.0f} ms |", flush=True)
    # end to end: a fresh interpreter, as `clear-sim report --group class-07` runs
    code = ("import sys; from clear_sim.commands.report import run; "
            f"sys.exit(run({db!r}, group='class-07', fmt='table', lang='en'))")
    cmd = [sys.executable, "-c", code]
    subprocess.run(cmd, capture_output=True, cwd=ROOT)
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True)
        times.append(time.perf_counter() - t)
    print(f"| group report, table, new process (start-up included) | {statistics.median(times) * 1000:.0f} ms | "
          f"{min(times) * 1000:.0f} ms |")
    if not args.db and not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
        os.rmdir(tmp)
    elif not args.db:
        print(f"\nstore kept: {db}")


if __name__ == "__main__":
    main()
