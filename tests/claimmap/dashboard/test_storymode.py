"""Story mode without Streamlit: steps as views, views as steps, steps saved to files and stores."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from claimmap.dashboard.filters import Filters
from claimmap.dashboard.storymode import (
    StoryError,
    append_step,
    bbox_from_bounds,
    read_story_params,
    step_from_view,
    step_view,
    story_params,
)
from geo.check import check_data_dir
from geo.dataset import load_dataset
from geo.problems import DataError
from geo.store.engine import connect
from geo.store.read import load_store_dataset
from tests.paths import FIXTURES, ROOT
from tests.store_factory import VALID, filled_store, rows

STORY = "militia-transfers-jan-2026"
FIXTURE_STORY = "buses-and-fighters"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(ROOT / "data")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The fixture data with the fixture story (two steps), in a folder of its own."""
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    shutil.copy(FIXTURES / "stories" / "valid" / "stories.yaml", data)
    return data


def new_step(**changes) -> dict:
    step = step_from_view(
        Filters(start=D("2026-01-04"), end=D("2026-01-13")),
        {"claims": ["amargi-fighters"]},
        "Fighters at Khosravi",
        "The Amargi reports that fighters crossed at Khosravi.",
        dataset=load_dataset(VALID),
    )
    return {**step, **changes}


# --------------------------------------------------------------------------- step_view


def test_a_step_view_has_the_steps_window_places_extent_and_claims(bundled) -> None:
    story = next(s for s in bundled.stories if s.id == STORY)
    step = story.steps[2]
    view = step_view(STORY, 3, bundled)
    assert (view.number, view.total, view.title) == (3, len(story.steps), step.title)
    assert view.filters == Filters(start=step.start, end=step.end, as_of=step.as_of)
    assert view.places == step.places and view.claims == step.claims and view.missing == ()
    west, south, east, north = view.bbox
    for pid in step.places:
        place = bundled.places[pid]
        assert west < place.lon < east and south < place.lat < north


def test_claims_outside_the_view_are_missing_not_outlined(bundled) -> None:
    later = bundled.filter(start=D("2026-01-12"), end=D("2026-01-14"))
    view = step_view(next(s for s in bundled.stories if s.id == STORY), 1, later)
    first = bundled.stories[0].steps[0]
    kept = {c.id for c in later.claims}
    assert view.missing and set(view.missing) == {c for c in first.claims if c not in kept}
    assert set(view.claims) == {c for c in first.claims if c in kept}


def test_a_step_with_a_bbox_shows_that_bbox_and_applies_only_its_window(data_dir) -> None:
    dataset = load_dataset(data_dir)
    view = step_view(FIXTURE_STORY, 2, dataset)
    assert view.bbox == (43.0, 32.0, 46.0, 35.0)
    mine = Filters(types=("crossing",), start=D("2026-01-01"), search="bus")
    applied = view.applied_to(mine)
    assert (applied.start, applied.end, applied.as_of) == (
        D("2026-01-06"),
        D("2026-01-08"),
        D("2026-01-14"),
    )
    assert applied.types == ("crossing",) and applied.search == "bus"


@pytest.mark.parametrize("n", [0, 3, -1, "2"])
def test_a_step_out_of_range_is_a_one_line_story_error(data_dir, n) -> None:
    with pytest.raises(StoryError, match=r"story buses-and-fighters has no step .*1 to 2$"):
        step_view(FIXTURE_STORY, n, load_dataset(data_dir))


def test_an_unknown_story_names_the_known_ones(data_dir) -> None:
    with pytest.raises(StoryError, match=r"no story 'nope' \(stories: buses-and-fighters\)"):
        step_view("nope", 1, load_dataset(data_dir))


# --------------------------------------------------------------------------- the address


def test_story_params_read_back(bundled) -> None:
    story, n, notice = read_story_params(story_params(STORY, 4), bundled.stories)
    assert (story.id, n, notice) == (STORY, 4, None)
    assert read_story_params({}, bundled.stories) == (None, 0, None)
    assert read_story_params({"story": STORY}, bundled.stories)[1] == 1  # no step: the first
    # st.query_params may hold lists: the last value counts, as in a URL read twice.
    assert read_story_params({"story": [STORY], "step": ["2", "5"]}, bundled.stories)[1] == 5


