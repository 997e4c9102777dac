"""Claims to files other tools read: GeoJSON (QGIS), CSV (spreadsheets), KML/KMZ (Google Earth).

Each format is one module with a function that returns the content and one
that writes it atomically (``geo.atomic``). The HTML map export lives in
``layers/`` (it draws the map layers); the table of every format, which
``claimmap export`` and the dashboard share, is ``claimmap.exports``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo.exports.selection import ExportFilter


def select_window(
    dataset: Any, start: dt.date | None, end: dt.date | None, as_of: dt.date | None = None
) -> Any:
    """Return the dataset with the claims whose possible range overlaps [start, end].

    Both ends are inclusive and either may be open (None). An undated claim's
    possible range ends at its document's publication (``geo.dates``). With
    ``as_of``, only claims from documents published by that day are kept. The
    provenance analysis (independent sources, conflicts) stays the one computed
    over all claims.
    """
    return ExportFilter(start=start, end=end, as_of=as_of).select(dataset)


__all__ = ["ExportFilter", "select_window"]
