"""The large-store page in a real browser, on an embedded store (SQLite, no network).

`streamlit run` with $CLAIMMAP_DB at a throw-away store and $CLAIMMAP_LARGE_STORE
lowered below its 116 claims: the page draws the store's view in its map frame,
lists the claims, and a claim picked in the list opens with its edit panel. A claim
whose statement and claimant are hostile text shows as text in the list, the picker
and the card, and nothing of it runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimmap.cli import main as cli
from geo import paths
from geo.store.session import StoreSession
from tests.browser.served import served_dashboard
from tests.browser.test_dashboard import TIMEOUT_MS, page_text, wait_for, wait_idle
from tests.browser.test_storeui import HOSTILE, TOGGLE, choose, field, grid_text, press

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path, str]:
    """A store of the bundled data whose first claim's statement and claimant are hostile."""
    home = tmp_path_factory.mktemp("largestore")
    url = f"sqlite:///{home / 'store.sqlite'}"
    assert cli(["--db", url, "db", "init"]) == 0
    assert cli(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    with StoreSession.open(url, who="t") as session:
        claim_id = session.dataset().claims[0].id
        session.edit_claim(claim_id, {"statement": HOSTILE, "claimant": HOSTILE}, expect_version=1)
    return url, home, claim_id


@pytest.fixture(scope="module")
def dashboard(store, browser) -> Iterator[str]:
    url, home, _ = store
    env = {**os.environ, "CLAIMMAP_DB": url, "CLAIMMAP_HOME": str(home)}
    env["CLAIMMAP_LARGE_STORE"] = "50"
    env.pop("CLAIMMAP_DATA", None)
    with served_dashboard(env, home / "streamlit.log") as (address, _):
        yield address


def map_drawn(page) -> bool:
    """Whether a frame of the page says the store's view is drawn (frames may be replaced)."""
    return any(_is_drawn(frame) for frame in page.frames if frame is not page.main_frame)


def safe(page) -> None:
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate(
        "() => Array.from(document.querySelectorAll('a')).every("
        "a => !a.href.toLowerCase().startsWith('javascript:'))"
    )


def test_the_view_list_and_card_with_hostile_text(page, dashboard, store) -> None:
    _, _, claim_id = store
    page.goto(dashboard)
    page.wait_for_selector("text=claims match", timeout=TIMEOUT_MS)
    wait_idle(page)
    wait_for(page, lambda: map_drawn(page), "the store's view drawn in the map frame")
    assert "116 claims match" in page_text(page)
    wait_for(page, lambda: claim_id in grid_text(page), "the claims list")
    assert '<img src=x onerror="window.__pwned=1">' in grid_text(page)  # a cell: text
    choose(page, "Claim", claim_id)
    wait_for(page, lambda: TOGGLE in page_text(page), "the picked claim's card")
    text = page_text(page)
    assert '<img src=x onerror="window.__pwned=1">' in text and "**not bold**" in text
    safe(page)
    page.get_by_text(TOGGLE).first.click()
    page.wait_for_selector("text=Save the claim", timeout=TIMEOUT_MS)
    wait_idle(page)
    field(page, "Statement (ours, neutral)").fill("Edited on the large page, as reported.")
    field(page, "Why (a note for the audit trail)").fill("<b>tidy</b>")
    press(page, "Save the claim")
    wait_for(page, lambda: "saved statement" in page_text(page), "the edit to be saved")
    wait_for(
        page,
        lambda: "Edited on the large page, as reported." in grid_text(page),
        "the list to show the edit",
    )
    wait_for(page, lambda: "statement" in grid_text(page) and "edit" in grid_text(page), "history")
    safe(page)
    assert not page.errors, page.errors
    assert not page.aborted, page.aborted
    page.screenshot_to("large_store_edit")
    with StoreSession.open(store[0]) as session:
        entry = session.history("claim", claim_id)[0]
    assert (entry.action, entry.field) == ("edit", "statement")


def drawn_frame(page):
    """The frame in which the store's view is drawn (inside the map component's frame)."""
    found: list = []

    def ready() -> bool:
        found[:] = [
            frame for frame in page.frames if frame is not page.main_frame and _is_drawn(frame)
        ]
        return bool(found)

    wait_for(page, ready, "the store's view drawn in the map frame")
    return found[0]


def _is_drawn(frame) -> bool:
    try:
        return bool(frame.evaluate("() => !!document.body?.hasAttribute('data-cm-view-ready')"))
    except Exception:  # noqa: BLE001 - the frame is being replaced by a new view
        return False


#: A claim's marker in the view frame, well inside the map and apart from the others;
#: the test records which claim Leaflet hands the click to.
_MARKER = """() => {
  const map = window.cmView.map, size = map.getSize(), seen = [];
  window.cmView.drawn.eachLayer(l => { if (!l.getLatLng) return;
    const p = map.latLngToContainerPoint(l.getLatLng());
    seen.push({id: l.feature.properties.claim_id, x: p.x, y: p.y}); });
  const inside = seen.filter(s => s.x > 30 && s.y > 30 && s.x < size.x - 30 && s.y < size.y - 30);
  const apart = inside.filter(s => inside.every(o => o === s ||
    Math.hypot(o.x - s.x, o.y - s.y) > 14));
  window.cmView.drawn.on("click", e => { window.__clicked = e.layer.feature.properties.claim_id; });
  return apart[0] || inside[0];
}"""


#: Another claim drawn as its own feature (not ``clicked``).
_ANOTHER = """clicked => {
  const ids = [];
  window.cmView.drawn.eachLayer(l => ids.push(l.feature.properties.claim_id));
  return ids.find(id => id !== clicked);
}"""


def test_a_claim_clicked_on_the_map_opens_its_card(page, dashboard) -> None:
    page.goto(dashboard)
    page.wait_for_selector("text=claims match", timeout=TIMEOUT_MS)
    wait_idle(page)
    frame = drawn_frame(page)
    marker = frame.evaluate(_MARKER)
    frame.frame_element().scroll_into_view_if_needed()
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + marker["x"], box["y"] + marker["y"])  # a real click
    clicked = frame.evaluate("() => window.__clicked")
    assert clicked, "Leaflet handed the click to no claim"
    wait_for(page, lambda: f"claim={clicked}" in page.url, "the clicked claim in the address")
    wait_for(page, lambda: TOGGLE in page_text(page), "the clicked claim's card")
    page.locator(f".st-key-ed_open_{clicked}").wait_for(timeout=TIMEOUT_MS)  # its edit panel
    assert "layer=" not in page.url and "precision=" not in page.url  # no pills here
    ringed = "() => document.body.getAttribute('data-cm-selected')"
    assert frame.evaluate(ringed) == clicked  # ringed on the map
    # a second click elsewhere (a cell or the sea) picks nothing new and breaks nothing
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    wait_idle(page)
    assert f"claim={clicked}" in page.url
    # a claim picked in the "Claim" box moves the ring
    other = frame.evaluate(_ANOTHER, clicked)
    choose(page, "Claim", other)
    wait_for(page, lambda: drawn_frame(page).evaluate(ringed) == other, "the ring on the pick")
    drawn_frame(page).frame_element().scroll_into_view_if_needed()
    page.screenshot_to("large_store_ringed")
    assert not page.errors, page.errors


