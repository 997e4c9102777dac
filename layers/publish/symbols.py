"""The claims on the printed map: areas, ground routes, flights and places.

Drawn from ``layers.features.layer_collections`` (the same features as the web
map), in its layer order, with the web map's colour and shape per claim type:

- areas of uncertainty: a province as a dashed, translucent geodesic circle of
  its ``radius_m``; a whole country as its dashed, translucent outline;
- ground routes: solid lines with a white casing, an arrowhead at the end;
- flights: dashed arcs (a symbol for "by air", not the track flown), arrowhead
  at the destination;
- crossings and other places: a marker of the type's shape, sized by the number
  of claims; a black edge where sources conflict;
- the places that routes and flights join: small dark dots.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from layers.publish import ink as colours
from layers.publish.frame import MapFrame
from layers.style import style_for

#: Bulge of a flight arc, as a share of its length.
ARC_BULGE = 0.16


@dataclass(frozen=True)
class Mark:
    """Something drawn at a place: where, how large, and how many claims it carries."""

    place_id: str
    x: float
    y: float
    size: float  # marker diameter, points
    claims: int
    layer: str


def claim_count(feature: Mapping[str, Any]) -> int:
    """Return how many claims a feature carries (cut lists keep ``claim_count``)."""
    props = feature["properties"]
    return int(props.get("claim_count") or len(props.get("claim_ids") or ()))


def marker_size(ink: colours.Ink, claims: int) -> float:
    """Return a marker's diameter in points: it grows with the square root of the claims."""
    return ink.pt(min(7.0 + 2.2 * math.sqrt(max(claims, 1)), 22.0))


def draw_areas(ax: Any, frame: MapFrame, features: Iterable[Mapping[str, Any]], ink: Any) -> None:
    """Draw provinces as circles and countries as outlines, dashed and translucent."""
    import shapely
    from matplotlib.patches import PathPatch, Polygon
    from shapely.geometry import shape

    from layers.publish.basemap import geometry_path

    view = shapely.box(*frame.bounds)
    for feature in features:
        props, geometry = feature["properties"], feature["geometry"]
        color = style_for(props.get("primary_type")).color
        # A whole country is tinted lightly, its edge thin and never black: a heavy
        # dashed line along a national border would read as a front line.
        country = geometry["type"] != "Point"
        conflict = bool(props.get("conflict")) and not country
        look = {
            "facecolor": color,
            "edgecolor": colours.CONFLICT_EDGE if conflict else color,
            "linewidth": ink.pt(0.7 if country else 1.4 if conflict else 1.0),
            "linestyle": (0, (5, 3)),
            "zorder": 1.8 if country else 2,
        }
        if geometry["type"] == "Point":
            lon, lat = geometry["coordinates"][:2]
            ring = frame.circle(lon, lat, float(props.get("radius_m") or 1000.0))
            patch = Polygon(ring, closed=True, alpha=None, **look)
        else:
            projected = shapely.intersection(frame.project_geometry(shape(geometry)), view)
            if projected.is_empty:
                continue
            patch = PathPatch(geometry_path(projected), **look)
        patch.set_facecolor((*_rgb(color), 0.05 if country else 0.10))
        patch.set_edgecolor((*_rgb(look["edgecolor"]), 0.6 if country else 0.85))
        ax.add_patch(patch)


