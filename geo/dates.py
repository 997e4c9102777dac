"""Dates as reported: the one way a claim's event dates are written for people.

Every face (CLI tables, KML balloons, conflict summaries, the dashboard) writes an
event range with `dates_text`, so that "2026-01-06 to 2026-01-08 (range)" reads the
same everywhere.
"""

from __future__ import annotations

import datetime as dt

#: What is written for a claim whose document gives no event date.
NO_DATE = "no event date reported"


def span_text(start: dt.date | str, end: dt.date | str | None = None) -> str:
    """Write a range of days: "2026-01-07", or "2026-01-06 to 2026-01-08"."""
    first = start.isoformat() if isinstance(start, dt.date) else str(start)
    last = end.isoformat() if isinstance(end, dt.date) else (str(end) if end else first)
    return first if first == last else f"{first} to {last}"


def dates_text(
    start: dt.date | str | None, end: dt.date | str | None, precision: str | None = None
) -> str:
    """Describe an event range as reported: "2026-01-04 to 2026-01-11 (range)".

    ``start`` and ``end`` are dates or ISO strings; the precision is added unless it
    is "day"; with no start, `NO_DATE`.
    """
    if not start:
        return NO_DATE
    span = span_text(start, end)
    return f"{span} ({precision})" if precision and precision not in ("day", "unknown") else span
