"""How a customer's mood (0 furious … 100 satisfied) reacts to a reply, according to their type.

Authors may fix an option's or a route's mood change in the scenario; this model decides the rest,
above all for free-text replies. The weights follow the CLEAR brief's customer types (§4).
"""

from __future__ import annotations

# Points per move and per breach for an ordinary customer.
BASE = {"listen": 5, "establish": 7, "apologize": 5, "resolve": 9}
BREACH = -15
NOTHING = -4  # a reply that does nothing for the customer (no move, no breach)
FLAGS = {"jumped_to_solution": -10, "scripted_apology": -6}

# Multipliers per customer type: what each type rewards or punishes more than most.
TYPES: dict[str, dict[str, float]] = {
    # feelings before anything else; a fix while still venting lands badly
    "venting": {"establish": 2.0, "listen": 1.2, "resolve": 0.6, "jumped_to_solution": 1.5},
    # has a good case: explodes at trigger phrases, arguing and empty promises
    "arguer": {"trigger": 2.0, "argue": 2.0, "over_promise": 2.0, "resolve": 1.4, "apologize": 1.2},
    # calm and logical: punishes vague or inconsistent answers, values concrete resolution
    "pressing": {"nothing": 2.5, "over_promise": 2.5, "resolve": 1.6, "establish": 0.6, "listen": 1.2},
    # misunderstands a rule: needs patience and explanation
    "novice": {"listen": 1.8, "establish": 1.4, "dismissive": 2.0, "blame": 2.0, "resolve": 1.2},
    # media, legal, government: precise wording; any breach or blind promise costs double
    "special": {"breach": 2.0, "over_promise": 1.5, "apologize": 1.4, "resolve": 1.2, "establish": 0.8},
}


def reaction(customer_type: str, moves, breaches, flags=()) -> int:
    """The mood change a reply causes for this type of customer."""
    weights = TYPES.get(customer_type, {})
    delta = 0.0
    for move in moves:
        delta += BASE.get(move, 0) * weights.get(move, 1.0)
    for kind in breaches:
        delta += BREACH * weights.get(kind, 1.0) * weights.get("breach", 1.0)
    for flag in flags:
        delta += FLAGS.get(flag, 0) * weights.get(flag, 1.0)
    if not moves and not breaches:
        delta += NOTHING * weights.get("nothing", 1.0)
    return round(delta)


def clamp(mood: int) -> int:
    return max(0, min(100, mood))
