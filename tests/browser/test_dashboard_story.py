"""Story mode in the dashboard, in chromium: a link opens a step, the arrow keys walk it.

Checks the drawn map follows the step (its dates and "as known on", its claims
outlined, its extent in view), the address follows the step, and a story with
hostile text shows it as text and runs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimmap.dashboard.filters import Filters
from claimmap.dashboard.linking import features_with_claims
from layers.features import layer_collections
from layers.payload import step_extent
from tests.browser.test_dashboard import (
    MAP_FRAME,
    TIMEOUT_MS,
    curated,  # noqa: F401 - a fixture
    dashboard,  # noqa: F401 - a fixture
    page_text,
    query,
    ready_map,
    start_dashboard,
    wait_for,
    wait_idle,
)
from tests.claimmap.dashboard.test_storypanel import HOSTILE_TITLE, hostile_story_dir

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

STORY = "militia-transfers-jan-2026"


@pytest.fixture(scope="module")
def hostile_story_dashboard(tmp_path_factory, browser) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("hostile-story")
    yield from start_dashboard(hostile_story_dir(tmp), tmp / "streamlit.log")


def current_frame(page):
    return page.query_selector(MAP_FRAME).content_frame()


def outlines(page) -> int:
    frame = current_frame(page)
    return frame.evaluate("document.querySelectorAll('path.cm-highlight').length") if frame else 0


def map_window(page) -> dict:
    return current_frame(page).evaluate("window.claimmap.getWindow()")


def map_bounds(page) -> list[float]:
    return current_frame(page).evaluate(
        "(() => { const b = window.claimmap.map.getBounds();"
        " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; })()"
    )


def expect_step(page, dataset, collections, n: int) -> None:
    """Wait until the page and its map show step ``n``; check dates, outlines, extent, URL."""
    step = next(s for s in dataset.stories if s.id == STORY).steps[n - 1]
    wait_for(page, lambda: f"step {n} of 9" in page_text(page), f"step {n} in the card")
    wait_for(page, lambda: step.title in page_text(page), f"step {n}'s title")  # drawn after
    wait_for(page, lambda: query(page).get("step") == [str(n)], f"step={n} in the address")
    assert query(page)["story"] == [STORY] and "start" not in query(page)
    want = (step.start.isoformat(), step.end.isoformat(), step.as_of and step.as_of.isoformat())
    wait_for(
        page,
        lambda: tuple(map_window(page)[k] for k in ("start", "end", "asOf")) == want,
        f"the map's window on step {n}'s dates",
    )
    in_window = layer_collections(Filters(start=step.start, end=step.end).apply(dataset))
    drawn = features_with_claims(in_window, list(step.claims))
    assert drawn, "the step's claims are drawn"
    wait_for(page, lambda: outlines(page) == len(drawn), f"step {n}'s claims outlined")
    west, south, east, north = step_extent(step, dataset.places)
    shown = map_bounds(page)
    assert shown[0] <= (west + east) / 2 <= shown[2] and shown[1] <= (south + north) / 2 <= shown[3]
    assert shown[2] - shown[0] < 20, "the map is fitted to the step, not the whole region"


def test_a_link_opens_the_step_and_the_arrow_keys_walk_it(page, dashboard, curated):  # noqa: F811
    dataset, collections = curated
    page.goto(f"{dashboard}/?story={STORY}&step=2")
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    ready_map(page)
    expect_step(page, dataset, collections, 2)
    page.screenshot_to("dashboard-story-step-2")
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.screenshot_to("dashboard-story-step-2-map")
    wait_idle(page)
    page.get_by_role("heading", name="claimmap: reported claims").click()  # focus: the page
    page.keyboard.press("ArrowRight")
    expect_step(page, dataset, collections, 3)
    wait_idle(page)
    page.keyboard.press("ArrowLeft")
    expect_step(page, dataset, collections, 2)
    wait_idle(page)
    page.get_by_role("button", name="Leave the story").click()
    wait_for(page, lambda: "story" not in query(page), "the story out of the address")
    wait_for(page, lambda: outlines(page) == 0, "no outline once out of the story")
    assert map_window(page)["start"] in (None, dataset_start(dataset))
    assert page.aborted == []


def dataset_start(dataset) -> str | None:
    days = [c.event_start for c in dataset.claims if c.event_start]
    return min(days).isoformat() if days else None


def test_hostile_story_text_shows_as_text(page, hostile_story_dashboard):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_story_dashboard}/?story=hostile")
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    frame = ready_map(page)
    wait_for(page, lambda: "step 1 of 1" in page_text(page), "the hostile step")
    shown = (
        HOSTILE_TITLE,
        "**not bold** [click](javascript:alert(1)) :red[not red] $x^2$",
        "<script>alert(1)</script>",
    )
    wait_for(page, lambda: all(s in page_text(page) for s in shown), "the step's text, as text")
    page.wait_for_timeout(1000)
    for target in (page, frame):
        assert target.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert not page.query_selector("a[href^='javascript']")
    assert not page.query_selector("[data-testid='stMain'] strong:text('not bold')")
    assert dialogs == [] and page.aborted == []
    page.screenshot_to("dashboard-story-hostile")
