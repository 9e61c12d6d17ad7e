"""The headless session: a pull-based state machine over a scenario. No I/O, no clock, no printing.

A caller starts the session, reads the events it returns, and answers with an option id or free
text; every answer appends one ``Turn`` to the log. The state round-trips through JSON, which is what
resume, export and golden tests rely on. Any UI — the terminal, ``--answers``, pair mode, tests —
drives the same calls.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

from . import mood as mood_model
from .errors import UsageError
from .scenario import model as m

MODES = ("coach", "exam")
INPUTS = ("choice", "free", "mixed")


# ---- events -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SceneShown:
    node: str
    text: str


@dataclass(frozen=True)
class CustomerSpoke:
    node: str
    text: str
    mood: int


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


@dataclass(frozen=True)
class AwaitingReply:
    """The trainee's turn: these options are offered (empty in free mode); free text is allowed or not."""

    node: str
    options: tuple[Choice, ...]
    free_text: bool


@dataclass(frozen=True)
class ReplyAssessed:
    turn: int
    moves: tuple[str, ...]
    breaches: tuple[str, ...]
    flags: tuple[str, ...]
    feedback: str | None


@dataclass(frozen=True)
class MoodChanged:
    before: int
    after: int


@dataclass(frozen=True)
class CallEnded:
    ending: str
    kind: str
    text: str


Event = SceneShown | CustomerSpoke | AwaitingReply | ReplyAssessed | MoodChanged | CallEnded


# ---- state --------------------------------------------------------------------------------------


@dataclass
class Turn:
    """One answered moment of the call: everything scoring, the store and reports need."""

    index: int
    node: str
    customer: str
    reply: str
    option: str | None
    moves: list[str]
    breaches: list[str]
    flags: list[str]
    evidence: list[dict]  # {label, kind, text, start, end}
    mood_before: int
    mood_after: int
    next: str
    feedback: str | None = None
    route: int | None = None  # which free-text route was taken (0-based)
    questions: int = 0
    ratings: dict = field(default_factory=dict)  # pair practice: role -> {"by", "rating" 1-5, "steps"}

    @property
    def mood(self) -> int:
        return self.mood_after


@dataclass
class State:
    scenario: str
    lang: str
    mode: str = "coach"
    input: str = "choice"
    node: str | None = None
    mood: int = 50
    status: str = "new"  # new → active → finished
    ending: str | None = None
    turns: list[Turn] = field(default_factory=list)
    start_node: str | None = None
    digest: str = ""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "State":
        data = dict(data)
        data["turns"] = [Turn(**t) for t in data.get("turns", [])]
        return cls(**data)


class WrongState(RuntimeError):
    """A call that the session's state does not allow (a programming error, not a user error)."""


class BadAnswer(UsageError):
    """An answer that is not one of the options (exit 2)."""


# (reply, lang, the customer line it answers or None) -> analysis with moves, breaches, findings
Analyzer = Callable[[str, str, "str | None"], object]


def default_analyzer(scenario: m.Scenario) -> Analyzer:
    """The reply analyzer with this scenario's own phrases and the customer's line as context
    (some breaches depend on what was said: a bare "yes" to a complaint is a brush-off)."""
    from .analysis import Context, analyze

    phrases = scenario.phrases
    return lambda text, lang, customer=None: analyze(text, lang, Context(phrases=phrases, customer=customer))


