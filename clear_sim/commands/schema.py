"""`clear-sim schema`: the scenario format as JSON Schema, for editors (yaml-language-server) and CI."""

from __future__ import annotations

import json

from ..errors import OK, UsageError


def run(output: str | None = None) -> int:
    from ..scenario.schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None or output == "-":
        print(text, end="")
        return OK
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as err:
        raise UsageError(f"{output}: cannot write: {err.strerror}") from None
    print(f"wrote {output}")
    return OK
