from __future__ import annotations

import datetime as dt

import folium
import pytest

from bench.layers_factory import sample_collections, synthetic_collections
from geo.dataset import load_dataset
from layers.features import layer_collections
from layers.render import CLUSTER_THRESHOLD, build_map
from tests.layers.test_claimlayer import payload_of

FOLIUM_CDN_JS = list(folium.Map.default_js)
FOLIUM_CDN_CSS = list(folium.Map.default_css)


@pytest.fixture(scope="module")
def borders() -> dict:
    # A tiny stand-in outline keeps most tests fast; one test uses the real ones.
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Box", "iso2": None},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[44, 30], [50, 30], [50, 36], [44, 36], [44, 30]]],
                },
            }
        ],
    }


def page_of(m: folium.Map) -> str:
    return m.get_root().render()


def test_map_has_no_folium_cdn_assets_and_leaves_folium_alone(borders) -> None:
    m = build_map(sample_collections(), borders=borders)
    assert m.default_js == [] and m.default_css == []
    assert m.default_js is not folium.Map.default_js
    page = page_of(m)
    for marker in (
        "cdn.jsdelivr",
        "code.jquery",
        "bootstrap",
        "font-awesome",
        "fontawesome",
        "awesome-markers",
        "cdnjs",
    ):
        assert marker not in page
    # Other maps in the process still get folium's defaults.
    assert folium.Map.default_js == FOLIUM_CDN_JS and folium.Map.default_css == FOLIUM_CDN_CSS


def test_options_reach_the_browser(borders) -> None:
    m = build_map(
        sample_collections(),
        borders=borders,
        start=dt.date(2026, 1, 6),
        end="2026-01-08",
        show_possible=False,
        as_of="2026-01-12",
        title="Test <map>",
    )
    page = page_of(m)
    data = payload_of(page)
    opts = data["options"]
    assert (opts["start"], opts["end"], opts["show_possible"], opts["as_of"]) == (
        "2026-01-06",
        "2026-01-08",
        False,
        "2026-01-12",
    )
    assert opts["tiles"] is None and opts["cluster"] is False
    assert opts["title"] == "Test <map>"
    assert "<title>Test &lt;map&gt;</title>" in page
    assert list(data["layers"]) == ["areas", "routes", "flights", "crossings", "sites"]
    assert data["borders"] == borders
    assert '"maxZoom": 18' in page  # markercluster needs a zoom range with no tiles


def test_tiles_are_off_by_default_and_openstreetmap_on_request(borders) -> None:
    off = payload_of(page_of(build_map(sample_collections(), borders=borders)))
    assert off["options"]["tiles"] is None
    on = payload_of(
        page_of(build_map(sample_collections(), borders=borders, tiles="OpenStreetMap"))
    )
    assert on["options"]["tiles"]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert on["borders"] == borders  # borders stay under the tiles


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"tiles": "Stamen"}, "tiles"),
        ({"start": "2026-13-01"}, "start must be a date"),
        ({"end": "soon"}, "end must be a date"),
        ({"start": "2026-01-09", "end": "2026-01-08"}, "before start"),
        ({"asset_mode": "cdn"}, "asset_mode"),
    ],
)
def test_bad_arguments(borders, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        build_map(sample_collections(), borders=borders, **kwargs)


def test_missing_layers_are_drawn_empty(borders) -> None:
    data = payload_of(page_of(build_map({"sites": sample_collections()["sites"]}, borders=borders)))
    assert data["layers"]["crossings"]["id"] == []
    assert len(data["layers"]["sites"]["id"]) == 3


def test_clustering_is_automatic_for_large_point_layers(borders) -> None:
    small = build_map(synthetic_collections(200), borders=borders)
    assert payload_of(page_of(small))["options"]["cluster"] is False
    large = build_map(synthetic_collections(CLUSTER_THRESHOLD + 10), borders=borders)
    page = page_of(large)
    assert payload_of(page)["options"]["cluster"] == "auto"  # counted per cell when crowded
    assert "MarkerClusterGroup" not in page  # counted per cell by claimmap's own code
    forced = build_map(synthetic_collections(50), borders=borders, cluster=True)
    assert payload_of(page_of(forced))["options"]["cluster"] is True


def test_static_mode_for_the_dashboard(borders) -> None:
    page = page_of(build_map(sample_collections(), borders=borders, asset_mode="static"))
    assert '<script src="/app/static/vendor/leaflet/dist/leaflet.js"></script>' in page
    assert '<link rel="stylesheet" href="/app/static/vendor/leaflet/dist/leaflet.css"/>' in page


def test_default_borders_are_natural_earth_around_the_claims() -> None:
    data = payload_of(page_of(build_map(sample_collections())))
    names = {f["properties"]["name"] for f in data["borders"]["features"]}
    assert {"Iran", "Iraq", "Kuwait"} <= names
    assert "Brazil" not in names
    labels = {
        f["properties"]["name"]: f["properties"].get("label_point")
        for f in data["borders"]["features"]
    }
    lon, lat = labels["Iran"]
    assert 44 < lon < 63 and 25 < lat < 40  # inside Iran
    assert labels["Akrotiri"] is None  # too small to label


def test_real_data_renders_every_feature() -> None:
    collections = layer_collections(load_dataset())
    data = payload_of(page_of(build_map(collections)))
    for name, fc in collections.items():
        assert len(data["layers"][name]["id"]) == len(fc["features"])
    assert sum(len(fc["features"]) for fc in collections.values()) > 10
