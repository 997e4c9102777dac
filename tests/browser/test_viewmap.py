"""The map of a store's view in chromium: features or cells drawn, hostile text shown as text."""

from __future__ import annotations

import pytest

from layers.viewmap import view_map_html
from tests.layers.test_viewmap import BORDERS, HOSTILE, cells_view, feature, features_view

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TOOLTIPS = """() => window.cmView.drawn.getLayers().map(l => {
    const content = l.getTooltip().getContent();
    return (typeof content === "function" ? content(l) : content).textContent;
})"""


def open_view(page, tmp_path, view) -> None:
    path = tmp_path / "view.html"
    path.write_text(view_map_html(view, borders=BORDERS, asset_mode="inline"), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-cm-view-ready]", state="attached", timeout=30_000)


def test_features_are_drawn_with_their_text_as_text(page, tmp_path) -> None:
    view = features_view(
        feature("tml-buses", "crossing", 48, 31), feature(HOSTILE, "transit", 48.5, 31)
    )
    open_view(page, tmp_path, view)
    assert page.js(TOOLTIPS) == [
        "tml-buses · crossing · 2026-01-06 to 2026-01-08",
        f"{HOSTILE} · transit · 2026-01-06 to 2026-01-08",
    ]
    assert page.js("() => window.pwned") is None
    assert page.errors == [] and page.aborted == []


def test_cells_are_drawn_with_their_counts(page, tmp_path) -> None:
    open_view(page, tmp_path, cells_view([5, 1500]))
    assert page.js(TOOLTIPS) == ["5 claims", "1,500 claims"]
    radii = page.js("() => window.cmView.drawn.getLayers().map(l => l.getRadius())")
    assert radii[0] < radii[1] == 20
    assert page.errors == [] and page.aborted == []