def _rgb(color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(color)


def _xy(frame: MapFrame, coords: list[list[float]]) -> tuple[Any, Any]:
    import numpy as np

    array = np.asarray(coords, dtype=float)
    return frame.project(array[:, 0], array[:, 1])


def arc(x0: float, y0: float, x1: float, y1: float, steps: int = 48) -> tuple[Any, Any]:
    """Return a quadratic Bézier arc from (x0, y0) to (x1, y1), bulging to the left."""
    import numpy as np

    t = np.linspace(0.0, 1.0, steps)
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 - dy * ARC_BULGE, (y0 + y1) / 2 + dx * ARC_BULGE
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
    return xs, ys


def _arrowhead(xs: Any, ys: Any, gap: float, length: float, width: float) -> Any:
    """Return the triangle (3 x 2) of an arrowhead ``gap`` short of a line's end (data units)."""
    import numpy as np

    k = max(1, len(xs) // 12)
    direction = np.array([xs[-1] - xs[-1 - k], ys[-1] - ys[-1 - k]], dtype=float)
    direction /= max(float(np.hypot(*direction)), 1e-9)
    normal = np.array([-direction[1], direction[0]])
    tip = np.array([xs[-1], ys[-1]]) - direction * gap
    base = tip - direction * length
    return np.array([tip, base + normal * width / 2, base - normal * width / 2])


def draw_lines(
    ax: Any, frame: MapFrame, features: Iterable[Mapping[str, Any]], ink: Any, flights: bool
) -> None:
    """Draw ground routes (solid) or flights (dashed arcs), each with an arrowhead.

    All lines of a layer are one collection (and their casings another), so that
    ten thousand claims draw in seconds.
    """
    import numpy as np
    from matplotlib.collections import LineCollection, PolyCollection

    per_point = (frame.bounds[2] - frame.bounds[0]) / (
        ax.get_window_extent().width * 72 / ax.figure.dpi
    )
    lines, colors, casings, heads = [], [], [], []
    for feature in features:
        props = feature["properties"]
        xs, ys = _xy(frame, feature["geometry"]["coordinates"])
        if flights:
            xs, ys = arc(xs[0], ys[0], xs[-1], ys[-1])
        lines.append(np.column_stack([xs, ys]))
        colors.append(style_for(props.get("primary_type")).color)
        casings.append(colours.CONFLICT_EDGE if props.get("conflict") else colours.HALO)
        heads.append(
            _arrowhead(
                xs, ys, ink.pt(5) * per_point, ink.pt(7) * per_point, ink.pt(4.6) * per_point
            )
        )
    if not lines:
        return
    width = ink.pt(1.8 if flights else 2.4)
    ax.add_collection(
        LineCollection(
            lines,
            colors=casings,
            linewidths=width + ink.pt(1.6),
            capstyle="round",
            alpha=0.9,
            zorder=3,
        )
    )
    style = (0, (4, 2.2)) if flights else "solid"
    ax.add_collection(
        LineCollection(
            lines, colors=colors, linewidths=width, linestyles=style, capstyle="round", zorder=4
        )
    )
    ax.add_collection(PolyCollection(heads, facecolors=colors, edgecolors="none", zorder=4.5))


def draw_points(
    ax: Any, frame: MapFrame, layers: Mapping[str, Iterable[Mapping[str, Any]]], ink: Any
) -> list[Mark]:
    """Draw crossings and places as markers, largest first; return what was drawn."""
    marks: list[tuple[Mapping[str, Any], Mark]] = []
    for layer, features in layers.items():
        for feature in features:
            lon, lat = feature["geometry"]["coordinates"][:2]
            x, y = frame.project(lon, lat)
            count = claim_count(feature)
            place_id = feature["properties"]["place_ids"][0]
            marks.append((feature, Mark(place_id, x, y, marker_size(ink, count), count, layer)))
    marks.sort(key=lambda pair: -pair[1].size)
    for feature, mark in marks:
        props = feature["properties"]
        look = style_for(props.get("primary_type"))
        marker = colours.MARKERS.get(look.shape, "o")
        conflict = bool(props.get("conflict"))
        ax.plot(
            [mark.x],
            [mark.y],
            linestyle="none",
            marker=marker,
            markersize=mark.size * colours.MARKER_BOOST.get(marker, 1.0),
            markerfacecolor=look.color,
            markeredgecolor=colours.CONFLICT_EDGE if conflict else colours.HALO,
            markeredgewidth=ink.pt(1.8 if conflict else 0.9),
            zorder=5,
        )
    return [mark for _, mark in marks]


def draw_stops(
    ax: Any,
    frame: MapFrame,
    features: Iterable[Mapping[str, Any]],
    drawn: set[str],
    ink: Any,
) -> list[Mark]:
    """Draw a small dot at each place a route or flight joins that has no marker of its own."""
    counts: dict[str, int] = {}
    where: dict[str, tuple[float, float]] = {}
    for feature in features:
        props = feature["properties"]
        coords = feature["geometry"]["coordinates"]
        ends = {props["place_ids"][0]: coords[0], props["place_ids"][-1]: coords[-1]}
        if props.get("layer") == "routes":
            ends = dict(zip(props["place_ids"], coords, strict=False))
        for place_id, (lon, lat) in ends.items():
            counts[place_id] = counts.get(place_id, 0) + claim_count(feature)
            where[place_id] = (lon, lat)
    marks = []
    for place_id, (lon, lat) in where.items():
        if place_id in drawn:
            continue
        x, y = frame.project(lon, lat)
        marks.append(Mark(place_id, x, y, ink.pt(4.5), counts[place_id], "stops"))
    if marks:
        ax.plot(
            [m.x for m in marks],
            [m.y for m in marks],
            linestyle="none",
            marker="o",
            markersize=ink.pt(4.5),
            markerfacecolor=colours.STOP,
            markeredgecolor=colours.HALO,
            markeredgewidth=ink.pt(0.8),
            zorder=5.5,
        )
    return marks
