"""The dashboard's edit panel in a real browser, on a store of its own (SQLite, no network).

`streamlit run` with $CLAIMMAP_DB at a throw-away store (and $CLAIMMAP_HOME at a
temporary folder): an analyst reviews, grades and edits a claim beside the map's
selection and sees its history; hostile text typed into the fields shows as text
and runs nothing; with two tabs editing the same claim, the second gets the
store's conflict message, keeps what it typed, and the first edit stays.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimmap.cli import main as cli
from geo import paths
from geo.store.session import StoreSession
from tests.browser.served import served_dashboard
from tests.browser.test_dashboard import TIMEOUT_MS, page_text, wait_for, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = (
    '<img src=x onerror="window.__pwned=1"> [click me](javascript:window.__pwned=1) '
    "**not bold** \u202eevil\u202c"
)
TOGGLE = "Review, grade and edit"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path]:
    home = tmp_path_factory.mktemp("storeui")
    url = f"sqlite:///{home / 'store.sqlite'}"
    assert cli(["--db", url, "db", "init"]) == 0
    assert cli(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    return url, home


@pytest.fixture(scope="module")
def features(store) -> list[tuple[str, str]]:
    """(feature id, its first claim id) of the crossings, in the store's data."""
    from layers.features import layer_collections

    with StoreSession.open(store[0]) as session:
        collections = layer_collections(session.dataset())
    found = []
    for feature in collections["crossings"]["features"]:
        props = feature["properties"]
        found.append((props["feature_id"], props["claims"][0]["claim_id"]))
    return found


@pytest.fixture(scope="module")
def dashboard(store, browser) -> Iterator[str]:
    url, home = store
    env = {**os.environ, "CLAIMMAP_DB": url, "CLAIMMAP_HOME": str(home)}
    env.pop("CLAIMMAP_DATA", None)
    with served_dashboard(env, home / "streamlit.log") as (address, _):
        yield address


def open_panel(page, address: str, feature: str) -> None:
    """Open the dashboard with a feature selected and its first claim's edit panel open."""
    page.goto(f"{address}/?sel={feature}")
    page.wait_for_selector(f"text={TOGGLE}", timeout=TIMEOUT_MS)
    wait_idle(page)
    page.get_by_text(TOGGLE).first.click()
    page.wait_for_selector("text=Save the claim", timeout=TIMEOUT_MS)
    wait_idle(page)


def field(page, label: str):
    return page.get_by_label(label, exact=True)


def press(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    wait_idle(page)


def press_until(page, label: str, outcomes: tuple[str, ...], tries: int = 3) -> None:
    """Press a button until the page shows one of ``outcomes`` (a click lost under load).

    Pressing again is safe for a form's save: it sends the same values, pinned to
    the same version, so a second save is refused or saved alike.
    """
    for _ in range(tries):
        press(page, label)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if any(outcome in page_text(page) for outcome in outcomes):
                return
            page.wait_for_timeout(200)
    pytest.fail(f"pressing {label!r} showed none of {outcomes}: {page_text(page)[:500]}")


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox (a combobox) by its label.

    Tried again while the page is still being redrawn (a run after a save replaces
    the widgets), until the box shows the option.
    """
    for _ in range(5):
        wait_idle(page)
        box = page.get_by_role("combobox", name=label, exact=True)
        try:
            box.scroll_into_view_if_needed(timeout=5000)
            box.focus(timeout=5000)
            page.keyboard.press("ArrowDown")  # opens the list (a click only focuses it)
            page.get_by_role("option").filter(has_text=option).first.click(timeout=5000)
            if option in box.input_value(timeout=5000):
                return
        except Exception:  # noqa: BLE001 - the widget was replaced by a new run: again
            page.keyboard.press("Escape")
    pytest.fail(f"could not choose {option!r} in {label!r}")


def grid_text(page) -> str:
    """The text of the data grids' accessible tables (the cells in view)."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('table[role=grid]'))"
        ".map(t => t.innerText).join('\\n')"
    )


def test_edit_grade_and_history_with_hostile_text(page, dashboard, store, features) -> None:
    feature, claim_id = features[0]
    open_panel(page, dashboard, feature)
    field(page, "Statement (ours, neutral)").fill(HOSTILE)
    field(page, "According to").fill(HOSTILE)
    field(page, "Why (a note for the audit trail)").fill("[note](javascript:alert(1)) <b>x</b>")
    press(page, "Save the claim")
    wait_for(page, lambda: "saved statement" in page_text(page), "the edit to be saved")
    text = page_text(page)
    assert '<img src=x onerror="window.__pwned=1">' in text  # shown as text
    assert "[click me](javascript:window.__pwned=1)" in text and "**not bold**" in text
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate(
        "() => Array.from(document.querySelectorAll('a')).every("
        "a => !a.href.toLowerCase().startsWith('javascript:'))"
    )
    choose(page, "Source reliability", "B: usually reliable")
    choose(page, "Information credibility", "2: probably true")
    field(page, "Grading note (required: what the grade rests on)").fill("Own reporter, <i>x</i>")
    press(page, "Grade the group")
    wait_for(page, lambda: "is now graded B2" in page_text(page), "the grade to be saved")
    choose(page, "Move to", "needs review")
    press(page, "Set review status")
    wait_for(page, lambda: "is now needs review" in page_text(page), "the review to be saved")
    assert "review status: needs review · version 3" in page_text(page)
    wanted = ("review", "grade", "grading_note", "edit", "statement")
    wait_for(page, lambda: all(w in grid_text(page) for w in wanted), "the history table")
    assert page.evaluate("() => window.__pwned === undefined")
    assert not page.errors, page.errors
    assert not page.aborted, page.aborted
    page.screenshot_to("storeui_edit_grade_history")
    with StoreSession.open(store[0]) as session:
        claim = session.dataset().claim(claim_id)
        assert claim.statement == HOSTILE.strip() and claim.claimant == HOSTILE.strip()


def test_two_tabs_editing_one_claim(page, dashboard, store, features) -> None:
    feature, claim_id = features[1]
    second = page.context.new_page()
    try:
        open_panel(page, dashboard, feature)
        open_panel(second, dashboard, feature)
        field(page, "Statement (ours, neutral)").fill("First tab: as reported by the outlet.")
        press(page, "Save the claim")
        wait_for(page, lambda: "saved statement" in page_text(page), "the first tab's save")
        field(second, "Statement (ours, neutral)").fill("Second tab's wording.")
        press_until(second, "Save the claim", ("changed since you read it", "saved statement"))
        assert "changed since you read it" in page_text(second), page_text(second)
        wait_idle(second)
        statement = field(second, "Statement (ours, neutral)")
        wait_for(second, lambda: statement.count() == 1, "the old form to go")  # a new version
        assert statement.input_value() == "Second tab's wording."  # what was typed is kept
        assert "First tab: as reported by the outlet." in page_text(second)  # the claim card
        second.screenshot(path=str(ROOT / "artifacts" / "screenshots" / "storeui_conflict.png"))
    finally:
        second.close()
    with StoreSession.open(store[0]) as session:
        assert (
            session.dataset().claim(claim_id).statement == "First tab: as reported by the outlet."
        )
        entries = session.history("claim", claim_id)
        assert [e.field for e in entries if e.action == "edit"] == ["statement"]
