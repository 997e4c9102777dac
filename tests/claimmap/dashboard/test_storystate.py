"""Story mode's session logic without Streamlit: enter, walk, leave, URL, map fit, saving."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from claimmap.dashboard import storystate, viewstate
from claimmap.dashboard.filters import Filters
from geo.stories import Story, StoryStep

D = dt.date.fromisoformat
BOUNDS = (D("2025-10-01"), D("2026-01-18"))


def story() -> Story:
    steps = (
        StoryStep(title="One", text="t", start=D("2026-01-04"), end=D("2026-01-08"),
                  places=("a",), claims=("c1", "c2")),
        StoryStep(title="Two", text="t", start=D("2026-01-06"), end=D("2026-01-06"),
                  places=("b",), claims=("c3",), as_of=D("2026-01-10")),
        StoryStep(title="Far", text="t", start=D("2024-01-01"), end=D("2024-02-01"),
                  bbox=(44.0, 30.0, 48.0, 35.0)),
    )  # fmt: skip
    return Story(id="walk", title="A walk", steps=steps)


def apply(state: dict, updates: dict) -> dict:
    state.update(updates)
    return state


def test_entering_keeps_what_the_steps_replace_and_leaving_restores_it() -> None:
    before = {"f_dates": BOUNDS, "f_as_of": None, "hl": ["x"], "f_types": ["crossing"]}
    state = dict(before)
    apply(state, storystate.step_updates(state, story(), 1, BOUNDS, 3))
    assert state["f_dates"] == (D("2026-01-04"), D("2026-01-08"))
    assert state["hl"] == ["c1", "c2"] and state["f_types"] == ["crossing"]
    assert storystate.current_step(state, [story()])[1] == 1
    assert state[storystate.ENTRY] == 1
    apply(state, storystate.step_updates(state, story(), 2, BOUNDS, 3))
    assert state["f_as_of"] == D("2026-01-10") and state["hl"] == ["c3"]
    assert state[storystate.ENTRY] == 1  # walking is not entering again
    assert state[storystate.SAVED] == {"f_dates": BOUNDS, "f_as_of": None, "hl": ["x"]}
    apply(state, storystate.leave_updates(state))
    assert {k: state[k] for k in before} == before
    assert storystate.current_step(state, [story()]) == (None, 0)
    apply(state, storystate.step_updates(state, story(), 1, BOUNDS, 3))
    assert state[storystate.ENTRY] == 2


def test_steps_are_clamped_into_the_story_and_its_dates_into_the_data() -> None:
    state: dict = {}
    apply(state, storystate.step_updates(state, story(), 9, BOUNDS, 3))
    assert state[storystate.STEP] == 3
    assert state["f_dates"] == (BOUNDS[0], BOUNDS[0])  # 2024 lies before the data: the edge
    assert storystate.current_step({storystate.STORY: "walk", storystate.STEP: 7}, [story()]) == (
        None,
        0,
    )
    assert storystate.current_step({storystate.STORY: "gone", storystate.STEP: 1}, [story()]) == (
        None,
        0,
    )


def test_the_address_holds_the_step_instead_of_the_time_filters() -> None:
    window = Filters(start=D("2026-01-04"), end=D("2026-01-08"), as_of=D("2026-01-09"))
    params = viewstate.url_params(dataclasses.replace(window, types=("crossing",)), "f1")
    assert storystate.url_with_story(params, None, 0) == params
    shown = storystate.url_with_story(params, "walk", 2)
    assert shown == {"type": ["crossing"], "sel": ["f1"], "story": ["walk"], "step": ["2"]}


def test_the_fit_script_carries_numbers_and_fits_once_per_step() -> None:
    script = storystate.fit_script(1, 'x"</script>', 2, (44.0, 30.0, 48.5, 35.0))
    assert "fitBounds([[30.0, 44.0], [35.0, 48.5]]" in script
    assert 'x"' not in script and "</script>" not in script
    assert script != storystate.fit_script(2, 'x"</script>', 2, (44.0, 30.0, 48.5, 35.0))
    assert storystate.fit_script(1, "walk", 1, None) == ""


def test_saving_goes_to_an_editing_session_or_a_users_data_directory(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    engine = object()
    editor = SimpleNamespace(engine=engine, can_edit=True, is_open=True)
    reader = SimpleNamespace(engine=engine, can_edit=False, is_open=True)
    closed = SimpleNamespace(engine=None, can_edit=True, is_open=False)
    assert storystate.save_target(editor, tmp_path, bundled) is engine
    assert storystate.save_target(reader, tmp_path, bundled) is None
    assert storystate.save_target(closed, tmp_path, bundled) is None
    assert storystate.save_target(None, tmp_path, bundled) == tmp_path
    assert storystate.save_target(None, bundled, bundled) is None  # the bundled data: read only
    assert storystate.save_target(None, tmp_path / "nowhere", bundled) is None
    assert storystate.save_target(None, None, bundled) is None


def test_a_saved_step_cites_the_picked_claims_else_the_selected_place() -> None:
    in_view = {"c1": ("a",), "c2": ("b",), "c3": ("a", "c")}
    feature = {"properties": {"claim_ids": ["c3", "gone"], "place_ids": ["c"]}}
    assert storystate.view_selection(["c2", "gone", "c2"], None, in_view) == {"claims": ["c2"]}
    assert storystate.view_selection(["c2"], feature, in_view) == {
        "claims": ["c2"],
        "places": ["c"],
    }
    assert storystate.view_selection([], feature, in_view) == {"claims": ["c3"], "places": ["c"]}
    assert storystate.view_selection([], None, in_view) == {"claims": [], "places": ["a", "b", "c"]}


def test_new_story_ids_are_slugs_not_taken() -> None:
    assert storystate.new_story_id("Crossings, 5–7 January", []) == "crossings-5-7-january"
    assert storystate.new_story_id("Crossings, 5–7 January", ["crossings-5-7-january"]) == (
        "crossings-5-7-january-2"
    )
    assert (
        storystate.new_story_id("<img src=x onerror=alert(1)>", []) == "img-src-x-onerror-alert-1"
    )
    assert storystate.new_story_id("عبور مرزی", []) == "story"
    assert storystate.new_story_id("Café crème", []) == "cafe-creme"


def test_the_printed_note_states_every_filter_but_the_window() -> None:
    assert viewstate.export_note(Filters(start=D("2026-01-04"), end=D("2026-01-08"))) is None
    note = viewstate.export_note(
        Filters(start=D("2026-01-04"), types=("crossing",), as_of=D("2026-01-09"), min_sources=2),
        {"types": {"crossing": "border crossing"}},
    )
    assert note == (
        "Filters: as known on 2026-01-09; types: border crossing; at least 2 independent source(s)"
    )
