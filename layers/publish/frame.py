"""The map's frame: its extent, its projection, and distances on the ground.

A regional map in plain longitude/latitude stretches east-west distances by
1/cos(latitude) (about 20 % at 35°N), so the print map is drawn in a Lambert
conformal conic projection fitted to its extent (pyproj): shapes are right
locally and the scale varies by well under 1 % across a region the size of
Iraq and Iran. Distances for the scale bar and the circles of uncertainty are
geodesic (``pyproj.Geod`` on WGS84).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

#: The region shown when nothing in view has a place (Iraq and Iran).
DEFAULT_BBOX = (38.0, 24.0, 64.0, 40.0)
#: Smallest extent shown, in degrees (a single point gets some surroundings).
MIN_SPAN_DEG = 4.0
#: Share of the extent added on each side.
PAD = 0.08


def _positions(geometry: Mapping[str, Any] | None) -> Iterable[tuple[float, float]]:
    """Yield the (lon, lat) positions of a point or line geometry."""
    if not geometry:
        return
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        yield coords[0], coords[1]
    elif kind in ("LineString", "MultiPoint"):
        yield from ((c[0], c[1]) for c in coords)


def _circle_bounds(lon: float, lat: float, radius_m: float) -> list[tuple[float, float]]:
    """Return the four points ``radius_m`` north, east, south and west of a point."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    lons, lats, _ = geod.fwd([lon] * 4, [lat] * 4, [0, 90, 180, 270], [radius_m] * 4)
    return list(zip(lons, lats, strict=True))


def claims_bbox(
    collections: Mapping[str, Mapping[str, Any]],
) -> tuple[float, float, float, float] | None:
    """Return (west, south, east, north) of what the layers draw, or None when empty.

    Points, routes and flights count with their positions, provinces with their
    circle of uncertainty; whole countries do not widen the map (they are
    drawn as far as it reaches).
    """
    points: list[tuple[float, float]] = []
    for name, collection in collections.items():
        for feature in collection.get("features", ()):
            geometry = feature.get("geometry") or {}
            if name == "areas" and geometry.get("type") == "Point":
                lon, lat = geometry["coordinates"][:2]
                points += _circle_bounds(lon, lat, feature["properties"].get("radius_m") or 0)
            elif name != "areas":
                points += list(_positions(geometry))
    if not points:
        return None
    lons, lats = zip(*points, strict=True)
    return (min(lons), min(lats), max(lons), max(lats))


