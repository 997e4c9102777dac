"""Database errors in plain words: the messages PostgreSQL and libpq give, mapped to one line."""

from __future__ import annotations

import pytest

from geo.store.errors import (
    BadStore,
    InvalidEdit,
    LoginFailed,
    NotAllowed,
    StaleVersion,
    StoreBusy,
    StoreError,
    StoreUnavailable,
)
from geo.store.faults import reason, translate

WHERE = "postgresql+psycopg://ana:***@db:5432/claimmap"


class DriverError(Exception):
    """What a driver raises: a message and an SQLSTATE (None for errors of the client)."""

    def __init__(self, message: str, sqlstate: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("message", "code", "kind", "line"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
            'password authentication failed for user "ana"',
            None,
            LoginFailed,
            f"the server of {WHERE} refused the login: wrong user name or password",
        ),
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
            "Connection refused\n\tIs the server running on that host?",
            None,
            StoreUnavailable,
            f"the server of {WHERE} is unavailable (Connection refused); nothing was changed; "
            "try again when it is back",
        ),
        (
            "terminating connection due to administrator command",
            "57P01",
            StoreUnavailable,
            None,
        ),
        (
            "consuming input failed: server closed the connection unexpectedly",
            None,
            StoreUnavailable,
            None,
        ),  # fmt: skip
        ('database "nodb" does not exist', "3D000", BadStore, None),
        (
            "stale version: claim tml-buses is at version 4, not 2",
            "40001",
            StaleVersion,
            "claim tml-buses is at version 4, not 2: it changed since you read it; reload it "
            "and apply your change again",
        ),
        ("deadlock detected", "40P01", StoreBusy, None),
        (
            "only a reviewer may grade a group (group g; ana is not a reviewer)",
            "42501",
            NotAllowed,
            "permission denied: only a reviewer may grade a group (group g; ana is not a reviewer)",
        ),
        (
            'new row violates row-level security policy for table "claims"',
            "42501",
            NotAllowed,
            "permission denied: only a reviewer may accept or reject claims",
        ),
        (
            "permission denied for table groups",
            "42501",
            NotAllowed,
            f"permission denied by {WHERE} on groups: grading a group needs the reviewer role",
        ),
        ("claim x is at version 3: a change must set its version to 4", "23514", InvalidEdit, None),
        (
            'insert or update on table "claim_places" violates foreign key constraint',
            "23503",
            StoreError,
            None,
        ),  # fmt: skip
    ],
)
def test_driver_errors_become_one_plain_line(message, code, kind, line) -> None:
    found = translate(DriverError(message, code), WHERE)
    assert type(found) is kind
    assert "\n" not in str(found)
    if line is not None:
        assert str(found) == line


def test_the_reason_drops_the_connection_preamble() -> None:
    text = 'connection failed: connection to server at "h", port 1 failed: FATAL:  no way'
    assert reason(DriverError(text)) == "no way"
    assert reason(DriverError("")) == "DriverError"


def test_sqlite_messages_keep_their_meaning() -> None:
    where = "sqlite:///x.sqlite"
    assert type(translate(DriverError("database is locked"), where)) is StoreBusy
    assert type(translate(DriverError("file is not a database"), where)) is BadStore
    assert type(translate(DriverError("unable to open database file"), where)) is BadStore
