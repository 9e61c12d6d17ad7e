"""Role cards: built from the scenario's persona and briefing, in its language; Markdown and
print-ready HTML (A4, one card per page); scenario text is escaped."""

import pytest

from clear_sim.pair import cards as c
from clear_sim.scenario.catalog import find


@pytest.mark.parametrize("scenario_id", ["broken-phone", "fly-in-yogurt"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bundled_scenarios_have_complete_cards(scenario_id, lang):
    scenario = find(scenario_id, lang)
    customer, agent, observer = c.cards(scenario)
    assert customer.name == scenario.customer.name and customer.note
    texts = c.card_texts(customer)
    for secret in c.secret_texts(scenario):  # every fact, want, trigger and soother is on the card
        assert secret in texts
    assert scenario.nodes[scenario.start].line(scenario.customer.mood) in texts  # the opening line
    agent_texts = c.card_texts(agent)
    assert scenario.trainee.briefing in agent_texts and agent.name == scenario.trainee.role
    assert not set(c.secret_texts(scenario)) & set(agent_texts)  # nothing secret on the agent's card
    assert len(c.card_texts(observer)) >= 5
    html = c.to_html(scenario)
    assert html.count('<section class="card ') == 3
    assert "@page{size:A4" in html and "break-after:page" in html
    md = c.to_markdown(scenario)
    assert md.count("page-break-after: always") == 2


def test_the_persona_reads_in_the_scenario_language():
    zh = c.customer_card(find("broken-phone", "zh"))
    assert [s.heading for s in zh.sections][:3] == ["你是谁", "事情经过", "你真正想要的"]
    assert "孙先生 · 发泄情绪型 · 觉得受了委屈，想要一个说法" == zh.sections[0].text
    how = next(s for s in zh.sections if s.heading == "怎么演").items
    assert how[0].startswith("你很生气，首先需要把火发出来") and " " not in how[0]  # no folded-line spaces
    en = c.customer_card(find("broken-phone", "en"))
    assert "You start angry (mood 25 of 100)." in next(s for s in en.sections if s.heading == "How to play it").items


def test_scenario_text_is_escaped(write):
    from pathlib import Path

    shop = (Path(__file__).parent / "shop.yaml").read_text()
    path = write("evil.yaml", shop.replace("name: Ms Chen", 'name: "<script>x</script> *Ms* Chen\\e[31m"'))
    from clear_sim.scenario.loader import load_scenario

    scenario = load_scenario(path)
    html = c.to_html(scenario)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html and "\x1b" not in html
    md = c.to_markdown(scenario)
    assert r"\<script\>" in md and r"\*Ms\* Chen" in md and "\x1b" not in md


def test_the_format_follows_the_file_name():
    assert c.format_for("cards.md") == "md" and c.format_for("x.HTML") == "html" and c.format_for("cards") == "html"
    assert c.format_for("cards.md", "html") == "html"
    from clear_sim.errors import UsageError

    with pytest.raises(UsageError, match='--format must be html or md, not "pdf"'):
        c.format_for("x", "pdf")


def test_pair_cards_command_writes_the_file(tmp_path, capsys):
    from clear_sim.commands.pair import run

    out = tmp_path / "cards.md"
    assert run("fly-in-yogurt", lang="zh", cards=str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 顾客角色卡: 李女士") and "# 客服角色卡" in text and "# 观察员记录表" in text
    assert capsys.readouterr().err == f"clear-sim: wrote {out}\n"
