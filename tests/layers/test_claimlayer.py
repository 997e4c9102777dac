from __future__ import annotations

import json
import re

import folium
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.layers_factory import HOSTILE, sample_collections
from layers import assets
from layers.claimlayer import ClaimLayer, json_for_html
from layers.payload import claim_details, map_payload
from layers.style import style_table

# What must never appear raw in the data text: it could end the <script> block,
# start markup or be read as a template.
UNSAFE = ("<", ">", "&", "'", "\u2028", "\u2029", "{{", "{%", "{#")
DATA_BLOCK = re.compile(
    r'<script type="application/json" id="(claimmap-data-[0-9a-f]{16})">(.*?)</script>', re.DOTALL
)


def payload_of(page: str):
    """The data of the (first) claim map of a page, checking the script reads that block."""
    match = DATA_BLOCK.search(page)
    assert match, "no claimmap data block in the page"
    assert f'ClaimMap.readData("{match.group(1)}")' in page
    return json.loads(match.group(2))


def render(layer: ClaimLayer) -> str:
    m = folium.Map(tiles=None)
    m.default_js, m.default_css = [], []
    layer.add_to(m)
    return m.get_root().render()


def test_json_for_html_escapes_what_could_break_out() -> None:
    obj = dict(HOSTILE, sep="\u2028\u2029", jinja="{{ 7*7 }}{% raw %}{# c #}{{{", nested={"a": {}})
    text = json_for_html(obj)
    for seq in UNSAFE:
        assert seq not in text
    assert json.loads(text) == obj


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_json_for_html_round_trips_any_json(obj) -> None:
    text = json_for_html(obj)
    assert not any(seq in text for seq in UNSAFE)
    assert json.loads(text) == obj


def test_json_for_html_refuses_nan() -> None:
    with pytest.raises(ValueError):
        json_for_html({"precision_m": float("nan")})


def test_inline_page_carries_data_code_and_vendor_files() -> None:
    collections = sample_collections()
    page = render(ClaimLayer(collections, styles=style_table(), options={"title": "T"}))
    data = payload_of(page)
    assert {k: v for k, v in data.items() if k not in ("borders", "styles", "options")} == (
        map_payload(collections)
    )
    assert data["styles"]["kinds"]["border_crossing"]["shape"] == "diamond"
    assert "var CM = root.ClaimMap = {" in page  # claimmap/*.js inside the element's script
    assert page.count("window.L=t") == 1  # Leaflet inlined once
    vendor = page.split("/* ---- claimmap/core.js ---- */")[0]
    assert "markerClusterGroup" not in vendor  # no clustering library: claimmap counts itself
    assert not re.search(r"<script[^>]*\bsrc=|<link[^>]*\bhref=", page)


def test_hostile_text_never_reaches_the_page_raw() -> None:
    page = render(ClaimLayer(sample_collections(hostile=True), styles=style_table()))
    for value in HOSTILE.values():
        if any(ch in value for ch in UNSAFE):
            assert value not in page
    details = claim_details(payload_of(page))
    assert details[-1]["statement"] == HOSTILE["statement"]  # carried, compressed, not raw


def test_no_second_template_pass_over_the_data() -> None:
    # folium's MacroElement.render re-parses macro output as Jinja; ClaimLayer must not.
    collections = sample_collections(hostile=True)
    page = render(ClaimLayer(collections, styles=style_table()))
    outlet = claim_details(payload_of(page))[-1]["outlet"]
    assert outlet == HOSTILE["outlet"]
    label = payload_of(page)["layers"]["sites"]["label"][-1]
    assert label == 'Tehran <img src=x onerror="window.__pwned=1">'
    assert "{{ 7*7 }}" in outlet and "49" not in outlet


def test_static_mode_links_vendor_files_per_instance() -> None:
    layer = ClaimLayer(sample_collections(), asset_mode="static", cluster=True)
    assert [url for _, url in layer.default_js] == [
        "/app/static/vendor/leaflet/dist/leaflet.js",
    ]
    assert ClaimLayer.default_js == [] and ClaimLayer.default_css == []  # class lists untouched
    page = render(layer)
    assert '<script src="/app/static/vendor/leaflet/dist/leaflet.js"></script>' in page
    assert "window.L=t" not in page  # Leaflet linked, not inlined
    assert "cdn." not in page and "jquery" not in page.lower()


def test_clustering_needs_no_library() -> None:
    page = render(ClaimLayer(sample_collections(), cluster=True))
    vendor = page.split("/* ---- claimmap/core.js ---- */")[0]
    assert "MarkerClusterGroup" not in page and "Supercluster" not in vendor
    assert vendor.count("window.L=t") == 1  # Leaflet, and nothing else from a vendor


def test_bad_asset_mode() -> None:
    with pytest.raises(ValueError, match="asset_mode"):
        ClaimLayer({}, asset_mode="cdn")


def test_two_elements_share_one_copy_of_leaflet() -> None:
    m = folium.Map(tiles=None)
    m.default_js, m.default_css = [], []
    ClaimLayer(sample_collections()).add_to(m)
    ClaimLayer(sample_collections()).add_to(m)
    page = m.get_root().render()
    assert page.count("window.L=t") == 1
    assert len(re.findall(r"ClaimMap\.init\(\w+, ClaimMap\.readData\(", page)) == 2


def test_streamlit_folium_sees_the_script_and_links() -> None:
    # st_folium runs only element scripts and loads default_js links: both must carry the map.
    from streamlit_folium import _get_header, _get_html, generate_leaflet_string

    m = folium.Map(tiles=None)
    m.default_js, m.default_css = [], []
    ClaimLayer(sample_collections(), asset_mode="static", styles=style_table()).add_to(m)
    m.get_root().render()
    header = _get_header(m)
    html = _get_html(m)
    script = generate_leaflet_string(m)
    assert "ClaimMap.init(map_div, ClaimMap.readData(" in script
    assert "var CM = root.ClaimMap = {" in script
    # The frame inserts the html (with the data block) before it runs the script.
    assert payload_of(html + script)["layers"] == map_payload(sample_collections())["layers"]
    # The same data gives the same script, so a rerun does not remount the frame.
    m2 = folium.Map(tiles=None)
    m2.default_js, m2.default_css = [], []
    ClaimLayer(sample_collections(), asset_mode="static", styles=style_table()).add_to(m2)
    m2.get_root().render()
    assert generate_leaflet_string(m2) == script
    assert ".cm-legend" in header  # claimmap.css reaches the frame's head
    links = [url for child in m._children.values() for _, url in getattr(child, "default_js", ())]
    assert links == [url for _, url in assets.js_links((assets.LEAFLET,))]
