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


def moment_line(moment, S: dict) -> str:
    """The debrief's sentence for a missed step, a breach or an order flag (terminal, Markdown, HTML)."""
    if moment.what == "missed":
        return S["missed_step"].format(turn=moment.turn, step=S["steps"][moment.step])
    if moment.step == "control":
        return S["breach_at"].format(turn=moment.turn, kind=S["breach_kinds"].get(moment.what, moment.what))
    return S["flag_at"].format(turn=moment.turn, flag=S["flags"].get(moment.what, moment.what))
