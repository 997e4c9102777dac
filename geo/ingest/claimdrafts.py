"""Draft claims (``propose_drafts``) made into records the store accepts, or left out.

A proposed draft is a guess; a claim in the store must pass what ``check``
checks. ``claim_draft`` closes the gaps a guess leaves, mechanically and
openly: each repair is a *note* the review shows beside the draft, and the
draft's ``confidence`` of that field is lowered.

- Places not in the store's gazetteer (GeoNames cities, countries) stay out of
  ``places``; they remain among the candidates, with a note to add them first.
- An open end ("since January 6", "by Jan. 11"): the claim model wants both
  ends or neither. With a publication date (given, else the page's suggested
  one) an open end is closed by it ("since" up to publication); else the
  dates are left empty and the note keeps the phrase and its bound.
- Dates the checks refuse (outside the plausible window, after the document
  was published) are left empty, with a note.
- No claimant found: the outlet, else "the document (unattributed)".
- A quantity the model refuses is left out, with a note.

A draft that still does not validate (its quote or statement holds a control
character or an unclosed bidirectional override, which no data file may
hold; a field the model refuses) is left out: :class:`DraftLeftOut` carries
one line saying why, which ``claimmap ingest`` prints as a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from geo.bidi import unbalanced
from geo.loading import describe_error
from geo.models import Claim, Group, Quantity
from geo.validate import PLAUSIBLE_DATES, quote_in_text

#: Characters no text field of a data file may hold (as ``geo.yamlio`` refuses them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Text fields of a claim checked for control characters and bidirectional controls.
_TEXT_FIELDS = ("quote", "statement", "claimant", "date_note")
UNATTRIBUTED = "the document (unattributed)"
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_GROUP_TITLE_CHARS = 120


class DraftLeftOut(ValueError):
    """A draft that cannot become a claim; ``str()`` is one line naming it."""


@dataclass(frozen=True)
class DocumentContext:
    """What every draft of one document shares.

    Parameters
    ----------
    source_id : the document's source id.
    origin : the source its unattributed reporting comes from (its outlet's, or its own).
    text : the archived text (offsets refer to it).
    place_ids : the places the store's gazetteer holds.
    published : the publication date the analyst gave (None: not confirmed).
    anchor : the date relative phrases were resolved against (given or suggested).
    anchor_label : what ``anchor`` is, for notes ("the publication date given").
    outlet : the outlet the analyst gave.
    """

    source_id: str
    origin: str
    text: str
    place_ids: Collection[str]
    published: dt.date | None = None
    anchor: dt.date | None = None
    anchor_label: str = "no publication date"
    outlet: str | None = None


@dataclass(frozen=True)
class ClaimDraft:
    """A draft ready for the store: the claim, its own group and the proposal to keep."""

    claim: Claim
    group: Group
    proposal: dict[str, Any] = field(default_factory=dict)


def claim_draft(draft: Mapping[str, Any], context: DocumentContext) -> ClaimDraft:
    """Make one proposed draft a claim record (see the module doc).

    Raises
    ------
    DraftLeftOut
        When the draft cannot pass the checks.
    """
    notes: list[str] = []
    confidence = dict(draft.get("confidence") or {})
    places, mode = _places(draft, context, notes, confidence)
    dates = _dates(draft, context, notes, confidence)
    quantities = _quantities(draft, notes)
    claimant = _claimant(draft, context, notes, confidence)
    data = {
        "id": draft["id"],
        "group": draft["id"],
        "source_id": context.source_id,
        "origin": context.origin,
        "claimant": claimant,
        "type": draft["type"],
        "statement": draft["statement"],
        "quote": draft["quote"],
        "places": places,
        "mode": mode,
        **dates,
        "actors": list(draft.get("actors") or ()),
        "quantities": quantities,
        "status": draft.get("status") or "reported",
        "review_status": "draft",
    }
    claim = _validated(data, context)
    group = Group(id=claim.id, title=_title(claim.statement))
    proposal = _proposal(draft, notes, confidence, context)
    return ClaimDraft(claim, group, proposal)


def _validated(data: dict[str, Any], context: DocumentContext) -> Claim:
    name = f"draft {data['id']}"
    for key in _TEXT_FIELDS:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        found = _CONTROL.search(value)
        if found:
            raise DraftLeftOut(
                f"{name}: its {key} holds the control character U+{ord(found.group()):04X}"
            )
        problem = unbalanced(value)
        if problem:
            raise DraftLeftOut(f"{name}: its {key} holds {problem}")
    try:
        claim = Claim.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(describe_error(e, data, Claim) for e in exc.errors())
        raise DraftLeftOut(f"{name}: {reasons}") from None
    if not quote_in_text(claim.quote, context.text):
        raise DraftLeftOut(f"{name}: its quote is not found verbatim in the document")
    return claim


def _places(
    draft: Mapping[str, Any], context: DocumentContext, notes: list[str], confidence: dict
) -> tuple[list[str], str | None]:
    """Return the proposed places the store knows, in order, and a route's mode (two or more)."""
    kept: list[str] = []
    for place_id in draft.get("places") or ():
        if place_id in context.place_ids:
            if not kept or kept[-1] != place_id:
                kept.append(place_id)
        else:
            notes.append(
                f"place {place_id} is not in the gazetteer: add it there to map this claim"
            )
    named = [s for s in draft.get("spans") or () if s.get("kind") == "place"]
    unknown = [s["text"] for s in named if not any(c.get("curated") for c in s["candidates"])]
    for text in dict.fromkeys(unknown):
        notes.append(f"'{text}' is not in the gazetteer (GeoNames candidates only)")
    if len(kept) < len(draft.get("places") or ()):
        confidence["places"] = min(float(confidence.get("places", 0.5)), 0.3)
    mode = draft.get("mode") if len(kept) >= 2 else None
    return kept, mode


def _dates(
    draft: Mapping[str, Any], context: DocumentContext, notes: list[str], confidence: dict
) -> dict[str, Any]:
    start, end = _as_date(draft.get("event_start")), _as_date(draft.get("event_end"))
    precision = draft.get("date_precision") or "unknown"
    note = draft.get("date_note")
    if (start is None) != (end is None):
        start, end, precision, note = _close(start, end, precision, note, context, notes)
        confidence["dates"] = min(float(confidence.get("dates", 0.4)), 0.3)
    refused = _date_problem(start, end, context)
    if refused:
        notes.append(f"dates {start} .. {end} left empty: {refused}")
        note = f"{note}; left empty: {refused}" if note else f"left empty: {refused}"
        start = end = None
        precision = "unknown"
        confidence["dates"] = 0.1
    return {"event_start": start, "event_end": end, "date_precision": precision, "date_note": note}


def _close(start, end, precision, note, context: DocumentContext, notes: list[str]) -> tuple:
    """Close an open end with the publication date, or leave both ends empty."""
    phrase = note or "a date phrase"
    if start is not None and context.anchor is not None and context.anchor >= start:
        notes.append(
            f"open end ({phrase}) closed by {context.anchor_label} {context.anchor}: "
            "narrow it if the text allows"
        )
        return start, context.anchor, "range", f"{phrase}; closed by {context.anchor_label}"
    bound = f"from {start}" if start is not None else f"until {end}"
    notes.append(
        f"open range ({phrase}: {bound}) left undated: the claim model needs both ends; "
        "give the earliest and latest dates the text supports"
    )
    return None, None, "unknown", f"{phrase}: {bound}, the other end open"


def _date_problem(start, end, context: DocumentContext) -> str | None:
    low, high = PLAUSIBLE_DATES
    for value in (start, end):
        if value is not None and not low <= value <= high:
            return f"{value} is outside {low} to {high}"
    if start is not None and context.published is not None and start > context.published:
        return f"it begins after the document was published ({context.published})"
    return None


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _quantities(draft: Mapping[str, Any], notes: list[str]) -> list[dict[str, Any]]:
    kept = []
    for item in draft.get("quantities") or ():
        quantity = {k: v for k, v in item.items() if k in Quantity.model_fields}
        if item.get("note"):
            notes.append(f"figure '{item.get('text')}': {item['note']}")
        try:
            Quantity.model_validate(quantity)
        except ValidationError as exc:
            reason = describe_error(exc.errors()[0], quantity, Quantity)
            notes.append(f"figure '{item.get('text')}' left out: {reason}")
            continue
        kept.append(quantity)
    return kept


def _claimant(
    draft: Mapping[str, Any], context: DocumentContext, notes: list[str], confidence: dict
) -> str:
    claimant = (draft.get("claimant") or "").strip()
    if claimant.split(",")[0].strip().lower() in _PRONOUNS:
        notes.append(f"the claimant is the pronoun '{claimant}': say who it stands for")
        confidence["claimant"] = min(float(confidence.get("claimant", 0.2)), 0.2)
    if claimant:
        return claimant
    fallback = (draft.get("outlet") or context.outlet or "").strip()
    confidence["claimant"] = 0.2 if fallback else 0.1
    if fallback:
        notes.append(f"no claimant found: the outlet {fallback} is given as claimant")
        return fallback
    notes.append(f"no claimant found: '{UNATTRIBUTED}' is given as claimant")
    return UNATTRIBUTED


def _title(statement: str) -> str:
    text = " ".join(statement.split())
    if len(text) <= _GROUP_TITLE_CHARS:
        return text
    return text[: _GROUP_TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"


#: Keys of a proposed draft kept as the proposal (what the machine said, as it said it).
_PROPOSED = (
    "type",
    "statement",
    "quote",
    "claimant",
    "outlet",
    "places",
    "mode",
    "event_start",
    "event_end",
    "date_precision",
    "date_note",
    "quantities",
    "actors",
    "status",
)


def _proposal(
    draft: Mapping[str, Any], notes: list[str], confidence: dict, context: DocumentContext
) -> dict[str, Any]:
    """Return what the review shows beside the claim: offsets, candidates, notes, confidence."""
    proposed = {k: _json(draft.get(k)) for k in _PROPOSED}
    return {
        "quote_start": draft["quote_start"],
        "quote_end": draft["quote_end"],
        "sentence_start": draft.get("sentence_start", draft["quote_start"]),
        "sentence_end": draft.get("sentence_end", draft["quote_end"]),
        "confidence": {k: round(float(v), 2) for k, v in confidence.items()},
        "place_notes": [dict(n) for n in draft.get("place_notes") or ()],
        "spans": [dict(s) for s in draft.get("spans") or ()],
        "notes": list(dict.fromkeys(notes)),
        "anchor": context.anchor.isoformat() if context.anchor else None,
        "anchor_label": context.anchor_label,
        "proposed": proposed,
    }


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json(v) for k, v in value.items()}
    return value
