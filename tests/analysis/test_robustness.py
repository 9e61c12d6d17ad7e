"""analyze() never raises, keeps offsets into the original text, and is deterministic."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from clear_sim.analysis import Analysis, Context, analyze, detect_lang
from clear_sim.analysis.evaluate import load_items

from .cases import EN, ZH

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"  # ../shared/data beside the repo

ODD = [
    "",
    "   ",
    "\n\t\n",
    "😀🙏🔥",
    "\x00\x01\x1b[31mred\x1b[0m\x7f",
    "？？？！！！",
    "ＳＯＲＲＹ　ｆｏｒ　ｔｈｅ　ｄｅｌａｙ！",
    "[数字x][订单x][链接x]",
    "a" * 5000,
    "抱歉" * 3000,
    "\ud800",  # lone surrogate
    "İstanbul ǅ ß ﬁ",  # characters whose lower() changes length
    "https://t.co/abc?x=1&amp;y=2;z",
    "?" * 100 + "." * 100,
    "'" * 50 + '"' * 50 + "「" * 20,
]


@pytest.mark.parametrize("text", ODD, ids=range(len(ODD)))
@pytest.mark.parametrize("lang", ["auto", "en", "zh", "xx"])
def test_never_raises_and_offsets_hold(text: str, lang: str) -> None:
    result = analyze(text, lang)
    assert isinstance(result, Analysis)
    assert result.lang in ("en", "zh")
    for f in result.findings:
        assert text[f.start : f.end] == f.text
    assert "breach" not in result.moves


def test_random_unicode_never_raises() -> None:
    rng = random.Random(7)
    alphabet = "abc sorry 抱歉您的订单号?？!！。，,.'\"“”「」\n\x00\x1b😀繁體對不起ＡＢ"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        result = analyze(text)
        assert all(text[f.start : f.end] == f.text for f in result.findings)


def test_100_kb_reply() -> None:
    text = ("Sorry for the delay, what is your order number? 非常抱歉,请问您的订单号是多少呢? " * 1400)[:100_000]
    result = analyze(text)
    assert {"listen", "apologize"} <= set(result.moves)
    assert all(text[f.start : f.end] == f.text for f in result.findings)


def test_deterministic() -> None:
    texts = [c[0] for c in EN + ZH]
    first = [analyze(t).to_json() for t in texts]
    assert [analyze(t).to_json() for t in texts] == first


def test_findings_sorted_and_summaries_ordered() -> None:
    result = analyze("Calm down. Sorry. What happened? We'll send a replacement tomorrow. I understand how upsetting this is.")
    starts = [f.start for f in result.findings]
    assert starts == sorted(starts)
    assert result.moves == ("listen", "establish", "apologize", "resolve")
    assert result.breaches == ("calm_down",)


def test_non_string_input_is_tolerated() -> None:
    assert analyze(None).findings == ()  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Sorry for the delay", "en"),
        ("非常抱歉", "zh"),
        ("亲，您的order已经发货了", "zh"),
        ("Sorry about the 快递 delay, we will fix it today", "en"),
        ("", "en"),
        ("😀", "en"),
        ("對不起", "zh"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang
    assert analyze(text).lang == lang


def test_explicit_lang_is_reported() -> None:
    assert analyze("Sorry", "zh").lang == "zh"
    assert analyze("抱歉", "en").lang == "en"


def test_traditional_chinese_keeps_original_offsets() -> None:
    text = "非常抱歉給您帶來不便，請問您的訂單號是多少呢？"
    result = analyze(text)
    assert result.moves == ("listen", "apologize")
    spans = {f.text for f in result.findings}
    assert "給您帶來不便" in spans
    assert any("訂單號" in s for s in spans)


def test_full_width_punctuation_questions() -> None:
    assert analyze("请问您是哪天下单的？").questions == 1
    assert analyze("Ｗｈａｔ ｉｓ ｙｏｕｒ ｏｒｄｅｒ ｎｕｍｂｅｒ？").moves == ("listen",)


def test_question_count() -> None:
    assert analyze("Which model is it? When did it start? Have you updated iOS?").questions == 3
    assert analyze("请问您的订单号是多少呢?您是什么时候收到的?").questions == 2
    assert analyze("Sorry about that.").questions == 0


def test_context_phrases_count_for_their_move() -> None:
    ctx = Context(phrases={"listen": ["two weeks", "won't switch on"], "resolve": ["replacement phone"]})
    result = analyze("Two weeks late and it won't switch on. A replacement phone it is.", context=ctx)
    assert result.moves == ("listen", "resolve")
    ctx_rules = {f.rule for f in result.findings}
    assert {"ctx.listen", "ctx.resolve"} <= ctx_rules
    zh = Context(phrases={"listen": ["半个月", "开不了机"]})
    assert "listen" in analyze("手机半个月才到,还开不了机,是吗", context=zh).moves


def test_context_with_odd_phrases_never_raises() -> None:
    ctx = Context(phrases={"listen": ["", "  ", "(", "[a-"], "bogus": ["x"]}, customer="")  # type: ignore[dict-item]
    analyze("([a- x", context=ctx)


def test_dev_files_analyse_cleanly() -> None:
    files = [DATA / f"dev.{lang}.jsonl" for lang in ("en", "zh")]
    if not all(f.exists() for f in files):
        pytest.skip("shared dev data not beside the repository")
    for path in files:
        for item in load_items(str(path)):
            result = analyze(item.reply, item.lang)
            assert all(item.reply[f.start : f.end] == f.text for f in result.findings)


def test_leading_handles_do_not_hide_the_first_sentence() -> None:
    # Social-media replies open with the addressees; the question after them is still a question,
    # and evidence offsets still point into the original text.
    text = "@115716 @VirginTrains What information is incorrect? ^JK"
    result = analyze(text, "en")
    assert result.moves == ("listen",)
    span = next(f for f in result.findings if f.label == "listen")
    assert text[span.start : span.end] == span.text == "What information is incorrect?"


def test_abbreviation_does_not_end_the_sentence() -> None:
    assert analyze("Hi Ashley. Which U.S. based card is this concerning?", "en").moves == ("listen",)


@pytest.mark.parametrize(
    "customer, breach",
    [
        ("够麻烦的 还得等这么长时间", ("dismissive",)),  # a complaint: a bare yes brushes it off
        ("这个已经发货了吗?", ()),  # a plain question: yes is the answer
        (None, ()),  # unknown: the analyzer does not guess
    ],
)
def test_curt_reply_is_judged_against_the_customer_line(customer, breach) -> None:
    context = Context(customer=customer) if customer else None
    assert analyze("是的", "zh", context).breaches == breach


def test_bare_refusal_to_a_plain_question_is_an_answer() -> None:
    assert analyze("不可以的哦", "zh").breaches == ("dismissive",)
    assert analyze("不可以的哦", "zh", Context(customer="当天不能安装?")).breaches == ()
    assert analyze("不可以的哦", "zh", Context(customer="啊! 不能更换吗")).breaches == ("dismissive",)
