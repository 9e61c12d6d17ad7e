"""The format's structure, declared once: it checks a parsed file and emits the JSON Schema.

Every check reports a ``Problem`` at the offending key or value and carries on, so a file's problems
are all reported at once. Defaults are filled into the parsed mappings as they are checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import model as m
from .diagnostics import Problem, did_you_mean
from .yamlsafe import YList, YMap

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class T:
    """A value type: kind is str|text|int|bool|enum|id|list|map|obj|line."""

    kind: str
    values: tuple = ()  # enum values
    item: "T | None" = None  # list item / map value
    fields: dict = field(default_factory=dict)  # obj: name -> F
    name: str = ""  # obj name, for messages
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class F:
    type: T
    required: bool = False
    doc: str = ""
    default: object = None


TEXT = T("text")
INT = T("int")
BOOL = T("bool")
ID = T("id")


def enum(values) -> T:
    return T("enum", values=tuple(values))


def list_of(item: T) -> T:
    return T("list", item=item)


def obj(_name: str, **fields: F) -> T:
    return T("obj", fields=fields, name=_name)


MOOD = T("int", min=0, max=100)
DELTA = T("int", min=-100, max=100)
MOVE_LIST = list_of(enum(m.MOVES))
BREACH_LIST = list_of(enum(m.BREACH_KINDS))

VARIANT = obj(
    "customer line variant",
    text=F(TEXT, True, "the customer's words"),
    mood_below=F(MOOD, doc="use this wording while the mood is below N"),
    mood_at_least=F(MOOD, doc="use this wording while the mood is at least N"),
)
OPTION = obj(
    "option",
    id=F(ID, True, "unique within the node"),
    text=F(TEXT, True, "the reply as the trainee would say it"),
    moves=F(MOVE_LIST, doc="CLEAR moves this reply performs (overrides the analyzer)"),
    breaches=F(BREACH_LIST, doc="Control failures it contains (overrides the analyzer)"),
    mood=F(DELTA, doc="mood change (overrides the mood model)"),
    feedback=F(TEXT, doc="coaching shown after the answer"),
    next=F(ID, True, "node or ending id"),
)
CONDITION = obj(
    "condition",
    has=F(MOVE_LIST, doc="the reply shows every one of these moves"),
    any=F(MOVE_LIST, doc="the reply shows at least one of these moves"),
    lacks=F(MOVE_LIST, doc="the reply shows none of these moves"),
    breach=F(BOOL, doc="the reply has (true) / has no (false) breach"),
    breaches=F(BREACH_LIST, doc="the reply has one of these breach kinds"),
    keywords=F(list_of(TEXT), doc="the reply contains one of these"),
    mood_below=F(MOOD, doc="mood after the reply is below N"),
    mood_at_least=F(MOOD, doc="mood after the reply is at least N"),
)
ROUTE = obj(
    "route",
    when=F(CONDITION, doc="all tests must hold; no 'when' = the default route"),
    next=F(ID, True, "node or ending id"),
    mood=F(DELTA, doc="mood change (overrides the mood model)"),
    feedback=F(TEXT, doc="coaching for replies that take this route"),
)
NODE = obj(
    "node",
    scene=F(TEXT, doc="narration shown before the customer's line"),
    customer=F(T("line", item=VARIANT), True, "the customer's line, or mood-dependent variants"),
    expects=F(MOVE_LIST, doc="what this moment calls for", default=[]),
    venting=F(BOOL, doc="the customer is still venting", default=False),
    key=F(BOOL, doc="a key moment (shows its model answer)", default=False),
    model_answer=F(TEXT, doc="what an excellent agent would say here"),
    options=F(list_of(OPTION), doc="choices offered in choice mode", default=[]),
    routes=F(list_of(ROUTE), doc="where a free-text reply leads", default=[]),
)
ENDING = obj(
    "ending",
    kind=F(enum(m.ENDING_KINDS), True, "how the call ended"),
    customer=F(TEXT, True, "the customer's last words"),
    debrief=F(TEXT, True, "what the trainee should learn from this ending"),
)
CUSTOMER = obj(
    "customer",
    name=F(TEXT, True, "how the customer is shown"),
    type=F(enum(m.CUSTOMER_TYPES), True, "customer type; the mood model reacts to it"),
    mentality=F(enum(m.MENTALITIES), doc="complaint mentality"),
    mood=F(MOOD, True, "starting mood: 0 furious, 100 satisfied"),
    facts=F(list_of(TEXT), True, "facts of the case"),
    wants=F(TEXT, doc="what the customer really wants (role card)"),
    triggers=F(list_of(TEXT), doc="what makes them angrier (role card)", default=[]),
    soothers=F(list_of(TEXT), doc="what calms them (role card)", default=[]),
)
SCENARIO = obj(
    "scenario",
    format=F(T("int", min=1, max=1), True, "format version: 1"),
    id=F(ID, True, "scenario id shared by the language variants"),
    lang=F(enum(m.LANGS), True, "language of every text in the file"),
    title=F(TEXT, True, "one line for the scenario list"),
    summary=F(TEXT, True, "shown before the call starts"),
    difficulty=F(enum(m.DIFFICULTIES), True, "beginner, intermediate or advanced"),
    tags=F(list_of(TEXT), doc="free labels", default=[]),
    customer=F(CUSTOMER, True, "the persona"),
    trainee=F(
        obj("trainee", role=F(TEXT, True, "who the trainee plays"), briefing=F(TEXT, True, "what the trainee knows")),
        True,
        "the trainee's role",
    ),
    start=F(ID, True, "the first node"),
    mood_limits=F(
        list_of(obj("mood limit", below=F(MOOD, True, "mood below which the call ends"),
                    ending=F(ID, True, "the ending reached"))),
        doc="endings reached when a reply pushes the mood below a limit",
        default=[],
    ),
    phrases=F(
        obj("phrases", **{move: F(list_of(TEXT), doc=f"phrases that count as {move}") for move in m.MOVES}),
        doc="scenario phrases per move for the analyzer",
        default={},
    ),
    nodes=F(T("map", item=NODE), True, "the decision points"),
    endings=F(T("map", item=ENDING), True, "how the call can end"),
)


_TYPE_NAMES = {"str": "a string", "text": "a string", "int": "a whole number", "bool": "true or false",
               "id": "an id", "list": "a list", "map": "a mapping", "obj": "a mapping", "line": "a string or a list"}


def check(value, t: T, where: tuple[int, int], path: str, out: list[Problem], label: str) -> bool:
    """Check ``value`` against ``t``; report problems to ``out``; fill defaults. True when valid."""

    def bad(code: str, message: str, at=where) -> bool:
        out.append(Problem(path, at[0], at[1], code, message))
        return False

    kind = t.kind
    if isinstance(value, bool) and kind in ("text", "id", "enum", "line"):
        return bad("E204", f"{label} must be {_TYPE_NAMES.get(kind, 'one of: ' + ', '.join(map(str, t.values)))}, "
                           f"not {str(value).lower()} (YAML reads yes/no/on/off/true/false as booleans: quote the value)")
    if kind == "text":
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return bad("E204", f"{label} must be {_TYPE_NAMES[kind]}, not {_describe(value)}")
        if isinstance(value, str) and not value.strip():
            return bad("E209", f"{label} is empty")
        return True
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return bad("E204", f"{label} must be {_TYPE_NAMES[kind]}, not {_describe(value)}")
        if (t.min is not None and value < t.min) or (t.max is not None and value > t.max):
            if label.endswith("format"):
                return bad("E207", f"format {value} is not supported; this clear-sim reads format 1")
            return bad("E206", f"{label} must be between {t.min} and {t.max}, not {value}")
        return True
    if kind == "bool":
        if not isinstance(value, bool):
            return bad("E204", f"{label} must be true or false, not {_describe(value)}")
        return True
    if kind == "id":
        if not isinstance(value, str):
            return bad("E204", f"{label} must be an id (a string), not {_describe(value)}")
        if not ID_RE.fullmatch(value):
            return bad("E208", f'{label} "{value}" is not a valid id; use lowercase letters, digits, "-" and "_"')
        return True
    if kind == "enum":
        if isinstance(value, (dict, list)) or value is None:
            return bad("E204", f"{label} must be one of: {', '.join(map(str, t.values))}; not {_describe(value)}")
        if value not in t.values:
            allowed = ", ".join(map(str, t.values))
            return bad("E205", f'{label} "{value}" is not one of: {allowed}{did_you_mean(value, t.values)}')
        return True
    if kind == "line":
        if isinstance(value, str):
            return check(value, TEXT, where, path, out, label)
        if isinstance(value, YList) and value:
            return check(value, list_of(t.item), where, path, out, label)
        what = "an empty list" if isinstance(value, list) else _describe(value)
        return bad("E204", f"{label} must be a string or a list of variants, not {what}")
    if kind == "list":
        if not isinstance(value, YList):
            return bad("E204", f"{label} must be a list, not {_describe(value)}")
        ok = True
        for i, item in enumerate(value):
            ok &= check(item, t.item, value.item_pos[i], path, out, f"{label}[{i + 1}]")
        return ok
    if kind == "map":
        if not isinstance(value, YMap):
            return bad("E204", f"{label} must be a mapping, not {_describe(value)}")
        ok = True
        for key, item in value.items():
            if not isinstance(key, str) or not ID_RE.fullmatch(key):
                ok = bad("E208", f'"{key}" in {label} is not a valid id; use lowercase letters, digits, "-" and "_"',
                         value.key_pos[key])
                continue
            ok &= check(item, t.item, value.val_pos[key], path, out, f'{t.item.name} "{key}"')
        return ok
    # obj
    if not isinstance(value, YMap):
        return bad("E204", f"{label} must be a mapping, not {_describe(value)}")
    ok = True
    for key in value:
        if key not in t.fields:
            ok = bad("E202", f'unknown key "{key}" in {t.name}{did_you_mean(key, t.fields)}', value.key_pos[key])
    for name, f in t.fields.items():
        if name in value:
            ok &= check(value[name], f.type, value.val_pos[name], path, out, name)
        elif f.required:
            ok = bad("E203", f'{t.name} is missing required key "{name}"', value.pos)
        elif f.default is not None:
            value[name] = YList(value.pos) if f.default == [] else (YMap(value.pos) if f.default == {} else f.default)
    return ok


def _describe(value) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"{value} (a number)"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of the format, for editors (yaml-language-server) and CI."""

    def conv(t: T, doc: str = "") -> dict:
        out: dict
        if t.kind == "text":
            out = {"type": "string", "minLength": 1}
        elif t.kind == "int":
            out = {"type": "integer"}
            if t.min is not None:
                out["minimum"] = t.min
            if t.max is not None:
                out["maximum"] = t.max
        elif t.kind == "bool":
            out = {"type": "boolean"}
        elif t.kind == "id":
            out = {"type": "string", "pattern": ID_RE.pattern}
        elif t.kind == "enum":
            out = {"enum": list(t.values)}
        elif t.kind == "list":
            out = {"type": "array", "items": conv(t.item)}
        elif t.kind == "map":
            out = {"type": "object", "propertyNames": {"pattern": ID_RE.pattern}, "additionalProperties": conv(t.item)}
        elif t.kind == "line":
            out = {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "minItems": 1, "items": conv(t.item)}]}
        else:
            out = {
                "type": "object",
                "properties": {k: conv(f.type, f.doc) for k, f in t.fields.items()},
                "required": [k for k, f in t.fields.items() if f.required],
                "additionalProperties": False,
            }
        if doc:
            out["description"] = doc
        return out

    schema = conv(SCENARIO)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://clear-sim.invalid/schema/v1.json",
        "title": "clear-sim scenario (format 1)",
        **schema,
    }
    return schema
