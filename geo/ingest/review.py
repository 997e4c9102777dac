"""The review of draft claims: what the dashboard's review page reads and does.

No Streamlit here: the page calls these functions and shows what they return.

Reading
    ``review_queue(engine)``: the archived documents with their claims counted
    by review status. ``document_drafts(engine, source_id)``: one document's
    archived text, its source record and the page's suggestions, and each
    draft with its offsets into that text (quote, sentence, every place,
    date, figure, actor and attribution found), its place candidates (for
    the small map), inferred places, confidence per field and the notes
    ingest left (``DraftView``).

Writing (each one transaction, with audit entries; errors are
``geo.store.errors``: NotFound, InvalidEdit with every reason, StaleVersion,
NotAllowed)
    ``accept_draft``: apply the analyst's edits, then move the claim through
    the review workflow: an analyst sends it to ``needs_review``, a reviewer
    on to ``accepted``. ``reject_draft``: a reviewer rejects it; an analyst
    sends it to ``needs_review`` with the rejection proposed in the note.
    ``edit_draft``: change fields only. ``check_changes``: the same checks
    without writing (for a form). ``confirm_document``: state the document's
    title, date, outlet or address (the page's suggestions are never taken
    as such). ``upload_article``: ingest bytes, as ``claimmap ingest`` does
    (``confirmed_from`` reads what the analyst states from a form).

Edits are validated as ``check`` validates a record of a data file: the
model, references to places, sources and groups, dates against the
document, no control characters or unclosed bidirectional controls, and a
quote found verbatim in the archived text. When the analyst moves a draft to
an existing group, the draft's own group, now unused, is deleted (``check``
refuses a group no claim uses).

Roles: ``store_role(engine)`` tells which the current user has. In the
embedded SQLite store the one user holds every role, as ``claimmap review``
assumes; on PostgreSQL a member of ``claimmap_reviewer`` (or a superuser) is a
reviewer, anyone else an analyst, and the database's own grants decide in the
end (NotAllowed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.bidi import unbalanced
from geo.models import Claim
from geo.store import drafts as store_drafts
from geo.store import schema as t
from geo.store.edits import ClaimState, edit_claim_in, review_in
from geo.store.engine import reading, writing
from geo.store.errors import InvalidEdit, NotFound
from geo.store.rows import row_claim
from geo.validate import quote_in_text

ROLES = ("analyst", "reviewer")
#: Review statuses the page lists by default: what still needs a decision.
OPEN_STATUSES = ("draft", "needs_review")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TEXT_FIELDS = ("quote", "statement", "claimant", "date_note")


@dataclass(frozen=True)
class DraftView:
    """One claim of a document under review, with what ingest proposed for it.

    Parameters
    ----------
    claim : the claim as it is now (JSON-ready, the fields of ``claimmap db dump``).
    version : the version to pass back as ``expect_version``.
    review_status : draft, needs_review, accepted or rejected.
    quote_start, quote_end : the quote's offsets into the archived text (None if not found).
    sentence_start, sentence_end : the sentence it was proposed from.
    spans : every item found in that sentence: ``kind`` (place, date, quantity, actor,
        attribution), ``start``, ``end``, ``text`` and what was read from it.
    candidates : each place mention with its ranked ``candidates`` (id, name, kind,
        country, lat, lon, score, stage, curated) and the place ``chosen`` for it.
    places : the claim's places in order, from the store's gazetteer (id, name, kind,
        country, lat, lon, precision_m), each marked ``inferred`` when ingest added it
        though the text does not name it (with ``why``).
    place_notes : each proposed place: named or ``inferred`` (and why), confidence.
    confidence : field -> 0..1, as proposed (lowered where ingest repaired a field).
    notes : what ingest repaired or could not fill, for the analyst.
    proposed : the draft's fields as the machine first proposed them.
    last_note : the note of the latest review step (e.g. a rejection proposed).
    """

    claim: dict[str, Any]
    version: int
    review_status: str
    quote_start: int | None = None
    quote_end: int | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    spans: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    place_notes: list[dict[str, Any]] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    proposed: dict[str, Any] = field(default_factory=dict)
    last_note: str | None = None

    @property
    def id(self) -> str:
        """The claim id."""
        return self.claim["id"]

    def to_dict(self) -> dict[str, Any]:
        """Return the view as JSON-ready values."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class DocumentReview:
    """A document under review: its text, its record, the page's suggestions, its drafts."""

    source: dict[str, Any]
    text: str | None
    sha256: str | None
    suggestions: dict[str, Any]
    drafts: list[DraftView]

    def spans(self) -> list[dict[str, Any]]:
        """Every span of every draft, once each, in text order (to highlight the article)."""
        seen: dict[tuple, dict[str, Any]] = {}
        for draft in self.drafts:
            for span in draft.spans:
                seen.setdefault((span["kind"], span["start"], span["end"]), span)
        return sorted(seen.values(), key=lambda s: (s["start"], s["end"], s["kind"]))

    def to_dict(self) -> dict[str, Any]:
        """Return the review as JSON-ready values."""
        return {
            "source": self.source,
            "text": self.text,
            "sha256": self.sha256,
            "suggestions": self.suggestions,
            "spans": self.spans(),
            "drafts": [d.to_dict() for d in self.drafts],
        }


