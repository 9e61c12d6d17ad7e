"""The reply analyzer: which CLEAR moves a reply performs and which breaches of Control it contains.

``analyze(text, lang="auto", context=None)`` is a pure, deterministic function; its rules live in
``lexicons/en.yaml`` and ``lexicons/zh.yaml``. See docs/scoring.md.
"""

from clear_sim.analysis.analyzer import analyze
from clear_sim.analysis.model import BREACH_KINDS, MOVES, Analysis, Context, Finding
from clear_sim.analysis.text import detect_lang

__all__ = ["analyze", "detect_lang", "Analysis", "Finding", "Context", "MOVES", "BREACH_KINDS"]
