"""Thousands of claims: counts per cell and flows per pair of areas, drilling down on zoom."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.layers_factory import synthetic_collections
from layers.features import layer_collections
from layers.html import export_html
from tests.browser.test_names import overlapping
from tests.dataset_factory import synthetic_dataset

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

IN_VIEW = """(layer) => {
  const b = claimmap.map.getBounds().pad(0.2);
  return claimmap.visibleFeatureIds(layer).filter((id) => b.contains(claimmap.featureLatLng(id)))
    .length;
}"""


@pytest.fixture(scope="module")
def twelve_thousand(tmp_path_factory) -> Path:
    return export_html(
        layer_collections(synthetic_dataset(12_000)),
        tmp_path_factory.mktemp("scale") / "12000.html",
        title="12,000 synthetic claims",
    )


def test_twelve_thousand_claims_draw_as_named_flows(page, twelve_thousand) -> None:
    page.open_map(twelve_thousand)
    agg = page.js("claimmap.aggregation()")
    # 1,400 ground routes become a few dozen flows between areas, widest where most claims go.
    assert agg["routes"]["mode"] == "flows" and 0 < agg["routes"]["markers"] <= 120
    assert agg["routes"]["alone"] == 0
    labels = page.js("claimmap.labels()")
    assert {"tehran", "basra", "najaf", "shalamcheh-crossing"} <= {
        label["place"] for label in labels
    }
    assert overlapping(labels) == []
    assert page.errors == [] and page.aborted == []
    page.screenshot_to("scale_12000_claims")


def near(point: list[float], lat: float, lon: float) -> bool:
    return abs(point[0] - lat) < 0.05 and abs(point[1] - lon) < 0.05


def basra_shalamcheh(flows: list[dict]) -> list[dict]:
    """The flows between Basra and the Shalamcheh crossing (30 km apart)."""
    return [
        f
        for f in flows
        if any(near(e, 30.50852, 47.7804) for e in f["ends"])
        and any(near(e, 30.49, 48.02) for e in f["ends"])
    ]


def test_clicking_a_flow_zooms_in_to_its_lines(page, twelve_thousand) -> None:
    page.open_map(twelve_thousand)
    zoom = page.js("claimmap.map.getZoom()")
    # The Basra - Shalamcheh leg: one flow at the country scale, the routes along it counted once.
    (leg,) = basra_shalamcheh(page.js("claimmap.aggregation()")["routes"]["flows"])
    assert leg["features"] > 10
    page.js("claimmap.clickFlow('routes', 0)")  # the widest flow
    # The zoom is animated: the map's zoom changes when the animation ends.
    page.wait_for_function("z => claimmap.map.getZoom() > z", arg=zoom, timeout=10_000)
    agg = page.js("claimmap.aggregation()")["routes"]
    assert agg["markers"] + agg["alone"] > 0
    assert overlapping(page.js("claimmap.placeLabels()")) == []
    page.screenshot_to("scale_12000_zoomed")


def test_few_lines_in_view_are_drawn_one_by_one(page, twelve_thousand) -> None:
    page.open_map(twelve_thousand)
    page.js("claimmap.setShowPossible(false)")
    page.js("claimmap.setAsOf('2026-01-08')")  # one document of three published by then
    page.js("claimmap.setWindow('2026-01-21', '2026-01-21')")  # and certainly on that day
    visible = len(page.js("claimmap.visibleFeatureIds('routes')"))
    agg = page.js("claimmap.aggregation()")["routes"]
    assert 0 < visible <= 250
    assert agg["markers"] == 0 and agg["alone"] == visible
    page.js("claimmap.setWindow(null, null)")
    page.js("claimmap.setAsOf(null)")
    agg = page.js("claimmap.aggregation()")["routes"]
    assert agg["markers"] > 0 and agg["alone"] == 0  # all of them again: flows


@pytest.fixture(scope="module")
def many_points(tmp_path_factory) -> Path:
    return export_html(
        synthetic_collections(5000, seed=5),
        tmp_path_factory.mktemp("scale") / "5000.html",
        title="5,000 places",
    )


def test_many_points_are_counted_per_cell_and_drill_down(page, many_points) -> None:
    page.open_map(many_points)
    agg = page.js("claimmap.aggregation()")
    assert agg["sites"]["mode"] == "clusters" and agg["sites"]["markers"] > 0
    # Every site in view is in a count or drawn alone, exactly once.
    assert agg["sites"]["grouped"] + agg["sites"]["alone"] == page.js(IN_VIEW, "sites")
    clusters = page.locator(".cm-cluster")
    zoom = page.js("claimmap.map.getZoom()")
    clusters.first.dispatch_event("click")
    page.wait_for_function(f"claimmap.map.getZoom() > {zoom}", timeout=5000)
    page.wait_for_timeout(600)  # the zoom animation ends
    page.js("void claimmap.map.setView([33.5, 47.0], 13, {animate: false})")
    agg = page.js("claimmap.aggregation()")
    assert agg["sites"]["markers"] == 0 and agg["sites"]["alone"] == page.js(IN_VIEW, "sites")
    page.js("void claimmap.map.setView([33.5, 47.0], 6, {animate: false})")
    page.js("claimmap.setWindow('2026-01-10', '2026-01-10')")
    agg = page.js("claimmap.aggregation()")
    assert agg["sites"]["grouped"] + agg["sites"]["alone"] == page.js(IN_VIEW, "sites")
    assert page.errors == []
    page.screenshot_to("scale_5000_points")
