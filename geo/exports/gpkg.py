"""GeoPackage export (QGIS, GDAL): a ``claims`` layer and a ``places`` layer.

``claims``: one feature per claim geometry, exactly the GeoJSON export's
Features (a Point per place, a LineString per route; claims with no place are
left out), with the same properties; lists and objects (actors, quantities,
place ids, conflicts) are JSON text, since a GeoPackage column holds one value.
``places``: every place of the gazetteer as a Point with its attributes
(aliases as JSON text). WGS84 (EPSG:4326). Written through geopandas and
pyogrio into a temporary file that replaces the target once complete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo.atomic import atomic_path
from geo.exports.geojson import GEOMETRY_FIELDS, claim_features
from geo.gazetteer import COLUMNS
from geo.records import EXPORT_FIELDS

CRS = "EPSG:4326"


def _cell(value: Any) -> Any:
    """Return a value a GeoPackage column can hold: lists and dicts as JSON text."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return value


def _frame(rows: list[dict[str, Any]], geometries: list[Any], columns: Iterable[str]) -> Any:
    import geopandas as gpd

    names = list(dict.fromkeys([*columns, *(k for row in rows for k in row)]))
    data = {name: [_cell(row.get(name)) for row in rows] for name in names}
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometries, crs=CRS), crs=CRS)


def claims_frame(dataset: Any) -> Any:
    """Return the ``claims`` layer as a GeoDataFrame (one row per claim geometry)."""
    from shapely.geometry import shape

    features = list(claim_features(dataset))
    rows = [{"feature_id": f["id"], **f["properties"]} for f in features]
    return _frame(
        rows,
        [shape(f["geometry"]) for f in features],
        ["feature_id", *EXPORT_FIELDS, *GEOMETRY_FIELDS],
    )


def places_frame(dataset: Any) -> Any:
    """Return the ``places`` layer as a GeoDataFrame (one Point per place)."""
    from shapely.geometry import Point

    places = list(dataset.places.values())
    rows = [{column: getattr(p, column) for column in COLUMNS} for p in places]
    return _frame(rows, [Point(p.lon, p.lat) for p in places], COLUMNS)


def to_gpkg(dataset: Any) -> bytes:
    """Return the GeoPackage as bytes (GDAL writes files: through a temporary one)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimmap-gpkg-") as tmp:
        return write_gpkg(dataset, Path(tmp) / "claims.gpkg").read_bytes()


def write_gpkg(dataset: Any, path: str | os.PathLike[str]) -> Path:
    """Write the two layers to ``path`` atomically (an existing file is never half-written)."""
    import pyogrio

    claims, places = claims_frame(dataset), places_frame(dataset)
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
