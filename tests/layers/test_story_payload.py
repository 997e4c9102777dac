"""The stories an exported map carries: steps with their extent, claims in or out of view."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from claimmap.exports import Request, build
from geo.dataset import load_dataset
from geo.stories import Story
from layers.claimlayer import json_for_html
from layers.features import layer_collections
from layers.payload import step_extent, stories_payload
from layers.render import build_map
from tests.paths import ROOT

HOSTILE_STORY = {
    "id": "hostile",
    "title": '<img src=x onerror="window.__pwned=1"> {{ 7*7 }} {% if 1 %}x{% endif %}',
    "steps": [
        {
            "title": "</script><script>window.__pwned=1</script>",
            "text": "\u202eRTL override, never closed: <b onclick=alert(1)>bold</b> & 'quotes'",
            "start": "2026-01-05",
            "end": "2026-01-07",
            "places": ["shalamcheh-crossing"],
        }
    ],
}


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(ROOT / "data")


def data_of(page: str) -> dict:
    """The map's data block of a rendered page."""
    found = re.search(r'<script type="application/json" id="claimmap-data-\w+">(.*?)<', page)
    assert found
    return json.loads(found.group(1))


def test_every_step_has_its_extent_and_its_claims_in_view(bundled) -> None:
    (story,) = stories_payload(bundled.stories, bundled)
    assert story["id"] == "militia-transfers-jan-2026"
    for step, model in zip(story["steps"], bundled.stories[0].steps, strict=True):
        assert [c["id"] for c in step["claims"]] == list(model.claims)
        assert all(c["in_view"] and c["statement"] for c in step["claims"])
        west, south, east, north = step["extent"]
        for pid in model.places:
            place = bundled.places[pid]
            assert west < place.lon < east and south < place.lat < north


def test_claims_left_out_of_the_export_are_marked_not_in_view(bundled) -> None:
    later = bundled.filter(start=dt.date(2026, 1, 12), end=dt.date(2026, 1, 14))
    first = stories_payload(later.stories, later)[0]["steps"][0]
    kept = {c.id for c in later.claims}
    for claim in first["claims"]:
        assert claim["in_view"] == (claim["id"] in kept)
        assert (claim["statement"] is None) == (claim["id"] not in kept)
    assert any(not c["in_view"] for c in first["claims"])


def test_a_bbox_is_the_extent_and_a_place_is_widened_by_its_precision(bundled) -> None:
    story = Story.model_validate(
        {
            "id": "s",
            "title": "S",
            "steps": [
                {"title": "a", "text": "a", "start": "2026-01-05", "end": "2026-01-05",
                 "bbox": [43, 32, 46, 35]},
                {"title": "b", "text": "b", "start": "2026-01-05", "end": "2026-01-05",
                 "places": ["iran"]},
            ],
        }
    )  # fmt: skip
    assert step_extent(story.steps[0], bundled.places) == [43.0, 32.0, 46.0, 35.0]
    west, south, east, north = step_extent(story.steps[1], bundled.places)
    iran = bundled.places["iran"]
    half = iran.precision_m / 111_320
    assert north - south == pytest.approx(2 * half, abs=1e-4)
    assert west < 45 and east > 60  # the whole country, not its centre point
    assert step_extent(story.steps[1], {}) is None


def test_hostile_story_text_travels_as_inert_data() -> None:
    text = json_for_html({"stories": [HOSTILE_STORY]})
    assert "<" not in text and ">" not in text and "{{" not in text and "{%" not in text
    assert json.loads(text)["stories"][0] == HOSTILE_STORY


def test_the_map_carries_stories_only_when_given(bundled) -> None:
    collections = layer_collections(bundled)
    payload = stories_payload(bundled.stories, bundled)
    with_stories = build_map(collections, stories=payload)
    assert with_stories.get_root().render().count("militia-transfers-jan-2026") == 1
    options = data_of(with_stories.get_root().render())["options"]
    assert options["stories"] == payload
    assert "stories" not in data_of(build_map(collections).get_root().render())["options"]
    empty = build_map(collections, stories=[]).get_root().render()
    assert data_of(empty)["options"]["stories"] == []


def test_the_html_export_carries_every_story_by_default(bundled) -> None:
    page = build("html", bundled).decode("utf-8")
    assert [s["id"] for s in data_of(page)["options"]["stories"]] == ["militia-transfers-jan-2026"]
    other = Story.model_validate({**HOSTILE_STORY, "id": "other", "title": "Other"})
    page = build("html", bundled, Request(stories=(other,))).decode("utf-8")
    (only,) = data_of(page)["options"]["stories"]
    assert only["id"] == "other" and only["steps"][0]["text"] == HOSTILE_STORY["steps"][0]["text"]
