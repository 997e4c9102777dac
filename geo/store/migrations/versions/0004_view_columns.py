"""Views on PostgreSQL read an index only: the claims' centroid and bounds, and a covering index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

PostgreSQL only (SQLite computes these in Python, ``geo.store.viewlite``):
``claims`` gains ``view_x`` and ``view_y`` (the centroid of ``geom``) and
``view_west``, ``view_south``, ``view_east``, ``view_north`` (its bounds), columns
the database generates from ``geom``; and ``ix_claims_view``, a B-tree on (type,
event dates) that includes every column a view reads (``geo.store.viewsql``), so
that a view is an index-only scan, not a visit to every page of the claims table.
They are left out of the audit trail, as ``geom`` is (derived columns).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Generated column -> its expression of ``geom``.
VIEW_COLUMNS = {
    "view_x": "ST_X(ST_Centroid(geom))",
    "view_y": "ST_Y(ST_Centroid(geom))",
    "view_west": "ST_XMin(geom)",
    "view_south": "ST_YMin(geom)",
    "view_east": "ST_XMax(geom)",
    "view_north": "ST_YMax(geom)",
}
INCLUDED = ("id", "position", "review_status", "group_id", "source_id", "geom", *VIEW_COLUMNS)


def upgrade() -> None:
    """Add the generated columns and the covering index (PostgreSQL)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    columns = ", ".join(
        f"ADD COLUMN {name} float8 GENERATED ALWAYS AS ({expression}) STORED"
        for name, expression in VIEW_COLUMNS.items()
    )
    op.execute(f"ALTER TABLE claims {columns}")
    op.execute(
        "CREATE INDEX ix_claims_view ON claims (type, event_end, event_start) "
        f"INCLUDE ({', '.join(INCLUDED)})"
    )
    unaudited = ", ".join(
        f"'{name}'"
        for name in ("position", "version", "geom", "search_text", "actor_keys", *VIEW_COLUMNS)
    )
    op.execute(
        "CREATE OR REPLACE FUNCTION claimmap_unaudited() RETURNS text[] "
        f"LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[{unaudited}] $$"
    )


def downgrade() -> None:
    """Not supported: a store is only ever upgraded (restore a dump to go back)."""
    raise NotImplementedError("claimmap stores are not downgraded")
