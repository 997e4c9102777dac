"""Alembic environment: migrate the connection that ``geo.store.migrate`` hands over.

There is no alembic.ini and no logging set-up: claimmap runs the migrations
itself (``claimmap db init``, or the embedded store on open), inside the
transaction of that connection, so a failed migration changes nothing.
"""

from __future__ import annotations

from alembic import context

from geo.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
