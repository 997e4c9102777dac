"""Stories: guided walks through the claims (``stories.yaml``), one row per story.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-02

A story's steps (title, text, dates, places or extent, claims, as-of date) are
one JSON list: a step is only ever read and written with its story.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def upgrade() -> None:
    """Create the stories table."""
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("steps", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )


def downgrade() -> None:
    """Drop the stories table."""
    op.drop_table("stories")
