"""Team server: place ids, search keys on claims; on PostgreSQL PostGIS, roles, RLS, triggers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-02-10

Both back ends: ``claims`` gains ``place_ids`` (the ordered place ids as JSON,
from which the database keeps ``claim_places`` by triggers), ``search_text``
and ``actor_keys`` (folded text for search and the actors filter), filled for
the claims already stored.

PostgreSQL only (``0003_postgres.sql`` beside this file, run as one script in
the migration's transaction): the PostGIS and pg_trgm extensions, the
``claims.geom`` geometry with its GiST index, the trigram index for search, the
group roles ``claimmap_reader``, ``claimmap_analyst`` and ``claimmap_reviewer``
with their grants, row-level security on claims and groups, the triggers that
guard review, grading and versions, keep geometry and place links, and write
the audit trail with ``session_user``; the audit trail and the archive are
append-only. SQLite gets the two triggers that keep ``claim_places``.
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
POSTGRES_SQL = Path(__file__).with_name("0003_postgres.sql")

SQLITE_TRIGGERS = (
    """CREATE TRIGGER claims_place_links_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claim_places (claim_id, seq, place_id)
    SELECT NEW.id, CAST(key AS INTEGER), value FROM json_each(NEW.place_ids);
END""",
    """CREATE TRIGGER claims_place_links_update AFTER UPDATE OF place_ids ON claims
WHEN NEW.place_ids IS NOT OLD.place_ids BEGIN
    DELETE FROM claim_places WHERE claim_id = NEW.id;
    INSERT INTO claim_places (claim_id, seq, place_id)
    SELECT NEW.id, CAST(key AS INTEGER), value FROM json_each(NEW.place_ids);
END""",
)


def _add_columns() -> None:
    op.add_column("claims", sa.Column("place_ids", JSON, nullable=False, server_default="[]"))
    op.add_column("claims", sa.Column("search_text", sa.Text, nullable=False, server_default=""))
    op.add_column("claims", sa.Column("actor_keys", JSON, nullable=False, server_default="[]"))


def _fill_columns() -> None:
    """Fill the new columns of the claims already stored (keys folded as claimmap folds them)."""
    from geo.store.rows import actor_keys, search_text

    bind = op.get_bind()
    claims = sa.table(
        "claims",
        sa.column("id", sa.Text),
        sa.column("statement", sa.Text),
        sa.column("quote", sa.Text),
        sa.column("claimant", sa.Text),
        sa.column("actors", JSON),
        sa.column("place_ids", JSON),
        sa.column("search_text", sa.Text),
        sa.column("actor_keys", JSON),
    )
    links = sa.table("claim_places", sa.column("claim_id"), sa.column("seq"), sa.column("place_id"))
    places: dict[str, list[str]] = {}
    query = sa.select(links.c.claim_id, links.c.place_id).order_by(links.c.claim_id, links.c.seq)
    for claim_id, place_id in bind.execute(query):
        places.setdefault(claim_id, []).append(place_id)
    rows = bind.execute(
        sa.select(
            claims.c.id, claims.c.statement, claims.c.quote, claims.c.claimant, claims.c.actors
        )
    ).all()
    update = (
        claims.update()
        .where(claims.c.id == sa.bindparam("claim_id"))
        .values(
            place_ids=sa.bindparam("new_place_ids"),
            search_text=sa.bindparam("new_search_text"),
            actor_keys=sa.bindparam("new_actor_keys"),
        )
    )
    values = [
        {
            "claim_id": claim_id,
            "new_place_ids": places.get(claim_id, []),
            "new_search_text": search_text(statement, quote, claimant, actors or []),
            "new_actor_keys": actor_keys(actors or []),
        }
        for claim_id, statement, quote, claimant, actors in rows
    ]
    if values:
        bind.execute(update, values)


def upgrade() -> None:
    """Add and fill the claim columns; then the back end's own part."""
    _add_columns()
    _fill_columns()
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        # one script with PL/pgSQL bodies: sent as it is (no parameters, no % formatting)
        bind.connection.driver_connection.execute(POSTGRES_SQL.read_text(encoding="utf-8"))


def downgrade() -> None:
    """Not supported: a store is only ever upgraded (restore a dump to go back)."""
    raise NotImplementedError("claimmap stores are not downgraded")
