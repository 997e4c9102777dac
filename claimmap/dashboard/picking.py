"""Map features on the dashboard: which one a click landed on, and how to name them.

Works on ``layers.features.layer_collections`` dicts (plain GeoJSON), so it
needs neither folium nor Streamlit:

- `pick_feature`: which feature a click (lat/lng, tooltip text) landed on;
- `features_by_id`, `only_layers`: look features up, hide whole layers;
- `feature_label`: a feature's name in a picker.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in metres (plenty for picking the nearest feature)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000.0 * math.hypot(x, y)


def _segment_metres(lat: float, lon: float, a: list[float], b: list[float]) -> float:
    """Distance from a point to a segment (GeoJSON [lon, lat] ends), locally projected."""
    k = math.cos(math.radians(lat))
    ax, ay, bx, by = (a[0] - lon) * k, a[1] - lat, (b[0] - lon) * k, b[1] - lat
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return 6_371_000.0 * math.radians(math.hypot(ax + t * dx, ay + t * dy))


def _in_ring(lat: float, lng: float, ring: list[list[float]]) -> bool:
    """Ray casting: whether a point is inside a closed ring of [lon, lat] positions."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lng < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_polygon(lat: float, lng: float, rings: list[list[list[float]]]) -> bool:
    return (
        bool(rings)
        and _in_ring(lat, lng, rings[0])
        and not any(_in_ring(lat, lng, hole) for hole in rings[1:])
    )


def _polygon_edges(rings: list[list[list[float]]]) -> Iterable[tuple[list[float], list[float]]]:
    for ring in rings:
        yield from zip(ring, ring[1:], strict=False)


def feature_distance(feature: Mapping[str, Any], lat: float, lng: float) -> float:
    """How far a click is from a feature, in metres (0 inside an area's circle or outline)."""
    geometry = feature.get("geometry") or {}
    coords = geometry.get("coordinates")
    kind = geometry.get("type")
    props = feature.get("properties") or {}
    if not coords:
        return math.inf
    if kind == "Point":
        distance = _metres(lat, lng, coords[1], coords[0])
        radius = float(props.get("radius_m") or 0)
        return max(0.0, distance - radius) if props.get("layer") in ("areas", "sites") else distance
    if kind == "LineString":
        if len(coords) == 1:
            return _metres(lat, lng, coords[0][1], coords[0][0])
        return min(
            _segment_metres(lat, lng, a, b) for a, b in zip(coords, coords[1:], strict=False)
        )
    if kind in ("Polygon", "MultiPolygon"):
        polygons = [coords] if kind == "Polygon" else coords
        if any(_in_polygon(lat, lng, rings) for rings in polygons):
            return 0.0
        return min(
            _segment_metres(lat, lng, a, b) for rings in polygons for a, b in _polygon_edges(rings)
        )
    return math.inf


def _area_size(feature: Mapping[str, Any]) -> float:
    """Rank nested areas: a circle's radius, or half an outline's bounding-box diagonal."""
    geometry = feature.get("geometry") or {}
    if geometry.get("type") in ("Polygon", "MultiPolygon"):
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        lons = [p[0] for rings in polygons for ring in rings for p in ring]
        lats = [p[1] for rings in polygons for ring in rings for p in ring]
        return _metres(min(lats), min(lons), max(lats), max(lons)) / 2
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
