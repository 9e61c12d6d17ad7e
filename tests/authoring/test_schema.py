"""`clear-sim schema`: the exported JSON Schema accepts every real scenario and rejects broken ones."""

import copy
import json
import re
from pathlib import Path

import pytest
import yaml

from clear_sim.commands import new
from clear_sim.commands import schema as schema_command
from clear_sim.errors import UsageError
from clear_sim.scenario.schema import json_schema

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.endswith(".tests.yaml"))
FIXTURES = sorted((ROOT / "tests" / "scenario" / "valid").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator, doc) -> list[str]:
    return sorted(e.message for e in validator.iter_errors(doc))


def doc_example() -> dict:
    text = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    block = re.search(r"## A complete annotated example\s+```yaml\n(.*?)```", text, re.S)
    assert block, "the annotated example is missing from docs/scenario-format.md"
    return yaml.safe_load(block.group(1))


def test_run_prints_the_schema(capsys):
    assert schema_command.run() == 0
    assert json.loads(capsys.readouterr().out) == json_schema()


def test_run_writes_a_file(tmp_path, capsys):
    out = tmp_path / "clear-sim.schema.json"
    assert schema_command.run(str(out)) == 0
    assert capsys.readouterr().out == f"wrote {out}\n"
    assert json.loads(out.read_text(encoding="utf-8")) == json_schema()


def test_an_unwritable_output_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot write"):
        schema_command.run(str(tmp_path / "no" / "such" / "dir.json"))


@pytest.mark.parametrize("path", BUNDLED + FIXTURES, ids=lambda p: p.name)
def test_real_scenarios_validate(validator, path):
    assert BUNDLED, "no bundled scenarios"
    assert errors(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_the_documented_example_validates(validator):
    assert errors(validator, doc_example()) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_new_scaffold_validates(validator, tmp_path, lang):
    new.run("demo", lang=lang, directory=str(tmp_path))
    assert errors(validator, yaml.safe_load((tmp_path / f"demo.{lang}.yaml").read_text(encoding="utf-8"))) == []


def _break(change):
    doc = copy.deepcopy(doc_example())
    change(doc)
    return doc


BROKEN = {
    "missing id": lambda d: d.pop("id"),
    "format 2": lambda d: d.update(format=2),
    "unknown top-level key": lambda d: d.update(colour="red"),
    "bad lang": lambda d: d.update(lang="fr"),
    "mood above 100": lambda d: d["customer"].update(mood=120),
    "unknown customer type": lambda d: d["customer"].update(type="grumpy"),
    "node id with capitals": lambda d: d["nodes"].update(Opening=d["nodes"]["opening"]),
    "unknown move": lambda d: d["nodes"]["opening"]["options"][0].update(moves=["empathise"]),
    "unknown breach": lambda d: d["nodes"]["opening"]["options"][1].update(breaches=["rude"]),
    "option without next": lambda d: d["nodes"]["opening"]["options"][0].pop("next"),
    "empty customer line": lambda d: d["nodes"]["details"].update(customer=""),
    "ending kind misspelt": lambda d: d["endings"]["resolved"].update(kind="solved"),
    "typo in a route condition": lambda d: d["nodes"]["details"]["routes"][0]["when"].update(hass=["resolve"]),
    "venting is not a boolean": lambda d: d["nodes"]["opening"].update(venting="yes"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_documents_fail(validator, name):
    assert errors(validator, _break(BROKEN[name])) != []


def test_a_list_is_not_a_scenario(validator):
    assert errors(validator, [1, 2]) != []
