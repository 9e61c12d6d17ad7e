"""A customer line longer than 400 characters, or an option text longer than 250.

Long turns are hard to read in a terminal and unlike a phone call: split a long customer line
across two nodes, and keep a reply the trainee picks to one or two sentences. Lengths count
characters after YAML has folded the text (a Chinese character counts as one).

Fails::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - id: everything
            next: resolved
            text: >-
              I am so sorry to hear that your parcel has not arrived yet, and I completely
              understand how stressful this must be with the birthday coming up so soon. Let
              me look into it straight away: I will check the tracking, call the courier,
              reship the present by express today and ring you back tomorrow to confirm.
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        customer: "Where is my parcel?"
        options:
          - id: reship
            next: resolved
            text: "I'm sorry it hasn't come. I'll reship it by express today and call you tomorrow."
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L111"
NAME = "long-line"
LEVEL = "warning"
SUMMARY = "a customer line over 400 characters or an option text over 250"

CUSTOMER_LIMIT = 400
OPTION_LIMIT = 250


def check(ctx: Context) -> Iterator[Finding]:
    for node in ctx.scenario.nodes.values():
        for i, variant in enumerate(node.customer, 1):
            n = len(variant.text.strip())
            if n > CUSTOMER_LIMIT:
                which = f"customer line {i}" if len(node.customer) > 1 else "the customer line"
                yield Finding(("node", node.id), f'node "{node.id}": {which} is {n} characters (limit '
                                                 f"{CUSTOMER_LIMIT}); trim it or split it across two nodes")
        for option in node.options:
            n = len(option.text.strip())
            if n > OPTION_LIMIT:
                yield Finding(("option", node.id, option.id),
                              f'option "{option.id}" of node "{node.id}" is {n} characters (limit {OPTION_LIMIT}); '
                              "keep a reply to one or two sentences")
