"""Evaluating the analyzer against labelled replies (JSON Lines, see the shared data README).

Per label (listen, establish, apologize, resolve, breach) we count true/false positives and false
negatives; a reply is predicted ``breach`` when any breach is found. Precision, recall and F1 are
defined as 0.0 when their denominator is 0 (no predictions, no positives, or P + R = 0); macro-F1
is the unweighted mean of the five F1 scores.

``python -m clear_sim.analysis.evaluate FILE [--part all|dev|held] [--json]`` reproduces the figures
in docs/scoring.md (``--part`` selects the fixed, seeded 70/30 development split).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Callable, Iterable

from clear_sim.analysis.analyzer import analyze
from clear_sim.analysis.model import Analysis, Context
from clear_sim.errors import UsageError

#: The labels scored, in report order.
LABELS: tuple[str, ...] = ("listen", "establish", "apologize", "resolve", "breach")
_REQUIRED = ("id", "reply") + LABELS

#: Seed and share of the fixed development split (the rest is the author's own held-out check).
SPLIT_SEED = 20240611
SPLIT_DEV_SHARE = 0.7


@dataclass(frozen=True)
class Item:
    """One labelled reply."""

    id: str
    lang: str
    reply: str
    context: str | None
    labels: dict[str, int] = field(compare=False)
    note: str = ""


@dataclass(frozen=True)
class LabelScore:
    precision: float
    recall: float
    f1: float
    support: int  # number of items labelled positive
    false_positives: tuple[tuple[str, str], ...] = ()  # (item id, reply)
    false_negatives: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class EvalResult:
    n: int
    labels: dict[str, LabelScore]
    macro_f1: float

    def to_json(self) -> dict:
        """``{"n", "labels": {label: {"precision","recall","f1","support"}}, "macro_f1"}``."""
        return {
            "n": self.n,
            "labels": {
                name: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "support": s.support,
                }
                for name, s in self.labels.items()
            },
            "macro_f1": self.macro_f1,
        }


def load_items(path: str) -> list[Item]:
    """Read labelled replies from a JSONL file; raise :class:`UsageError` (one line, with
    ``path:line:``) for an unreadable file, bad JSON, missing fields or bad label values."""
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise UsageError(f"{path}: cannot read file ({reason})") from None
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        items.append(_item(path, number, line))
    if not items:
        raise UsageError(f"{path}: no items (expected one JSON object per line)")
    return items


def _item(path: str, number: int, line: str) -> Item:
    where = f"{path}:{number}"
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as err:
        raise UsageError(f"{where}: invalid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(raw, dict):
        raise UsageError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise UsageError(f"{where}: missing field(s) {', '.join(missing)}")
    if not isinstance(raw["reply"], str):
        raise UsageError(f"{where}: field 'reply' must be a string")
    labels = {}
    for name in LABELS:
        value = raw[name]
        if value not in (0, 1) or isinstance(value, float):
            raise UsageError(f"{where}: field '{name}' must be 0 or 1, got {value!r}")
        labels[name] = int(value)
    context = raw.get("context")
    return Item(
        id=str(raw["id"]),
        lang=str(raw.get("lang") or "auto"),
        reply=raw["reply"],
        context=context if isinstance(context, str) else None,
        labels=labels,
        note=str(raw.get("note") or ""),
    )


def predict(item: Item, analyzer: Callable[..., Analysis] = analyze) -> dict[str, int]:
    """The analyzer's 0/1 labels for one item."""
    lang = item.lang if item.lang in ("en", "zh") else "auto"
    result = analyzer(item.reply, lang, Context(customer=item.context))
    return {
        **{move: int(move in result.moves) for move in LABELS[:-1]},
        "breach": int(bool(result.breaches)),
    }


def evaluate(items: Iterable[Item], analyzer: Callable[..., Analysis] = analyze) -> EvalResult:
    """Score the analyzer on ``items`` (see the module docstring for the definitions)."""
    items = list(items)
    predictions = [predict(item, analyzer) for item in items]
    scores = {}
    for name in LABELS:
        fps, fns = [], []
        tp = 0
        for item, pred in zip(items, predictions):
            gold, got = item.labels[name], pred[name]
            if gold and got:
                tp += 1
            elif got:
                fps.append((item.id, item.reply))
            elif gold:
                fns.append((item.id, item.reply))
        precision = _ratio(tp, tp + len(fps))
        recall = _ratio(tp, tp + len(fns))
        f1 = _ratio(2 * precision * recall, precision + recall)
        scores[name] = LabelScore(precision, recall, f1, tp + len(fns), tuple(fps), tuple(fns))
    macro = sum(s.f1 for s in scores.values()) / len(scores)
    return EvalResult(len(items), scores, macro)


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def split(items: list[Item], part: str) -> list[Item]:
    """The fixed seeded development split: ``"dev"`` (70%, tuned on), ``"held"`` (30%, kept aside)
    or ``"all"``. Items are ordered by id before shuffling, so the split does not depend on file order."""
    if part == "all":
        return list(items)
    ordered = sorted(items, key=lambda it: it.id)
    random.Random(SPLIT_SEED).shuffle(ordered)
    cut = round(len(ordered) * SPLIT_DEV_SHARE)
    chosen = ordered[:cut] if part == "dev" else ordered[cut:]
    ids = {it.id for it in chosen}
    return [it for it in items if it.id in ids]


def main(argv: list[str] | None = None) -> int:
    """Tiny stand-alone runner: ``python -m clear_sim.analysis.evaluate FILE [--part P] [--json]``."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m clear_sim.analysis.evaluate")
    parser.add_argument("path")
    parser.add_argument("--part", choices=("all", "dev", "held"), default="all")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        items = split(load_items(args.path), args.part)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    result = evaluate(items)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    print(f"n={result.n} macro_f1={result.macro_f1:.3f}")
    for name, s in result.labels.items():
        print(f"  {name:<10} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} support={s.support}")
        for tag, rows in (("FP", s.false_positives), ("FN", s.false_negatives)):
            for rid, reply in rows:
                print(f"      {tag} {rid}: {reply[:110]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
