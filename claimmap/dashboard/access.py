"""Where the dashboard reads and writes: the shared interface of its store faces (no Streamlit).

The dashboard follows the CLI's rule (``geo.store.location.choose``): ``$CLAIMMAP_DB``
(a store URL), else ``$CLAIMMAP_DATA`` (a directory of data files, read only), else
the default embedded store, created and filled from the bundled data on first use.

- ``st.session_state[SESSION_KEY]`` holds the browser session's
  ``geo.store.session.StoreSession``; absent or None means read only (no edit controls).
- An embedded or SQLite store gets its session from `open_session`; a server
  (`needs_login`) from the login form, ``claimmap.dashboard.login.gate()``.
- `data_version` is the cache key of the loaded data: the store's version
  (``geo.store.read.store_version``, which grows with every change) or the data
  files' stamp; `load_data` reads the Dataset it names.

Errors are the store's typed errors (``geo.store.errors``); show
``geo.store.session.describe(exc)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.store.location import Location, choose

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from geo.dataset import Dataset
    from geo.store.session import StoreSession

#: ``st.session_state`` key of the browser session's StoreSession (None: read only).
SESSION_KEY = "store_session"


def dashboard_location() -> Location:
    """Return where the dashboard reads: $CLAIMMAP_DB, $CLAIMMAP_DATA, else the default store."""
    return choose()


def needs_login(location: Location) -> bool:
    """Whether the store is on a server (a postgresql URL): its session comes from a login."""
    if location.kind != "store" or location.where is None:
        return False
    from geo.store.engine import parse_url

    return parse_url(location.where).get_backend_name() == "postgresql"


def dashboard_user() -> str | None:
    """Return the name the embedded store's audit trail records ($CLAIMMAP_AS; None: the OS user).

    ``claimmap --as NAME serve`` sets it.
    """
    return os.environ.get("CLAIMMAP_AS", "").strip() or None


def open_session(location: Location, who: str | None = None) -> StoreSession | None:
    """Open the session of an embedded or SQLite store (None for a data directory).

    On the embedded store the session acts as a reviewer and the audit trail
    records ``who`` (default: `dashboard_user`, else the OS user). A server needs
    a login instead.

    Raises
    ------
    BadStore, StoreBusy
        When the store cannot be opened (``describe(exc)`` gives the line to show).
    DataError
        When the default store must be filled and the bundled data has problems.
    """
    if location.kind == "data":
        return None
    if needs_login(location):
        from geo.store.errors import BadStore

        raise BadStore("a server's store needs a login (claimmap.dashboard.login)")
    from geo.store.session import StoreSession

    return StoreSession.open(location.where, who=who or dashboard_user())


def location_key(location: Location) -> str:
    """Return a short text naming ``location`` (a cache key, and what the page says it reads)."""
    if location.kind == "data":
        return f"data:{location.where}"
    if location.where is None:
        return "store:default"
    from geo.store.engine import shown

    return f"store:{shown(location.where)}"


def data_version(location: Location, engine: Engine | None) -> tuple:
    """Return the cache key of the data at ``location``: it changes with every change of it.

    Parameters
    ----------
    location : where the dashboard reads.
    engine : the store's engine (None for a data directory).

    Returns
    -------
    tuple
        ``("store", N)`` with the store's version, or ``("files", stamp)``.
    """
    if location.kind == "data" or engine is None:
        from claimmap.dashboard.viewstate import data_stamp

        return ("files", data_stamp(Path(str(location.where))))
    from geo.store.read import store_version

    return ("store", store_version(engine))


def load_data(location: Location, engine: Engine | None) -> Dataset:
    """Read the Dataset at ``location`` (through ``engine`` for a store).

    Raises
    ------
    DataError
        For data files with problems.
    StoreError
        For a store that cannot be read.
    """
    if location.kind == "data" or engine is None:
        from geo.dataset import load_dataset

        return load_dataset(location.where)
    from geo.store.read import load_store_dataset

    return load_store_dataset(engine)


def session_of(state: Any) -> StoreSession | None:
    """Return the open StoreSession in a session state (``st.session_state``), else None."""
    session = state.get(SESSION_KEY) if hasattr(state, "get") else None
    return session if session is not None and getattr(session, "is_open", False) else None


@dataclass(frozen=True)
class DataSource:
    """What a page reads: a location and, for a store, the engine to read it through.

    Parameters
    ----------
    location : where the dashboard reads (`dashboard_location`).
    engine : the session's engine for a store; None for a data directory.
    """

    location: Location
    engine: Engine | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The location as a short text (`location_key`)."""
        return location_key(self.location)

    @property
    def is_store(self) -> bool:
        """Whether the data comes from a store (else from data files, read only)."""
        return self.location.kind == "store" and self.engine is not None

    def version(self) -> tuple:
        """Return the data's version now (`data_version`)."""
        return data_version(self.location, self.engine)

    def load(self) -> Dataset:
        """Read the Dataset (`load_data`)."""
        return load_data(self.location, self.engine)
