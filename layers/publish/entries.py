"""The brief's entry for one claim: every field a reader needs to weigh it, as plain text.

An entry names the claim's statement, verbatim quote, claimant, outlet and
document, first reporter, event dates with their precision, places (with their
local names and how precisely they are known), figures with their qualifiers,
actors, status as reported, independent sources, conflicts, Admiralty grade and
the SHA-256 of the document. Every string from a document is cleaned
(``layers.publish.text.clean``) before it reaches a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.models import Claim, Quantity
from geo.records import origin_name
from layers.publish.captions import date_range, source_text
from layers.publish.text import clean, local_name
from layers.style import style_for

#: How a qualifier reads before its value.
QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "nearly": "nearly ",
    "up_to": "up to ",
    "range": "",
}
NOT_ARCHIVED = "not archived"
NBSP = "\u00a0"


@dataclass(frozen=True)
class ClaimEntry:
    """One claim as the brief prints it.

    Parameters
    ----------
    number : its number in the brief (1-based).
    heading : ``12. Border crossing · tml-iyad-crossing``.
    color, shape : the claim type's colour and marker shape (as on the map).
    fields : (label, value, style) rows; style is ``"normal"`` or ``"italic"``.
    """

    number: int
    heading: str
    color: str
    shape: str
    fields: tuple[tuple[str, str, str], ...]


def document_hash(dataset: Any, source_id: str) -> str:
    """Return the SHA-256 of a claim's document, or ``"not archived"``.

    The hash the data set carries (``Dataset.documents``): the store's archive, or,
    read from data files, the seed article hashed on load.
    """
    info = dataset.documents.get(source_id)
    return info.sha256 if info is not None else NOT_ARCHIVED


def custody_text(dataset: Any, source_id: str) -> str:
    """Return who archived a document and when, as far as the data set knows."""
    info = dataset.documents.get(source_id)
    if info is None:
        return "not archived"
    if info.archived_at is None:
        return f"hashed from the seed file on load ({info.size:,} bytes)"
    who = f" by {clean(info.archived_by)}" if info.archived_by else ""
    return f"archived {info.archived_at:%Y-%m-%d %H:%M} UTC{who} ({info.size:,} bytes)"


def quantity_text(quantity: Quantity) -> str:
    """Return a figure in the source's words, then as coded (qualifier, value, unit, what)."""

    def number(value: float | None) -> str:
        return f"{value:,.0f}" if value is not None and float(value).is_integer() else f"{value:,}"

    if quantity.qualifier == "range":
        value = f"{number(quantity.min)} to {number(quantity.max)}"
    else:
        value = number(quantity.value)
    unit = f" {clean(quantity.unit)}" if quantity.unit else ""
    coded = f"{QUALIFIER_WORDS[quantity.qualifier]}{value}{unit}"
    return f"“{clean(quantity.text)}” ({coded}; {quantity.what.replace('_', ' ')})"


def places_text(dataset: Any, claim: Claim) -> str:
    """Return the claim's places with local names and precision, in order."""
    if not claim.places:
        return "none named (not on the map)"
    names = []
    for place_id in claim.places:
        place = dataset.places.get(place_id)
        if place is None:
            names.append(clean(place_id))
            continue
        # The local name comes last: text after it would be pulled into its right-to-left
        # run (isolates would prevent that, but matplotlib's PDF output misplaces them).
        # No-break spaces tie it to the text before: a line that began with it would be
        # laid out right to left as a whole.
        local = local_name(place)
        names.append(
            f"{clean(place.name)}, {_precision(place.precision_m)}"
            + (f",{NBSP}{local.replace(' ', NBSP)}" if local else "")
        )
    joiner = " → " if claim.mode else "; "
    how = {"ground": " — by road", "air": " — by air"}.get(claim.mode or "", "")
    return joiner.join(names) + how


def _precision(metres: float) -> str:
    return f"±{metres / 1000:g} km" if metres >= 1000 else f"±{metres:g} m"


def dates_text(claim: Claim) -> str:
    """Return the event dates in words with their precision and how they were resolved."""
    if claim.event_start is None:
        text = "no event date given"
    else:
        text = (
            f"{date_range(claim.event_start, claim.event_end)} (precision: {claim.date_precision})"
        )
    return f"{text}. {clean(claim.date_note)}" if claim.date_note else text


def claim_entry(dataset: Any, claim: Claim, number: int) -> ClaimEntry:
    """Return the brief's entry for ``claim``."""
    look = style_for(claim.type)
    source = dataset.sources.get(claim.source_id)
    group = dataset.analysis.group(claim.id)
    conflicts = [clean(c.summary) for c in dataset.analysis.conflicts_for(claim.id)]
    document = source_text(source) if source else clean(claim.source_id)
    if source is not None and source.url:
        document += f" {clean(source.url)}"
    fields = [
        ("Statement", clean(claim.statement), "normal"),
        ("Quote", f"“{clean(claim.quote)}”", "italic"),
        ("Claimant", clean(claim.claimant), "normal"),
        ("Source", document, "normal"),
    ]
    if claim.origin != claim.source_id:
        fields.append(("First reported by", clean(origin_name(dataset, claim.origin)), "normal"))
    fields += [
        ("Event dates", dates_text(claim), "normal"),
        ("Places", places_text(dataset, claim), "normal"),
        ("Figures", "; ".join(quantity_text(q) for q in claim.quantities) or "none", "normal"),
        ("Actors named", ", ".join(clean(a) for a in claim.actors) or "none", "normal"),
        ("Status as reported", claim.status.replace("_", " "), "normal"),
        ("Independent sources", _independent(group), "normal"),
        ("Conflicts", "; ".join(conflicts) or "none recorded", "normal"),
        ("Grade", grade_text(group.grade, group.grading_note), "normal"),
        ("Document SHA-256", document_hash(dataset, claim.source_id), "normal"),
    ]
    heading = f"{number}. {look.label.capitalize()} · {claim.id}"
    return ClaimEntry(number, heading, look.color, look.shape, tuple(fields))


#: The Admiralty (NATO) code: the source's reliability and the information's credibility.
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}


def grade_text(grade: str, note: str | None) -> str:
    """Return ``F6: reliability cannot be judged; truth cannot be judged (not assessed)``."""
    words = [RELIABILITY.get(grade[:1], ""), CREDIBILITY.get(grade[1:], "")]
    meaning = "; ".join(w for w in words if w)
    return f"{grade}: {meaning}" + (f" ({clean(note)})" if note and clean(note) else "")


def _independent(group: Any) -> str:
    records = len(group.claim_ids)
    return (
        f"{group.independent_count} (underlying claim “{clean(group.title)}”, "
        f"{records} record{'s' if records != 1 else ''} in the data)"
    )


def entry_order(claims: Any) -> list[Claim]:
    """Return claims by event date (undated last), then in file order."""
    indexed = list(enumerate(claims))
    indexed.sort(
        key=lambda pair: (
            pair[1].event_start is None,
            pair[1].event_start.toordinal() if pair[1].event_start else 0,
            pair[0],
        )
    )
    return [claim for _, claim in indexed]
