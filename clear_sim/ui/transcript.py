"""The printed transcript of a scripted play: the same views as the terminal, then the debrief."""

from __future__ import annotations

from rich.text import Text

from . import render


def print_transcript(session, events, card, console=None) -> None:
    console = console or render.make_console()
    S = render.strings_for(session.scenario)
    console.print(render.briefing(session.scenario, S))
    for event in events:
        view = render.event_view(event, session, S)
        if view is not None:
            console.print(view)
    if session.status == "active":
        node = session.node
        console.print(Text(f"{S['incomplete']} {S['next_up']}:", style="warn"))
        for i, option in enumerate(node.options, 1):
            console.print(Text.assemble(f"  {i}. ", (option.id, "muted"), "  ", render.literal(option.text)))
    console.print(render.debrief(session.scenario, session.state, card, S))
