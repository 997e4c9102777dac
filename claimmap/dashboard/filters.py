"""The dashboard's filter state: what a user narrowed the claims to.

`Filters` is a frozen dataclass; `Filters.apply(dataset)` returns the dataset
with only the matching claims, and `to_query_params` / `from_query_params`
carry the state in a URL. Reading a URL never fails: values that are not
understood are dropped and described in `Filters.notes`.

Matching runs over a `ClaimIndex`, a pandas frame with one row per claim built
once per dataset (vectorised masks keep a filter change fast at 100k claims).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.actors import actor_key, names_any
from geo.dates import DateSpan, date_span, possible_range
from geo.models import Claim
from geo.normalize import fold
from geo.vocab import (
    CLAIM_TYPES,
    CREDIBILITY,
    LAYERS,
    PRECISIONS,
    RELIABILITY,
    REVIEW_STATUSES,
    STATUSES,
)
from geo.vocab import place_precision as kind_precision

if TYPE_CHECKING:
    from geo.dataset import Dataset


__all__ = [
    "LAYERS",
    "PRECISIONS",
    "ClaimIndex",
    "Filters",
    "claim_precision",
    "fold",
    "search_terms",
]

#: Query-parameter names, one per field (multi-valued fields repeat the key).
PARAMS = {
    "start": "start",
    "end": "end",
    "layers": "layer",
    "types": "type",
    "actors": "actor",
    "groups": "group",
    "outlets": "outlet",
    "statuses": "status",
    "review_statuses": "review",
    "reliabilities": "reliability",
    "credibilities": "credibility",
    "min_sources": "min_sources",
    "precisions": "precision",
    "search": "q",
    "possible": "possible",
    "as_of": "as_of",
}

_MULTI = (
    "layers", "types", "actors", "groups", "outlets", "statuses", "review_statuses",
    "reliabilities", "credibilities", "precisions",
)  # fmt: skip
#: Filter field -> its `ClaimIndex` column, for the fields matched by plain membership.
_COLUMN_OF = {
    "types": "type",
    "statuses": "status",
    "review_statuses": "review_status",
    "reliabilities": "reliability",
    "credibilities": "credibility",
    "groups": "group",
    "outlets": "outlet",
    "precisions": "precision",
}
#: Sort orders of the claims table: name -> (label, `ClaimIndex` columns, ascending).
SORTS = {
    "": ("as in the data", (), ()),
    "grade": ("grade, best first (A1 … F6)", ("reliability", "credibility"), (True, True)),
    "grade_worst": (
        "grade, weakest first (F6 … A1)",
        ("reliability", "credibility"),
        (False, False),
    ),
    "review": ("review status (needs review first)", ("review_rank",), (True,)),
}
#: Review status -> its place when sorting: what awaits a decision first.
REVIEW_ORDER = ("needs_review", "draft", "accepted", "rejected")
_MAX_SEARCH = 200


# --------------------------------------------------------------------------- text


def search_terms(text: str) -> tuple[str, ...]:
    """Split a search box into folded terms (every term must match)."""
    return tuple(fold(text[:_MAX_SEARCH]).split())


# --------------------------------------------------------------------------- index


def _field(place: Any, name: str) -> Any:
    """Read a place field from a Place model or a plain CSV row."""
    if isinstance(place, Mapping):
        value = place.get(name)
        if name == "aliases":
            return tuple(a for a in (value or "").split("|") if a.strip())
        return value
    return getattr(place, name, None)


def place_precision(place: Any) -> str:
    """Classify a gazetteer place by precision (see `geo.vocab.PRECISIONS`)."""
    precision = _field(place, "precision_m")
    return kind_precision(_field(place, "kind"), float(precision) if precision else None)


def claim_precision(claim: Claim, places: Any) -> str:
    """Classify a claim by its least precise place ("unmapped" without one)."""
    classes = [place_precision(places.get(pid)) for pid in claim.places if places.get(pid)]
    if not classes:
        return "unmapped"
    return max(classes, key=PRECISIONS.index)


def _outlet_name(dataset: Dataset, claim: Claim) -> str:
    outlet = dataset.outlet_of(claim)
    if outlet is None:
        return ""
    if isinstance(outlet, str):
        return outlet
    return str(getattr(outlet, "outlet", None) or getattr(outlet, "name", "") or "")


def _independent(dataset: Dataset, claim_id: str) -> int:
    try:
        return int(dataset.analysis.independent_count(claim_id))
    except (KeyError, AttributeError):
        return 0


#: The columns of a `ClaimIndex` frame (``low``/``high``: the possible range of
#: ``geo.dates.possible_range``, NaT for an open end; ``published``: the document's first day).
INDEX_COLUMNS = (
    "claim_id", "start", "end", "low", "high", "published", "type", "status", "group", "actors",
    "outlet", "independent", "precision", "layers", "text", "review_status", "review_rank",
    "reliability", "credibility", "grade",
)  # fmt: skip


def _place_texts(dataset: Dataset) -> dict[str, str]:
    """Place id -> its folded name and aliases, for the places the claims name."""
    texts = {}
    for pid in {pid for claim in dataset.claims for pid in claim.places}:
        place = dataset.places.get(pid)
        words = [pid] if place is None else [_field(place, "name"), *_field(place, "aliases")]
        texts[pid] = fold(" ".join(words))
    return texts


def _index_row(
    dataset: Dataset, claim: Claim, place_text: Mapping[str, str], layers: Iterable[str]
) -> dict[str, Any]:
    """One claim's row of a `ClaimIndex` (its searchable text folded once)."""
    text = " | ".join(
        [
            fold(claim.statement),
            fold(claim.quote),
            fold(claim.claimant),
            *(fold(actor) for actor in claim.actors),
            *(place_text[pid] for pid in claim.places),
        ]
    )
    source = dataset.sources.get(claim.source_id)
    low, high = possible_range(claim, source)
    group = dataset.groups.get(claim.group)
    reliability = getattr(group, "reliability", "F")
    credibility = str(getattr(group, "credibility", 6))
    review = dataset.review_status_of(claim)
    return {
        "claim_id": claim.id,
        "start": claim.event_start,
        "end": claim.event_end,
        "low": low,
        "high": high,
        "published": source.published if source is not None else None,
        "type": claim.type,
        "status": claim.status,
        "group": claim.group,
        "actors": frozenset(claim.actors),
        "outlet": _outlet_name(dataset, claim),
        "independent": _independent(dataset, claim.id),
        "precision": claim_precision(claim, dataset.places),
        "layers": frozenset(layers),
        "text": text,
        "review_status": review,
        "review_rank": REVIEW_ORDER.index(review) if review in REVIEW_ORDER else len(REVIEW_ORDER),
        "reliability": reliability,
        "credibility": credibility,
        "grade": f"{reliability}{credibility}",
    }


