"""The review page's small map of place candidates: offline assets, escaped tooltips."""

from __future__ import annotations

import re

from layers.candidates import ROLE_STYLES, candidates_map, point_tooltip, tooltip_text

POINTS = [
    {"id": "a", "lat": 30.43, "lon": 48.03, "name": "Shalamcheh", "kind": "border_crossing",
     "role": "chosen", "mention": "Shalamcheh", "score": None},
    {"id": "b", "lat": 30.40, "lon": 47.98, "name": "Post", "kind": "border_crossing",
     "role": "inferred", "mention": None, "score": None},
    {"id": "c", "lat": 33.3, "lon": 44.4, "name": "Baghdad", "kind": "city",
     "role": "candidate", "mention": "Baghdad", "score": 0.8},
]  # fmt: skip
HOSTILE = "`${window.__pwned=1}` </script><img src=x onerror=alert(1)> \\u0060"


def rendered(points, **kwargs) -> str:
    return candidates_map(points, **kwargs).get_root().render()


def test_the_map_links_only_the_served_leaflet_files():
    page = rendered(POINTS, borders={"type": "FeatureCollection", "features": []})
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert links and all(link.startswith("/app/static/vendor/leaflet/") for link in links)
    assert "cdn" not in page.lower() and "tile" not in page.lower().replace("bindtooltip", "")


def test_every_point_is_drawn_in_its_role_style():
    page = rendered(POINTS, borders={"type": "FeatureCollection", "features": []})
    assert page.count("L.circleMarker(") == 3
    for stroke, fill, _, _ in ROLE_STYLES.values():
        assert fill in page and stroke in page
    assert "fitBounds" in page


def test_hostile_names_cannot_leave_the_tooltip():
    point = {**POINTS[2], "name": HOSTILE, "mention": HOSTILE}
    page = rendered([point], borders={"type": "FeatureCollection", "features": []})
    tooltip = page[page.index("bindTooltip(") : page.index("bindTooltip(") + 600]
    literal = tooltip[tooltip.index("`") + 1 :]
    literal = literal[: literal.index("`")]  # the template literal ends at the first backtick
    assert "pwned" in literal and "onerror" in literal  # all of it stayed inside
    for raw in ("<script", "</script", "<img", "${", "\\"):
        assert raw not in literal
    assert tooltip_text("a`b$c\\d<e>") == "a&#96;b&#36;c&#92;d&lt;e&gt;"


def test_tooltips_say_what_each_point_is():
    assert point_tooltip(POINTS[0]) == "Shalamcheh (border crossing, on the claim) for “Shalamcheh”"
    assert point_tooltip(POINTS[1]) == "Post (border crossing, inferred)"
    assert point_tooltip(POINTS[2]).endswith("score 0.80")


def test_outlines_surround_the_points_and_an_empty_map_still_opens():
    page = rendered(POINTS[:1])  # the outlines of layers.basemap around the point
    assert '"Iraq"' in page or "Iraq" in page
    assert "fitBounds" in rendered([], borders={"type": "FeatureCollection", "features": []})