def test_a_type_filter_redraws_the_view(page, dashboard, store) -> None:
    from geo.store.engine import connect
    from geo.store.query import ViewQuery, run_view

    engine = connect(store[0])
    try:
        expected = run_view(engine, ViewQuery(types=("crossing",))).total
    finally:
        engine.dispose()
    page.goto(dashboard)
    page.wait_for_selector("text=claims match", timeout=TIMEOUT_MS)
    wait_idle(page)
    box = page.get_by_role("combobox", name="Claim types", exact=True)
    box.focus(timeout=TIMEOUT_MS)
    page.keyboard.press("ArrowDown")  # opens the list
    page.get_by_role("option").filter(has_text="border crossing").first.click()
    page.keyboard.press("Escape")
    wait_for(page, lambda: f"{expected} claims match" in page_text(page), "the narrower view")
    wait_for(page, lambda: map_drawn(page), "the view drawn")
    assert not page.errors, page.errors


def test_a_download_of_the_view_is_built_from_the_store(page, dashboard, tmp_path) -> None:
    import json

    page.goto(f"{dashboard}/?type=crossing")
    page.wait_for_selector("text=claims match", timeout=TIMEOUT_MS)
    wait_idle(page)
    button = page.get_by_role("button", name="GeoJSON")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    path = tmp_path / "view.geojson"
    info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["features"] and {f["properties"]["type"] for f in data["features"]} == {"crossing"}
    assert not page.errors, page.errors
