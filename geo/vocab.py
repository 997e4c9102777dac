"""The shared vocabulary: claim types, layers, qualifiers, precisions, statuses and their names.

One light module (no pydantic, no pandas) that the models, the CLI, the dashboard, the
map and the exports all read, so that a word means the same everywhere. The ``Literal``
types feed the models' validation; the tuples keep the order used in choices, checks
and legends; the ``*_LABELS`` mappings are the readable names shown to people.
"""

from __future__ import annotations

from typing import Literal, get_args

PlaceKind = Literal["border_crossing", "city", "airport", "province", "site", "country"]
SourceKind = Literal["document", "outlet", "person", "organisation", "dataset", "social_account"]
ClaimType = Literal[
    "recruitment",
    "crossing",
    "transit",
    "assembly",
    "flight_surge",
    "onward_transfer",
    "deployment",
    "meeting",
    "eyewitness",
    "statement",
    "denial",
    "casualties",
    "arrests",
    "refusal",
    "rally",
]
Qualifier = Literal["exact", "about", "more_than", "at_least", "nearly", "up_to", "range"]
DatePrecision = Literal["day", "range", "week", "month", "unknown"]
Status = Literal[
    "reported",
    "unverified",
    "not_independently_verified",
    "unconfirmed",
    "confirmed_by_claimant",
    "denied",
    "official_statement",
]
Mode = Literal["ground", "air"]
ReviewStatus = Literal["draft", "needs_review", "accepted", "rejected"]

PLACE_KINDS: tuple[str, ...] = get_args(PlaceKind)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
CLAIM_TYPES: tuple[str, ...] = get_args(ClaimType)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
STATUSES: tuple[str, ...] = get_args(Status)
MODES: tuple[str, ...] = get_args(Mode)
REVIEW_STATUSES: tuple[str, ...] = get_args(ReviewStatus)

#: Admiralty grading: source reliability A (reliable) to F (cannot be judged) and
#: information credibility 1 (confirmed) to 6 (cannot be judged).
RELIABILITY = ("A", "B", "C", "D", "E", "F")
CREDIBILITY = (1, 2, 3, 4, 5, 6)

#: Map layers, in drawing order (bottom first).
LAYERS = ("areas", "routes", "flights", "crossings", "sites")
LAYER_LABELS = {
    "areas": "Areas (province- or country-level claims)",
    "routes": "Ground routes",
    "flights": "Flights",
    "crossings": "Border crossings",
    "sites": "Cities, airports and sites",
}

#: Claim type -> readable name.
TYPE_LABELS = {
    "recruitment": "recruitment",
    "crossing": "border crossing",
    "transit": "transit",
    "assembly": "assembly",
    "flight_surge": "flight surge",
    "onward_transfer": "onward transfer",
    "deployment": "deployment",
    "meeting": "meeting",
    "eyewitness": "eyewitness account",
    "statement": "statement",
    "denial": "denial",
    "casualties": "casualties",
    "arrests": "arrests",
    "refusal": "refusal",
    "rally": "rally",
}

#: Status as reported -> readable name.
STATUS_LABELS = {status: status.replace("_", " ") for status in STATUSES}

#: Review status -> readable name.
REVIEW_LABELS = {
    "draft": "draft",
    "needs_review": "needs review",
    "accepted": "accepted",
    "rejected": "rejected",
}

#: Place precision classes, from most to least precise; "unmapped" = a claim with no place.
PRECISIONS = ("point", "city", "province", "country", "unmapped")
PRECISION_LABELS = {
    "point": "point / crossing",
    "city": "city",
    "province": "province",
    "country": "country",
    "unmapped": "no place",
}

#: A site whose point is known to within this many metres counts as a point.
POINT_PRECISION_M = 5_000.0

#: Place kind -> precision class (sites depend on their precision_m).
KIND_PRECISION = {
    "border_crossing": "point",
    "airport": "point",
    "city": "city",
    "province": "province",
    "country": "country",
}


def type_label(claim_type: str) -> str:
    """Return the readable name of a claim type (its key with spaces when unknown)."""
    return TYPE_LABELS.get(claim_type, claim_type.replace("_", " "))


def place_precision(kind: str | None, precision_m: float | None) -> str:
    """Classify a place by how precisely it is known (one of `PRECISIONS`, not "unmapped")."""
    if kind == "site":
        return "point" if (precision_m or POINT_PRECISION_M + 1) <= POINT_PRECISION_M else "city"
    return KIND_PRECISION.get(kind or "", "city")
