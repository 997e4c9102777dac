"""What an export holds and records: its date window, as-of date, other filters and time.

Every export names the filter that made it and when (DESIGN.md, "Time"): the
GeoJSON ``claimmap`` foreign member, the KML Document's description, the HTML
map's title box, and two CSV columns. The window rule itself is ``geo.dates``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from geo.dates import WindowMatch, iso, possible_range, published_by, window_match


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class ExportFilter:
    """The filter an export was made with, and when.

    Parameters
    ----------
    start, end : the event-date window (inclusive; ``None`` leaves an end open).
    as_of : keep only claims from documents published by this day (``None``: all).
    other : further filters that narrowed the claims (the dashboard's types,
        outlets, search...), JSON-ready, recorded as they are.
    exported_at : when the export was made (UTC; default: now).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    other: Mapping[str, Any] = field(default_factory=dict)
    exported_at: dt.datetime = field(default_factory=_now)

    @property
    def has_window(self) -> bool:
        """Whether an event-date window is set."""
        return self.start is not None or self.end is not None

    def match(self, dataset: Any, claim: Any) -> WindowMatch | None:
        """Return how the window holds the claim (``geo.dates.window_match``)."""
        source = dataset.sources.get(claim.source_id)
        return window_match(possible_range(claim, source), self.start, self.end)

    def keeps(self, dataset: Any, claim: Any) -> bool:
        """Whether the claim is in the export: published by ``as_of`` and possibly in the window."""
        source = dataset.sources.get(claim.source_id)
        return published_by(source, self.as_of) and (
            window_match(possible_range(claim, source), self.start, self.end) is not None
        )

    def select(self, dataset: Any) -> Any:
        """Return the dataset narrowed to the claims this filter keeps (same analysis)."""
        if not self.has_window and self.as_of is None:
            return dataset
        return dataset.select(c for c in dataset.claims if self.keeps(dataset, c))

    def describe(self) -> dict[str, Any]:
        """Return the filter as JSON-ready values (dates as ISO text, ``None`` when unset)."""
        return {
            "start": iso(self.start),
            "end": iso(self.end),
            "as_of": iso(self.as_of),
            **dict(self.other),
        }

    def exported_at_text(self) -> str:
        """Return the export time as ISO 8601 UTC text (``2026-01-20T09:30:00Z``)."""
        return self.exported_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def member(self) -> dict[str, Any]:
        """Return the GeoJSON foreign member's value: ``{"filter": ..., "exported_at": ...}``."""
        return {"filter": self.describe(), "exported_at": self.exported_at_text()}

    def summary(self) -> str:
        """Return the filter and the export time in one line of plain words."""
        parts = [window_words(self.start, self.end)]
        if self.as_of is not None:
            parts.append(f"as known on {self.as_of.isoformat()}")
        parts += [f"{key.replace('_', ' ')}: {_value_words(v)}" for key, v in self.other.items()]
        parts.append(f"exported {self.exported_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC")
        return " · ".join(parts)


def window_words(start: dt.date | None, end: dt.date | None) -> str:
    """Return an event-date window in words."""
    if start is None and end is None:
        return "all event dates"
    if start is None:
        return f"events up to {end}"
    if end is None:
        return f"events from {start}"
    return f"events {start} to {end}"


def _value_words(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return ", ".join(str(v) for v in value)
    return str(value)
