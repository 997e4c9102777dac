"""``claimmap verify [--json]``: re-hash every archived document (SHA-256).

Exit status 0 when every document is as archived (or none is archived), 1
naming each mismatch on stderr. With ``--json``, a JSON list with one object
per document: ``id``, ``ok``, ``sha256``, ``computed_sha256``, ``size``,
``archived_at``, ``archived_by``, ``problems``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from claimmap.cli.errors import NOT_FOUND
from claimmap.cli.stores import open_or_report, store_failure


def register(subparsers: Any) -> None:
    """Add the ``verify`` subcommand."""
    parser = subparsers.add_parser(
        "verify",
        help="re-hash every archived document and report any that changed",
        description="Compute the SHA-256 of each archived document again and compare it "
        "with the hash recorded when it was archived.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of results")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify the archive."""
    from geo.store.archive import verify
    from geo.store.errors import StoreError

    engine = open_or_report(args, "verify")
    if isinstance(engine, int):
        return engine
    try:
        results = verify(engine)
    except StoreError as exc:
        return store_failure("verify", exc)
    finally:
        engine.dispose()
    bad = [r for r in results if not r.ok]
    for result in bad:
        for problem in result.problems:
            sys.stderr.write(f"claimmap verify: source {result.id}: {problem}\n")
    if args.json:
        print(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
    elif not bad:
        print(f"OK: {len(results)} archived document(s) match their SHA-256")
    if bad:
        sys.stderr.write(f"claimmap verify: {len(bad)} of {len(results)} document(s) changed\n")
        return NOT_FOUND
    return 0
