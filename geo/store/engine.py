"""Connecting to a store: URLs, engines, transactions and readable errors.

``connect(url)`` returns a SQLAlchemy engine for an existing store (``create``
for ``db init``). On a server, connections are checked before use, so a
restarted server is simply connected to again (``server_options``). On SQLite,
foreign keys are on, a busy store is waited for (``$CLAIMMAP_DB_TIMEOUT``
seconds, default 10) and ``writing`` takes the write
lock at BEGIN (``BEGIN IMMEDIATE``), so that a read-compare-write sequence in
one transaction is never interleaved with another writer. ``errors`` turns the
database's exceptions into ``geo.store.errors`` with one readable line
(``geo.store.faults``).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from geo.store.errors import BadStore, StoreError

#: Database back ends a store may live on.
BACKENDS = ("sqlite", "postgresql")
#: Seconds a command waits for a store another process is writing to.
DEFAULT_TIMEOUT_S = 10.0


def parse_url(url: str | URL) -> URL:
    """Parse a store URL, or raise BadStore saying what a URL looks like."""
    if isinstance(url, URL):
        parsed = url
    else:
        try:
            parsed = make_url(str(url).strip())
        except (sa_exc.ArgumentError, ValueError):
            raise BadStore(
                f"not a database URL: {masked(str(url))!r} (e.g. "
                "sqlite:///path/to/claimmap.sqlite or postgresql+psycopg://user@host/db)"
            ) from None
    if parsed.get_backend_name() not in BACKENDS:
        raise BadStore(
            f"unsupported database {parsed.get_backend_name()!r} in {shown(parsed)} "
            f"(a store is on {' or '.join(BACKENDS)})"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise BadStore(f"{shown(parsed)}: an in-memory SQLite store keeps nothing; give a file")
    return parsed


def shown(url: str | URL) -> str:
    """Return the URL as shown in messages (password hidden)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (sa_exc.ArgumentError, ValueError):
        return "<bad URL>"


_PASSWORD_IN_URL = re.compile(r"(//[^:/@\s]*):[^@\s]*@")


def masked(text: str) -> str:
    """Hide what looks like a password in a URL within ``text`` (``user:***@``)."""
    return _PASSWORD_IN_URL.sub(r"\1:***@", text)


def sqlite_path(url: URL) -> Path | None:
    """Return the file of an SQLite URL (None for another back end)."""
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def _seconds(name: str, default: float) -> float:
    """Return the seconds in ``$name`` (``default`` when unset or not a number)."""
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _timeout() -> float:
    return _seconds("CLAIMMAP_DB_TIMEOUT", DEFAULT_TIMEOUT_S)


#: A dashboard login's idle connections are closed by the server after this long.
DEFAULT_IDLE_S = 900.0


def idle_timeout() -> float:
    """Seconds after which the server ends a dashboard login's idle connection.

    ``$CLAIMMAP_DB_IDLE`` (default 15 minutes; 0: never). A tab closed without
    logging out leaves no connection behind for longer; a session that is still
    open reconnects on its next action (the pool checks a connection before use).
    """
    return _seconds("CLAIMMAP_DB_IDLE", DEFAULT_IDLE_S)


def connect(url: str | URL, *, create: bool = False) -> Engine:
    """Return an engine for the store at ``url``.

    Parameters
    ----------
    url : an SQLAlchemy URL (``sqlite:///PATH``, ``postgresql+psycopg://...``).
    create : allow a new SQLite file (``db init``); otherwise a missing file is an error
        (SQLite would silently create an empty one).

    Raises
    ------
    BadStore
        For a bad URL, a missing file or directory, a driver that is not installed.
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        if path.is_dir():
            raise BadStore(f"{path} is a directory, not a store file")
        if not path.exists():
            if not create:
                raise BadStore(
                    f"no store at {path} (create it with: claimmap --db {shown(parsed)} db init)"
                )
            if not path.parent.is_dir():
                raise BadStore(f"cannot create a store in {path.parent}: no such directory")
    try:
        if path is not None:
            engine = sa.create_engine(parsed, connect_args={"timeout": _timeout()})
            _sqlite_events(engine)
        else:
            engine = sa.create_engine(parsed, **server_options(parsed))
    except (ImportError, sa_exc.NoSuchModuleError) as exc:
        raise BadStore(f"cannot open {shown(parsed)}: database driver missing ({exc})") from None
    except (sa_exc.ArgumentError, TypeError) as exc:
        raise BadStore(f"cannot open {shown(parsed)}: {masked(str(exc))}") from None
    return engine


def server_options(url: URL, password: str | None = None, idle_s: float = 0.0) -> dict[str, object]:
    """Return ``create_engine`` options for a server.

    Connections are checked before use (a restarted server is reconnected to),
    a connection attempt gives up after ``$CLAIMMAP_DB_TIMEOUT`` seconds, and
    sessions show as ``claimmap`` on the server. A ``password`` given here is
    passed to the driver only (never part of a URL that could be shown). With
    ``idle_s``, the server ends a connection idle for that long
    (``idle_session_timeout``).
    """
    args: dict[str, object] = {"connect_timeout": max(1, int(_timeout()))}
    if "application_name" not in url.query:
        args["application_name"] = "claimmap"
    if password is not None:
        args["password"] = password
    if idle_s > 0:
        given = url.query.get("options", "")
        given = given if isinstance(given, str) else " ".join(given)
        idle = f"-c idle_session_timeout={max(1, round(idle_s * 1000))}"
        args["options"] = f"{given} {idle}".strip()
    return {"pool_pre_ping": True, "connect_args": args}


def _sqlite_events(engine: Engine) -> None:
    """Foreign keys on; transactions begun by us (BEGIN IMMEDIATE for writers)."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # the driver begins nothing itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        writer = conn.get_execution_options().get("claimmap_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One read transaction (one consistent snapshot), errors made readable."""
    with errors(engine.url), engine.connect() as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on any error.

    On SQLite the write lock is taken at BEGIN, so what the block reads stays
    true until it commits.
    """
    with errors(engine.url), engine.connect() as conn:
        conn.execution_options(claimmap_write=True)
        with conn.begin():
            yield conn


@contextlib.contextmanager
def errors(url: str | URL) -> Iterator[None]:
    """Turn database exceptions into StoreError subclasses with one readable line."""
    where = shown(url)
    try:
        yield
    except StoreError:
        raise
    except sa_exc.DBAPIError as exc:
        from geo.store.faults import translate

        raise translate(exc, where) from None
    except Exception as exc:
        if type(exc).__module__.partition(".")[0] != "psycopg":  # the driver used directly
            raise
        from geo.store.faults import translate

        raise translate(exc, where) from None
