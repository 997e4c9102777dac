"""Claim geometry as plain GeoJSON dicts (RFC 7946); shapely for orientation and WKT.

A claim is drawn from its ordered places:

- a route (a ``mode`` and two or more places) is one LineString through the
  places in order;
- any other claim is one Point per place it names;
- a claim with no places has no geometry (it is unmapped).

Coordinates are ``[lon, lat]`` in WGS84, rounded to :data:`DECIMALS` places
(about 0.1 m, far finer than any place's precision).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from geo.models import Claim, Place

#: Decimal places kept in coordinates (RFC 7946 section 11.2 recommends 6).
DECIMALS = 6

Position = list[float]


@dataclass(frozen=True)
class ClaimGeometry:
    """One geometry of a claim, with the places it is drawn from.

    Parameters
    ----------
    geometry : a GeoJSON geometry dict (``Point`` or ``LineString``).
    place_ids : the places behind it: one for a point, the route's places in
        order for a line.
    precision_m : the least precise of those places' ``precision_m``.
    """

    geometry: dict[str, Any]
    place_ids: tuple[str, ...]
    precision_m: float

    @property
    def is_route(self) -> bool:
        """True for a LineString."""
        return self.geometry["type"] == "LineString"


def position(place: Place) -> Position:
    """Return a place's ``[lon, lat]``, rounded to :data:`DECIMALS` places."""
    return [round(place.lon, DECIMALS) + 0.0, round(place.lat, DECIMALS) + 0.0]


def point(place: Place) -> dict[str, Any]:
    """Return a GeoJSON Point at ``place``."""
    return {"type": "Point", "coordinates": position(place)}


def line(places: list[Place]) -> dict[str, Any]:
    """Return a GeoJSON geometry through ``places`` in order.

    Consecutive places at the same position are drawn once; when fewer than two
    distinct positions remain, the result is a Point (a LineString needs two).
    """
    coords: list[Position] = []
    for place in places:
        pos = position(place)
        if not coords or coords[-1] != pos:
            coords.append(pos)
    if len(coords) < 2:
        return {"type": "Point", "coordinates": coords[0]}
    return {"type": "LineString", "coordinates": coords}


def oriented(geometry: dict[str, Any]) -> dict[str, Any]:
    """Return a GeoJSON geometry with RFC 7946's right-hand rule (section 3.1.6).

    Polygon exteriors counterclockwise, holes clockwise (``shapely.orient_polygons``);
    other geometries are returned unchanged. The input is not modified.
    """
    if geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry
    import shapely

    shape = shapely.orient_polygons(shapely.from_geojson(json.dumps(geometry)))
    return json.loads(shapely.to_geojson(shape))


def claim_geometries(claim: Claim, places: Mapping[str, Place]) -> list[ClaimGeometry]:
    """Return the geometries a claim is drawn with (empty when it names no place).

    Parameters
    ----------
    claim : the claim.
    places : the gazetteer (place id -> Place); every id the claim names must
        be in it (the loader checks this).

    Returns
    -------
    list of ClaimGeometry
        One LineString for a route; otherwise one Point per distinct place, in
        the claim's order.
    """
    if not claim.places:
        return []
    if claim.is_route:
        route = [places[pid] for pid in claim.places]
        return [ClaimGeometry(line(route), tuple(claim.places), max(p.precision_m for p in route))]
    return [
        ClaimGeometry(point(places[pid]), (pid,), places[pid].precision_m)
        for pid in dict.fromkeys(claim.places)
    ]


@functools.cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in metres between two WGS84 positions (``pyproj.Geod``)."""
    return float(_geod().inv(lon1, lat1, lon2, lat2)[2])


def format_number(value: float) -> str:
    """Return a coordinate or measure as short text: at most DECIMALS places, no trailing zeros."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _shape(geometry: dict[str, Any]) -> Any:
    import shapely

    return shapely.from_geojson(json.dumps(geometry))


def to_wkt(geometries: list[dict[str, Any]]) -> str:
    """Return WKT for one or more GeoJSON geometries (several points become a MULTIPOINT).

    Parameters
    ----------
    geometries : Point and LineString dicts; several of them must all be points,
        or they are written as a GEOMETRYCOLLECTION.
    """
    if not geometries:
        return ""
    import shapely

    shapes = [_shape(g) for g in geometries]
    if len(shapes) == 1:
        shape = shapes[0]
    elif all(g["type"] == "Point" for g in geometries):
        shape = shapely.multipoints(shapes)
    else:
        shape = shapely.geometrycollections(shapes)
    return shapely.to_wkt(shape, rounding_precision=DECIMALS, trim=True)
