"""Map features on the dashboard: which one a click landed on, and how to name them.

Works on ``layers.features.layer_collections`` dicts (plain GeoJSON), so it
needs neither folium nor Streamlit:

- `pick_feature`: which feature a click (lat/lng, tooltip text) landed on;
- `features_by_id`, `only_layers`: look features up, hide whole layers;
- `feature_label`: a feature's name in a picker.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from geo.geometry import distance_m


def _shape(geometry: Mapping[str, Any]) -> Any:
    import shapely

    return shapely.from_geojson(json.dumps(geometry))


def _nearest(shape: Any, lat: float, lng: float) -> tuple[float, float]:
    """Return the (lon, lat) of ``shape`` nearest to the click, longitudes scaled to the latitude.

    Degrees of longitude shrink with latitude: the search runs in a plane where one
    degree east is ``cos(lat)`` as long as one degree north, like the map's own view.
    """
    import shapely

    k = max(math.cos(math.radians(lat)), 1e-6)
    scaled = shapely.transform(shape, lambda xy: xy * (k, 1.0))
    point = shapely.shortest_line(scaled, shapely.Point(lng * k, lat)).coords[0]
    return point[0] / k, point[1]


def feature_distance(feature: Mapping[str, Any], lat: float, lng: float) -> float:
    """How far a click is from a feature, in metres (0 inside an area's circle or outline)."""
    import shapely

    geometry = feature.get("geometry") or {}
    if not geometry.get("coordinates"):
        return math.inf
    props = feature.get("properties") or {}
    shape = _shape(geometry)
    if shape.is_empty:
        return math.inf
    if geometry["type"] in ("Polygon", "MultiPolygon") and shapely.intersects_xy(shape, lng, lat):
        return 0.0
    lon, near_lat = _nearest(shape, lat, lng)
    distance = distance_m(lat, lng, near_lat, lon)
    if geometry["type"] == "Point" and props.get("layer") in ("areas", "sites"):
        return max(0.0, distance - float(props.get("radius_m") or 0))
    return distance


def _area_size(feature: Mapping[str, Any]) -> float:
    """Rank nested areas: a circle's radius, or half an outline's bounding-box diagonal."""
    geometry = feature.get("geometry") or {}
    if geometry.get("type") in ("Polygon", "MultiPolygon"):
        west, south, east, north = _shape(geometry).bounds
        return distance_m(south, west, north, east) / 2
    return float((feature.get("properties") or {}).get("radius_m") or 0)


def _is_area(feature: Mapping[str, Any]) -> bool:
    geometry = feature.get("geometry") or {}
    if geometry.get("type") in ("Polygon", "MultiPolygon"):
        return True
    props = feature.get("properties") or {}
    return props.get("layer") in ("areas", "sites") and float(props.get("radius_m") or 0) > 0


def iter_features(collections: Mapping[str, Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    """Every feature of a ``layer_collections`` dict, layer by layer."""
    for collection in collections.values():
        yield from collection.get("features", ())


def pick_feature(
    collections: Mapping[str, Mapping[str, Any]],
    lat: float,
    lng: float,
    tooltip: str | None = None,
    *,
    hit_metres: float = 20_000.0,
    max_metres: float = 150_000.0,
) -> str | None:
    """Return the feature id a map click landed on, or None when nothing is near.

    A tooltip text naming features (label or feature id) narrows the candidates.
    Then a point or line within ``hit_metres`` wins (the nearest); else the
    smallest area (circle or outline) holding the click; else the nearest feature
    within ``max_metres``.

    Parameters
    ----------
    collections : ``layers.features.layer_collections`` output (as drawn).
    lat, lng : where the click landed (``st_folium``'s ``last_object_clicked``).
    tooltip : the clicked object's tooltip text, when the map returned one.
    hit_metres : how close a click must be to a point or line to hit it.
    max_metres : clicks further than this from every feature select nothing.
    """
    features = list(iter_features(collections))
    if tooltip:
        text = " ".join(str(tooltip).split())

        def names(feature: Mapping[str, Any]) -> tuple[str, str]:
            props = feature.get("properties") or {}
            return str(props.get("feature_id", "")), " ".join(str(props.get("label", "")).split())

        exact = [f for f in features if text in names(f)]
        named = exact or [f for f in features if any(n and n in text for n in names(f))]
        if named:
            features = named
    hits: list[tuple[float, str]] = []
    inside: list[tuple[float, str]] = []
    near: list[tuple[float, str]] = []
    for feature in features:
        props = feature.get("properties") or {}
        fid = str(props.get("feature_id"))
        distance = feature_distance(feature, lat, lng)
        is_area = _is_area(feature)
        if is_area and distance == 0.0:
            inside.append((_area_size(feature), fid))
        elif not is_area and distance <= hit_metres:
            hits.append((distance, fid))
        if distance <= max_metres:
            near.append((distance, fid))
    for candidates in (hits, inside, near):
        if candidates:
            return min(candidates)[1]
    return None


def features_by_id(collections: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every feature of a ``layer_collections`` dict by its ``feature_id``, in drawing order."""
    return {f["properties"]["feature_id"]: f for f in iter_features(collections)}


def only_layers(
    collections: Mapping[str, Mapping[str, Any]], layers: Collection[str] | None
) -> dict[str, dict[str, Any]]:
    """Return the collections with the layers not in ``layers`` emptied (None: every layer).

    Every layer stays present (empty), so the map's layer control lists the same layers.
    """
    return {
        name: dict(coll) if layers is None or name in layers else {**coll, "features": []}
        for name, coll in collections.items()
    }


def feature_label(feature: Mapping[str, Any], layer_labels: Mapping[str, str] | None = None) -> str:
    """Name a feature in a picker: "Shalamcheh crossing · Border crossings · 3 claims".

    Parameters
    ----------
    feature : a GeoJSON feature of ``layer_collections``.
    layer_labels : readable layer names (``layers.style.LAYER_STYLES`` labels);
        a layer not in it shows its own name.
    """
    props = feature["properties"]
    layer = (layer_labels or {}).get(props["layer"], props["layer"])
    count = len(props.get("claim_ids") or ())
    return f"{props.get('label')} · {layer} · {count} claim{'s' if count != 1 else ''}"
