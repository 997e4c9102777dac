"""``claimmap check``: validate every record and report every problem at once.

Checks the data files of ``--data DIR`` (or ``$CLAIMMAP_DATA``), or a store
(``--db``, ``$CLAIMMAP_DB``, the default store): a store's records are checked
as the data files it would dump to, and its quotes against its archived
documents. Exit status 0 with a one-line summary when the data is clean;
otherwise one line per problem (``file:line: record: message``) on stderr and
status 2.
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
        description="Check every data file (syntax, fields, dates, ids, cross-references), "
        "every place against its country (Natural Earth outlines, within the place's "
        "precision) and the quotes against the seed articles when they are available; "
        "report every problem with its file, line and record id. On a store, check its "
        "records the same way and the quotes against the archived documents.",
    )
    parser.set_defaults(run=run)


def _fail(problems: list[Any]) -> int:
    """Report every problem, then how many there were; return exit status 2."""
    report(problems)
    sys.stderr.write(f"claimmap check: {len(problems)} problem(s)\n")
    return 2


def run(args: argparse.Namespace) -> int:
    """Check the data directory or the store that the options select."""
    from claimmap.cli.stores import store_failure, who
    from geo.check import check_data_dir
    from geo.problems import DataError
    from geo.store.errors import StoreError
    from geo.store.location import choose, open_store

    try:
        location = choose(getattr(args, "db", None), args.data)
        if location.kind == "data":
            result = check_data_dir(location.where)
        else:
            from geo.store.check import check_store

            engine = open_store(location, who=who(args))
            try:
                result = check_store(engine)
            finally:
                engine.dispose()
    except DataError as exc:
        return _fail(exc.problems)
    except StoreError as exc:
        return store_failure("check", exc)
    print(result.summary())
    return 0
