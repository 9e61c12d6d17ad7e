"""Read a YAML file safely into plain values that remember where they came from.

PyYAML's own loaders keep the last of two duplicate keys silently, expand alias bombs, and its C
composer recurses (a deeply nested file crashes the interpreter). So we build the document ourselves
from the C parser's event stream, without recursion, and report every problem as a ``Problem``.
"""

from __future__ import annotations

import re

import yaml

from .diagnostics import Problem

MAX_BYTES = 2 * 1024 * 1024  # a scenario of several hundred nodes is ~100 KB
MAX_DEPTH = 64
MAX_NODES = 1_000_000  # values, counting each alias as what it expands to

try:  # the C parser is several times faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class YMap(dict):
    """A mapping with the 1-based (line, col) of itself, of each key and of each value."""

    __slots__ = ("pos", "key_pos", "val_pos")

    def __init__(self, pos: tuple[int, int]) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict = {}
        self.val_pos: dict = {}


class YList(list):
    """A sequence with the 1-based (line, col) of itself and of each item."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: tuple[int, int]) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list = []


class YamlError(Exception):
    """The file could not be read as one YAML mapping; ``problem`` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def read_text(path: str) -> str:
    """The file's text, or YamlError for unreadable, empty, huge, binary or non-UTF-8 files."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise YamlError(Problem(path, 1, 1, "E101", "is a directory, not a scenario file")) from None
    except OSError as err:
        raise YamlError(Problem(path, 1, 1, "E101", f"cannot read file: {err.strerror}")) from None
    return decode(data, path)


def decode(data: bytes, path: str) -> str:
    if len(data) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise YamlError(Problem(path, 1, 1, "E105", f"file is larger than {limit} MiB; a scenario should be far smaller"))
    if not data.strip():
        raise YamlError(Problem(path, 1, 1, "E102", "file is empty; a scenario starts with 'format: 1'"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(Problem(path, 1, 1, "E104", "file is UTF-16 text; save it as UTF-8"))
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _locate(data, nul)
        raise YamlError(Problem(path, line, col, "E103", "file is binary (NUL byte), not a YAML text file"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, col = _locate(data, err.start)
        raise YamlError(Problem(path, line, col, "E104", f"invalid UTF-8 byte 0x{data[err.start]:02x}; save the file as UTF-8")) from None
    return text[1:] if text.startswith("\ufeff") else text  # a UTF-8 BOM is harmless: drop it


def _locate(data: bytes, offset: int) -> tuple[int, int]:
    head = data[:offset]
    line = head.count(b"\n") + 1
    last = head.rsplit(b"\n", 1)[-1]
    if line == 1 and last.startswith(b"\xef\xbb\xbf"):  # a BOM is not a column
        last = last[3:]
    col = len(last.decode("utf-8", "replace")) + 1
    return line, col


def parse(text: str, path: str) -> tuple[object, list[Problem]]:
    """Build the document; return it with the non-fatal problems (duplicate keys). Fatal ones raise."""
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        return _build(loader, path, problems), problems
    except yaml.MarkedYAMLError as err:
        raise YamlError(_syntax_problem(err, text, path)) from None
    except yaml.YAMLError as err:
        raise YamlError(Problem(path, 1, 1, "E110", f"YAML syntax error: {err}")) from None
    finally:
        loader.dispose()


_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")
_FULLWIDTH_KEY = re.compile(r"^\s*(?:- )?[A-Za-z_][\w-]*\s*(：)")
_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


def _syntax_problem(err, text: str, path: str) -> Problem:
    """Report a syntax error where the author can fix it, not where the parser gave up."""
    mark = err.problem_mark or err.context_mark
    if err.context_mark is not None and (err.context or "").startswith(_UNCLOSED):
        mark = err.context_mark  # an unclosed quote or bracket: point at where it opened
    lines = text.splitlines()
    for n in range(max(0, (mark.line if mark else 0) - 1), min(len(lines), (mark.line if mark else 0) + 1)):
        found = _FULLWIDTH_KEY.match(lines[n])
        if found:
            return Problem(path, n + 1, found.start(1) + 1, "E110",
                           "YAML syntax error: full-width colon \"：\" after a key; use an ASCII colon and a space \": \"")
    line, col = _pos(mark) if mark else (1, 1)
    if mark is not None and mark.line >= len(lines):  # past the end: point at the last line instead
        line, col = max(1, len(lines)), 1
    what = err.problem or "invalid YAML"
    if err.context:
        what = f"{err.context}: {what}"
    return Problem(path, line, col, "E110", f"YAML syntax error: {what}")


def _scalar(loader, event, fail):
    tag = event.tag
    implicit = tag is None or tag == "!"
    if implicit:
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:merge":
        fail(event.start_mark, "E115", "merge keys (<<) are not supported; repeat the keys instead")
    if tag not in _TAGS:
        fail(event.start_mark, "E115", f'the tag "{tag}" is not allowed in a scenario')
    if tag == "tag:yaml.org,2002:timestamp" and implicit:
        return event.value  # a scenario has no dates: "2024-02-30" as a title is just text
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node)
    except Exception:  # PyYAML's constructors raise ValueError, KeyError, AttributeError … for bad values
        short = tag.rsplit(":", 1)[-1]
        fail(event.start_mark, "E110", f'YAML syntax error: "{event.value}" cannot be read as !!{short}')


def _build(loader, path: str, problems: list[Problem]):
    """An explicit-stack composer: containers on the stack, values attached as they complete."""
    ev = yaml.events
    anchors: dict[str, tuple[object, int]] = {}
    open_anchors: set[str] = set()
    # stack entries: [container, size, anchor, pending_key, pending_key_pos]
    stack: list[list] = []
    root = None
    total = 0
    documents = 0

    def fail(mark, code: str, message: str):
        line, col = _pos(mark)
        raise YamlError(Problem(path, line, col, code, message))

    def count(n: int, mark) -> None:
        nonlocal total
        total += n
        if total > MAX_NODES:
            fail(mark, "E113", f"the document expands to more than {MAX_NODES:,} values through aliases (an alias bomb?)")

    def attach(value, size: int, mark) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        top = stack[-1]
        top[1] += size
        container = top[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_pos.append(_pos(mark))
        elif top[3] is _NO_KEY:
            if isinstance(value, (dict, list)):
                fail(mark, "E115", "mapping keys must be plain scalars, not lists or mappings")
            top[3], top[4] = value, _pos(mark)
        else:
            key, key_pos = top[3], top[4]
            top[3] = _NO_KEY
            try:
                seen = key in container
            except TypeError:
                fail(mark, "E115", "mapping keys must be plain scalars")
            if seen:
                first = container.key_pos[key][0]
                problems.append(Problem(path, key_pos[0], key_pos[1], "E111",
                                        f'duplicate key "{key}" (first defined on line {first}); remove one'))
                return
            container[key] = value
            container.key_pos[key] = key_pos
            container.val_pos[key] = _pos(mark)

    while True:
        event = loader.get_event()
        if isinstance(event, ev.StreamEndEvent) or event is None:
            break
        if isinstance(event, ev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                fail(event.start_mark, "E114", "more than one YAML document ('---'); put one scenario per file")
            continue
        if isinstance(event, (ev.StreamStartEvent, ev.DocumentEndEvent)):
            continue
        anchor = getattr(event, "anchor", None)
        if isinstance(event, ev.AliasEvent):
            if event.anchor in open_anchors:
                fail(event.start_mark, "E115", f'alias "*{event.anchor}" refers to its own container (recursive)')
            if event.anchor not in anchors:
                fail(event.start_mark, "E110", f'YAML syntax error: found undefined alias "*{event.anchor}"')
            value, size = anchors[event.anchor]
            count(size, event.start_mark)
            attach(value, size, event.start_mark)
        elif isinstance(event, ev.ScalarEvent):
            count(1, event.start_mark)
            value = _scalar(loader, event, fail)
            if anchor:
                anchors[anchor] = (value, 1)
            attach(value, 1, event.start_mark)
        elif isinstance(event, (ev.SequenceStartEvent, ev.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                fail(event.start_mark, "E112", f"nesting is deeper than {MAX_DEPTH} levels")
            if event.tag not in (None, "!") and event.tag not in _TAGS:
                fail(event.start_mark, "E115", f'the tag "{event.tag}" is not allowed in a scenario')
            count(1, event.start_mark)
            pos = _pos(event.start_mark)
            container = YList(pos) if isinstance(event, ev.SequenceStartEvent) else YMap(pos)
            if anchor:
                open_anchors.add(anchor)
            stack.append([container, 1, anchor, _NO_KEY, None, event.start_mark])
        elif isinstance(event, (ev.SequenceEndEvent, ev.MappingEndEvent)):
            container, size, anchor, _key, _kp, start_mark = stack.pop()
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = (container, size)
            attach(container, size, start_mark)
    return root


_NO_KEY = object()


def load(path: str) -> object:
    """Read and parse one file; YamlError on the first fatal problem (duplicate keys are not fatal)."""
    value, _ = parse(read_text(path), path)
    return value
