"""The edits the CLI and the dashboard make: review, grade, edit or add a claim, read history.

Each edit is one write transaction: it validates first, checks the version the
caller based it on (optimistic concurrency: ``expect_version``), writes, and
records one audit entry per changed field, all or nothing. Errors are typed
(``geo.store.errors``): NotFound, InvalidEdit (with every reason), StaleVersion,
NotAllowed (refused by the database's roles on a server).

Review workflow: draft -> needs_review -> accepted | rejected; needs_review may
go back to draft, and a decision may be reopened (back to needs_review).
Accepting, rejecting and reopening need a note. Editing the content of an
accepted or rejected claim sends it back to needs_review.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine

from geo.loading import describe_error
from geo.models import CREDIBILITY, RELIABILITY, REVIEW_STATUSES, Claim
from geo.store import audit
from geo.store import schema as t
from geo.store.audit import AuditEntry
from geo.store.engine import writing
from geo.store.errors import InvalidEdit, NotFound, StaleVersion
from geo.store.importer import changed_fields
from geo.store.rows import claim_row, row_claim
from geo.validate import PLAUSIBLE_DATES

#: Review status -> the statuses it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("needs_review",),
    "needs_review": ("accepted", "rejected", "draft"),
    "accepted": ("needs_review",),
    "rejected": ("needs_review",),
}
#: Claim fields an edit may not change (the id; the review status has its own edit).
FIXED_FIELDS = ("id", "review_status", "line")


@dataclass(frozen=True)
class ClaimState:
    """A claim's review status and version after an edit."""

    id: str
    review_status: str
    version: int


@dataclass(frozen=True)
class GroupState:
    """A group's Admiralty grading and version after an edit."""

    id: str
    reliability: str
    credibility: int
    grading_note: str
    version: int

    @property
    def grade(self) -> str:
        """The Admiralty grade, e.g. ``"B2"``."""
        return f"{self.reliability}{self.credibility}"


def _note(note: str | None) -> str | None:
    return note.strip() if note and note.strip() else None


def _row(conn: Connection, table: sa.Table, entity: str, rid: str) -> sa.Row:
    row = conn.execute(sa.select(table).where(table.c.id == rid)).first()
    if row is None:
        raise NotFound(f"no {entity} {rid!r} in the store")
    return row


def _expect(entity: str, rid: str, expected: int | None, actual: int) -> None:
    if expected is not None and expected != actual:
        raise StaleVersion(entity, rid, expected, actual)


def _bump(
    conn: Connection,
    table: sa.Table,
    entity: str,
    rid: str,
    version: int,
    values: Mapping[str, Any],
) -> int:
    """Update the row if still at ``version`` (servers have no write lock); return the new one."""
    query = (
        table.update()
        .where(table.c.id == rid, table.c.version == version)
        .values(**values, version=version + 1)
    )
    if conn.execute(query).rowcount != 1:
        actual = conn.execute(sa.select(table.c.version).where(table.c.id == rid)).scalar()
        raise StaleVersion(entity, rid, version, int(actual or 0))
    return version + 1


def _check_transition(claim_id: str, before: str, after: str, note: str | None) -> None:
    if after not in REVIEW_STATUSES:
        raise InvalidEdit(f"review status {after!r} is not one of {', '.join(REVIEW_STATUSES)}")
    if after == before:
        raise InvalidEdit(f"claim {claim_id} is already {after}")
    if after not in TRANSITIONS[before]:
        allowed = " or ".join(TRANSITIONS[before])
        raise InvalidEdit(f"claim {claim_id} is {before}: it can move to {allowed}, not {after}")
    if note is None and (after in ("accepted", "rejected") or before in ("accepted", "rejected")):
        verb = {"accepted": "accept", "rejected": "reject"}.get(after, "reopen")
        raise InvalidEdit(f"a note is required to {verb} claim {claim_id}")


