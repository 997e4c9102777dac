"""The default embedded store: an SQLite file in the user's data folder, filled on first use.

Its folder is ``$CLAIMMAP_HOME``, else ``platformdirs.user_data_dir("claimmap")``.
The first command that needs it creates it from the bundled ``data/`` (and
archives the seed articles when they are at hand): under a file lock, so two
processes starting at once do not both fill it, and in a temporary file renamed
into place once complete, so a half-created store is never left behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import Engine

from geo import paths
from geo.store.engine import connect
from geo.store.errors import BadStore, StoreBusy
from geo.store.migrate import check_schema, migrate

FILE_NAME = "claimmap.sqlite"
#: Seconds to wait for another process that is creating the store.
LOCK_TIMEOUT_S = 120.0


def home() -> Path:
    """Return the folder of the default store (``$CLAIMMAP_HOME`` or the user's data folder)."""
    env = os.environ.get("CLAIMMAP_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("claimmap", appauthor=False))


def default_path() -> Path:
    """Return the default store's file."""
    return home() / FILE_NAME


def default_url() -> str:
    """Return the default store's SQLAlchemy URL."""
    return f"sqlite:///{default_path()}"


def open_default(who: str) -> Engine:
    """Return an engine for the default store, creating and filling it on first use.

    An existing store is upgraded to the current schema if it is older.

    Parameters
    ----------
    who : recorded as the creator of the records when the store is filled.

    Raises
    ------
    BadStore
        When the folder cannot be created, or the file is not a usable store.
    DataError
        When the bundled data does not pass its checks (nothing is created).
    """
    path = default_path()
    if not path.exists():
        create_default(path, who)
    engine = connect(f"sqlite:///{path}")
    check_schema(engine, upgrade=True)
    return engine


def create_default(path: Path, who: str) -> None:
    """Create and fill the store at ``path`` unless another process has done it."""
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadStore(f"cannot create the store folder {path.parent}: {exc.strerror}") from None
    try:
        with FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT_S):
            if path.exists():  # another process filled it while we waited
                return
            for stale in path.parent.glob(f".{path.name}.*.part*"):
                with contextlib.suppress(OSError):
                    stale.unlink()  # a fill that was killed: nobody else holds the lock
            _fill_atomically(path, who)
    except Timeout:
        raise StoreBusy(f"another process is still creating the store {path}") from None
    except OSError as exc:
        raise BadStore(f"cannot create the store {path}: {exc.strerror or exc}") from None


def _fill_atomically(path: Path, who: str) -> None:
    """Build the store in a temporary file beside ``path``, then rename it into place."""
    from geo.check import check_data_dir
    from geo.store.importer import import_dataset

    result = check_data_dir(paths.PACKAGE_DATA_DIR)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        engine = connect(f"sqlite:///{tmp}", create=True)
        try:
            migrate(engine)
            note = "filled from the bundled data on first use"
            import_dataset(engine, result.dataset, who=who, note=note)
            raw = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                raw.cursor().execute("PRAGMA journal_mode = WAL")  # readers never block a writer
            finally:
                raw.close()
        finally:
            engine.dispose()
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
