"""A tiny stand-in analyzer so engine and scoring tests do not depend on the lexicons."""

from __future__ import annotations

from dataclasses import dataclass, field

WORDS = {
    "listen": ("?", "order number"),
    "establish": ("understand", "stressful"),
    "apologize": ("sorry",),
    "resolve": ("reship", "refund", "i'll"),
}
BREACHES = {"calm_down": ("calm down",), "shift_responsibility": ("contact the courier",)}


@dataclass(frozen=True)
class F:
    label: str
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class A:
    moves: tuple
    breaches: tuple
    findings: tuple = field(default=())
    questions: int = 0


def fake_analyze(text: str, lang: str = "auto", customer: str | None = None) -> A:
    low = text.lower()
    findings = []
    for label, words in list(WORDS.items()) + [("breach", w) for w in BREACHES.items()]:
        pairs = [(label, label, ws) for ws in [words]] if label != "breach" else [("breach", words[0], words[1])]
        for lab, kind, ws in pairs:
            for w in ws:
                i = low.find(w)
                if i >= 0:
                    findings.append(F(lab, kind, text[i:i + len(w)], i, i + len(w)))
                    break
    moves = tuple(m for m in WORDS if any(f.label == m for f in findings))
    breaches = tuple(k for k in BREACHES if any(f.kind == k for f in findings))
    return A(moves, breaches, tuple(sorted(findings, key=lambda f: f.start)), low.count("?"))
