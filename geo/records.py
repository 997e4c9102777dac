"""Flat, JSON-ready properties of a claim: one function for exports, popups and the dashboard."""

from __future__ import annotations

from typing import Any

from geo.dataset import Dataset
from geo.dates import date_inferred, iso
from geo.models import Claim, Quantity
from geo.provenance import Conflict, Entry, outlet_name, roots

#: The property names every export carries (DESIGN.md contract), in order.
EXPORT_FIELDS = (
    "claim_id",
    "type",
    "statement",
    "quote",
    "claimant",
    "source_id",
    "outlet",
    "event_start",
    "event_end",
    "date_precision",
    "actors",
    "quantities",
    "status",
    "place_ids",
)


#: Every property of `claim_properties`, in order: the contract's, then provenance.
CLAIM_FIELDS = (
    *EXPORT_FIELDS,
    "mode",
    "group",
    "group_title",
    "origin",
    "url",
    "date_note",
    "date_inferred",
    "published",
    "published_end",
    "independent_sources",
    "conflicts",
    "grade",
    "grading_note",
    "review_status",
    "version",
)

#: What the data exports (GeoJSON, CSV, GeoPackage) add to `claim_properties`.
DOCUMENT_FIELDS = ("document_sha256",)


def quantity_properties(quantity: Quantity) -> dict[str, Any]:
    """Return a quantity as a plain dict (None for the fields its qualifier does not use).

    Whole numbers are ints (``60``, not ``60.0``).
    """
    data = quantity.model_dump(mode="json")
    for key in ("value", "min", "max"):
        if isinstance(data[key], float) and data[key].is_integer():
            data[key] = int(data[key])
    return data


def claim_properties(dataset: Dataset, claim: Claim) -> dict[str, Any]:
    """Return the claim's properties: the export contract's names first, then provenance.

    Dates are ISO strings or None; lists are lists; every value is JSON-ready.
    ``published``/``published_end`` are the document's dates (which bound an
    undated claim, ``geo.dates``); ``date_inferred`` says whether the event dates
    are the analyst's inference rather than stated in the text.
    ``independent_sources``, ``conflicts`` and ``grade`` come from the dataset's
    analysis (computed once over all claims); ``review_status`` and ``version``
    from the store (``draft`` and 1 for records read from data files).
    """
    source = dataset.sources.get(claim.source_id)
    group = dataset.analysis.group(claim.id)
    return {
        "claim_id": claim.id,
        "type": claim.type,
        "statement": claim.statement,
        "quote": claim.quote,
        "claimant": claim.claimant,
        "source_id": claim.source_id,
        "outlet": dataset.outlet_of(claim),
        "event_start": claim.event_start.isoformat() if claim.event_start else None,
        "event_end": claim.event_end.isoformat() if claim.event_end else None,
        "date_precision": claim.date_precision,
        "actors": list(claim.actors),
        "quantities": [quantity_properties(q) for q in claim.quantities],
        "status": claim.status,
        "place_ids": list(claim.places),
        "mode": claim.mode,
        "group": claim.group,
        "group_title": group.title,
        "origin": claim.origin,
        "url": source.url if source else None,
        "date_note": claim.date_note,
        "date_inferred": date_inferred(claim),
        "published": iso(source.published) if source else None,
        "published_end": iso(source.published_end) if source else None,
        "independent_sources": group.independent_count,
        "conflicts": [c.summary for c in dataset.analysis.conflicts_for(claim.id)],
        "grade": group.grade,
        "grading_note": group.grading_note,
        "review_status": dataset.review_status_of(claim),
        "version": dataset.version_of(claim),
    }


def document_properties(dataset: Dataset, claim: Claim) -> dict[str, Any]:
    """Return the claim's document hash for the data exports (``document_sha256``, or None)."""
    document = dataset.document_of(claim)
    return {"document_sha256": document.sha256 if document else None}


def conflict_properties(dataset: Dataset, conflict: Conflict) -> dict[str, Any]:
    """Return a conflict as a JSON-ready dict, each entry with its outlet and origin name."""
    group = dataset.analysis.groups[conflict.group]
    return {
        "kind": conflict.kind,
        "group": conflict.group,
        "group_title": group.title,
        "what": conflict.what,
        "overlap": conflict.overlap,
        "summary": conflict.summary,
        "entries": [_entry_properties(dataset, e) for e in conflict.entries],
    }


def _entry_properties(dataset: Dataset, entry: Entry) -> dict[str, Any]:
    """Return one reported value of a conflict with who carries it and whom it relays."""
    first = sorted(roots(entry.origin, dataset.sources))
    return {
        "claim_id": entry.claim_id,
        "source_id": entry.source_id,
        "outlet": entry.outlet,
        "origin": entry.origin,
        "origin_name": origin_name(dataset, entry.origin),
        "roots": first,
        "root_names": [origin_name(dataset, r) for r in first],
        "text": entry.text,
    }


def origin_name(dataset: Dataset, source_id: str) -> str:
    """Return the display name of a source: its outlet, else its name."""
    return outlet_name(dataset.sources.get(source_id), source_id)
