"""The words around a printed map: title, filter, counts and sources.

Pure functions of the data set and the window, so the map, the PDF brief and
the tests share one wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from geo.models import Source
from geo.provenance import outlet_name
from layers.publish.text import clean

#: Words of a document title kept in a footer.
TITLE_WORDS = 8


def day(date: dt.date) -> str:
    """Return ``6 January 2026``."""
    return f"{date.day} {date:%B %Y}"


def date_range(start: dt.date | None, end: dt.date | None, short: bool = False) -> str:
    """Return a date range in words: ``4–14 January 2026``, ``28 Dec 2025 – 3 Jan 2026``.

    ``short`` uses abbreviated month names. One date is written once; an open
    end as ``from ...`` or ``up to ...``; no dates as ``all dates``.
    """
    month = "%b" if short else "%B"
    if start and end:
        if start == end:
            return f"{start.day} {start:{month} %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:{month} %Y}"
        if start.year == end.year:
            return f"{start.day} {start:{month}} – {end.day} {end:{month} %Y}"
        return f"{start.day} {start:{month} %Y} – {end.day} {end:{month} %Y}"
    if start:
        return f"from {start.day} {start:{month} %Y}"
    if end:
        return f"up to {end.day} {end:{month} %Y}"
    return "all dates"


def title(start: dt.date | None, end: dt.date | None, custom: str | None = None) -> str:
    """Return the map's title: ``custom`` when given, else the claims and the window."""
    if custom and clean(custom):
        return clean(custom)
    return f"Reported claims, {date_range(start, end)}"


def filter_line(
    dataset: Any,
    total: int | None,
    start: dt.date | None,
    end: dt.date | None,
    note: str | None = None,
) -> str:
    """Return the line that states the filter and what is in view.

    ``total`` is the size of the whole data set (``38 of 116 claims``), when known.
    """
    if start or end:
        window = (
            f"Event dates overlapping {start.isoformat() if start else 'any day'} to "
            f"{end.isoformat() if end else 'any day'} (both days included; undated claims left out)"
        )
    else:
        window = "All event dates, undated claims included"
    mapped = sum(1 for claim in dataset.claims if claim.places)
    shown = len(dataset.claims)
    of = f" of {total}" if total is not None and total != shown else ""
    counts = f"{shown}{of} claims in view, {mapped} with a place on the map"
    parts = [window, counts] + ([clean(note)] if note and clean(note) else [])
    return " · ".join(parts)


def documents_in_view(dataset: Any) -> list[Source]:
    """Return the documents that carry the claims in view, by publication date."""
    ids = dict.fromkeys(claim.source_id for claim in dataset.claims)
    docs = [dataset.sources[i] for i in ids if i in dataset.sources]
    return sorted(docs, key=lambda s: (s.published is None, s.published or dt.date.min, s.id))


def short_title(source: Source) -> str:
    """Return the first words of a document's title."""
    words = clean(source.title or source.name).split()
    return " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")


def source_text(source: Source) -> str:
    """Return ``The Media Line, “For $600, Iraqi Militia…” (12–18 Jan 2026)``."""
    outlet = clean(source.outlet) if source.outlet else "unnamed outlet"
    when = date_range(source.published, source.published_end or source.published, short=True)
    when = "date unknown" if when == "all dates" else when
    return f"{outlet}, “{short_title(source)}” ({when})"


def sources_line(documents: Iterable[Source]) -> str:
    """Return the footer's list of sources."""
    texts = [source_text(doc) for doc in documents]
    if not texts:
        return "Sources: none (no claim in view)."
    return "Sources: " + "; ".join(texts) + "."


def outlets(dataset: Any) -> list[str]:
    """Return the outlets of the claims in view, in order of first appearance."""
    return list(
        dict.fromkeys(
            clean(outlet_name(dataset.sources.get(c.source_id), c.source_id))
            for c in dataset.claims
        )
    )


CREDITS = (
    "Base map: Natural Earth 10 m countries (public domain). Lambert conformal conic "
    "projection. Every item is a claim as reported, not a verified fact. Made with claimmap"
)
