"""A large store on a server: the page asks the database for each view (AppTest, real server).

``$CLAIMMAP_LARGE_STORE`` is lowered so that the six fixture claims count as a
large store; the page then draws the database's view of its dates and types.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.dashboard import bigview
from claimmap.dashboard.filters import Filters
from geo.store.session import StoreSession
from tests.claimmap.dashboard.pg.test_login_page import log_in, open_page, texts
from tests.geo.store.pg.conftest import LOGINS, Server

pytestmark = pytest.mark.xdist_group("postgres")


def test_a_server_store_is_large_above_the_threshold(monkeypatch, server: Server) -> None:
    with StoreSession.login(server.bare(), "rita", LOGINS["rita"][1]) as session:
        assert not bigview.is_large(session.engine)  # 6 claims
        monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "5")
        assert bigview.is_large(session.engine)
        monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "6")
        assert not bigview.is_large(session.engine)
        first, last = bigview.date_bounds(session.engine)
        assert first <= last and isinstance(first, dt.date)


def large_page(monkeypatch, server: Server) -> AppTest:
    monkeypatch.setenv("CLAIMMAP_LARGE_STORE", "3")
    at = log_in(open_page(monkeypatch, server), "ana", LOGINS["ana"][1])
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_large_store_page_draws_the_database_view(monkeypatch, server: Server) -> None:
    at = large_page(monkeypatch, server)
    shown = texts(at)
    assert "Logged in as **ana** · role **analyst**" in shown
    assert "6 claims match (" in shown and "Computed by the database in" in shown
    assert [m.label for m in at.sidebar.multiselect][:2] == ["Claim types", "Outlets"]
    assert not at.tabs  # not the full page: nothing was read into memory
    at.sidebar.multiselect(key="f_types").select("crossing").run()
    assert not at.exception
    with StoreSession.login(server.bare(), "ana", LOGINS["ana"][1]) as session:
        expected = session.view(bigview.query_of(Filters(types=("crossing",)))).total
    assert expected < 6 and f"{expected} claims match (" in texts(at)


def test_the_large_store_page_narrows_to_a_date_window(monkeypatch, server: Server) -> None:
    at = large_page(monkeypatch, server)
    first, last = at.sidebar.date_input(key="f_dates").value
    at.sidebar.date_input(key="f_dates").set_value((first, first)).run()
    with StoreSession.login(server.bare(), "ana", LOGINS["ana"][1]) as session:
        expected = session.view(bigview.query_of(Filters(start=first, end=first))).total
    assert f"{expected} claims match (" in texts(at)


def test_an_analyst_edits_a_claim_picked_in_the_list(monkeypatch, server: Server) -> None:
    at = large_page(monkeypatch, server)
    claim_id = at.dataframe(key="large_list").value["claim"].iloc[0]
    at.selectbox(key="large_pick").set_value(claim_id).run()
    at.toggle(key=f"ed_open_{claim_id}").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    statement = next(w for w in at.text_area if w.key and w.key.endswith("_statement"))
    statement.set_value("Edited on the large page, as reported.")
    next(b for b in at.button if b.label == "Save the claim").click().run()
    assert not at.exception, [e.value for e in at.exception]
    listed = at.dataframe(key="large_list").value.set_index("claim")
    assert listed.loc[claim_id, "statement"] == "Edited on the large page, as reported."
    with StoreSession.login(server.bare(), "ana", LOGINS["ana"][1]) as session:
        entry = session.history("claim", claim_id)[0]
    assert entry.who == "ana" and entry.field == "statement"
