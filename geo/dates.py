"""Dates as reported: how they are written, and how a claim's possible dates meet a window.

Every face (CLI tables, KML balloons, conflict summaries, the dashboard) writes an
event range with `dates_text`, so that "2026-01-06 to 2026-01-08 (range)" reads the
same everywhere.

One definition of the date-window rule, used by the exports, the CLI and the
dashboard; ``layers/static/claimmap/dates.js`` implements the same rule for the
map and is tested against the same cases (``tests/geo/test_dates.py``,
``tests/browser/test_time.py``).

- A claim's **possible range** is its event range when the text dates it. An
  undated claim happened no later than its document was published, so it is an
  open range ending at the document's ``published_end`` (or ``published``);
  with no publication date either, it is open at both ends.
- A window ``[start, end]`` (inclusive, either end open) **certainly** holds a
  claim whose whole possible range lies within it, **possibly** holds one whose
  range only overlaps it, and does not hold one whose range lies outside it.
  With no window at all, every claim is certainly in view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from geo.models import Claim, Source

#: How a claim meets a date window (``None``: it lies outside).
WindowMatch = Literal["certain", "possible"]
WINDOW_MATCHES: tuple[str, ...] = ("certain", "possible")

#: A possible date range: (earliest, latest), ``None`` for an open end.
DateRange = tuple[dt.date | None, dt.date | None]

#: Words of a ``date_note`` saying the analyst inferred the dates (the text does not state them).
_INFERRED = re.compile(
    r"\b(?:inferr\w*|inference|assum\w*|taken as|resolved|widened|set to|kept as"
    r"|not dated separately|same window)\b",
    re.IGNORECASE,
)


def possible_range(claim: Claim, source: Source | None) -> DateRange:
    """Return when the claimed event can have happened, as far as its report tells.

    Parameters
    ----------
    claim : the claim (its ``event_start``/``event_end`` when dated).
    source : the document carrying it (its ``published_end`` or ``published``
        bounds an undated claim), or None when unknown.
    """
    if claim.event_start is not None and claim.event_end is not None:
        return (claim.event_start, claim.event_end)
    if source is None:
        return (None, None)
    return (None, source.published_end or source.published)


def window_match(
    event_range: DateRange, start: dt.date | None, end: dt.date | None
) -> WindowMatch | None:
    """Return whether a window holds a possible range certainly, possibly, or not (None).

    Both ends of the window are inclusive; ``None`` leaves that end open.
    """
    low, high = event_range
    if start is not None and high is not None and high < start:
        return None
    if end is not None and low is not None and low > end:
        return None
    starts_inside = start is None or (low is not None and low >= start)
    ends_inside = end is None or (high is not None and high <= end)
    return "certain" if starts_inside and ends_inside else "possible"


def published_by(source: Source | None, as_of: dt.date | None) -> bool:
    """Whether the document may have been published by ``as_of`` (always, with no date).

    A document known only to a range of days counts from its first possible day
    (``published``); one with no publication date is not kept for any ``as_of``.
    """
    if as_of is None:
        return True
    return source is not None and source.published is not None and source.published <= as_of


def date_inferred(claim: Claim) -> bool:
    """Whether the claim's event dates are the analyst's inference, as its ``date_note`` says.

    True for a dated claim whose note says the dates were inferred, assumed,
    taken as, resolved, widened or set (e.g. "'Since late 2025' taken as the last
    quarter of 2025"); False for dates the text states, and for undated claims
    (whose possible range comes from their document instead).
    """
    return (
        claim.event_start is not None
        and claim.date_note is not None
        and _INFERRED.search(claim.date_note) is not None
    )


def iso(day: dt.date | None) -> str | None:
    """Return a date as ISO text, None for None."""
    return day.isoformat() if day is not None else None


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


# --------------------------------------------------------------------------- slider span

#: Most dated claims folded away at either end of a date slider (a share of them).
FOLD_SHARE = 0.1
#: A gap shorter than this many days never folds.
FOLD_MIN_GAP = 7


@dataclass(frozen=True)
class DateSpan:
    """What a date slider covers: the dated claims with their outliers folded away.

    ``low``/``high`` bound the slider; ``first``/``last`` every dated claim;
    ``before``/``after`` count the claims folded out at either end (they stay in view
    while the window is the whole period). ``playback.js`` ``domain()`` is the same rule.
    """

    low: dt.date
    high: dt.date
    first: dt.date
    last: dt.date
    before: int
    after: int

    def folded_text(self) -> str | None:
        """Say which claims the slider leaves out at its ends (None when none)."""
        parts = []
        if self.before:
            starts = "claim starts" if self.before == 1 else "claims start"
            parts.append(f"{self.before} {starts} earlier (from {self.first:%-d %b %Y})")
        if self.after:
            ends = "claim ends" if self.after == 1 else "claims end"
            parts.append(f"{self.after} {ends} later (to {self.last:%-d %b %Y})")
        return ", ".join(parts) or None


def _core_start(lows: list[int], last: int) -> int:
    """First day of the core: starts before a gap longer than the rest (and a week) fold."""
    limit, start = int(len(lows) * FOLD_SHARE), lows[0]
    for i in range(min(limit, len(lows) - 1)):
        gap = lows[i + 1] - lows[i]
        if gap > FOLD_MIN_GAP and gap > last - lows[i + 1]:
            start = lows[i + 1]
    return start


def date_span(ranges: Iterable[tuple[dt.date, dt.date]]) -> DateSpan | None:
    """Return the slider span of the dated claims' ``(start, end)`` ranges (None: none dated)."""
    pairs = list(ranges)
    if not pairs:
        return None
    lows = sorted(start.toordinal() for start, _ in pairs)
    highs = sorted(end.toordinal() for _, end in pairs)
    low = _core_start(lows, highs[-1])
    high = -_core_start([-h for h in reversed(highs)], -low)
    return DateSpan(
        low=dt.date.fromordinal(low),
        high=dt.date.fromordinal(high),
        first=dt.date.fromordinal(lows[0]),
        last=dt.date.fromordinal(highs[-1]),
        before=sum(1 for d in lows if d < low),
        after=sum(1 for d in highs if d > high),
    )
