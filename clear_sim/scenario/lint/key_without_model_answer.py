"""A key moment (``key: true``) without a ``model_answer``.

The debrief shows the model answer of each key moment; without one it has nothing to show the
trainee there.

Fails::

    start: opening
    nodes:
      opening:
        key: true
        customer: "Where is my parcel?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}

Passes::

    start: opening
    nodes:
      opening:
        key: true
        customer: "Where is my parcel?"
        model_answer: "I'm so sorry it hasn't arrived. Could you give me the order number?"
        options:
          - {id: reship, text: "I'm sorry. I'll reship it today.", next: resolved}
    endings:
      resolved: {kind: resolved, customer: "Thanks.", debrief: "Resolved."}
"""

from __future__ import annotations

from typing import Iterator

from .core import Context, Finding

CODE = "L110"
NAME = "key-without-model-answer"
LEVEL = "warning"
SUMMARY = "a key node without a model_answer"


def check(ctx: Context) -> Iterator[Finding]:
    for node in ctx.scenario.nodes.values():
        if node.key and not (node.model_answer or "").strip():
            yield Finding(("node", node.id), f'node "{node.id}" is a key moment but has no model_answer: '
                                             "the debrief has nothing to show there; add one")
