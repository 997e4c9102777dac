"""The offline base map: simplified country borders around the claims.

Drawn by claimmap's JS in a pane below the tiles, so the map has a background
with no network, and still has one when tiles are switched on but cannot load.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

#: Degrees added around the claims' extent, so panning a little still shows land.
MARGIN_DEG = 12.0
#: Simplification tolerance in degrees (about 2 km): enough for a regional map.
TOLERANCE_DEG = 0.02
#: The region shown when there is nothing to draw (Iraq and Iran).
DEFAULT_BBOX = (38.0, 24.0, 64.0, 40.0)


def collections_bbox(
    collections: Mapping[str, Mapping[str, Any]],
) -> tuple[float, float, float, float] | None:
    """Return the (min_lon, min_lat, max_lon, max_lat) of every feature, or None when empty."""
    import shapely

    shapes = [
        shapely.from_geojson(json.dumps(feature["geometry"]))
        for collection in collections.values()
        for feature in collection.get("features", ())
        if feature.get("geometry")
    ]
    if not shapes:
        return None
    west, south, east, north = (float(v) for v in shapely.total_bounds(shapes))
    return (west, south, east, north)


def border_bbox(
    collections: Mapping[str, Mapping[str, Any]], margin: float = MARGIN_DEG
) -> tuple[float, float, float, float]:
    """Return the region whose borders the map carries: the claims' extent plus ``margin``."""
    box = collections_bbox(collections) or DEFAULT_BBOX
    return (
        max(-180.0, box[0] - margin),
        max(-85.0, box[1] - margin),
        min(180.0, box[2] + margin),
        min(85.0, box[3] + margin),
    )


#: Countries smaller than this (square degrees, within the region) get no name label.
LABEL_MIN_AREA = 1.0


def add_label_points(outlines: dict[str, Any], min_area: float = LABEL_MIN_AREA) -> dict[str, Any]:
    """Give each large enough country a ``label_point`` ([lon, lat] inside it), in place.

    claimmap's JS writes the country's name there on the offline base map.
    """
    from shapely.geometry import shape

    for feature in outlines.get("features", ()):
        geometry = shape(feature["geometry"])
        if geometry.is_empty or geometry.area < min_area:
            continue
        # The largest part, so that a country's name is not put on an island.
        parts = getattr(geometry, "geoms", [geometry])
        point = max(parts, key=lambda part: part.area).representative_point()
        feature["properties"]["label_point"] = [round(point.x, 3), round(point.y, 3)]
    return outlines


def border_features(
    collections: Mapping[str, Mapping[str, Any]],
    *,
    margin: float = MARGIN_DEG,
    tolerance: float = TOLERANCE_DEG,
) -> dict[str, Any]:
    """Return country outlines (GeoJSON FeatureCollection) around the given claim layers.

    Uses ``geo.boundaries.outline_features`` (Natural Earth 10 m, shipped in a wheel);
    large countries carry a ``label_point`` for their name.
    """
    from geo.boundaries import outline_features

    return add_label_points(outline_features(border_bbox(collections, margin), tolerance))
