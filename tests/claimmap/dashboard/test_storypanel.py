"""Story mode in the dashboard through AppTest: links, walking, leaving, saving a view as a step.

The browser side (arrow keys, the drawn map's dates, outlines and extent) is
tests/browser/test_dashboard_story.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from claimmap import exports
from claimmap.dashboard import access, storystate
from geo.dataset import load_dataset
from geo.store.engine import connect
from geo.store.read import load_store_dataset
from geo.store.session import StoreSession
from tests.claimmap.dashboard.test_page import DATA, plain, qp, run, unescaped_markup
from tests.store_factory import filled_store, rows

STORY = "militia-transfers-jan-2026"
D = dt.date.fromisoformat
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "**not bold** [click](javascript:alert(1)) :red[not red] $x^2$ "
    "<script>alert(1)</script> &amp; # not a heading"
)


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA)


def card_text(at) -> str:
    """The story card's words as shown (Markdown unescaped)."""
    return " | ".join(plain(m.value) for m in [*at.markdown, *at.caption])


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


def steps_of(bundled, n: int):
    return next(s for s in bundled.stories if s.id == STORY).steps[n - 1]


def test_a_link_opens_the_step(monkeypatch, bundled):
    at = run(monkeypatch, params={"story": STORY, "step": "2"})
    step = steps_of(bundled, 2)
    assert at.session_state["f_dates"] == (step.start, step.end)
    assert at.session_state["hl"] == list(step.claims)
    assert at.sidebar.selectbox(key=storystate.STORY).value == STORY
    shown = card_text(at)
    assert "step 2 of 9" in shown and step.title in shown
    assert qp(at) == {"story": [STORY], "step": ["2"]}
    assert button(at, "story_prev").disabled is False


def test_previous_and_next_walk_and_keep_the_address(monkeypatch, bundled):
    at = run(monkeypatch, params={"story": STORY, "step": "1"})
    assert button(at, "story_prev").disabled is True
    button(at, "story_next").click().run()
    step = steps_of(bundled, 2)
    assert at.session_state["f_dates"] == (step.start, step.end)
    assert qp(at) == {"story": [STORY], "step": ["2"]}
    assert "step 2 of 9" in card_text(at)
    button(at, "story_prev").click().run()
    assert qp(at)["step"] == ["1"]
    for _ in range(8):
        button(at, "story_next").click().run()
    assert "step 9 of 9" in card_text(at) and button(at, "story_next").disabled is True
    step = steps_of(bundled, 9)
    assert at.session_state["f_as_of"] == step.as_of
    assert not at.exception


def test_leaving_restores_the_filters_and_the_address(monkeypatch):
    params = {"type": "crossing", "start": "2026-01-01", "end": "2026-01-10"}
    at = run(monkeypatch, params=params)
    before = at.session_state["f_dates"]
    at.sidebar.selectbox(key=storystate.STORY).select(STORY).run()
    assert at.session_state["f_types"] == ["crossing"]  # the other filters stay
    assert at.session_state["f_dates"] != before
    assert qp(at) == {"type": ["crossing"], "story": [STORY], "step": ["1"]}
    button(at, "story_leave").click().run()
    assert at.session_state["f_dates"] == before and at.session_state["hl"] in (None, [])
    assert at.sidebar.selectbox(key=storystate.STORY).value is None
    assert qp(at) == {"type": ["crossing"], "start": ["2026-01-01"], "end": ["2026-01-10"]}
    assert not any(b.key == "story_next" for b in at.button)


def test_claims_the_filters_leave_out_are_named(monkeypatch):
    at = run(monkeypatch, params={"story": STORY, "step": "1", "type": "transit"})
    missing = "amargi-arrivals-first-wave, amargi-khosravi, amargi-mehran"
    assert f"Not in this view (the filters leave them out): {missing} |" in card_text(at)
    assert at.session_state["hl"][:3] == missing.split(", ")


def test_a_bad_link_is_a_notice(monkeypatch):
    at = run(monkeypatch, params={"story": "no-such-story", "step": "2"})
    assert any("There is no story" in w.value for w in at.warning)
    at = run(monkeypatch, params={"story": STORY, "step": "99"})
    assert any("has no step" in w.value for w in at.warning)
    assert at.sidebar.selectbox(key=storystate.STORY).value is None


def save_forms(at) -> list:
    return [e for e in at.expander if e.label == "Save this view as a step"]


def test_no_save_form_on_the_bundled_data_files(monkeypatch):
    assert not save_forms(run(monkeypatch, DATA))
    assert save_forms(run(monkeypatch))  # the default store: its session may edit


def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def fill_form(at, title: str, text: str, story: str = "", new_title: str = ""):
    at.text_input(key="ss_title").input(title)
    at.text_area(key="ss_text").input(text)
    at.selectbox(key="ss_story").select(story)
    at.text_input(key="ss_new_title").input(new_title)
    next(b for b in at.button if b.label == "Save the step").click().run()
    return at


