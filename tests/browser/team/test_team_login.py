"""The dashboard against a team server in chromium: login, roles, refusals, log out, secrets.

A real PostgreSQL + PostGIS cluster (tests/geo/store/pg: a database made with
``db init``, the fixture data and the LOGINS) and ``streamlit run app.py`` with
``CLAIMMAP_DB`` set to the server's URL without user or password; Debian's chromium
through Playwright. Checks: the login form comes first; a wrong password is one
line; a reader sees no edit controls; an analyst sets needs_review and sees no
reviewer control; a reviewer demoted while logged in who accepts a claim sees the
database's refusal in plain words; Log out closes the user's connections (as
pg_stat_activity shows them to the superuser) and shows the form again; the password
is nowhere: not in the page's URL, the browser's storage, the dashboard's output, the
server's statement log, the process list or any file the dashboard wrote.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from geo.store.pgcluster import LocalCluster
from tests.browser.served import served_dashboard
from tests.browser.test_dashboard import wait_idle
from tests.geo.store.pg.conftest import LOGINS, TEMPLATE, Server
from tests.geo.store.pg.test_session import connections
from tests.store_factory import rows

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT_MS = 60_000
#: The feature holding tml-buses and khamenei-buses (tests/fixtures/data).
CROSSING = "crossings:shalamcheh-crossing"
EDIT_BUTTONS = ("Set review status", "Grade the group", "Save the claim")


@dataclass
class Dashboard:
    """A running dashboard on a team server's database."""

    url: str
    process: subprocess.Popen
    log: Path
    home: Path
    server: Server

    def output(self) -> str:
        """What the dashboard printed so far (stdout and stderr)."""
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="module")
def team_server(cluster: LocalCluster, template: str) -> Server:
    cluster.create_database("team_browser", TEMPLATE)
    return Server(cluster, "team_browser")


def start_dashboard(tmp_path_factory, server: Server, **more_env: str) -> Iterator[Dashboard]:
    """``streamlit run app.py`` on the server, its home and temp folder in a fresh folder."""
    home = tmp_path_factory.mktemp("team-home")
    (home / "temp").mkdir()
    log = tmp_path_factory.mktemp("team-log") / "streamlit.log"
    env = {**os.environ, "CLAIMMAP_DB": server.bare(), "CLAIMMAP_HOME": str(home), **more_env}
    env.update(TMPDIR=str(home / "temp"), HOME=str(home))
    env.pop("CLAIMMAP_DATA", None)
    with served_dashboard(env, log) as (url, process):
        yield Dashboard(url, process, log, home, server)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, browser, team_server: Server) -> Iterator[Dashboard]:
    yield from start_dashboard(tmp_path_factory, team_server)


@pytest.fixture(scope="module")
def large_dashboard(tmp_path_factory, browser, team_server: Server) -> Iterator[Dashboard]:
    """The same, with the six claims counted as a large store (views by the database)."""
    yield from start_dashboard(tmp_path_factory, team_server, CLAIMMAP_LARGE_STORE="3")


@pytest.fixture(scope="module")
def idle_dashboard(tmp_path_factory, browser, team_server: Server) -> Iterator[Dashboard]:
    """The same, the server ending a login's connections idle for 2 s ($CLAIMMAP_DB_IDLE)."""
    yield from start_dashboard(tmp_path_factory, team_server, CLAIMMAP_DB_IDLE="2")


# ----------------------------------------------------------------- helpers


def log_in(page, dashboard: Dashboard, user: str, password: str | None = None, query: str = ""):
    """Open the dashboard, fill the login form and send it."""
    page.goto(f"{dashboard.url}/{query}")
    page.get_by_label("User name").wait_for(timeout=TIMEOUT_MS)
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password", exact=True).fill(
        LOGINS[user][1] if password is None else password
    )
    page.get_by_role("button", name="Log in").click()


def logged_in(page, user: str, role: str) -> None:
    """Wait for the sidebar's account line and the page's data."""
    page.get_by_text(f"Logged in as {user} · role {role}").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("Claims in view").first.wait_for(timeout=TIMEOUT_MS)


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.get_by_label("User name").wait_for(timeout=TIMEOUT_MS)


def open_edit_panel(page, claim_id: str, label: str) -> None:
    """Switch on the claim's edit panel (its toggle is keyed by the claim id)."""
    toggle = page.locator(f".st-key-ed_open_{claim_id}")
    # The element is attached before its label is drawn: wait for the label.
    expect(toggle).to_have_text(label, timeout=TIMEOUT_MS)
    toggle.get_by_text(label).click()
    page.locator(f".st-key-ed_open_{claim_id} input:checked").wait_for(
        state="attached", timeout=TIMEOUT_MS
    )
    page.wait_for_timeout(500)


