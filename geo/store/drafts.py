"""What ingest and the review of drafts write and read, inside the caller's transaction.

``claimmap ingest`` adds a document in one write transaction: its source
record, its archive (``geo.store.archive``), and for each draft claim a group
of its own, the claim (``geo.store.edits.insert_claim``, review status draft)
and the machine's *proposal*: the draft as it was proposed, with its offsets
into the archived text, candidates, inferred places and a confidence per
field. A proposal is history, not data to edit, so it is kept as an audit
entry of the claim (action ``propose``, field ``proposal``): it is written in
the same transaction as the claim, shown by ``claimmap log --claim ID``, and
needs no table of its own. Likewise, what a web page says about itself (title,
date, site: suggestions, never facts) is the ``after`` of the source's
``insert`` entry, as well as words in its ``note``.

The review of drafts (``geo.ingest.review``) also needs: the proposals of a
document's claims, its archived text, confirming a document's fields, and
dropping a draft's own group when the analyst moves the claim to another one
(``check`` refuses a group that no claim uses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection

from geo.loading import describe_error
from geo.models import Group, Source
from geo.store import audit
from geo.store import schema as t
from geo.store.errors import InvalidEdit, NotFound
from geo.store.rows import group_row, row_source, source_row

#: Audit action and field under which a claim's proposal is kept.
PROPOSE, PROPOSAL = "propose", "proposal"
#: Source fields an analyst may confirm or correct after ingest.
SOURCE_FIELDS = (
    "name",
    "outlet",
    "title",
    "url",
    "published",
    "published_end",
    "published_precision",
    "language",
)


def archived_as(conn: Connection, sha256: str) -> str | None:
    """Return the source whose archived bytes have this SHA-256, if any."""
    a = t.archives.c
    return conn.execute(sa.select(a.source_id).where(a.sha256 == sha256)).scalar()


def taken_ids(conn: Connection, table: sa.Table, ids: Iterable[str]) -> set[str]:
    """Return which of ``ids`` the table holds already."""
    wanted = set(ids)
    if not wanted:
        return set()
    return set(conn.execute(sa.select(table.c.id).where(table.c.id.in_(wanted))).scalars())


def _next_position(conn: Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.max(table.c.position))).scalar() or 0) + 1


def insert_source(
    conn: Connection,
    source: Source,
    *,
    who: str,
    note: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> None:
    """Add a source record with its ``insert`` audit entry (``detail`` as its ``after``)."""
    if taken_ids(conn, t.sources, [source.id]):
        raise InvalidEdit(f"source {source.id}: the id is taken")
    row = {**source_row(source), "position": _next_position(conn, t.sources)}
    conn.execute(t.sources.insert(), row)
    after = dict(detail) if detail else None
    audit.write(conn, [audit.entry(who, "insert", "source", source.id, None, None, after, note)])


def insert_group(conn: Connection, group: Group, *, who: str, note: str | None = None) -> None:
    """Add a group (version 1) with its ``insert`` audit entry."""
    if taken_ids(conn, t.groups, [group.id]):
        raise InvalidEdit(f"group {group.id}: the id is taken")
    row = {**group_row(group), "position": _next_position(conn, t.groups), "version": 1}
    conn.execute(t.groups.insert(), row)
    audit.write(conn, [audit.entry(who, "insert", "group", group.id, note=note)])


def record_proposal(
    conn: Connection, claim_id: str, proposal: Mapping[str, Any], *, who: str
) -> None:
    """Keep what the machine proposed for a claim (see the module doc)."""
    entry = audit.entry(
        who, PROPOSE, "claim", claim_id, PROPOSAL, None, dict(proposal), "proposed by ingest"
    )
    audit.write(conn, [entry])


def proposals(conn: Connection, claim_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Return claim id -> its proposal, for the claims that have one."""
    ids = list(claim_ids)
    if not ids:
        return {}
    a = t.audit.c
    query = (
        sa.select(a.entity_id, a.after)
        .where(a.entity == "claim", a.action == PROPOSE, a.field == PROPOSAL)
        .where(a.entity_id.in_(ids))
        .order_by(a.seq)
    )
    return {rid: dict(after or {}) for rid, after in conn.execute(query)}


