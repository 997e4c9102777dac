"""Connecting to a store: URLs, engines, transactions and readable errors.

``connect(url)`` returns a SQLAlchemy engine for an existing store (``create``
for ``db init``). On SQLite, foreign keys are on, a busy store is waited for
(``$CLAIMMAP_DB_TIMEOUT`` seconds, default 10) and ``writing`` takes the write
lock at BEGIN (``BEGIN IMMEDIATE``), so that a read-compare-write sequence in
one transaction is never interleaved with another writer. ``errors`` turns the
database's exceptions into ``geo.store.errors`` with one readable line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from geo.store.errors import BadStore, NotAllowed, StoreBusy, StoreError

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
                f"not a database URL: {url!r} (e.g. sqlite:///path/to/claimmap.sqlite or "
                "postgresql+psycopg://user@host/db)"
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


def sqlite_path(url: URL) -> Path | None:
    """Return the file of an SQLite URL (None for another back end)."""
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("CLAIMMAP_DB_TIMEOUT", DEFAULT_TIMEOUT_S)))
    except ValueError:
        return DEFAULT_TIMEOUT_S


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
            engine = sa.create_engine(parsed, pool_pre_ping=True)
    except (ImportError, sa_exc.NoSuchModuleError) as exc:
        raise BadStore(f"cannot open {shown(parsed)}: database driver missing ({exc})") from None
    except sa_exc.ArgumentError as exc:
        raise BadStore(f"cannot open {shown(parsed)}: {exc}") from None
    return engine


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


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__


@contextlib.contextmanager
def errors(url: str | URL) -> Iterator[None]:
    """Turn database exceptions into StoreError subclasses with one readable line."""
    where = shown(url)
    try:
        yield
    except StoreError:
        raise
    except sa_exc.DBAPIError as exc:
        raise translate(exc, where) from None


def translate(exc: sa_exc.DBAPIError, where: str) -> StoreError:
    """Return the StoreError that says what went wrong with ``exc``, in one line."""
    line = _first_line(exc)
    lower = line.lower()
    code = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
    if "locked" in lower or "busy" in lower:
        return StoreBusy(f"{where} is busy (another process is writing); try again")
    if "not a database" in lower or "malformed" in lower or "file is encrypted" in lower:
        return BadStore(f"{where} is not a claimmap store: the file is not an SQLite database")
    if "unable to open database" in lower or "readonly" in lower or "read-only" in lower:
        return BadStore(f"cannot open {where}: {line}")
    if "no such table" in lower or code == "42P01":
        return BadStore(f"{where} is not a claimmap store (no tables); run: claimmap db init")
    if code == "42501" or "permission denied" in lower or "row-level security" in lower:
        return NotAllowed(f"permission denied by {where}: {line}")
    if isinstance(exc, sa_exc.IntegrityError):
        return StoreError(f"{where} refused the change, nothing was changed: {line}")
    if "connection" in lower and any(w in lower for w in ("failed", "refused", "is bad", "closed")):
        return StoreBusy(f"{where} is unavailable: {line}")
    if isinstance(exc, sa_exc.OperationalError) and exc.connection_invalidated:
        return StoreBusy(f"{where} is unavailable: {line}")
    if isinstance(exc, sa_exc.OperationalError) and code[:2] in ("08", "57"):
        return StoreBusy(f"{where} is unavailable: {line}")
    return StoreError(f"{where}: {line}")
