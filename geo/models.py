"""The domain model: places, sources, claims, quantities and claim groups.

Models validate one record at a time (types, vocabularies, dates in order).
Cross-references between records (place ids, source ids, group ids) are
checked by the loaders, which know file names and line numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, field_validator, model_validator

from geo.urls import is_safe_url
from geo.vocab import (  # noqa: F401  (the vocabularies, re-exported for the models' users)
    CLAIM_TYPES,
    CREDIBILITY,
    DATE_PRECISIONS,
    PLACE_KINDS,
    QUALIFIERS,
    RELIABILITY,
    REVIEW_STATUSES,
    SOURCE_KINDS,
    STATUSES,
    ClaimType,
    DatePrecision,
    Mode,
    PlaceKind,
    Qualifier,
    ReviewStatus,
    SourceKind,
    Status,
)

#: Control characters no name may hold (C0 but tab/newline/return, DEL, C1).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: The review status of a claim whose record does not state one.
DEFAULT_REVIEW_STATUS = "draft"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    #: 1-based line of the record in its file (set by the loaders; None when built in code).
    line: int | None = Field(default=None, exclude=True, repr=False)


class Place(_Record):
    """A gazetteer row: a named place with its coordinate and how precise it is."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    kind: PlaceKind
    country: str = Field(pattern=r"^[A-Z]{2}$")
    admin1: str | None = Field(default=None, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    precision_m: float = Field(gt=0, allow_inf_nan=False)
    aliases: tuple[str, ...] = ()
    geonames_id: int | None = None
    wikidata_id: str | None = Field(default=None, pattern=r"^Q[0-9]+$")
    iata: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    icao: str | None = Field(default=None, pattern=r"^[A-Z]{4}$")
    other_side: str | None = None
    serves: str | None = None
    coord_source: str = Field(min_length=1)
    note: str | None = None

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not alias.strip() for alias in value):
            raise ValueError("empty alias")
        return tuple(alias.strip() for alias in value)

    @field_validator("name", "aliases")
    @classmethod
    def _no_control_characters(cls, value: str | tuple[str, ...]) -> str | tuple[str, ...]:
        for text in (value,) if isinstance(value, str) else value:
            found = _CONTROL.search(text)
            if found:
                raise ValueError(f"holds the control character U+{ord(found.group()):04X}")
        return value


class Source(_Record):
    """A document, or an outlet, person, body or data set that documents rely on."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    kind: SourceKind
    name: str = Field(min_length=1)
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_end: dt.date | None = None
    published_precision: DatePrecision = "unknown"
    language: str | None = None
    seed_file: str | None = None
    cites: tuple[str, ...] = ()
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not is_safe_url(value):
            raise ValueError(f"{value[:80]!r} is not an http(s) address with a host")
        return value

    @model_validator(mode="after")
    def _published_in_order(self) -> Source:
        if self.published and self.published_end and self.published_end < self.published:
            raise ValueError("published_end is before published")
        return self


class Quantity(_Record):
    """A reported figure with its qualifier, kept in the source's words."""

    what: str = Field(pattern=r"^[a-z0-9_]+$")
    qualifier: Qualifier
    value: FiniteFloat | None = None
    min: FiniteFloat | None = None
    max: FiniteFloat | None = None
    unit: str | None = None
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _value_fits_qualifier(self) -> Quantity:
        if self.qualifier == "range":
            if self.min is None or self.max is None or self.value is not None:
                raise ValueError("a range quantity needs min and max and no value")
            if self.max < self.min:
                raise ValueError("range max is below min")
        elif self.value is None or self.min is not None or self.max is not None:
            raise ValueError(f"a '{self.qualifier}' quantity needs a value and no min/max")
        return self

    def bounds(self) -> tuple[float, float]:
        """Return the smallest and largest value the words allow (open ends as given)."""
        if self.qualifier == "range":
            return (float(self.min), float(self.max))  # type: ignore[arg-type]
        return (float(self.value), float(self.value))  # type: ignore[arg-type]


class Claim(_Record):
    """One claim as one document reports it."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    group: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    source_id: str
    origin: str
    claimant: str = Field(min_length=1)
    type: ClaimType
    statement: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    places: tuple[str, ...] = ()
    mode: Mode | None = None
    event_start: dt.date | None = None
    event_end: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    date_note: str | None = None
    actors: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    status: Status = "reported"
    #: None when the record does not say (a data file): a store keeps its own.
    review_status: ReviewStatus | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if (self.event_start is None) != (self.event_end is None):
            raise ValueError("event_start and event_end must both be set or both be empty")
        if self.event_start and self.event_end and self.event_end < self.event_start:
            raise ValueError("event_end is before event_start")
        if self.mode is not None and len(self.places) < 2:
            raise ValueError("a route (mode) needs at least two places")
        if self.mode is not None:
            for here, there in zip(self.places, self.places[1:], strict=False):
                if here == there:
                    raise ValueError(f"the route goes from '{here}' to itself")
        if len(self.quote.split()) > 60:
            raise ValueError("quote is longer than 60 words; keep quotes short")
        return self

    @property
    def is_route(self) -> bool:
        """True when the claim describes a movement along its places."""
        return self.mode is not None and len(self.places) >= 2

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether the event range overlaps the window (open ends unbounded).

        A claim without dates is kept only when no window is set.
        """
        if start is None and end is None:
            return True
        if self.event_start is None or self.event_end is None:
            return False
        if start is not None and self.event_end < start:
            return False
        if end is not None and self.event_start > end:
            return False
        return True


class Group(_Record):
    """Records that report the same underlying claim, with the analyst's grading."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    reliability: Literal["A", "B", "C", "D", "E", "F"] = "F"
    credibility: Literal[1, 2, 3, 4, 5, 6] = 6
    grading_note: str = "not assessed"

    @property
    def grade(self) -> str:
        """The Admiralty grade, e.g. ``"F6"``."""
        return f"{self.reliability}{self.credibility}"
