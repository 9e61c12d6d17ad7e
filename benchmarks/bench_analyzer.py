"""Reply analyzer speed: throughput on one core and the time to evaluate 10,000 labelled replies.

    python benchmarks/bench_analyzer.py [--data DIR] [--repeat 5]

Uses the labelled dev replies (../shared/data/dev.*.jsonl by default), repeated. Prints the machine
(platform, CPU model, Python) and the figures that benchmarks/analyzer.md records.
Targets: >= 5,000 replies/s on one core; eval of 10,000 replies < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _machine import cpu_model  # noqa: E402
from clear_sim.analysis import analyze  # noqa: E402
from clear_sim.analysis import lexicon  # noqa: E402
from clear_sim.analysis.evaluate import evaluate, load_items  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    files = [Path(args.data) / f"dev.{lang}.jsonl" for lang in ("en", "zh")]
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    replies = [json.loads(line)["reply"] for line in lines]
    print(f"machine: {platform.platform()} | CPU: {cpu_model('unknown')} | cores visible: {os.cpu_count()}")
    print(f"python: {platform.python_implementation()} {platform.python_version()}")

    t = time.perf_counter()
    for lang in lexicon.LANGS:
        lexicon.load(lang)
    loaded = time.perf_counter()
    for lang in lexicon.LANGS:
        lexicon.check(lang)  # patterns compile on first use; compile them all before timing
    print(f"cold start: loading both rule files {(loaded - t) * 1000:.1f} ms "
          f"(patterns compile on first use; all of them: {(time.perf_counter() - loaded) * 1000:.1f} ms more)")

    batch = (replies * (6000 // len(replies) + 1))[:6000]
    mean_len = sum(map(len, batch)) / len(batch)
    wall, cpu = [], []
    for _ in range(args.repeat):
        w, c = time.perf_counter(), time.process_time()
        for text in batch:
            analyze(text)
        wall.append(len(batch) / (time.perf_counter() - w))
        cpu.append(len(batch) / (time.process_time() - c))
    print(
        f"throughput over {args.repeat} runs of {len(batch):,} replies (mean {mean_len:.0f} chars): "
        f"median {statistics.median(cpu):,.0f} replies/s of CPU time on one core "
        f"(wall clock: median {statistics.median(wall):,.0f}, min {min(wall):,.0f}, max {max(wall):,.0f})"
    )
    n_en = sum(1 for line in lines if json.loads(line).get("lang") == "en")
    for lang, sub in (("en", replies[:n_en]), ("zh", replies[n_en:])):
        group = (sub * (3000 // len(sub) + 1))[:3000]
        c = time.process_time()
        for text in group:
            analyze(text)
        print(f"  {lang} replies only: {len(group) / (time.process_time() - c):,.0f} replies/s (CPU time)")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    work = ROOT / "benchmarks" / "_work"
    work.mkdir(exist_ok=True)
    big = work / "eval10k.jsonl"
    big.write_text("\n".join((lines * (10_000 // len(lines) + 1))[:10_000]) + "\n", encoding="utf-8")
    wall_s, cpu_s = [], []
    for _ in range(3):
        w, c = time.perf_counter(), time.process_time()
        result = evaluate(load_items(str(big)))
        wall_s.append(time.perf_counter() - w)
        cpu_s.append(time.process_time() - c)
    print(
        f"eval of {result.n:,} replies (load + analyze + score): median {statistics.median(cpu_s):.2f} s CPU, "
        f"{statistics.median(wall_s):.2f} s wall clock"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
