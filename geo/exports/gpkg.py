"""GeoPackage export (QGIS, GDAL): a ``claims`` layer and a ``places`` layer.

``claims``: ``geo.exports.frames.claims_frame``, one feature per claim
geometry with the GeoJSON export's properties (a Point per place, a LineString
per route; claims with no place are left out); lists and objects (actors,
quantities, place ids, conflicts) become JSON text, since a GeoPackage column
holds one value. ``places``: ``places_frame``, every gazetteer place as a Point
(aliases as JSON text). WGS84 (EPSG:4326). Written with pyogrio into a
temporary file that replaces the target once complete.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from geo.atomic import atomic_path


def _cell(value: Any) -> Any:
    """Return a value a GeoPackage column can hold: lists and dicts as JSON text."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return value


def _flat(frame: Any) -> Any:
    """Return a copy of the frame whose list and dict cells are JSON text, index as a column."""
    flat = frame.reset_index()
    for column in flat.columns:
        if column != flat.geometry.name and flat[column].dtype == object:
            flat[column] = flat[column].map(_cell)
    return flat


def write_gpkg(dataset: Any, path: str | os.PathLike[str]) -> Path:
    """Write the two layers to ``path`` atomically (an existing file is never half-written)."""
    import pyogrio

    from geo.exports.frames import claims_frame, places_frame

    claims, places = _flat(claims_frame(dataset)), _flat(places_frame(dataset.places))
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL creates the GeoPackage itself
        pyogrio.write_dataframe(
            claims,
            tmp,
            layer="claims",
            driver="GPKG",
            geometry_type="Unknown",
            promote_to_multi=False,
        )
        pyogrio.write_dataframe(places, tmp, layer="places", driver="GPKG", geometry_type="Point")
    return Path(path)


def to_gpkg(dataset: Any) -> bytes:
    """Return the GeoPackage as bytes (GDAL writes files: through a temporary one)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimmap-gpkg-") as tmp:
        return write_gpkg(dataset, Path(tmp) / "claims.gpkg").read_bytes()
