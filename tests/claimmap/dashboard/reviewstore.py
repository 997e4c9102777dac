"""Stores with ingested articles for the review page's tests (real SQLite, no mocks).

The articles are written here: one plain report, one carrying hostile markup
(script and image tags, Markdown links and emphasis, Streamlit directives, an
explicit right-to-left override and a lone one, a NUL-free control character).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.ingest.document import read_document
from geo.ingest.ingest import Confirmed, Ingester
from geo.store.engine import connect
from tests.store_factory import filled_store

ARTICLE = (
    "Buses at the Shalamcheh crossing\n\n"
    "More than 60 buses crossed the Shalamcheh border crossing into Iran between January 6 "
    "and 8, an Iraqi border official told Iran International.\n"
    "Ali K., a driver from Baghdad, said he carried about 50 young men on Tuesday, Jan. 6.\n"
    "The report could not be independently verified by Iran International.\n"
)
#: Each of these must show as text and run nothing.
HOSTILE_BITS = (
    "<script>window.__pwned=1;alert('script')</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "[the official](javascript:alert(1))",
    "**Iran International**",
    ":red[red] $x^2$ `code` &amp;",
)
HOSTILE_ARTICLE = (
    f"{HOSTILE_BITS[0]} Buses at the border\n\n"
    f"More than 60 buses {HOSTILE_BITS[1]} crossed the Shalamcheh border crossing on "
    f"Tuesday, Jan. 6, 2026, {HOSTILE_BITS[2]} told {HOSTILE_BITS[3]}.\n"
    f"About 50 men \u202ewaited\u202c in Baghdad on January 7, a driver said {HOSTILE_BITS[4]}.\n"
    "Nobody else would speak \u202e about it.\n"
)
PUBLISHED = dt.date(2026, 1, 9)


def review_store(folder: Path, articles: dict[str, str] | None = None) -> str:
    """Create a store from the fixture data and ingest ``articles`` (name -> text); its URL."""
    url = filled_store(folder / "store.sqlite")
    engine = connect(url)
    try:
        ingester = Ingester(engine, who="ingester")
        for name, text in (articles or {"buses.txt": ARTICLE}).items():
            document = read_document(text.encode("utf-8"), name)
            ingester.ingest(document, Confirmed(PUBLISHED, "Iran International"))
    finally:
        engine.dispose()
    return url