@dataclass(frozen=True)
class ClaimIndex:
    """One row per claim of a dataset, with every column the filters test.

    Parameters
    ----------
    frame : indexed by claim id, in the dataset's claim order.
    """

    frame: pd.DataFrame

    @classmethod
    def build(
        cls, dataset: Dataset, claim_layers: Mapping[str, Iterable[str]] | None = None
    ) -> ClaimIndex:
        """Index ``dataset``'s claims.

        Parameters
        ----------
        dataset : a `geo.dataset.Dataset`.
        claim_layers : claim id -> names of the map layers that draw it (from
            ``layers.features.layer_collections``); claims not in it are drawn in no layer.

        Returns
        -------
        ClaimIndex
        """
        layers_of = claim_layers or {}
        place_text = _place_texts(dataset)
        rows = [
            _index_row(dataset, claim, place_text, layers_of.get(claim.id, ()))
            for claim in dataset.claims
        ]
        frame = pd.DataFrame(rows, columns=list(INDEX_COLUMNS)).set_index("claim_id", drop=False)
        for column in ("start", "end", "low", "high", "published"):
            frame[column] = pd.to_datetime(frame[column])
        return cls(frame)

    def values(self, column: str) -> list[str]:
        """Return the sorted distinct non-empty values of a column (sets flattened)."""
        series = self.frame[column]
        if column in ("actors", "layers"):
            found = {value for values in series for value in values}
        else:
            found = set(series)
        return sorted((v for v in found if v), key=str.casefold)

    def date_span(self) -> DateSpan | None:
        """Return what the date slider covers (outliers folded; None if nothing is dated)."""
        dated = self.frame.dropna(subset=["start", "end"])
        return date_span(zip(dated["start"].dt.date, dated["end"].dt.date, strict=True))

    def date_bounds(self) -> tuple[dt.date, dt.date] | None:
        """Return the slider's first and last day: the dated claims, outliers folded."""
        span = self.date_span()
        return (span.low, span.high) if span else None


