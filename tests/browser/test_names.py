"""Names and symbols on the map: visible, never over one another, the same under any filter."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from layers.features import layer_collections
from layers.html import export_html
from tests.browser.test_export_html import UNFOLDED, point_of

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of names whose boxes intersect (by more than half a pixel)."""
    out = []
    for a, b in combinations(labels, 2):
        (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
        if min(r1, r2) - max(l1, l2) > 0.5 and min(b1, b2) - max(t1, t2) > 0.5:
            out.append((a["text"], b["text"]))
    return out


@pytest.fixture(scope="module")
def real_html(tmp_path_factory) -> Path:
    return export_html(
        layer_collections(load_dataset()),
        tmp_path_factory.mktemp("names") / "real.html",
        **UNFOLDED,
    )


def test_places_are_named_and_no_name_covers_another(page, real_html) -> None:
    page.open_map(real_html)
    labels = page.js("claimmap.labels()")
    names = {label["place"] for label in labels}
    assert {"shalamcheh-crossing", "najaf-airport", "tehran", "basra"} <= names
    assert len(labels) >= 12
    assert overlapping(labels) == []
    # Every name is inside the map, shown, and above the features (its pane on top).
    size = page.js("[innerWidth, innerHeight]")
    for label in labels:
        left, top, right, bottom = label["box"]
        assert 0 <= left and right <= size[0] and 0 <= top and bottom <= size[1], label
    assert page.locator(".cm-place-label").first.is_visible()
    assert page.js(
        "+getComputedStyle(document.querySelector('.leaflet-cm-place-labels-pane'))"
        ".zIndex > +getComputedStyle(document.querySelector('.leaflet-cm-sites-pane'))"
        ".zIndex"
    )
    page.screenshot_to("names_real_data")


def test_names_stay_apart_at_every_zoom(page, real_html) -> None:
    page.open_map(real_html)
    for zoom in (4, 6, 7, 9):
        page.js(f"void claimmap.map.setView([32.5, 47.5], {zoom}, {{animate: false}})")
        labels = page.js("claimmap.placeLabels()")
        assert overlapping(labels) == [], zoom
    # Zooming in shows more names: the rest of them wait for room.
    page.js("void claimmap.map.setView([31.5, 47.8], 8, {animate: false})")
    near = {label["place"] for label in page.js("claimmap.placeLabels()")}
    assert {"ahvaz", "ahvaz-assembly-base", "basra", "shalamcheh-crossing"} <= near


def test_the_local_script_name_stands_beside_the_english_one(page, real_html) -> None:
    page.open_map(real_html)
    label = page.locator('.cm-place-label[data-place="shalamcheh-crossing"]')
    assert label.locator(".cm-name").inner_text() == "Shalamcheh border crossing"
    local = label.locator(".cm-name-local")
    assert local.inner_text() == "شلمچه" and local.get_attribute("lang") == "fa"
    assert local.get_attribute("dir") == "rtl"
    page.select_option(".cm-names", "english")
    assert label.locator(".cm-name-local").count() == 0
    assert overlapping(page.js("claimmap.labels()")) == []
    page.select_option(".cm-names", "local")
    basra = page.locator('.cm-place-label[data-place="basra"]')
    assert basra.inner_text() == "البصرة" and basra.locator(".cm-name").count() == 0
    assert overlapping(page.js("claimmap.labels()")) == []


def test_route_and_flight_ends_are_named(page, real_html) -> None:
    page.open_map(real_html)
    page.js("void claimmap.map.setView([33.5, 47.0], 7, {animate: false})")
    names = {label["place"] for label in page.js("claimmap.placeLabels()")}
    # routes:mehran-crossing>ilam-province and flights:ilam>tehran end there
    assert {"mehran-crossing", "ilam-province", "ilam-airport"} <= names


def test_both_sides_of_a_crossing_are_drawn_and_named_when_zoomed_in(page, real_html) -> None:
    page.open_map(real_html)
    drawn = """() => Array.from(document.querySelectorAll(
      '.leaflet-cm-crossings-pane path.leaflet-interactive'))
      .filter((p) => p.getAttribute('d') && p.getAttribute('d') !== 'M0 0').length"""
    assert page.js(drawn) == 3  # one symbol per crossing at the country scale
    page.js("void claimmap.map.setView([30.49, 48.01], 12, {animate: false})")
    names = {label["place"] for label in page.js("claimmap.placeLabels()")}
    assert {"shalamcheh-crossing", "shalamcheh-post-iq"} <= names
    assert page.js(drawn) >= 2  # the Iranian crossing and the Iraqi post
    page.screenshot_to("names_crossing_both_sides")


def test_a_place_keeps_its_symbol_under_every_filter(page, tmp_path) -> None:
    dataset = load_dataset()
    shapes = []
    for name, types in (
        ("statements", {"statement"}),
        ("all", None),
        ("flights", {"flight_surge", "statement"}),
    ):
        view = dataset.select(c for c in dataset.claims if types is None or c.type in types)
        page.open_map(export_html(layer_collections(view), tmp_path / f"{name}.html"))
        shapes.append(page.js("claimmap.symbolOf('sites:najaf-airport')")["shape"])
        if name == "all":
            crossing = page.js("claimmap.symbolOf('crossings:shalamcheh-crossing')")
            assert crossing["shape"] == "diamond"
        page.js("claimmap.setWindow('2026-01-07', '2026-01-07')")
        shapes.append(page.js("claimmap.symbolOf('sites:najaf-airport')")["shape"])
    assert set(shapes) == {"plane"}


def test_a_country_area_does_not_take_the_hover_from_a_flight(page, real_html) -> None:
    page.open_map(real_html)
    # The Najaf - Mashhad arc crosses Iran, itself drawn as a country-level area.
    page.mouse.move(5, 400)
    page.mouse.move(*point_of(page, "flights:najaf>mashhad"))
    tooltip = page.locator(".cm-tooltip")
    tooltip.wait_for(timeout=5000)
    assert "Najaf" in tooltip.inner_text() and "Mashhad" in tooltip.inner_text()
    # Two pixels off the line still picks the flight, not the country around it.
    x, y = point_of(page, "flights:najaf>mashhad")
    page.mouse.move(5, 400)
    page.mouse.move(x, y + 3)
    tooltip.wait_for(timeout=5000)
    assert "Mashhad" in tooltip.inner_text() and "Iran" not in tooltip.inner_text().split("\n")[0]
