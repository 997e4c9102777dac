"""The exported HTML map in a real browser, with every outside request refused."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.layers_factory import HOSTILE, sample_collections, synthetic_collections
from geo.dataset import load_dataset
from geo.dates import window_match
from layers.features import layer_collections
from layers.html import export_html
from layers.render import build_map

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SAMPLE = sample_collections()
COUNTS = {name: len(fc["features"]) for name, fc in SAMPLE.items()}

# Country outlines drawn in the offline base map's pane.
BORDERS = """() => Array.from(document.querySelectorAll('.leaflet-cm-borders-pane path'))
  .filter((p) => (p.getAttribute('d') || '').length > 100).length"""

# Paths actually drawn by the SVG renderer of one layer's pane (hidden ones are 'M0 0').
DRAWN_PATHS = """(layer) => Array.from(
  document.querySelectorAll('.leaflet-cm-' + layer + '-pane path.leaflet-interactive'))
  .filter((p) => p.getAttribute('d') && p.getAttribute('d') !== 'M0 0').length"""


def claim_match(c: dict, start: str | None, end: str | None) -> str | None:
    """geo.dates' rule on a claim's properties (ISO dates): certain, possible or None."""

    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    if c["event_start"]:
        low, high = day(c["event_start"]), day(c["event_end"])
    else:
        low, high = None, day(c.get("published_end") or c.get("published"))
    return window_match((low, high), day(start), day(end))


def visible_ids(
    collections: dict, start: str | None, end: str | None, possible: bool = True
) -> set[str]:
    """The features the filter must show: any claim certainly (or possibly) in the window."""
    wanted = {"certain", "possible"} if possible else {"certain"}
    return {
        f["properties"]["feature_id"]
        for fc in collections.values()
        for f in fc["features"]
        if any(claim_match(c, start, end) in wanted for c in f["properties"]["claims"])
    }


#: The exported page folds its panels; most tests open them to use them.
UNFOLDED = {"legend_collapsed": False, "dates_collapsed": False, "layers_collapsed": False}


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory) -> Path:
    return export_html(
        SAMPLE, tmp_path_factory.mktemp("html") / "sample.html", title="Sample", **UNFOLDED
    )


def point_of(page, feature_id: str) -> tuple[float, float]:
    """Where a feature's anchor is on the page, in CSS pixels."""
    return tuple(
        page.js(
            "(id) => { const ll = claimmap.featureLatLng(id);"
            " const p = claimmap.map.latLngToContainerPoint(ll);"
            " const r = claimmap.map.getContainer().getBoundingClientRect();"
            " return [r.left + p.x, r.top + p.y]; }",
            feature_id,
        )
    )


def click_feature(page, feature_id: str) -> None:
    page.mouse.click(*point_of(page, feature_id))


def close_popup(page) -> None:
    """Close the popup and wait until its fading container has left the page."""
    page.js("claimmap.closePopup()")
    page.wait_for_selector(".leaflet-popup", state="detached")


def popup_text(page, feature_id: str) -> str:
    """The popup's text once its claims (decoded on demand) are listed."""
    locator = page.locator(f'.cm-popup[data-feature-id="{feature_id}"][data-loaded="1"]')
    locator.wait_for(timeout=5000)
    return locator.inner_text()


def set_dates(page, start: str, end: str) -> None:
    page.fill(".cm-start", start)
    page.fill(".cm-end", end)


def shown(page) -> set[str]:
    return set(page.js("claimmap.visibleFeatureIds()"))


def test_opens_offline_with_no_outside_request_and_no_error(page, sample_html) -> None:
    page.open_map(sample_html)
    page.wait_for_timeout(300)
    assert page.aborted == []
    assert page.errors == []
    assert page.title() == "Sample"


