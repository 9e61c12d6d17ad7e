"""A separate process writing to one store (run by the reliability tests, not collected by pytest).

    python _worker.py write DB N SEED   play N sessions of tiny.yaml, each turn saved, then finished
    python _worker.py loop DB           save turns of loop.yaml forever, printing "saved K" after each
"""

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # fakes.py

from clear_sim.engine import Session  # noqa: E402
from clear_sim.scenario.loader import load_scenario  # noqa: E402
from clear_sim.scoring import scorecard  # noqa: E402
from clear_sim.store import open_store  # noqa: E402
from fakes import fake_analyze  # noqa: E402


def write(db: str, n: int, seed: int) -> None:
    scenario = load_scenario(str(HERE.parent / "engine" / "tiny.yaml"))
    rng = random.Random(seed)
    with open_store(db) as store:
        for i in range(n):
            s = Session(scenario, analyzer=fake_analyze)
            s.start()
            sid = store.start_session(scenario, s.state, f"p{seed}-t{i % 25}", f"g{seed}", {"worker": seed, "i": i})
            while s.status == "active":
                s.choose(rng.choice([o.id for o in s.node.options]))
                store.save_turn(sid, s.state.turns[-1], s.state)
            store.finish_session(sid, s.state, scorecard(scenario, s.state.turns).scores())
    print(f"ok {n}", flush=True)


def loop(db: str) -> None:
    scenario = load_scenario(str(HERE / "loop.yaml"))
    with open_store(db) as store:
        s = Session(scenario, analyzer=fake_analyze)
        s.start()
        sid = store.start_session(scenario, s.state, "kim", "K")
        print(f"session {sid}", flush=True)
        k = 0
        while True:
            s.choose("again" if k % 3 else "shrug")
            store.save_turn(sid, s.state.turns[-1], s.state)
            k += 1
            print(f"saved {k}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        loop(sys.argv[2])
