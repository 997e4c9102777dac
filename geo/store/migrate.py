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


#: Tables of the current schema that no extension owns (PostGIS adds spatial_ref_sys).
_OWN_TABLES = """
SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.objid = c.oid AND d.deptype = 'e')
"""


def _tables(conn: Connection) -> list[str]:
    """Return the database's own tables (on PostgreSQL, not those of extensions: PostGIS)."""
    if conn.dialect.name == "postgresql":
        return list(conn.execute(sa.text(_OWN_TABLES)).scalars())
    return sa.inspect(conn).get_table_names()


def schema_state(conn: Connection) -> SchemaState:
    """Read the schema revision of the database behind ``conn``."""
    inspector = sa.inspect(conn)
    if not inspector.has_table(VERSION_TABLE):
        return SchemaState(None, not _tables(conn))
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

    On PostgreSQL this also creates the PostGIS extension and the roles, grants,
    policies and triggers of migration 0003, after checking that the login may
    (``geo.store.server.preflight``).

    Raises
    ------
    BadStore
        When the database holds tables that are not a claimmap store, or a newer schema.
    NotAllowed
        On PostgreSQL, when the login may not create the extension or the roles.
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
        if conn.dialect.name == "postgresql":
            from geo.store.server import preflight

            preflight(conn)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        command.upgrade(config, HEAD)
    return SchemaState(HEAD, False)
