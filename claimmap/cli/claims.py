"""``claimmap claims``: list the claims, as a table or as JSON.

A claim is kept when its possible range overlaps [--start, --end] (an undated
claim may lie anywhere up to its document's publication: ``geo.dates``), its
document was published by --as-of, its type is one of --type and one of its
actors is --actor (the same name, spelling aside: see geo.actors). With --json
each claim has ``window_match`` (``certain`` or ``possible``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from claimmap.cli.options import add_as_of, add_window, load_or_report, window_problem
from geo.dates import dates_text

#: Table columns: header and the claim_properties key (or a formatter).
COLUMNS = ("id", "dates", "type", "outlet", "group", "indep", "conflicts", "grade")


def register(subparsers: Any) -> None:
    """Add the ``claims`` subcommand."""
    parser = subparsers.add_parser(
        "claims",
        help="list claims with their source, group, independent sources and grade",
        description="List the claims whose event range overlaps the window.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of claims")
    add_window(parser, "window start", "window end")
    add_as_of(parser)
    parser.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="claim type, repeatable (crossing, transit, flight_surge, assembly, ...)",
    )
    parser.add_argument(
        "--actor",
        metavar="NAME",
        help="keep claims naming this actor (its whole name; case, accents and script "
        "letter variants ignored)",
    )
    parser.add_argument(
        "--review-status",
        metavar="S[,S...]",
        help="keep claims in these review statuses (draft, needs_review, accepted, rejected); "
        "default: every status",
    )
    parser.set_defaults(run=run)


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: list[dict[str, Any]]) -> str:
    """Format claim properties as an aligned plain-text table."""
    cells = [
        [
            p["claim_id"],
            dates_text(p["event_start"], p["event_end"], p["date_precision"]),
            p["type"],
            _short(p["outlet"]),
            p["group"],
            str(p["independent_sources"]),
            "yes" if p["conflicts"] else "-",
            p["grade"],
        ]
        for p in rows
    ]
    widths = [max(len(r[i]) for r in [list(COLUMNS), *cells]) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [COLUMNS, *cells]
    ]
    return "\n".join(line.rstrip() for line in lines)


def review_statuses(text: str | None) -> set[str] | None:
    """Parse ``--review-status S[,S...]`` (None when not given)."""
    if text is None:
        return None
    return {part.strip() for part in text.split(",") if part.strip()}


def _suggest_actors(name: str, dataset: Any) -> None:
    """Name close actors on stderr when ``--actor`` named none (a part of a name is not one)."""
    from geo.actors import actor_key, suggest

    known = {actor for claim in dataset.claims for actor in claim.actors}
    if actor_key(name) in {actor_key(actor) for actor in known}:
        return
    close = suggest(name, known)
    hint = f"; did you mean {' or '.join(repr(a) for a in close)}?" if close else ""
    sys.stderr.write(f"claimmap claims: no actor is named {name!r}{hint}\n")


def run(args: argparse.Namespace) -> int:
    """List the claims of ``args.data``."""
    from geo.exports.selection import ExportFilter
    from geo.models import CLAIM_TYPES, REVIEW_STATUSES
    from geo.records import claim_properties

    unknown = [t for t in args.type or () if t not in CLAIM_TYPES]
    if unknown:
        sys.stderr.write(
            f"claimmap claims: unknown type {unknown[0]!r} (choose from {', '.join(CLAIM_TYPES)})\n"
        )
        return 2
    statuses = review_statuses(args.review_status)
    wrong = [s for s in statuses or () if s not in REVIEW_STATUSES]
    if wrong or statuses == set():
        what = f"unknown review status {wrong[0]!r}" if wrong else "--review-status is empty"
        sys.stderr.write(f"claimmap claims: {what} (choose from {', '.join(REVIEW_STATUSES)})\n")
        return 2
    problem = window_problem(args)
    if problem:
        sys.stderr.write(f"claimmap claims: {problem}\n")
        return 2
    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    window = ExportFilter(start=args.start, end=args.end, as_of=args.as_of)
    view = dataset.filter(args.start, args.end, args.type, args.actor, args.as_of)
    if statuses is not None:
        view = view.select(c for c in view.claims if view.review_status_of(c) in statuses)
    rows = [
        {**claim_properties(view, c), "window_match": window.match(view, c)} for c in view.claims
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif rows:
        print(table(rows))
        print(f"{len(rows)} of {len(dataset.claims)} claims")
    else:
        print(f"0 of {len(dataset.claims)} claims match")
        if args.actor:
            _suggest_actors(args.actor, dataset)
    return 0
