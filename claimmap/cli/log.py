"""``claimmap log [--claim ID | --group ID | --source ID] [--json]``: the audit trail.

Newest first. With ``--json``, a JSON list of objects with ``at``, ``who``,
``action``, ``entity``, ``id``, ``field``, ``before``, ``after``, ``note``.
No entry: exit status 1, one line on stderr, nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from claimmap.cli.errors import NOT_FOUND, fail
from claimmap.cli.stores import open_or_report, store_failure


def register(subparsers: Any) -> None:
    """Add the ``log`` subcommand."""
    parser = subparsers.add_parser(
        "log",
        help="show the audit trail (who changed what, when), newest first",
        description="List the audit entries of the store, or of one claim, group or source.",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--claim", metavar="ID", help="entries of this claim")
    which.add_argument("--group", metavar="ID", help="entries of this group")
    which.add_argument("--source", metavar="ID", help="entries of this source (and its archive)")
    parser.add_argument("--limit", type=int, metavar="N", help="at most N entries")
    parser.add_argument("--json", action="store_true", help="print a JSON list of entries")
    parser.set_defaults(run=run)


def _value(value: Any) -> str:
    return "-" if value is None else json.dumps(value, ensure_ascii=False)


def render(entry: Any) -> str:
    """One entry as one line of text."""
    at = entry.at.isoformat(timespec="seconds")
    change = (
        f" {entry.field}: {_value(entry.before)} -> {_value(entry.after)}" if entry.field else ""
    )
    note = f"  ({entry.note})" if entry.note else ""
    return f"{at}  {entry.who}  {entry.action} {entry.entity} {entry.id}{change}{note}"


def run(args: argparse.Namespace) -> int:
    """List audit entries."""
    from geo.store.edits import history
    from geo.store.errors import StoreError

    if args.limit is not None and args.limit < 1:
        return fail("log", "--limit must be at least 1")
    entity, rid = next(
        (
            (name, getattr(args, name))
            for name in ("claim", "group", "source")
            if getattr(args, name)
        ),
        (None, None),
    )
    engine = open_or_report(args, "log")
    if isinstance(engine, int):
        return engine
    try:
        entries = history(engine, entity, rid, args.limit)
    except StoreError as exc:
        return store_failure("log", exc)
    finally:
        engine.dispose()
    if not entries:
        return fail(
            "log",
            f"no audit entries for {entity} {rid}" if entity else "no audit entries",
            NOT_FOUND,
        )
    if args.json:
        print(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2))
    else:
        print("\n".join(render(e) for e in entries))
    return 0
