r"""Loading the per-language rule files (``lexicons/en.yaml``, ``lexicons/zh.yaml``) into compiled rules.

File shape (all keys but ``rules`` optional)::

    lang: en
    negation: 'regex that matches a negation ending just before a match'
    gram: 3                       # k of the k-gram literal pre-check (see prefilter.py)
    fold: 對对 們们 ...            # one-to-one character folds (pairs) applied before matching
    lexicon:                      # named word lists; {name} in a pattern expands to (?:w1|w2|...)
      feeling: [frustrat\\w*, upset, ...]
    rules:
      - id: en.apologize.sorry    # <lang>.<label>.<name>
        label: apologize          # a move or "breach"
        kind: generic
        doc: one line on what it detects
        scope: token              # or sentence
        when: '\?'                # sentence scope: skip sentences this does not match (speed)
        patterns: [...]
        exclude: [...]            # optional guards, see clear_sim.analysis.rules
        unless_sentence: [...]
        negatable: true
        in_quotes: false
        unless_with: [breach]
        unless_reply_has: [resolve]
        customer_has: ['{complaint}'] # only when the customer line being answered matches
        unless_customer: [...]        # not when it matches
        counts: [examples that must fire this rule]
        not_counts: [examples that must not]

Files are read once per process (cached) with the C YAML loader when available, through
``importlib.resources`` so an installed wheel finds them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from clear_sim.analysis.model import BREACH_KINDS, LABELS
from clear_sim.analysis.prefilter import Gate, Index, required_literals
from clear_sim.analysis.rules import Rule
from clear_sim.analysis.text import fold_table

LANGS: tuple[str, ...] = ("en", "zh")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class LanguagePack:
    lang: str
    rules: tuple[Rule, ...]
    negation: "LazyPattern | None"
    fold: dict[int, str]
    index: Index  # the literal pre-checks of every pattern, inverted (see prefilter.py)


class LexiconError(ValueError):
    """A rule file is malformed (a bug in shipped data, caught by the tests)."""


def _source_text(lang: str) -> str:
    return resources.files("clear_sim.analysis").joinpath("lexicons", f"{lang}.yaml").read_text(encoding="utf-8")


def read_source(lang: str, text: str | None = None) -> dict[str, Any]:
    """The parsed YAML of one language's rule file (``text``: its contents, if already read)."""
    data = yaml.load(_source_text(lang) if text is None else text, Loader=_Loader)
    if not isinstance(data, dict):
        raise LexiconError(f"lexicons/{lang}.yaml: top level must be a mapping")
    return data


@functools.lru_cache(maxsize=None)
def fold() -> dict[int, str]:
    """The character fold applied to every reply before matching (full-width → ASCII and the zh
    file's traditional → simplified pairs), without compiling any rule: an English reply needs
    the fold but not the Chinese rules."""
    return fold_table(_fold_pairs(read_source("zh").get("fold")))


@functools.lru_cache(maxsize=None)
def load(lang: str) -> LanguagePack:
    """The compiled rules of ``lang`` (cached: compiled once per process)."""
    text = _source_text(lang)
    data = read_source(lang, text)
    words = {name: _alternation(items) for name, items in (data.get("lexicon") or {}).items()}
    compile_ = functools.partial(_compile, words=words, where=f"lexicons/{lang}.yaml")
    gram = int(data.get("gram", 3))
    cached = _cached_gates(lang, _digest(text))
    rules = []
    seen: set[str] = set()
    for raw in data.get("rules") or ():
        rule = _rule(raw, compile_, gram, cached)
        if rule.id in seen:
            raise LexiconError(f"lexicons/{lang}.yaml: duplicate rule id {rule.id}")
        seen.add(rule.id)
        rules.append(rule)
    negation = compile_(data["negation"]) if data.get("negation") else None
    index = Index([r.gates for r in rules], gram)
    return LanguagePack(lang, tuple(rules), negation, fold_table(_fold_pairs(data.get("fold"))), index)


def _fold_pairs(raw: Any) -> dict[str, str]:
    """``"對对 們们"`` (or a mapping) → ``{"對": "对", "們": "们"}``."""
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in raw.items()}
    pairs = {}
    for token in str(raw or "").split():
        if len(token) != 2:
            raise LexiconError(f"fold: {token!r} is not a pair of two characters")
        pairs[token[0]] = token[1]
    return pairs


def _alternation(items: Any) -> str:
    if isinstance(items, str):
        items = items.split()
    # Longest first so "frustrating" is preferred over "frustrat" by the regex engine.
    return "(?:" + "|".join(sorted((str(i) for i in items), key=len, reverse=True)) + ")"


class LazyPattern:
    """A rule's regular expression, compiled on first use.

    Compiling every English pattern costs about 100 ms, most of it for patterns a given reply never
    needs (the pre-check skips them, and matching runs a merged alternation built from ``pattern``).
    The first ``search``/``finditer`` compiles it and stores the compiled methods in the slots, so
    later calls cost nothing extra. ``check`` compiles them all, so a bad pattern still fails the tests."""

    __slots__ = ("pattern", "flags", "where", "search", "finditer")

    def __init__(self, pattern: str, flags: int, where: str) -> None:
        self.pattern, self.flags, self.where = pattern, flags, where

    def __getattr__(self, name: str) -> Any:  # only reached while search/finditer are unset
        if name not in ("search", "finditer"):
            raise AttributeError(name)
        self.compiled()
        return getattr(self, name)

    def compiled(self) -> re.Pattern[str]:
        try:
            compiled = re.compile(self.pattern, self.flags)
        except re.error as err:
            raise LexiconError(f"{self.where}: bad pattern {self.pattern!r}: {err}") from None
        self.search, self.finditer = compiled.search, compiled.finditer
        return compiled


