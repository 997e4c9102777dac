"""``claimmap check``: validate every data file and report every problem at once.

Exit status 0 with a one-line summary when the data is clean; otherwise one
line per problem (``file:line: record: message``) on stderr and status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from claimmap.cli.errors import report


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="validate the gazetteer, sources, claims, groups and actors",
        description="Check every data file (syntax, fields, dates, ids, cross-references), "
        "every place against its country (Natural Earth outlines, within the place's "
        "precision) and the quotes against the seed articles when they are available; "
        "report every problem with its file, line and record id.",
    )
    parser.set_defaults(run=run)


def _fail(problems: list[Any]) -> int:
    """Report every problem, then how many there were; return exit status 2."""
    report(problems)
    sys.stderr.write(f"claimmap check: {len(problems)} problem(s)\n")
    return 2


def run(args: argparse.Namespace) -> int:
    """Check the data directory ``args.data``."""
    from geo import paths
    from geo.dataset import load_dataset
    from geo.problems import DataError
    from geo.validate import check_references

    try:
        dataset = load_dataset(args.data)
    except DataError as exc:
        return _fail(exc.problems)
    actors = paths.data_dir(args.data) / "actors.yaml"
    if actors.exists():
        from geo.ingest.actors import read_actors

        problems = read_actors(actors)[1]
        if problems:
            return _fail(sorted(problems, key=lambda p: (p.line or 0, p.message)))
    problems, checked = check_references(dataset, paths.data_dir(args.data), paths.seeds_dir())
    if problems:
        return _fail(problems)
    quotes = "" if checked is None else f"; {checked} quote(s) found in the seed articles"
    print(
        f"OK: {len(dataset.places)} places, {len(dataset.sources)} sources, "
        f"{len(dataset.claims)} claims in {len(dataset.groups)} groups, "
        f"{len(dataset.analysis.conflicts)} conflict(s){quotes}"
    )
    return 0
