"""``claimmap grade GROUP_ID --reliability A-F --credibility 1-6 --note TEXT``.

Sets the Admiralty grade of an underlying claim (a group): the reliability of
its sources (A completely reliable ... F cannot be judged) and the credibility
of the information (1 confirmed ... 6 cannot be judged), with the note that
says what the grade rests on. Recorded in the audit trail. Exit 1 for an
unknown group, 2 for a bad grade or an empty note, 3 for a stale
``--expect-version``, 4 when the store's roles forbid it.
"""

from __future__ import annotations

import argparse
from typing import Any

from claimmap.cli.stores import open_or_report, store_failure, who, write_line

RELIABILITY = ("A", "B", "C", "D", "E", "F")


def register(subparsers: Any) -> None:
    """Add the ``grade`` subcommand."""
    parser = subparsers.add_parser(
        "grade",
        help="set a group's Admiralty grade (reliability A-F, credibility 1-6) with a note",
        description="Grade an underlying claim (group) on the Admiralty scale.",
    )
    parser.add_argument("group_id", metavar="GROUP_ID")
    parser.add_argument(
        "--reliability", required=True, type=str.upper, choices=RELIABILITY, metavar="A-F"
    )
    parser.add_argument(
        "--credibility", required=True, type=int, choices=range(1, 7), metavar="1-6"
    )
    parser.add_argument("--note", required=True, metavar="TEXT", help="what the grade rests on")
    parser.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="refuse the change (exit 3) if the group is no longer at version N",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Grade one group."""
    from geo.store.edits import grade
    from geo.store.errors import StoreError

    engine = open_or_report(args, "grade")
    if isinstance(engine, int):
        return engine
    try:
        state = grade(
            engine,
            args.group_id,
            args.reliability,
            args.credibility,
            who=who(args),
            note=args.note,
            expect_version=args.expect_version,
        )
    except StoreError as exc:
        return store_failure("grade", exc)
    finally:
        engine.dispose()
    write_line(f"group {state.id}: {state.grade} (version {state.version})")
    return 0
