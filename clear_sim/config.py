"""The user's remembered settings (trainee name and group), in the platform's config directory."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def config_path() -> Path:
    override = os.environ.get("CLEAR_SIM_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("clear-sim")) / "settings.json"


def load() -> dict:
    """The settings, or {} when there are none; an unreadable file is reported and ignored."""
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        print(f"clear-sim: ignoring unreadable settings file {path}: {err}", file=sys.stderr)
        return {}
    return data if isinstance(data, dict) else {}


def save(settings: dict) -> None:
    path = config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)  # never a half-written settings file
    except OSError as err:
        print(f"clear-sim: could not save settings to {path}: {err.strerror}", file=sys.stderr)
