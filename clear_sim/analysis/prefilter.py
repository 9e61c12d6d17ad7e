"""Cheap literal pre-checks for regular expressions, so most rules are skipped without running them.

CPython's regex engine costs a few microseconds per pattern per reply even when nothing matches;
with ~150 patterns that is far too slow. For each pattern we compute, from its parse tree, a set of
literal strings at least one of which every match must contain (a necessary condition). A pattern
whose set shares no member with the lower-cased reply cannot match and is not run. When nothing can
be proved (optional parts only, character classes) the pattern always runs, so results never
change — ``tests/analysis/test_prefilter.py`` checks that on the dev data and every rule example.
"""

from __future__ import annotations

from typing import Any, Optional

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

Need = Optional[frozenset]  # None: no literal is required


def required_literals(source: str, flags: int = 0) -> Need:
    """A set of lower-case strings, one of which any match of ``source`` contains; or None."""
    try:
        tree = _p.parse(source, flags)
    except Exception:  # noqa: BLE001 - any parser surprise just disables the pre-check
        return None
    try:
        need = _seq(list(tree))
    except Exception:  # noqa: BLE001
        return None
    if need is not None and any(not s for s in need):
        return None
    return need


# Words so frequent that a set containing one of them filters almost nothing.
_COMMON = frozenset(
    "a an and are as at be but by can do for have i in is it me my no not of on or our so that the "
    "this to us we will with you your 的 了 是 您 你 我 在 有 不 吗 呢 吧 哦".split()
)


def _score(need: frozenset) -> tuple[int, int, int]:
    # Prefer sets free of very common words, then sets whose shortest member is long (up to 4),
    # then smaller sets.
    common = any(s.strip() in _COMMON for s in need)
    return (0 if common else 1, min(4, min(len(s) for s in need)), -len(need))


def _best(cands: list[frozenset]) -> Need:
    cands = [c for c in cands if c]
    return max(cands, key=_score) if cands else None


def _seq(items: list[tuple[Any, Any]]) -> Need:
    cands: list[frozenset] = []
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av).lower())
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1 and _single_literal(av[2]):
            # "r+" inside "sorr+y": "sor" and "ry" are both required.
            ch = chr(list(av[2])[0][1]).lower()
            run.append(ch)
            cands.append(frozenset(["".join(run)]))
            run = [ch]
            continue
        if run:
            cands.append(frozenset(["".join(run)]))
            run = []
        need = _item(op, av)
        if need is not None:
            cands.append(need)
    if run:
        cands.append(frozenset(["".join(run)]))
    return _best(cands)


def _single_literal(sub: Any) -> bool:
    items = list(sub)
    return len(items) == 1 and items[0][0] is _c.LITERAL


def _item(op: Any, av: Any) -> Need:
    if op is _c.SUBPATTERN:
        return _seq(list(av[-1]))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            need = _seq(list(branch))
            if need is None:
                return None
            union |= need
        return frozenset(union)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        low, _high, sub = av
        return _seq(list(sub)) if low >= 1 else None
    if op is _c.ASSERT:
        direction, sub = av
        return _seq(list(sub))
    if op is _c.IN:
        chars = [chr(v).lower() for o, v in av if o is _c.LITERAL]
        if chars and len(chars) == len(av):
            return frozenset(chars)
        return None
    return None


class Gate:
    """The pre-check of one pattern: is any of its required literals in the reply?

    Checking literals one by one with ``in`` costs ~0.1 µs each, too slow for hundreds of them.
    Instead each literal is keyed by its first ``k`` characters, and the reply's set of ``k``-grams
    (built once per reply) is intersected with the keys in C. Literals shorter than ``k`` are
    checked with ``in``. The gate is a necessary condition only: when it opens, the regex decides.
    """

    __slots__ = ("k", "keys", "by_key", "shorts")

    def __init__(self, need: frozenset, k: int) -> None:
        self.k = k
        by_key: dict[str, list[str]] = {}
        for lit in need:
            if len(lit) >= k:
                by_key.setdefault(lit[:k], []).append(lit)
        self.by_key = {key: tuple(lits) for key, lits in by_key.items()}
        self.keys = frozenset(self.by_key)
        self.shorts = tuple(sorted(lit for lit in need if len(lit) < k))

    @classmethod
    def union(cls, gates: "list[Gate | None]") -> "Gate | None":
        """One gate that opens when any of ``gates`` would (None if any pattern is ungated)."""
        if not gates or any(g is None for g in gates):
            return None
        literals = frozenset().union(*(frozenset(g.literals()) for g in gates))  # type: ignore[union-attr]
        return cls(literals, gates[0].k)  # type: ignore[union-attr]

    def literals(self) -> list[str]:
        return [lit for lits in self.by_key.values() for lit in lits] + list(self.shorts)

    def open(self, low: str, grams: frozenset) -> bool:
        keys = self.keys & grams  # one set operation (iterates over the smaller set)
        if keys:
            by_key = self.by_key
            for key in keys:
                for lit in by_key[key]:
                    if lit in low:
                        return True
        for lit in self.shorts:
            if lit in low:
                return True
        return False


#: Switch for tests: with ``False`` the analyzer runs every pattern (results must not change).
ENABLED = True


class Index:
    """The gates of all patterns of one rule file, inverted: for each literal key, the literals
    and the (rule, pattern) they open. One pass over the reply's k-grams then finds every pattern
    that can match (each literal tested once per reply), instead of one gate check per pattern."""

    __slots__ = ("k", "by_key", "keys", "shorts", "always")

    def __init__(self, gates_per_rule: "list[tuple[Gate | None, ...]]", k: int) -> None:
        self.k = k
        by_key: dict[str, list[tuple[str, int, int]]] = {}
        shorts: list[tuple[str, int, int]] = []
        always: dict[int, list[int]] = {}
        for r, gates in enumerate(gates_per_rule):
            for p, gate in enumerate(gates):
                if gate is None:
                    always.setdefault(r, []).append(p)
                    continue
                for key, lits in gate.by_key.items():
                    for lit in lits:
                        by_key.setdefault(key, []).append((lit, r, p))
                shorts.extend((lit, r, p) for lit in gate.shorts)
        self.by_key = {key: tuple(v) for key, v in by_key.items()}
        self.keys = frozenset(self.by_key)
        self.shorts = tuple(shorts)
        self.always = {r: tuple(ps) for r, ps in always.items()}

    def open_patterns(self, low: str, grams: frozenset) -> dict[int, tuple[int, ...]]:
        """``{rule index: sorted indexes of its patterns that can match}`` for one reply
        (rules with no such pattern are absent). Same answer as each pattern's :meth:`Gate.open`."""
        opened: dict[int, set[int]] = {r: set(ps) for r, ps in self.always.items()}
        seen: dict[str, bool] = {}
        by_key = self.by_key
        for key in self.keys & grams:
            for lit, r, p in by_key[key]:
                hit = seen.get(lit)
                if hit is None:
                    hit = seen[lit] = lit in low
                if hit:
                    opened.setdefault(r, set()).add(p)
        for lit, r, p in self.shorts:
            hit = seen.get(lit)
            if hit is None:
                hit = seen[lit] = lit in low
            if hit:
                opened.setdefault(r, set()).add(p)
        return {r: tuple(sorted(ps)) for r, ps in opened.items()}


def grams(low: str, k: int) -> frozenset:
    """All substrings of length ``k`` of ``low``."""
    return frozenset([low[i : i + k] for i in range(len(low) - k + 1)])