def review_queue(engine: Engine) -> list[dict[str, Any]]:
    """Return the archived documents, newest first, with their claims counted by review status."""
    a, s, c = t.archives.c, t.sources.c, t.claims.c
    with reading(engine) as conn:
        docs = conn.execute(
            sa.select(s.id, s.name, s.title, s.outlet, s.published, a.archived_at, a.file_name)
            .join(t.archives, a.source_id == s.id)
            .order_by(a.archived_at.desc(), s.id)
        ).all()
        counts = conn.execute(
            sa.select(c.source_id, c.review_status, sa.func.count()).group_by(
                c.source_id, c.review_status
            )
        ).all()
    by_source: dict[str, dict[str, int]] = {}
    for source_id, status, count in counts:
        by_source.setdefault(source_id, {})[status] = int(count)
    return [
        {
            "source_id": d.id,
            "name": d.name,
            "title": d.title,
            "outlet": d.outlet,
            "published": d.published.isoformat() if d.published else None,
            "archived_at": d.archived_at.isoformat(),
            "file_name": d.file_name,
            "claims": by_source.get(d.id, {}),
        }
        for d in docs
    ]


def document_drafts(
    engine: Engine, source_id: str, statuses: tuple[str, ...] | None = OPEN_STATUSES
) -> DocumentReview:
    """Return a document and its claims of the given review statuses (None: all), in order.

    Raises
    ------
    NotFound
        When there is no such source.
    """
    with reading(engine) as conn:
        source = store_drafts.read_source(conn, source_id)
        text = store_drafts.archived_text(conn, source_id)
        a = t.archives.c
        sha = conn.execute(sa.select(a.sha256).where(a.source_id == source_id)).scalar()
        detail = store_drafts.source_detail(conn, source_id)
        claims = _claims_of(conn, source_id, statuses)
        proposals = store_drafts.proposals(conn, [c.id for c, _row in claims])
        notes = _last_review_notes(conn, [c.id for c, _row in claims])
        places = _places_of(conn, {p for c, _row in claims for p in c.places})
    views = [
        _view(claim, row, proposals.get(claim.id, {}), text, notes.get(claim.id), places)
        for claim, row in claims
    ]
    return DocumentReview(
        source.model_dump(mode="json", exclude={"line"}),
        text,
        sha,
        dict(detail.get("suggested") or {}),
        views,
    )


def _claims_of(conn: Connection, source_id: str, statuses) -> list[tuple[Claim, Any]]:
    c, cp = t.claims.c, t.claim_places.c
    query = sa.select(t.claims).where(c.source_id == source_id).order_by(c.position)
    if statuses is not None:
        query = query.where(c.review_status.in_(list(statuses)))
    rows = conn.execute(query).all()
    places: dict[str, list[str]] = {}
    if rows:
        links = conn.execute(
            sa.select(cp.claim_id, cp.place_id)
            .where(cp.claim_id.in_([r.id for r in rows]))
            .order_by(cp.claim_id, cp.seq)
        )
        for claim_id, place_id in links:
            places.setdefault(claim_id, []).append(place_id)
    return [(row_claim(r._mapping, places.get(r.id, [])), r) for r in rows]


_PLACE_COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "precision_m")


