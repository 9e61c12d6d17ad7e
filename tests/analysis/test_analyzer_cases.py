"""Table-driven analyzer tests, both languages (see cases.py for the case format)."""

from __future__ import annotations

import pytest

from clear_sim.analysis import MOVES, analyze

from .cases import EN, ZH

_CODE = dict(zip("LEAR", MOVES))


def _check(text: str, moves: str, breaches: tuple[str, ...] | None, lang: str) -> None:
    result = analyze(text, lang)
    expected = tuple(_CODE[c] for c in moves)
    assert result.moves == expected, result.to_json()
    if breaches is not None:
        if breaches:
            assert set(breaches) <= set(result.breaches), result.to_json()
        else:
            assert result.breaches == (), result.to_json()
    for f in result.findings:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize("text,moves,breaches", EN, ids=[c[0][:40] for c in EN])
def test_en_cases(text: str, moves: str, breaches: tuple[str, ...] | None) -> None:
    _check(text, moves, breaches, "auto")


@pytest.mark.parametrize("text,moves,breaches", ZH, ids=[c[0][:20] for c in ZH])
def test_zh_cases(text: str, moves: str, breaches: tuple[str, ...] | None) -> None:
    _check(text, moves, breaches, "auto")