@pytest.mark.parametrize("step", ["0", "99", "abc", "\u0663", "-1", "2.5", ""])
def test_a_bad_step_in_the_address_is_a_notice(bundled, step) -> None:
    story, n, notice = read_story_params({"story": STORY, "step": step}, bundled.stories)
    assert story.id == STORY and n == 0
    assert notice.startswith("This story has no step") and "\n" not in notice


def test_an_unknown_story_in_the_address_is_a_notice_with_its_name_clipped(bundled) -> None:
    name = "<b>x</b>" * 20
    story, n, notice = read_story_params({"story": name, "step": "1"}, bundled.stories)
    assert (story, n) == (None, 0)
    assert notice.startswith("There is no story \u201c<b>x</b>") and len(notice) < 100


# --------------------------------------------------------------------------- saving a view


def test_a_view_becomes_a_step_with_its_claims_places_and_window() -> None:
    step = new_step()
    assert step == {
        "title": "Fighters at Khosravi",
        "text": "The Amargi reports that fighters crossed at Khosravi.",
        "start": "2026-01-04",
        "end": "2026-01-13",
        "places": ["khosravi-crossing"],
        "claims": ["amargi-fighters"],
    }


def test_without_a_window_the_picked_claims_dates_make_it() -> None:
    dataset = load_dataset(VALID)
    step = step_from_view(
        Filters(as_of=D("2026-01-20")),
        {"claims": ["noonpost-qaani", "tml-qaani"], "bbox": (43, 32, 46, 35)},
        "A visit",
        "Two reports of a visit.",
        dataset=dataset,
    )
    assert (step["start"], step["end"], step["as_of"]) == ("2026-01-06", "2026-01-08", "2026-01-20")
    assert step["bbox"] == [43.0, 32.0, 46.0, 35.0] and "places" not in step


@pytest.mark.parametrize(
    ("filters", "selection", "title", "message"),
    [
        (Filters(), {"places": ["baghdad"]}, "T", "a step needs a date window"),
        (Filters(start=D("2026-01-06"), end=D("2026-01-08")), {}, "T", "needs places or a bbox"),
        (Filters(start=D("2026-01-06"), end=D("2026-01-08")), {"places": ["x"]}, "", "title"),
        (
            Filters(start=D("2026-01-06"), end=D("2026-01-08")),
            {"bbox": (46, 32, 43, 35)},
            "T",
            "west < east",
        ),
    ],
)
def test_an_incomplete_view_cannot_be_saved(filters, selection, title, message) -> None:
    with pytest.raises(StoryError, match=message):
        step_from_view(filters, selection, title, "Some text.")


def test_leaflet_bounds_become_a_bbox() -> None:
    bounds = {"_southWest": {"lat": 29.5, "lng": 43.25}, "_northEast": {"lat": 36.1, "lng": 52.0}}
    assert bbox_from_bounds(bounds) == (43.25, 29.5, 52.0, 36.1)
    with pytest.raises(StoryError, match="bounds could not be read"):
        bbox_from_bounds({"_southWest": {"lat": "x"}})


# --------------------------------------------------------------------------- stories.yaml


def test_a_step_is_appended_to_the_file_which_keeps_its_comments_and_passes_check(
    data_dir,
) -> None:
    path = data_dir / "stories.yaml"
    before = path.read_text(encoding="utf-8")
    story = append_step(data_dir, FIXTURE_STORY, new_step())
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # the story was the last record
    assert "# Fixture: one story" in after
    assert [s.title for s in story.steps][-1] == "Fighters at Khosravi" and len(story.steps) == 3
    checked = check_data_dir(data_dir, quotes=False).dataset
    assert checked.stories[0].steps[-1].claims == ("amargi-fighters",)


def test_the_bundled_file_keeps_every_line_around_the_new_step(tmp_path, bundled) -> None:
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "stories.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    step = step_from_view(
        Filters(start=D("2026-01-13"), end=D("2026-01-14")),
        {"claims": [], "places": ["tehran"]},
        "Tehran, 13 to 14 January",
        "A step written by the dashboard, with \u201cquotes\u201d and a colon: here.",
    )
    append_step(path, STORY, step)  # the file itself is a target too
    after = path.read_text(encoding="utf-8").splitlines()
    added = len(after) - len(before)
    assert added > 4
    assert [line for line in after if line not in before][0].strip().startswith("- title:")
    story = load_dataset(data).stories[0]
    assert len(story.steps) == len(bundled.stories[0].steps) + 1
    assert story.steps[-1].text.endswith("a colon: here.")
    assert story.steps[:-1] == bundled.stories[0].steps