def test_a_view_is_saved_as_a_step_in_the_data_directory(monkeypatch, tmp_path):
    data = data_copy(tmp_path)
    at = run(monkeypatch, data, params={"start": "2026-01-05", "end": "2026-01-07"})
    at.session_state["hl"] = ["tml-iyad-crossing"]
    fill_form(at, "Crossing reported", "According to The Media Line, he crossed.", STORY)
    assert any("Saved as step 10" in s.value for s in at.success), [e.value for e in at.error]
    saved = next(s for s in load_dataset(data).stories if s.id == STORY).steps[-1]
    assert (saved.start, saved.end) == (D("2026-01-05"), D("2026-01-07"))
    assert saved.claims == ("tml-iyad-crossing",)
    assert saved.title == "Crossing reported"
    assert "# Stories: guided walks" in (data / "stories.yaml").read_text(encoding="utf-8")
    # a new story, then walked to: the page reads the new file
    fill_form(at, "First", "Reported by The Amargi.", "", "Crossings, 5–7 January")
    assert any("Saved as step 1" in s.value for s in at.success)
    at.sidebar.selectbox(key=storystate.STORY).select("crossings-5-7-january").run()
    assert "step 1 of 1" in card_text(at) and not at.exception


def test_a_refused_step_is_one_line_and_writes_nothing(monkeypatch, tmp_path):
    data = data_copy(tmp_path)
    before = (data / "stories.yaml").read_bytes()
    at = run(monkeypatch, data)
    fill_form(at, "", "text", STORY)
    (error,) = at.error
    assert plain(error.value).startswith("Not saved: the step cannot be saved: title")
    assert "\n" not in error.value
    fill_form(at, "A title", "text", "", "")
    assert "a new story needs a title" in plain(at.error[0].value)
    at.session_state["hl"] = ["amargi-khosravi"]  # 4-8 January; the window says 14-18
    at.session_state["f_dates"] = (D("2026-01-14"), D("2026-01-18"))
    fill_form(at, "A title", "text", STORY)
    assert "amargi-khosravi" in plain(at.error[0].value) and "outside" in at.error[0].value
    assert (data / "stories.yaml").read_bytes() == before


def store_app(monkeypatch, url: str, session=None):
    from streamlit.testing.v1 import AppTest

    from tests.claimmap.dashboard.test_page import APP

    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    monkeypatch.setenv("CLAIMMAP_DB", url)
    at = AppTest.from_file(APP, default_timeout=120)
    if session is not None:
        at.session_state[access.SESSION_KEY] = session
    at.query_params["start"], at.query_params["end"] = "2026-01-05", "2026-01-07"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_step_is_saved_in_the_sessions_store(monkeypatch, tmp_path):
    url = filled_store(tmp_path / "s.sqlite", DATA)
    session = StoreSession.open(url, who="editor")
    try:
        at = store_app(monkeypatch, url, session)
        at.session_state["hl"] = ["tml-iyad-crossing"]
        fill_form(at, "Crossing reported", "According to The Media Line, he crossed.", STORY)
        assert any("Saved as step 10" in s.value for s in at.success)
        stored = next(s for s in load_store_dataset(session.engine).stories if s.id == STORY)
        assert stored.steps[-1].claims == ("tml-iyad-crossing",)
        audit = rows(url, "SELECT who, entity_id, note FROM audit WHERE entity='story'")
        assert audit[-1] == ("editor", STORY, "added step 10")
        at.sidebar.selectbox(key=storystate.STORY).select(STORY).run()
        assert "step 1 of 10" in card_text(at)  # the page read the store again
    finally:
        session.close()


def test_a_reading_session_gets_no_save_form(monkeypatch, tmp_path):
    url = filled_store(tmp_path / "s.sqlite", DATA)
    reader = StoreSession(connect(url), "reader-one", "reader", "test store")
    try:
        assert not save_forms(store_app(monkeypatch, url, reader))
    finally:
        reader.close()


def hostile_story_dir(tmp: Path) -> Path:
    data = data_copy(tmp)
    story = {
        "id": "hostile",
        "title": HOSTILE_TITLE + " {{ 7*7 }}",
        "steps": [
            {
                "title": HOSTILE_TITLE,
                "text": HOSTILE_TEXT,
                "start": "2026-01-05",
                "end": "2026-01-07",
                "places": ["shalamcheh-crossing"],
                "claims": ["tml-iyad-crossing"],
            }
        ],
    }
    (data / "stories.yaml").write_text(yaml.safe_dump([story]), encoding="utf-8")
    return data


def test_hostile_story_text_shows_as_text(monkeypatch, tmp_path):
    at = run(monkeypatch, hostile_story_dir(tmp_path), params={"story": "hostile"})
    shown = card_text(at)
    assert HOSTILE_TITLE in shown and "**not bold**" in shown and ":red[not red]" in shown
    from_story = [e.value for e in [*at.markdown, *at.caption] if "onerror" in e.value
                  or "bold" in e.value]  # fmt: skip
    assert len(from_story) == 3  # the story's title, the step's title and text
    for value in from_story:
        source = value.removeprefix("#### ").removeprefix("Story · step 1 of 1 · ")
        assert unescaped_markup(source) == [], value


def test_printed_downloads_are_offered_and_state_the_filter(monkeypatch, bundled):
    at = run(monkeypatch, params={"type": "crossing", "start": "2026-01-04", "end": "2026-01-08"})
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"PNG map", "SVG map", "PDF brief"} <= labels
    svg = at.session_state["_downloads"]["svg"]().decode("utf-8")
    assert "Filters: types: border crossing" in svg  # Request.note, in the subtitle
    assert "2026-01-04 to 2026-01-08" in svg and f" of {len(bundled.claims)} claims" in svg
    assert {"png", "svg", "pdf"} <= set(exports.FORMATS)
