"""``claimmap review CLAIM_ID --status S``: move a claim through the review workflow.

draft -> needs_review -> accepted | rejected (needs_review may go back to
draft; a decision may be reopened to needs_review). Accepting, rejecting and
reopening need ``--note``. With ``--expect-version N`` the change is refused
(exit 3, nothing changed) when the claim is no longer at version N. Exit 1 for
an unknown claim, 2 for a refused transition, 4 when the store's roles forbid it.
"""

from __future__ import annotations

import argparse
from typing import Any

from claimmap.cli.stores import open_or_report, store_failure, who, write_line

STATUSES = ("draft", "needs_review", "accepted", "rejected")


def register(subparsers: Any) -> None:
    """Add the ``review`` subcommand."""
    parser = subparsers.add_parser(
        "review",
        help="set a claim's review status (draft, needs_review, accepted, rejected)",
        description="Move a claim through the review workflow; the change is recorded "
        "in the audit trail with the note.",
    )
    parser.add_argument("claim_id", metavar="CLAIM_ID")
    parser.add_argument("--status", required=True, choices=STATUSES)
    parser.add_argument("--note", metavar="TEXT", help="why (required to accept or reject)")
    parser.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="refuse the change (exit 3) if the claim is no longer at version N",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Review one claim."""
    from geo.store.edits import review
    from geo.store.errors import StoreError

    engine = open_or_report(args, "review")
    if isinstance(engine, int):
        return engine
    try:
        state = review(
            engine,
            args.claim_id,
            args.status,
            who=who(args),
            note=args.note,
            expect_version=args.expect_version,
        )
    except StoreError as exc:
        return store_failure("review", exc)
    finally:
        engine.dispose()
    write_line(f"claim {state.id}: {state.review_status} (version {state.version})")
    return 0