def test_a_step_citing_an_unknown_claim_names_the_file_and_line_and_writes_nothing(
    data_dir,
) -> None:
    path = data_dir / "stories.yaml"
    before = path.read_bytes()
    with pytest.raises(DataError) as info:
        append_step(data_dir, FIXTURE_STORY, new_step(claims=["amargi-fighter"]))
    (problem,) = info.value.problems
    assert problem.file.endswith("stories.yaml") and problem.line > 17
    assert "unknown claim 'amargi-fighter' (did you mean 'amargi-fighters'?)" in problem.message
    assert path.read_bytes() == before


def test_a_step_whose_claim_lies_outside_its_window_is_refused(data_dir) -> None:
    path = data_dir / "stories.yaml"
    before = path.read_bytes()
    with pytest.raises(DataError, match="lies outside the step's window"):
        append_step(data_dir, FIXTURE_STORY, new_step(start="2026-01-20", end="2026-01-21"))
    assert path.read_bytes() == before


def test_a_new_story_needs_a_title_and_starts_a_file_that_check_accepts(tmp_path) -> None:
    data = shutil.copytree(VALID, tmp_path / "data")
    assert not (data / "stories.yaml").exists()
    with pytest.raises(StoryError, match="give a title to start a new one"):
        append_step(data, "khosravi", new_step())
    assert not (data / "stories.yaml").exists()
    story = append_step(data, "khosravi", new_step(), title="Khosravi <b>crossing</b>")
    assert story.title == "Khosravi <b>crossing</b>"
    checked = check_data_dir(data, quotes=False).dataset
    assert [s.id for s in checked.stories] == ["khosravi"]
    story = append_step(data, "khosravi", new_step(title="Again"))
    assert [s.title for s in story.steps] == ["Fighters at Khosravi", "Again"]


def test_a_bad_story_id_is_refused(data_dir) -> None:
    with pytest.raises(StoryError, match="story 'Not A Slug'"):
        append_step(data_dir, "Not A Slug", new_step(), title="T")


def test_broken_data_is_reported_not_appended_to(data_dir) -> None:
    claims = data_dir / "claims.yaml"
    claims.write_text(claims.read_text().replace("source_id: tml-article", "source_id: nope", 1))
    before = (data_dir / "stories.yaml").read_bytes()
    with pytest.raises(DataError, match="claims.yaml"):
        append_step(data_dir, FIXTURE_STORY, new_step())
    assert (data_dir / "stories.yaml").read_bytes() == before


# --------------------------------------------------------------------------- the store


def test_a_step_is_appended_in_the_store_with_one_audit_entry(tmp_path, data_dir) -> None:
    url = filled_store(tmp_path / "s.sqlite", data_dir)
    engine = connect(url)
    try:
        story = append_step(engine, FIXTURE_STORY, new_step(), who="editor")
        stored = load_store_dataset(engine)
    finally:
        engine.dispose()
    assert len(story.steps) == 3
    assert stored.stories[0].steps[-1].claims == ("amargi-fighters",)
    audit = rows(url, "SELECT who, action, entity_id, field, note FROM audit WHERE entity='story'")
    assert audit[-1] == ("editor", "edit", FIXTURE_STORY, "steps", "added step 3")


def test_a_refused_step_changes_nothing_in_the_store(tmp_path, data_dir) -> None:
    url = filled_store(tmp_path / "s.sqlite", data_dir)
    count = rows(url, "SELECT count(*) FROM audit")
    engine = connect(url)
    try:
        with pytest.raises(DataError) as info:
            append_step(engine, FIXTURE_STORY, new_step(claims=["nope"]))
        stored = load_store_dataset(engine)
    finally:
        engine.dispose()
    assert "(stories)" in info.value.problems[0].file
    assert "unknown claim 'nope'" in info.value.problems[0].message
    assert len(stored.stories[0].steps) == 2
    assert rows(url, "SELECT count(*) FROM audit") == count


def test_a_new_story_in_the_store_is_an_insert(tmp_path) -> None:
    url = filled_store(tmp_path / "s.sqlite", VALID)
    engine = connect(url)
    try:
        append_step(engine, "khosravi", new_step(), title="Khosravi", who="editor", note="new")
        stored = load_store_dataset(engine)
    finally:
        engine.dispose()
    assert [s.id for s in stored.stories] == ["khosravi"]
    audit = rows(url, "SELECT who, action, entity_id, note FROM audit WHERE entity='story'")
    assert audit == [("editor", "insert", "khosravi", "new")]