def buttons(page) -> set[str]:
    return {text.strip() for text in page.get_by_role("button").all_inner_texts()}


def open_options(page, selectbox_key: str):
    """Open a select box (by its key) until its options show; return them (a locator).

    A click that lands while the page is still running may be undone by the redraw:
    it is tried again.
    """
    offered = page.get_by_role("option")
    for _ in range(5):
        wait_idle(page)
        page.locator(f".st-key-{selectbox_key}").click()
        try:
            offered.first.wait_for(timeout=5000)
            return offered
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    offered.first.wait_for(timeout=TIMEOUT_MS)
    return offered


def choose(page, selectbox_key: str, option: str) -> list[str]:
    """Open a select box (by its key) and pick ``option``; return every option offered."""
    offered = open_options(page, selectbox_key)
    texts = [text.strip() for text in offered.all_inner_texts()]
    page.get_by_role("option", name=option, exact=True).click()
    return texts


def wait_until(check, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def no_traceback(page, dashboard: Dashboard) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.inner_text("body")
    assert "Traceback" not in dashboard.output()


# ----------------------------------------------------------------- tests


def test_the_login_form_comes_first_and_a_wrong_password_is_one_line(
    page, dashboard: Dashboard
) -> None:
    page.goto(dashboard.url)
    page.get_by_label("User name").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_label("Password", exact=True).get_attribute("type") == "password"
    assert page.get_by_text("Claims in view").count() == 0  # nothing read before a login
    log_in(page, dashboard, "ana", "not-ana-pass")
    alert = page.locator("[data-testid='stAlert']")
    alert.wait_for(timeout=TIMEOUT_MS)
    assert alert.count() == 1
    text = alert.inner_text().strip()
    assert text.endswith("refused the login: wrong user name or password"), text
    assert "\n" not in text and "not-ana-pass" not in text
    assert page.get_by_label("User name").input_value() == ""  # the form was cleared
    assert page.get_by_label("Password", exact=True).input_value() == ""
    no_traceback(page, dashboard)
    page.screenshot_to("team_login_refused")


def test_a_reader_sees_no_edit_controls(page, dashboard: Dashboard) -> None:
    log_in(page, dashboard, "rita", query=f"?sel={CROSSING}")
    logged_in(page, "rita", "reader")
    open_edit_panel(page, "tml-buses", "History")
    page.get_by_text("History of the claim and its group").wait_for(timeout=TIMEOUT_MS)
    assert not buttons(page) & set(EDIT_BUTTONS)
    assert page.get_by_text("Review, grade and edit").count() == 0
    page.screenshot_to("team_reader")
    log_out(page)


def test_an_analyst_sets_needs_review_but_no_reviewer_action(page, dashboard: Dashboard) -> None:
    log_in(page, dashboard, "ana", query=f"?sel={CROSSING}")
    logged_in(page, "ana", "analyst")
    open_edit_panel(page, "tml-buses", "Review, grade and edit")
    page.get_by_role("button", name="Save the claim").wait_for(timeout=TIMEOUT_MS)  # under load
    expect(page.get_by_role("button", name="Set review status")).to_be_visible(timeout=TIMEOUT_MS)
    assert "Grade the group" not in buttons(page)
    offered = open_options(page, "ed_review_tml-buses_1_status")
    # the only status offered: accept and reject are a reviewer's
    expect(offered).to_have_text(["needs review"], timeout=TIMEOUT_MS)
    page.get_by_role("option", name="needs review", exact=True).click()
    page.get_by_role("button", name="Set review status").click()
    page.get_by_text("claim tml-buses is now needs review").wait_for(timeout=TIMEOUT_MS)
    server = dashboard.server
    assert rows(server.admin, "SELECT review_status FROM claims WHERE id = 'tml-buses'") == [
        ("needs_review",)
    ]
    last = rows(server.admin, "SELECT who FROM audit WHERE entity_id = 'tml-buses' "
                "ORDER BY seq DESC LIMIT 1")  # fmt: skip
    assert last == [("ana",)]
    no_traceback(page, dashboard)
    log_out(page)


def test_a_refused_action_shows_the_database_reason(page, dashboard: Dashboard) -> None:
    """A reviewer made an analyst while the form is open saves Accept: the database refuses it.

    (The next run of the whole page asks the server for the role again and says it
    changed: ``tests/claimmap/dashboard/pg/test_login_page.py``.)
    """
    from geo.store.engine import connect
    from geo.store.server import grant_login
    from geo.store.session import StoreSession

    server = dashboard.server
    with StoreSession.login(server.bare(), "bea", LOGINS["bea"][1]) as bea:
        bea.review("khamenei-buses", "needs_review")
    log_in(page, dashboard, "rev", query=f"?sel={CROSSING}")
    logged_in(page, "rev", "reviewer")
    engine = connect(server.admin)
    try:
        open_edit_panel(page, "khamenei-buses", "Review, grade and edit")
        choose(page, "ed_review_khamenei-buses_2_status", "accepted")
        page.locator(".st-key-ed_review_khamenei-buses_2_note input").fill("two outlets agree")
        page.locator(".st-key-ed_review_khamenei-buses_2_note input").press("Tab")
        grant_login(engine, "rev", "analyst")  # the administrator takes the reviewer role away
        page.get_by_role("button", name="Set review status").click()
        refusal = page.get_by_text("permission denied: only a reviewer may set a claim to accepted")
        refusal.wait_for(timeout=TIMEOUT_MS)
        assert "rev is not a reviewer" in refusal.inner_text()
        page.screenshot_to("team_refused_by_the_database")
    finally:
        grant_login(engine, "rev", "reviewer")
        engine.dispose()
    assert rows(server.admin, "SELECT review_status, version FROM claims "
                "WHERE id = 'khamenei-buses'") == [("needs_review", 2)]  # fmt: skip
    no_traceback(page, dashboard)
    log_out(page)


def test_log_out_closes_the_connection_and_shows_the_form(page, dashboard: Dashboard) -> None:
    server = dashboard.server
    log_in(page, dashboard, "bea")
    logged_in(page, "bea", "analyst")
    assert connections(server, "bea") >= 1
    log_out(page)
    wait_until(lambda: connections(server, "bea") == 0, "bea's connections to close")
    page.get_by_text("bea logged out.").wait_for(timeout=TIMEOUT_MS)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0, timeout=TIMEOUT_MS)
    expect(page.get_by_text("Claims in view")).to_have_count(0, timeout=TIMEOUT_MS)


