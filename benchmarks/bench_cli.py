"""Start-up and scripted-play speed of the CLI, as ratios to `python -c pass` measured in the same run.

    python benchmarks/bench_cli.py [--runs 21]

Each command runs --runs times (after one warm-up); the median wall time is reported. The ratio to
the interpreter's own start-up is what the targets speak of (scripted play ≤ 8× `python -c pass`),
so the figures compare across machines better than raw milliseconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _machine import machine

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tests" / "golden" / "answers"


def median_time(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    exe = shutil.which("clear-sim")
    cli = [exe] if exe else [sys.executable, "-m", "clear_sim"]
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "clear-sim --help": cli + ["--help"],
        "clear-sim list": cli + ["list"],
    }
    for sid, lang in (("broken-phone", "en"), ("fly-in-yogurt", "zh")):
        answers = ANSWERS / f"{sid}.{lang}.best.txt"
        cases[f"play {sid} --lang {lang} --answers (best path) --json"] = cli + [
            "play", sid, "--lang", lang, "--answers", str(answers), "--json"]
    print(f"machine: {machine()}")
    print(f"median of {args.runs} runs each\n")
    base = None
    print(f"{'command':58} {'median ms':>10} {'× python -c pass':>17}")
    for name, cmd in cases.items():
        t = median_time(cmd, args.runs)
        base = base or t
        print(f"{name:58} {t * 1000:10.1f} {t / base:17.2f}")


if __name__ == "__main__":
    main()
