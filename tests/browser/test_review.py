"""The review page in chromium: drafts accepted, edited and rejected by keys and mouse.

`streamlit run app.py` on a store filled by ``claimmap ingest`` (the fixture
gazetteer; a written article, a seed article from ../shared/seeds, and an article
carrying hostile markup). Every request that leaves the machine is refused and
recorded, console errors and dialogs are recorded (conftest's ``page``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from geo import paths
from geo.ingest.review import document_drafts, review_queue
from geo.store.edits import history
from geo.store.engine import connect
from tests.browser.test_dashboard import (
    MAP_FRAME,
    TIMEOUT_MS,
    page_text,
    ready_map,
    start_dashboard,
    wait_for,
    wait_idle,
)
from tests.claimmap.dashboard.reviewstore import ARTICLE, HOSTILE_ARTICLE, HOSTILE_BITS
from tests.paths import ROOT, cli_command
from tests.store_factory import filled_store

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

EDITED = "Buses reportedly crossed at Shalamcheh, an official said (edited in chromium)."


def ingest(url: str, home: Path, files: list[Path]) -> None:
    """Fill the store as an analyst would: ``claimmap ingest``."""
    env = {**os.environ, "CLAIMMAP_DB": url, "CLAIMMAP_HOME": str(home)}
    command = [*cli_command(), "ingest", "--published", "2026-01-09",
               "--outlet", "Iran International", *map(str, files)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("review")
    url = filled_store(tmp / "store.sqlite")
    (tmp / "buses.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    files = [tmp / "buses.txt", tmp / "hostile.txt"]
    seeds = paths.seeds_dir()
    if seeds is not None:
        files.append(sorted(seeds.glob("001_*.txt"))[0])
    elif os.environ.get("CI") == "true":
        pytest.fail("seed articles not found (../shared/seeds): required under CI=true")
    ingest(url, tmp / "home", files)
    return url, tmp


@pytest.fixture(scope="module")
def dashboard(store, browser) -> Iterator[str]:
    url, tmp = store
    with pytest.MonkeyPatch.context() as patch:  # $CLAIMMAP_DB comes before $CLAIMMAP_DATA
        patch.setenv("CLAIMMAP_DB", url)
        patch.setenv("CLAIMMAP_HOME", str(tmp / "home"))
        running = start_dashboard(ROOT / "tests" / "fixtures" / "data", tmp / "streamlit.log")
        base = next(running)
    yield base
    running.close()


def drafts_of(url: str, file_name: str, statuses=("draft", "needs_review")):
    engine = connect(url)
    try:
        doc = next(d for d in review_queue(engine) if d["file_name"] == file_name)
        return document_drafts(engine, doc["source_id"], statuses).drafts
    finally:
        engine.dispose()


def open_review(page, base: str, document: str) -> None:
    """Open the dashboard, go to the review page by its link, and choose a document."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(base)
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Review drafts").click()
    page.wait_for_selector("text=Draft in view", timeout=TIMEOUT_MS)
    page.locator("[data-testid='stSidebar'] label").filter(has_text=document).click()
    heading = page.locator("[data-testid='stMain'] h3").filter(has_text=document)
    wait_for(page, lambda: heading.count() > 0, f"the document {document}")
    wait_idle(page)  # the heading may be drawn before the article below it


def wait_message(page, words: str) -> str:
    alert = page.locator("[data-testid='stAlert']").filter(has_text=words)
    alert.first.wait_for(timeout=TIMEOUT_MS)
    return alert.first.inner_text()


def in_view(page) -> str:
    """The draft in view, as the selectbox names it ("" while the page is redrawn)."""
    return page.get_by_label("Draft in view").evaluate_all(
        "els => els.length === 1 ? els[0].value : ''"
    )


def press(page, key: str) -> None:
    """Press a key with nothing focused (a button's shortcut, as a user would).

    First wait for the page to finish its run: a key pressed while Streamlit redraws
    the buttons reaches none of them (the run after a save, under load).
    """
    wait_idle(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)


