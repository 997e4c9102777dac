"""The claims of a view as a list, read from the store a page at a time.

``view_claims(engine, query, sort, limit)`` returns the first ``limit`` claims
that ``query`` keeps (the view's filters, ``geo.store.query.ViewQuery``: the
same WHERE clause as the view, ``viewsql.conditions``) in one of the orders the
dashboard sorts by (`ORDERS`, the keys of ``claimmap.dashboard.filters.SORTS``),
with the columns a list shows. Nothing else is read, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from geo.store.engine import reading
from geo.store.viewsql import conditions

#: Sort key -> ORDER BY (ties keep the data's order, as the dashboard's sort).
_REVIEW_RANK = (
    "CASE coalesce(c.review_status, 'draft') WHEN 'needs_review' THEN 0 WHEN 'draft' THEN 1 "
    "WHEN 'accepted' THEN 2 ELSE 3 END"
)
ORDERS = {
    "": "c.position, c.id",
    "grade": "g.reliability, g.credibility, c.position, c.id",
    "grade_worst": "g.reliability DESC, g.credibility DESC, c.position, c.id",
    "review": f"{_REVIEW_RANK}, c.position, c.id",
}

_LIST = """
SELECT c.id, c.type, c.statement, c.claimant, c.event_start, c.event_end, c.date_precision,
       c.status, coalesce(c.review_status, 'draft'), g.reliability || g.credibility,
       coalesce(s.outlet, s.name, c.source_id), c.version {place_ids}
FROM claims AS c LEFT JOIN sources AS s ON s.id = c.source_id
     LEFT JOIN groups AS g ON g.id = c.group_id
WHERE {where}
ORDER BY {order}
{limit}
"""


@dataclass(frozen=True)
class ListedClaim:
    """One claim of a view's list: what a row of the claims table shows."""

    id: str
    type: str
    statement: str
    claimant: str
    event_start: dt.date | None
    event_end: dt.date | None
    date_precision: str
    status: str
    review_status: str
    grade: str
    outlet: str
    version: int


def view_claims(engine: Engine, query: Any, sort: str = "", limit: int = 500) -> list[ListedClaim]:
    """Return the first ``limit`` claims ``query`` keeps, in the order ``sort`` names.

    An unknown ``sort`` keeps the data's order. On SQLite a bounding box is tested on
    the claims' geometries here, as the view does (``geo.store.query.assemble``).

    Raises
    ------
    StoreError
        When the store cannot be read.
    """
    boxed = query.bbox is not None and engine.dialect.name != "postgresql"
    with reading(engine) as conn:
        where, params = conditions(conn, query)
        statement = _LIST.format(
            where=where,
            order=ORDERS.get(sort, ORDERS[""]),
            place_ids=", c.place_ids, c.mode" if boxed else "",
            limit="" if boxed else "LIMIT :limit",
        )
        result = conn.execute(sa.text(statement), {**params, "limit": int(limit)})
        rows = _in_box(conn, result, query.bbox, limit) if boxed else result.all()
    return [_listed(row[:12]) for row in rows]


def _in_box(conn: Any, result: Any, bbox: tuple, limit: int) -> list[Any]:
    import json

    from geo.store.query import geometry_of, meets_box
    from geo.store.viewlite import stored_points

    points = stored_points(conn)
    kept = []
    for row in result:
        geometry = geometry_of(json.loads(row[12] or "[]"), row[13] is not None, points)
        if geometry is not None and meets_box(geometry, bbox):
            kept.append(row)
            if len(kept) >= limit:
                break
    return kept


def _listed(row: Any) -> ListedClaim:
    values = list(row)
    for i in (4, 5):  # SQLite gives dates as ISO text
        if isinstance(values[i], str):
            values[i] = dt.date.fromisoformat(values[i])
    values[11] = int(values[11])
    return ListedClaim(*values)
