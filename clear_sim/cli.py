"""The command line: parse, call, render. Each command imports what it needs only when it runs."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from . import __version__
from .errors import INTERRUPTED, ClearSimError

app = typer.Typer(
    name="clear-sim",
    help="Practise the CLEAR method of complaint handling: Control, Listen, Establish, Apologize, Resolve.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"clear-sim {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Exit codes: 0 ok, 1 the checked thing failed, 2 usage or input error, 130 interrupted."""


PATHS = typer.Option(None, "--path", help="Also look for scenarios in this folder (repeatable).")
DB = typer.Option(None, "--db", envvar="CLEAR_SIM_DB", help="The results database (default: in your user data folder).")


@app.command("list")
def list_(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    path: Optional[List[str]] = PATHS,
    customer_type: Optional[str] = typer.Option(None, "--type", help="arguer, pressing, novice, venting or special."),
    difficulty: Optional[str] = typer.Option(None, "--difficulty", help="beginner, intermediate or advanced."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en."),
) -> None:
    """List the scenarios: bundled, ./scenarios and --path folders."""
    from .commands.listing import run

    raise typer.Exit(run(as_json=as_json, paths=path, customer_type=customer_type, difficulty=difficulty, lang=lang))


@app.command()
def play(
    scenario: str = typer.Argument(..., help="Scenario id (e.g. broken-phone) or a scenario file."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en (default: your locale, else English)."),
    coach: bool = typer.Option(True, "--coach/--exam", help="Coaching after each answer, or only in the debrief."),
    mode: str = typer.Option("choice", "--mode", help="choice (pick options), free (type replies) or mixed."),
    answers: Optional[str] = typer.Option(None, "--answers", help="Scripted play: one answer per line (option number or id, or free text); - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="With --answers: print the result as JSON."),
    path: Optional[List[str]] = PATHS,
    from_node: Optional[str] = typer.Option(None, "--from", help="Start at this node (to test a late branch)."),
    mood: Optional[int] = typer.Option(None, "--mood", help="Starting mood 0-100 (with --from)."),
    name: Optional[str] = typer.Option(None, "--name", help="Trainee name (remembered for next time)."),
    group: Optional[str] = typer.Option(None, "--group", help="Class or group (remembered for next time)."),
    db: Optional[str] = DB,
    save: Optional[bool] = typer.Option(None, "--save/--no-save",
                                        help="Keep the session in the store (default: yes when interactive, no for --answers)."),
) -> None:
    """Play a scenario: meet the customer, answer, get a CLEAR debrief."""
    from .commands.play import run

    raise typer.Exit(run(scenario, lang=lang, exam=not coach, input_mode=mode, answers=answers,
                         as_json=as_json, paths=path, from_node=from_node, mood=mood,
                         name=name, group=group, db=db, save=save))


@app.command()
def resume(
    session_id: Optional[str] = typer.Argument(None, help="Session id or unique prefix (default: your latest unfinished one)."),
    db: Optional[str] = DB,
) -> None:
    """Continue an interrupted session exactly where it stopped."""
    from .commands.resume import run

    raise typer.Exit(run(session_id, db=db))


@app.command()
def pair(
    scenario: str = typer.Argument(..., help="Scenario id (e.g. broken-phone) or a scenario file."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en (default: your locale, else English)."),
    customer: Optional[str] = typer.Option(None, "--customer", help="Who plays the customer (asked if not given)."),
    agent: Optional[str] = typer.Option(None, "--agent", help="Who plays the agent (asked if not given)."),
    observer: Optional[str] = typer.Option(None, "--observer", help='An observer who fills the CLEAR checklist too ("" for none; asked if not given).'),
    group: Optional[str] = typer.Option(None, "--group", help="Class or group (default: the remembered one, else asked)."),
    coach: bool = typer.Option(True, "--coach/--exam", help="Coaching after each reply, or only in the debrief."),
    cards: Optional[str] = typer.Option(None, "--cards", help="Write the role cards to this file (HTML or Markdown) and stop; - for stdout."),
    format: Optional[str] = typer.Option(None, "--format", help="With --cards: html or md (default: from the file name, else html)."),
    path: Optional[List[str]] = PATHS,
    db: Optional[str] = DB,
) -> None:
    """Pair practice at one terminal: one student plays the customer from a private role card, one the agent; then swap."""
    from .commands.pair import run

    raise typer.Exit(run(scenario, lang=lang, customer=customer, agent=agent, observer=observer, group=group,
                         exam=not coach, cards=cards, fmt=format, paths=path, db=db))


@app.command()
def review(
    session: str = typer.Argument(..., help="Session id, or a unique prefix of it (see clear-sim history)."),
    turn: Optional[int] = typer.Option(None, "--turn", help="With --comment: the turn it is about (default: the whole session)."),
    comment: Optional[str] = typer.Option(None, "--comment", help="A one-line comment."),
    step: Optional[str] = typer.Option(None, "--step", help="Override this step's score: control, listen, establish, apologize or resolve."),
    score: Optional[int] = typer.Option(None, "--score", help="With --step: the teacher's score, 0-100."),
    reason: Optional[str] = typer.Option(None, "--reason", help="With --step: a one-line reason."),
    withdraw: bool = typer.Option(False, "--withdraw", help="With --step and --reason: withdraw your score for that step; the automatic one counts again."),
    by: Optional[str] = typer.Option(None, "--by", help="The reviewer's name (default: the remembered name)."),
    db: Optional[str] = DB,
) -> None:
    """Teacher review: comment on single turns, override a step's score with a reason (prompts without flags)."""
    from .commands.review import run

    raise typer.Exit(run(session, db, turn=turn, comment=comment, step=step, score=score, reason=reason, by=by,
                         withdraw=withdraw))


TRAINEE = typer.Option(None, "--trainee", help="Only this trainee's sessions.")
GROUP = typer.Option(None, "--group", help="Only this group's (class's) sessions.")
SCENARIO_F = typer.Option(None, "--scenario", help="Only sessions of this scenario id.")
SINCE = typer.Option(None, "--since", help="Started on or after: YYYY-MM-DD, an ISO time, today, yesterday, 7d, 12h.")
UNTIL = typer.Option(None, "--until", help="Started up to: YYYY-MM-DD (that day included), an ISO time, today, yesterday.")
UI_LANG = typer.Option(None, "--lang", help="Language of the tables: en or zh (default: your locale).")


@app.command()
def history(
    trainee: Optional[str] = TRAINEE, group: Optional[str] = GROUP, scenario: Optional[str] = SCENARIO_F,
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    status: Optional[str] = typer.Option(None, "--status", help="finished or incomplete."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the N most recent (default 50 in the terminal)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    lang: Optional[str] = UI_LANG, db: Optional[str] = DB,
) -> None:
    """List stored sessions, filtered by trainee, group, scenario and date."""
    from .commands.history import run

    raise typer.Exit(run(db, trainee=trainee, group=group, scenario=scenario, since=since, until=until,
                         status=status, limit=limit, as_json=as_json, lang=lang))


@app.command()
def show(
    session: str = typer.Argument(..., help="Session id, or a unique prefix of it (see clear-sim history)."),
    rescore: bool = typer.Option(False, "--rescore", help="Also score it with the current scenario and analyzer, and show what changes."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    path: Optional[List[str]] = PATHS, db: Optional[str] = DB,
) -> None:
    """Show a stored session: who, when, the transcript and its debrief."""
    from .commands.show import run

    raise typer.Exit(run(session, db, rescore=rescore, as_json=as_json, paths=path))


@app.command()
def report(
    trainee: Optional[str] = TRAINEE, group: Optional[str] = GROUP, scenario: Optional[str] = SCENARIO_F,
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    format: str = typer.Option("table", "--format", help="table, csv, json or html."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of printing."),
    rescore: bool = typer.Option(False, "--rescore", help="Rescore with the current scenarios and analyzer, and show what changes."),
    lang: Optional[str] = UI_LANG, path: Optional[List[str]] = PATHS, db: Optional[str] = DB,
) -> None:
    """Report per trainee, group or scenario: step averages, weakest step, spread, where points are lost."""
    from .commands.report import run

    raise typer.Exit(run(db, trainee=trainee, group=group, scenario=scenario, since=since, until=until,
                         fmt=format, output=output, rescore=rescore, paths=path, lang=lang))


@app.command()
def export(
    sessions: Optional[List[str]] = typer.Argument(None, help="Session ids (or unique prefixes)."),
    format: str = typer.Option("json", "--format", help="md, html or json (json takes several, for clear-sim import)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of printing."),
    all_sessions: bool = typer.Option(False, "--all", help="Every session (narrow with --trainee, --group, …); json only."),
    trainee: Optional[str] = TRAINEE, group: Optional[str] = GROUP, scenario: Optional[str] = SCENARIO_F,
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    path: Optional[List[str]] = PATHS, db: Optional[str] = DB,
) -> None:
    """Export a session as Markdown, HTML or JSON (JSON: one or many, to merge with clear-sim import)."""
    from .commands.export import run

    raise typer.Exit(run(sessions or [], db, fmt=format, output=output, all_sessions=all_sessions, trainee=trainee,
                         group=group, scenario=scenario, since=since, until=until, paths=path))


@app.command("import")
def import_(
    files: List[str] = typer.Argument(..., help="JSON exports or other machines' clear-sim.db files."),
    db: Optional[str] = DB,
) -> None:
    """Merge sessions exported on other machines; importing the same file twice changes nothing."""
    from .commands.import_ import run

    raise typer.Exit(run(files, db))


@app.command()
def validate(
    paths: List[str] = typer.Argument(..., help="Scenario files or folders."),
    format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Check scenario files: every problem as path:line:col, exit 1 if any file is invalid."""
    from .commands.validate import run

    raise typer.Exit(run(paths, fmt=format))


@app.command()
def lint(
    paths: List[str] = typer.Argument(..., help="Scenario files or folders."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Find authoring mistakes: unreachable nodes, dead ends, missing model answers, …"""
    from .commands.lint import run

    raise typer.Exit(run(paths, strict=strict, fmt=format))


@app.command()
def graph(
    scenario: str = typer.Argument(..., help="Scenario id or file."),
    format: str = typer.Option("tree", "--format", help="tree, mermaid or dot."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en."),
    path: Optional[List[str]] = PATHS,
) -> None:
    """Show a scenario's branching: a tree here, or Mermaid / Graphviz DOT to paste elsewhere."""
    from .commands.graph import run

    raise typer.Exit(run(scenario, fmt=format, lang=lang, paths=path))


@app.command("test")
def test_(
    paths: List[str] = typer.Argument(..., help="Scenario files, tests files or folders."),
    format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Run scenario tests (NAME.tests.yaml beside each scenario) headless."""
    from .commands.test import run

    raise typer.Exit(run(paths, fmt=format))


@app.command()
def new(
    name: str = typer.Argument(..., help="Scenario id for the new file."),
    lang: str = typer.Option("en", "--lang", help="zh or en."),
    directory: str = typer.Option(".", "--dir", help="Folder to write into."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing files."),
) -> None:
    """Scaffold a commented, valid, playable scenario with its tests."""
    from .commands.new import run

    raise typer.Exit(run(name, lang=lang, directory=directory, force=force))


@app.command()
def schema(
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of printing."),
) -> None:
    """Print the JSON Schema of the scenario format (for editor autocompletion)."""
    from .commands.schema import run

    raise typer.Exit(run(output))


@app.command()
def score(
    text: str = typer.Argument(..., help="An agent's reply to analyse."),
    lang: str = typer.Option("auto", "--lang", help="auto, zh or en."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    customer: Optional[str] = typer.Option(
        None, "--customer", "-c", help="The customer line the reply answers (a bare \"yes\" to a complaint is a brush-off)."),
) -> None:
    """Show which CLEAR moves and breaches a reply contains, with the evidence."""
    from .commands.score import run

    raise typer.Exit(run(text, lang=lang, as_json=as_json, customer=customer))


@app.command("eval")
def eval_(
    file: str = typer.Argument(..., help="Labelled replies, JSON Lines."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Measure the reply analyzer against labelled replies (precision, recall, F1)."""
    from .commands.evaluate import run

    raise typer.Exit(run(file, as_json=as_json))


def main() -> None:
    """Console entry point: maps errors to the exit-code table; never a traceback for a user error."""
    try:  # typer 0.26+ carries its own copy of click (click itself may not be installed)
        from typer._click.exceptions import ClickException
    except ImportError:  # pragma: no cover - older typer
        from click import ClickException

    try:
        code = app(standalone_mode=False)  # a command's typer.Exit(code) comes back as the return value
    except typer.Exit as err:
        sys.exit(err.exit_code)
    except ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        print("\nclear-sim: interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)
    except ClearSimError as err:
        from .ui.text import clean

        print(f"clear-sim: {clean(str(err))}", file=sys.stderr)
        sys.exit(err.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
