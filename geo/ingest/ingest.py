"""Ingest a document into a store: archive it, record its source, add its draft claims.

One write transaction per document (``Ingester.ingest``): the source record,
the archive (text, original bytes, SHA-256), and for each draft claim its own
group, the claim (review status ``draft``) and the machine's proposal
(``geo.store.drafts``). Either all of it is written or none of it. The same
bytes ingested again add nothing: the archive's SHA-256 says which source
holds them already.

What the analyst gives (``Confirmed``: publication date, outlet, address,
title) goes into the source record as facts. What a web page says about
itself (title, date, site, address) is kept as suggestions: in the source's
``note`` and its ``insert`` audit entry, never in its fields. The page's date
is still the best guess for resolving "last Monday", and the drafts' notes say
so when it was used.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.ingest.claimdrafts import ClaimDraft, DocumentContext, DraftLeftOut, claim_draft
from geo.ingest.document import Document
from geo.models import Source
from geo.store import schema as t
from geo.store.archive import archive_document
from geo.store.drafts import (
    archived_as,
    insert_group,
    insert_source,
    record_proposal,
    taken_ids,
)
from geo.store.edits import insert_claim
from geo.store.engine import reading, writing
from geo.store.errors import InvalidEdit
from geo.store.rows import row_place

_SLUG_WORDS = 6
_SLUG_CHARS = 40


@dataclass(frozen=True)
class Confirmed:
    """What the analyst states about a document (stored as facts).

    Parameters
    ----------
    published : the publication date (also resolves relative dates).
    outlet : the outlet's name.
    url : the article's address (http or https).
    title : the article's title.
    """

    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


def confirmed_problems(confirmed: Confirmed) -> list[str]:
    """Return what is wrong with the analyst's values, one line each (nothing: all good)."""
    from geo.bidi import unbalanced
    from geo.urls import is_safe_url
    from geo.validate import PLAUSIBLE_DATES

    problems = []
    if confirmed.url is not None and not is_safe_url(confirmed.url):
        problems.append(f"--url {confirmed.url[:80]!r} is not an http(s) address with a host")
    low, high = PLAUSIBLE_DATES
    if confirmed.published is not None and not low <= confirmed.published <= high:
        problems.append(f"--published {confirmed.published} is outside {low} to {high}")
    for name in ("outlet", "title"):
        value = getattr(confirmed, name)
        if value is None:
            continue
        if not value.strip():
            problems.append(f"--{name} is empty")
        elif _CONTROL.search(value):
            problems.append(f"--{name} holds a control character")
        elif unbalanced(value):
            problems.append(f"--{name} {unbalanced(value)}")
    return problems


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Ingested:
    """What ingesting one document did.

    Parameters
    ----------
    name : the input as messages name it.
    source_id : the document's source (the one that holds the bytes already, when not added).
    added : False when the same bytes were archived already (nothing was written).
    drafts : the ids of the draft claims added.
    left_out : one line per draft that could not pass the checks.
    suggestions : what the page says about itself (title, date, site, url).
    """

    name: str
    source_id: str
    added: bool
    drafts: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()
    suggestions: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return what was done as JSON-ready values (``claimmap ingest --json``)."""
        return {
            "path": self.name,
            "source_id": self.source_id,
            "added": self.added,
            "drafts": list(self.drafts),
            "left_out": list(self.left_out),
            "suggestions": dict(self.suggestions),
        }

    def summary(self) -> str:
        """One line saying what was done."""
        if not self.added:
            return f"{self.name}: already archived as {self.source_id}; nothing added"
        left = f", {len(self.left_out)} left out" if self.left_out else ""
        offered = [f"{k} “{_shown(v)}”" for k, v in self.suggestions.items() if v]
        page = f"; the page suggests (unconfirmed) {', '.join(offered)}" if offered else ""
        return (
            f"{self.name}: {self.source_id} archived, {len(self.drafts)} draft claim(s){left}{page}"
        )


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(value: Any, limit: int = 80) -> str:
    """Return a page's text as a terminal may show it: controls replaced, cut to ``limit``."""
    text = _UNPRINTABLE.sub("\ufffd", " ".join(str(value).split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Ingester:
    """Ingest documents into one store, with one extractor loaded for all of them.

    Parameters
    ----------
    engine : the store.
    who : the name the audit trail records.
    data : the data directory whose actors file the extractor reads (default: bundled).
    extractor : an ``Extractor`` already loaded over this store's gazetteer (default:
        one is built on first use).
    """

    def __init__(self, engine: Engine, *, who: str, data: str | None = None, extractor: Any = None):
        self.engine = engine
        self.who = who
        self.data = data
        self._extractor = extractor

    @property
    def extractor(self):
        """The extractor, over the store's gazetteer (loaded on first use)."""
        if self._extractor is None:
            from geo.ingest.extract import Extractor

            with reading(self.engine) as conn:
                places = {
                    row.id: row_place(row._mapping)
                    for row in conn.execute(sa.select(t.places).order_by(t.places.c.position))
                }
            self._extractor = Extractor(self.data, gazetteer=places)
        return self._extractor

    def archived_as(self, document: Document) -> str | None:
        """Return the source that holds this document's bytes already, if any."""
        with reading(self.engine) as conn:
            return archived_as(conn, document.sha256)

    def ingest(self, document: Document, confirmed: Confirmed | None = None) -> Ingested:
        """Archive a document and add its draft claims, in one transaction.

        Raises
        ------
        StoreError
            When the store refuses (nothing is written then).
        """
        confirmed = confirmed or Confirmed()
        existing = self.archived_as(document)
        if existing is not None:
            return Ingested(document.name, existing, False, suggestions=document.suggestions())
        with reading(self.engine) as conn:
            source, origin = _new_source(conn, document, confirmed)
        anchor, label = _anchor(document, confirmed)
        context = DocumentContext(
            source_id=source.id,
            origin=origin,
            text=document.text,
            place_ids=set(self.extractor.gazetteer),
            published=confirmed.published,
            anchor=anchor,
            anchor_label=label,
            outlet=confirmed.outlet,
        )
        drafts, left_out = self._drafts(document, context)
        with writing(self.engine) as conn:
            existing = archived_as(conn, document.sha256)  # another process may have been first
            if existing is not None:
                return Ingested(document.name, existing, False, suggestions=document.suggestions())
            added, refused = self._write(conn, document, source, drafts)
        return Ingested(
            document.name,
            source.id,
            True,
            tuple(added),
            tuple(left_out + refused),
            document.suggestions(),
        )

    def _drafts(
        self, document: Document, context: DocumentContext
    ) -> tuple[list[ClaimDraft], list[str]]:
        from geo.ingest.drafts import propose_drafts

        extraction = self.extractor.extract(document.text, context.anchor)
        proposed = propose_drafts(
            document.text, extraction, context.source_id, self.extractor.gazetteer
        )
        drafts, left_out = [], []
        for draft in proposed:
            try:
                drafts.append(claim_draft(draft, context))
            except DraftLeftOut as exc:
                left_out.append(str(exc))
        return drafts, left_out

    def _write(
        self, conn: Connection, document: Document, source: Source, drafts: list[ClaimDraft]
    ) -> tuple[list[str], list[str]]:
        detail = {"suggested": document.suggestions(), "file_name": document.file_name}
        insert_source(conn, source, who=self.who, note="ingested", detail=detail)
        archive_document(
            conn,
            source.id,
            document.text,
            who=self.who,
            original=document.original,
            file_name=document.file_name,
            note="ingested",
        )
        added, refused = [], []
        for draft in drafts:
            try:
                with conn.begin_nested():  # a draft the store refuses leaves nothing behind
                    insert_group(conn, draft.group, who=self.who, note="draft claim's own group")
                    insert_claim(conn, draft.claim, who=self.who, note="draft proposed by ingest")
                    record_proposal(conn, draft.claim.id, draft.proposal, who=self.who)
            except InvalidEdit as exc:
                refused.append(f"draft {draft.claim.id}: {'; '.join(exc.problems)}")
                continue
            added.append(draft.claim.id)
        return added, refused


def _anchor(document: Document, confirmed: Confirmed) -> tuple[dt.date | None, str]:
    if confirmed.published is not None:
        return confirmed.published, "the publication date given"
    suggested = document.suggested_date()
    if suggested is not None:
        return suggested, "the page's own date (unconfirmed)"
    return None, "no publication date"


def _new_source(conn: Connection, document: Document, confirmed: Confirmed) -> tuple[Source, str]:
    """Return the document's source record and the origin of its unattributed reporting."""
    outlet_id = _outlet_source(conn, confirmed.outlet)
    base = f"doc-{_slug(confirmed.title or confirmed.outlet or _stem(document))}"
    source_id = f"{base}-{document.sha256[:8]}"
    if taken_ids(conn, t.sources, [source_id]):
        source_id = f"{base}-{document.sha256[:16]}"
    name = confirmed.title or document.file_name or f"document {document.sha256[:12]}"
    source = Source(
        id=source_id,
        kind="document",
        name=name,
        outlet=confirmed.outlet,
        title=confirmed.title,
        url=confirmed.url,
        published=confirmed.published,
        published_precision="day" if confirmed.published else "unknown",
        cites=(outlet_id,) if outlet_id else (),
        note=_note(document),
    )
    return source, outlet_id or source_id


def _outlet_source(conn: Connection, outlet: str | None) -> str | None:
    """Return the id of the outlet source with this name, if the store has one."""
    if not outlet:
        return None
    s = t.sources.c
    rows = conn.execute(sa.select(s.id, s.name).where(s.kind == "outlet")).all()
    wanted = outlet.strip().casefold()
    return next((rid for rid, name in rows if name.strip().casefold() == wanted), None)


def _note(document: Document) -> str:
    parts = [f"Ingested from {document.file_name or document.name}."]
    offered = {k: v for k, v in document.suggestions().items() if v}
    if offered:
        shown = "; ".join(f"{key} “{value}”" for key, value in offered.items())
        parts.append(
            f"Suggested by the page itself, unconfirmed: {shown}. Confirm before relying on them."
        )
    return " ".join(parts)


def _stem(document: Document) -> str:
    name = document.file_name or "ingested"
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:_SLUG_WORDS]
    slug = "-".join(words)[:_SLUG_CHARS].strip("-")
    return slug or "document"
