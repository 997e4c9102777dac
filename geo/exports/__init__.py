"""Claims to files other tools read: GeoJSON (QGIS), CSV (spreadsheets), KML (Google Earth).

Each format is one module with a function that returns the content and one
that writes it atomically (``geo.atomic``). The HTML map export lives in
``layers/`` (it draws the map layers); the table of every format, which
``claimmap export`` and the dashboard share, is ``claimmap.exports``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def select_window(dataset: Any, start: dt.date | None, end: dt.date | None) -> Any:
    """Return the dataset with the claims whose event range overlaps [start, end].

    Both ends are inclusive and either may be open (None). A claim with no
    event date is kept only when no window is given (``geo.models.Claim.overlaps``).
    The provenance analysis (independent sources, conflicts) stays the one
    computed over all claims.
    """
    if start is None and end is None:
        return dataset
    return dataset.select(c for c in dataset.claims if c.overlaps(start, end))


__all__ = ["select_window"]
