"""docs/authoring.md is a tutorial that works: its commands run, in order, in a fresh folder.

Every ``$ `` line of a ```console block is run with the shell; a trailing ``# exits N`` says the
command is expected to exit N (else 0). A ```yaml block right after ``<!-- append to FILE -->`` is
appended to FILE at that point, which is how the tutorial "edits" the tests file.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "authoring.md"

FENCE = re.compile(r"^```(\w*)\s*$")
APPEND = re.compile(r"^<!--\s*append to (\S+)\s*-->\s*$")
EXITS = re.compile(r"\s+#\s*exits\s+(\d+)\s*$")


def steps(text: str) -> list[tuple]:
    """("run", command, expected exit, line number) and ("append", file, text, line number), in order."""
    out: list[tuple] = []
    lines = text.splitlines()
    i, pending_append = 0, None
    while i < len(lines):
        line = lines[i]
        marker = APPEND.match(line)
        if marker:
            pending_append = marker.group(1)
            i += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            i += 1
            continue
        lang, start = fence.group(1), i + 1
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        if lang == "yaml" and pending_append:
            out.append(("append", pending_append, "\n".join(body) + "\n", start))
        elif lang == "console":
            for n, cmd in enumerate(body):
                if cmd.startswith("$ "):
                    cmd = cmd[2:]
                    m = EXITS.search(cmd)
                    code = int(m.group(1)) if m else 0
                    out.append(("run", EXITS.sub("", cmd), code, start + n + 1))
        pending_append = None
    return out


def test_the_doc_has_the_whole_workflow_in_order():
    commands = [s[1] for s in steps(DOC.read_text(encoding="utf-8")) if s[0] == "run"]
    order = ["clear-sim new", "clear-sim validate", "clear-sim lint", "clear-sim graph",
             "clear-sim play", "clear-sim test", "clear-sim schema"]
    firsts = [next(i for i, c in enumerate(commands) if word in c) for word in order]
    assert firsts == sorted(firsts)
    assert any("--from" in c and "--mood" in c for c in commands)
    assert {"tree", "mermaid", "dot"} <= {c.split("--format ")[1].split()[0] for c in commands if "graph" in c}


def test_the_tutorial_runs(tmp_path):
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
               XDG_DATA_HOME=str(tmp_path / ".data"), NO_COLOR="1", COLUMNS="100")
    work = tmp_path / "work"
    work.mkdir()
    failures = []
    for step in steps(DOC.read_text(encoding="utf-8")):
        if step[0] == "append":
            _, name, text, line = step
            target = work / name
            assert target.exists(), f"docs/authoring.md:{line}: appends to {name}, which does not exist yet"
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(text)
            continue
        _, cmd, expected, line = step
        done = subprocess.run(cmd, shell=True, cwd=work, env=env, capture_output=True, text=True, timeout=120)
        if done.returncode != expected:
            failures.append(f"docs/authoring.md:{line}: $ {cmd}\n  exit {done.returncode}, expected {expected}\n"
                            f"  stdout: {done.stdout[-800:]}\n  stderr: {done.stderr[-800:]}")
    assert not failures, "\n".join(failures)
