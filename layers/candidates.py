"""A small map of one draft's places and place candidates (the dashboard's review page).

A bare folium map like the claim map (`layers.render`): no tiles, no folium CDN
assets; Leaflet is linked from the vendor files Streamlit serves, and the offline
country outlines of `layers.basemap` are the background. The draft's places are
drawn dark (inferred ones dashed), the other candidates light, each with a
tooltip naming it and the words it was found for. Tooltip text comes from
documents: every character that HTML or folium's JavaScript template could read
is escaped (`tooltip_text`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import folium

from layers import assets, basemap

#: role -> (stroke colour, fill colour, radius, dash pattern): Paul Tol's palette.
ROLE_STYLES: dict[str, tuple[str, str, int, str | None]] = {
    "chosen": ("#332288", "#332288", 8, None),
    "inferred": ("#332288", "#88CCEE", 8, "4 3"),
    "candidate": ("#777777", "#DDDDDD", 6, None),
}
ROLE_LABELS = {"chosen": "on the claim", "inferred": "inferred", "candidate": "candidate"}
MAX_ZOOM = 9
#: Degrees of outline drawn around the points (less than the claim map: a small map).
MARGIN_DEG = 6.0
TOLERANCE_DEG = 0.05


def tooltip_text(text: str) -> str:
    """Escape text for a folium tooltip: HTML, and JS template literal characters too.

    folium writes a tooltip into a JavaScript template literal as HTML, so a backtick,
    ``${`` or a backslash would end or change the literal; they become entities.
    """
    escaped = html.escape(text, quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def point_tooltip(point: Mapping[str, Any]) -> str:
    """Return the escaped tooltip of a point: name, kind, role, the words and the score."""
    parts = [str(point.get("name") or point.get("id") or "")]
    kind = str(point.get("kind") or "").replace("_", " ")
    role = ROLE_LABELS.get(str(point.get("role")), "candidate")
    parts.append(f"({kind}, {role})" if kind else f"({role})")
    if point.get("mention"):
        parts.append(f"for “{point['mention']}”")
    if isinstance(point.get("score"), int | float):
        parts.append(f"score {point['score']:.2f}")
    return tooltip_text(" ".join(parts))


def outline_collection(points: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Return the country outlines around the points (`layers.basemap.border_features`)."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]}}
        for p in points
    ]
    points_layer = {"points": {"type": "FeatureCollection", "features": features}}
    return basemap.border_features(points_layer, margin=MARGIN_DEG, tolerance=TOLERANCE_DEG)


def candidates_map(
    points: Sequence[Mapping[str, Any]],
    *,
    borders: Mapping[str, Any] | None = None,
    height: int = 260,
) -> folium.Map:
    """Build the small map of a draft's places and candidates.

    Parameters
    ----------
    points : ``lat``, ``lon``, ``name``, ``kind``, ``role`` (chosen, inferred or
        candidate), ``mention``, ``score`` (``claimmap.dashboard.reviewing.map_points``).
    borders : country outlines (default: `outline_collection` of the points).
    height : the map's height in pixels.
    """
    fmap = folium.Map(location=None, tiles=None, height=height, control_scale=True)
    fmap.options.update(max_zoom=MAX_ZOOM + 4, min_zoom=1)
    _assets(fmap)
    outline = borders if borders is not None else outline_collection(points)
    folium.GeoJson(
        dict(outline),
        style_function=lambda _: {
            "color": "#9aa0a6",
            "weight": 1,
            "fillColor": "#f3f4f6",
            "fillOpacity": 1,
        },  # fmt: skip
        interactive=False,
    ).add_to(fmap)
    ordered = sorted(points, key=lambda p: p.get("role") != "candidate")  # drafts' on top
    for point in ordered:
        stroke, fill, radius, dash = ROLE_STYLES.get(
            str(point.get("role")), ROLE_STYLES["candidate"]
        )
        folium.CircleMarker(
            location=(float(point["lat"]), float(point["lon"])),
            radius=radius, color=stroke, fill=True, fill_color=fill, fill_opacity=0.9,
            weight=2, dash_array=dash, tooltip=folium.Tooltip(point_tooltip(point)),
        ).add_to(fmap)  # fmt: skip
    _fit(fmap, points)
    return fmap


def _assets(fmap: folium.Map) -> None:
    """Leaflet only, linked from the pinned vendor files Streamlit serves (no folium CDN)."""
    fmap.default_js = assets.js_links((assets.LEAFLET,))
    fmap.default_css = assets.css_links((assets.LEAFLET,))


def _fit(fmap: folium.Map, points: Sequence[Mapping[str, Any]]) -> None:
    if not points:
        west, south, east, north = basemap.DEFAULT_BBOX
        fmap.fit_bounds([[south, west], [north, east]])
        return
    lats = [float(p["lat"]) for p in points]
    lons = [float(p["lon"]) for p in points]
    pad = 1.0  # degrees, so that a single point is not shown at the largest zoom
    fmap.fit_bounds(
        [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]],
        max_zoom=MAX_ZOOM,
    )
