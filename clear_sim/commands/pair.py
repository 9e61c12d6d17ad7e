"""`clear-sim pair SCENARIO`: two students at one terminal, one the customer (from a private role
card), one the agent; the analyzer and the people judge each reply; then they swap roles.
``--cards FILE`` writes the role cards (HTML or Markdown) for a class that rehearses on paper first."""

from __future__ import annotations

from ..errors import INTERRUPTED, OK, UsageError


def run(scenario_ref: str, *, lang: str | None = None, customer: str | None = None, agent: str | None = None,
        observer: str | None = None, group: str | None = None, exam: bool = False, cards: str | None = None,
        fmt: str | None = None, paths: list[str] | None = None, db: str | None = None) -> int:
    from ..scenario.catalog import find

    scenario = find(scenario_ref, lang, paths)
    if cards is not None:
        return write_cards(scenario, cards, fmt)
    if fmt is not None:
        raise UsageError("--format goes with --cards FILE (the role cards' format: html or md)")
    from .. import config
    from ..pair.session import PairRun, check_names, check_playable
    from ..ui import render
    from ..ui.pair import ask_players, practice, require_terminal
    from ..ui.pair_view import intro_view

    check_playable(scenario)
    check_names(customer, agent)
    require_terminal(scenario)
    group = group or config.load().get("group")
    console = render.make_console()
    console.print(intro_view(scenario, render.strings_for(scenario)))
    try:
        players = ask_players(scenario, customer, agent, observer, group)
    except (KeyboardInterrupt, EOFError):
        console.print()
        console.print(render.Text(render.strings_for(scenario)["stopped"], style="warn"))
        return INTERRUPTED
    return practice(scenario, PairRun.new(players), exam=exam, db=db, console=console)


def write_cards(scenario, output: str, fmt: str | None = None) -> int:
    from ..pair import cards as c
    from .report import write_output

    fmt = c.format_for(output, fmt)
    write_output(c.to_html(scenario) if fmt == "html" else c.to_markdown(scenario), output)
    return OK
