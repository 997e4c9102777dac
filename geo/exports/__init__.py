"""Claims to files other tools read: GeoJSON and GeoPackage (QGIS), CSV, KML (Google Earth).

Each format is one module with a function that returns the content and one
that writes it atomically (``geo.atomic``). The HTML map export lives in
``layers/`` (it draws the map layers); ``claimmap export`` dispatches to both.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

#: Formats written by geo/ (``html`` is written by layers.html).
FORMATS = ("geojson", "csv", "kml", "gpkg")


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


def write_export(dataset: Any, fmt: str, path: str | os.PathLike[str]) -> Path:
    """Write ``dataset``'s claims to ``path`` in ``fmt`` (one of :data:`FORMATS`).

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
    elif fmt == "gpkg":
        from geo.exports.gpkg import write_gpkg as write
    else:
        raise ValueError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return write(dataset, path)


__all__ = ["FORMATS", "select_window", "write_export"]
