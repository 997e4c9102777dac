"""Read the whole store into a ``geo.dataset.Dataset``, the same one the data files give.

One read transaction (one snapshot); one bulk SELECT per table in file order
(``position``, then id); models built without validation (``geo.store.rows``);
then ``build_dataset``, so the provenance analysis is the very one computed
for data files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.archive import ArchiveInfo
from geo.dataset import Dataset, build_dataset
from geo.gazetteer import Gazetteer
from geo.models import Claim, Group, Place, Source
from geo.store import schema as t
from geo.store.engine import reading
from geo.store.rows import (
    CLAIM_READ_COLUMNS,
    claim_from_values,
    row_group,
    row_place,
    row_source,
    row_story,
)
from geo.stories import Story
from geo.yamlio import gc_paused


@dataclass(frozen=True)
class StoreRecords:
    """Every record of a store, in file order, with what the store adds to them.

    Parameters
    ----------
    places, sources, groups, claims : the models, in file order.
    positions : (entity, id) -> position.
    versions : claim id -> version; group_versions : group id -> version.
    documents : source id -> its archive's hash, size and custody.
    stories : the stories, in file order.
    """

    places: list[Place]
    sources: list[Source]
    groups: list[Group]
    claims: list[Claim]
    positions: dict[tuple[str, str], int]
    versions: dict[str, int]
    group_versions: dict[str, int]
    documents: dict[str, ArchiveInfo]
    stories: list[Story] = field(default_factory=list)


def _column(column: sa.Column) -> Any:
    """Select a JSON column as its text (``rows.json_value`` decodes it faster than SQLAlchemy)."""
    if isinstance(column.type, sa.JSON):
        return sa.type_coerce(column, sa.Text).label(column.name)
    return column


def _ordered(conn: Connection, table: sa.Table) -> list[dict[str, Any]]:
    """Every row of ``table`` in file order, as dicts (one bulk fetch)."""
    columns = [_column(c) for c in table.c]
    result = conn.execute(sa.select(*columns).order_by(table.c.position, table.c.id))
    keys = tuple(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


def _claims(
    conn: Connection,
    positions: dict[tuple[str, str], int],
    group_id: str | None = None,
    ids: list[str] | None = None,
) -> tuple[list[Claim], dict[str, int]]:
    """Every claim (of one group, or of ``ids``) in file order, with its version (one fetch)."""
    c = t.claims.c
    query = sa.select(*(_column(c[name]) for name in CLAIM_READ_COLUMNS), c.position, c.version)
    if group_id is not None:
        query = query.where(c.group_id == group_id)
    if ids is not None:
        query = query.where(c.id.in_(ids))
    rows = conn.execute(query.order_by(c.position, c.id)).all()
    claims, versions, cache = [], {}, {}
    for row in rows:
        claim_id = row[0]
        claims.append(claim_from_values(row, cache))
        positions[("claim", claim_id)] = row[-2]
        versions[claim_id] = row[-1]
    return claims, versions


def _documents(conn: Connection) -> dict[str, ArchiveInfo]:
    a = t.archives.c
    query = sa.select(a.source_id, a.sha256, a.size, a.archived_at, a.archived_by)
    return {row[0]: ArchiveInfo(*row[1:]) for row in conn.execute(query)}


def read_records(conn: Connection) -> StoreRecords:
    """Read every record of the store behind ``conn`` (call inside one transaction)."""
    positions: dict[tuple[str, str], int] = {}

    def rows(entity: str, table: sa.Table) -> list[dict[str, Any]]:
        found = _ordered(conn, table)
        positions.update(((entity, row["id"]), row["position"]) for row in found)
        return found

    with gc_paused():  # many new objects and no garbage
        places = [row_place(r) for r in rows("place", t.places)]
        sources = [row_source(r) for r in rows("source", t.sources)]
        group_rows = rows("group", t.groups)
        group_versions = {r["id"]: r["version"] for r in group_rows}
        groups = [row_group(r) for r in group_rows]
        claims, versions = _claims(conn, positions)
        stories = [row_story(r) for r in rows("story", t.stories)]
        documents = _documents(conn)
        return StoreRecords(
            places, sources, groups, claims, positions, versions, group_versions, documents, stories
        )


def dataset_from(records: StoreRecords) -> Dataset:
    """Build the Dataset of the records (provenance analysed as for data files)."""
    with gc_paused():
        return build_dataset(
            Gazetteer(records.places),
            records.sources,
            records.claims,
            records.groups,
            versions=records.versions,
            documents=records.documents,
            stories=records.stories,
        )


def store_version(engine: Engine) -> int:
    """Return a number that grows with every change of the store (its last audit entry).

    Cheap (one indexed lookup): a dashboard keys its cache of the Dataset on it.
    """
    with reading(engine) as conn:
        return int(conn.execute(sa.select(sa.func.max(t.audit.c.seq))).scalar() or 0)


def store_count(engine: Engine) -> int:
    """Return how many claims the store holds (one count through the primary key)."""
    with reading(engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(t.claims)).scalar() or 0)


def load_store_gazetteer(engine: Engine) -> Gazetteer:
    """Read only the store's places, as a Gazetteer in file order (for the geocoder)."""
    with reading(engine) as conn:
        return Gazetteer(row_place(r) for r in _ordered(conn, t.places))


def load_store_dataset(engine: Engine) -> Dataset:
    """Read the store into a Dataset (places, sources, claims and groups in file order)."""
    with gc_paused():  # one pause over reading and analysis: no collection in between
        with reading(engine) as conn:
            records = read_records(conn)
        return dataset_from(records)


def load_claims_dataset(engine: Engine, claim_ids: list[str]) -> Dataset:
    """Read some claims into a Dataset: them, their groups, every source and place.

    What a download of a view needs without reading the whole store (the provenance
    analysis is over these claims only).
    """
    with reading(engine) as conn:
        records = _partial_records(conn, ids=list(claim_ids))
    return dataset_from(records)


def load_group_dataset(engine: Engine, claim_id: str) -> Dataset | None:
    """Read one claim's group into a Dataset: its claims, every source and place (None: no claim).

    What a claim card needs without reading the whole store: the group's claims give
    the same provenance analysis (independent sources, conflicts) as the whole data set.
    """
    c = t.claims.c
    with reading(engine) as conn:
        group_id = conn.execute(sa.select(c.group_id).where(c.id == claim_id)).scalar()
        if group_id is None:
            return None
        records = _partial_records(conn, group_id=group_id)
    return dataset_from(records)


def _partial_records(
    conn: Connection, group_id: str | None = None, ids: list[str] | None = None
) -> StoreRecords:
    """Read some claims (one group's, or ``ids``) with their groups.

    Every source and place and the documents' archive records come too (small tables).
    """
    positions: dict[tuple[str, str], int] = {}
    claims, versions = _claims(conn, positions, group_id, ids)
    g = t.groups
    wanted = sorted({claim.group for claim in claims})
    group_rows = [
        dict(r._mapping)
        for r in conn.execute(sa.select(g).where(g.c.id.in_(wanted)).order_by(g.c.position))
    ]
    return StoreRecords(
        [row_place(r) for r in _ordered(conn, t.places)],
        [row_source(r) for r in _ordered(conn, t.sources)],
        [row_group(r) for r in group_rows], claims, positions, versions,
        {r["id"]: r["version"] for r in group_rows}, _documents(conn),
    )  # fmt: skip
