"""The store: SQLite (embedded, the default) or PostgreSQL, behind one interface.

Public names are bound lazily: ``import geo.store`` loads neither SQLAlchemy nor
Alembic. Reading: ``open_dataset(db=None, data=None)`` gives the same Dataset as
the data files. Writing: ``import_dataset``, ``dump_store`` and the edits of
``geo.store.edits`` (review, grade, edit_claim, history), which raise the typed
errors of ``geo.store.errors``.
"""

from __future__ import annotations

from geo.lazy import lazy_api

_API = {
    "open_dataset": "geo.store.location",
    "open_store": "geo.store.location",
    "choose": "geo.store.location",
    "Location": "geo.store.location",
    "load_store_dataset": "geo.store.read",
    "store_version": "geo.store.read",
    "import_dataset": "geo.store.importer",
    "dump_store": "geo.store.dump",
    "write_data_dir": "geo.store.dump",
    "verify": "geo.store.archive",
    "review": "geo.store.edits",
    "grade": "geo.store.edits",
    "edit_claim": "geo.store.edits",
    "history": "geo.store.edits",
    "StoreError": "geo.store.errors",
    "BadStore": "geo.store.errors",
    "StoreBusy": "geo.store.errors",
    "NotFound": "geo.store.errors",
    "InvalidEdit": "geo.store.errors",
    "StaleVersion": "geo.store.errors",
    "NotAllowed": "geo.store.errors",
}

__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, globals(), _API)
