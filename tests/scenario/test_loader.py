"""Unit tests of the scenario loader (check_file / check_bytes / load_scenario), the safe YAML layer
(yamlsafe.parse) and the ``clear-sim validate`` command's folder, JSON and exit-code behaviour."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from clear_sim.errors import CHECK_FAILED
from clear_sim.scenario import model as m
from clear_sim.scenario import yamlsafe
from clear_sim.scenario.diagnostics import CATALOGUE, Problem
from clear_sim.scenario.loader import ScenarioInvalid, check_bytes, check_file, load_scenario
from clear_sim.scenario.yamlsafe import MAX_BYTES, YamlError, YList, YMap

from .conftest import BROKEN, VALID, assert_no_traceback

EN = VALID / "late-parcel.en.yaml"
ZH = VALID / "late-parcel.zh.yaml"


@pytest.fixture(scope="module")
def en() -> m.Scenario:
    return load_scenario(str(EN))


# --- the typed model built from the format doc's example --------------------------------------------------


def test_example_from_the_format_doc_is_the_valid_base():
    """valid/late-parcel.en.yaml is the annotated example of docs/scenario-format.md, byte for byte."""
    from .conftest import REPO

    doc = (REPO / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = doc.split("## A complete annotated example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    assert EN.read_text(encoding="utf-8") == example


def test_top_level(en: m.Scenario):
    assert (en.format, en.id, en.lang, en.difficulty) == (1, "late-parcel", "en", "beginner")
    assert en.title == "The parcel that never came"
    assert en.summary == "A customer's parcel is a week late and the tracking has not moved."  # >- folded, no newline
    assert en.tags == ("retail",)
    assert en.start == "opening"
    assert en.mood_limits == (m.MoodLimit(5, "hung-up"),)
    assert en.phrases == {"listen": ("birthday", "eight days", "in transit"), "resolve": ("reship", "refund")}
    assert en.path == str(EN)
    assert en.digest == hashlib.sha256(EN.read_bytes()).hexdigest()


def test_customer_and_trainee(en: m.Scenario):
    c = en.customer
    assert (c.name, c.type, c.mood, c.mentality) == ("Ms Chen", "venting", 25, None)  # mentality is optional
    assert c.facts == (
        "Ordered a birthday present eight days ago with two-day delivery.",
        'Tracking has said "in transit" for six days.',
    )
    assert c.wants == "The present before Saturday, or her money back."
    assert c.triggers == ("calm down", "being passed to the courier")
    assert c.soothers == ("being listened to", "a concrete date")
    assert en.trainee == m.Trainee(
        role="Agent on the online shop's help line",
        briefing="The warehouse shows the parcel was handed to the courier six days ago.",
    )


def test_nodes_and_defaults(en: m.Scenario):
    assert list(en.nodes) == ["opening", "details"]
    opening, details = en.nodes["opening"], en.nodes["details"]
    assert (opening.venting, opening.key, opening.expects) == (True, True, ("listen", "establish"))
    assert opening.model_answer == (
        "A birthday present that hasn't arrived — I understand how stressful that is. Could you tell "
        "me the order number so I can see exactly where it is?"
    )
    # defaults: venting false, key false, no scene, no model answer
    assert (details.venting, details.key, details.scene, details.model_answer) == (False, False, None, None)
    assert details.expects == ("apologize", "resolve")
    assert details.customer == (m.Variant("It's 4471-22. So what are you going to do about it?"),)


def test_options(en: m.Scenario):
    ask, calm = en.nodes["opening"].options
    assert ask == m.Option(
        id="empathise-ask",
        text="That sounds really stressful with the birthday coming. Could you give me the order number?",
        next="details", moves=("establish", "listen"), breaches=None, mood=10,
        feedback="Feelings first, then one simple question.",
    )
    assert calm.moves == () and calm.breaches == ("calm_down",) and calm.mood == -15  # [] given: overrides analyzer
    assert calm.feedback == '"Calm down" tells the customer her anger is the problem.'
    reship = en.nodes["details"].option("sorry-reship")
    assert (reship.breaches, reship.feedback, reship.mood, reship.next) == (None, None, 30, "resolved")
    assert en.nodes["details"].option("nope") is None


def test_routes(en: m.Scenario):
    r = en.nodes["opening"].routes
    assert r[0] == m.Route(next="hung-up", when=m.Condition(breach=True), feedback="A breach this early loses her.")
    assert r[1] == m.Route(next="details", when=m.Condition(any=("listen", "establish")))
    assert r[2] == m.Route(next="details", when=None)  # the default route
    d = en.nodes["details"].routes
    assert d[0].when == m.Condition(has=("resolve",), breach=False)
    assert d[1] == m.Route(next="unresolved")


def test_endings(en: m.Scenario):
    assert list(en.endings) == ["resolved", "unresolved", "hung-up"]
    assert en.endings["hung-up"] == m.Ending("hung-up", "hung_up", "Forget it!", "She hung up.")
    assert en.endings["resolved"].customer == "Friday is fine. Thank you."


@pytest.mark.parametrize("mood, words", [
    (0, "Don't give me the script. Where is my parcel?!"),
    (14, "Don't give me the script. Where is my parcel?!"),
    (15, "Eight days! It was a birthday present and the tracking hasn't moved in a week!"),  # mood_below is strict
    (100, "Eight days! It was a birthday present and the tracking hasn't moved in a week!"),
])
def test_mood_variants_pick_the_line(en: m.Scenario, mood: int, words: str):
    assert en.nodes["opening"].line(mood) == words
    assert en.nodes["details"].line(mood) == "It's 4471-22. So what are you going to do about it?"


def test_variant_conditions():
    assert m.Variant("x", mood_below=15).holds(14) and not m.Variant("x", mood_below=15).holds(15)
    assert m.Variant("x", mood_at_least=15).holds(15) and not m.Variant("x", mood_at_least=15).holds(14)
    node = m.Node("n", customer=(m.Variant("low", mood_below=10), m.Variant("mid", mood_at_least=10, mood_below=50),
                                 m.Variant("high")))
    assert [node.line(x) for x in (0, 10, 49, 50)] == ["low", "mid", "mid", "high"]


def test_positions_in_where(en: m.Scenario):
    """scenario.where: (kind, *ids) -> 1-based (line, col) of the key or mapping, for later diagnostics."""
    assert en.where[("start",)] == (26, 8)  # the value "opening"
    assert en.where[("node", "opening")] == (37, 3)
    assert en.where[("node", "details")] == (70, 3)
    assert en.where[("option", "opening", "empathise-ask")] == (49, 9)  # "- id: ..." mapping starts after "- "
    assert en.where[("option", "opening", "calm-down")] == (55, 9)
    assert en.where[("option", "details", "ask-courier")] == (79, 9)
    assert en.where[("route", "opening", 0)] == (63, 9)
    assert en.where[("route", "opening", 2)] == (68, 9)
    assert en.where[("route", "details", 1)] == (88, 9)
    assert en.where[("ending", "resolved")] == (91, 3)
    assert en.where[("ending", "hung-up")] == (99, 3)
    lines = EN.read_text(encoding="utf-8").split("\n")
    for (line, col) in en.where.values():
        assert lines[line - 1][col - 1] not in " -#", (line, col)


def test_chinese_variant():
    zh = load_scenario(str(ZH))
    assert (zh.id, zh.lang, zh.customer.name) == ("late-parcel", "zh", "陈女士")
    assert zh.nodes["opening"].line(10) == "别跟我念稿子！我的包裹到底在哪？"
    assert zh.nodes["opening"].line(30) == "八天了！这是生日礼物，物流一个星期都没动过！"
    assert zh.nodes["opening"].routes[1].when.keywords == ("生日", "订单号")
    assert zh.nodes["opening"].options[1].feedback == "“冷静点”等于告诉顾客：问题出在她的情绪上。"
    assert zh.where[("option", "opening", "calm-down")] == (54, 9)


# --- check_file / check_bytes / load_scenario ------------------------------------------------------------


def test_check_file_valid():
    scenario, problems = check_file(str(EN))
    assert problems == [] and isinstance(scenario, m.Scenario)


def test_bom_and_crlf_give_the_same_scenario(en: m.Scenario):
    data = EN.read_bytes()
    for variant in (b"\xef\xbb\xbf" + data, data.replace(b"\n", b"\r\n"), (VALID / "bom.en.yaml").read_bytes(),
                    (VALID / "crlf.en.yaml").read_bytes()):
        scenario, problems = check_bytes(variant, "x.yaml")
        assert problems == []
        assert scenario == en  # path, digest and where are not compared
        assert scenario.where == en.where
        assert scenario.digest == hashlib.sha256(variant).hexdigest() != en.digest


def test_check_file_invalid_lists_every_problem_in_line_order():
    scenario, problems = check_file(str(BROKEN / "multi-problem.yaml"))
    assert scenario is None
    assert [p.code for p in problems] == ["E209", "E205", "E206", "E111", "E202", "E301", "E205", "E205"]
    assert [(p.line, p.col) for p in problems] == sorted((p.line, p.col) for p in problems)
    assert all(p.path == str(BROKEN / "multi-problem.yaml") for p in problems)


def test_load_scenario_raises_with_all_problems():
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(str(BROKEN / "multi-problem.yaml"))
    err = info.value
    assert len(err.problems) == 8 and err.exit_code == CHECK_FAILED == 1
    assert str(err) == f"{err.problems[0]} (and 7 more problems; run 'clear-sim validate')"


def test_load_scenario_one_problem_message():
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(str(BROKEN / "E207-format.yaml"))
    assert str(info.value) == f"{BROKEN / 'E207-format.yaml'}:2:9: E207 format 2 is not supported; this clear-sim reads format 1"


def test_check_file_directory_is_e101(tmp_path):
    assert check_file(str(tmp_path)) == (None, [Problem(str(tmp_path), 1, 1, "E101", "is a directory, not a scenario file")])


def test_check_file_missing_is_e101(tmp_path):
    path = str(tmp_path / "nope.yaml")
    scenario, [problem] = check_file(path)
    assert scenario is None
    assert str(problem) == f"{path}:1:1: E101 cannot read file: No such file or directory"


def _padded(size: int) -> bytes:
    """The valid example padded with comment lines to exactly ``size`` bytes."""
    data = EN.read_bytes()
    filler = size - len(data)
    lines = b"".join(b"#" + b"x" * 98 + b"\n" for _ in range(filler // 100))
    return data + lines + b"#" * (filler - len(lines))


def test_size_limit_boundary():
    at_limit = _padded(MAX_BYTES)
    assert len(at_limit) == MAX_BYTES
    assert check_bytes(at_limit, "big.yaml")[1] == []
    over = at_limit + b"#"
    assert check_bytes(over, "big.yaml") == (
        None, [Problem("big.yaml", 1, 1, "E105", "file is larger than 2 MiB; a scenario should be far smaller")])


def test_e102_for_empty_and_blank(tmp_path):
    for data in (b"", b" \n\t\r\n"):
        assert [p.code for p in check_bytes(data, "x.yaml")[1]] == ["E102"]


# regression: every value used to be counted once per enclosing container, so this was "an alias bomb"
def test_many_values_without_aliases_are_not_an_alias_bomb():
    data = EN.read_text(encoding="utf-8").replace("tags: [retail]", "tags: [" + ", ".join(["retail"] * 70_000) + "]")
    assert len(data.encode()) < MAX_BYTES
    scenario, problems = check_bytes(data.encode(), "many.yaml")
    assert problems == [] and len(scenario.tags) == 70_000


def test_an_unquoted_date_is_text():  # regression: "2024-02-30" once crashed the timestamp constructor
    data = EN.read_text(encoding="utf-8").replace("title: The parcel that never came", "title: 2024-02-30", 1)
    scenario, problems = check_bytes(data.encode(), "x.yaml")
    assert problems == [] and scenario.title == "2024-02-30"


CONSTRUCTOR_CRASHES = [
    ("mood: 25 ", "mood: !!int abc ", "ValueError: invalid literal for int()"),
    ("mood: 25 ", "mood: !!float abc ", "ValueError: could not convert string to float"),
    ("venting: true", "venting: !!bool maybe", "KeyError: 'maybe'"),
    ("title: The parcel that never came", "title: !!timestamp tomorrow", "AttributeError: 'NoneType' ... 'groupdict'"),
]


# regression: PyYAML's constructors raised these (`crash`) past the loader, a traceback in validate
@pytest.mark.parametrize("old, new, crash", CONSTRUCTOR_CRASHES, ids=[c[1] for c in CONSTRUCTOR_CRASHES])
def test_bad_scalar_values_are_problems_not_crashes(old, new, crash):
    data = EN.read_text(encoding="utf-8").replace(old, new, 1).encode()
    scenario, problems = check_bytes(data, "x.yaml")
    assert scenario is None and len(problems) == 1 and problems[0].code in CATALOGUE


# regression: a !!python/ tag was reported as a syntax error (E110); the syntax is fine, the tag is refused
def test_python_tag_on_a_scalar_is_e115():
    data = EN.read_text(encoding="utf-8").replace("title: The parcel that never came", "title: !!python/name:os.system")
    _, [problem] = check_bytes(data.encode(), "x.yaml")
    assert (problem.line, problem.col, problem.code) == (5, 8, "E115")


# --- yamlsafe.parse ------------------------------------------------------------------------------------


def test_parse_keeps_positions():
    value, problems = yamlsafe.parse("a: 1\nb: [x, 中文, y]\nc:\n  - {k: v}\n", "t.yaml")
    assert problems == []
    assert value == {"a": 1, "b": ["x", "中文", "y"], "c": [{"k": "v"}]}
    assert isinstance(value, YMap) and isinstance(value["b"], YList)
    assert value.pos == (1, 1)
    assert value.key_pos == {"a": (1, 1), "b": (2, 1), "c": (3, 1)}
    assert value.val_pos["a"] == (1, 4) and value.val_pos["c"] == (4, 3)
    assert value["b"].pos == (2, 4)
    assert value["b"].item_pos == [(2, 5), (2, 8), (2, 12)]  # 中文 is two columns wide, y is at 12
    inner = value["c"][0]
    assert inner.pos == (4, 5) and inner.key_pos["k"] == (4, 6) and inner.val_pos["k"] == (4, 9)


def test_parse_resolves_scalars_like_pyyaml():
    value, _ = yamlsafe.parse("i: 7\nf: 2.5\nb: yes\nn: ~\ns: '7'\nneg: -3\n", "t.yaml")
    assert value == {"i": 7, "f": 2.5, "b": True, "n": None, "s": "7", "neg": -3}


def test_parse_duplicate_keeps_the_first_and_reports():
    value, problems = yamlsafe.parse("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert value == {"a": 1, "b": 2}
    assert problems == [Problem("t.yaml", 3, 1, "E111", 'duplicate key "a" (first defined on line 1); remove one')]


def test_parse_aliases_are_shared_values():
    value, problems = yamlsafe.parse("a: &x [1, 2]\nb: *x\n", "t.yaml")
    assert value == {"a": [1, 2], "b": [1, 2]} and problems == []


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "--- ~\n"])
def test_parse_empty_document_is_none(text):
    assert yamlsafe.parse(text, "t.yaml") == (None, [])


def test_nesting_limit_boundary():
    ok, _ = yamlsafe.parse("[" * yamlsafe.MAX_DEPTH + "]" * yamlsafe.MAX_DEPTH, "t.yaml")
    depth = 0
    while isinstance(ok, list) and ok:
        ok, depth = ok[0], depth + 1
    assert depth == yamlsafe.MAX_DEPTH - 1
    with pytest.raises(YamlError) as info:
        yamlsafe.parse("[" * (yamlsafe.MAX_DEPTH + 1) + "]" * (yamlsafe.MAX_DEPTH + 1), "t.yaml")
    assert info.value.problem == Problem("t.yaml", 1, 65, "E112", "nesting is deeper than 64 levels")


@pytest.mark.parametrize("text, where, code", [
    ("a: [1\n", (1, 4), "E110"),  # an unclosed bracket is reported where it opened
    ("a: 1\n---\nb: 2\n", (2, 1), "E114"),
    ("a: &x\n  b: *x\n", (2, 6), "E115"),
    ("<<: {a: 1}\n", (1, 1), "E115"),
    ("a: !thing 1\n", (1, 4), "E115"),
    ("? {a: 1}\n: b\n", (1, 3), "E115"),
    ("a: *nothing\n", (1, 4), "E110"),
])
def test_parse_raises_yamlerror_with_a_problem(text, where, code):
    with pytest.raises(YamlError) as info:
        yamlsafe.parse(text, "t.yaml")
    p = info.value.problem
    assert ((p.line, p.col), p.code, p.path) == (where, code, "t.yaml")
    assert str(info.value) == str(p)


# --- clear-sim validate ------------------------------------------------------------------------------------


def test_validate_valid_file_exits_0(validate):
    proc = validate(["late-parcel.en.yaml"], VALID)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "1 of 1 files valid\n", "")


def test_validate_the_valid_folder(validate):
    proc = validate(["valid"], VALID.parent)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "4 of 4 files valid\n", "")


def test_validate_missing_path_exits_2(validate):
    proc = validate(["late-parcel.en.yaml", "nope.yaml"], VALID)
    assert_no_traceback(proc)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == "clear-sim: nope.yaml: no such file or folder\n"


def test_validate_bad_format_option_exits_2(validate):
    proc = validate(["--format", "xml", "late-parcel.en.yaml"], VALID)
    assert_no_traceback(proc)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == 'clear-sim: --format must be text or json, not "xml"\n'


def test_validate_folder_recurses_and_skips_test_files(tmp_path, validate):
    root = tmp_path / "s"
    (root / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(EN, root / "a.en.yaml")
    shutil.copy(BROKEN / "E207-format.yaml", root / "sub" / "b.yml")  # .yml counts too
    shutil.copy(BROKEN / "E205-customer-type.zh.yaml", root / "sub" / "deeper" / "c.zh.yaml")
    (root / "a.tests.yaml").write_text("this: [is not checked\n", encoding="utf-8")  # scenario tests are skipped
    (root / "sub" / "b.tests.yml").write_text("neither: [is this\n", encoding="utf-8")
    (root / "notes.txt").write_text("not yaml: [\n", encoding="utf-8")
    (root / "dir.yaml").mkdir()  # a folder whose name looks like a scenario: E101
    proc = validate(["s"], tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "s/dir.yaml:1:1: E101 is a directory, not a scenario file",
        "s/sub/b.yml:2:9: E207 format 2 is not supported; this clear-sim reads format 1",
        's/sub/deeper/c.zh.yaml:13:9: E205 type "发泄型" is not one of: arguer, pressing, novice, venting, special',
        "1 of 4 files valid",
    ]


def test_validate_file_over_the_size_limit(tmp_path, validate):
    (tmp_path / "big.yaml").write_bytes(_padded(MAX_BYTES + 1))
    proc = validate(["big.yaml"], tmp_path)
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert proc.stdout == "big.yaml:1:1: E105 file is larger than 2 MiB; a scenario should be far smaller\n0 of 1 files valid\n"


def test_validate_json(validate):
    proc = validate(["--format", "json", "E205-customer-type.zh.yaml", "../valid/late-parcel.en.yaml", "multi-problem.yaml"],
                    BROKEN)
    assert_no_traceback(proc)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert set(out) == {"files", "valid"} and out["valid"] is False
    assert [(f["path"], f["valid"], len(f["problems"])) for f in out["files"]] == [
        ("E205-customer-type.zh.yaml", False, 1), ("../valid/late-parcel.en.yaml", True, 0), ("multi-problem.yaml", False, 8)]
    assert out["files"][0]["problems"][0] == {
        "path": "E205-customer-type.zh.yaml", "line": 13, "col": 9, "code": "E205", "severity": "error",
        "message": 'type "发泄型" is not one of: arguer, pressing, novice, venting, special',
    }
    assert "发泄型" in proc.stdout  # not \u-escaped
    for f in out["files"]:
        assert set(f) == {"path", "valid", "problems"}
        for p in f["problems"]:
            assert set(p) == {"path", "line", "col", "code", "severity", "message"}
            assert p["code"] in CATALOGUE and p["line"] >= 1 and p["col"] >= 1


def test_validate_json_all_valid(validate):
    proc = validate(["--format", "json", "late-parcel.zh.yaml"], VALID)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"files": [{"path": "late-parcel.zh.yaml", "valid": True, "problems": []}],
                                      "valid": True}


def test_yamlsafe_load_and_read_text(tmp_path):
    doc = yamlsafe.load(str(VALID / "bom.en.yaml"))  # the BOM is dropped before parsing
    assert isinstance(doc, YMap) and doc["format"] == 1 and doc.key_pos["format"] == (2, 1)
    with pytest.raises(YamlError) as info:
        yamlsafe.read_text(str(tmp_path))
    assert info.value.problem == Problem(str(tmp_path), 1, 1, "E101", "is a directory, not a scenario file")
    with pytest.raises(YamlError) as info:
        yamlsafe.read_text(str(BROKEN / "E104-gbk.zh.yaml"))
    assert (info.value.problem.line, info.value.problem.col, info.value.problem.code) == (5, 8, "E104")
