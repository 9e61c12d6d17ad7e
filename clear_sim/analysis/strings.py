"""UI strings of the analyzer commands (`clear-sim score`, `clear-sim eval`), per language.

Data only: the commands pick the table that matches the reply's (or the data's) language.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "reply": "Reply",
        "legend": "Legend",
        "moves": "Moves",
        "breaches": "Breaches",
        "evidence": "Evidence",
        "none": "none",
        "no_findings": "No CLEAR move or breach found.",
        "questions": "Questions asked",
        "listen": "listen",
        "establish": "establish",
        "apologize": "apologize",
        "resolve": "resolve",
        "breach": "breach",
        "eval_title": "Reply analyzer on {path} ({n} replies)",
        "label": "label",
        "precision": "precision",
        "recall": "recall",
        "f1": "F1",
        "support": "support",
        "macro_f1": "macro-F1",
        "false_positives": "False positives (found, not labelled)",
        "false_negatives": "False negatives (labelled, not found)",
        "none_to_review": "Nothing to review: no false positives or negatives.",
    },
    "zh": {
        "reply": "回复",
        "legend": "图例",
        "moves": "步骤",
        "breaches": "失控",
        "evidence": "依据",
        "none": "无",
        "no_findings": "未发现 CLEAR 步骤或失控表现。",
        "questions": "提问数",
        "listen": "聆听",
        "establish": "共情",
        "apologize": "致歉",
        "resolve": "解决",
        "breach": "失控",
        "eval_title": "回复分析器评测:{path}(共 {n} 条)",
        "label": "标签",
        "precision": "精确率",
        "recall": "召回率",
        "f1": "F1",
        "support": "样本数",
        "macro_f1": "宏平均 F1",
        "false_positives": "误报(检出但未标注)",
        "false_negatives": "漏报(已标注但未检出)",
        "none_to_review": "没有需要复查的误报或漏报。",
    },
}

#: One colour per label (rich style names), shared by the score and eval commands.
LABEL_STYLES: dict[str, str] = {
    "listen": "bold cyan",
    "establish": "bold magenta",
    "apologize": "bold yellow",
    "resolve": "bold green",
    "breach": "bold white on red",
}


def strings(lang: str) -> dict[str, str]:
    """The UI strings for ``lang`` (English for anything but ``"zh"``)."""
    return STRINGS["zh" if lang == "zh" else "en"]
