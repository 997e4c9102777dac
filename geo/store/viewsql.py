"""A view (``geo.store.query``) computed by PostgreSQL + PostGIS in one statement.

The filters become one WHERE clause over ``claims`` (indexes: ``ix_claims_view``
on type and dates, which includes every column a view reads, so that the scan
reads the index only; GiST on ``geom``, trigram on ``search_text``, GIN on
``actor_keys``); the matching rows are gathered once (a materialized CTE of the
few columns a view needs) and aggregated there: count and extent (from the
generated bounds columns), then either the features (as GeoJSON built by the
database) or the counts per grid cell (from the generated centroid columns), and
the claims active per day and type. JIT compilation is off for the statement: it
costs more than it saves at these sizes. Python receives one JSON document whose
size depends on the view, not on the store. Outlets and search words that name places are resolved
against the sources and places tables first (small), with the same rules as
the in-memory path.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.store.engine import reading
from geo.store.query import (
    View,
    ViewQuery,
    cell_collection,
    expand_days,
    place_ids_matching,
    source_ids_of_outlets,
)

_FEATURES = """
SELECT coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', CAST(ST_AsGeoJSON(m.geom, 6) AS json),
    'properties', json_build_object(
        'claim_id', m.id, 'type', m.type, 'review_status', m.review_status,
        'grade', g.reliability || g.credibility,
        'event_start', m.event_start, 'event_end', m.event_end,
        'window_match', CASE
            WHEN (CAST(:start AS date) IS NULL OR m.low >= CAST(:start AS date))
             AND (CAST(:end AS date) IS NULL OR m.high <= CAST(:end AS date))
            THEN 'certain' ELSE 'possible' END))
    ORDER BY m.position, m.id), CAST('[]' AS json))
