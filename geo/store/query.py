"""What a map view needs, computed where the claims are: the query API of the dashboard.

``run_view(engine, query)`` takes the filters of a view (``ViewQuery``: the
event-date window, types, actors, outlets, review statuses, grades, a bounding
box and search words) and returns only what the view draws (``View``):

- ``total`` and ``mapped``: how many claims match, and how many have a geometry;
- ``features``: when at most ``max_features`` are mapped, a GeoJSON
  FeatureCollection with one Feature per claim geometry (Point for one place,
  LineString for a route, MultiPoint for several places that are not a route),
  carrying ``claim_id``, ``type``, ``review_status``, ``grade``, ``event_start``,
  ``event_end`` and ``window_match`` (``certain`` or ``possible``);
- ``cells``: otherwise, claims counted per square cell of a grid (``grid`` cells
  across the view's extent): Points at the cells' centres with ``count``;
- ``days``: dated claims active per day and type (``DayCount``), within the window
  (an undated claim has no day to count).

On PostgreSQL everything is computed by the database in one statement
(``geo.store.viewsql``): the matching rows are found through the indexes
(dates, type, GiST on the geometry, trigram on the folded text, GIN on the
actor keys) and only the features or the cells and the day counts come back,
so a view never loads all rows into Python and its memory does not grow with
the store. On SQLite the same WHERE clause picks the rows and Python makes the
features or cells from a few columns of each (``geo.store.viewlite``); data files
compute it from the Dataset in memory (:func:`view_of_dataset`). The rules:

- window: the project's rule (``geo.dates``): a claim is kept when its
  possible range overlaps [start, end] (both ends inclusive, either open); an
  undated claim's possible range ends at its document's publication
  (``published_end``, else ``published``), open at both ends without one;
  ``as_of`` keeps only claims from documents published by that day;
- actors compare by ``geo.actors.actor_key``, outlets by
  ``geo.provenance.outlet_name``, grades as "B2";
- search: every folded word (``geo.normalize.fold``) must occur in the claim's
  statement, quote, claimant or actors, or in the name or an alias of one of its
  places (the dashboard's search).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from geo.dataset import Dataset
    from geo.models import Claim

#: Features drawn one by one up to this many; beyond, claims are counted per grid cell.
MAX_FEATURES = 5000
#: Grid cells across the wider side of the view's extent.
GRID = 64
#: Longest search text read (as the dashboard).
MAX_SEARCH = 200
#: Properties of each feature, in order.
FEATURE_PROPERTIES = (
    "claim_id", "type", "review_status", "grade", "event_start", "event_end", "window_match",
)  # fmt: skip


@dataclass(frozen=True)
class ViewQuery:
    """The filters of one view. ``None`` for a field means "no restriction".

    Parameters
    ----------
    start, end : the event-date window (see the module doc).
    as_of : only claims from documents published by this day.
    types, actors, outlets, review_statuses, grades : allowed values.
    bbox : (west, south, east, north) in degrees: claims whose geometry meets it.
    search : words that must all match (see the module doc).
    max_features : draw features up to this many mapped claims, else count cells.
    grid : cells across the wider side of the extent (``bbox``, else the matches').
    """

    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    types: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    outlets: tuple[str, ...] | None = None
    review_statuses: tuple[str, ...] | None = None
    grades: tuple[str, ...] | None = None
    bbox: tuple[float, float, float, float] | None = None
    search: str = ""
    max_features: int = MAX_FEATURES
    grid: int = GRID

    def __post_init__(self) -> None:
        if self.bbox is not None:
            west, south, east, north = (float(v) for v in self.bbox)
            if not (west <= east and south <= north) or not all(
                math.isfinite(v) for v in (west, south, east, north)
            ):
                raise ValueError(f"bbox {self.bbox} is not (west, south, east, north)")
            object.__setattr__(self, "bbox", (west, south, east, north))
        if self.max_features < 0 or self.grid < 1:
            raise ValueError("max_features must be at least 0 and grid at least 1")

    @classmethod
    def from_filters(cls, filters: Any, **more: Any) -> ViewQuery:
        """Build a query from the dashboard's filters (any object with its field names)."""
        names = ("start", "end", "as_of", "types", "actors", "outlets", "search")
        values = {name: getattr(filters, name, None) for name in names}
        values["search"] = values["search"] or ""
        return cls(**{**values, **more})

    @property
    def terms(self) -> tuple[str, ...]:
        """The folded search words (every one must match)."""
        from geo.normalize import fold

        return tuple(fold(self.search[:MAX_SEARCH]).split())

    @property
    def windowed(self) -> bool:
        """Whether a date window is set."""
        return self.start is not None or self.end is not None


@dataclass(frozen=True)
class DayCount:
    """How many claims of one type are active on one day (their range covers it)."""

    day: dt.date
    type: str
    claims: int


@dataclass(frozen=True)
class View:
    """What a map view draws (see the module doc)."""

    total: int
    mapped: int
    features: dict[str, Any] | None
    cells: dict[str, Any] | None
    cell_size: float | None
    extent: tuple[float, float, float, float] | None
    days: tuple[DayCount, ...]

    @property
    def aggregated(self) -> bool:
        """Whether claims are counted per cell instead of drawn one by one."""
        return self.cells is not None


def run_view(engine: Engine, query: ViewQuery) -> View:
    """Return the view of ``query`` from the store (in SQL on PostgreSQL; see the module doc).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    if engine.dialect.name == "postgresql":
        from geo.store.viewsql import server_view

        return server_view(engine, query)
    from geo.store.viewlite import embedded_view

    return embedded_view(engine, query)


# --------------------------------------------------------------------------- shared parts


def cell_size(extent: tuple[float, float, float, float] | None, grid: int) -> float | None:
    """Return the side of a grid cell for an extent (None without one)."""
    if extent is None:
        return None
    west, south, east, north = extent
    return max(max(east - west, north - south) / grid, 1e-4)


def cell_collection(counts: Iterable[tuple[int, int, int]], size: float) -> dict[str, Any]:
    """Return cells (column, row, count) as a FeatureCollection of Points at their centres."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round((i + 0.5) * size, 6), round((j + 0.5) * size, 6)],
            },
            "properties": {"count": int(n)},
        }
        for i, j, n in sorted(counts)
    ]
    return {"type": "FeatureCollection", "features": features}