def test_every_layer_draws_and_the_borders_show(page, sample_html) -> None:
    page.open_map(sample_html)
    assert page.js("claimmap.drawnCounts()") == COUNTS
    for layer, n in COUNTS.items():
        assert page.js(DRAWN_PATHS, layer) == n, layer
    assert page.js(BORDERS) >= 10
    rendering = page.js("claimmap.rendering()")
    assert (rendering["renderer"], rendering["clustered"]) == ("svg", False)
    names = page.locator(".cm-country-label").evaluate_all("els => els.map(e => e.textContent)")
    assert {"Iran", "Iraq", "Kuwait"} <= set(names)
    shot = page.screenshot_to("export_sample")
    from PIL import Image

    # The Shalamcheh crossing is drawn as an indigo diamond (#332288) where it is.
    lat, lng = page.js("claimmap.featureLatLng('crossings:shalamcheh')")
    x, y = page.js(
        "([a, b]) => { const p = claimmap.map.latLngToContainerPoint([a, b]);"
        " return [Math.round(p.x), Math.round(p.y)]; }",
        [lat, lng],
    )
    pixel = Image.open(shot).convert("RGB").getpixel((x, y))
    assert all(abs(a - b) < 30 for a, b in zip(pixel, (0x33, 0x22, 0x88), strict=True)), pixel


def test_legend_and_layer_control(page, sample_html) -> None:
    page.open_map(sample_html)
    legend = page.locator(".cm-legend")
    assert legend.is_visible()
    types = set(
        page.locator(".cm-legend-type").evaluate_all(
            "rows => rows.map(r => r.getAttribute('data-type'))"
        )
    )
    assert types == {"crossing", "transit", "assembly", "deployment", "flight_surge", "statement"}
    assert "ground route" in legend.inner_text() and "flight" in legend.inner_text()
    overlays = page.locator(".cm-layers .leaflet-control-layers-overlays label")
    assert overlays.count() == 5
    assert page.locator(".cm-layers .leaflet-control-layers-base input[type=radio]").count() == 1
    overlays.filter(has_text="Flights").locator("input").uncheck()
    assert page.js("claimmap.drawnCounts()")["flights"] == 0
    assert page.js(DRAWN_PATHS, "flights") == 0
    page.locator(".cm-legend-toggle").click()
    assert not page.locator(".cm-legend-body").is_visible()


def test_the_exported_map_starts_with_its_panels_folded(page, tmp_path) -> None:
    # The reader sees the map first: the panels cover at most a quarter of it.
    page.open_map(
        export_html(
            layer_collections(load_dataset()),
            tmp_path / "real.html",
            title="Militia transfers into Iran, January 2026",
        )
    )
    for toggle in (".cm-legend-toggle", ".cm-filter-toggle"):
        assert page.locator(toggle).get_attribute("aria-expanded") == "false"
    assert not page.locator(".cm-layers .leaflet-control-layers-overlays").is_visible()
    covered = page.js("""() => {
      const map = document.querySelector('.leaflet-container').getBoundingClientRect();
      const boxes = Array.from(document.querySelectorAll('.leaflet-control'))
        .map((n) => n.getBoundingClientRect()).filter((r) => r.width && r.height);
      // Count covered pixels on a 4 px grid, so that overlapping boxes count once.
      let covered = 0, total = 0;
      for (let x = map.left; x < map.right; x += 4) {
        for (let y = map.top; y < map.bottom; y += 4) {
          total += 1;
          if (boxes.some((r) => x >= r.left && x < r.right && y >= r.top && y < r.bottom)) {
            covered += 1;
          }
        }
      }
      return covered / total;
    }""")
    assert covered <= 0.25, covered
    page.screenshot_to("export_folded_panels")


