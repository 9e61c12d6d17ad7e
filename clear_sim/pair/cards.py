"""Role cards: the customer's private card, the agent's briefing card and the observer's checklist,
built once as data from the scenario (``customer.facts/wants/triggers/soothers``, ``trainee``) and the
UI strings of its language, then shown in the terminal or written as Markdown or print-ready HTML
(A4, one card per page) for a class that rehearses on paper first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from ..scenario.model import STEPS
from ..ui.strings import strings
from ..ui.text import clean

FORMATS = ("html", "md")
OBSERVER_ROWS = 10  # turns on the printed observer checklist


@dataclass(frozen=True)
class Section:
    heading: str
    text: str | None = None
    items: tuple[str, ...] = ()
    say: str | None = None  # a line to say (the customer's opening line)
    scene: str | None = None  # narration before it


@dataclass(frozen=True)
class Card:
    kind: str  # customer | agent | observer
    title: str  # "Customer role card"
    name: str  # who the card is for: "Mr Sun", the agent's role, "Observer"
    scenario: str  # the scenario's title
    sections: tuple[Section, ...]
    note: str | None = None  # the secret line at the top of the customer's card


def _mood_label(S: dict, mood: int) -> str:
    return S["mood_labels"][min(4, mood // 20)]


def customer_card(scenario) -> Card:
    """The customer player's private card: who they are, what happened, what they want, what makes
    them angrier and what would calm them, how to play it, and the first line."""
    S = strings(scenario.lang)
    P = S["pair"]
    c = scenario.customer
    persona = f"{c.name} · {S['customer_types'][c.type]}"
    if c.mentality:
        persona += f" · {P['mentalities'][c.mentality]}"
    how = [P["type_play"][c.type]]
    if c.mentality:
        how.append(P["mentality_play"][c.mentality])
    how.append(P["start_mood"].format(label=_mood_label(S, c.mood), mood=c.mood))
    how += list(P["customer_how"])
    sections = [Section(P["who_you_are"], text=persona), Section(P["what_happened"], items=tuple(c.facts))]
    if c.wants:
        sections.append(Section(P["what_you_want"], text=c.wants))
    if c.triggers:
        sections.append(Section(P["angrier"], items=tuple(c.triggers)))
    if c.soothers:
        sections.append(Section(P["calmer"], items=tuple(c.soothers)))
    sections.append(Section(P["how_to_play"], items=tuple(how)))
    start = scenario.nodes.get(scenario.start)
    if start is not None:
        # the node's scene is narrated to the agent ("you have just arrived"): not for this card
        sections.append(Section(P["opening_line"], say=start.line(c.mood)))
    return Card("customer", P["customer_card"], c.name, scenario.title, tuple(sections), P["keep_secret"])


def agent_card(scenario) -> Card:
    """The agent player's card: their role (the card's name), the case as they know it, what they
    may offer (the briefing), and the CLEAR steps as a reminder."""
    S = strings(scenario.lang)
    P = S["pair"]
    sections = (
        Section(P["your_customer"], text=scenario.customer.name),
        Section(S["summary"], text=scenario.summary),
        Section(P["what_you_know"], text=scenario.trainee.briefing),
        Section(P["clear_reminder"], items=tuple(P["clear_steps"][s] for s in STEPS)),
        Section(P["how_it_works"], items=tuple(P["agent_how"])),
    )
    return Card("agent", P["agent_card"], scenario.trainee.role, scenario.title, sections)


def observer_card(scenario) -> Card:
    """The observer's checklist: what each CLEAR step looks like, and a grid to tick per turn."""
    P = strings(scenario.lang)["pair"]
    sections = (Section(P["what_to_watch"], items=tuple(P["clear_steps"][s] for s in STEPS)),
                Section(P["observer_how"], items=tuple(P["observer_how_items"])))
    return Card("observer", P["observer_sheet"], P["observer"], scenario.title, sections)


def cards(scenario) -> tuple[Card, ...]:
    return customer_card(scenario), agent_card(scenario), observer_card(scenario)


def card_texts(card: Card) -> list[str]:
    """Every text on a card that comes from the scenario (what must never reach the agent's screen)."""
    out = []
    for section in card.sections:
        out += [t for t in (section.text, section.say, section.scene) if t]
        out += list(section.items)
    return out


def secret_texts(scenario) -> list[str]:
    """What only the customer player may see: the facts, wants, triggers and soothers."""
    c = scenario.customer
    return [t for t in (*c.facts, c.wants, *c.triggers, *c.soothers) if t]


# ---- Markdown -------------------------------------------------------------------------------------


def _md(text) -> str:
    text = clean("" if text is None else str(text)).replace("\r", "").replace("\n", " ")
    return re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", text)


