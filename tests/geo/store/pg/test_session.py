"""The login API the dashboard uses: connect as a user, roles, plain errors, log out."""

from __future__ import annotations

import gc
import time

import pytest
import sqlalchemy as sa

from geo.store.errors import BadStore, LoginFailed, NotAllowed, StaleVersion
from geo.store.query import ViewQuery
from geo.store.session import StoreSession, describe
from tests.geo.store.pg.conftest import LOGINS, Server
from tests.store_factory import rows


def connections(server: Server, user: str) -> int:
    gc.collect()
    found = rows(
        server.admin,
        "SELECT count(*) FROM pg_stat_activity WHERE usename = :user AND datname = :db",
        user=user,
        db=server.database,
    )
    return found[0][0]


@pytest.mark.parametrize(
    ("user", "role", "can_edit", "can_review"),
    [
        ("rita", "reader", False, False),
        ("ana", "analyst", True, False),
        ("rev", "reviewer", True, True),
    ],
)
def test_login_knows_the_role(server: Server, user, role, can_edit, can_review) -> None:
    with StoreSession.login(server.bare(), user, LOGINS[user][1]) as session:
        assert (session.user, session.role) == (user, role)
        assert (session.can_edit, session.can_review) == (can_edit, can_review)
        assert session.view(ViewQuery()).total == 6
        assert LOGINS[user][1] not in repr(session)


def test_logout_closes_every_connection(server: Server) -> None:
    session = StoreSession.login(server.bare(), "ana", LOGINS["ana"][1])
    session.view(ViewQuery())
    session.review("tml-buses", "needs_review")
    assert connections(server, "ana") >= 1
    session.close()
    assert connections(server, "ana") == 0
    assert not session.is_open
    with pytest.raises(BadStore, match="logged out"):
        session.view(ViewQuery())


def test_an_idle_login_is_ended_by_the_server_and_reconnects(server: Server, monkeypatch) -> None:
    """A tab closed without logging out leaves no connection behind ($CLAIMMAP_DB_IDLE)."""
    monkeypatch.setenv("CLAIMMAP_DB_IDLE", "1")
    session = StoreSession.login(server.bare(), "rita", LOGINS["rita"][1])
    try:
        with session.engine.connect() as conn:
            assert conn.execute(sa.text("SHOW idle_session_timeout")).scalar() == "1s"
        assert connections(server, "rita") >= 1
        deadline = time.monotonic() + 15
        while connections(server, "rita") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert connections(server, "rita") == 0  # the server ended the idle connection
        assert session.view(ViewQuery()).total == 6  # the session reconnects, unaware
    finally:
        session.close()


def test_a_wrong_password_is_one_plain_line_without_it(server: Server) -> None:
    with pytest.raises(LoginFailed) as caught:
        StoreSession.login(server.bare(), "ana", "not-" + LOGINS["ana"][1])
    line = describe(caught.value)
    assert line.endswith("refused the login: wrong user name or password")
    assert "\n" not in line and LOGINS["ana"][1] not in line
    assert connections(server, "ana") == 0


def test_a_login_without_a_claimmap_role_is_refused(server: Server) -> None:
    import psycopg

    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS outsider")
        conn.execute("CREATE ROLE outsider LOGIN PASSWORD 'outsider-pass'")
    with pytest.raises(NotAllowed, match="outsider has no claimmap role on this server"):
        StoreSession.login(server.bare(), "outsider", "outsider-pass")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///x.sqlite", "logging in is for a server"),
        ("postgresql+psycopg://ana:secret@127.0.0.1/db", "without a password"),
    ],
)
def test_login_urls_carry_no_credentials(url, message) -> None:
    with pytest.raises(BadStore, match=message) as caught:
        StoreSession.login(url, "ana", "x")
    assert "secret" not in describe(caught.value)


def test_a_refused_action_reads_as_the_database_says_it(server: Server) -> None:
    with StoreSession.login(server.bare(), "ana", LOGINS["ana"][1]) as session:
        session.review("tml-buses", "needs_review")
        with pytest.raises(NotAllowed) as caught:
            session.review("tml-buses", "accepted", note="looks right")
        assert describe(caught.value) == (
            "permission denied: only a reviewer may set a claim to accepted "
            "(claim tml-buses; ana is not a reviewer)"
        )
        with pytest.raises(NotAllowed) as caught:
            session.grade("qaani-visit", "A", 1, note="sure")
        assert "grading a group needs the reviewer role" in describe(caught.value)
        assert session.pending == []


def test_session_edits_are_optimistic(server: Server) -> None:
    with (
        StoreSession.login(server.bare(), "ana", LOGINS["ana"][1]) as ana,
        StoreSession.login(server.bare(), "bea", LOGINS["bea"][1]) as bea,
    ):
        assert ana.edit_claim("tml-buses", {"claimant": "Ali D."}).version == 2
        with pytest.raises(StaleVersion, match="at version 2, not 1"):
            bea.edit_claim("tml-buses", {"claimant": "Ali"}, expect_version=1)
        assert bea.edit_claim("tml-buses", {"claimant": "Ali"}).version == 3
    history = rows(
        server.admin,
        "SELECT who, after FROM audit WHERE entity_id = 'tml-buses' AND field = 'claimant' "
        "ORDER BY seq",
    )
    assert history == [("ana", "Ali D."), ("bea", "Ali")]


def test_an_embedded_session_acts_as_the_given_user(tmp_path) -> None:
    from tests.store_factory import filled_store

    url = filled_store(tmp_path / "s.sqlite")
    with StoreSession.open(url, who="lena") as session:
        assert (session.user, session.role) == ("lena", "reviewer")
        session.review("tml-buses", "needs_review")
    assert rows(url, "SELECT who FROM audit WHERE field = 'review_status'") == [("lena",)]