def test_a_collapsed_legend_unfolds_on_click(page, tmp_path) -> None:
    path = export_html(SAMPLE, tmp_path / "folded.html", legend_collapsed=True)
    page.open_map(path)
    toggle = page.locator(".cm-legend-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator(".cm-legend-body").is_visible()
    toggle.click()
    assert page.locator(".cm-legend-body").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"


def test_a_folded_date_panel_unfolds_and_filters(page, tmp_path) -> None:
    page.open_map(export_html(SAMPLE, tmp_path / "folded-dates.html", dates_collapsed=True))
    toggle = page.locator(".cm-filter-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator(".cm-start").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    set_dates(page, "2026-01-07", "2026-01-07")
    assert shown(page) == visible_ids(SAMPLE, "2026-01-07", "2026-01-07")


def test_a_collapsed_layer_control_opens_on_hover(page, tmp_path) -> None:
    page.open_map(export_html(SAMPLE, tmp_path / "compact.html", layers_collapsed=True))
    overlays = page.locator(".cm-layers .leaflet-control-layers-overlays")
    assert not overlays.is_visible()
    page.hover(".cm-layers")
    overlays.wait_for(state="visible", timeout=5000)
    assert overlays.locator("label").count() == 5


def test_date_filter_works_on_event_ranges_at_the_edges(page, sample_html) -> None:
    page.open_map(sample_html)
    # A claim spanning Jan 6-8 is possibly on Jan 7 (its crossing also has a Jan 7 claim) ...
    set_dates(page, "2026-01-07", "2026-01-07")
    assert shown(page) == visible_ids(SAMPLE, "2026-01-07", "2026-01-07")
    assert "crossings:shalamcheh" in shown(page)
    assert page.js("claimmap.matchOf('crossings:shalamcheh')") == "certain"
    assert page.js(DRAWN_PATHS, "crossings") == 1
    # ... and possibly in a window holding its last day, but not in one ending Jan 5.
    set_dates(page, "2026-01-08", "2026-01-20")
    assert page.js("claimmap.matchOf('crossings:shalamcheh')") == "possible"
    set_dates(page, "2026-01-01", "2026-01-05")
    assert shown(page) == visible_ids(SAMPLE, "2026-01-01", "2026-01-05")
    assert "crossings:shalamcheh" not in shown(page)
    assert page.js(DRAWN_PATHS, "crossings") == 0
    set_dates(page, "2026-01-09", "2026-01-31")
    assert "crossings:shalamcheh" not in shown(page)
    # An undated claim may lie anywhere up to its document's publication (Jan 18):
    # possibly in this window, hidden with the possible claims.
    assert page.js("claimmap.matchOf('sites:mashhad')") == "possible"
    page.uncheck(".cm-possible")
    assert "sites:mashhad" not in shown(page)
    assert shown(page) == visible_ids(SAMPLE, "2026-01-09", "2026-01-31", possible=False)
    status = page.locator(".cm-status").inner_text()
    assert status.startswith(f"{len(shown(page))} of 8 map features shown")
    page.check(".cm-possible")
    set_dates(page, "2026-01-19", "2026-01-31")
    assert "sites:mashhad" not in shown(page)  # published by Jan 18: not after it
    page.click(".cm-reset")
    assert shown(page) == visible_ids(SAMPLE, None, None)
    assert page.js("claimmap.getWindow()") == {
        "start": None,
        "end": None,
        "showPossible": True,
        "asOf": None,
    }


def test_playback_advances_day_by_day(page, sample_html) -> None:
    page.open_map(sample_html)
    page.js("claimmap.setWindow('2026-01-01', '2026-01-01')")
    page.click(".cm-play")
    assert "Pause" in page.locator(".cm-play").inner_text()
    page.wait_for_function(
        "document.querySelector('.cm-start').value >= '2026-01-03'", timeout=10_000
    )
    page.click(".cm-play")
    assert page.js("claimmap.isPlaying()") is False
    window = page.js("claimmap.getWindow()")
    assert window["start"] == window["end"] and window["start"] >= "2026-01-03"
    assert shown(page) == visible_ids(SAMPLE, window["start"], window["end"])
    assert int(page.locator(".cm-slider").input_value()) == int(window["start"][-2:]) - 1
    # Played to the end, it stops by itself on the last day.
    page.js("claimmap.setWindow('2026-01-14', '2026-01-14')")
    page.click(".cm-play")
    page.wait_for_function("!claimmap.isPlaying()", timeout=10_000)
    assert page.js("claimmap.getWindow()")["end"] == "2026-01-15"
    assert page.errors == []


def test_popup_lists_the_claims_of_the_clicked_feature(page, sample_html) -> None:
    page.open_map(sample_html)
    click_feature(page, "crossings:shalamcheh")
    text = popup_text(page, "crossings:shalamcheh")
    assert "Buses carrying fighters reportedly crossed at Shalamcheh." in text
    assert "\u201cDozens of buses crossed the Shalamcheh border crossing\u201d" in text
    assert "According to an Iraqi official, according to the article" in text
    assert "Event date: 2026-01-06 \u2013 2026-01-08 (range)" in text
    assert "about 800" in text and "independent sources: 2" in text and "grade F6" in text
    assert "fighters reported differently" in text and "sources conflict" in text
    assert "Other side of the border: Shalamcheh post (Iraq) (IQ)" in text
    assert "Location known to within about 4 km" in text
    assert "Groups named: Kataib Hezbollah" in text
    claim_ids = page.locator(".cm-popup .cm-claim").evaluate_all(
        "items => items.map(i => i.getAttribute('data-claim-id'))"
    )
    assert claim_ids == ["shal-buses", "shal-transit"]
    link = page.locator(".cm-popup a.cm-source-link").first
    assert link.get_attribute("href") == "https://example.org/article"
    assert link.get_attribute("rel") == "noopener noreferrer"
    close_popup(page)
    # Hovering shows a tooltip with the label and the claim count.
    x, y = point_of(page, "crossings:shalamcheh")
    page.mouse.move(5, 400)
    page.mouse.move(x, y)
    tooltip = page.locator(".cm-tooltip")
    tooltip.wait_for(timeout=5000)
    assert "Shalamcheh crossing" in tooltip.inner_text() and "2 claims" in tooltip.inner_text()
    assert "border crossing" in tooltip.inner_text()  # the legend's name, not the raw key
    page.mouse.move(5, 400)
    # An area is clickable anywhere inside its circle of uncertainty.
    click_feature(page, "areas:diyala")

    assert "Area of uncertainty" in popup_text(page, "areas:diyala")


def test_hostile_markup_is_shown_as_text_and_never_runs(page, sample_html) -> None:
    page.open_map(sample_html)
    click_feature(page, "sites:hostile")
    text = popup_text(page, "sites:hostile")
    for key in ("statement", "claimant", "outlet"):
        assert HOSTILE[key] in text
    assert f"\u201c{HOSTILE['quote']}\u201d" in text
    popup = page.locator(".cm-popup")
    assert popup.locator("img, script, b").count() == 0
    assert popup.locator("a").count() == 0  # javascript: URL: no link at all
    # Hover the marker (tooltip) and everything in the popup.
    close_popup(page)
    page.mouse.move(*point_of(page, "sites:hostile"))
    page.locator(".cm-tooltip").wait_for(timeout=5000)
    assert (
        page.locator(".cm-tooltip")
        .inner_text()
        .startswith('Tehran <img src=x onerror="window.__pwned=1">')
    )
    assert page.locator(".cm-tooltip img").count() == 0
    click_feature(page, "sites:hostile")
    for node in popup.locator("*").all():
        node.hover(force=True)
    page.wait_for_timeout(200)
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.js("document.querySelectorAll('img[src=x], img[src=\"x\"]').length") == 0
    assert page.errors == [] and page.aborted == []
    page.screenshot_to("export_hostile_popup")


def test_tiles_on_but_unreachable_leave_the_borders(page, tmp_path) -> None:
    path = export_html(SAMPLE, tmp_path / "tiles.html", tiles="OpenStreetMap", **UNFOLDED)
    page.open_map(path)
    page.wait_for_function("claimmap.tileErrors() > 0", timeout=10_000)
    assert page.aborted and all(
        url.startswith("https://tile.openstreetmap.org/") for url in page.aborted
    )
    assert all("ERR_FAILED" in e for e in page.errors), page.errors  # only the refused tiles
    assert page.js(BORDERS) >= 10
    assert page.js("claimmap.drawnCounts()") == COUNTS
    bases = page.locator(".cm-layers .leaflet-control-layers-base label").all_inner_texts()
    assert [b.strip() for b in bases] == ["OpenStreetMap", "No tiles (offline borders)"]
    page.screenshot_to("export_tiles_unreachable")


def test_real_data_export(page, tmp_path) -> None:
    collections = layer_collections(load_dataset())
    path = export_html(collections, tmp_path / "real.html")
    page.open_map(path)
    counts = {name: len(fc["features"]) for name, fc in collections.items()}
    assert page.js("claimmap.drawnCounts()") == counts
    assert page.errors == [] and page.aborted == []
    first = next(f for fc in collections.values() for f in fc["features"])
    page.js(f"claimmap.openPopup({first['properties']['feature_id']!r})")
    text = popup_text(page, first["properties"]["feature_id"])
    assert first["properties"]["claims"][0]["statement"] in text
    close_popup(page)
    page.screenshot_to("export_real_data")


@pytest.mark.parametrize("budget", [None, 1])
def test_status_counts_a_claim_at_several_places_once(page, tmp_path, budget) -> None:
    from layers.features import within_budget

    # real data: a claim naming three provinces is drawn by three area features
    collections = layer_collections(load_dataset())
    ids = [
        cid
        for fc in collections.values()
        for f in fc["features"]
        for cid in f["properties"]["claim_ids"]
    ]
    assert len(ids) > len(set(ids)), "some claim is drawn at several places"
    if budget is not None:
        collections = within_budget(collections, budget=budget)
    page.open_map(export_html(collections, tmp_path / "real.html", **UNFOLDED))
    status = page.locator(".cm-status").inner_text()
    assert status.endswith(f"({len(set(ids))} claims)"), status
    set_dates(page, "2026-01-07", "2026-01-07")
    matches = {
        c["claim_id"]: claim_match(c, "2026-01-07", "2026-01-07")
        for fc in layer_collections(load_dataset()).values()
        for f in fc["features"]
        for c in f["properties"]["claims"]
    }
    certain = sum(1 for m in matches.values() if m == "certain")
    possible = sum(1 for m in matches.values() if m == "possible")
    status = page.locator(".cm-status").inner_text()
    assert status.endswith(
        f"({certain + possible} claims: {certain} certain, {possible} possible)"
    ), status


@pytest.mark.parametrize("mode", ["cluster", "canvas"])
def test_large_maps_filter_and_open_popups(page, tmp_path, mode: str) -> None:
    collections = synthetic_collections(1200, seed=3)
    path = export_html(
        collections, tmp_path / f"{mode}.html", cluster=mode == "cluster", renderer="canvas"
    )
    page.open_map(path)
    counts = {name: len(fc["features"]) for name, fc in collections.items()}
    assert page.js("claimmap.drawnCounts()") == counts
    rendering = page.js("claimmap.rendering()")
    assert (rendering["renderer"], rendering["clustered"]) == ("canvas", mode == "cluster")
    if mode == "cluster":
        assert page.locator(".cm-cluster").count() > 0
    page.js("claimmap.setWindow('2026-01-10', '2026-01-12')")
    expected = visible_ids(collections, "2026-01-10", "2026-01-12")
    assert shown(page) == expected
    drawn: dict[str, Any] = page.js("claimmap.drawnCounts()")
    assert sum(drawn.values()) == len(expected)
    dated = visible_ids(collections, "2026-01-10", "2026-01-12", possible=False)
    feature_id = sorted(i for i in dated if i.startswith("sites:"))[0]
    page.js(f"claimmap.openPopup({feature_id!r})")
    assert "Event date: 2026-01-1" in popup_text(page, feature_id)
    assert page.errors == [] and page.aborted == []
    page.screenshot_to(f"export_large_{mode}")


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A static file server on 127.0.0.1 (a free port) for the duration of the block."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_static_mode_loads_leaflet_from_streamlit_static_serving(page, tmp_path) -> None:
    # The dashboard's map links /app/static/vendor/...: served here the way Streamlit
    # serves static/ (server.enableStaticServing), from the fetched vendor files.
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "static").symlink_to(root / "static")
    m = build_map(SAMPLE, asset_mode="static")
    (tmp_path / "map.html").write_text(m.get_root().render(), encoding="utf-8")
    requested: list[str] = []
    page.on("requestfinished", lambda request: requested.append(request.url))
    with serve(tmp_path) as base:
        page.goto(f"{base}/map.html")
        page.wait_for_selector("[data-claimmap-ready]", state="attached", timeout=30_000)
        assert page.js("claimmap.drawnCounts()") == COUNTS
    assert f"{base}/app/static/vendor/leaflet/dist/leaflet.js" in requested
    assert page.errors == [] and page.aborted == []


def test_claim_lists_cut_to_a_budget_still_filter_on_every_claim(page, tmp_path) -> None:
    from layers.features import within_budget

    # Each sample feature keeps one claim: the date filter must still see every claim's range.
    slim = within_budget(SAMPLE, budget=1)
    multi = [
        f for fc in SAMPLE.values() for f in fc["features"] if len(f["properties"]["claims"]) > 1
    ]
    assert multi, "the sample needs a feature with several claims"
    path = export_html(slim, tmp_path / "slim.html", title="Slim", **UNFOLDED)
    page.open_map(path)
    for start, end in [
        ("2026-01-07", "2026-01-07"),
        ("2026-01-09", "2026-01-31"),
        ("2026-01-01", "2026-01-05"),
    ]:
        set_dates(page, start, end)
        assert shown(page) == visible_ids(SAMPLE, start, end)
    page.click(".cm-reset")
    feature = multi[0]["properties"]
    total = len(feature["claims"])
    page.js("(id) => claimmap.openPopup(id)", feature["feature_id"])
    text = popup_text(page, feature["feature_id"])
    assert f"{total} claims (the first 1 listed here)" in text
    assert page.errors == []


def test_playback_from_outside_the_dates_starts_at_the_first_day(page, sample_html) -> None:
    page.open_map(sample_html)
    first = page.js("claimmap.domain()")["min"]
    # A three-day window wholly before the first reported date: play starts it there.
    page.js("claimmap.setWindow('2025-11-01', '2025-11-03')")
    page.click(".cm-play")
    assert page.js("claimmap.isPlaying()") is True
    page.wait_for_function(f"claimmap.getWindow().start > '{first}'", timeout=10_000)
    page.click(".cm-play")
    window = page.js("claimmap.getWindow()")
    assert window["start"] > first
    assert shown(page) == visible_ids(SAMPLE, window["start"], window["end"])
    # A window that only begins before the first date moves forward day by day.
    page.js(f"claimmap.setWindow('2025-12-30', '{first}')")
    assert page.js("claimmap.step(1)") is True
    assert page.js("claimmap.getWindow().start") == "2025-12-31"
    assert page.errors == []


def hostile_gazetteer_dataset() -> Any:
    """The sample dataset with markup and template syntax in every place name."""
    from tests import dataset_factory as factory

    places = [
        p.model_copy(update={"name": f'<img src=x onerror="window.__pwned=1">{{{{7*7}}}} {p.id}'})
        for p in factory.PLACES
    ]
    return factory.make_dataset(places=places)


def test_hostile_place_names_and_title_stay_text(page, tmp_path) -> None:
    title = "</title><script>window.__pwned=1</script>{{ 7*7 }} <b>t</b>"
    collections = layer_collections(hostile_gazetteer_dataset())
    path = export_html(collections, tmp_path / "hostile.html", title=title)
    page.open_map(path)
    assert page.title() == title
    assert page.locator(".cm-title-text").inner_text() == title
    ids = page.js("claimmap.visibleFeatureIds()")
    assert {i.split(":")[0] for i in ids} == {"areas", "routes", "flights", "crossings", "sites"}
    for feature_id in ids:
        page.js("(id) => claimmap.openPopup(id)", feature_id)
        text = popup_text(page, feature_id)
        assert '<img src=x onerror="window.__pwned=1">{{7*7}}' in text
        close_popup(page)
    page.mouse.move(*point_of(page, "crossings:shalamcheh-crossing"))
    page.locator(".cm-tooltip").wait_for(timeout=5000)
    assert page.locator(".cm-tooltip").inner_text().startswith("<img src=x")
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.js("document.querySelectorAll('img[src=x], b').length") == 0
    assert page.errors == [] and page.aborted == []


def test_an_empty_title_leaves_only_the_filter_in_the_title_box(page, tmp_path) -> None:
    page.open_map(export_html(SAMPLE, tmp_path / "untitled.html", title=""))
    assert page.locator(".cm-title-text").count() == 0
    assert page.locator(".cm-title-filter").inner_text().startswith("all event dates · exported ")
    assert page.title() == "claimmap: reported claims"
    page.open_map(export_html(SAMPLE, tmp_path / "titled.html", title="Militia transfers"))
    assert page.locator(".cm-title-text").inner_text() == "Militia transfers"