# --------------------------------------------------------------------------- URL reading

_UNSET = object()


class _QueryReader:
    """Read filter fields from query parameters, noting every value it drops."""

    def __init__(self, params: Mapping[str, str | Iterable[str]]) -> None:
        self.params = params
        self.notes: list[str] = []

    def values(self, name: str) -> list[str] | None:
        raw = self.params.get(PARAMS[name])
        if raw is None:
            return None
        items = [raw] if isinstance(raw, str) else [str(v) for v in raw]
        return [v.strip() for v in items]

    def one(self, name: str) -> str | None:
        items = self.values(name)
        return items[-1] if items else None

    def date(self, name: str) -> dt.date | None:
        text = self.one(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.notes.append(f"ignored {PARAMS[name]}={text!r}: not a date (YYYY-MM-DD)")
            return None

    def choice(self, name: str, allowed: set[str] | None) -> Any:
        """Return the chosen values of a multi-valued field, or `_UNSET` for no restriction."""
        items = self.values(name)
        if items is None:
            return _UNSET
        wanted = [v for v in dict.fromkeys(items) if v]
        if allowed is not None:
            bad = [v for v in wanted if v not in allowed]
            if bad:
                shown = ", ".join(repr(v[:60]) for v in bad[:5])
                self.notes.append(f"ignored unknown {PARAMS[name]} value(s): {shown}")
            wanted = [v for v in wanted if v in allowed]
            if bad and not wanted:
                return _UNSET  # every value was unknown: no restriction rather than nothing
        return tuple(sorted(wanted))

    def min_sources(self) -> int:
        text = self.one("min_sources")
        if not text:
            return 0
        if re.fullmatch(r"\d{1,4}", text):
            return int(text)
        self.notes.append(f"ignored min_sources={text[:20]!r}: not a whole number")
        return 0

    def search(self) -> str:
        search = self.one("search") or ""
        if len(search) > _MAX_SEARCH:
            self.notes.append(f"search text cut to {_MAX_SEARCH} characters")
            search = search[:_MAX_SEARCH]
        return search


def _known_values(dataset: Dataset, index: ClaimIndex | None) -> dict[str, set[str]]:
    """Return the values a URL may choose per field (actors, groups, outlets: the data's)."""
    known: dict[str, set[str]] = {
        "layers": set(LAYERS),
        "types": set(CLAIM_TYPES),
        "statuses": set(STATUSES),
        "review_statuses": set(REVIEW_STATUSES),
        "reliabilities": set(RELIABILITY),
        "credibilities": {str(c) for c in CREDIBILITY},
        "precisions": set(PRECISIONS),
    }
    if dataset is not None or index is not None:
        index = index if index is not None else ClaimIndex.build(dataset)
        known["actors"] = set(index.values("actors"))
        known["groups"] = set(index.values("group"))
        known["outlets"] = set(index.values("outlet"))
    return known


# --------------------------------------------------------------------------- filters


def _members(series: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    chosen = frozenset(wanted)
    return series.map(lambda values: not chosen.isdisjoint(values)).astype(bool)


def window_matches(
    frame: pd.DataFrame, start: dt.date | None, end: dt.date | None
) -> tuple[pd.Series, pd.Series]:
    """``geo.dates.window_match`` over a `ClaimIndex` frame, vectorised.

    Returns
    -------
    (possible, certain)
        Boolean Series: the window holds the claim's possible range at all, and wholly.
    """
    low, high = frame["low"], frame["high"]
    possible = pd.Series(True, index=frame.index)
    certain = pd.Series(True, index=frame.index)
    if start is not None:
        day = pd.Timestamp(start)
        possible &= ~(high.notna() & (high < day))
        certain &= low.notna() & (low >= day)
    if end is not None:
        day = pd.Timestamp(end)
        possible &= ~(low.notna() & (low > day))
        certain &= high.notna() & (high <= day)
    return possible, certain & possible


@dataclass(frozen=True)
class Filters:
    """What the claims are narrowed to. ``None`` for a field means "no restriction".

    Parameters
    ----------
    start, end : the event-date window: a claim is kept when its possible range meets
        it (``geo.dates``: an undated claim's range ends with its document's publication).
    possible : also keep claims only possibly in the window (False: only those certainly in it).
    as_of : as known on that day: only claims from documents published by then.
    layers : map layers; a claim drawn only in other layers is left out (claims with
        no place are governed by ``precisions``).
    types, actors, groups, outlets, statuses : allowed values (a claim with several
        actors is kept when any of them is chosen; actors compare as `geo.actors` says).
    review_statuses : allowed review statuses (a claim read from data files is a draft),
        as ``claimmap claims --review-status`` keeps them.
    reliabilities, credibilities : allowed Admiralty grading of the claim's group
        (reliability "A"-"F", credibility "1"-"6").
    min_sources : the least number of independent sources carrying the claim.
    precisions : allowed place precision classes (`PRECISIONS`).
    search : words that must all appear (folded, any script) in the statement, quote,
        claimant, actors or the names and aliases of the claim's places.
    notes : what was dropped when reading a URL (not part of the state).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    layers: tuple[str, ...] | None = None
    types: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    groups: tuple[str, ...] | None = None
    outlets: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    review_statuses: tuple[str, ...] | None = None
    reliabilities: tuple[str, ...] | None = None
    credibilities: tuple[str, ...] | None = None
    min_sources: int = 0
    precisions: tuple[str, ...] | None = None
    search: str = ""
    possible: bool = True
    as_of: dt.date | None = None
    notes: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.credibilities is not None:  # 1-6 as text, as the index and the URL hold them
            object.__setattr__(self, "credibilities", tuple(str(c) for c in self.credibilities))
        for name in _MULTI:
            value = getattr(self, name)
            if value is not None:  # canonical: sorted, no repeats (equal sets compare equal)
                object.__setattr__(self, name, tuple(sorted(set(value))))
        if self.start and self.end and self.end < self.start:
            start, end = self.end, self.start
            object.__setattr__(self, "start", start)
            object.__setattr__(self, "end", end)

    # ----------------------------------------------------------------- matching

    @property
    def is_default(self) -> bool:
        """True when nothing is filtered out."""
        return self == Filters()

    def mask(self, index: ClaimIndex) -> pd.Series:
        """Return which rows of ``index`` match, as a boolean Series aligned with it."""
        frame = index.frame
        keep = pd.Series(True, index=frame.index)
        if self.start is not None or self.end is not None:
            possible, certain = window_matches(frame, self.start, self.end)
            keep &= possible if self.possible else certain
        if self.as_of is not None:
            keep &= frame["published"].notna() & (frame["published"] <= pd.Timestamp(self.as_of))
        for name, column in _COLUMN_OF.items():
            wanted = getattr(self, name)
            if wanted is not None:
                keep &= frame[column].isin(wanted)
        if self.actors is not None:
            wanted = frozenset(actor_key(actor) for actor in self.actors)
            keep &= frame["actors"].map(lambda names: names_any(names, wanted)).astype(bool)
        if self.layers is not None:
            drawn = frame["layers"].map(bool).astype(bool)
            keep &= ~drawn | _members(frame["layers"], self.layers)
        if self.min_sources > 0:
            keep &= frame["independent"] >= self.min_sources
        for term in search_terms(self.search):
            keep &= frame["text"].str.contains(term, regex=False)
        return keep

    def claim_ids(self, index: ClaimIndex) -> list[str]:
        """Return the ids of the matching claims, in dataset order."""
        mask = self.mask(index)
        return index.frame.index[mask.to_numpy()].tolist()

    def apply(self, dataset: Dataset, index: ClaimIndex | None = None) -> Dataset:
        """Return the dataset with only the matching claims (``Dataset.select``).

        Parameters
        ----------
        dataset : a `geo.dataset.Dataset`.
        index : its `ClaimIndex` (built here when not given; pass a cached one).

        Returns
        -------
        Dataset
        """
        if self.is_default:
            return dataset
        index = index if index is not None else ClaimIndex.build(dataset)
        keep = set(self.claim_ids(index))
        return dataset.select(tuple(c for c in dataset.claims if c.id in keep))

    # ----------------------------------------------------------------- URL

    def to_query_params(self) -> dict[str, str | list[str]]:
        """Write the state as query parameters, omitting fields left at their default.

        An empty selection (nothing chosen) is written as one empty value.
        """
        params: dict[str, str | list[str]] = {}
        if self.start is not None:
            params[PARAMS["start"]] = self.start.isoformat()
        if self.end is not None:
            params[PARAMS["end"]] = self.end.isoformat()
        for name in _MULTI:
            value = getattr(self, name)
            if value is not None:
                params[PARAMS[name]] = sorted(value) if value else [""]
        if self.min_sources > 0:
            params[PARAMS["min_sources"]] = str(self.min_sources)
        if self.search.strip():
            params[PARAMS["search"]] = self.search.strip()
        if not self.possible:
            params[PARAMS["possible"]] = "0"
        if self.as_of is not None:
            params[PARAMS["as_of"]] = self.as_of.isoformat()
        return params

    @classmethod
    def from_query_params(
        cls,
        params: Mapping[str, str | Iterable[str]],
        dataset: Dataset | None = None,
        index: ClaimIndex | None = None,
    ) -> Filters:
        """Read the state back from query parameters, never failing.

        Parameters
        ----------
        params : name -> value or list of values (``st.query_params`` read with
            ``get_all``, or the dict made by `to_query_params`).
        dataset : when given, actors, groups and outlets are checked against it.
        index : its `ClaimIndex` (built when needed and not given).

        Returns
        -------
        Filters
            With ``notes`` describing every value that was dropped.
        """
        reader = _QueryReader(params)
        known = _known_values(dataset, index)
        chosen = {name: reader.choice(name, known.get(name)) for name in _MULTI}
        start, end = reader.date("start"), reader.date("end")
        if start and end and end < start:
            reader.notes.append("start and end were in the wrong order; swapped")
        return cls(
            start=start,
            end=end,
            min_sources=reader.min_sources(),
            search=reader.search(),
            possible=reader.one("possible") != "0",
            as_of=reader.date("as_of"),
            **{name: value for name, value in chosen.items() if value is not _UNSET},
            notes=tuple(reader.notes),
        )

    def describe(self, labels: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
        """Describe each active restriction in one short line (for the page).

        Parameters
        ----------
        labels : per filter field, readable names for its values (e.g. ``types``:
            ``{"crossing": "border crossing"}``); values without one are shown as kept.
        """
        labels = labels or {}
        lines = []
        if self.start or self.end:
            lines.append(f"events between {self.start or '…'} and {self.end or '…'}")
            if not self.possible:
                lines.append("only claims certainly in those dates")
        if self.as_of:
            lines.append(f"as known on {self.as_of}")
        for item in fields(self):
            name = item.name
            if name in _MULTI and getattr(self, name) is not None:
                names = labels.get(name, {})
                chosen = [names.get(value, value) for value in getattr(self, name)]
                lines.append(f"{name}: {', '.join(chosen) if chosen else 'none'}")
        if self.min_sources:
            lines.append(f"at least {self.min_sources} independent source(s)")
        if self.search.strip():
            lines.append(f"search: {self.search.strip()}")
        return lines


def sort_ids(index: ClaimIndex, claim_ids: Iterable[str], sort: str) -> list[str]:
    """Return ``claim_ids`` in the order `SORTS` names (stable: ties keep the data's order).

    An unknown ``sort`` keeps the data's order.
    """
    _, columns, ascending = SORTS.get(sort, SORTS[""])
    ids = list(claim_ids)
    if not columns or not ids:
        return ids
    frame = index.frame.loc[ids, list(columns)]
    ordered = frame.sort_values(list(columns), ascending=list(ascending), kind="stable")
    return ordered.index.tolist()
