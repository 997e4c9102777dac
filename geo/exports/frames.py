"""Claims and places as GeoDataFrames (EPSG:4326): the exit for analysts in notebooks.

``claims_frame`` has one row per claim geometry with the GeoJSON export's properties
(lists stay lists); ``places_frame`` one row per gazetteer place. Both keep their
columns when empty. The GeoPackage export writes them. geopandas is imported here
only, when a frame is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.exports.geojson import claim_features
from geo.models import Place

#: Coordinate reference system of every frame: WGS84 longitude/latitude.
CRS = "EPSG:4326"

#: Gazetteer columns of ``places_frame``, in order (``geometry`` added last).
PLACE_COLUMNS = tuple(name for name in Place.model_fields if name not in ("line", "lat", "lon"))


def claims_frame(dataset: Any) -> Any:
    """Return one row per claim geometry (Point or LineString) with the claim's properties.

    Parameters
    ----------
    dataset : a ``geo.dataset.Dataset``; claims with no place have no row.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by the GeoJSON Feature id, in EPSG:4326.
    """
    import geopandas as gpd
    import pandas as pd
    import shapely

    features = list(claim_features(dataset))
    columns = _claim_columns(features)
    frame = pd.DataFrame([f["properties"] for f in features], columns=columns)
    frame.index = pd.Index([f["id"] for f in features], name="feature_id")
    geometry = shapely.from_geojson([_geojson(f["geometry"]) for f in features])
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index), crs=CRS)


def places_frame(places: Mapping[str, Place]) -> Any:
    """Return the gazetteer as points, one row per place, indexed by place id."""
    import geopandas as gpd
    import pandas as pd

    rows = [{name: getattr(place, name) for name in PLACE_COLUMNS} for place in places.values()]
    frame = pd.DataFrame(rows, columns=list(PLACE_COLUMNS))
    frame["aliases"] = frame["aliases"].map(list)
    frame.index = pd.Index(list(places), name="place_id")
    points = gpd.points_from_xy(
        [p.lon for p in places.values()], [p.lat for p in places.values()], crs=CRS
    )
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, index=frame.index), crs=CRS)


def _geojson(geometry: dict[str, Any]) -> str:
    import json

    return json.dumps(geometry)


def _claim_columns(features: list[dict[str, Any]]) -> list[str]:
    """Return the properties' names in order: the first feature's, else every claim field."""
    if features:
        return list(features[0]["properties"])
    from geo.exports.geojson import GEOMETRY_FIELDS
    from geo.records import CLAIM_FIELDS, DOCUMENT_FIELDS

    return [*CLAIM_FIELDS, *DOCUMENT_FIELDS, *GEOMETRY_FIELDS]
