"""The store's schema version: read it, check it, and migrate with Alembic.

The migrations ship inside the package (``geo/store/migrations``) and run
programmatically, in one transaction with the connection given (no
alembic.ini). Opening a store only reads the ``alembic_version`` row: Alembic
itself is imported only when a schema must be created or upgraded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.store.engine import errors, shown, writing
from geo.store.errors import BadStore
from geo.store.schema import HEAD, REVISIONS

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


@dataclass(frozen=True)
class SchemaState:
    """Where a store's schema stands.

    Parameters
    ----------
    revision : the revision found (None for a database with no claimmap schema).
    empty : whether the database holds no table at all.
    """

    revision: str | None
    empty: bool

    @property
    def current(self) -> bool:
        """Whether the schema is the one this code writes."""
        return self.revision == HEAD


def schema_state(conn: Connection) -> SchemaState:
    """Read the schema revision of the database behind ``conn``."""
    inspector = sa.inspect(conn)
    if not inspector.has_table(VERSION_TABLE):
        return SchemaState(None, not inspector.get_table_names())
    revision = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return SchemaState(revision, False)


def check_schema(engine: Engine, *, upgrade: bool = False) -> SchemaState:
    """Make sure the store has the schema this code writes.

    Parameters
    ----------
    engine : the store.
    upgrade : migrate an older schema (the embedded store upgrades itself on open);
        otherwise an older schema is an error that says to run ``db init``.

    Raises
    ------
    BadStore
        For a database that is not a claimmap store, a schema newer than this
        code, or an older one when ``upgrade`` is false.
    """
    where = shown(engine.url)
    with errors(engine.url), engine.connect() as conn:
        state = schema_state(conn)
    if state.current:
        return state
    if state.revision is None:
        what = "an empty database" if state.empty else "a database without claimmap's tables"
        raise BadStore(f"{where} is {what}; create the store with: claimmap db init")
    if state.revision not in REVISIONS:
        raise BadStore(
            f"{where} has schema {state.revision}, which this claimmap does not know "
            f"(it writes {HEAD}); use a newer claimmap"
        )
    if not upgrade:
        raise BadStore(
            f"{where} has schema {state.revision}, older than {HEAD}; run: claimmap db init"
        )
    return migrate(engine)


def migrate(engine: Engine) -> SchemaState:
    """Create or upgrade the schema to HEAD in one transaction (idempotent).

    Raises
    ------
    BadStore
        When the database holds tables that are not a claimmap store, or a newer schema.
    """
    from alembic import command
    from alembic.config import Config

    where = shown(engine.url)
    with writing(engine) as conn:
        state = schema_state(conn)
        if state.revision is None and not state.empty:
            raise BadStore(
                f"{where} holds other tables and no claimmap schema; use an empty database"
            )
        if state.revision is not None and state.revision not in REVISIONS:
            raise BadStore(
                f"{where} has schema {state.revision}, newer than this claimmap ({HEAD})"
            )
        if state.current:
            return state
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, HEAD)
    return SchemaState(HEAD, False)
