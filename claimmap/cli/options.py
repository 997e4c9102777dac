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


def load_or_report(data: Any) -> Dataset | int:
    """Load the dataset of ``data`` (``--data``), or report its problems and return 2."""
    from claimmap.cli.errors import report
    from geo.dataset import load_dataset
    from geo.problems import DataError

    try:
        return load_dataset(data)
    except DataError as exc:
        return report(exc.problems)