def padded(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Return ``bbox`` with :data:`PAD` added around it and at least :data:`MIN_SPAN_DEG`."""
    west, south, east, north = bbox
    cx, cy = (west + east) / 2, (south + north) / 2
    half_x = max(east - west, MIN_SPAN_DEG) * (0.5 + PAD)
    half_y = max(north - south, MIN_SPAN_DEG * 0.6) * (0.5 + PAD)
    return (
        max(-180.0, cx - half_x),
        max(-80.0, cy - half_y),
        min(180.0, cx + half_x),
        min(80.0, cy + half_y),
    )


@dataclass(frozen=True)
class MapFrame:
    """A projected map extent.

    Parameters
    ----------
    lonlat : (west, south, east, north) the frame was made for, in degrees.
    bounds : (xmin, ymin, xmax, ymax) shown, in projected metres.
    proj : the PROJ string of the projection.
    """

    lonlat: tuple[float, float, float, float]
    bounds: tuple[float, float, float, float]
    proj: str

    @classmethod
    def around(cls, bbox: tuple[float, float, float, float] | None) -> MapFrame:
        """Return the frame of a (padded) lon/lat box, in a conic projection fitted to it."""
        west, south, east, north = padded(bbox or DEFAULT_BBOX)
        span = north - south
        proj = (
            f"+proj=lcc +lat_1={south + span / 6:.4f} +lat_2={north - span / 6:.4f} "
            f"+lat_0={(south + north) / 2:.4f} +lon_0={(west + east) / 2:.4f} "
            "+datum=WGS84 +units=m +no_defs"
        )
        frame = cls((west, south, east, north), (0.0, 0.0, 0.0, 0.0), proj)
        lons = [west + (east - west) * i / 20 for i in range(21)]
        lats = [south + (north - south) * i / 20 for i in range(21)]
        edge = [(x, south) for x in lons] + [(x, north) for x in lons]
        edge += [(west, y) for y in lats] + [(east, y) for y in lats]
        xs, ys = frame.project([p[0] for p in edge], [p[1] for p in edge])
        # The box inside the projected outline: every point shown is within the lon/lat box's
        # latitudes at the centre, and the corners are filled with the land around it.
        return cls(frame.lonlat, (min(xs), min(ys), max(xs), max(ys)), proj)

    @cached_property
    def _forward(self) -> Any:
        from pyproj import Transformer

        return Transformer.from_crs("EPSG:4326", self.proj, always_xy=True)

    @cached_property
    def _inverse(self) -> Any:
        from pyproj import Transformer

        return Transformer.from_crs(self.proj, "EPSG:4326", always_xy=True)

    @property
    def aspect(self) -> float:
        """Width over height of the bounds."""
        xmin, ymin, xmax, ymax = self.bounds
        return (xmax - xmin) / max(ymax - ymin, 1e-9)

    def fitted(self, aspect: float) -> MapFrame:
        """Return the frame widened or heightened (about its centre) to ``aspect``."""
        xmin, ymin, xmax, ymax = self.bounds
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        width, height = xmax - xmin, ymax - ymin
        if width / height < aspect:
            width = height * aspect
        else:
            height = width / aspect
        bounds = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
        return MapFrame(self.lonlat, bounds, self.proj)

    def project(self, lons: Any, lats: Any) -> tuple[Any, Any]:
        """Return projected x and y (metres) of longitudes and latitudes."""
        return self._forward.transform(lons, lats)

    def unproject(self, xs: Any, ys: Any) -> tuple[Any, Any]:
        """Return longitudes and latitudes of projected x and y."""
        return self._inverse.transform(xs, ys)

    def project_geometry(self, geometry: Any) -> Any:
        """Return a shapely geometry (lon/lat) in projected metres."""
        import numpy as np
        import shapely

        def forward(xy: Any) -> Any:
            xs, ys = self._forward.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([xs, ys])

        return shapely.transform(geometry, forward)

    def lonlat_window(self, margin: float = 0.25) -> tuple[float, float, float, float]:
        """Return a lon/lat box that covers the projected bounds, with ``margin`` to spare."""
        xmin, ymin, xmax, ymax = self.bounds
        xs = [xmin + (xmax - xmin) * i / 10 for i in range(11)]
        ys = [ymin + (ymax - ymin) * i / 10 for i in range(11)]
        edge_x = xs + xs + [xmin] * 11 + [xmax] * 11
        edge_y = [ymin] * 11 + [ymax] * 11 + ys + ys
        lons, lats = self.unproject(edge_x, edge_y)
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        dx, dy = (east - west) * margin, (north - south) * margin
        return (
            max(-180.0, west - dx),
            max(-85.0, south - dy),
            min(180.0, east + dx),
            min(85.0, north + dy),
        )

    def circle(self, lon: float, lat: float, radius_m: float, steps: int = 72) -> Any:
        """Return the projected (x, y) ring of a geodesic circle of ``radius_m`` metres."""
        import numpy as np
        from pyproj import Geod

        azimuths = np.linspace(0.0, 360.0, steps, endpoint=False)
        lons, lats, _ = Geod(ellps="WGS84").fwd(
            np.full(steps, lon), np.full(steps, lat), azimuths, np.full(steps, radius_m)
        )
        xs, ys = self.project(lons, lats)
        return np.column_stack([np.append(xs, xs[0]), np.append(ys, ys[0])])

    def metres_east(self, x: float, y: float, distance_m: float) -> float:
        """Return the projected length of ``distance_m`` on the ground, due east of (x, y)."""
        from pyproj import Geod

        lon, lat = self.unproject(x, y)
        lon2, lat2, _ = Geod(ellps="WGS84").fwd(lon, lat, 90.0, distance_m)
        x2, _ = self.project(lon2, lat2)
        return float(x2 - x)


def nice_distance(target_m: float) -> float:
    """Return a round distance (1, 2, 2.5 or 5 times a power of ten) at most ``target_m``."""
    exponent = math.floor(math.log10(max(target_m, 1.0)))
    for step in (5.0, 2.5, 2.0, 1.0):
        value = step * 10**exponent
        if value <= target_m:
            return value
    return 10 ** (exponent - 1) * 5
