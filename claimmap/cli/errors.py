"""Exit statuses and the one-line error every command reports (DESIGN.md, "Store")."""

from __future__ import annotations

import sys
from collections.abc import Iterable

#: Exit statuses shared by every command.
DONE = 0
NOT_FOUND = 1  # nothing found, a verify mismatch, a failed write
BAD_INPUT = 2  # nothing changed
CONFLICT = 3  # the record changed since --expect-version; nothing changed
DENIED = 4  # permission denied; nothing changed


def fail(command: str, message: str, status: int = BAD_INPUT) -> int:
    """Write ``claimmap COMMAND: error: MESSAGE`` on stderr and return ``status``."""
    sys.stderr.write(f"claimmap {command}: error: {message}\n")
    return status


def report(problems: Iterable[object]) -> int:
    """Write one line per problem on stderr; return BAD_INPUT."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    return BAD_INPUT
