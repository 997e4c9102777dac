"""The first store schema: places, sources, archives, groups, claims, claim places, audit.

Revision ID: 0001
Revises:
Create Date: 2026-02-01

A frozen copy of what ``geo.store.schema`` held at this revision (a later
change of the schema is a new revision, never an edit of this one).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STAMP = sa.DateTime(timezone=True)


def _places() -> None:
    op.create_table(
        "places",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("admin1", sa.Text),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("precision_m", sa.Float, nullable=False),
        sa.Column("aliases", JSON, nullable=False),
        sa.Column("geonames_id", sa.BigInteger),
        sa.Column("wikidata_id", sa.Text),
        sa.Column("iata", sa.Text),
        sa.Column("icao", sa.Text),
        sa.Column("other_side", sa.Text),
        sa.Column("serves", sa.Text),
        sa.Column("coord_source", sa.Text, nullable=False),
        sa.Column("note", sa.Text),
        sa.CheckConstraint("lat BETWEEN -90 AND 90", name="ck_places_lat"),
        sa.CheckConstraint("lon BETWEEN -180 AND 180", name="ck_places_lon"),
        sa.CheckConstraint("precision_m > 0", name="ck_places_precision_m"),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )


def _sources() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("published_end", sa.Date),
        sa.Column("published_precision", sa.Text, nullable=False),
        sa.Column("language", sa.Text),
        sa.Column("seed_file", sa.Text),
        sa.Column("cites", JSON, nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
    )
    op.create_table(
        "archives",
        sa.Column("source_id", sa.Text, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("original", sa.LargeBinary),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("file_name", sa.Text),
        sa.Column("archived_at", STAMP, nullable=False),
        sa.Column("archived_by", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("source_id", name="pk_archives"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_archives_source_id_sources", ondelete="CASCADE"
        ),
        sa.UniqueConstraint("sha256", name="uq_archives_sha256"),
    )


def _groups_and_claims() -> None:
    op.create_table(
        "groups",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("credibility", sa.SmallInteger, nullable=False),
        sa.Column("grading_note", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.CheckConstraint(
            "reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name="ck_groups_reliability"
        ),
        sa.CheckConstraint("credibility BETWEEN 1 AND 6", name="ck_groups_credibility"),
        sa.CheckConstraint("version >= 1", name="ck_groups_version"),
        sa.PrimaryKeyConstraint("id", name="pk_groups"),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("group_id", sa.Text, nullable=False),
        sa.Column("source_id", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("claimant", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("statement", sa.Text, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("mode", sa.Text),
        sa.Column("event_start", sa.Date),
        sa.Column("event_end", sa.Date),
        sa.Column("date_precision", sa.Text, nullable=False),
        sa.Column("date_note", sa.Text),
        sa.Column("actors", JSON, nullable=False),
        sa.Column("quantities", JSON, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("review_status", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.CheckConstraint(
            "review_status IN ('draft', 'needs_review', 'accepted', 'rejected')",
            name="ck_claims_review_status",
        ),
        sa.CheckConstraint("version >= 1", name="ck_claims_version"),
        sa.CheckConstraint("event_end >= event_start", name="ck_claims_event_order"),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], name="fk_claims_group_id_groups"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name="fk_claims_source_id_sources"),
        sa.ForeignKeyConstraint(["origin"], ["sources.id"], name="fk_claims_origin_sources"),
    )
    for columns in (
        ("event_start", "event_end"),
        ("event_end",),
        ("type",),
        ("review_status",),
        ("group_id",),
        ("source_id",),
        ("position",),
    ):
        op.create_index(f"ix_claims_{'_'.join(columns)}", "claims", list(columns))
    op.create_table(
        "claim_places",
        sa.Column("claim_id", sa.Text, primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("place_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "seq", name="pk_claim_places"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_claim_places_claim_id_claims", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name="fk_claim_places_place_id_places"
        ),
    )
    op.create_index("ix_claim_places_place_id", "claim_places", ["place_id"])


def _audit() -> None:
    op.create_table(
        "audit",
        sa.Column("seq", BIGID, primary_key=True, autoincrement=True),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("entity_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("before", JSON),
        sa.Column("after", JSON),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("seq", name="pk_audit"),
    )
    op.create_index("ix_audit_entity_entity_id_seq", "audit", ["entity", "entity_id", "seq"])
    op.create_index("ix_audit_at", "audit", ["at"])


def upgrade() -> None:
    """Create every table of the first schema."""
    _places()
    _sources()
    _groups_and_claims()
    _audit()


def downgrade() -> None:
    """Drop them all (children first)."""
    for table in ("audit", "claim_places", "claims", "groups", "archives", "sources", "places"):
        op.drop_table(table)
