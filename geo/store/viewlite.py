"""A view (``geo.store.query``) of an embedded SQLite store, without reading it into memory.

The filters become the same WHERE clause as on a server (``viewsql.conditions``:
indexes on dates, type, review status; place links and folded text for search).
SQLite returns only the few columns a view needs of the matching claims, one row
each; their geometries come from the places table (small), and the features or
the counts per grid cell and the claims per day are made as for the in-memory
path (``query.assemble``), so the three paths give the same view.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from geo.store.engine import reading
from geo.store.query import Match, View, ViewQuery, assemble, geometry_of
from geo.store.viewsql import HIGH, LOW, conditions

_ROWS = """
SELECT c.id, c.type, c.review_status, c.event_start, c.event_end, c.mode, c.place_ids,
       coalesce(g.reliability || g.credibility, 'F6'), {low}, {high}
FROM claims AS c LEFT JOIN sources AS s ON s.id = c.source_id
     LEFT JOIN groups AS g ON g.id = c.group_id
WHERE {where}
ORDER BY c.position, c.id
"""


def embedded_view(engine: Engine, query: ViewQuery) -> View:
    """Compute the view of ``query`` from an SQLite store (see the module doc)."""
    with reading(engine) as conn:
        where, params = conditions(conn, query)
        points = stored_points(conn)
        rows = conn.execute(sa.text(_ROWS.format(low=LOW, high=HIGH, where=where)), params).all()
    return assemble(_matches(rows, query, points), query)


def stored_points(conn: Any) -> dict[str, tuple[float, float]]:
    """Return every place's (lon, lat) by id (the places table is small)."""
    return {pid: (lon, lat) for pid, lon, lat in conn.execute(sa.text(_PLACES))}


_PLACES = "SELECT id, lon, lat FROM places"


def _matches(
    rows: Any, query: ViewQuery, points: dict[str, tuple[float, float]]
) -> Iterator[Match]:
    day, shapes = _date, {}  # many claims share their places: one geometry each
    for claim_id, kind, review, start, end, mode, place_ids, grade, low, high in rows:
        shape_key = (place_ids, mode is not None)
        if shape_key not in shapes:
            ids = json.loads(place_ids) if place_ids else ()
            shapes[shape_key] = geometry_of(ids, mode is not None, points)
        yield Match(
            claim_id, kind, review or "draft", grade, day(start), day(end),
            _window_match(query, day(low), day(high)), shapes[shape_key],
        )  # fmt: skip


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _window_match(query: ViewQuery, low: dt.date | None, high: dt.date | None) -> str:
    """Say whether a kept claim lies wholly in the window, as the server's statement does."""
    inside_start = query.start is None or (low is not None and low >= query.start)
    inside_end = query.end is None or (high is not None and high <= query.end)
    return "certain" if inside_start and inside_end else "possible"
