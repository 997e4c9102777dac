"""``claimmap extract PATH...``: the places, dates, figures, actors and attributions in texts.

Every input is read before anything is printed: an unreadable file, text that
is not UTF-8 or a bad ``--published`` date is one line on stderr and exit
status 2, with nothing on stdout. ``-`` reads standard input. ``.html`` and
``.htm`` files are reduced to their article text first (trafilatura, offline);
their JSON object then carries that ``text`` (the offsets refer to it) and the
page's own title, date and site as ``page`` suggestions.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from claimmap.cli.options import add_documents

_EPILOG = """\
offsets are Python string offsets (code points) into the text as read: UTF-8,
newlines untouched; for HTML input, into the article text given as "text".

examples:
  claimmap extract article.txt
  claimmap extract --published 2026-01-14 --json article.txt page.html
  cat article.txt | claimmap extract --json -
"""


def register(subparsers: Any) -> None:
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="find places, dates, figures, actors and attributions in texts",
        description="Report what a text names, with offsets: places (with ranked "
        "candidates from the gazetteer and GeoNames), dates resolved to ranges, figures "
        "with their qualifiers, actors, and who says what through which outlet.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_documents(
        parser, "the documents' publication date (resolves 'last Monday', years left out)"
    )
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per PATH, one per line"
    )
    parser.set_defaults(run=run)


def _read(path: str) -> tuple[str, dict[str, Any] | None] | str:
    """(text, page suggestions or None), or a one-line problem."""
    from geo.ingest.htmltext import is_html_path, page_text

    name = "standard input" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except FileNotFoundError:
        return f"{name}: file not found"
    except IsADirectoryError:
        return f"{name}: is a directory"
    except OSError as exc:
        return f"{name}: cannot read ({exc.strerror or exc})"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f"{name}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start})"
    if path != "-" and is_html_path(path):
        page = page_text(text)
        return page.text, page.suggestions()
    return text, None


def run(args: argparse.Namespace) -> int:
    """Extract from every PATH and print the results."""
    import json

    from geo.problems import DataError

    inputs = []
    for path in args.paths:
        read = _read(path)
        if isinstance(read, str):
            sys.stderr.write(f"claimmap extract: {read}\n")
            return 2
        inputs.append((path, *read))
    try:
        from geo.ingest.extract import Extractor

        extractor = Extractor(args.data)
    except DataError as exc:
        sys.stderr.write(f"claimmap extract: {exc.summary()}\n")
        return 2
    for path, text, page in inputs:
        result = {"path": path, **extractor.extract(text, args.published)}
        if page is not None:
            result["text"] = text
            result["page"] = page
        if args.json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(_listing(result))
    return 0


def _listing(result: dict[str, Any]) -> str:
    """Return a readable listing of one result."""
    counts = ", ".join(
        f"{len(result[key])} {key}"
        for key in ("places", "dates", "quantities", "actors", "attribution")
    )
    lines = [f"{result['path']}: {counts}"]
    for place in result["places"]:
        best = place["candidates"][0]
        more = len(place["candidates"]) - 1
        others = f" (+{more} more)" if more else ""
        lines.append(
            f"  place     {_at(place)}  {best['id']} ({best['kind']}, {best['country']}) "
            f"{best['score']:.2f} {best['stage']}{others}"
        )
    for date in result["dates"]:
        lines.append(
            f"  date      {_at(date)}  {date['event_start'] or '…'} .. {date['event_end'] or '…'} "
            f"({date['precision']}; {date['anchor']})"
        )
    for figure in result["quantities"]:
        value = figure.get("value", f"{figure.get('min')}-{figure.get('max')}")
        unit = figure["unit"] or ""
        lines.append(f"  figure    {_at(figure)}  {figure['qualifier']} {value} {unit}".rstrip())
    for actor in result["actors"]:
        lines.append(f"  actor     {_at(actor)}  {actor['id']}")
    for item in result["attribution"]:
        who = item["claimant"] or "-"
        via = f" via {item['outlet']}" if item["outlet"] else ""
        lines.append(f"  says      {_at(item)}  {who}{via}")
    return "\n".join(lines) + "\n"


def _at(item: dict[str, Any]) -> str:
    shown = " ".join(item["text"].split())
    if len(shown) > 48:
        shown = shown[:47] + "…"
    return f"{item['start']}-{item['end']} {shown!r}"