def expand_days(changes: Iterable[tuple[dt.date, str, int]]) -> tuple[DayCount, ...]:
    """Turn (day, type, active from that day on) change points into one count per active day."""
    by_type: dict[str, list[tuple[dt.date, int]]] = {}
    for day, claim_type, active in changes:
        by_type.setdefault(claim_type, []).append((day, int(active)))
    out: list[DayCount] = []
    for claim_type, points in by_type.items():
        points.sort()
        for (day, active), (following, _) in zip(points, points[1:], strict=False):
            out.extend(DayCount(d, claim_type, active) for d in _days(day, following) if active)
    return tuple(sorted(out, key=lambda c: (c.day, c.type)))


def _days(first: dt.date, stop: dt.date) -> Iterator[dt.date]:
    day = first
    while day < stop:
        yield day
        day += dt.timedelta(days=1)


def place_ids_matching(places: Iterable[Any], term: str) -> list[str]:
    """Return the ids of places whose folded name or aliases contain ``term``."""
    from geo.normalize import fold

    return [place.id for place in places if term in fold(" ".join([place.name, *place.aliases]))]


def source_ids_of_outlets(sources: Iterable[Any], outlets: Iterable[str]) -> list[str]:
    """Return the ids of sources published by one of ``outlets`` (``outlet_name``)."""
    from geo.provenance import outlet_name

    wanted = set(outlets)
    return [source.id for source in sources if outlet_name(source, source.id) in wanted]


# --------------------------------------------------------------------------- in memory


def geometry_of(
    place_ids: Iterable[str], route: bool, points: Mapping[str, tuple[float, float]]
) -> dict[str, Any] | None:
    """Return a claim's geometry from its places' (lon, lat) ``points`` (None: nowhere).

    One place: a Point; several: a LineString for a route (a claim with a mode), else
    a MultiPoint. Places missing from ``points`` are left out.
    """
    coords = [
        [round(points[pid][0], 6), round(points[pid][1], 6)] for pid in place_ids if pid in points
    ]
    if not coords:
        return None
    if len(coords) == 1:
        return {"type": "Point", "coordinates": coords[0]}
    return {"type": "LineString" if route else "MultiPoint", "coordinates": coords}


def place_points(places: Iterable[Any]) -> dict[str, tuple[float, float]]:
    """Return place id -> (lon, lat)."""
    return {place.id: (place.lon, place.lat) for place in places}


class _Matcher:
    """The filters of a query applied to the claims of a Dataset."""

    def __init__(self, dataset: Dataset, query: ViewQuery):
        from geo.actors import actor_key

        self.dataset, self.query = dataset, query
        self.actor_keys = None if query.actors is None else {actor_key(a) for a in query.actors}
        self.sources = (
            None
            if query.outlets is None
            else set(source_ids_of_outlets(dataset.sources.values(), query.outlets))
        )
        places = list(dataset.places.values())
        self.term_places = [(t, set(place_ids_matching(places, t))) for t in query.terms]

    def __call__(self, claim: Claim) -> bool:
        from geo.actors import names_any
        from geo.dates import possible_range, published_by, window_match

        q = self.query
        source = self.dataset.sources.get(claim.source_id)
        if q.windowed and window_match(possible_range(claim, source), q.start, q.end) is None:
            return False
        if q.as_of is not None and not published_by(source, q.as_of):
            return False
        if q.types is not None and claim.type not in q.types:
            return False
        if q.review_statuses is not None and _review(claim) not in q.review_statuses:
            return False
        if self.actor_keys is not None and not names_any(claim.actors, self.actor_keys):
            return False
        if self.sources is not None and claim.source_id not in self.sources:
            return False
        if q.grades is not None and _grade(self.dataset, claim) not in q.grades:
            return False
        return all(self._found(claim, term, ids) for term, ids in self.term_places)

    def _found(self, claim: Claim, term: str, place_ids: set[str]) -> bool:
        from geo.store.rows import search_text

        if not place_ids.isdisjoint(claim.places):
            return True
        return term in search_text(claim.statement, claim.quote, claim.claimant, claim.actors)


