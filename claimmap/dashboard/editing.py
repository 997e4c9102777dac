"""The logic of the dashboard's edit panel (no Streamlit): what a claim can become, and saving it.

The panel (`claimmap.dashboard.editpanel`) shows a `Record` read from the store
and offers three edits, each made through the browser session's
``geo.store.session.StoreSession`` with ``expect_version`` = the version shown,
so that an edit based on a stale record is refused by the store:

- review: move the claim's review status (``geo.store.edits.TRANSITIONS``);
  accepting, rejecting and reopening need a note;
- grade: the claim's group, Admiralty reliability A-F and credibility 1-6, with a note;
- edit: a few fields of the claim (`EDITABLE_FIELDS`), validated by the store as
  a data file's record is.

Each returns an `Outcome`: done or refused, with the one line to show
(``geo.store.session.describe``). Nothing the user typed is dropped here: the
panel keeps its widgets' values when an edit is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from geo.models import Claim, Group
from geo.store import schema as t
from geo.store.edits import TRANSITIONS
from geo.store.engine import reading
from geo.store.errors import NotFound, StaleVersion, StoreError
from geo.store.rows import row_claim
from geo.store.session import describe
from geo.vocab import CREDIBILITY, RELIABILITY, REVIEW_LABELS, STATUS_LABELS, STATUSES

#: Claim fields the panel edits, in the order shown: field -> label.
EDITABLE_FIELDS = {
    "statement": "Statement (ours, neutral)",
    "quote": "Quote (verbatim, short)",
    "claimant": "According to",
    "status": "Status as reported",
    "date_note": "Date note",
}
#: Fields shown as a choice rather than typed text.
CHOICE_FIELDS = {"status": STATUSES}
#: Fields that may be left empty (stored as None).
OPTIONAL_FIELDS = ("date_note",)

RELIABILITY_LABELS = {
    "A": "A: completely reliable",
    "B": "B: usually reliable",
    "C": "C: fairly reliable",
    "D": "D: not usually reliable",
    "E": "E: unreliable",
    "F": "F: reliability cannot be judged",
}
CREDIBILITY_LABELS = {
    1: "1: confirmed by other sources",
    2: "2: probably true",
    3: "3: possibly true",
    4: "4: doubtful",
    5: "5: improbable",
    6: "6: truth cannot be judged",
}
assert tuple(RELIABILITY_LABELS) == RELIABILITY and tuple(CREDIBILITY_LABELS) == CREDIBILITY


@dataclass(frozen=True)
class Record:
    """A claim and its group as the store holds them now (what the edit panel shows).

    Parameters
    ----------
    claim : the claim's record.
    review_status, version : the claim's review status and version.
    group_id, group_title : its group.
    reliability, credibility, grading_note, group_version : the group's grading and version.
    """

    claim: Claim
    review_status: str
    version: int
    group_id: str
    group_title: str
    reliability: str
    credibility: int
    grading_note: str | None
    group_version: int

    @property
    def grade(self) -> str:
        """The Admiralty grade, e.g. ``"B2"``."""
        return f"{self.reliability}{self.credibility}"

    @property
    def grading_note_shown(self) -> str:
        """The note the grade form starts with ("" for a group never assessed)."""
        unassessed = Group.model_fields["grading_note"].default
        return "" if self.grading_note in (None, unassessed) else str(self.grading_note)

    def field_value(self, name: str) -> str:
        """Return a field of `EDITABLE_FIELDS` as the text the panel shows ("" for None)."""
        value = getattr(self.claim, name)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Outcome:
    """What an edit gave: ``ok`` and the line to show (``stale``: refused as out of date)."""

    ok: bool
    message: str
    stale: bool = False


def read_record(engine: Any, claim_id: str) -> Record:
    """Read a claim and its group from the store, in one snapshot.

    Raises
    ------
    NotFound
        When the claim is not in the store.
    StoreError
        When the store cannot be read.
    """
    c, g = t.claims, t.groups
    with reading(engine) as conn:
        row = conn.execute(sa.select(c).where(c.c.id == claim_id)).first()
        if row is None:
            raise NotFound(f"no claim {claim_id!r} in the store")
        group = conn.execute(sa.select(g).where(g.c.id == row.group_id)).first()
    if group is None:
        raise NotFound(f"no group {row.group_id!r} in the store")
    return Record(
        claim=row_claim(row._mapping),
        review_status=row.review_status,
        version=int(row.version),
        group_id=group.id,
        group_title=group.title,
        reliability=group.reliability,
        credibility=int(group.credibility),
        grading_note=group.grading_note,
        group_version=int(group.version),
    )


# --------------------------------------------------------------------------- review


def review_choices(status: str, can_review: bool) -> list[str]:
    """Return the review statuses a claim at ``status`` may move to, for this user.

    Accepting and rejecting are a reviewer's; an analyst may still move a claim
    between draft and needs_review.
    """
    moves = TRANSITIONS.get(status, ())
    if can_review:
        return list(moves)
    return [
        s
        for s in moves
        if s in ("draft", "needs_review") and status not in ("accepted", "rejected")
    ]


def note_required(before: str, after: str | None) -> bool:
    """Whether moving from ``before`` to ``after`` needs a note (accept, reject, reopen)."""
    decided = ("accepted", "rejected")
    return after in decided or before in decided


def review_label(status: str) -> str:
    """Readable name of a review status."""
    return REVIEW_LABELS.get(status, status)


def status_label(status: str) -> str:
    """Readable name of a status as reported."""
    return STATUS_LABELS.get(status, status)


# --------------------------------------------------------------------------- edits


def claim_changes(record: Record, typed: Mapping[str, Any]) -> dict[str, Any]:
    """Return the fields of `EDITABLE_FIELDS` whose typed value differs from the record.

    Text is stripped; an optional field left empty becomes None; a required one left
    empty stays "" so that the store refuses it with its message.
    """
    changes: dict[str, Any] = {}
    for name in EDITABLE_FIELDS:
        if name not in typed:
            continue
        value = typed[name]
        value = value.strip() if isinstance(value, str) else value
        if name in OPTIONAL_FIELDS and not value:
            value = None
        if value != getattr(record.claim, name):
            changes[name] = value
    return changes


def _attempt(action: Any, done: str) -> Outcome:
    """Run one edit; turn the store's refusal into an Outcome with its one line."""
    try:
        action()
    except StaleVersion as exc:
        return Outcome(False, describe(exc), stale=True)
    except StoreError as exc:
        return Outcome(False, describe(exc))
    return Outcome(True, done)


