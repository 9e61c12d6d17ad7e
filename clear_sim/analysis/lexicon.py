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
    negation: re.Pattern[str] | None
    fold: dict[int, str]
    index: Index  # the literal pre-checks of every pattern, inverted (see prefilter.py)


class LexiconError(ValueError):
    """A rule file is malformed (a bug in shipped data, caught by the tests)."""


def read_source(lang: str) -> dict[str, Any]:
    """The parsed YAML of one language's rule file."""
    ref = resources.files("clear_sim.analysis").joinpath("lexicons", f"{lang}.yaml")
    data = yaml.load(ref.read_text(encoding="utf-8"), Loader=_Loader)
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
    data = read_source(lang)
    words = {name: _alternation(items) for name, items in (data.get("lexicon") or {}).items()}
    compile_ = functools.partial(_compile, words=words, where=f"lexicons/{lang}.yaml")
    gram = int(data.get("gram", 3))
    rules = []
    seen: set[str] = set()
    for raw in data.get("rules") or ():
        rule = _rule(raw, compile_, gram)
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


def _compile(pattern: str, *, words: dict[str, str], where: str) -> re.Pattern[str]:
    def expand(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            raise LexiconError(f"{where}: unknown lexicon list {{{name}}} in {pattern!r}")
        return words[name]

    source = _PLACEHOLDER_RE.sub(expand, str(pattern))
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as err:
        raise LexiconError(f"{where}: bad pattern {pattern!r}: {err}") from None


def _gate(pattern: re.Pattern[str], k: int) -> Gate | None:
    need = required_literals(pattern.pattern, pattern.flags)
    return Gate(need, k) if need else None


def _rule(raw: Any, compile_: Any, gram: int) -> Rule:
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
