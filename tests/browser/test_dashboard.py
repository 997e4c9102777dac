"""The dashboard in a real browser: `streamlit run` on 127.0.0.1, Debian chromium, no network.

Every request that leaves the machine is refused and recorded (conftest's ``page``).
Checks: the map draws its features, a new date window changes what is drawn (set in
the drawn map, not a rebuilt one), clicking a feature shows its claims (and leaves the
map as it is), and hostile claim text shows as text and
runs nothing (including in the timeline's Vega tooltip). Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from claimmap.dashboard.filters import Filters
from geo.dataset import load_dataset
from layers.features import layer_collections
from tests.browser.served import served_dashboard
from tests.claimmap.dashboard.test_page import HOSTILE_QUOTE, HOSTILE_STATEMENT, hostile_data_dir

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT_MS = 60_000


def start_dashboard(data_dir: Path, log: Path) -> Iterator[str]:
    """Run ``streamlit run app.py`` headless on a free loopback port; yield its URL."""
    with served_dashboard({**os.environ, "CLAIMMAP_DATA": str(data_dir)}, log) as (url, _):
        yield url


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, browser) -> Iterator[str]:
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    yield from start_dashboard(DATA, log)


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory, browser) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("hostile")
    yield from start_dashboard(hostile_data_dir(tmp), tmp / "streamlit.log")


@pytest.fixture(scope="module")
def curated():
    dataset = load_dataset(DATA)
    return dataset, layer_collections(dataset)


# ----------------------------------------------------------------- helpers


def open_dashboard(page, url: str):
    page.goto(url)
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    return ready_map(page)


def ready_map(page, not_this=None):
    """The map's frame once claimmap.js has drawn it (a new frame when the map was redrawn)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        handle = page.query_selector(MAP_FRAME)
        frame = handle.content_frame() if handle else None
        if frame is not None and frame != not_this:
            try:
                if frame.evaluate("() => !!(window.claimmap && window.claimmap.ready)"):
                    return frame
            except Exception:  # noqa: BLE001 - the frame is being replaced
                pass
        page.wait_for_timeout(200)
    pytest.fail("the map frame never reported ready")


def wait_idle(page) -> None:
    """Wait until the script has finished running (Streamlit's status widget is gone)."""
    wait_for(
        page,
        lambda: page.query_selector("[data-testid='stStatusWidget']") is None,
        "the app to finish running",
    )
    page.wait_for_timeout(500)


VISIBLE_CROSSING = """() => {
    for (const path of document.querySelectorAll(
            '.leaflet-cm-crossings-pane path.leaflet-interactive')) {
        const r = path.getBoundingClientRect();
        const x = r.x + r.width / 2, y = r.y + r.height / 2;
        if (document.elementFromPoint(x, y) === path) { return [x, y]; }
    }
    return null;
}"""


def click_a_crossing(page, frame, labels: set[str]) -> None:
    """Click, with the mouse, a crossing marker that nothing (legend, date panel) covers.

    Retried until the page and map have settled: a hit opens the map's own popup
    for a crossing (a miss, say on an area, is closed and tried again).
    """
    for _ in range(20):
        frame.evaluate("document.querySelectorAll('.leaflet-popup-close-button')"
                       ".forEach(b => b.click())")  # fmt: skip
        point = frame.evaluate(VISIBLE_CROSSING)
        assert point, "a crossing marker is visible on the map"
        offset = page.query_selector(MAP_FRAME).bounding_box()
        page.mouse.move(offset["x"] + point[0], offset["y"] + point[1])
        page.wait_for_timeout(300)
        moved = page.query_selector(MAP_FRAME).bounding_box()
        if frame.evaluate(VISIBLE_CROSSING) != point or moved != offset:
            continue  # the page or the map is still moving
        page.mouse.down()
        page.mouse.up()
        page.wait_for_timeout(700)
        popup = frame.query_selector(".leaflet-popup-content")
        if popup and any(label in popup.inner_text() for label in labels):
            return
    pytest.fail("no click reached a crossing marker")


def drawn_ids(frame) -> list[str]:
    return sorted(frame.evaluate("() => window.claimmap.visibleFeatureIds()"))


