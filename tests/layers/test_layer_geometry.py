from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from layers.geometry import ARC_POINTS, dedupe_consecutive, great_circle, maximal_chains

NAJAF = [44.40417, 31.98972]
MASHHAD = [59.641, 36.2352]


def haversine_km(a: list[float], b: list[float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_arc_has_the_endpoints_and_the_requested_number_of_points() -> None:
    arc = great_circle(NAJAF, MASHHAD)
    assert len(arc) == ARC_POINTS == 32
    assert arc[0] == NAJAF and arc[-1] == MASHHAD
    assert len(great_circle(NAJAF, MASHHAD, points=5)) == 5


def test_arc_points_lie_on_the_great_circle_in_order() -> None:
    arc = great_circle(NAJAF, MASHHAD)
    total = haversine_km(NAJAF, MASHHAD)
    for p in arc:
        assert haversine_km(NAJAF, p) + haversine_km(p, MASHHAD) == pytest.approx(total, abs=0.01)
    steps = [haversine_km(a, b) for a, b in zip(arc, arc[1:], strict=False)]
    assert max(steps) - min(steps) < 0.01  # evenly spaced


def test_arc_bulges_poleward_like_a_great_circle() -> None:
    # Between two points at the same northern latitude the great circle runs north of the parallel.
    arc = great_circle([0.0, 45.0], [90.0, 45.0])
    assert arc[len(arc) // 2][1] > 50


def test_arc_coordinates_are_rounded_to_six_decimals() -> None:
    for lon, lat in great_circle([44.123456789, 31.987654321], MASHHAD):
        assert round(lon, 6) == lon and round(lat, 6) == lat


def test_identical_endpoints_give_two_points() -> None:
    assert great_circle(NAJAF, NAJAF) == [NAJAF, NAJAF]


def test_an_arc_needs_two_points() -> None:
    with pytest.raises(ValueError):
        great_circle(NAJAF, MASHHAD, points=1)


@given(st.floats(-179, 179), st.floats(-80, 80), st.floats(-179, 179), st.floats(-80, 80))
def test_arc_stays_within_wgs84_ranges(lon1: float, lat1: float, lon2: float, lat2: float) -> None:
    for lon, lat in great_circle([lon1, lat1], [lon2, lat2]):
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_dedupe_consecutive() -> None:
    assert dedupe_consecutive(["a", "a", "b", "a", "a"]) == ("a", "b", "a")
    assert dedupe_consecutive([]) == ()


def test_maximal_chains_merge_a_chain_into_the_longer_one_it_runs_along() -> None:
    short = ("basra", "shalamcheh")
    long = ("basra", "shalamcheh", "ahvaz")
    tail = ("shalamcheh", "ahvaz")
    other = ("mehran", "ilam")
    result = maximal_chains([short, long, tail, other, short])
    assert result == {short: (long,), long: (long,), tail: (long,), other: (other,)}


def test_maximal_chains_keep_direction_and_contiguity() -> None:
    forward = ("a", "b", "c")
    backward = ("b", "a")
    gap = ("a", "c")
    result = maximal_chains([forward, backward, gap])
    assert result == {forward: (forward,), backward: (backward,), gap: (gap,)}


def test_a_chain_along_two_longer_ones_goes_to_both() -> None:
    result = maximal_chains([("a", "b"), ("a", "b", "c"), ("z", "a", "b")])
    assert result[("a", "b")] == (("a", "b", "c"), ("z", "a", "b"))


def test_maximal_chains_reject_a_one_place_chain() -> None:
    with pytest.raises(ValueError, match="at least two"):
        maximal_chains([("a",)])
