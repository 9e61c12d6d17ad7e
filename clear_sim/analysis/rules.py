"""The rule unit: one pattern-based detector with an id, and the filters that guard it.

A rule is data (see ``lexicons/*.yaml``); this module only applies it. Each rule yields
:class:`~clear_sim.analysis.model.Finding` records, the same records any other scorer would yield.

Guards, in the order they are checked:

* ``in_quotes`` (default false): a match inside quotation marks is the customer's words, not the
  agent's, and is skipped;
* ``negatable``: a negation just before the match in the same sentence ("not sorry", "不负责")
  cancels it;
* ``exclude``: patterns for traps; a match overlapping an exclude match in the same sentence is
  dropped ("sorry you feel that way" cancels "sorry");
* ``unless_sentence``: patterns that, found anywhere in the sentence, cancel the match
  ("if you need anything else, DM us" is an offer, not a request);
* ``unless_with`` / ``unless_reply_has``: labels (``"breach"``) or ``label.kind`` of other findings
  that cancel this one when found in the same sentence / anywhere in the reply;
* ``customer_has`` / ``unless_customer``: patterns on the customer line being answered (when the
  caller gives one): the rule runs only when one of the first matches, and not when one of the
  second does. A bare "是的" is an answer to a question but a brush-off to a complaint.

A rule's examples may give the customer line as a prefix: ``"[customer: 够麻烦的] 是的"``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from clear_sim.analysis.model import Finding
from clear_sim.analysis.prefilter import Gate, grams
from clear_sim.analysis.text import Sentences


@dataclass(frozen=True)
class Rule:
    """One detector. ``scope`` is ``"token"`` (search the reply) or ``"sentence"`` (search each
    sentence, ``^``/``$`` anchor at its ends, at most one finding per sentence)."""

    id: str
    label: str
    kind: str
    patterns: tuple[re.Pattern[str], ...]
    scope: str = "token"
    when: re.Pattern[str] | None = None  # sentence scope: only sentences where this matches
    exclude: tuple[re.Pattern[str], ...] = ()
    unless_sentence: tuple[re.Pattern[str], ...] = ()
    negatable: bool = False
    in_quotes: bool = False
    unless_with: tuple[str, ...] = ()
    unless_reply_has: tuple[str, ...] = ()
    customer_has: tuple[re.Pattern[str], ...] = ()
    unless_customer: tuple[re.Pattern[str], ...] = ()
    doc: str = ""
    #: per pattern, a pre-check on required literals (None: always run); see prefilter.py
    gates: tuple[Gate | None, ...] = field(default=(), compare=False)
    #: the union of ``gates`` (None when a pattern has no gate): skips the whole rule at once
    gate: Gate | None = field(default=None, compare=False)
    counts: tuple[str, ...] = field(default=(), compare=False)
    not_counts: tuple[str, ...] = field(default=(), compare=False)


def customer_allows(rule: Rule, customer: str | None) -> bool:
    """Whether the customer line (folded; None when unknown) lets ``rule`` run."""
    if rule.customer_has and not (customer and any(p.search(customer) for p in rule.customer_has)):
        return False
    return not (rule.unless_customer and customer and any(p.search(customer) for p in rule.unless_customer))


_EXAMPLE_RE = re.compile(r"\A\[customer: ([^\]]*)\]\s*")


def split_example(example: str) -> tuple[str | None, str]:
    """``"[customer: X] reply"`` → ``("X", "reply")``; a plain example has no customer line."""
    m = _EXAMPLE_RE.match(example)
    return (m.group(1), example[m.end():]) if m else (None, example)


@dataclass
class Prepared:
    """One reply, ready for rules: the original, its folded form, sentences and quoted spans."""

    original: str
    folded: str
    sentences: Sentences
    quotes: list[tuple[int, int]]
    lower: str = ""  # folded.lower(), for the literal pre-checks only (its length may differ)
    _grams: dict[int, frozenset[str]] = field(default_factory=dict)

    def grams(self, k: int) -> frozenset[str]:
        """The k-grams of ``lower`` (built once per reply and k)."""
        got = self._grams.get(k)
        if got is None:
            got = self._grams[k] = grams(self.lower, k)
        return got


def _runnable(rule: Rule, prep: Prepared) -> tuple[int, ...]:
    """Indexes of the patterns whose required literals occur in the reply (the others cannot match)."""
    if not rule.gates:
        return tuple(range(len(rule.patterns)))
    if len(rule.gates) == 1:  # its gate is the rule's gate, already found open by apply_rule
        return (0,)
    low = prep.lower
    gram_sets = prep._grams
    return tuple(
        i
        for i, gate in enumerate(rule.gates)
        if gate is None or gate.open(low, gram_sets.get(gate.k) or prep.grams(gate.k))
    )


_MERGED: dict[tuple[str, tuple[int, ...]], re.Pattern[str]] = {}


def _merged(rule: Rule, which: tuple[int, ...]) -> re.Pattern[str]:
    """One alternation of the chosen patterns (one scan instead of several; cached per subset).
    Alternative ``i`` is group ``_pi``; its evidence group ``span`` becomes ``_si``."""
    key = (rule.id, which)
    got = _MERGED.get(key)
    if got is None:
        parts = [
            f"(?P<_p{i}>" + rule.patterns[i].pattern.replace("(?P<span>", f"(?P<_s{i}>") + ")"
            for i in which
        ]
        got = _MERGED[key] = re.compile("|".join(parts), rule.patterns[which[0]].flags)
    return got


def _span_of(m: re.Match[str], which: tuple[int, ...]) -> tuple[int, int]:
    groups = m.re.groupindex
    for i in which:
        if m.start(f"_p{i}") >= 0:
            name = f"_s{i}"
            if name in groups and m.start(name) >= 0:
                return m.span(name)
            return m.span(f"_p{i}")
    return m.span()  # pragma: no cover - one alternative always matched


def _spans(rule: Rule, prep: Prepared, which: tuple[int, ...] | None = None) -> Iterator[tuple[int, int]]:
    if which is None:
        which = _runnable(rule, prep)
    if not which:
        return
    text = prep.folded
    pattern = _merged(rule, which)
    if rule.scope == "sentence":
        for s_start, s_end in prep.sentences.spans:
            chunk = text[s_start:s_end]
            if rule.when is not None and not rule.when.search(chunk):
                continue
            m = pattern.search(chunk)
            if m:
                a, b = _span_of(m, which)
                if b > a:
                    yield s_start + a, s_start + b
        return
    for m in pattern.finditer(text):
        a, b = _span_of(m, which)
        if b > a:
            yield a, b


def apply_rule(
    rule: Rule, prep: Prepared, negation: re.Pattern[str] | None, which: tuple[int, ...] | None = None
) -> Iterator[Finding]:
    """Yield the findings of ``rule`` on ``prep`` that pass its own guards (not the cross-finding
    ones, which :func:`cross_filter` applies once all rules have run). ``which`` names the patterns
    that can match (from the pack's :class:`~clear_sim.analysis.prefilter.Index`); without it the
    rule's own gates decide."""
    if which is None:
        gate = rule.gate
        if gate is not None and not gate.open(prep.lower, prep.grams(gate.k)):
            return
    elif not which:
        return
    text = prep.folded
    excluded: dict[tuple[int, int], list[tuple[int, int]]] = {}  # per sentence, computed once
    cancelled: dict[tuple[int, int], bool] = {}
    for start, end in _spans(rule, prep, which):
        if not rule.in_quotes and prep.quotes and _inside(prep.quotes, start, end):
            continue
        sent = prep.sentences.around(start)
        s_start, s_end = sent
        if rule.negatable and negation is not None:
            if negation.search(text, max(s_start, start - 24), start):
                continue
        if rule.exclude:
            spans = excluded.get(sent)
            if spans is None:
                spans = excluded[sent] = _match_spans(rule.exclude, text, s_start, s_end)
            if any(a < end and start < b for a, b in spans):
                continue
        if rule.unless_sentence:
            hit = cancelled.get(sent)
            if hit is None:
                sentence = text[s_start:s_end]
                hit = cancelled[sent] = any(p.search(sentence) for p in rule.unless_sentence)
            if hit:
                continue
        yield Finding(rule.label, rule.kind, prep.original[start:end], start, end, rule.id)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _match_spans(
    patterns: tuple[re.Pattern[str], ...], text: str, s_start: int, s_end: int
) -> list[tuple[int, int]]:
    chunk = text[s_start:s_end]
    return [(m.start() + s_start, m.end() + s_start) for p in patterns for m in p.finditer(chunk)]


def _selectors(finding: Finding) -> tuple[str, str]:
    return (finding.label, f"{finding.label}.{finding.kind}")


def cross_filter(found: list[tuple[Rule, Finding]], sentences: Sentences) -> list[Finding]:
    """Drop findings cancelled by other findings, in two stages: first ``unless_reply_has``
    (findings anywhere in the reply), then ``unless_with`` (findings in the same sentence), where
    only findings that survived the first stage cancel: a breach that the reply itself answers
    ("it's the courier's problem, sorry, I'll chase the depot") does not cancel the apology beside
    it. Within a stage, cancelling findings are judged before any cancelling, so the result does
    not depend on rule order. Linear: findings are counted per selector once per stage."""
    if not any(rule.unless_with or rule.unless_reply_has for rule, _ in found):
        return [f for _, f in found]

    def others(counts: Counter[str], f: Finding, wanted: tuple[str, ...]) -> bool:
        own = _selectors(f)
        return any(counts[sel] - (sel in own) > 0 for sel in wanted)

    in_reply: Counter[str] = Counter()
    for _, f in found:
        in_reply.update(_selectors(f))
    survivors = [
        (rule, f) for rule, f in found
        if not (rule.unless_reply_has and others(in_reply, f, rule.unless_reply_has))
    ]
    in_sentence: dict[tuple[int, int], Counter[str]] = {}
    where = []
    for _, f in survivors:
        sent = sentences.around(f.start)
        where.append(sent)
        in_sentence.setdefault(sent, Counter()).update(_selectors(f))
    return [
        f for (rule, f), sent in zip(survivors, where)
        if not (rule.unless_with and others(in_sentence[sent], f, rule.unless_with))
    ]
