"""What a pair practice and a teacher's review add to a stored session's transcript: the players,
each turn's ratings, the moments to discuss, the teacher's comments and overrides. Plain strings
(not yet escaped), shared by the Markdown and HTML exports."""

from __future__ import annotations

from .compare import compare, reason_lines
from .session import PairRun


class Annotations:
    """What a pair practice and a teacher's review add to a session's transcript, as plain strings
    (both the Markdown and the HTML export use it)."""

    def __init__(self) -> None:
        self.meta: list[tuple[str, str]] = []  # (label, value)
        self.teacher: dict = {}  # step (and overall) -> (teacher's score, reason)
        self.ratings: dict = {}  # turn -> [(who, rating, steps)]
        self.discuss: dict = {}  # turn -> [reason lines]
        self.comments: dict = {}  # turn (None: the whole session) -> [(text, reviewer)]
        self.names: list[str] = []  # the raters, for the comparison table's columns
        self.steps: dict = {}  # step -> [analyzer, rater, …] as strings (◆ marks a gap)


def annotations(stored, scenario, card, S: dict) -> Annotations:
    from ..report import placeholder_scenario

    ann = Annotations()
    run = PairRun.from_extra(stored.extra, stored.group)
    if run is not None:
        P = S["pair"]
        p = run.players
        people = f"{p.customer} ({P['customer_player']}) · {p.agent} ({P['agent_player']})"
        if p.observer:
            people += f" · {p.observer} ({P['observer_player']})"
        ann.meta += [(P["players"], people), (P["run"], f"{run.run} · {P['pair_id']} {run.pair_id[:8]}")]
        if any(t.ratings for t in stored.state.turns):
            comparison = compare(scenario or placeholder_scenario(stored.scenario_id, stored.lang), stored.state.turns, card)
            names = {role: p.name(role) or P[f"{role}_player"] for role in comparison.roles}
            ann.names = [names[r] for r in comparison.roles]
            for k, sc in comparison.steps.items():
                cells = [str(sc.analyzer)]
                for role in comparison.roles:
                    v = sc.raters.get(role)
                    cells.append("—" if v is None else f"◆ {v}" if sc.apart(role) else str(v))
                ann.steps[k] = cells
            for t in comparison.turns:
                for role, v in t.raters.items():
                    steps = ("、" if stored.lang == "zh" else ", ").join(S["steps"][s] for s in v.steps) or P["felt_none"]
                    ann.ratings.setdefault(t.turn, []).append((f"{names[role]} ({P[role + '_player']})", v.rating, steps))
                if t.discuss:
                    ann.discuss[t.turn] = reason_lines(t, names, S)
    teacher, steps = stored.teacher_scores()
    if steps:
        latest = {r.step: r for r in stored.reviews if r.is_override}
        ann.teacher = {k: (latest[k].score, latest[k].text) for k in steps}
        ann.teacher["overall"] = (teacher.get("overall"), "")
    for r in stored.reviews:
        if not r.is_override:
            ann.comments.setdefault(r.turn, []).append((r.text, r.reviewer))
    return ann
