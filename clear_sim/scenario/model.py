"""The typed scenario: what the loader returns once a file is valid. Defaults are already applied."""

from __future__ import annotations

from dataclasses import dataclass, field

MOVES = ("listen", "establish", "apologize", "resolve")
STEPS = ("control",) + MOVES  # the five CLEAR steps, in order
BREACH_KINDS = (
    "hostility", "sarcasm", "blame", "argue", "calm_down", "dismissive",
    "shift_responsibility", "transfer", "over_promise", "trigger",
)
CUSTOMER_TYPES = ("arguer", "pressing", "novice", "venting", "special")
MENTALITIES = ("improve", "hurt", "gain", "trouble")
DIFFICULTIES = ("beginner", "intermediate", "advanced")
ENDING_KINDS = ("resolved", "escalated", "hung_up", "unresolved")
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Variant:
    """One wording of a customer line, used while the mood condition holds."""

    text: str
    mood_below: int | None = None
    mood_at_least: int | None = None

    def holds(self, mood: int) -> bool:
        if self.mood_below is not None and not mood < self.mood_below:
            return False
        return self.mood_at_least is None or mood >= self.mood_at_least


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    next: str
    moves: tuple[str, ...] | None = None  # None: let the analyzer decide
    breaches: tuple[str, ...] | None = None
    mood: int | None = None  # None: let the mood model decide
    feedback: str | None = None


@dataclass(frozen=True)
class Condition:
    has: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    breach: bool | None = None
    breaches: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    mood_below: int | None = None
    mood_at_least: int | None = None


@dataclass(frozen=True)
class Route:
    next: str
    when: Condition | None = None  # None: the default route
    mood: int | None = None
    feedback: str | None = None


@dataclass(frozen=True)
class Node:
    id: str
    customer: tuple[Variant, ...]
    scene: str | None = None
    expects: tuple[str, ...] = ()
    venting: bool = False
    key: bool = False
    model_answer: str | None = None
    options: tuple[Option, ...] = ()
    routes: tuple[Route, ...] = ()

    def line(self, mood: int) -> str:
        """The customer's line at this mood: the first variant whose condition holds."""
        for variant in self.customer:
            if variant.holds(mood):
                return variant.text
        return self.customer[-1].text

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Ending:
    id: str
    kind: str
    customer: str
    debrief: str


@dataclass(frozen=True)
class Customer:
    name: str
    type: str
    mood: int
    facts: tuple[str, ...]
    mentality: str | None = None
    wants: str | None = None
    triggers: tuple[str, ...] = ()
    soothers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trainee:
    role: str
    briefing: str


@dataclass(frozen=True)
class MoodLimit:
    below: int
    ending: str


@dataclass(frozen=True)
class Scenario:
    format: int
    id: str
    lang: str
    title: str
    summary: str
    difficulty: str
    customer: Customer
    trainee: Trainee
    start: str
    nodes: dict[str, Node]
    endings: dict[str, Ending]
    tags: tuple[str, ...] = ()
    mood_limits: tuple[MoodLimit, ...] = ()
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    path: str | None = field(default=None, compare=False)
    digest: str = field(default="", compare=False)  # sha256 of the file: which version a session played
    # (kind, *ids) -> (line, col) in the file, for diagnostics after loading (lint, graph)
    where: dict[tuple, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
