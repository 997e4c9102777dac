"""geo.boundaries: Natural Earth countries read offline from the wheel."""

from __future__ import annotations

import json

import pytest

from geo import boundaries


@pytest.mark.parametrize(
    ("lon", "lat", "iso2"),
    [
        (44.40088, 33.34058, "IQ"),  # Baghdad
        (51.42151, 35.69439, "IR"),  # Tehran
        (35.5018, 33.8938, "LB"),  # Beirut
        (2.3522, 48.8566, "FR"),  # Paris: ISO_A2 is "-99" in Natural Earth, ISO_A2_EH is FR
        (10.7522, 59.9139, "NO"),  # Oslo: same quirk
        (-0.1276, 51.5072, "GB"),
        (121.5654, 25.033, "TW"),  # ISO_A2 is "CN-TW"
    ],
)
def test_country_at(lon: float, lat: float, iso2: str) -> None:
    assert boundaries.country_at(lon, lat) == iso2


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(-30.0, 0.0), (60.0, -30.0), (float("nan"), 30.0), (45.0, float("inf"))],
)
def test_no_country_at_sea_or_for_bad_points(lon: float, lat: float) -> None:
    assert boundaries.country_at(lon, lat) is None


def test_countries_have_codes_and_shapes() -> None:
    countries = boundaries.countries()
    assert len(countries) > 200
    codes = {c.iso2 for c in countries if c.iso2}
    assert {"IR", "IQ", "LB", "FR", "NO"} <= codes
    assert "-99" not in codes
    assert boundaries.countries() is countries  # read once


def test_distance_to_border() -> None:
    # The Mehran crossing sits on the border; Tehran is far from any border of Iran.
    assert boundaries.distance_to_border_m(46.125, 33.13, "IR") < 500
    assert boundaries.distance_to_border_m(46.125, 33.13, "IQ") < 500
    assert boundaries.distance_to_border_m(51.42151, 35.69439, "IR") > 100_000
    # 1 km inside Iraq from Shalamcheh, measured from Iraq's side and from Iran's
    inside = boundaries.distance_to_border_m(48.001, 30.491, "IQ")
    assert 500 < inside < 2000
    with pytest.raises(KeyError):
        boundaries.distance_to_border_m(0.0, 0.0, "ZZ")


def test_outline_features_is_plain_geojson() -> None:
    bbox = (43.0, 29.0, 50.0, 36.0)
    collection = boundaries.outline_features(bbox=bbox, tolerance=0.05)
    assert collection["type"] == "FeatureCollection"
    by_code = {f["properties"]["iso2"]: f for f in collection["features"]}
    assert {"IR", "IQ", "KW"} <= set(by_code)
    assert "FR" not in by_code
    assert by_code["IQ"]["properties"]["name"] == "Iraq"
    assert by_code["IR"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    for feature in collection["features"]:
        for lon, lat in _points(feature["geometry"]):
            assert bbox[0] - 1e-9 <= lon <= bbox[2] + 1e-9
            assert bbox[1] - 1e-9 <= lat <= bbox[3] + 1e-9
    json.dumps(collection)  # plain dicts, lists and numbers only


def test_outline_features_simplifies_and_returns_fresh_dicts() -> None:
    fine = boundaries.outline_features(bbox=(43.0, 29.0, 50.0, 36.0), tolerance=0.0)
    coarse = boundaries.outline_features(bbox=(43.0, 29.0, 50.0, 36.0), tolerance=0.1)
    assert _count(coarse) < _count(fine)
    coarse["features"].clear()
    again = boundaries.outline_features(bbox=(43.0, 29.0, 50.0, 36.0), tolerance=0.1)
    assert again["features"]


def test_outline_features_whole_world() -> None:
    world = boundaries.outline_features()
    assert len(world["features"]) > 200


def _points(geometry: dict) -> list[tuple[float, float]]:
    rings = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        rings = [rings]
    return [tuple(point) for polygon in rings for ring in polygon for point in ring]


def _count(collection: dict) -> int:
    return sum(len(_points(f["geometry"])) for f in collection["features"])