def test_a_closed_tab_leaves_no_connection_behind(page, idle_dashboard: Dashboard) -> None:
    server = idle_dashboard.server
    log_in(page, idle_dashboard, "rita", query=f"?sel={CROSSING}")
    logged_in(page, "rita", "reader")
    wait_until(lambda: connections(server, "rita") == 0, "the server to end rita's idle ones")
    open_edit_panel(page, "tml-buses", "History")  # read from the store: it reconnects
    page.get_by_text("History of the claim and its group").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("Server unavailable").count() == 0
    no_traceback(page, idle_dashboard)
    page.close()  # the tab goes, without logging out
    wait_until(lambda: connections(server, "rita") == 0, "rita's connections to end")


def test_the_password_appears_nowhere(page, dashboard: Dashboard) -> None:
    password = LOGINS["ana"][1]
    log_in(page, dashboard, "ana", query=f"?sel={CROSSING}")
    logged_in(page, "ana", "analyst")
    open_edit_panel(page, "tml-buses", "Review, grade and edit")
    seen = {
        "the page's URL": page.url,
        "the page": page.content(),
        "the browser's storage": page.evaluate(
            "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage),"
            " document.cookie])"
        ),
        "the dashboard's output": dashboard.output(),
        "the process list": subprocess.run(
            ["ps", "-eww", "-o", "args"], capture_output=True, text=True, check=True
        ).stdout,
        "the server's statement log": dashboard.server.cluster.log.read_text(errors="replace"),
    }
    for path in dashboard.home.rglob("*"):
        if path.is_file():
            seen[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    assert "sel=" in page.url and "You can now view" in seen["the dashboard's output"]
    assert "SELECT" in seen["the server's statement log"]  # every statement is logged
    assert [where for where, text in seen.items() if password in text] == []
    log_out(page)


def view_frame(page):
    """The frame of the large store's map once its script has drawn the view."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("() => !!document.body.getAttribute('data-cm-view-ready')"):
                    return frame
            except Exception:  # noqa: BLE001 - a frame being replaced
                pass
        page.wait_for_timeout(200)
    pytest.fail("the large store's map never reported ready")


def test_a_large_store_is_drawn_from_the_database_view(page, large_dashboard: Dashboard) -> None:
    log_in(page, large_dashboard, "rita")
    page.get_by_text("Logged in as rita · role reader").wait_for(timeout=TIMEOUT_MS)
    page.get_by_text("claims match").wait_for(timeout=TIMEOUT_MS)
    frame = view_frame(page)
    drawn = frame.evaluate("() => window.cmView.drawn.getLayers().length")
    assert drawn >= 1
    page.screenshot_to("team_large_store")
    assert page.errors == [] and page.aborted == []
    no_traceback(page, large_dashboard)
    log_out(page)
