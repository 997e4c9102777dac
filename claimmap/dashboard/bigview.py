"""The dashboard's view of a large store on a server, computed by the database (no Streamlit).

Above :data:`LARGE_STORE` claims, a server's store is not read into memory: the
page (``claimmap.dashboard.bigpage``) asks the database for the view of its date
window and claim types (``StoreSession.view`` of a ``geo.store.query.ViewQuery``)
and gets back only what it draws: one feature per claim up to a few thousand,
else counts per grid cell, and claims per day and type. Nothing here loads all
rows: `is_large` counts at most ``large_store() + 1`` rows, `date_bounds` reads two
values through the dates' index.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.engine import Engine

    from geo.store.query import View, ViewQuery

#: A server's store with more claims than this is drawn from database views
#: (``$CLAIMMAP_LARGE_STORE`` sets another number).
LARGE_STORE = 50_000


def large_store() -> int:
    """Return the number of claims above which a server's store counts as large."""
    try:
        return max(0, int(os.environ.get("CLAIMMAP_LARGE_STORE", LARGE_STORE)))
    except ValueError:
        return LARGE_STORE


def is_large(engine: Engine | None) -> bool:
    """Whether ``engine`` is a server holding more than `large_store()` claims."""
    if engine is None or engine.dialect.name != "postgresql":
        return False
    import sqlalchemy as sa

    from geo.store import schema as t
    from geo.store.engine import reading

    limit = large_store()
    limited = sa.select(t.claims.c.id).limit(limit + 1).subquery()
    with reading(engine) as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(limited)).scalar()
    return int(count or 0) > limit


def date_bounds(engine: Engine) -> tuple[dt.date, dt.date] | None:
    """Return the first event start and the last event end in the store (None: no dates)."""
    import sqlalchemy as sa

    from geo.store import schema as t
    from geo.store.engine import reading

    with reading(engine) as conn:
        first = conn.execute(sa.select(sa.func.min(t.claims.c.event_start))).scalar()
        last = conn.execute(sa.select(sa.func.max(t.claims.c.event_end))).scalar()
    if first is None or last is None:
        return None
    return first, last


def query_for(window: tuple[dt.date, dt.date] | None, types: Iterable[str] | None) -> ViewQuery:
    """Return the query of a date window (inclusive) and claim types (None or empty: all)."""
    from geo.store.query import ViewQuery

    start, end = window if window else (None, None)
    chosen = tuple(sorted(types)) if types else None
    return ViewQuery(start=start, end=end, types=chosen)


def summary_line(view: View) -> str:
    """Say how many claims the view holds and how they are drawn."""
    from claimmap.dashboard.loginflow import plural

    drawn = (
        f"counted in {len((view.cells or {}).get('features') or ()):,} map cells"
        if view.aggregated
        else "drawn one by one"
    )
    unmapped = view.total - view.mapped
    tail = f"; {plural(unmapped, 'claim')} without a place" if unmapped else ""
    return f"{view.total:,} claims match ({view.mapped:,} on the map, {drawn}{tail})."


def days_frame(view: View, labels: dict[str, str]) -> pd.DataFrame:
    """Return claims active per day (rows) and type label (columns), for a bar chart."""
    import pandas as pd

    rows: list[dict[str, Any]] = [
        {"day": d.day, "type": labels.get(d.type, d.type), "claims": d.claims} for d in view.days
    ]
    if not rows:
        return pd.DataFrame(columns=["day"]).set_index("day")
    frame = pd.DataFrame(rows).pivot_table(
        index="day", columns="type", values="claims", aggfunc="sum", fill_value=0
    )
    return frame.sort_index()
