"""Claim geometry as plain GeoJSON dicts (RFC 7946), with no GIS library needed.

A claim is drawn from its ordered places:

- a route (a ``mode`` and two or more places) is one LineString through the
  places in order;
- any other claim is one Point per place it names;
- a claim with no places has no geometry (it is unmapped).

Coordinates are ``[lon, lat]`` in WGS84, rounded to :data:`DECIMALS` places
(about 0.1 m, far finer than any place's precision).
"""

from __future__ import annotations

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


def _signed_area(ring: list[Position]) -> float:
    """Twice the ring's signed area (shoelace): positive when counterclockwise."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))


def _oriented_polygon(rings: list[list[Position]]) -> list[list[Position]]:
    """Return a polygon's rings, the exterior counterclockwise and the holes clockwise."""
    out = []
    for i, ring in enumerate(rings):
        area = _signed_area(ring)
        wrong_way = (area > 0) if i else (area < 0)  # a ring with no area is kept as is
        out.append(ring[::-1] if wrong_way else ring)
    return out


def oriented(geometry: dict[str, Any]) -> dict[str, Any]:
    """Return a GeoJSON geometry with RFC 7946's right-hand rule (section 3.1.6).

    Polygon exteriors counterclockwise, holes clockwise; other geometries are
    returned unchanged. The input is not modified.
    """
    kind = geometry.get("type")
    if kind == "Polygon":
        return {**geometry, "coordinates": _oriented_polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {
            **geometry,
            "coordinates": [_oriented_polygon(poly) for poly in geometry["coordinates"]],
        }
    return geometry


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


def format_number(value: float) -> str:
    """Return a coordinate or measure as short text: at most DECIMALS places, no trailing zeros."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _wkt_position(pos: Position) -> str:
    return f"{format_number(pos[0])} {format_number(pos[1])}"


def to_wkt(geometries: list[dict[str, Any]]) -> str:
    """Return WKT for one or more GeoJSON geometries (several points become a MULTIPOINT).

    Parameters
    ----------
    geometries : Point and LineString dicts; several of them must all be points,
        or they are written as a GEOMETRYCOLLECTION.
    """
    if not geometries:
        return ""
    if len(geometries) == 1:
        geom = geometries[0]
        if geom["type"] == "Point":
            return f"POINT ({_wkt_position(geom['coordinates'])})"
        return "LINESTRING (" + ", ".join(_wkt_position(p) for p in geom["coordinates"]) + ")"
    if all(g["type"] == "Point" for g in geometries):
        return (
            "MULTIPOINT ("
            + ", ".join(f"({_wkt_position(g['coordinates'])})" for g in geometries)
            + ")"
        )
    return "GEOMETRYCOLLECTION (" + ", ".join(to_wkt([g]) for g in geometries) + ")"
