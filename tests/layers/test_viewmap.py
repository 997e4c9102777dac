"""The map of a store's view: its page, its data as JSON, hostile text kept as text."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from geo.store.query import DayCount, View
from layers.viewmap import view_map_html, view_payload

HOSTILE = '</script><img src=x onerror="window.pwned=1">&amp;'
BORDERS = {"type": "FeatureCollection", "features": []}


def feature(claim_id: str, claim_type: str, lon: float, lat: float) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "claim_id": claim_id, "type": claim_type, "review_status": "draft", "grade": "F6",
            "event_start": "2026-01-06", "event_end": "2026-01-08", "window_match": "certain",
        },
    }  # fmt: skip


def features_view(*features: dict) -> View:
    return View(
        total=len(features),
        mapped=len(features),
        features={"type": "FeatureCollection", "features": list(features)},
        cells=None,
        cell_size=None,
        extent=(47.0, 30.0, 49.0, 32.0),
        days=(DayCount(dt.date(2026, 1, 6), "crossing", 1),),
    )


def cells_view(counts: list[int]) -> View:
    cells = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [47 + i, 31]},
         "properties": {"count": n}}
        for i, n in enumerate(counts)
    ]  # fmt: skip
    return View(
        total=sum(counts),
        mapped=sum(counts),
        features=None,
        cells={"type": "FeatureCollection", "features": cells},
        cell_size=1.0,
        extent=(47.0, 30.0, 47.0 + len(counts), 32.0),
        days=(),
    )


def data_of(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="cm-view-data">(.*?)</script>', page)
    assert block
    return json.loads(block.group(1))


def test_the_page_carries_the_view_as_json_and_links_only_served_files() -> None:
    view = features_view(feature("a", "crossing", 48, 31), feature(HOSTILE, "transit", 48.5, 31))
    page = view_map_html(view, borders=BORDERS)
    assert data_of(page) == json.loads(json.dumps(view_payload(view, BORDERS)))
    assert data_of(page)["features"]["features"][1]["properties"]["claim_id"] == HOSTILE
    assert "<img" not in page and page.count("</script>") == 3  # leaflet, data, script
    assert set(re.findall(r'(?:src|href)="([^"]+)"', page)) == {
        "/app/static/vendor/leaflet/dist/leaflet.js",
        "/app/static/vendor/leaflet/dist/leaflet.css",
    }
    assert set(data_of(page)["colors"]) == {"crossing", "transit"}


def test_cells_are_drawn_instead_of_features() -> None:
    payload = view_payload(cells_view([5, 500]), BORDERS)
    assert payload["features"] is None and len(payload["cells"]["features"]) == 2


def test_the_borders_come_from_natural_earth_around_the_view() -> None:
    borders = view_payload(features_view(feature("a", "crossing", 48, 31)))["borders"]
    names = {str(f["properties"]) for f in borders["features"]}
    assert borders["features"] and any("Iran" in n for n in names), names


def test_an_unknown_asset_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="asset_mode"):
        view_map_html(features_view(), borders=BORDERS, asset_mode="cdn")
