"""Options and steps shared by the subcommands: the date window and loading the data.

Imports nothing heavy at module level, so registering a subcommand stays cheap.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.dataset import Dataset


def iso_date(text: str) -> dt.date:
    """Parse a YYYY-MM-DD argument (argparse type); surrounding spaces are ignored."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a valid date (YYYY-MM-DD): {text!r}") from None


def add_window(parser: argparse.ArgumentParser, start_help: str, end_help: str) -> None:
    """Add ``--start`` and ``--end`` (YYYY-MM-DD, both optional) to ``parser``."""
    parser.add_argument("--start", type=iso_date, metavar="YYYY-MM-DD", help=start_help)
    parser.add_argument("--end", type=iso_date, metavar="YYYY-MM-DD", help=end_help)


def add_documents(parser: argparse.ArgumentParser, published_help: str) -> None:
    """Add the documents to read (PATH..., ``-`` for stdin) and their ``--published`` date."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text or HTML file; - for stdin")
    parser.add_argument("--published", type=iso_date, metavar="YYYY-MM-DD", help=published_help)


def add_as_of(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of`` (YYYY-MM-DD): only claims from documents published by that day."""
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="as known on this day: only claims from documents published by then "
        "(a document dated to a range counts from its first day; undated ones are left out)",
    )


def window_problem(args: argparse.Namespace) -> str | None:
    """Return what is wrong with ``--start``/``--end`` in one line, or None."""
    if args.start and args.end and args.end < args.start:
        return f"--end {args.end} is before --start {args.start}"
    return None


def load_or_report(source: argparse.Namespace | Any) -> Dataset | int:
    """Load the dataset the options select, or report why not and return the exit status.

    ``source`` is the parsed arguments (``--db``, ``--data``, ``--as``; see
    ``geo.store.location`` for the rule), or a data directory (None: the same
    rule with no options). Data problems exit 2; store errors their own status.
    """
    from claimmap.cli.errors import report
    from claimmap.cli.stores import store_failure
    from geo.problems import DataError
    from geo.store.errors import StoreError
    from geo.store.location import choose, load_location

    if isinstance(source, argparse.Namespace):
        db, data = getattr(source, "db", None), getattr(source, "data", None)
        actor = getattr(source, "actor", None)
        command = getattr(source, "command", None) or "claimmap"
    else:
        db, data, actor, command = None, source, None, "claimmap"
    try:
        return load_location(choose(db, data), who=actor)
    except DataError as exc:
        return report(exc.problems)
    except StoreError as exc:
        return store_failure(command, exc)