def feature_ids(collections) -> list[str]:
    return sorted(
        f["properties"]["feature_id"] for c in collections.values() for f in c["features"]
    )


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for(page, predicate, what: str, timeout: float = TIMEOUT_MS / 1000):
    """Poll ``predicate``, letting Playwright process events in between (page.url moves)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(200)
    pytest.fail(f"timed out waiting for {what}")


def page_text(page) -> str:
    return " ".join(page.inner_text("section.stMain, [data-testid='stMain']").split())


# ----------------------------------------------------------------- tests


def test_map_draws_its_features(page, dashboard, curated):
    _, collections = curated
    frame = open_dashboard(page, dashboard)
    assert drawn_ids(frame) == feature_ids(collections)
    assert frame.evaluate("document.querySelectorAll('.leaflet-interactive').length") > 0
    borders = frame.evaluate(
        "document.querySelectorAll('.leaflet-cm-borders-pane canvas, "
        ".leaflet-cm-borders-pane path').length"
    )
    assert borders > 0, "the offline borders are drawn"
    size = frame.evaluate(
        "(() => { const r = document.querySelector('.leaflet-container')"
        ".getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert size[0] > 300 and size[1] > 300
    page.screenshot_to("dashboard")
    assert page.aborted == [], "no request left the machine"
    assert not [e for e in page.errors if "__pwned" in e]


def test_changing_the_date_range_changes_what_is_drawn(page, dashboard, curated):
    dataset, collections = curated
    frame = open_dashboard(page, dashboard)
    before = drawn_ids(frame)
    frame.evaluate("window.__sameFrame = 1")
    end_thumb = page.locator("[data-testid='stSlider'] input[type='range']").nth(1)
    end_thumb.focus()
    end_thumb.press("PageDown")  # the end of the window moves back a large step
    params = wait_for(page, lambda: query(page).get("end") and query(page), "the window in the URL")
    # the window is set in the drawn map: the same frame, not a rebuilt one
    wait_for(
        page,
        lambda: frame.evaluate("window.claimmap.getWindow().end") == params["end"][0],
        "the map's window to follow the slider",
    )
    assert page.query_selector(MAP_FRAME).content_frame() == frame
    assert frame.evaluate("window.__sameFrame") == 1
    assert frame.evaluate("window.claimmap.getWindow().showPossible") is True
    after = drawn_ids(frame)
    window = Filters.from_query_params(params)
    expected = feature_ids(layer_collections(window.apply(dataset)))
    assert after == expected
    # claims that may still lie in the window stay, drawn faint (geo.dates)
    assert set(after) <= set(before)
    page.screenshot_to("dashboard-date-window")
    # the download (built on click, on the server) holds exactly the claims in this window
    wait_idle(page)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.get_by_role("button", name="GeoJSON").click()
    collection = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    kept = window.apply(dataset).claims
    assert sorted({f["properties"]["claim_id"] for f in collection["features"]}) == sorted(
        c.id for c in kept if c.places
    )
    assert download.value.suggested_filename.endswith(".geojson")
    assert page.aborted == []


def test_clicking_a_feature_shows_its_claims(page, dashboard, curated):
    dataset, collections = curated
    frame = open_dashboard(page, dashboard)
    wait_idle(page)
    labels = {f["properties"]["label"] for f in collections["crossings"]["features"]}
    frame.evaluate("window.__sameFrame = 1")
    click_a_crossing(page, frame, labels)
    selected = wait_for(
        page,
        lambda: [v for v in query(page).get("sel", []) if v.startswith("crossings:")],
        "the clicked crossing in the URL",
    )[0]
    feature = next(
        f["properties"]
        for c in collections.values()
        for f in c["features"]
        if f["properties"]["feature_id"] == selected
    )
    assert feature["layer"] == "crossings"
    statements = [" ".join(dataset.claim(c).statement.split()) for c in feature["claim_ids"]]
    wait_for(
        page,
        lambda: all(s in page_text(page) for s in [*statements, feature["label"]]),
        "the selected feature's claims in the selection panel",
    )
    # the selection did not rebuild the map: the same frame, its popup still open
    assert page.query_selector(MAP_FRAME).content_frame() == frame
    assert frame.evaluate("window.__sameFrame") == 1
    assert frame.query_selector(".leaflet-popup-content")
    page.screenshot_to("dashboard-selected")
    assert page.aborted == []


def test_hostile_claim_text_shows_as_text_and_runs_nothing(page, hostile_dashboard):
    page.goto(f"{hostile_dashboard}/?sel=crossings:shalamcheh-crossing")
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    frame = ready_map(page)
    wait_for(page, lambda: "onerror" in page_text(page), "the hostile claim in the panel")
    text = page_text(page)
    assert " ".join(HOSTILE_STATEMENT.split()) in text
    assert HOSTILE_QUOTE in text
    # the map's popup and tooltip for the same feature
    frame.evaluate("window.claimmap.openPopup('crossings:shalamcheh-crossing')")
    # the popup's claims are filled in once decoded: wait for them
    frame.wait_for_selector(
        '.cm-popup[data-feature-id="crossings:shalamcheh-crossing"][data-loaded="1"]',
        timeout=TIMEOUT_MS,
    )
    assert "onerror" in frame.inner_text(".leaflet-popup-content")
    # the other views draw the same data
    for tab in ("Claims", "Timeline", "Figures in dispute", "Sources"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(500)
    page.wait_for_timeout(1000)
    for target in (page, frame):
        assert target.evaluate("() => window.__pwned === undefined")
        assert target.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert target.evaluate("() => document.querySelectorAll('[onmouseover]').length") == 0
    assert not page.query_selector("a[href^='javascript']")
    assert page.aborted == []
    page.screenshot_to("dashboard-hostile")


def test_hostile_claim_text_in_the_timeline_tooltip_stays_text(page, hostile_dashboard):
    # the Vega tooltip writes HTML into the page itself (no frame): hover the claim's bar
    page.goto(f"{hostile_dashboard}/?start=2026-01-05&end=2026-01-05")
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    wait_idle(page)
    page.get_by_role("tab", name="Timeline").click()
    wait_idle(page)
    bars = page.locator("[data-testid='stVegaLiteChart'] path[aria-roledescription='bar']")
    bar = bars.filter(has=page.locator("xpath=self::*[contains(@aria-label, 'hostile-claim')]"))
    wait_for(page, lambda: bar.count() == 1, "the hostile claim's bar in the timeline")
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element")
    wait_for(page, lambda: "hostile-claim" in (tooltip.text_content() or ""), "the bar's tooltip")
    shown = " ".join(tooltip.inner_text().split())
    assert " ".join(HOSTILE_STATEMENT.split()) in shown, "the statement shows as written"
    assert tooltip.locator("img, a, b, strong, script").count() == 0
    page.screenshot_to("dashboard-hostile-tooltip")
    for target in page.frames:
        assert target.evaluate("() => window.__pwned === undefined")
        assert target.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.aborted == []
