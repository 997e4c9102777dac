"""Claims to files other tools read: GeoJSON (QGIS), CSV (spreadsheets), KML/KMZ (Google Earth).

Each format is one module with a function that returns the content and one
that writes it atomically (``geo.atomic``). The HTML map export lives in
``layers/`` (it draws the map layers); ``claimmap export`` dispatches to both.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from geo.exports.selection import ExportFilter

#: Formats written by geo/ (``html`` is written by layers.html).
FORMATS = ("geojson", "csv", "kml", "kmz")


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


def write_export(
    dataset: Any,
    fmt: str,
    path: str | os.PathLike[str],
    export_filter: ExportFilter | None = None,
) -> Path:
    """Write ``dataset``'s claims to ``path`` in ``fmt`` (one of :data:`FORMATS`).

    ``export_filter`` is what selected them (it gives each claim its
    ``window_match`` and is recorded in the file); default: no filter, now.
    The file is replaced atomically: on any error an existing file is untouched.

    Raises
    ------
    ValueError
        For an unknown format.
    """
    if fmt == "geojson":
        from geo.exports.geojson import write_geojson as write
    elif fmt == "csv":
        from geo.exports.csv import write_csv as write
    elif fmt == "kml":
        from geo.exports.kml import write_kml as write
    elif fmt == "kmz":
        from geo.exports.kml import write_kmz as write
    else:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return write(dataset, path, export_filter)


__all__ = ["FORMATS", "ExportFilter", "select_window", "write_export"]
