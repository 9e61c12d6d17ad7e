"""One base error for everything a user can cause; the CLI alone maps it to an exit code."""

from __future__ import annotations

# The exit-code table (docs and CLI use these names, domain code never exits).
OK = 0
CHECK_FAILED = 1  # the checked thing failed: invalid scenario, failing scenario test
USAGE = 2  # usage or input error: unknown scenario, bad flag, bad answer, unreadable file
INTERRUPTED = 130


class ClearSimError(Exception):
    """A problem the user caused; ``str(err)`` is the one line shown to them."""

    exit_code = USAGE

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(ClearSimError):
    """Bad arguments or input: exit 2."""

    exit_code = USAGE


class CheckFailed(ClearSimError):
    """The thing being checked is wrong (e.g. an invalid scenario): exit 1."""

    exit_code = CHECK_FAILED
