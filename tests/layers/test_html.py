from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from bench.layers_factory import HOSTILE, sample_collections
from layers.html import NotSelfContainedError, check_self_contained, export_html, render_html
from layers.payload import claim_details
from tests.layers.test_claimlayer import payload_of

DATA_ID = re.compile(r'<script type="application/json" id="(claimmap-data-[0-9a-f]{16})">')


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_collections(), title="Sample")


def test_page_is_one_self_contained_file(page: str) -> None:
    assert page.lstrip().startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\bsrc\s*=|<link[^>]*\bhref\s*=|@import", page, re.I)
    assert "window.L=t" in page  # Leaflet inside
    assert "leaflet-control-layers-toggle" in page and "data:image/png;base64," in page
    check_self_contained(page)


def test_page_carries_the_date_filter_and_every_layer(page: str) -> None:
    data = payload_of(page)
    assert {n: len(cols["id"]) for n, cols in data["layers"].items()} == {
        "areas": 1,
        "routes": 1,
        "flights": 1,
        "crossings": 2,
        "sites": 3,
    }
    assert "cm-filter" in page and "cm-play" in page and "cm-possible" in page


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example/x.js"></script>',
        '<link rel="stylesheet" href="https://cdn.example/x.css"/>',
        '<img src="https://tracker.example/p.png">',
        "<style>@import url(https://fonts.example/f.css);</style>",
        "<style>@font-face{src:url('https://fonts.example/f.woff2')}</style>",
        '<style>.x{background:url( "//cdn.example/bg.png")}</style>',
        '<img srcset="https://cdn.example/a.png 2x">',
        '<video poster="https://cdn.example/p.jpg"></video>',
        '<object data="https://cdn.example/x.svg"></object>',
        '<audio src="https://cdn.example/a.mp3"></audio>',
        '<base href="https://cdn.example/">',
        '<meta http-equiv="refresh" content="0; url=https://example.org/">',
    ],
)
def test_outside_references_are_caught(snippet: str) -> None:
    with pytest.raises(NotSelfContainedError):
        check_self_contained(f"<html><head>{snippet}</head></html>")


@pytest.mark.parametrize(
    "snippet",
    [
        "<style>.a{background:url(data:image/png;base64,AAAA)}</style>",
        "<style>.b{behavior:url(#default#VML)}</style>",
        '<div data-feature-id="x" data-asset="y"></div>',
        '<meta http-equiv="content-type" content="text/html; charset=UTF-8">',
        '<a href="https://example.org/">a link is followed only on a click</a>',
    ],
)
def test_inline_content_and_links_are_allowed(snippet: str) -> None:
    check_self_contained(f"<html><head>{snippet}</head></html>")


def test_hostile_text_stays_data(page: str) -> None:
    for key in ("statement", "quote", "claimant", "outlet"):
        assert HOSTILE[key] not in page
    assert "</script><script>" not in page


def test_export_writes_atomically(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    assert export_html(sample_collections(), out) == out
    first = out.read_text(encoding="utf-8")
    assert payload_of(first)["layers"]["crossings"]["id"][0] == "crossings:shalamcheh"
    assert os.listdir(tmp_path) == ["map.html"]


def test_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    out.write_text("old map", encoding="utf-8")
    bad = sample_collections()
    bad["sites"]["features"][0]["properties"]["claims"][0]["quantities"] = [
        {"what": "fighters", "qualifier": "about", "value": float("nan"), "text": "about ?"}
    ]
    with pytest.raises(ValueError):
        export_html(bad, out)
    with pytest.raises(ValueError, match="start must be a date"):
        export_html(sample_collections(), out, start="yesterday")
    assert out.read_text(encoding="utf-8") == "old map"
    assert os.listdir(tmp_path) == ["map.html"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        export_html(sample_collections(), tmp_path / "no-such-dir" / "map.html")


def test_claim_words_come_after_the_script_that_draws_the_map(page: str) -> None:
    data = payload_of(page)
    assert "details" not in data["claims"]  # not in the data the map is drawn from
    details_at = page.index(
        f'<script type="application/json" id="{DATA_ID.search(page)[1]}-details">'
    )
    assert page.index("ClaimMap.init(") < details_at < page.rindex("</html>")
    words = json.loads(page[details_at:].split(">", 1)[1].split("</script>", 1)[0])
    assert claim_details({"claims": {"details": words}})[0]["claim_id"] == "diyala-crossings"
