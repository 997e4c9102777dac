"""``claimmap stories``: list the stories of the data, as text or as JSON.

With ``--json``: a JSON list of ``{id, title, steps: [{title, text, start, end,
places, claims, bbox, as_of}]}`` (DESIGN.md, "Stories and static outputs").
A data set without ``stories.yaml`` has no stories: an empty list, status 0.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from claimmap.cli.options import load_or_report


def register(subparsers: Any) -> None:
    """Add the ``stories`` subcommand."""
    parser = subparsers.add_parser(
        "stories",
        help="list the stories (guided walks through the claims)",
        description="List the stories of stories.yaml, each with its steps, dates and claims.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of stories")
    parser.set_defaults(run=run)


def text(stories: list[dict[str, Any]]) -> str:
    """Format stories as plain text: one line per story, one per step below it."""
    lines = []
    for story in stories:
        lines.append(f"{story['id']}  {story['title']}  ({len(story['steps'])} steps)")
        for number, step in enumerate(story["steps"], 1):
            dates = (
                step["start"]
                if step["start"] == step["end"]
                else (f"{step['start']}..{step['end']}")
            )
            count = len(step["claims"])
            lines.append(f"  {number}. {dates}  {step['title']}  [{count} claim(s)]")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """List the stories of ``args.data``."""
    from geo.stories import story_properties

    dataset = load_or_report(args.data)
    if isinstance(dataset, int):
        return dataset
    stories = [story_properties(story) for story in dataset.stories]
    if args.json:
        print(json.dumps(stories, ensure_ascii=False, indent=2))
    elif stories:
        print(text(stories))
    else:
        print("no stories (the data has no stories.yaml)")
    return 0