def save_review(session: Any, record: Record, status: str | None, note: str) -> Outcome:
    """Move the claim's review status, based on the version of ``record``."""
    if not status:
        return Outcome(False, "choose the review status to move the claim to")
    claim_id = record.claim.id
    return _attempt(
        lambda: session.review(claim_id, status, note=note, expect_version=record.version),
        f"claim {claim_id} is now {review_label(status)}",
    )


def save_grade(
    session: Any, record: Record, reliability: str, credibility: int, note: str
) -> Outcome:
    """Grade the claim's group, based on the group version of ``record``."""
    group_id = record.group_id
    return _attempt(
        lambda: session.grade(
            group_id,
            reliability,
            int(credibility),
            note=note,
            expect_version=record.group_version,
        ),
        f"group {group_id} is now graded {reliability}{int(credibility)}",
    )


def save_claim(session: Any, record: Record, typed: Mapping[str, Any], note: str) -> Outcome:
    """Save the changed fields of the claim, based on the version of ``record``."""
    changes = claim_changes(record, typed)
    if not changes:
        return Outcome(False, "nothing changed: edit a field first")
    claim_id = record.claim.id
    return _attempt(
        lambda: session.edit_claim(
            claim_id, changes, note=note or None, expect_version=record.version
        ),
        f"claim {claim_id}: saved {', '.join(changes)}",
    )


# --------------------------------------------------------------------------- history


#: Columns of the history table, in order.
HISTORY_COLUMNS = ("at", "who", "action", "field", "after", "before", "note", "entity", "id")


def _shown(value: Any) -> str:
    """Return a value of an audit entry as text (lists and dicts as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def history_rows(session: Any, record: Record, limit: int = 200) -> list[dict[str, str]]:
    """Return the audit entries of the claim and of its group, newest first, as text rows."""
    entries = [
        *session.history("claim", record.claim.id),
        *session.history("group", record.group_id),
    ]
    entries.sort(key=lambda e: e.seq, reverse=True)
    rows = []
    for entry in entries[:limit]:
        data = entry.to_dict()
        data["at"] = entry.at.strftime("%Y-%m-%d %H:%M:%S UTC")
        rows.append({key: _shown(data.get(key)) for key in HISTORY_COLUMNS})
    return rows


def document_line(document: Any) -> str | None:
    """Describe an archived document: its SHA-256 and when it was archived (None: none)."""
    if document is None:
        return None
    line = f"document SHA-256 {document.sha256} ({document.size:,} bytes)"
    if document.archived_at is not None:
        who = f" by {document.archived_by}" if document.archived_by else ""
        return f"{line}, archived {document.archived_at:%Y-%m-%d %H:%M} UTC{who}"
    return f"{line}, hashed from the seed file on load (not archived in a store)"