def test_drafts_accepted_edited_and_rejected_by_keys_and_mouse(page, dashboard, store):
    url, _ = store
    first, second = drafts_of(url, "buses.txt")
    open_review(page, dashboard, "buses.txt")
    article = page.locator(".cm-article")
    # the heading may change before the article does (the previous document's, under load)
    expect(article.locator("#cm-focus")).to_contain_text("More than 60 buses", timeout=TIMEOUT_MS)
    assert article.locator("mark.k-place").count() >= 2
    assert article.locator("mark.k-quantity").count() >= 1
    small_map = page.wait_for_selector(MAP_FRAME, timeout=TIMEOUT_MS).content_frame()
    small_map.wait_for_selector("path.leaflet-interactive", timeout=TIMEOUT_MS)  # the candidates
    # walk with N and P
    press(page, "n")
    wait_for(page, lambda: in_view(page).startswith("2."), "the second draft")
    press(page, "p")
    wait_for(page, lambda: in_view(page).startswith("1."), "the first draft")
    # E opens the form; Ctrl+Enter saves the edit, checked first
    press(page, "e")
    statement = page.get_by_label("Statement (ours, neutral)")
    statement.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)  # the form drawn by a run that has ended: typing is not lost to a redraw
    statement.fill(EDITED)
    expect(statement).to_have_value(EDITED, timeout=TIMEOUT_MS)
    statement.press("Control+Enter")
    wait_message(page, "edited (statement)")
    edited = drafts_of(url, "buses.txt")[0]
    assert (edited.claim["statement"], edited.version) == (EDITED, first.version + 1)  # once
    # A accepts it (the embedded store's user is a reviewer)
    press(page, "a")
    wait_message(page, f"{first.id} accepted: now accepted")
    assert history_of(url, first.id)[0].after == "accepted"
    # the mouse rejects the second one, with a note
    wait_for(page, lambda: in_view(page).startswith("1."), "the next draft")
    page.locator(f".st-key-rv_note_{second.id} input").fill("not a claim of its own")
    page.get_by_role("button", name="Reject").click()
    wait_message(page, f"{second.id} rejected: now rejected")
    page.wait_for_selector("text=No drafts left to review", timeout=TIMEOUT_MS)
    assert history_of(url, second.id)[0].note == "not a claim of its own"
    page.locator(".cm-article").scroll_into_view_if_needed()
    page.screenshot_to("review-decided")
    # the map page reads the store again: the accepted claim, as edited, at the crossing
    page.goto(f"{dashboard}/?sel=crossings:shalamcheh-crossing")
    page.wait_for_selector("text=Claims in view", timeout=TIMEOUT_MS)
    ready_map(page)
    wait_for(page, lambda: EDITED in page_text(page), "the edited claim on the map page")
    assert page.aborted == [] and page.errors == [] and page.dialogs == []


def history_of(url: str, claim_id: str):
    engine = connect(url)
    try:
        return history(engine, "claim", claim_id)
    finally:
        engine.dispose()


def test_an_edit_the_checks_refuse_changes_nothing(page, dashboard, store):
    url, _ = store
    (draft,) = drafts_of(url, "hostile.txt")[:1]
    open_review(page, dashboard, "hostile.txt")
    page.get_by_role("button", name="Edit").click()
    quote = page.get_by_label("Quote (verbatim from the article)")
    quote.fill("Words the article never said.")
    page.get_by_role("button", name="Save edits").click()
    line = wait_message(page, "quote not found verbatim")
    assert "\n" not in line.strip()
    page.keyboard.press("Escape")  # Esc: cancel the form
    page.get_by_role("button", name="Accept").wait_for(timeout=TIMEOUT_MS)
    assert drafts_of(url, "hostile.txt")[0].version == draft.version


def test_hostile_article_shows_as_text_and_runs_nothing(page, dashboard):
    open_review(page, dashboard, "hostile.txt")
    article = page.locator(".cm-article")
    expect(article).to_contain_text(HOSTILE_BITS[0], timeout=TIMEOUT_MS)
    text = article.inner_text()
    for bit in HOSTILE_BITS:
        assert bit in text, bit
    assert "U+202E" in text  # the override is shown, not applied
    card = page.locator(".st-key-rv_card")  # drawn after the article: wait for it too
    for bit in HOSTILE_BITS[1:3]:
        expect(card).to_contain_text(bit, use_inner_text=True, timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Accept").click()  # the hostile draft, by mouse
    wait_message(page, "now accepted")
    page.wait_for_timeout(1000)
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("() => document.querySelectorAll('.cm-article script').length") == 0
    assert not page.query_selector("a[href^='javascript']")
    assert page.locator(".cm-article mark, .cm-article span").evaluate_all(
        "els => els.every(e => [...e.attributes].every(a => ['class', 'id', 'title']"
        ".includes(a.name)))"
    )
    article.scroll_into_view_if_needed()
    page.screenshot_to("review-hostile")
    assert page.dialogs == [] and page.errors == [] and page.aborted == []


def test_upload_an_article_in_the_page(page, dashboard, store):
    url, _ = store
    open_review(page, dashboard, "buses.txt")
    page.get_by_text("Upload an article").click()
    page.get_by_label("…or paste its text").fill(
        "Flights from Baghdad doubled on January 7, 2026, an airport worker said."
    )
    page.get_by_label("Title", exact=True).fill("Flights doubled")
    page.get_by_label("Published (YYYY-MM-DD)").fill("7 Jan")
    page.get_by_role("button", name="Ingest").click()
    wait_message(page, "is not a date (YYYY-MM-DD)")
    page.get_by_label("Published (YYYY-MM-DD)").fill("2026-01-08")
    page.get_by_role("button", name="Ingest").click()
    wait_message(page, "flights-doubled.txt")
    assert drafts_of(url, "flights-doubled.txt")
    assert page.errors == [] and page.aborted == []
