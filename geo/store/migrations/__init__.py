"""Alembic migrations of the store, run programmatically by ``geo.store.migrate``."""
