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
        help="validate the gazetteer, sources, claims, groups, actors and stories",
        description="Check every data file (syntax, fields, dates, ids, cross-references) "
        "and the quotes against the seed articles when they are available; report every "
        "problem with its file, line and record id.",
    )
    parser.set_defaults(run=run)


def _fail(problems: list[Any]) -> int:
    """Report every problem, then how many there were; return exit status 2."""
    report(problems)
    sys.stderr.write(f"claimmap check: {len(problems)} problem(s)\n")
    return 2


def _stories(dataset: Any) -> str:
    """Return ``", 1 story (9 steps)"``, or nothing when the data has no stories."""
    if not dataset.stories:
        return ""
    count, steps = len(dataset.stories), sum(len(s.steps) for s in dataset.stories)
    return f", {count} {'story' if count == 1 else 'stories'} ({steps} steps)"


def run(args: argparse.Namespace) -> int:
    """Check the data directory ``args.data``."""
    from geo import paths
    from geo.dataset import load_dataset
    from geo.problems import DataError, display_path
    from geo.validate import check_quotes

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
    seeds = paths.seeds_dir()
    quotes = ""
    if seeds is not None:
        root = paths.data_dir(args.data)
        files = (display_path(root / paths.SOURCES_FILE), display_path(root / paths.CLAIMS_FILE))
        problems, checked = check_quotes(dataset.sources, dataset.claims, seeds, files)
        if problems:
            return _fail(sorted(problems, key=lambda p: (p.file, p.line or 0, p.message)))
        quotes = f"; {checked} quote(s) found in the seed articles"
    print(
        f"OK: {len(dataset.places)} places, {len(dataset.sources)} sources, "
        f"{len(dataset.claims)} claims in {len(dataset.groups)} groups, "
        f"{len(dataset.analysis.conflicts)} conflict(s){_stories(dataset)}{quotes}"
    )
    return 0
