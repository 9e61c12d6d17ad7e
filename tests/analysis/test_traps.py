"""The traps of the issue, in both languages: negation, conditional and blaming apologies,
disowning, over-promising, quoted customer words, soothing that is not "calm down"."""

from __future__ import annotations

import pytest

from clear_sim.analysis import Context, analyze

# (reply, label that must be absent, breach kind that must be present or None)
TRAPS = [
    ("I'm not sorry.", "apologize", None),
    ("我们没什么好道歉的", "apologize", None),
    ("Sorry, but you should have checked the address.", "apologize", "blame"),
    ("抱歉,但这是您自己的问题", "apologize", "blame"),
    ("I'm sorry you feel that way.", "apologize", "sarcasm"),
    ("如果您这么觉得,那我很抱歉", "apologize", "sarcasm"),
    ("That's not our problem.", "resolve", "shift_responsibility"),
    ("我们不负责", "resolve", "shift_responsibility"),
    ("这不是我们的问题", "apologize", "shift_responsibility"),
    ("It's not our fault the parcel was late.", "apologize", "argue"),
    ("I promise this will never happen again.", "resolve", "over_promise"),
    ("我保证以后再也不会发生", "resolve", "over_promise"),
    ("Thanks for your patience.", "apologize", None),
    ("还请您谅解", "apologize", None),
    ("We'll look into it.", "resolve", None),
    ("我们一定加紧", "resolve", None),
    ("We can't refund this order.", "resolve", None),
    ("无法为您退款", "resolve", None),
    ("I don't understand why you're upset.", "establish", None),
    ("我不理解您的心情", "establish", None),
]


@pytest.mark.parametrize("text,absent,breach", TRAPS, ids=[t[0][:30] for t in TRAPS])
def test_trap(text: str, absent: str, breach: str | None) -> None:
    result = analyze(text)
    assert absent not in result.moves, result.to_json()
    if breach:
        assert breach in result.breaches, result.to_json()


SOOTHING = [
    "Please don't worry, I'll sort this out.",
    "请您先别着急,我来帮您处理",
    "您放心,别担心,小妹一定帮您处理好",
]


@pytest.mark.parametrize("text", SOOTHING)
def test_soothing_is_not_calm_down(text: str) -> None:
    assert analyze(text).breaches == ()


BARE_REFUSALS = ["No.", "no", "Nope!", "不能", "不行。", "确实没办法。", "不可以哦"]


@pytest.mark.parametrize("text", BARE_REFUSALS)
def test_bare_refusal_is_dismissive(text: str) -> None:
    assert analyze(text).breaches == ("dismissive",)


@pytest.mark.parametrize(
    "text",
    ["No problem, we'll send a new one today.", "不能修改地址,您可以拒收后重新下单", "No, but you can exchange it in store."],
)
def test_refusal_with_alternative_is_not_breach(text: str) -> None:
    assert analyze(text).breaches == ()


@pytest.mark.parametrize(
    "text,customer",
    [
        ('You said "you people are useless" - I hear you, and I\'m sorry.', "you people are useless!!"),
        ("You wrote 'shut up and fix it', and we will.", "shut up and fix it"),
        ("您说“你们这些人真没用”,我非常理解您的心情", "你们这些人真没用,滚"),
        ("您提到「爱买不买」这句话,非常抱歉", "你们客服说爱买不买"),
    ],
)
def test_quoted_customer_words_are_not_the_agents(text: str, customer: str) -> None:
    result = analyze(text, context=Context(customer=customer))
    assert result.breaches == (), result.to_json()
    assert "listen" in result.moves  # repeating their words is paraphrase
    assert any(f.rule == "ctx.listen.quote" for f in result.findings)


def test_quotes_without_context_still_mask_breaches() -> None:
    assert analyze('The "calm down" remark was wrong of our agent, sorry.').breaches == ()
    assert analyze("我们的客服说“冷静点”,这是不对的,很抱歉").breaches == ()
