"""Linked views in the dashboard: the timeline, the table and the map answer one another."""

from __future__ import annotations

import pytest

from claimmap.dashboard.filters import Filters
from layers.features import layer_collections
from tests.browser.test_dashboard import (
    MAP_FRAME,
    click_a_crossing,
    curated,  # noqa: F401 - a fixture
    dashboard,  # noqa: F401 - a fixture
    drawn_ids,
    feature_ids,
    open_dashboard,
    page_text,
    query,
    wait_for,
    wait_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BARS = "[data-testid='stVegaLiteChart'] path[aria-roledescription='bar']"


def open_timeline(page, url: str):
    frame = open_dashboard(page, url)
    wait_idle(page)
    page.get_by_role("tab", name="Timeline").click()
    wait_idle(page)
    wait_for(page, lambda: page.locator(BARS).count() > 0, "the timeline's bars")
    return frame


def highlights(frame) -> int:
    return frame.evaluate("document.querySelectorAll('path.cm-highlight').length")


def test_clicking_a_timeline_bar_outlines_its_claim_on_the_map(page, dashboard, curated):  # noqa: F811
    dataset, collections = curated
    frame = open_timeline(page, dashboard)
    assert highlights(frame) == 0
    bar = page.locator(BARS).filter(
        has=page.locator("xpath=self::*[contains(@aria-label, 'tml-qaani-arrival')]")
    )
    bar.scroll_into_view_if_needed()
    bar.click()
    # the claim's features are outlined over the map (the map itself is not rebuilt)
    wait_for(page, lambda: highlights(page.query_selector(MAP_FRAME).content_frame()) > 0,
             "the picked claim outlined on the map")  # fmt: skip
    drawn = [f for c in collections.values() for f in c["features"]
             if "tml-qaani-arrival" in f["properties"]["claim_ids"]]  # fmt: skip
    current = page.query_selector(MAP_FRAME).content_frame()
    assert highlights(current) == len(drawn)
    page.screenshot_to("dashboard-linked-timeline-pick")
    assert page.aborted == []


def test_brushing_the_timeline_narrows_the_map(page, dashboard, curated):  # noqa: F811
    dataset, _ = curated
    frame = open_timeline(page, dashboard)
    before = drawn_ids(frame)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.scroll_into_view_if_needed()
    box = page.locator(f"{BARS}").first.bounding_box()
    plot = chart.bounding_box()
    # drag across a third of the dates, on the row of the first bar
    y = box["y"] + box["height"] / 2
    x0 = plot["x"] + plot["width"] * 0.55
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x0 + plot["width"] * 0.12, y, steps=8)
    page.mouse.up()
    wait_for(page, lambda: query(page).get("start"), "the brushed dates")
    wait_idle(page)  # under load, a selection made mid-drag may run before the final one
    params = query(page)

    def follows() -> bool:  # the map's window is the address's, start and end
        shown = frame.evaluate("claimmap.getWindow()")
        return (shown["start"], shown["end"]) == (params["start"][0], params["end"][0])

    # the brushed window is set in the drawn map: the same frame, not a rebuilt one
    wait_for(page, follows, "the map's window to follow the brush")
    assert page.query_selector(MAP_FRAME).content_frame() == frame
    window = Filters.from_query_params(params)
    assert drawn_ids(frame) == feature_ids(layer_collections(window.apply(dataset)))
    # the map opens on the brushed window: claims only possibly in it are drawn faint
    shown = frame.evaluate("claimmap.getWindow()")
    assert (shown["start"], shown["end"]) == (params["start"][0], params["end"][0])
    looks = frame.evaluate("claimmap.visibleFeatureIds().map((id) => claimmap.lookOf(id))")
    assert any(look.startswith("possible") for look in looks) and len(looks) <= len(before)
    page.screenshot_to("dashboard-linked-brush")


def test_clicking_a_map_feature_brings_its_rows_first(page, dashboard, curated):  # noqa: F811
    dataset, collections = curated
    frame = open_dashboard(page, dashboard)
    wait_idle(page)
    labels = {f["properties"]["label"] for f in collections["crossings"]["features"]}
    click_a_crossing(page, frame, labels)
    selected = wait_for(
        page,
        lambda: [v for v in query(page).get("sel", []) if v.startswith("crossings:")],
        "the clicked crossing in the URL",
    )[0]
    label = next(f["properties"]["label"] for c in collections.values() for f in c["features"]
                 if f["properties"]["feature_id"] == selected)  # fmt: skip
    wait_for(page, lambda: "selected on the map, come first" in page_text(page),
             "the table's note on the selected place")  # fmt: skip
    assert f"the claims of {label}" in page_text(page)
    page.screenshot_to("dashboard-linked-map-pick")
