"""Where the data comes from: a data directory, a store URL, or the default store.

One rule, used by the CLI (``claimmap.cli.options.load_or_report``) and the
dashboard alike: ``--db URL``, else ``--data DIR``, else ``$CLAIMMAP_DB``, else
``$CLAIMMAP_DATA``, else the default embedded store (``geo.store.default``).
Giving both ``--db`` and ``--data`` is an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from geo.store.errors import BadStore

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from geo.dataset import Dataset


@dataclass(frozen=True)
class Location:
    """A place to read claims from.

    Parameters
    ----------
    kind : ``"data"`` (a directory of data files) or ``"store"``.
    where : the directory or the store URL (None for the default store).
    """

    kind: Literal["data", "store"]
    where: str | None

    @property
    def is_default_store(self) -> bool:
        """Whether this is the default embedded store."""
        return self.kind == "store" and self.where is None


def choose(db: str | None = None, data: str | os.PathLike[str] | None = None) -> Location:
    """Apply the rule of the module doc to the options given.

    Raises
    ------
    BadStore
        When both ``db`` and ``data`` are given.
    """
    if db is not None and data is not None:
        raise BadStore("give --db (a store) or --data (a directory of data files), not both")
    if db is not None:
        return Location("store", str(db))
    if data is not None:
        return Location("data", os.fspath(data))
    if os.environ.get("CLAIMMAP_DB"):
        return Location("store", os.environ["CLAIMMAP_DB"])
    if os.environ.get("CLAIMMAP_DATA"):
        return Location("data", os.environ["CLAIMMAP_DATA"])
    return Location("store", None)


def store_location(db: str | None = None) -> Location:
    """Return the store a command works on: ``db``, else ``$CLAIMMAP_DB``, else the default."""
    where = db if db is not None else os.environ.get("CLAIMMAP_DB") or None
    return Location("store", where)


def open_store(location: Location, *, who: str | None = None) -> Engine:
    """Return an engine for the store at ``location`` (the default one is created on first use).

    Raises
    ------
    BadStore, StoreBusy
        When the store cannot be opened or its schema cannot be used.
    DataError
        When the default store must be filled and the bundled data has problems.
    """
    from geo.store.audit import default_actor
    from geo.store.default import open_default
    from geo.store.engine import connect
    from geo.store.migrate import check_schema

    if location.kind != "store":
        raise BadStore(f"{location.where} is a directory of data files, not a store")
    if location.where is None:
        return open_default(who or default_actor())
    engine = connect(location.where)
    try:
        check_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def load_location(location: Location, *, who: str | None = None) -> Dataset:
    """Read the Dataset at ``location`` (files through ``geo.dataset.load_dataset``)."""
    if location.kind == "data":
        from geo.dataset import load_dataset

        return load_dataset(location.where)
    from geo.store.read import load_store_dataset

    engine = open_store(location, who=who)
    try:
        return load_store_dataset(engine)
    finally:
        engine.dispose()


def open_dataset(
    db: str | None = None, data: str | os.PathLike[str] | None = None, *, who: str | None = None
) -> Dataset:
    """Read the Dataset that ``db``/``data`` (and the environment) select; see the module doc.

    Raises
    ------
    DataError
        For data files with problems.
    StoreError
        For a store that cannot be opened or read.
    """
    return load_location(choose(db, data), who=who)
