"""``analyze``: a pure function from one reply to the CLEAR moves and breaches it contains.

Steps: fold the text (full-width → ASCII, traditional → simplified; one character for one, so
offsets stay valid), cut sentences, find quoted spans, run every rule of each script present in the
reply (English rules where Latin letters appear, Chinese rules where Han characters appear), drop
findings cancelled by other findings, add scenario phrases, and summarise.
"""

from __future__ import annotations

import re

from clear_sim.analysis import lexicon, prefilter
from clear_sim.analysis.model import BREACH_KINDS, MOVES, Analysis, Context, Finding
from clear_sim.analysis.rules import Prepared, Rule, apply_rule, cross_filter, customer_allows
from clear_sim.analysis.text import (
    Sentences,
    blank_addressees,
    detect_lang,
    has_han,
    has_latin,
    quoted_spans,
)

#: Listen kinds that are questions put to the customer (counted in ``Analysis.questions``).
QUESTION_KINDS = frozenset({"open_question", "closed_question", "check_understanding"})


def analyze(text: str, lang: str = "auto", context: Context | None = None) -> Analysis:
    """Analyse one agent reply.

    ``lang`` is ``"auto"`` (detect), ``"en"`` or ``"zh"``; it names the reply's language in the
    result, while rules of both languages run wherever their script appears (mixed replies).
    Never raises on any string; an unknown ``lang`` is treated as ``"auto"``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    resolved = lang if lang in ("en", "zh") else detect_lang(text)
    # The zh fold includes the base fold (full-width → ASCII), harmless for English text.
    fold = lexicon.fold()
    folded = blank_addressees(text.translate(fold))
    packs = []
    if has_latin(folded):
        packs.append(lexicon.load("en"))
    if has_han(folded):
        packs.append(lexicon.load("zh"))
    if not packs and not (context and context.phrases):
        return Analysis(text, resolved, (), (), (), 0)

    sentences = Sentences(folded)
    prep = Prepared(text, folded, sentences, quoted_spans(text), folded.lower())

    customer = context.customer.translate(fold) if context is not None and context.customer else None
    found: list[tuple[Rule, Finding]] = []
    for pack in packs:
        index = pack.index
        opened = index.open_patterns(prep.lower, prep.grams(index.k)) if prefilter.ENABLED else None
        for r, rule in enumerate(pack.rules):
            if opened is None:
                which: tuple[int, ...] = tuple(range(len(rule.patterns)))
            else:
                which = opened.get(r, ())
                if not which:
                    continue
            if (rule.customer_has or rule.unless_customer) and not customer_allows(rule, customer):
                continue
            for finding in apply_rule(rule, prep, pack.negation, which):
                found.append((rule, finding))
    findings = cross_filter(found, sentences)
    if context is not None:
        findings.extend(_context_findings(prep, context))
    if context is not None and context.customer:
        findings.extend(_quoted_customer(prep, context.customer, fold))
    findings = _dedupe(findings)

    labels = {f.label for f in findings}
    kinds = {f.kind for f in findings if f.label == "breach"}
    question_sentences = {
        sentences.around(f.start) for f in findings if f.label == "listen" and f.kind in QUESTION_KINDS
    }
    return Analysis(
        text=text,
        lang=resolved,
        findings=tuple(findings),
        moves=tuple(m for m in MOVES if m in labels),
        breaches=tuple(k for k in BREACH_KINDS if k in kinds),
        questions=len(question_sentences),
    )


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Sort by position; drop a finding whose span lies inside another finding of the same label
    (the longer evidence explains more) — for breaches only of the same kind, since each breach
    kind is reported."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, f.label, f.kind, f.rule))
    # Sorted by start, longest first: a finding is nested in an earlier one of its group exactly
    # when the group's furthest end so far reaches its end (linear, for 100 KB replies too).
    reach: dict[tuple[str, str], int] = {}
    kept: list[Finding] = []
    for f in ordered:
        group = (f.label, f.kind if f.label == "breach" else "")
        if reach.get(group, -1) >= f.end:
            continue
        reach[group] = f.end
        kept.append(f)
    return kept


def _context_findings(prep: Prepared, context: Context) -> list[Finding]:
    """Scenario phrases: a case-insensitive literal match counts for its move."""
    out: list[Finding] = []
    fold = lexicon.fold()
    phrases = context.phrases or {}
    for move in MOVES:
        for phrase in phrases.get(move, ()) or ():
            if not isinstance(phrase, str) or not phrase.strip():
                continue
            needle = re.compile(re.escape(phrase.strip().translate(fold)), re.IGNORECASE)
            for m in needle.finditer(prep.folded):
                pos, end = m.span()
                if not any(s <= pos and end <= e for s, e in prep.quotes):
                    out.append(Finding(move, "context", prep.original[pos:end], pos, end, f"ctx.{move}"))
    return out


def _quoted_customer(prep: Prepared, customer: str, fold: dict[int, str]) -> list[Finding]:
    """Repeating the customer's own words in quotes is listening (paraphrase), not the agent's voice."""
    said = customer.translate(fold).casefold()
    out: list[Finding] = []
    for start, end in prep.quotes:
        inner = prep.folded[start + 1 : end - 1].strip().casefold()
        if len(inner) >= 2 and inner in said:
            out.append(Finding("listen", "paraphrase", prep.original[start:end], start, end, "ctx.listen.quote"))
    return out
