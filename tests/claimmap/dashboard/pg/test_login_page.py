"""The login gate through AppTest against a real PostgreSQL server (tests/geo/store/pg).

The whole page (app.py) for the form, a wrong password, the account box and log out;
a small page made of the same parts (gate, a read through the session, an edit,
``show_store_error``) for a server that goes away during a session.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.dashboard.access import SESSION_KEY
from tests.geo.store.pg.conftest import LOGINS, Server
from tests.geo.store.pg.test_session import connections
from tests.paths import ROOT
from tests.store_factory import rows

pytestmark = pytest.mark.xdist_group("postgres")
APP = str(ROOT / "app.py")


def texts(at: AppTest) -> str:
    """Every text element of the page and its sidebar, joined (Markdown escapes removed)."""
    import re

    parts = [e.value for kind in ("markdown", "caption", "error", "warning", "info", "title")
             for e in getattr(at, kind)]  # fmt: skip
    parts += [e.value for kind in ("markdown", "caption") for e in getattr(at.sidebar, kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def open_page(monkeypatch, server: Server, app: str = APP) -> AppTest:
    monkeypatch.setenv("CLAIMMAP_DB", server.bare())
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    at = AppTest.from_file(app, default_timeout=120) if app == APP else app_of(app)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input[0].input(user)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_server_shows_the_login_form_and_reads_nothing(monkeypatch, server: Server) -> None:
    at = open_page(monkeypatch, server)
    assert [t.label for t in at.text_input] == ["User name", "Password"]
    assert at.text_input[1].proto.type == at.text_input[1].proto.PASSWORD
    assert [b.label for b in at.button] == ["Log in"]
    assert "Log in to the team server" in texts(at)
    assert server.bare().split("//")[1] in texts(at)
    assert not at.sidebar.multiselect and not at.tabs  # no filters, no views: nothing read
    assert SESSION_KEY not in at.session_state


@pytest.mark.parametrize(
    ("user", "password", "line"),
    [
        ("ana", "not-ana-pass", "refused the login: wrong user name or password"),
        ("nobody", "nobody-pass-1", "refused the login: wrong user name or password"),
        ("ana", "", "Give a user name and a password."),
    ],
)
def test_a_refused_login_is_one_line(monkeypatch, server: Server, user, password, line) -> None:
    at = log_in(open_page(monkeypatch, server), user, password)
    assert len(at.error) == 1
    assert line in texts(at)
    assert "\n" not in at.error[0].value and (not password or password not in texts(at))
    assert SESSION_KEY not in at.session_state
    assert [t.label for t in at.text_input] == ["User name", "Password"]


@pytest.mark.parametrize("user", ["rita", "ana", "rev"])
def test_logged_in_the_sidebar_says_who_and_log_out_closes_the_connection(
    monkeypatch, server: Server, user: str
) -> None:
    role, password = LOGINS[user]
    at = log_in(open_page(monkeypatch, server), user, password)
    assert not at.error, [e.value for e in at.error]
    session = at.session_state[SESSION_KEY]
    assert (session.user, session.role) == (user, role)
    assert f"Logged in as **{user}** · role **{role}**" in texts(at)
    assert [t.value for t in at.text_input if t.label == "Password"] == []  # the form is gone
    assert all(password not in str(at.session_state[key]) for key in at.session_state)
    assert connections(server, user) >= 1
    at.session_state["_edit_kept"] = {("review", "tml-buses"): {"note": "typed by " + user}}
    at.sidebar.button(key="logout").click()
    at.run()
    assert not session.is_open and SESSION_KEY not in at.session_state
    assert connections(server, user) == 0
    assert f"{user} logged out." in texts(at)
    assert "_edit_kept" not in at.session_state  # nothing typed is left for the next user
    assert [t.label for t in at.text_input] == ["User name", "Password"]


def probe_page() -> None:
    """A page of the dashboard's parts: gate, a read through the session, an edit."""
    import streamlit as st

    from claimmap.dashboard import access, login
    from geo.store.errors import StoreError

    if not login.gate():
        st.stop()
    session = access.session_of(st.session_state)
    session.delays = (0.1,)
    try:
        st.markdown(f"claims: {len(session.dataset().claims)}")
    except StoreError as exc:
        login.show_store_error(exc)
    if st.button("Send tml-buses to review"):
        try:
            session.review("tml-buses", "needs_review")
        except StoreError as exc:
            login.show_store_error(exc, key="retry_edit")


def app_of(_name: str) -> AppTest:
    return AppTest.from_function(probe_page, default_timeout=120)


def test_a_server_gone_in_a_session_says_unavailable_and_retry_loses_no_edit(
    monkeypatch, server: Server
) -> None:
    at = log_in(open_page(monkeypatch, server, app="probe"), "ana", LOGINS["ana"][1])
    assert "claims: 6" in texts(at)
    server.cluster.pause()
    try:
        at.run()
        assert "Server unavailable: the server of" in texts(at)
        assert [b.label for b in at.button if b.key == "retry_server"] == ["Retry"]
        at.button(key="retry_server").click().run()  # still away: still a clear line
        assert "Server unavailable" in texts(at)
        next(b for b in at.button if b.label == "Send tml-buses to review").click().run()
        assert len(at.session_state[SESSION_KEY].pending) == 1
        assert texts(at).count("Server unavailable") == 2  # the read and the edit
        at.run()  # the next run says what waits
        assert "1 edit kept here, none lost (review tml-buses)" in texts(at)
    finally:
        server.cluster.resume()
    at.button(key="retry_pending").click().run()
    assert not at.exception
    assert "1 waiting edit saved." in texts(at)
    assert "claims: 6" in texts(at) and "Server unavailable" not in texts(at)
    assert at.session_state[SESSION_KEY].pending == []
    assert rows(
        server.admin, "SELECT review_status, version FROM claims WHERE id = 'tml-buses'"
    ) == [("needs_review", 2)]
    who = rows(
        server.admin, "SELECT who FROM audit WHERE entity_id = 'tml-buses' ORDER BY seq DESC"
    )
    assert who[0] == ("ana",)


def test_a_role_changed_by_the_administrator_shows_on_the_next_run(
    monkeypatch, server: Server
) -> None:
    from geo.store.engine import connect
    from geo.store.server import grant_login

    at = log_in(open_page(monkeypatch, server), "rev", LOGINS["rev"][1])
    assert at.session_state[SESSION_KEY].can_review
    engine = connect(server.admin)
    try:
        grant_login(engine, "rev", "analyst")
        at.run()
        session = at.session_state[SESSION_KEY]
        assert (session.role, session.can_review, session.can_edit) == ("analyst", False, True)
        assert "Your role on the server is now analyst" in texts(at)
        assert "Logged in as **rev** · role **analyst**" in texts(at)
        at.run()
        assert "Your role on the server is now" not in texts(at)  # said once
    finally:
        grant_login(engine, "rev", "reviewer")
        engine.dispose()