def check(lang: str) -> int:
    """Compile every pattern of ``lang`` now (raises LexiconError on a bad one); returns how many."""
    pack = load(lang)
    pats = [pack.negation] if pack.negation is not None else []
    for rule in pack.rules:
        pats += [*rule.patterns, *rule.exclude, *rule.unless_sentence, *rule.customer_has, *rule.unless_customer]
        if rule.when is not None:
            pats.append(rule.when)
    for p in pats:
        p.compiled()
    return len(pats)


def _compile(pattern: str, *, words: dict[str, str], where: str) -> LazyPattern:
    def expand(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            raise LexiconError(f"{where}: unknown lexicon list {{{name}}} in {pattern!r}")
        return words[name]

    return LazyPattern(_PLACEHOLDER_RE.sub(expand, str(pattern)), re.IGNORECASE, where)


def _gate(pattern: LazyPattern, k: int) -> Gate | None:
    need = required_literals(pattern.pattern, pattern.flags)
    return Gate(need, k) if need else None


# The literal pre-checks are derived from the patterns' parse trees, which costs about as much as
# compiling them; they are computed once and shipped beside the rule file (lexicons/<lang>.gates.json),
# keyed by a hash of the file, and recomputed whenever the file has changed since.
def _gates_path(lang: str) -> Any:
    return resources.files("clear_sim.analysis").joinpath("lexicons", f"{lang}.gates.json")


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cached_gates(lang: str, digest: str) -> dict[str, list] | None:
    """The shipped pre-checks of ``lang`` if they were made from the rule file with ``digest``."""
    import json

    try:
        data = json.loads(_gates_path(lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("source") != digest:
        return None
    return data.get("rules")


def gates_json(lang: str) -> str:
    """The pre-check cache for ``lang`` as written to lexicons/<lang>.gates.json."""
    import json

    text = _source_text(lang)
    data = read_source(lang, text)
    words = {name: _alternation(items) for name, items in (data.get("lexicon") or {}).items()}
    compile_ = functools.partial(_compile, words=words, where=f"lexicons/{lang}.yaml")
    rules = {}
    for raw in data.get("rules") or ():
        needs = [required_literals(p.pattern, p.flags) for p in map(compile_, raw.get("patterns") or ())]
        rules[str(raw["id"])] = [sorted(n) if n else None for n in needs]
    lines = [f"{json.dumps(rid, ensure_ascii=False)}: {json.dumps(needs, ensure_ascii=False)}" for rid, needs in rules.items()]
    return '{"source": "%s", "rules": {\n%s\n}}\n' % (_digest(text), ",\n".join(lines))


def write_gates() -> None:
    """Rewrite lexicons/<lang>.gates.json for every language (in a source checkout)."""
    from pathlib import Path

    folder = Path(__file__).with_name("lexicons")
    for lang in LANGS:
        folder.joinpath(f"{lang}.gates.json").write_text(gates_json(lang), encoding="utf-8")


def _rule(raw: Any, compile_: Any, gram: int, cached: dict[str, list] | None = None) -> Rule:
    if not isinstance(raw, dict) or "id" not in raw:
        raise LexiconError(f"rule without an id: {raw!r}")
    rid = str(raw["id"])
    label = raw.get("label")
    kind = str(raw.get("kind", ""))
    if label not in LABELS:
        raise LexiconError(f"rule {rid}: unknown label {label!r}")
    if label == "breach" and kind not in BREACH_KINDS:
        raise LexiconError(f"rule {rid}: unknown breach kind {kind!r}")
    if raw.get("scope", "token") not in ("token", "sentence"):
        raise LexiconError(f"rule {rid}: scope must be token or sentence")
    pats = tuple(compile_(p) for p in raw.get("patterns") or ())
    if not pats:
        raise LexiconError(f"rule {rid}: no patterns")
    needs = (cached or {}).get(rid)
    if needs is not None and len(needs) == len(pats):
        gates = tuple(Gate(frozenset(n), gram) if n else None for n in needs)
    else:
        gates = tuple(_gate(p, gram) for p in pats)
    return Rule(
        id=rid,
        label=label,
        kind=kind,
        patterns=pats,
        scope=raw.get("scope", "token"),
        when=compile_(raw["when"]) if raw.get("when") else None,
        exclude=tuple(compile_(p) for p in raw.get("exclude") or ()),
        unless_sentence=tuple(compile_(p) for p in raw.get("unless_sentence") or ()),
        negatable=bool(raw.get("negatable", False)),
        in_quotes=bool(raw.get("in_quotes", False)),
        unless_with=tuple(raw.get("unless_with") or ()),
        unless_reply_has=tuple(raw.get("unless_reply_has") or ()),
        customer_has=tuple(compile_(p) for p in raw.get("customer_has") or ()),
        unless_customer=tuple(compile_(p) for p in raw.get("unless_customer") or ()),
        doc=str(raw.get("doc", "")),
        counts=tuple(str(x) for x in raw.get("counts") or ()),
        not_counts=tuple(str(x) for x in raw.get("not_counts") or ()),
        gates=gates,
        gate=Gate.union(list(gates)),
    )