def review(
    engine: Engine,
    claim_id: str,
    status: str,
    *,
    who: str,
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """Move a claim through the review workflow (see the module doc).

    Raises
    ------
    NotFound, InvalidEdit, StaleVersion, NotAllowed
    """
    with writing(engine) as conn:
        return review_in(conn, claim_id, status, who=who, note=note, expect_version=expect_version)


def review_in(
    conn: Connection,
    claim_id: str,
    status: str,
    *,
    who: str,
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """:func:`review` in the caller's write transaction."""
    note = _note(note)
    if status not in REVIEW_STATUSES:
        raise InvalidEdit(f"review status {status!r} is not one of {', '.join(REVIEW_STATUSES)}")
    row = _row(conn, t.claims, "claim", claim_id)
    _expect("claim", claim_id, expect_version, row.version)
    _check_transition(claim_id, row.review_status, status, note)
    version = _bump(conn, t.claims, "claim", claim_id, row.version, {"review_status": status})
    entry = audit.entry(
        who, "review", "claim", claim_id, "review_status", row.review_status, status, note
    )
    audit.write(conn, [entry])
    return ClaimState(claim_id, status, version)


def _grade_problems(reliability: str, credibility: int, note: str | None) -> list[str]:
    problems = []
    if reliability not in RELIABILITY:
        problems.append(f"reliability {reliability!r} is not one of {', '.join(RELIABILITY)}")
    if credibility not in CREDIBILITY:
        problems.append(f"credibility {credibility!r} is not one of 1 to 6")
    if note is None:
        problems.append("a note is required to grade a group (what the grade rests on)")
    return problems


def grade(
    engine: Engine,
    group_id: str,
    reliability: str,
    credibility: int,
    *,
    who: str,
    note: str | None,
    expect_version: int | None = None,
) -> GroupState:
    """Set a group's Admiralty grade (reliability A-F, credibility 1-6) with its note.

    The note becomes the group's ``grading_note``. Setting the grade it has
    already, with the same note, changes nothing.

    Raises
    ------
    NotFound, InvalidEdit, StaleVersion, NotAllowed
    """
    note = _note(note)
    problems = _grade_problems(reliability, credibility, note)
    if problems:
        raise InvalidEdit(problems)
    new = {"reliability": reliability, "credibility": credibility, "grading_note": note}
    with writing(engine) as conn:
        row = _row(conn, t.groups, "group", group_id)
        _expect("group", group_id, expect_version, row.version)
        changes = {k: (getattr(row, k), v) for k, v in new.items() if getattr(row, k) != v}
        if not changes:
            return GroupState(group_id, reliability, credibility, str(note), row.version)
        version = _bump(conn, t.groups, "group", group_id, row.version, new)
        audit.write(
            conn,
            [
                audit.entry(who, "grade", "group", group_id, name, before, after, note)
                for name, (before, after) in changes.items()
            ],
        )
    return GroupState(group_id, reliability, credibility, str(note), version)


def _claim(conn: Connection, claim_id: str) -> tuple[Claim, sa.Row]:
    row = _row(conn, t.claims, "claim", claim_id)
    cp = t.claim_places.c
    places = conn.execute(
        sa.select(cp.place_id).where(cp.claim_id == claim_id).order_by(cp.seq)
    ).scalars()
    return row_claim(row._mapping, list(places)), row


def _validated(data: dict[str, Any]) -> Claim:
    try:
        return Claim.model_validate(data)
    except ValidationError as exc:
        name = f"claim {data.get('id')}"
        raise InvalidEdit(
            [f"{name}: {describe_error(e, data, Claim)}" for e in exc.errors()]
        ) from None


def _exists(conn: Connection, table: sa.Table, ids: set[str]) -> set[str]:
    return set(conn.execute(sa.select(table.c.id).where(table.c.id.in_(ids))).scalars())


def reference_problems(conn: Connection, claim: Claim) -> list[str]:
    """Return what a claim refers to that the store lacks, and dates its document rules out."""
    name, problems = f"claim {claim.id}", []
    found = _exists(conn, t.sources, {claim.source_id, claim.origin})
    for label, ref in (("source_id", claim.source_id), ("origin", claim.origin)):
        if ref not in found:
            problems.append(f"{name}: unknown {label} '{ref}'")
    if not _exists(conn, t.groups, {claim.group}):
        problems.append(f"{name}: unknown group '{claim.group}'")
    for ref in sorted(set(claim.places) - _exists(conn, t.places, set(claim.places))):
        problems.append(f"{name}: unknown place '{ref}'")
    s = t.sources.c
    doc = conn.execute(
        sa.select(s.kind, s.published, s.published_end).where(s.id == claim.source_id)
    ).first()
    if doc is not None and doc.kind != "document":
        problems.append(f"{name}: source_id '{claim.source_id}' is a {doc.kind}, not a document")
    low, high = PLAUSIBLE_DATES
    for label in ("event_start", "event_end"):
        value = getattr(claim, label)
        if value is not None and not low <= value <= high:
            problems.append(f"{name}: {label} {value} is outside {low} to {high}")
    published = doc and (doc.published_end or doc.published)
    if published and claim.event_start and claim.event_start > published:
        problems.append(
            f"{name}: event_start {claim.event_start} is after its document "
            f"{claim.source_id} was published ({published})"
        )
    return problems


def _write_places(conn: Connection, claim: Claim) -> None:
    links = t.claim_places
    conn.execute(links.delete().where(links.c.claim_id == claim.id))
    if claim.places:
        conn.execute(
            links.insert(),
            [{"claim_id": claim.id, "seq": i, "place_id": p} for i, p in enumerate(claim.places)],
        )


def _edit_plan(
    row: sa.Row, current: Claim, new: Claim, who: str, note: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """Return the column values, audit entries and review status of an edit (nothing: no diff)."""
    diff = changed_fields(current, new)
    if not diff:
        return {}, [], row.review_status
    field_of = {"group_id": "group"}
    values = {col: v for col, v in claim_row(new).items() if field_of.get(col, col) in diff}
    entries = [
        audit.entry(who, "edit", "claim", new.id, f, b, a, note) for f, (b, a) in diff.items()
    ]
    status = row.review_status
    if status in ("accepted", "rejected"):
        values["review_status"] = "needs_review"
        why = "content edited after review"
        entries.append(
            audit.entry(
                who, "review", "claim", new.id, "review_status", status, "needs_review", why
            )
        )
        status = "needs_review"
    return values, entries, status


def edit_claim(
    engine: Engine,
    claim_id: str,
    changes: Mapping[str, Any],
    *,
    who: str,
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """Change fields of a claim (any field but its id and review status), validated first.

    The changed claim must pass the same checks as a record of a data file
    (model and references). An accepted or rejected claim goes back to
    needs_review. Changing nothing writes nothing.

    Raises
    ------
    NotFound, InvalidEdit, StaleVersion, NotAllowed
    """
    with writing(engine) as conn:
        return edit_claim_in(
            conn, claim_id, changes, who=who, note=note, expect_version=expect_version
        )


def edit_claim_in(
    conn: Connection,
    claim_id: str,
    changes: Mapping[str, Any],
    *,
    who: str,
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """:func:`edit_claim` in the caller's write transaction."""
    fixed = sorted(set(changes) & set(FIXED_FIELDS))
    unknown = sorted(set(changes) - set(Claim.model_fields))
    if fixed or unknown:
        raise InvalidEdit(
            [f"field '{f}' cannot be edited here" for f in fixed]
            + [f"claim has no field '{f}'" for f in unknown]
        )
    note = _note(note)
    current, row = _claim(conn, claim_id)
    _expect("claim", claim_id, expect_version, row.version)
    data = {**current.model_dump(exclude={"line"}), **changes}
    data["quantities"] = [
        q if isinstance(q, Mapping) else q.model_dump() for q in data["quantities"]
    ]
    new = _validated(data)
    problems = reference_problems(conn, new)
    if problems:
        raise InvalidEdit(problems)
    values, entries, status = _edit_plan(row, current, new, who, note)
    if not entries:
        return ClaimState(claim_id, row.review_status, row.version)
    version = _bump(conn, t.claims, "claim", claim_id, row.version, values)
    if new.places != current.places:
        _write_places(conn, new)
    audit.write(conn, entries)
    return ClaimState(claim_id, status, version)


def create_claim(engine: Engine, claim: Claim, *, who: str, note: str | None = None) -> ClaimState:
    """Add a new claim (a draft unless its record says otherwise), validated as an edit is.

    Raises
    ------
    InvalidEdit
        When the id is taken or the claim does not pass the checks.
    """
    with writing(engine) as conn:
        return insert_claim(conn, claim, who=who, note=note)


def insert_claim(
    conn: Connection, claim: Claim, *, who: str, note: str | None = None
) -> ClaimState:
    """:func:`create_claim` in the caller's write transaction."""
    new = _validated(claim.model_dump(exclude={"line"}))
    if _exists(conn, t.claims, {new.id}):
        raise InvalidEdit(f"claim {new.id}: the id is taken")
    problems = reference_problems(conn, new)
    if problems:
        raise InvalidEdit(problems)
    position = conn.execute(sa.select(sa.func.max(t.claims.c.position))).scalar()
    row = {**claim_row(new), "position": (position or 0) + 1, "version": 1}
    conn.execute(t.claims.insert(), row)
    _write_places(conn, new)
    audit.write(conn, [audit.entry(who, "insert", "claim", new.id, note=_note(note))])
    return ClaimState(new.id, row["review_status"], 1)


def history(
    engine: Engine,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Return the audit entries of a record (or of all), newest first (``geo.store.audit``)."""
    return audit.history(engine, entity, entity_id, limit)