def source_detail(conn: Connection, source_id: str) -> dict[str, Any]:
    """Return the ``after`` of a source's ``insert`` entry (ingest's suggestions), or ``{}``."""
    a = t.audit.c
    query = (
        sa.select(a.after)
        .where(a.entity == "source", a.entity_id == source_id, a.action == "insert")
        .order_by(a.seq)
        .limit(1)
    )
    found = conn.execute(query).scalar()
    return dict(found) if isinstance(found, Mapping) else {}


def archived_text(conn: Connection, source_id: str) -> str | None:
    """Return a source's archived text, if it has an archive."""
    a = t.archives.c
    return conn.execute(sa.select(a.text).where(a.source_id == source_id)).scalar()


def read_source(conn: Connection, source_id: str) -> Source:
    """Return a source record.

    Raises
    ------
    NotFound
    """
    row = conn.execute(sa.select(t.sources).where(t.sources.c.id == source_id)).first()
    if row is None:
        raise NotFound(f"no source {source_id!r} in the store")
    return row_source(row._mapping)


def drop_unused_group(conn: Connection, group_id: str, *, who: str, note: str | None) -> bool:
    """Delete a group that no claim uses any more (with a ``delete`` entry); tell if it did."""
    c = t.claims.c
    used = conn.execute(sa.select(c.id).where(c.group_id == group_id).limit(1)).first()
    if used is not None:
        return False
    g = t.groups.c
    row = conn.execute(sa.select(g.title).where(g.id == group_id)).first()
    if row is None:
        return False
    conn.execute(t.groups.delete().where(g.id == group_id))
    entry = audit.entry(who, "delete", "group", group_id, "title", row.title, None, note)
    audit.write(conn, [entry])
    return True


def update_source(
    conn: Connection,
    source_id: str,
    changes: Mapping[str, Any],
    *,
    who: str,
    note: str | None = None,
) -> list[str]:
    """Confirm or correct fields of a source (``SOURCE_FIELDS``), validated; return those changed.

    A publication date may not fall before an event its claims report.

    Raises
    ------
    NotFound, InvalidEdit
    """
    refused = sorted(set(changes) - set(SOURCE_FIELDS))
    if refused:
        raise InvalidEdit([f"source field '{f}' cannot be changed here" for f in refused])
    current = read_source(conn, source_id)
    data = {**current.model_dump(exclude={"line"}), **changes}
    if changes.get("published") and "published_precision" not in changes:
        if current.published_precision == "unknown":
            data["published_precision"] = "range" if data.get("published_end") else "day"
    try:
        new = Source.model_validate(data)
    except ValidationError as exc:
        raise InvalidEdit(
            [f"source {source_id}: {describe_error(e, data, Source)}" for e in exc.errors()]
        ) from None
    _check_published(conn, new)
    before, after = current.model_dump(mode="json"), new.model_dump(mode="json")
    changed = [f for f in SOURCE_FIELDS if before.get(f) != after.get(f)]
    if not changed:
        return []
    values = {f: getattr(new, f) for f in changed}
    conn.execute(t.sources.update().where(t.sources.c.id == source_id).values(**values))
    audit.write(
        conn,
        [
            audit.entry(who, "edit", "source", source_id, f, before.get(f), after.get(f), note)
            for f in changed
        ],
    )
    return changed


def _check_published(conn: Connection, source: Source) -> None:
    published: dt.date | None = source.published_end or source.published
    if published is None:
        return
    c = t.claims.c
    late = conn.execute(
        sa.select(c.id, c.event_start)
        .where(c.source_id == source.id, c.event_start > published)
        .order_by(c.position)
    ).all()
    if late:
        raise InvalidEdit(
            [
                f"claim {rid}: event_start {start} is after {published}, the publication "
                f"date given for {source.id}"
                for rid, start in late
            ]
        )
