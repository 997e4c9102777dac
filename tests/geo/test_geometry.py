from __future__ import annotations

import shapely
from shapely.geometry import shape

from geo.geometry import oriented

CW_SQUARE = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
CCW_HOLE = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]


def ccw(ring: list[list[float]]) -> bool:
    return shapely.LinearRing(ring).is_ccw


def test_polygons_follow_the_right_hand_rule() -> None:
    polygon = {"type": "Polygon", "coordinates": [CW_SQUARE, CCW_HOLE]}
    fixed = oriented(polygon)
    exterior, hole = fixed["coordinates"]
    assert ccw(exterior) and not ccw(hole)
    assert shape(fixed).equals(shape(polygon))  # the same area, only the ring order changed
    assert polygon["coordinates"] == [CW_SQUARE, CCW_HOLE]  # input untouched


def test_multipolygons_and_already_oriented_rings() -> None:
    good = oriented({"type": "Polygon", "coordinates": [CW_SQUARE]})
    multi = {"type": "MultiPolygon", "coordinates": [[CW_SQUARE], good["coordinates"]]}
    fixed = oriented(multi)
    assert [ccw(poly[0]) for poly in fixed["coordinates"]] == [True, True]
    assert oriented(good) == good


def test_other_geometries_are_unchanged() -> None:
    point = {"type": "Point", "coordinates": [48.0, 30.5]}
    line = {"type": "LineString", "coordinates": [[0.0, 0.0], [1.0, 1.0]]}
    assert oriented(point) is point and oriented(line) is line