class Session:
    """One play of one scenario."""

    def __init__(self, scenario: m.Scenario, *, mode: str = "coach", input: str = "choice",
                 analyzer: Analyzer | None = None, state: State | None = None,
                 start_node: str | None = None, mood: int | None = None) -> None:
        if mode not in MODES:
            raise UsageError(f'mode must be one of {", ".join(MODES)}, not "{mode}"')
        if input not in INPUTS:
            raise UsageError(f'input mode must be one of {", ".join(INPUTS)}, not "{input}"')
        if start_node is not None and start_node not in scenario.nodes:
            from .scenario.diagnostics import did_you_mean

            raise UsageError(f'no node "{start_node}" in {scenario.id}{did_you_mean(start_node, scenario.nodes)}')
        if mood is not None and not 0 <= mood <= 100:
            raise UsageError(f"mood must be between 0 and 100, not {mood}")
        self.scenario = scenario
        self._analyzer = analyzer
        self.state = state or State(
            scenario=scenario.id, lang=scenario.lang, mode=mode, input=input,
            mood=scenario.customer.mood if mood is None else mood,
            start_node=start_node, digest=scenario.digest,
        )

    # -- reading ----------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def node(self) -> m.Node:
        self._expect("active")
        return self.scenario.nodes[self.state.node]

    @property
    def ending(self) -> m.Ending | None:
        return self.scenario.endings.get(self.state.ending) if self.state.ending else None

    def prompt_events(self) -> list[Event]:
        """The events that show the current moment (used at start and when resuming)."""
        self._expect("active")
        node = self.node
        events: list[Event] = []
        if node.scene:
            events.append(SceneShown(node.id, node.scene))
        events.append(CustomerSpoke(node.id, node.line(self.state.mood), self.state.mood))
        choices = tuple(Choice(o.id, o.text) for o in node.options) if self.state.input != "free" else ()
        free = self.state.input in ("free", "mixed") or not node.options
        events.append(AwaitingReply(node.id, choices, free))
        return events

    # -- driving ----------------------------------------------------------------------------------

    def start(self) -> list[Event]:
        self._expect("new")
        self.state.node = self.state.start_node or self.scenario.start
        self.state.status = "active"
        return self.prompt_events()

    def choose(self, option_id: str) -> list[Event]:
        """Answer with one of the current node's options."""
        node = self.node
        option = node.option(option_id)
        if option is None or self.state.input == "free":
            raise BadAnswer(f'"{option_id}" is not an option here; options: {", ".join(o.id for o in node.options)}')
        moves, breaches, evidence, questions = self._assess(option.text, option.moves, option.breaches,
                                                            node.line(self.state.mood))
        return self._advance(option.text, option.id, moves, breaches, evidence, questions,
                             option.mood, option.next, option.feedback, None)

    def reply(self, text: str, customer_line: str | None = None) -> list[Event]:
        """Answer with free text; the analyzer reads it and the node's routes decide where it leads.

        ``customer_line`` records what a human customer player actually said (pair practice)."""
        node = self.node
        if self.state.input == "choice" and node.options:
            raise WrongState("free text is not accepted in choice mode")
        if not node.routes:
            raise BadAnswer(f'node "{node.id}" has no free-text routes; choose an option')
        moves, breaches, evidence, questions = self._assess(text, None, None,
                                                            customer_line or node.line(self.state.mood))
        flags = self._flags(node, moves)
        after = mood_model.clamp(self.state.mood + mood_model.reaction(self.scenario.customer.type, moves, breaches, flags))
        for i, route in enumerate(node.routes):
            if route.when is None or _holds(route.when, text, moves, breaches, after):
                return self._advance(text, None, moves, breaches, evidence, questions,
                                     route.mood, route.next, route.feedback, i, customer_line)
        raise WrongState("no route matched and the node has no default route")  # loader prevents this

    def answer(self, line: str) -> list[Event]:
        """One line of an answers file: an option number or id picks an option; in free or mixed
        mode anything else is a typed reply."""
        node = self.node
        if self.state.input == "free" or not node.options:
            return self.reply(line)
        if self.state.input == "mixed":
            token = line.strip()
            if token.isdigit() and 1 <= int(token) <= len(node.options) or node.option(token):
                return self.choose(self.resolve_answer(token))
            return self.reply(line)
        return self.choose(self.resolve_answer(line))

    def resolve_answer(self, token: str) -> str:
        """An option id from an --answers token: a 1-based number or an option id."""
        node = self.node
        token = token.strip()
        if token.isdigit():
            n = int(token)
            if 1 <= n <= len(node.options):
                return node.options[n - 1].id
            raise BadAnswer(f"answer {n} is out of range at node \"{node.id}\": choose 1 to {len(node.options)}")
        if node.option(token) is None:
            from .scenario.diagnostics import did_you_mean

            ids = ", ".join(o.id for o in node.options)
            raise BadAnswer(f'"{token}" is not an option at node "{node.id}"{did_you_mean(token, [o.id for o in node.options])}; options: {ids}')
        return token

    # -- inside -----------------------------------------------------------------------------------

    def _expect(self, status: str) -> None:
        if self.state.status != status:
            raise WrongState(f"session is {self.state.status}; this call needs it {status}")

    def _assess(self, text, moves, breaches, customer):
        """Moves, breaches and evidence spans; an author's annotation overrides the analyzer's labels."""
        if self._analyzer is None:
            self._analyzer = default_analyzer(self.scenario)
        found = self._analyzer(text, self.scenario.lang, customer)
        evidence = [
            {"label": f.label, "kind": f.kind, "text": f.text, "start": f.start, "end": f.end}
            for f in found.findings
        ]
        if moves is not None:
            evidence = [e for e in evidence if e["label"] in moves or e["label"] == "breach"]
            for move in moves:
                if not any(e["label"] == move for e in evidence):
                    evidence.append({"label": move, "kind": "author", "text": text, "start": 0, "end": len(text)})
        if breaches is not None:
            evidence = [e for e in evidence if e["label"] != "breach" or e["kind"] in breaches]
            for kind in breaches:
                if not any(e["label"] == "breach" and e["kind"] == kind for e in evidence):
                    evidence.append({"label": "breach", "kind": kind, "text": text, "start": 0, "end": len(text)})
        moves = list(found.moves) if moves is None else [mv for mv in m.MOVES if mv in moves]
        breaches = list(found.breaches) if breaches is None else [b for b in m.BREACH_KINDS if b in breaches]
        evidence.sort(key=lambda e: (e["start"], e["end"]))
        return moves, breaches, evidence, getattr(found, "questions", 0)

    def _flags(self, node: m.Node, moves) -> list[str]:
        """Order matters: a fix while the customer still vents; an apology before any listening."""
        flags = []
        if "resolve" in moves and node.venting:
            flags.append("jumped_to_solution")
        listened = "listen" in moves or any("listen" in t.moves for t in self.state.turns)
        if "apologize" in moves and not listened and "establish" not in moves:
            flags.append("scripted_apology")
        return flags

    def rate(self, turn: int, role: str, rating: int, steps=(), by: str | None = None) -> None:
        """A person's judgement of an answered turn (pair practice: the customer player, an observer)."""
        if not 1 <= rating <= 5:
            raise UsageError(f"a rating is 1 to 5, not {rating}")
        unknown = [s for s in steps if s not in m.STEPS]
        if unknown:
            raise UsageError(f"unknown CLEAR step: {', '.join(unknown)}")
        if not 1 <= turn <= len(self.state.turns):
            raise WrongState(f"there is no turn {turn} yet")
        self.state.turns[turn - 1].ratings[role] = {"by": by, "rating": rating, "steps": [s for s in m.STEPS if s in steps]}

    def _advance(self, reply, option_id, moves, breaches, evidence, questions, fixed_mood, target,
                 feedback, route, customer_line=None) -> list[Event]:
        node = self.node
        flags = self._flags(node, moves)
        before = self.state.mood
        if fixed_mood is None:
            fixed_mood = mood_model.reaction(self.scenario.customer.type, moves, breaches, flags)
        after = mood_model.clamp(before + fixed_mood)
        if after < before:  # a reply that lowers the mood past a limit ends the call there
            for limit in self.scenario.mood_limits:
                if after < limit.below:
                    target = limit.ending
                    break
        turn = Turn(
            index=len(self.state.turns) + 1, node=node.id,
            customer=node.line(before) if customer_line is None else customer_line, reply=reply,
            option=option_id, moves=list(moves), breaches=list(breaches), flags=flags, evidence=evidence,
            mood_before=before, mood_after=after, next=target, feedback=feedback, route=route,
            questions=questions,
        )
        self.state.turns.append(turn)
        self.state.mood = after
        events: list[Event] = [
            ReplyAssessed(turn.index, tuple(moves), tuple(breaches), tuple(flags), feedback),
            MoodChanged(before, after),
        ]
        if target in self.scenario.endings:
            ending = self.scenario.endings[target]
            self.state.node, self.state.ending, self.state.status = None, ending.id, "finished"
            events.append(CallEnded(ending.id, ending.kind, ending.customer))
            return events
        self.state.node = target
        return events + self.prompt_events()


def _holds(cond: m.Condition, text: str, moves, breaches, mood: int) -> bool:
    if any(mv not in moves for mv in cond.has):
        return False
    if cond.any and not any(mv in moves for mv in cond.any):
        return False
    if any(mv in moves for mv in cond.lacks):
        return False
    if cond.breach is not None and cond.breach != bool(breaches):
        return False
    if cond.breaches and not any(b in breaches for b in cond.breaches):
        return False
    if cond.keywords and not _contains_any(text, cond.keywords):
        return False
    if cond.mood_below is not None and not mood < cond.mood_below:
        return False
    return cond.mood_at_least is None or mood >= cond.mood_at_least


def _contains_any(text: str, keywords) -> bool:
    import unicodedata

    def fold(s: str) -> str:  # full-width → half-width, case-insensitive
        return unicodedata.normalize("NFKC", s).casefold()

    folded = fold(text)
    return any(fold(k) in folded for k in keywords)
