"""Import data files into a store: new records inserted, changed ones updated, the rest untouched.

``import_dataset`` compares every record of a checked data set with the
store's, in one write transaction: a new id is inserted (an ``insert`` audit
entry), a changed record gets one ``update`` audit entry per changed field and
its version grows by one, an unchanged record is not written at all. A claim
whose record states no ``review_status`` keeps the store's (a new one is a
draft). Records only in the store are kept. The order of the files becomes the
store's order. Documents whose seed files are at hand are archived.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Connection, Engine

from geo.dataset import Dataset
from geo.models import Claim
from geo.store import audit
from geo.store import schema as t
from geo.store.archive import archive_seeds
from geo.store.engine import writing
from geo.store.read import StoreRecords, read_records
from geo.store.rows import claim_row, group_row, place_row, record_dict, source_row, story_row

#: Record field -> column, where they differ.
COLUMN_OF = {"group": "group_id"}
#: Plurals that are not the noun plus "s".
PLURALS = {"story": "stories"}


@dataclass
class Counts:
    """How many records of one kind were inserted, updated and left as they were."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """What an import did: counts per kind of record, audit entries, documents archived."""

    counts: dict[str, Counts] = field(default_factory=dict)
    audit_entries: int = 0
    archived: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the import changed anything."""
        return self.audit_entries > 0

    def summary(self) -> str:
        """One line: what was new, changed and unchanged, kind by kind."""
        parts = [
            f"{PLURALS.get(kind, kind + 's')} {c.new} new, {c.changed} changed, "
            f"{c.unchanged} unchanged"
            for kind, c in self.counts.items()
        ]
        if self.archived:
            parts.append(f"{len(self.archived)} document(s) archived")
        return "; ".join(parts)


def changed_fields(old: BaseModel, new: BaseModel) -> dict[str, tuple[Any, Any]]:
    """Return field -> (before, after) as JSON-ready values, for every field that differs.

    A claim record that states no review status leaves the store's as it is.
    """
    before, after = record_dict(old), record_dict(new)
    if isinstance(new, Claim) and new.review_status is None:
        after["review_status"] = before.get("review_status")
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


@dataclass
class _Kind:
    """How one kind of record is written."""

    entity: str
    table: sa.Table
    row: Callable[[Any], dict[str, Any]]
    versioned: bool


KINDS = (
    _Kind("place", t.places, place_row, False),
    _Kind("source", t.sources, source_row, False),
    _Kind("group", t.groups, group_row, True),
    _Kind("claim", t.claims, claim_row, True),
    _Kind("story", t.stories, story_row, False),
)


class _Writer:
    """Collect and apply the inserts and updates of one import."""

    def __init__(self, conn: Connection, who: str, note: str | None):
        self.conn, self.who, self.note = conn, who, note
        self.entries: list[dict[str, Any]] = []
        self.at = audit.now()

    def kind(
        self,
        kind: _Kind,
        records: Iterable[BaseModel],
        current: Mapping[str, BaseModel],
        positions: Mapping[tuple[str, str], int],
    ) -> Counts:
        counts, inserts, links = Counts(), [], []
        for position, record in enumerate(records):
            rid = record.id  # type: ignore[attr-defined]
            old = current.get(rid)
            if old is None:
                inserts.append(
                    {**kind.row(record), "position": position}
                    | ({"version": 1} if kind.versioned else {})
                )
                links += _place_links(record)
                self._audit("insert", kind.entity, rid)
                counts.new += 1
                continue
            changes = changed_fields(old, record)
            if changes:
                self._update(kind, record, changes)
                counts.changed += 1
            else:
                counts.unchanged += 1
            if positions.get((kind.entity, rid)) != position:
                where = kind.table.c.id == rid
                self.conn.execute(kind.table.update().where(where).values(position=position))
        if inserts:
            self.conn.execute(kind.table.insert(), inserts)
        if links:
            self.conn.execute(t.claim_places.insert(), links)
        return counts

    def _audit(
        self,
        action: str,
        entity: str,
        rid: str,
        name: str | None = None,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.entries.append(
            audit.entry(self.who, action, entity, rid, name, before, after, self.note, self.at)
        )

    def _update(self, kind: _Kind, record: BaseModel, changes: dict[str, tuple[Any, Any]]) -> None:
        rid = record.id  # type: ignore[attr-defined]
        row = kind.row(record)
        values = {COLUMN_OF.get(f, f): row[COLUMN_OF.get(f, f)] for f in changes if f != "places"}
        if kind.versioned:
            values["version"] = kind.table.c.version + 1
        self.conn.execute(kind.table.update().where(kind.table.c.id == rid).values(**values))
        if "places" in changes:
            links = t.claim_places
            self.conn.execute(links.delete().where(links.c.claim_id == rid))
            if record.places:  # type: ignore[attr-defined]
                self.conn.execute(links.insert(), _place_links(record))
        for name, (before, after) in changes.items():
            self._audit("update", kind.entity, rid, name, before, after)


def _place_links(record: BaseModel) -> list[dict[str, Any]]:
    if not isinstance(record, Claim):
        return []
    return [{"claim_id": record.id, "seq": i, "place_id": p} for i, p in enumerate(record.places)]


def _records(dataset: Dataset) -> dict[str, Iterable[BaseModel]]:
    return {
        "place": dataset.places.values(),
        "source": dataset.sources.values(),
        "group": dataset.groups.values(),
        "claim": dataset.claims,
        "story": dataset.stories,
    }


def _current(records: StoreRecords) -> dict[str, dict[str, BaseModel]]:
    return {
        "place": {p.id: p for p in records.places},
        "source": {s.id: s for s in records.sources},
        "group": {g.id: g for g in records.groups},
        "claim": {c.id: c for c in records.claims},
        "story": {s.id: s for s in records.stories},
    }


def import_into(
    conn: Connection,
    dataset: Dataset,
    *,
    who: str,
    note: str | None = None,
    seeds: Path | None = None,
) -> ImportReport:
    """Import a checked data set in the caller's write transaction (see module doc)."""
    stored = read_records(conn)
    current, incoming = _current(stored), _records(dataset)
    writer, report = _Writer(conn, who, note), ImportReport()
    for kind in KINDS:
        report.counts[kind.entity] = writer.kind(
            kind, incoming[kind.entity], current[kind.entity], stored.positions
        )
    report.audit_entries = audit.write(conn, writer.entries)
    report.archived = archive_seeds(conn, dataset.sources.values(), who=who, seeds=seeds)
    report.audit_entries += len(report.archived)
    return report


def import_dataset(
    engine: Engine,
    dataset: Dataset,
    *,
    who: str,
    note: str | None = None,
    seeds: Path | None = None,
) -> ImportReport:
    """Import a checked data set into the store in one transaction (all or nothing).

    Parameters
    ----------
    engine : the store.
    dataset : records that passed ``geo.check.check_data_dir``.
    who : the name recorded in the audit trail.
    note : recorded with every audit entry (e.g. where the files came from).
    seeds : the seed articles' folder (default: ``geo.paths.seeds_dir()``).

    Raises
    ------
    StoreError
        When the store refuses the write; nothing is then changed.
    """
    with writing(engine) as conn:
        return import_into(conn, dataset, who=who, note=note, seeds=seeds)
