"""The store's tables, as SQLAlchemy Core metadata (the migrations create the same).

Portable between SQLite and PostgreSQL: JSON columns are JSONB on PostgreSQL,
timestamps are stored in UTC, checks and indexes use no dialect's own SQL.
Every table keeps a ``position`` (the order of the records in their data file)
so that a store reads back in the same order as the files it was filled from.

Tables
------
places       the gazetteer (aliases as a JSON list).
sources      documents, outlets, people and bodies (``cites`` as a JSON list).
archives     one per archived document: its text, original bytes, SHA-256, size,
             when and by whom it was archived.
groups       the underlying claims with their Admiralty grade and a version.
claims       one per (claim, document): every model field, the review status and
             a version that grows with each change; actors, quantities and the
             ordered place ids (``place_ids``) as JSON; ``search_text`` and
             ``actor_keys`` (folded for search and the actors filter, written with
             the claim). On PostgreSQL also ``geom``, the claim's PostGIS geometry,
             kept by a trigger (migration 0003), and its centroid and bounds
             (``view_x``, ``view_y``, ``view_west`` … ``view_north``), columns the
             database generates, with the covering index ``ix_claims_view`` that
             views read (migration 0004); none of these are in this metadata.
claim_places the ordered places of each claim (foreign keys to places), kept in
             step with ``claims.place_ids`` by triggers of the database.
stories      guided walks through the claims (``stories.yaml``): title and steps (JSON).
audit        every change: when, who, action, entity, id, field, before, after, note.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

#: The Alembic revisions this code knows, oldest first; the last is the schema it writes.
REVISIONS = ("0001", "0002", "0003", "0004")
HEAD = REVISIONS[-1]

#: Review statuses (geo.models.REVIEW_STATUSES; repeated so the schema is self-contained).
REVIEW_STATUSES = ("draft", "needs_review", "accepted", "rejected")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)

#: JSON, stored as JSONB on PostgreSQL (indexable); SQL NULL for None.
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")
#: Audit ids: BIGINT on a server, INTEGER (SQLite's rowid alias) in the embedded store.
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """An aware UTC timestamp (``timestamptz`` on PostgreSQL; naive UTC text in SQLite)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> object:
        """Convert to UTC; SQLite keeps it without an offset."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a store timestamp must carry its time zone")
        value = value.astimezone(dt.UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: object, dialect: sa.Dialect) -> dt.datetime | None:
        """Return an aware UTC datetime."""
        if not isinstance(value, dt.datetime):
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


places = sa.Table(
    "places",
    metadata,
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
    sa.CheckConstraint("lat BETWEEN -90 AND 90", name="lat"),
    sa.CheckConstraint("lon BETWEEN -180 AND 180", name="lon"),
    sa.CheckConstraint("precision_m > 0", name="precision_m"),
)

sources = sa.Table(
    "sources",
    metadata,
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
)

archives = sa.Table(
    "archives",
    metadata,
    sa.Column(
        "source_id", sa.Text, sa.ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("original", sa.LargeBinary),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("text_sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("file_name", sa.Text),
    sa.Column("archived_at", UTCDateTime, nullable=False),
    sa.Column("archived_by", sa.Text, nullable=False),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("reliability", sa.String(1), nullable=False),
    sa.Column("credibility", sa.SmallInteger, nullable=False),
    sa.Column("grading_note", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.CheckConstraint(_in("reliability", ("A", "B", "C", "D", "E", "F")), name="reliability"),
    sa.CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility"),
    sa.CheckConstraint("version >= 1", name="version"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("group_id", sa.Text, sa.ForeignKey("groups.id"), nullable=False),
    sa.Column("source_id", sa.Text, sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("origin", sa.Text, sa.ForeignKey("sources.id"), nullable=False),
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
    sa.Column("place_ids", JSON, nullable=False, server_default="[]"),
    sa.Column("search_text", sa.Text, nullable=False, server_default=""),
    sa.Column("actor_keys", JSON, nullable=False, server_default="[]"),
    sa.CheckConstraint(_in("review_status", REVIEW_STATUSES), name="review_status"),
    sa.CheckConstraint("version >= 1", name="version"),
    sa.CheckConstraint("event_end >= event_start", name="event_order"),
    sa.Index(None, "event_start", "event_end"),
    sa.Index(None, "event_end"),
    sa.Index(None, "type"),
    sa.Index(None, "review_status"),
    sa.Index(None, "group_id"),
    sa.Index(None, "source_id"),
    sa.Index(None, "position"),
)

claim_places = sa.Table(
    "claim_places",
    metadata,
    sa.Column(
        "claim_id", sa.Text, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("place_id", sa.Text, sa.ForeignKey("places.id"), nullable=False),
    sa.Index(None, "place_id"),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("seq", BIGID, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("entity_id", sa.Text, nullable=False),
    sa.Column("field", sa.Text),
    sa.Column("before", JSON),
    sa.Column("after", JSON),
    sa.Column("note", sa.Text),
    sa.Index(None, "entity", "entity_id", "seq"),
    sa.Index(None, "at"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("steps", JSON, nullable=False),
)

#: Tables holding records of data files, in the order their foreign keys allow inserting.
RECORD_TABLES = {
    "place": places,
    "source": sources,
    "group": groups,
    "claim": claims,
    "story": stories,
}
