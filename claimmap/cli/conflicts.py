"""``claimmap conflicts``: the disputed figures and dates, side by side.

Each conflict: the group title and what is disputed, then one line per
reported value with its outlet, its origin and the claim that carries it.
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``conflicts`` subcommand."""
    parser = subparsers.add_parser(
        "conflicts",
        help="show figures and dates that sources report differently",
        description="List every figure or date reported differently within a group of "
        "records that report the same claim.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of conflicts")
    parser.set_defaults(run=run)


def _who(entry: dict[str, Any]) -> str:
    traced = (
        ""
        if entry["roots"] == [entry["origin"]]
        else f", relaying {', '.join(entry['root_names'])}"
    )
    return f"{entry['outlet']} (origin: {entry['origin_name']}{traced}; claim {entry['claim_id']})"


def render(conflicts: list[dict[str, Any]]) -> str:
    """Format conflict properties as indented plain text."""
    blocks = []
    for c in conflicts:
        agree = "overlap" if c["overlap"] else "do not all overlap"
        label = "event date" if c["kind"] == "date" else f"figure '{c['what']}'"
        head = f"{c['group_title']} [{c['group']}]: {label} ({agree})"
        width = max(len(e["text"]) for e in c["entries"])
        lines = [f"  {e['text'].ljust(width)}  {_who(e)}" for e in c["entries"]]
        blocks.append("\n".join([head, *lines]))
    return "\n\n".join(blocks)


def run(args: argparse.Namespace) -> int:
    """List the conflicts of ``args.data``."""
    from claimmap.cli.options import load_or_report
    from geo.records import conflict_properties

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    rows = [conflict_properties(dataset, c) for c in dataset.analysis.conflicts]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif rows:
        print(render(rows))
    else:
        print("No conflicting figures or dates.")
    return 0
