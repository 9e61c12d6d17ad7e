"""`clear-sim new`: the scaffold is valid, playable, lint-clean, and its own tests pass as created."""

import importlib.util
from pathlib import Path

import pytest

from clear_sim.commands import new
from clear_sim.errors import UsageError
from clear_sim.scenario.loader import check_file
from clear_sim.scenario.testplan import load_plan
from clear_sim.scenario.testrun import run_plan

LANGS = ["en", "zh"]


@pytest.mark.parametrize("lang", LANGS)
def test_new_writes_a_scenario_and_its_tests(tmp_path, capsys, lang):
    assert new.run("late-refund", lang=lang, directory=str(tmp_path)) == 0
    scenario = tmp_path / f"late-refund.{lang}.yaml"
    tests = tmp_path / f"late-refund.{lang}.tests.yaml"
    assert capsys.readouterr().out == (
        f"created {scenario}\ncreated {tests}\n"
        f"next: clear-sim validate {scenario} && clear-sim test {scenario}\n"
    )
    loaded, problems = check_file(str(scenario))
    assert problems == []
    assert (loaded.id, loaded.lang) == ("late-refund", lang)
    assert "{{" not in scenario.read_text(encoding="utf-8") + tests.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_the_scaffold_is_a_real_scenario(tmp_path, lang):
    new.run("demo", lang=lang, directory=str(tmp_path))
    s, _ = check_file(str(tmp_path / f"demo.{lang}.yaml"))
    assert 3 <= len(s.nodes) <= 4
    assert {e.kind for e in s.endings.values()} == {"resolved", "escalated", "hung_up", "unresolved"}
    assert s.mood_limits and s.phrases
    assert any(n.key and n.model_answer for n in s.nodes.values())
    for node in s.nodes.values():
        assert node.options and node.routes and node.routes[-1].when is None  # a default route
        assert all(o.moves is not None and o.feedback for o in node.options)
    shown = {m for n in s.nodes.values() for o in n.options for m in o.moves}
    assert shown == {"listen", "establish", "apologize", "resolve"}
    assert any(o.breaches for n in s.nodes.values() for o in n.options)


@pytest.mark.parametrize("lang", LANGS)
def test_the_scaffold_tests_pass_and_reach_every_ending(tmp_path, lang):
    new.run("demo", lang=lang, directory=str(tmp_path))
    plan, problems = load_plan(str(tmp_path / f"demo.{lang}.tests.yaml"))
    assert problems == []
    outcomes = run_plan(plan)  # the real analyzer: the free-text test must pass too
    assert [(o.case.name, o.failures) for o in outcomes] == [(o.case.name, ()) for o in outcomes]
    assert {o.ending for o in outcomes} - {None} == set(plan.scenario.endings)


@pytest.mark.skipif(importlib.util.find_spec("clear_sim.commands.lint") is None, reason="lint not written yet")
@pytest.mark.parametrize("lang", LANGS)
def test_the_scaffold_passes_strict_lint(tmp_path, capsys, lang):
    from clear_sim.commands.lint import run as lint

    new.run("demo", lang=lang, directory=str(tmp_path))
    capsys.readouterr()
    code = lint([str(tmp_path / f"demo.{lang}.yaml")], strict=True, fmt="text")
    assert code == 0, capsys.readouterr().out


def test_both_languages_share_ids_and_structure(tmp_path):
    new.run("demo", lang="en", directory=str(tmp_path))
    new.run("demo", lang="zh", directory=str(tmp_path))
    en, _ = check_file(str(tmp_path / "demo.en.yaml"))
    zh, _ = check_file(str(tmp_path / "demo.zh.yaml"))

    def shape(s):
        return ({nid: [(o.id, o.moves, o.breaches, o.mood, o.next) for o in n.options] + [r.next for r in n.routes]
                 for nid, n in s.nodes.items()}, {e: x.kind for e, x in s.endings.items()}, s.mood_limits)

    assert shape(en) == shape(zh)


@pytest.mark.parametrize("name", ["Late", "late refund", "-late", "late.refund", "", "迟到"])
def test_the_name_must_be_an_id(tmp_path, name):
    with pytest.raises(UsageError, match="is not a valid scenario id") as err:
        new.run(name, directory=str(tmp_path))
    assert err.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    existing = tmp_path / "demo.en.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        new.run("demo", directory=str(tmp_path))
    assert str(err.value) == f"{existing} already exists; use --force to overwrite"
    assert existing.read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "demo.en.tests.yaml").exists()  # nothing half-written
    assert new.run("demo", directory=str(tmp_path), force=True) == 0
    assert existing.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_unknown_language_and_missing_folder(tmp_path):
    with pytest.raises(UsageError, match='--lang must be one of en, zh, not "fr"'):
        new.run("demo", lang="fr", directory=str(tmp_path))
    with pytest.raises(UsageError, match="--dir .*nowhere: no such folder"):
        new.run("demo", directory=str(tmp_path / "nowhere"))


def test_templates_are_plain_data_files():
    folder = Path(new.TEMPLATES)
    assert sorted(p.name for p in folder.glob("*.yaml")) == [
        "new.en.tests.yaml", "new.en.yaml", "new.zh.tests.yaml", "new.zh.yaml"]
