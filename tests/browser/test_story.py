"""Stories in the exported HTML map, in chromium: a link opens a step; text stays text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.layers_factory import sample_collections
from claimmap.dashboard.linking import features_with_claims, highlight_shapes
from claimmap.exports import Request, write
from geo.dataset import load_dataset
from layers.features import layer_collections
from layers.html import export_html

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

STORY = "militia-transfers-jan-2026"
HOSTILE_ID = '"><img src=x onerror="window.__pwned=1">'
HOSTILE_STORIES = [
    {
        "id": "hostile",
        "title": '<img src=x onerror="window.__pwned=1"> {{ 7*7 }} {% if 1 %}x{% endif %}',
        "steps": [
            {
                "title": "</script><script>window.__pwned=1</script>",
                "text": "\u202eRTL override never closed <b onclick=\"window.__pwned=1\">b</b> "
                "&amp; 'q' {{ 7*7 }}",
                "start": "2026-01-06",
                "end": "2026-01-08",
                "as_of": None,
                "places": ["shalamcheh-crossing"],
                "bbox": None,
                "extent": [47.9, 30.4, 48.1, 30.6],
                "claims": [
                    {"id": "shal-buses", "in_view": True,
                     "statement": '<img src=x onerror="window.__pwned=1">buses'},
                    {"id": "gone-claim", "in_view": False, "statement": None},
                    {"id": "unmapped-claim", "in_view": True, "statement": "\u202bno place"},
                ],
            }
        ],
    },
    {"id": HOSTILE_ID, "title": "\u202eSecond <i>story</i>", "steps": [
        {"title": "<svg onload=\"window.__pwned=1\">", "text": "t", "start": "2026-01-10",
         "end": "2026-01-10", "as_of": "2026-01-18", "places": [], "bbox": [45, 34, 46, 35],
         "extent": [45, 34, 46, 35], "claims": [{"id": "khos-crossing", "in_view": True,
                                                  "statement": "Khosravi"}]}]},
]  # fmt: skip

#: The share of the map covered by its controls (counted on a 4 px grid).
COVERED = """() => {
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  const boxes = Array.from(document.querySelectorAll('.leaflet-control'))
    .map((n) => n.getBoundingClientRect()).filter((r) => r.width && r.height);
  let covered = 0, total = 0;
  for (let x = map.left; x < map.right; x += 4) {
    for (let y = map.top; y < map.bottom; y += 4) {
      total += 1;
      const inside = (r) => x >= r.left && x < r.right && y >= r.top && y < r.bottom;
      if (boxes.some(inside)) { covered += 1; }
    }
  }
  return covered / total;
}"""


@pytest.fixture(scope="module")
def bundled():
    return load_dataset()


@pytest.fixture(scope="module")
def real_map(tmp_path_factory, bundled) -> Path:
    path = tmp_path_factory.mktemp("story") / "map.html"
    write("html", bundled, path, Request())
    return path


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("story") / "hostile.html"
    return export_html(sample_collections(), path, title="Hostile stories", stories=HOSTILE_STORIES)


def open_at(page: Any, path: Path, fragment: str = "") -> None:
    page.goto(path.resolve().as_uri() + fragment)
    page.wait_for_selector("[data-claimmap-ready]", state="attached", timeout=60_000)


def dates(page: Any) -> tuple[str, str, str]:
    return (page.input_value(".cm-start"), page.input_value(".cm-end"),
            page.input_value(".cm-as-of"))  # fmt: skip


def state(page: Any) -> dict:
    return page.js("claimmap.story.state()")


def highlights(page: Any) -> int:
    return page.js(
        "document.querySelectorAll('.leaflet-cm-highlight-pane path.cm-highlight').length"
    )


def in_view(page: Any, lat: float, lon: float) -> bool:
    return page.js("(ll) => claimmap.map.getBounds().contains(ll)", [lat, lon])


def test_a_link_opens_its_step_dates_extent_and_claims(page, real_map, bundled) -> None:
    step = bundled.stories[0].steps[2]
    open_at(page, real_map, f"#story={STORY}&step=3")
    assert state(page) == {"story": STORY, "step": 3, "notice": ""}
    # The step's dates in the map's own date inputs (its filter set to the step's window).
    assert dates(page) == (step.start.isoformat(), step.end.isoformat(), "")
    assert page.js("claimmap.getWindow()")["start"] == step.start.isoformat()
    # Its claims outlined, as the dashboard's linked views outline picked claims.
    collections = layer_collections(bundled)
    drawn = {cid for fc in collections.values() for f in fc["features"]
             for cid in f["properties"]["claim_ids"]}  # fmt: skip
    assert page.js("claimmap.story.highlighted()") == [c for c in step.claims if c in drawn]
    outlines = highlight_shapes(features_with_claims(collections, step.claims))
    assert len(outlines) > 1 and highlights(page) == len(outlines)
    # The extent holds every place of the step.
    for pid in step.places:
        place = bundled.places[pid]
        assert in_view(page, place.lat, place.lon), pid
    panel = page.locator(".cm-story")
    assert page.locator(".cm-story-toggle").get_attribute("aria-expanded") == "true"
    assert panel.locator(".cm-story-counter").inner_text() == "Step 3 of 9"
    assert panel.locator(".cm-story-step-title").inner_text() == step.title
    assert panel.locator(".cm-story-text").text_content() == step.text
    assert panel.locator(".cm-story-claim").count() == len(step.claims)
    assert page.js(COVERED) <= 0.25  # the open panel leaves three quarters of the map
    assert page.errors == [] and page.aborted == []
    page.screenshot_to("story_step_3")


def test_next_and_previous_by_button_and_arrow_keys_update_the_address(
    page, real_map, bundled
) -> None:
    steps = bundled.stories[0].steps
    open_at(page, real_map, f"#story={STORY}&step=3")
    page.click(".cm-story-next")
    assert page.js("location.hash") == f"#story={STORY}&step=4"
    assert dates(page)[:2] == (steps[3].start.isoformat(), steps[3].end.isoformat())
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.js("location.hash") == f"#story={STORY}&step=2"
    assert page.locator(".cm-story-counter").inner_text() == "Step 2 of 9"
    page.click(".cm-story-prev")
    assert state(page)["step"] == 1 and page.locator(".cm-story-prev").is_disabled()
    page.keyboard.press("ArrowLeft")  # nothing before the first step
    assert state(page)["step"] == 1
    page.keyboard.press("ArrowRight")
    assert dates(page)[:2] == (steps[1].start.isoformat(), steps[1].end.isoformat())
    # An arrow typed in a field is the field's.
    page.click(".cm-filter-toggle")
    page.focus(".cm-start")
    page.keyboard.press("ArrowRight")
    assert page.js("location.hash") == f"#story={STORY}&step=2"
    # The address is a link to the step: opened again, it shows the same.
    page.reload()
    page.wait_for_selector("[data-claimmap-ready]", state="attached")
    assert state(page)["step"] == 2 and dates(page)[0] == steps[1].start.isoformat()
    # A step with an "as known on" date: the map's as-of field shows it.
    number, dated = next((i + 1, s) for i, s in enumerate(steps) if s.as_of)
    page.js(f"claimmap.story.open('{STORY}', {number})")
    assert page.input_value(".cm-as-of") == dated.as_of.isoformat()
    assert page.js("claimmap.getWindow().asOf") == dated.as_of.isoformat()
    page.js(f"claimmap.story.open('{STORY}', {len(steps)})")
    assert page.locator(".cm-story-next").is_disabled()
    page.click(".cm-story-end")  # leaving the story: the whole map, no outline, no step named
    assert page.js("location.hash") == "" and highlights(page) == 0
    assert page.js("claimmap.getWindow()")["start"] is None
    assert page.errors == [] and page.aborted == []


def test_unknown_story_or_step_in_the_address_gives_a_notice(page, real_map) -> None:
    open_at(page, real_map, "#story=no-such-story&step=2")
    notice = page.locator(".cm-story-notice")
    assert notice.inner_text() == "This map has no story \u201cno-such-story\u201d."
    assert page.locator(".cm-story-toggle").get_attribute("aria-expanded") == "true"
    assert state(page)["step"] == 0 and highlights(page) == 0
    page.goto("about:blank")
    open_at(page, real_map, f"#story={STORY}&step=99")
    assert notice.inner_text() == "This story has no step \u201c99\u201d: its steps are 1 to 9."
    # Following the notice: Next opens the first step and clears it.
    page.click(".cm-story-next")
    assert state(page) == {"story": STORY, "step": 1, "notice": ""} and not notice.is_visible()
    # A hand-edited address with markup: shown as text.
    page.js("location.hash = '#story=' + encodeURIComponent('<img src=x onerror=__pwned=1>')")
    page.wait_for_function("claimmap.story.state().notice !== ''")
    assert "<img src=x onerror=__pwned=1>" in notice.inner_text()
    assert page.locator(".cm-story img").count() == 0
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.errors == [] and page.aborted == []


def test_the_panel_is_folded_unless_the_address_names_a_story(page, real_map) -> None:
    open_at(page, real_map)
    assert page.locator(".cm-story-toggle").get_attribute("aria-expanded") == "false"
    assert not page.locator(".cm-story-body").is_visible()
    assert highlights(page) == 0 and state(page)["step"] == 0
    assert page.js(COVERED) <= 0.25
    # Unfolded by hand, it lists the steps; a click opens one.
    page.click(".cm-story-toggle")
    assert page.locator(".cm-story-index-step").count() == 9
    page.keyboard.press("ArrowRight")
    assert page.js("location.hash") == f"#story={STORY}&step=1"


def test_hostile_story_text_shows_as_text_and_runs_nothing(page, hostile_map) -> None:
    open_at(page, hostile_map, "#story=hostile&step=1")
    story, step = HOSTILE_STORIES[0], HOSTILE_STORIES[0]["steps"][0]
    panel = page.locator(".cm-story")
    assert panel.locator(".cm-story-title").inner_text() == story["title"]
    assert panel.locator(".cm-story-step-title").inner_text() == step["title"]
    assert panel.locator(".cm-story-text").text_content() == step["text"]
    options = panel.locator(".cm-story-select option").all_text_contents()
    assert options == [story["title"], HOSTILE_STORIES[1]["title"]]
    claims = panel.locator(".cm-story-claim").all_inner_texts()
    assert claims[0] == step["claims"][0]["statement"]
    assert "gone-claim" in claims[1] and "not in this view" in claims[1]
    assert "no place on the map" in claims[2]
    assert page.js("claimmap.story.highlighted()") == ["shal-buses"]
    # Right-to-left overrides stay inside their own element.
    isolation = page.js(
        "Array.from(document.querySelectorAll('.cm-story-body *'))"
        ".map((n) => getComputedStyle(n).unicodeBidi)"
    )
    assert set(isolation) == {"isolate"}
    assert panel.locator("img, script, b, i, svg").count() == 0
    for node in panel.locator("*").all():
        if node.is_visible():
            node.hover()
    # The second story's id is markup: it goes into the address encoded, and back.
    page.select_option(".cm-story-select", "1")
    page.click(".cm-story-next")
    assert state(page) == {"story": HOSTILE_ID, "step": 1, "notice": ""}
    assert page.js("decodeURIComponent(location.hash)") == f"#story={HOSTILE_ID}&step=1"
    assert dates(page) == ("2026-01-10", "2026-01-10", "2026-01-18")
    page.reload()
    page.wait_for_selector("[data-claimmap-ready]", state="attached")
    assert state(page)["story"] == HOSTILE_ID
    assert page.js("typeof window.__pwned") == "undefined"
    assert page.js("document.querySelectorAll('img[src=x], svg[onload]').length") == 0
    assert page.errors == [] and page.aborted == []
    page.screenshot_to("story_hostile")
