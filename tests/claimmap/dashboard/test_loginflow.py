"""The login steps without a server: form checks, one-line refusals, notes of a retry."""

from __future__ import annotations

import socket

import pytest

from claimmap.dashboard import loginflow
from claimmap.dashboard.access import SESSION_KEY
from geo.store.session import StoreSession


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once closed: nothing listens there


@pytest.mark.parametrize(
    ("user", "password", "line"),
    [
        ("", "secret", "Give a user name and a password."),
        ("   ", "secret", "Give a user name and a password."),
        ("ana", "", "Give a user name and a password."),
        ("a" * 64, "secret", "A user name has at most 63 characters."),
        ("ana", "x" * 1001, "A password has at most 1000 characters."),
    ],
)
def test_an_incomplete_form_is_one_line_and_reaches_no_server(user, password, line) -> None:
    outcome = loginflow.log_in("postgresql+psycopg://127.0.0.1:1/nowhere", user, password)
    assert outcome == loginflow.LoginOutcome(None, line)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("sqlite:///x.sqlite", "logging in is for a server"),
        ("postgresql+psycopg://ana:hunter22@127.0.0.1/db", "without a password"),
        ("not a url at all", "not a database URL"),
    ],
)
def test_a_bad_url_is_one_line(url, says) -> None:
    outcome = loginflow.log_in(url, "ana", "pass-in-form-9")
    assert outcome.session is None
    assert says in outcome.message
    assert "\n" not in outcome.message
    assert "hunter22" not in outcome.message and "pass-in-form-9" not in outcome.message


def test_a_server_that_is_down_is_one_line(monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_DB_TIMEOUT", "2")
    url = f"postgresql+psycopg://127.0.0.1:{closed_port()}/claimmap"
    outcome = loginflow.log_in(url, "ana", "pass-in-form-9")
    assert outcome.session is None
    assert "unavailable" in outcome.message, outcome.message
    assert "\n" not in outcome.message and "pass-in-form-9" not in outcome.message


def test_a_secret_in_a_line_is_hidden() -> None:
    assert loginflow.without("auth failed for 'pw-1234'", "pw-1234") == "auth failed for '***'"
    assert loginflow.without("a b", "") == "a b"


def test_log_out_closes_the_session_and_forgets_everything(tmp_path) -> None:
    from tests.store_factory import new_store

    session = StoreSession.open(new_store(tmp_path / "s.sqlite"), who="ana")
    state = {SESSION_KEY: session, "other": 1}
    assert loginflow.log_out(state) == "ana"
    assert state == {}  # the session and whatever else this browser session held
    assert not session.is_open
    assert loginflow.log_out(state) is None


def test_the_account_box_names_user_role_and_rights(tmp_path) -> None:
    from tests.store_factory import new_store

    with StoreSession.open(new_store(tmp_path / "s.sqlite"), who="ana") as session:
        user, role, may = loginflow.account_lines(session)
    assert (user, role) == ("ana", "reviewer")
    assert may == loginflow.ROLE_MAY["reviewer"]
    assert set(loginflow.ROLE_MAY) == {"reader", "analyst", "reviewer"}


@pytest.mark.parametrize(
    ("outcome", "lines"),
    [
        (loginflow.RetryOutcome(0), ["Nothing was waiting."]),
        (loginflow.RetryOutcome(1), ["1 waiting edit saved."]),
        (
            loginflow.RetryOutcome(2, ["claim x is at version 3, not 2"], 1),
            [
                "2 waiting edits saved.",
                "Refused: claim x is at version 3, not 2",
                "The server is still unavailable: 1 edit kept, none lost. Retry when it is back.",
            ],
        ),
    ],
)
def test_a_retry_says_what_happened_to_each_edit(outcome, lines) -> None:
    assert outcome.lines() == lines


def test_no_waiting_line_without_waiting_edits(tmp_path) -> None:
    from tests.store_factory import new_store

    with StoreSession.open(new_store(tmp_path / "s.sqlite"), who="ana") as session:
        assert loginflow.waiting_line(session) is None
        assert loginflow.retry(session) == loginflow.RetryOutcome(0, [], 0)
