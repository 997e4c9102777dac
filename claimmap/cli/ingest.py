"""``claimmap ingest PATH...``: archive documents in the store and add their draft claims.

Plain text (UTF-8) or a saved web page (``.html``/``.htm``, reduced to its
article text with trafilatura, offline). Each document is one transaction:
its source record, its archive (text, original bytes, SHA-256) and its draft
claims (review status ``draft``), each with its own group and the proposal
the review shows (offsets, candidates, confidence per field). The same bytes
ingested again add nothing (exit 0, and it says so).

Every input is read and checked before anything is written: a file that
cannot be read, is not UTF-8 or holds no text, a bad date or address is one
line on stderr and exit status 2, with nothing written. A draft that cannot
pass the checks is left out with a one-line warning; the others are added.
A batch shows a progress bar on stderr when it is a terminal, else one line
per document.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from claimmap.cli.errors import BAD_INPUT, fail
from claimmap.cli.options import add_documents
from claimmap.cli.stores import open_or_report, store_failure, who

_EPILOG = """\
What a web page says about itself (title, date, site) is kept as a suggestion
in the source's note, never as a fact: give --published, --outlet, --title
and --url to state them. Drafts are reviewed with `claimmap review` or on the
dashboard's review page.

examples:
  claimmap ingest --published 2026-01-14 --outlet "The Media Line" article.txt
  claimmap ingest saved-page.html
  claimmap --db sqlite:///team.sqlite ingest --json articles/*.txt
"""


def register(subparsers: Any) -> None:
    """Add the ``ingest`` subcommand."""
    parser = subparsers.add_parser(
        "ingest",
        help="archive articles in the store and add their draft claims",
        description="Archive each document (text, original bytes, SHA-256) and add the "
        "draft claims found in it, for an analyst to review.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_documents(parser, "the publication date (stored as stated; resolves 'last Monday')")
    parser.add_argument("--outlet", metavar="NAME", help="the outlet that published it")
    parser.add_argument("--url", metavar="URL", help="the article's address (one PATH only)")
    parser.add_argument("--title", metavar="T", help="the article's title (one PATH only)")
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per document, one per line"
    )
    parser.set_defaults(run=run)


def _inputs(args: argparse.Namespace) -> tuple[Any, list[Any]] | int:
    """Return (the analyst's values, the documents read), or the exit status after one line."""
    from geo.ingest.document import BadDocument, read_path
    from geo.ingest.ingest import Confirmed, confirmed_problems

    if len(args.paths) > 1 and (args.url or args.title):
        return fail("ingest", "--url and --title describe one document: give one PATH")
    if args.paths.count("-") > 1:
        return fail("ingest", "standard input (-) can be read once")
    confirmed = Confirmed(args.published, args.outlet, args.url, args.title)
    problems = confirmed_problems(confirmed)
    if problems:
        return fail("ingest", problems[0])
    documents = []
    for path in args.paths:
        try:
            documents.append(read_path(path))
        except BadDocument as exc:
            return fail("ingest", str(exc))
    return confirmed, documents


def run(args: argparse.Namespace) -> int:
    """Ingest every PATH."""
    from geo.ingest.ingest import Ingester
    from geo.problems import DataError
    from geo.store.errors import StoreError

    read = _inputs(args)
    if isinstance(read, int):
        return read
    confirmed, documents = read
    engine = open_or_report(args, "ingest")
    if isinstance(engine, int):
        return engine
    ingester = Ingester(engine, who=who(args))
    done = 0
    try:
        for document in _progress(documents):
            result = ingester.ingest(document, confirmed)
            _report(result, args.json)
            done += 1
    except StoreError as exc:
        if done:
            sys.stderr.write(f"claimmap ingest: {done} document(s) were ingested before this\n")
        return store_failure("ingest", exc)
    except DataError as exc:
        return fail("ingest", exc.summary(), BAD_INPUT)
    finally:
        engine.dispose()
    return 0


def _progress(documents: list[Any]):
    """Yield the documents, with a progress bar on a terminal, else a line each (a batch)."""
    if len(documents) < 2:
        yield from documents
        return
    if sys.stderr.isatty():
        import os

        from tqdm import tqdm

        try:  # a terminal that reports no size (a bare pseudo-terminal) shows nothing
            width, height = os.get_terminal_size(sys.stderr.fileno())
        except (OSError, ValueError):
            width, height = 0, 0
        bar = tqdm(
            documents,
            desc="ingest",
            unit="doc",
            file=sys.stderr,
            ncols=width or 80,
            nrows=height or 24,
        )
        yield from bar
        return
    for number, document in enumerate(documents, 1):
        sys.stderr.write(f"claimmap ingest: [{number}/{len(documents)}] {document.name}\n")
        sys.stderr.flush()
        yield document


def _report(result: Any, as_json: bool) -> None:
    for line in result.left_out:
        _write(sys.stderr, f"claimmap ingest: warning: {result.name}: {line}")
    if as_json:
        _write(sys.stdout, json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        _write(sys.stdout, result.summary())


def _write(stream: Any, line: str) -> None:
    """Write a line without breaking a progress bar on a terminal."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        tqdm.write(line, file=stream)
    else:
        stream.write(line + "\n")
        stream.flush()