def _review(claim: Claim) -> str:
    return claim.review_status or "draft"


def _grade(dataset: Dataset, claim: Claim) -> str:
    group = dataset.groups.get(claim.group)
    return group.grade if group is not None else "F6"


def meets_box(geometry: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    """Return whether a GeoJSON geometry meets a (west, south, east, north) box."""
    from shapely.geometry import box, shape

    return shape(geometry).intersects(box(*bbox))


def _extent(geometries: list[dict[str, Any]]) -> tuple[float, float, float, float] | None:
    xs = [p[0] for g in geometries for p in _points(g)]
    ys = [p[1] for g in geometries for p in _points(g)]
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _points(geometry: dict[str, Any]) -> list[list[float]]:
    coords = geometry["coordinates"]
    return [coords] if geometry["type"] == "Point" else coords


def _centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    if geometry["type"] == "Point":
        return tuple(geometry["coordinates"])  # type: ignore[return-value]
    from shapely.geometry import shape

    point = shape(geometry).centroid
    return point.x, point.y


@dataclass(frozen=True, slots=True)
class Match:
    """One claim a view keeps, as the view needs it: its feature's properties and geometry."""

    claim_id: str
    type: str
    review_status: str
    grade: str
    event_start: dt.date | None
    event_end: dt.date | None
    window_match: str | None
    geometry: dict[str, Any] | None

    def feature(self) -> dict[str, Any]:
        """Return the claim's GeoJSON Feature (properties: `FEATURE_PROPERTIES`)."""
        properties = {
            key: value.isoformat() if isinstance(value, dt.date) else value
            for key in FEATURE_PROPERTIES
            for value in (getattr(self, key),)
        }
        return {"type": "Feature", "geometry": self.geometry, "properties": properties}


def _match(dataset: Dataset, claim: Claim, query: ViewQuery) -> str | None:
    from geo.dates import possible_range, window_match

    source = dataset.sources.get(claim.source_id)
    return window_match(possible_range(claim, source), query.start, query.end)


def _day_changes(claims: list[Match], query: ViewQuery) -> list[tuple[dt.date, str, int]]:
    deltas: dict[tuple[dt.date, str], int] = {}
    for claim in claims:
        if claim.event_start is None or claim.event_end is None:
            continue
        first = max(claim.event_start, query.start) if query.start else claim.event_start
        last = min(claim.event_end, query.end) if query.end else claim.event_end
        stop = last + dt.timedelta(days=1)
        deltas[(first, claim.type)] = deltas.get((first, claim.type), 0) + 1
        deltas[(stop, claim.type)] = deltas.get((stop, claim.type), 0) - 1
    running: dict[str, int] = {}
    changes = []
    for (day, claim_type), delta in sorted(deltas.items()):
        running[claim_type] = running.get(claim_type, 0) + delta
        changes.append((day, claim_type, running[claim_type]))
    return changes


def view_of_dataset(dataset: Dataset, query: ViewQuery) -> View:
    """Return the view of ``query`` computed from a Dataset in memory (see the module doc)."""
    matches, points = _Matcher(dataset, query), place_points(dataset.places.values())
    kept = []
    for claim in filter(matches, dataset.claims):
        geometry = geometry_of(claim.places, claim.mode is not None, points)
        kept.append(
            Match(
                claim.id,
                claim.type,
                _review(claim),
                _grade(dataset, claim),
                claim.event_start,
                claim.event_end,
                _match(dataset, claim, query),
                geometry,
            )  # fmt: skip
        )
    return assemble(kept, query)


def assemble(matches: Iterable[Match], query: ViewQuery) -> View:
    """Return the view of the claims a query keeps, in order (the box is applied here)."""
    claims: list[Match] = []
    for match in matches:
        geometry = match.geometry
        if query.bbox is not None and (geometry is None or not meets_box(geometry, query.bbox)):
            continue  # outside the box, or nowhere
        claims.append(match)
    drawn = [m for m in claims if m.geometry is not None]
    shapes = {id(m.geometry): m.geometry for m in drawn}  # claims may share one geometry
    extent = _extent(list(shapes.values()))  # type: ignore[arg-type]
    days = expand_days(_day_changes(claims, query))
    if len(drawn) <= query.max_features:
        collection = {"type": "FeatureCollection", "features": [m.feature() for m in drawn]}
        return View(len(claims), len(drawn), collection, None, None, extent, days)
    size = cell_size(query.bbox or extent, query.grid)
    assert size is not None
    cell_of = {
        shape_id: (math.floor(x / size), math.floor(y / size))
        for shape_id, shape in shapes.items()
        for x, y in (_centroid(shape),)
    }
    counts: dict[tuple[int, int], int] = {}
    for match in drawn:
        key = cell_of[id(match.geometry)]
        counts[key] = counts.get(key, 0) + 1
    cells = cell_collection(((i, j, n) for (i, j), n in counts.items()), size)
    return View(len(claims), len(drawn), None, cells, size, extent, days)
