"""What a non-editable install ships: every package, the bundled scenarios and the data files."""

import os
import subprocess
import sys
import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_python_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "clear_sim").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_the_installed_cli_finds_the_bundled_scenarios_from_anywhere(tmp_path):
    """Run away from the source tree, as an installed user would (in CI the install is not editable)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    out = subprocess.run([sys.executable, "-m", "clear_sim", "list", "--json"], capture_output=True, text=True,
                         cwd=str(tmp_path), env=env)
    assert out.returncode == 0, out.stderr
    ids = {(e["id"], e["lang"]) for e in __import__("json").loads(out.stdout)}
    assert {("broken-phone", "en"), ("broken-phone", "zh"), ("fly-in-yogurt", "en"), ("fly-in-yogurt", "zh")} <= ids
