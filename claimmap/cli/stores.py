"""What the store commands share: the store to use, who acts, and errors as exit statuses.

Not a command itself. Imports nothing heavy at module level.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from claimmap.cli.errors import BAD_INPUT, CONFLICT, DENIED, NOT_FOUND, fail

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: geo.store.errors class name -> exit status (the most specific class wins).
STATUS = {
    "NotFound": NOT_FOUND,
    "StoreBusy": NOT_FOUND,
    "BadStore": BAD_INPUT,
    "InvalidEdit": BAD_INPUT,
    "StaleVersion": CONFLICT,
    "NotAllowed": DENIED,
}


def status_of(exc: BaseException) -> int:
    """Return the exit status for a store error (1, a failed write, when nothing closer fits)."""
    for cls in type(exc).__mro__:
        if cls.__name__ in STATUS:
            return STATUS[cls.__name__]
    return NOT_FOUND


def store_failure(command: str, exc: BaseException) -> int:
    """Report a store error, one line per problem, and return its exit status."""
    problems = getattr(exc, "problems", None) or [str(exc)]
    status = status_of(exc)
    for problem in problems:
        fail(command, problem, status)
    return status


def who(args: argparse.Namespace) -> str:
    """Return the name the audit trail records: ``--as NAME``, else the OS user."""
    from geo.store.audit import default_actor

    return getattr(args, "actor", None) or default_actor()


def refuse_data(args: argparse.Namespace, command: str) -> int | None:
    """Return exit status 2 with a message when ``--data`` is given to a store command."""
    if getattr(args, "data", None) is not None:
        return fail(command, "--data names data files; this command works on a store (--db URL)")
    return None


def open_or_report(args: argparse.Namespace, command: str) -> Engine | int:
    """Open the store of ``--db``/``$CLAIMMAP_DB`` (else the default one), or report why not."""
    from claimmap.cli.errors import report
    from geo.problems import DataError
    from geo.store.errors import StoreError
    from geo.store.location import open_store, store_location

    refused = refuse_data(args, command)
    if refused is not None:
        return refused
    try:
        return open_store(store_location(getattr(args, "db", None)), who=who(args))
    except StoreError as exc:
        return store_failure(command, exc)
    except DataError as exc:
        return report(exc.problems)


def write_line(text: str) -> None:
    """Print one line of a command's result on stdout."""
    sys.stdout.write(text + "\n")