FROM m JOIN groups AS g ON g.id = m.group_id
WHERE m.geom IS NOT NULL
"""

_CELLS = """
SELECT coalesce(json_agg(json_build_array(i, j, n)), CAST('[]' AS json)) FROM (
    SELECT CAST(floor(m.view_x / grid.size) AS bigint) AS i,
           CAST(floor(m.view_y / grid.size) AS bigint) AS j, count(*) AS n
    FROM m, grid WHERE m.view_x IS NOT NULL
    GROUP BY 1, 2
) AS cells
"""

_DAYS = """
SELECT coalesce(json_agg(json_build_array(day, type, active) ORDER BY day, type),
                CAST('[]' AS json)) FROM (
    SELECT day, type, sum(delta) OVER (PARTITION BY type ORDER BY day) AS active FROM (
        SELECT day, type, sum(delta) AS delta FROM (
            SELECT greatest(event_start, CAST(:start AS date)) AS day, type, 1 AS delta
            FROM m WHERE event_start IS NOT NULL AND event_end IS NOT NULL
            UNION ALL
            SELECT least(event_end, CAST(:end AS date)) + 1, type, -1
            FROM m WHERE event_start IS NOT NULL AND event_end IS NOT NULL
        ) AS deltas GROUP BY day, type
    ) AS per_day
) AS runs
"""

_VIEW = """
WITH m AS MATERIALIZED (
    SELECT c.id, c.position, c.type, c.review_status, c.event_start, c.event_end,
           c.geom, c.view_x, c.view_y, c.view_west, c.view_south, c.view_east, c.view_north,
           c.group_id, {low} AS low, {high} AS high
    FROM claims AS c LEFT JOIN sources AS s ON s.id = c.source_id
    WHERE {where}
),
box AS (
    SELECT count(*) AS total, count(view_x) AS mapped, min(view_west) AS west,
           min(view_south) AS south, max(view_east) AS east, max(view_north) AS north
    FROM m
),
grid AS (
    SELECT greatest(greatest(
        coalesce(CAST(:box_width AS float8), east - west),
        coalesce(CAST(:box_height AS float8), north - south)
    ) / :grid, 0.0001) AS size
    FROM box
)
SELECT CAST(json_build_object(
    'total', box.total,
    'mapped', box.mapped,
    'extent', CASE WHEN box.mapped > 0 THEN json_build_array(
        box.west, box.south, box.east, box.north) END,
    'features', CASE WHEN box.mapped <= :max_features THEN ({features}) END,
    'cells', CASE WHEN box.mapped > :max_features THEN ({cells}) END,
    'cell_size', CASE WHEN box.mapped > :max_features THEN grid.size END,
    'days', ({days})
) AS text)
FROM box, grid
"""


def stored_sources(conn: Connection) -> list[Any]:
    """Return every source of the store (a small table), in file order."""
    from geo.store import schema as t
    from geo.store.read import _ordered
    from geo.store.rows import row_source

    return [row_source(row) for row in _ordered(conn, t.sources)]


def _places(conn: Connection) -> list[Any]:
    from geo.store import schema as t
    from geo.store.read import _ordered
    from geo.store.rows import row_place

    return [row_place(row) for row in _ordered(conn, t.places)]


def conditions(conn: Connection, query: ViewQuery) -> tuple[str, dict[str, Any]]:
    """Return the WHERE clause over ``claims AS c`` (``sources AS s`` joined) and its parameters.

    The same rules on PostgreSQL and SQLite; only how a list is passed differs (a
    text array, or JSON read by ``json_each``). A bounding box is a PostGIS test:
    on SQLite the caller applies it to the claims' geometries (``geo.store.viewlite``).
    """
    from geo.actors import actor_key

    server = conn.dialect.name == "postgresql"
    where, params = ["1 = 1"], {}

    def listed(name: str, values: Any) -> str:
        params[name] = list(values) if server else json.dumps(list(values))
        return f"CAST(:{name} AS text[])" if server else f"(SELECT value FROM json_each(:{name}))"

    def one_of(column: str, name: str, values: Any) -> str:
        array = listed(name, values)
        return f"{column} = ANY({array})" if server else f"{column} IN {array}"

    if query.windowed:
        where.append(_window(query))
        params.update(start=_day(query.start, server), end=_day(query.end, server))
    if query.as_of is not None:
        where.append("s.published IS NOT NULL AND s.published <= :as_of")
        params["as_of"] = _day(query.as_of, server)
    for name, column in (("types", "type"), ("review_statuses", "review_status")):
        if getattr(query, name) is not None:
            where.append(one_of(f"c.{column}", name, getattr(query, name)))
    if query.actors is not None:
        keys = sorted({actor_key(actor) for actor in query.actors})
        where.append(
            f"c.actor_keys ?| {listed('actor_keys', keys)}"
            if server
            else "EXISTS (SELECT 1 FROM json_each(c.actor_keys) AS k "
            f"WHERE k.value IN {listed('actor_keys', keys)})"
        )
    if query.outlets is not None:
        ids = source_ids_of_outlets(stored_sources(conn), query.outlets)
        where.append(one_of("c.source_id", "source_ids", ids))
    if query.grades is not None:
        grade = one_of("g.reliability || g.credibility", "grades", query.grades)
        where.append(f"EXISTS (SELECT 1 FROM groups AS g WHERE g.id = c.group_id AND {grade})")
    if query.bbox is not None and server:
        where.append("ST_Intersects(c.geom, ST_MakeEnvelope(:west, :south, :east, :north, 4326))")
        params.update(zip(("west", "south", "east", "north"), query.bbox, strict=True))
    places = _places(conn) if query.terms else []
    for i, term in enumerate(query.terms):
        linked = one_of("p.place_id", f"places_{i}", place_ids_matching(places, term))
        where.append(  # one index each (trigram, place links), then a semi-join
            f"c.id IN (SELECT t.id FROM claims AS t WHERE t.search_text LIKE :term_{i} "
            f"ESCAPE '\\' UNION SELECT p.claim_id FROM claim_places AS p WHERE {linked})"
        )
        params[f"term_{i}"] = "%" + _escape_like(term) + "%"
    return " AND ".join(where), params


def _day(day: Any, server: bool) -> Any:
    """Pass a date as a date to PostgreSQL, as its ISO text to SQLite (how it stores dates)."""
    return day if server or day is None else day.isoformat()


#: A claim's possible range (``geo.dates.possible_range``): its event dates when dated,
#: else open before and ending at its document's publication.
DATED = "c.event_start IS NOT NULL AND c.event_end IS NOT NULL"
LOW = f"CASE WHEN {DATED} THEN c.event_start END"
HIGH = f"CASE WHEN {DATED} THEN c.event_end ELSE coalesce(s.published_end, s.published) END"


def _window(query: ViewQuery) -> str:
    """Return the window rule of ``geo.dates`` as SQL.

    Dated claims are kept by their (indexed) event dates, undated ones by their
    document's publication.
    """
    dated, undated = [DATED], [f"NOT ({DATED})"]
    if query.start is not None:
        dated.append("c.event_end >= :start")
        undated.append(
            "(coalesce(s.published_end, s.published) IS NULL "
            "OR coalesce(s.published_end, s.published) >= :start)"
        )
    if query.end is not None:
        dated.append("c.event_start <= :end")
    return f"(({' AND '.join(dated)}) OR ({' AND '.join(undated)}))"


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def server_view(engine: Engine, query: ViewQuery) -> View:
    """Compute the view of ``query`` in PostgreSQL (see the module doc)."""
    statement = _VIEW.format(
        where="{where}", low=LOW, high=HIGH, features=_FEATURES, cells=_CELLS, days=_DAYS
    )
    with reading(engine) as conn:
        where, params = conditions(conn, query)
        params.update(
            start=query.start,
            end=query.end,
            grid=query.grid,
            max_features=query.max_features,
            box_width=query.bbox[2] - query.bbox[0] if query.bbox else None,
            box_height=query.bbox[3] - query.bbox[1] if query.bbox else None,
        )
        conn.exec_driver_sql("SET LOCAL jit = off")  # this transaction only
        text = conn.execute(sa.text(statement.replace("{where}", where)), params).scalar_one()
    return _view(json.loads(text))


def _view(data: dict[str, Any]) -> View:
    import datetime as dt

    size = data["cell_size"]
    features = data["features"]
    collection = None if features is None else {"type": "FeatureCollection", "features": features}
    cells = None if data["cells"] is None else cell_collection(data["cells"], size)
    extent = tuple(data["extent"]) if data["extent"] else None
    days = expand_days((dt.date.fromisoformat(d), t, n) for d, t, n in data["days"])
    return View(data["total"], data["mapped"], collection, cells, size, extent, days)  # type: ignore[arg-type]
