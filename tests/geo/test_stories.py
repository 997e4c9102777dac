"""Stories: the model, loading and checking (exact file:line problems), the bundled story.

Each directory under tests/fixtures/stories/broken/ holds a ``stories.yaml`` laid
over a copy of tests/fixtures/data/ (one fault per case).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from geo.dataset import load_dataset
from geo.problems import DataError
from geo.stories import Story, story_properties
from tests.geo.test_dataset import VALID, shown
from tests.paths import FIXTURES, ROOT

STORIES = FIXTURES / "stories"

#: case -> the problems as ``file:line: message``.
EXPECTED: dict[str, list[str]] = {
    "unknown-claim": [
        "stories.yaml:11: story buses: step #1: unknown claim 'tml-bus' (did you mean 'tml-buses'?)"
    ],
    "unknown-place": [
        "stories.yaml:8: story fighters: step #1: unknown place 'khosravi-crosing' "
        "(did you mean 'khosravi-crossing'?)"
    ],
    "outside-window": [
        "stories.yaml:9: story qaani: step #1: claim noonpost-qaani (events "
        "2026-01-06..2026-01-08) lies outside the step's window 2026-01-12..2026-01-14"
    ],
    "after-as-of": [
        "stories.yaml:10: story fighters: step #1: claim amargi-fighters comes from a document "
        "published 2026-01-13, after the step's as_of 2026-01-12"
    ],
    "end-before-start": [
        "stories.yaml:4: story qaani: step #1: end 2026-01-06 is before start 2026-01-08"
    ],
    "no-extent": [
        "stories.yaml:4: story qaani: step #1: a step needs places or a bbox (the extent to show)"
    ],
    "bad-bbox": [
        "stories.yaml:4: story qaani: step #1: bbox [46.0, 32.0, 43.0, 35.0] should be "
        "[west, south, east, north] in degrees, west < east and south < north"
    ],
    "unknown-field": [
        "stories.yaml:9: story qaani: step #1: unknown field 'claim' (did you mean 'claims'?)"
    ],
    "impossible-date": [
        "stories.yaml:7: story qaani: step #1 end '2026-01-32' is not a valid date "
        "(YYYY-MM-DD): day value is outside expected range"
    ],
    "duplicate-id": ["stories.yaml:10: story qaani: duplicate id (first defined at line 1)"],
    "no-steps": ["stories.yaml:1: story empty: a story needs at least one step"],
    "yaml-syntax": ["stories.yaml:4: YAML syntax error: mapping values are not allowed here"],
}


def data_with_stories(target: Path, stories: Path | None) -> Path:
    """Copy the valid fixture data to ``target`` with ``stories`` as its stories.yaml."""
    shutil.copytree(VALID, target, dirs_exist_ok=True)
    if stories is not None:
        shutil.copy(stories, target / "stories.yaml")
    return target


def test_every_broken_story_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in (STORIES / "broken").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_story_gives_its_exact_problems(tmp_path: Path, case: str) -> None:
    data = data_with_stories(tmp_path, STORIES / "broken" / case / "stories.yaml")
    with pytest.raises(DataError) as info:
        load_dataset(data)
    assert shown(info.value.problems) == EXPECTED[case]


def test_story_problems_come_with_the_other_files(tmp_path: Path) -> None:
    data = data_with_stories(tmp_path, STORIES / "broken" / "unknown-claim" / "stories.yaml")
    groups = data / "groups.yaml"
    groups.write_text(groups.read_text(encoding="utf-8") + "\n- id: spare\n  title: x\n")
    with pytest.raises(DataError) as info:
        load_dataset(data)
    problems = shown(info.value.problems)
    assert EXPECTED["unknown-claim"][0] in problems
    assert any(p.startswith("groups.yaml:") and "spare" in p for p in problems)


def test_missing_stories_file_means_no_stories(tmp_path: Path) -> None:
    assert load_dataset(data_with_stories(tmp_path, None)).stories == ()


def test_valid_fixture_story_loads_into_the_dataset(tmp_path: Path) -> None:
    dataset = load_dataset(data_with_stories(tmp_path, STORIES / "valid" / "stories.yaml"))
    (story,) = dataset.stories
    assert story.id == "buses-and-fighters"
    assert [s.title for s in story.steps] == ["Buses at Shalamcheh", "A visit to Baghdad"]
    assert story.steps[1].bbox == (43.0, 32.0, 46.0, 35.0)
    assert story.steps[1].as_of == dt.date(2026, 1, 14)
    # select() keeps the stories: a filtered view still knows them.
    assert dataset.select([]).stories == dataset.stories


def test_story_properties_follow_the_contract(tmp_path: Path) -> None:
    dataset = load_dataset(data_with_stories(tmp_path, STORIES / "valid" / "stories.yaml"))
    props = story_properties(dataset.stories[0])
    assert list(props) == ["id", "title", "steps"]
    step = props["steps"][0]
    assert list(step)[:6] == ["title", "text", "start", "end", "places", "claims"]
    assert step["start"] == "2026-01-04" and step["claims"] == ["tml-buses", "khamenei-buses"]
    assert props["steps"][1]["places"] == [] and props["steps"][1]["as_of"] == "2026-01-14"


def test_a_step_is_frozen_and_strict() -> None:
    story = Story.model_validate(
        {
            "id": "s",
            "title": "t",
            "steps": [{"title": "a", "text": "b", "start": "2026-01-04", "end": "2026-01-04",
                       "bbox": [40, 30, 50, 38]}],
        }
    )  # fmt: skip
    with pytest.raises(ValidationError):
        story.steps[0].title = "changed"  # type: ignore[misc]


# --- the bundled story -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(ROOT / "data")


def test_bundled_story_walks_january_4_to_14(bundled) -> None:
    (story,) = bundled.stories
    assert len(story.steps) >= 6
    assert min(s.start for s in story.steps) == dt.date(2026, 1, 4)
    assert max(s.end for s in story.steps) == dt.date(2026, 1, 14)
    starts = [s.start for s in story.steps]
    assert starts == sorted(starts), "steps go forward in time"


def test_every_bundled_step_cites_claims_that_exist_and_fit(bundled) -> None:
    ids = {c.id for c in bundled.claims}
    for step in bundled.stories[0].steps:
        assert step.claims, step.title
        assert set(step.claims) <= ids
        dated = [bundled.claim(c) for c in step.claims if bundled.claim(c).event_start]
        assert all(c.overlaps(step.start, step.end) for c in dated), step.title


#: Words that would state a claim as fact, or judge it.
VERDICTS = re.compile(r"\b(proved?|proven|confirms?|confirmed that|clearly|obviously|fact)\b", re.I)


def test_bundled_story_is_worded_as_reports(bundled) -> None:
    for step in bundled.stories[0].steps:
        assert not VERDICTS.search(step.text), step.text
        assert re.search(r"\b(according to|reports?|reported(ly)?|says?|said|told|cites?|"
                         r"relays?|gives?|claimed)\b", step.text, re.I), step.title  # fmt: skip
