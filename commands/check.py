"""``claimmap check``: validate every data file and report every problem at once.

Exit status 0 with a one-line summary when the data is clean; otherwise one
line per problem (``file:line: record: message``) on stderr and status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="validate the gazetteer, sources, claims and groups",
        description="Check every data file (syntax, fields, dates, ids, cross-references) "
        "and the quotes against the seed articles when they are available; report every "
        "problem with its file, line and record id.",
    )
    parser.set_defaults(run=run)


def report(problems: list[Any]) -> int:
    """Write one line per problem on stderr; return exit status 2."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    return 2


def load_or_report(data: str | None) -> Any:
    """Load the dataset, or report its problems on stderr and return exit status 2.

    Shared by the commands that read the data (claims, conflicts, export).
    """
    from geo.dataset import load_dataset
    from geo.problems import DataError

    try:
        return load_dataset(data)
    except DataError as exc:
        return report(exc.problems)


def _gazetteer_problems(data: str | None) -> list[Any]:
    """Run the gazetteer's own checks (they may go further than loading it)."""
    from geo import paths

    try:
        from geo.gazetteer import check_gazetteer
    except ModuleNotFoundError as exc:
        if exc.name != "geo.gazetteer":
            raise
        return []
    return list(check_gazetteer(paths.data_dir(data) / paths.GAZETTEER_FILE))


def run(args: argparse.Namespace) -> int:
    """Check the data directory ``args.data``."""
    from geo import paths
    from geo.dataset import load_dataset
    from geo.problems import DataError, display_path
    from geo.validate import check_quotes

    problems: list[Any] = []
    dataset = None
    try:
        dataset = load_dataset(args.data)
    except DataError as exc:
        problems += exc.problems
    problems += _gazetteer_problems(args.data)
    seeds = paths.seeds_dir()
    checked = 0
    if dataset is not None and seeds is not None:
        root = paths.data_dir(args.data)
        files = (display_path(root / paths.SOURCES_FILE), display_path(root / paths.CLAIMS_FILE))
        quote_problems, checked = check_quotes(dataset.sources, dataset.claims, seeds, files)
        problems += quote_problems
    if problems:
        unique = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message))
        report(unique)
        sys.stderr.write(f"claimmap check: {len(unique)} problem(s)\n")
        return 2
    assert dataset is not None
    quotes = f"; {checked} quote(s) found in the seed articles" if seeds is not None else ""
    print(
        f"OK: {len(dataset.places)} places, {len(dataset.sources)} sources, "
        f"{len(dataset.claims)} claims in {len(dataset.groups)} groups, "
        f"{len(dataset.analysis.conflicts)} conflict(s){quotes}"
    )
    return 0
