"""UI strings in the scenario's language, from data files (strings/en.yaml, strings/zh.yaml)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
def strings(lang: str) -> dict:
    from importlib.resources import files

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    name = "zh.yaml" if lang == "zh" else "en.yaml"
    return yaml.load(files("clear_sim.ui").joinpath("strings", name).read_text("utf-8"), Loader=loader)
