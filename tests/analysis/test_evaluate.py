"""The eval: loading labelled JSONL (and its one-line errors) and the exact figures on a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from clear_sim.analysis.evaluate import evaluate, load_items, split
from clear_sim.errors import UsageError

FIXTURE = str(Path(__file__).parent / "fixtures" / "six.jsonl")


def test_load_fixture_skips_blank_lines() -> None:
    items = load_items(FIXTURE)
    assert [i.id for i in items] == ["t-1", "t-2", "t-3", "t-4", "t-5", "t-6"]
    assert items[0].context == "my parcel never came" and items[1].context is None
    assert items[3].labels == {"listen": 0, "establish": 1, "apologize": 0, "resolve": 0, "breach": 0}


def test_figures_computed_by_hand() -> None:
    # Predictions: t-1 L A; t-2 R; t-3 breach; t-4 L E; t-5 R; t-6 nothing.
    result = evaluate(load_items(FIXTURE))
    s = result.labels
    assert result.n == 6
    # listen: tp t-1, fp t-4 -> P 1/2, R 1/1
    assert (s["listen"].precision, s["listen"].recall, s["listen"].support) == (0.5, 1.0, 1)
    assert s["listen"].f1 == pytest.approx(2 / 3)
    assert s["listen"].false_positives == (("t-4", "非常理解您的心情,请问您的订单号是多少呢?"),)
    # establish: tp t-4, fn t-6 -> P 1, R 1/2
    assert (s["establish"].precision, s["establish"].recall, s["establish"].support) == (1.0, 0.5, 2)
    assert [i for i, _ in s["establish"].false_negatives] == ["t-6"]
    # apologize: tp t-1, fn t-2 -> P 1, R 1/2
    assert (s["apologize"].precision, s["apologize"].recall) == (1.0, 0.5)
    # resolve: tp t-2, t-5 -> all 1
    assert (s["resolve"].precision, s["resolve"].recall, s["resolve"].f1, s["resolve"].support) == (1.0, 1.0, 1.0, 2)
    # breach: tp t-3, fn t-6 -> P 1, R 1/2
    assert (s["breach"].precision, s["breach"].recall, s["breach"].support) == (1.0, 0.5, 2)
    f1s = [2 / 3, 2 / 3, 2 / 3, 1.0, 2 / 3]
    assert result.macro_f1 == pytest.approx(sum(f1s) / 5)


def test_undefined_precision_and_recall_are_zero(write) -> None:
    path = write(
        "none.jsonl",
        '{"id": "a", "lang": "en", "reply": "Hello.", "listen": 0, "establish": 0, "apologize": 0, "resolve": 0, "breach": 0}\n',
    )
    result = evaluate(load_items(path))
    for score in result.labels.values():
        assert (score.precision, score.recall, score.f1, score.support) == (0.0, 0.0, 0.0, 0)
    assert result.macro_f1 == 0.0


def test_to_json_shape() -> None:
    data = evaluate(load_items(FIXTURE)).to_json()
    assert set(data) == {"n", "labels", "macro_f1"}
    assert list(data["labels"]) == ["listen", "establish", "apologize", "resolve", "breach"]
    for score in data["labels"].values():
        assert set(score) == {"precision", "recall", "f1", "support"}


GOOD = '{"id": "a", "reply": "x", "listen": 0, "establish": 0, "apologize": 0, "resolve": 0, "breach": 0}'


@pytest.mark.parametrize(
    "content,message",
    [
        (GOOD + "\n{not json\n", ":2: invalid JSON (Expecting property name enclosed in double quotes at column 2)"),
        ('{"id": "a", "reply": "x"}\n', ":1: missing field(s) listen, establish, apologize, resolve, breach"),
        ("[1, 2]\n", ":1: expected a JSON object, got list"),
        (GOOD.replace('"listen": 0', '"listen": 2') + "\n", ":1: field 'listen' must be 0 or 1, got 2"),
        (GOOD.replace('"reply": "x"', '"reply": 5') + "\n", ":1: field 'reply' must be a string"),
        ("\n\n", ": no items (expected one JSON object per line)"),
    ],
)
def test_load_errors_are_one_line(write, content: str, message: str) -> None:
    path = write("bad.jsonl", content)
    with pytest.raises(UsageError) as err:
        load_items(path)
    assert str(err.value) == path + message
    assert err.value.exit_code == 2


def test_unreadable_file(tmp_path) -> None:
    missing = str(tmp_path / "nope.jsonl")
    with pytest.raises(UsageError) as err:
        load_items(missing)
    assert str(err.value) == f"{missing}: cannot read file (No such file or directory)"
    with pytest.raises(UsageError, match="cannot read file"):
        load_items(str(tmp_path))  # a directory


def test_not_utf8(tmp_path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(UsageError, match="cannot read file"):
        load_items(str(path))


def test_split_is_fixed_and_disjoint() -> None:
    items = load_items(FIXTURE)
    dev, held = split(items, "dev"), split(items, "held")
    assert len(dev) == 4 and len(held) == 2
    assert {i.id for i in dev}.isdisjoint({i.id for i in held})
    assert [i.id for i in split(list(reversed(items)), "dev")] == [i.id for i in reversed(dev)]
