"""The audit trail: one entry per change (at, who, action, entity, id, field, before, after, note).

Entries are written in the transaction of the change they record, so a change
and its entry are committed together or not at all. In the embedded store
"who" is the name the application gives (the OS user, or ``--as NAME``).
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.store import schema as t
from geo.store.engine import reading

#: Keys of an entry as JSON (``claimmap log --json``), in order.
KEYS = ("at", "who", "action", "entity", "id", "field", "before", "after", "note")


def default_actor() -> str:
    """Return the OS user's name ("unknown" when the system cannot tell)."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


def now() -> dt.datetime:
    """Return the current time in UTC (microseconds kept)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class AuditEntry:
    """One change of one record (``field`` None for a whole-record action)."""

    seq: int
    at: dt.datetime
    who: str
    action: str
    entity: str
    id: str
    field: str | None
    before: Any
    after: Any
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready values (``at`` in ISO 8601 with its offset)."""
        data = {key: getattr(self, key) for key in KEYS}
        data["at"] = self.at.isoformat()
        return data


def entry(
    who: str,
    action: str,
    entity: str,
    entity_id: str,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Return the row of one audit entry (JSON-ready ``before``/``after``).

    Without ``at``, :func:`write` stamps every entry of one change with the same time.
    """
    return {
        "at": at,
        "who": who,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "field": field,
        "before": before,
        "after": after,
        "note": note,
    }


def write(conn: Connection, entries: Iterable[dict[str, Any]]) -> int:
    """Insert audit rows (see :func:`entry`) in the caller's transaction; return how many."""
    stamp = now()
    rows = [row if row["at"] is not None else {**row, "at": stamp} for row in entries]
    if rows:
        conn.execute(t.audit.insert(), rows)
    return len(rows)


def history(
    engine: Engine,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Return audit entries, newest first, of one record, one kind of record, or all.

    Parameters
    ----------
    entity : ``"claim"``, ``"group"``, ``"source"`` or ``"place"`` (None: every kind).
    entity_id : the record's id (with ``entity``).
    limit : at most this many entries.
    """
    a = t.audit.c
    query = sa.select(t.audit).order_by(a.seq.desc())
    if entity is not None:
        query = query.where(a.entity == entity)
    if entity_id is not None:
        query = query.where(a.entity_id == entity_id)
    if limit is not None:
        query = query.limit(limit)
    with reading(engine) as conn:
        return [
            AuditEntry(
                r.seq,
                r.at,
                r.who,
                r.action,
                r.entity,
                r.entity_id,
                r.field,
                r.before,
                r.after,
                r.note,
            )
            for r in conn.execute(query)
        ]