def to_markdown(scenario, which: tuple[Card, ...] | None = None) -> str:
    """The cards as Markdown, one per page when printed (a page break between them)."""
    P = strings(scenario.lang)["pair"]
    out: list[str] = []
    for i, card in enumerate(which or cards(scenario)):
        if i:
            out += ["", '<div style="page-break-after: always"></div>', "", "---", ""]
        out += [f"# {_md(card.title)}: {_md(card.name)}", "", f"*{_md(card.scenario)}*", ""]
        if card.note:
            out += [f"> **{_md(card.note)}**", ""]
        for section in card.sections:
            out += [f"## {_md(section.heading)}", ""]
            if section.text:
                out += [_md(section.text), ""]
            if section.items:
                out += [f"- {_md(item)}" for item in section.items] + [""]
            if section.scene:
                out += [f"*{_md(section.scene)}*", ""]
            if section.say:
                out += [f"> {_md(section.say)}", ""]
        if card.kind == "observer":
            head = [P["col_turn"], *(P["step_letters"][s] for s in STEPS), P["col_rating"], P["col_notes"]]
            out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            out += ["| " + " | ".join([str(n)] + [" "] * (len(head) - 1)) + " |" for n in range(1, OBSERVER_ROWS + 1)]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---- HTML -----------------------------------------------------------------------------------------

CSS = """
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","PingFang SC",
 "Microsoft YaHei",sans-serif;color:#111827;background:#f3f4f6;margin:0;padding:24px}
.card{background:#fff;max-width:190mm;margin:0 auto 24px;padding:14mm 16mm;border-radius:6px;
 box-shadow:0 1px 4px rgba(0,0,0,.15);border-top:10px solid var(--band)}
.card.customer{--band:#be185d}.card.agent{--band:#0e7490}.card.observer{--band:#4b5563}
.kind{font-size:.8em;letter-spacing:.12em;text-transform:uppercase;color:var(--band);font-weight:700}
h1{font-size:1.7em;margin:.1em 0 0}
.scenario{color:#4b5563;margin:0 0 .8em;font-style:italic}
.secret{border:2px dashed var(--band);color:var(--band);font-weight:600;padding:6px 10px;border-radius:4px}
h2{font-size:1.05em;margin:1.1em 0 .3em;color:var(--band);border-bottom:1px solid #e5e7eb;padding-bottom:2px}
ul{margin:.2em 0;padding-left:1.3em}li{margin:.15em 0}
.scene{font-style:italic;color:#4b5563}
blockquote{margin:.3em 0;padding:6px 12px;border-left:4px solid var(--band);background:#fdf2f8;font-size:1.05em}
table{border-collapse:collapse;width:100%;margin-top:.6em}
th,td{border:1px solid #9ca3af;padding:6px 4px;text-align:center;height:2.2em}
td.notes,th.notes{width:45%;text-align:left}
footer{margin-top:1.2em;font-size:.75em;color:#9ca3af}
@media print{
 @page{size:A4;margin:12mm}
 body{background:#fff;padding:0;font-size:11.5pt}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .card{box-shadow:none;border-radius:0;margin:0;max-width:none;padding:0 0 0 0;border-top-width:8px;
  break-after:page;page-break-after:always}
 .card:last-child{break-after:auto;page-break-after:auto}
 h2,li,blockquote,tr{break-inside:avoid}
 h2{break-after:avoid}
}
"""


def _e(text) -> str:
    return escape(clean("" if text is None else str(text)), quote=True)


def to_html(scenario, which: tuple[Card, ...] | None = None) -> str:
    """The cards as one self-contained HTML page: on screen one card under another, printed on A4
    one card per page (cut the customer's card off before handing the agent theirs)."""
    P = strings(scenario.lang)["pair"]
    body = []
    for card in which or cards(scenario):
        out = [f'<section class="card {card.kind}">', f'<div class="kind">{_e(card.title)}</div>',
               f"<h1>{_e(card.name)}</h1>", f'<p class="scenario">{_e(card.scenario)}</p>']
        if card.note:
            out.append(f'<p class="secret">{_e(card.note)}</p>')
        for section in card.sections:
            out.append(f"<h2>{_e(section.heading)}</h2>")
            if section.text:
                out.append(f"<p>{_e(section.text)}</p>")
            if section.items:
                out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in section.items) + "</ul>")
            if section.scene:
                out.append(f'<p class="scene">{_e(section.scene)}</p>')
            if section.say:
                out.append(f"<blockquote>{_e(section.say)}</blockquote>")
        if card.kind == "observer":
            head = "".join(f"<th>{_e(P['step_letters'][s])}</th>" for s in STEPS)
            rows = "".join(f"<tr><td>{n}</td>" + "<td></td>" * (len(STEPS) + 1) + '<td class="notes"></td></tr>'
                           for n in range(1, OBSERVER_ROWS + 1))
            out.append(f"<table><tr><th>{_e(P['col_turn'])}</th>{head}<th>{_e(P['col_rating'])}</th>"
                       f'<th class="notes">{_e(P["col_notes"])}</th></tr>{rows}</table>')
        out.append(f"<footer>clear-sim · {_e(scenario.id)} ({_e(scenario.lang)})</footer></section>")
        body.append("".join(out))
    title = f"{P['cards_title']}: {scenario.title}"
    lang = "zh-CN" if scenario.lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="clear-sim">\n<title>{_e(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def format_for(path: str, fmt: str | None = None) -> str:
    """html or md: the --format given, else from the file's extension (HTML by default)."""
    from ..errors import UsageError

    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f'--format must be html or md, not "{fmt}"')
        return fmt
    lower = path.lower()
    return "md" if lower.endswith((".md", ".markdown")) else "html"