def _places_of(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    columns = [t.places.c[name] for name in _PLACE_COLUMNS]
    rows = conn.execute(sa.select(*columns).where(t.places.c.id.in_(ids)))
    return {row.id: dict(zip(_PLACE_COLUMNS, row, strict=True)) for row in rows}


def _last_review_notes(conn: Connection, claim_ids: list[str]) -> dict[str, str | None]:
    if not claim_ids:
        return {}
    a = t.audit.c
    rows = conn.execute(
        sa.select(a.entity_id, a.note)
        .where(a.entity == "claim", a.action == "review", a.entity_id.in_(claim_ids))
        .order_by(a.seq)
    )
    return {rid: note for rid, note in rows}


def _view(
    claim: Claim,
    row: Any,
    proposal: Mapping[str, Any],
    text: str | None,
    note: str | None,
    places: Mapping[str, dict[str, Any]],
) -> DraftView:
    record = claim.model_dump(mode="json", exclude={"line"})
    quote_start, quote_end = proposal.get("quote_start"), proposal.get("quote_end")
    if text is not None and (
        quote_start is None or text[quote_start:quote_end] != claim.quote
    ):  # edited since, or never proposed: find it in the text
        found = text.find(claim.quote)
        quote_start, quote_end = (found, found + len(claim.quote)) if found >= 0 else (None, None)
    spans = [dict(s) for s in proposal.get("spans") or ()]
    return DraftView(
        claim=record,
        version=int(row.version),
        review_status=row.review_status,
        quote_start=quote_start,
        quote_end=quote_end,
        sentence_start=proposal.get("sentence_start"),
        sentence_end=proposal.get("sentence_end"),
        spans=spans,
        candidates=_candidates(spans, claim.places),
        places=_claim_places(claim.places, places, proposal.get("place_notes") or ()),
        place_notes=[dict(n) for n in proposal.get("place_notes") or ()],
        confidence=dict(proposal.get("confidence") or {}),
        notes=list(proposal.get("notes") or ()),
        proposed=dict(proposal.get("proposed") or {}),
        last_note=note,
    )


def _claim_places(ids, places: Mapping[str, dict[str, Any]], notes) -> list[dict[str, Any]]:
    inferred = {n["id"]: n.get("why") for n in notes if n.get("inferred")}
    shown = []
    for place_id in ids:
        place = dict(places.get(place_id) or {"id": place_id})
        place["inferred"] = place_id in inferred
        if place["inferred"]:
            place["why"] = inferred[place_id]
        shown.append(place)
    return shown


def _candidates(spans: list[dict[str, Any]], places: tuple[str, ...]) -> list[dict[str, Any]]:
    mentions = []
    for span in spans:
        if span.get("kind") != "place":
            continue
        candidates = [dict(c) for c in span.get("candidates") or ()]
        chosen = next((c["id"] for c in candidates if c["id"] in places), None)
        mentions.append(
            {
                "text": span["text"],
                "start": span["start"],
                "end": span["end"],
                "candidates": candidates,
                "chosen": chosen,
            }
        )
    return mentions


def _text_problems(claim_id: str, changes: Mapping[str, Any], text: str | None) -> list[str]:
    """Return what the readers of data files would refuse in the edited text fields."""
    problems = []
    for key in _TEXT_FIELDS:
        value = changes.get(key)
        if not isinstance(value, str):
            continue
        found = _CONTROL.search(value)
        if found:
            problems.append(
                f"claim {claim_id}: {key} holds the control character U+{ord(found.group()):04X}"
            )
        elif unbalanced(value):
            problems.append(f"claim {claim_id}: {key} holds {unbalanced(value)}")
    quote = changes.get("quote")
    if isinstance(quote, str) and text is not None and not quote_in_text(quote, text):
        problems.append(f"claim {claim_id}: quote not found verbatim in its archived document")
    return problems


def _apply(
    conn: Connection,
    claim_id: str,
    changes: Mapping[str, Any],
    *,
    who: str,
    note: str | None,
    expect_version: int | None,
) -> ClaimState:
    """Edit a claim in ``conn``'s transaction, checked as ``check`` checks; drop a left group."""
    claims = t.claims.c
    row = conn.execute(sa.select(claims.source_id, claims.group_id).where(claims.id == claim_id))
    found = row.first()
    if found is None:
        raise NotFound(f"no claim {claim_id!r} in the store")
    text = store_drafts.archived_text(conn, found.source_id)
    problems = _text_problems(claim_id, changes, text)
    try:
        state = edit_claim_in(
            conn, claim_id, changes, who=who, note=note, expect_version=expect_version
        )
    except InvalidEdit as exc:
        raise InvalidEdit(problems + exc.problems) from None
    if problems:  # raised in the transaction: the edit above is rolled back
        raise InvalidEdit(problems)
    if changes.get("group") not in (None, found.group_id):
        why = f"claim {claim_id} moved to group {changes['group']}"
        store_drafts.drop_unused_group(conn, found.group_id, who=who, note=why)
    return state


def edit_draft(
    engine: Engine,
    claim_id: str,
    changes: Mapping[str, Any],
    *,
    who: str,
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """Change fields of a claim (its review status stays), validated as ``check`` does.

    Raises
    ------
    NotFound, InvalidEdit, StaleVersion, NotAllowed
    """
    with writing(engine) as conn:
        return _apply(conn, claim_id, changes, who=who, note=note, expect_version=expect_version)


class _DryRun(Exception):
    """Raised to roll back an edit that was only checked."""


def check_changes(engine: Engine, claim_id: str, changes: Mapping[str, Any]) -> list[str]:
    """Return every reason the edit would be refused (none: it would pass); writes nothing.

    The edit is made in a transaction that is then rolled back, so the checks
    are exactly those of :func:`edit_draft`.
    """
    try:
        with writing(engine) as conn:
            _apply(conn, claim_id, changes, who="check", note=None, expect_version=None)
            raise _DryRun
    except _DryRun:
        return []
    except InvalidEdit as exc:
        return list(exc.problems)
    except NotFound as exc:
        return [str(exc)]


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidEdit(f"role {role!r} is not one of {', '.join(ROLES)}")
    return role


def _decide(
    conn: Connection,
    claim_id: str,
    final: str,
    *,
    who: str,
    role: str,
    note: str,
) -> ClaimState:
    """Move a claim to needs_review, then (a reviewer) on to ``final``."""
    c = t.claims.c
    row = conn.execute(sa.select(c.review_status, c.version).where(c.id == claim_id)).first()
    if row is None:
        raise NotFound(f"no claim {claim_id!r} in the store")
    if row.review_status == final:
        raise InvalidEdit(f"claim {claim_id} is already {final}")
    if row.review_status != "needs_review":
        state = review_in(conn, claim_id, "needs_review", who=who, note=note)
    elif role == "analyst":
        raise InvalidEdit(f"claim {claim_id} already awaits a reviewer's decision")
    else:
        state = ClaimState(claim_id, row.review_status, row.version)
    if role == "reviewer":
        state = review_in(conn, claim_id, final, who=who, note=note)
    return state


def accept_draft(
    engine: Engine,
    claim_id: str,
    *,
    who: str,
    role: str = "analyst",
    changes: Mapping[str, Any] | None = None,
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """Accept a draft, with the analyst's edits, in one transaction.

    An analyst's acceptance sends the claim to ``needs_review``; a reviewer's
    makes it ``accepted`` (through needs_review: two audit entries). Without a
    note, the note says whether it was accepted as proposed or with edits.

    Raises
    ------
    NotFound, InvalidEdit, StaleVersion, NotAllowed
    """
    role = _role(role)
    changes = dict(changes or {})
    with writing(engine) as conn:
        if changes:
            state = _apply(
                conn, claim_id, changes, who=who, note=note, expect_version=expect_version
            )
            expect_version = None
        else:
            state = None
        if expect_version is not None:
            _expect_version(conn, claim_id, expect_version)
        edited = f"with edits to {', '.join(sorted(changes))}" if changes else "as it stands"
        why = (note or "").strip() or f"draft accepted {edited}"
        if role == "analyst" and state is not None and state.review_status == "needs_review":
            return state  # the edit itself sent an accepted or rejected claim back
        return _decide(conn, claim_id, "accepted", who=who, role=role, note=why)


def reject_draft(
    engine: Engine,
    claim_id: str,
    *,
    who: str,
    role: str = "analyst",
    note: str | None = None,
    expect_version: int | None = None,
) -> ClaimState:
    """Reject a draft: a reviewer's rejection is final; an analyst's is proposed (needs_review).

    Raises
    ------
    NotFound, InvalidEdit, StaleVersion, NotAllowed
    """
    role = _role(role)
    reason = (note or "").strip() or "draft rejected"
    with writing(engine) as conn:
        if expect_version is not None:
            _expect_version(conn, claim_id, expect_version)
        why = f"rejection proposed: {reason}" if role == "analyst" else reason
        return _decide(conn, claim_id, "rejected", who=who, role=role, note=why)


def _expect_version(conn: Connection, claim_id: str, expected: int) -> None:
    from geo.store.errors import StaleVersion

    version = conn.execute(sa.select(t.claims.c.version).where(t.claims.c.id == claim_id)).scalar()
    if version is None:
        raise NotFound(f"no claim {claim_id!r} in the store")
    if version != expected:
        raise StaleVersion("claim", claim_id, expected, int(version))


def confirm_document(
    engine: Engine,
    source_id: str,
    changes: Mapping[str, Any],
    *,
    who: str,
    note: str | None = None,
) -> list[str]:
    """State a document's title, name, outlet, address or dates; return the fields changed.

    Raises
    ------
    NotFound, InvalidEdit, NotAllowed
    """
    for key in ("name", "title", "outlet"):
        value = changes.get(key)
        if isinstance(value, str) and (_CONTROL.search(value) or unbalanced(value)):
            raise InvalidEdit(f"source {source_id}: {key} holds a control character")
    with writing(engine) as conn:
        return store_drafts.update_source(conn, source_id, changes, who=who, note=note)


def upload_article(
    engine: Engine,
    data: bytes,
    file_name: str,
    *,
    who: str,
    confirmed: Any = None,
    ingester: Any = None,
) -> Any:
    """Ingest an uploaded article as ``claimmap ingest`` does; return ``Ingested``.

    Parameters
    ----------
    data : the file's bytes.
    file_name : its name (``.html``/``.htm`` is read as a web page).
    confirmed : ``geo.ingest.ingest.Confirmed`` (what the analyst states), or None.
    ingester : a ``geo.ingest.ingest.Ingester`` kept between uploads (its extractor
        takes a second or two to load); default: a new one.

    Raises
    ------
    InvalidEdit
        For bytes that cannot be ingested or bad stated values (one line each).
    StoreError
        When the store refuses; nothing is written then.
    """
    from geo.ingest.document import BadDocument, read_document
    from geo.ingest.ingest import Confirmed, Ingester, confirmed_problems

    confirmed = confirmed or Confirmed()
    problems = confirmed_problems(confirmed)
    if problems:
        raise InvalidEdit([p.replace("--", "", 1) for p in problems])
    try:
        document = read_document(data, file_name or "upload")
    except BadDocument as exc:
        raise InvalidEdit(str(exc)) from None
    ingester = ingester or Ingester(engine, who=who)
    return ingester.ingest(document, confirmed)


def confirmed_from(values: Mapping[str, Any]) -> Any:
    """Build what the analyst states about an upload from a form's fields (blanks left out).

    ``values`` may hold ``published`` (a date or YYYY-MM-DD), ``outlet``, ``url``, ``title``.

    Raises
    ------
    InvalidEdit
        For a date that is not YYYY-MM-DD.
    """
    import datetime as dt

    from geo.ingest.ingest import Confirmed

    def text(key: str) -> str | None:
        value = values.get(key)
        return (value.strip() or None) if isinstance(value, str) else None

    published = values.get("published")
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published.strip()) if published.strip() else None
        except ValueError:
            raise InvalidEdit(f"published {published!r} is not a date (YYYY-MM-DD)") from None
    return Confirmed(published, text("outlet"), text("url"), text("title"))


def store_role(engine: Engine) -> str:
    """Return the current user's role for the review: ``reviewer`` or ``analyst`` (see the doc)."""
    if engine.dialect.name != "postgresql":
        return "reviewer"
    query = sa.text(
        "SELECT r.rolsuper OR EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = "
        "'claimmap_reviewer' AND pg_has_role(current_user, g.oid, 'MEMBER')) "
        "FROM pg_roles r WHERE r.rolname = current_user"
    )
    with reading(engine) as conn:
        return "reviewer" if conn.execute(query).scalar() else "analyst"
