"""The dashboard's view of a large store, computed by the database (no Streamlit).

Above :data:`LARGE_STORE` claims, a store (a server, or the embedded SQLite file)
is not read into memory: the page (``claimmap.dashboard.bigpage``) asks the
database for the view of its filters (``StoreSession.view`` of a
``geo.store.query.ViewQuery``, made from the same widget state as the full page's
``Filters`` by `query_of`) and gets back only what it draws: one feature per claim
up to a few thousand, else counts per grid cell, and claims per day and type. Its
list of claims is read a page at a time (``geo.store.viewlist``), and a picked
claim with its group alone (``geo.store.read.load_group_dataset``). Nothing here
loads all rows: `is_large` counts at most ``large_store() + 1`` rows, `date_bounds`
reads two values through the dates' index.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
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
    """Whether ``engine`` is a store holding more than `large_store()` claims."""
    if engine is None:
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


def query_of(f: Any) -> ViewQuery:
    """Return the query of the full page's filter state (``filters.Filters``) that a view has.

    Reliability and credibility become the grades they allow (either alone: any of the other).
    """
    from geo.store.query import ViewQuery
    from geo.vocab import CREDIBILITY, RELIABILITY

    grades = None
    if f.reliabilities or f.credibilities:
        grades = tuple(
            f"{r}{c}"
            for r in (f.reliabilities or RELIABILITY)
            for c in (f.credibilities or CREDIBILITY)
        )
    return ViewQuery.from_filters(f, review_statuses=f.review_statuses, grades=grades)


def outlet_names(engine: Engine) -> list[str]:
    """Return the outlets of the store's documents, sorted (``geo.provenance.outlet_name``)."""
    from geo.provenance import outlet_name
    from geo.store.engine import reading
    from geo.store.viewsql import stored_sources

    with reading(engine) as conn:
        return sorted({outlet_name(s, s.id) for s in stored_sources(conn)}, key=str.casefold)


#: The columns of the claims list, as the full page's table names them.
LIST_COLUMNS = (
    "claim", "type", "dates", "statement", "claimant", "outlet", "grade", "review status",
    "version",
)  # fmt: skip


def list_frame(claims: Iterable[Any]) -> pd.DataFrame:
    """Return the claims list (``geo.store.viewlist.ListedClaim``) as the page's table."""
    import pandas as pd

    from geo.dates import dates_text
    from geo.vocab import REVIEW_LABELS, TYPE_LABELS

    rows = [
        (
            c.id,
            TYPE_LABELS.get(c.type, c.type),
            dates_text(c.event_start, c.event_end, c.date_precision),
            c.statement,
            c.claimant,
            c.outlet,
            c.grade,
            REVIEW_LABELS.get(c.review_status, c.review_status),
            c.version,
        )  # fmt: skip
        for c in claims
    ]
    return pd.DataFrame(rows, columns=list(LIST_COLUMNS))


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


def claim_label(claim: Any) -> str:
    """Name a listed claim in one line: id, type, dates and the start of its statement."""
    from geo.dates import dates_text
    from geo.vocab import TYPE_LABELS

    statement = claim.statement if len(claim.statement) <= 90 else claim.statement[:89] + "…"
    dates = dates_text(claim.event_start, claim.event_end, claim.date_precision)
    return f"{claim.id} · {TYPE_LABELS.get(claim.type, claim.type)} · {dates} · {statement}"


#: The widgets of the large-store page (the full page's keys; `viewstate.WIDGETS`).
LARGE_WIDGETS = ("f_dates", "f_types", "f_outlets", "f_search", "f_review", "f_reliability",
                 "f_credibility")  # fmt: skip


def state_from_url(
    params: Mapping[str, list[str]], bounds: Any, outlets: Iterable[str]
) -> dict[str, Any]:
    """Return the large-store page's session state a link opens (the full page's parameters).

    Filters the page does not have (layers, actors, groups, statuses, sources, precision,
    "possibly", "as known on") are dropped with a note, as are outlets the store does not
    name; ``claim`` picks a claim, ``sort`` orders the list. ``_url_notes`` holds one line
    per value not understood or moved.
    """
    from claimmap.dashboard.filters import Filters
    from claimmap.dashboard.viewstate import sort_from_url, widget_values, window_notes

    f = Filters.from_query_params(params)
    values = widget_values(f, bounds, 1)
    known = set(outlets)
    unknown = [o for o in values["f_outlets"] if o not in known]
    values["f_outlets"] = [o for o in values["f_outlets"] if o in known]
    sort, sort_notes = sort_from_url(params)
    notes = [*f.notes, *window_notes(f, bounds), *sort_notes]
    notes += [f"ignored outlet {o[:40]!r}: not in this store" for o in unknown]
    dropped = sorted(
        name for name in ("layers", "actors", "groups", "statuses", "min_sources",
                          "precisions", "possible", "as_of")
        if params.get(_param(name))
    )  # fmt: skip
    if dropped:
        notes.append("this page does not filter by " + ", ".join(dropped) + "; left out")
    state = {key: values[key] for key in LARGE_WIDGETS}
    claim = (params.get("claim") or [""])[-1].strip()
    return {**state, "sort": sort, "large_pick": claim or None, "_url_notes": notes}


def _param(name: str) -> str:
    from claimmap.dashboard.filters import PARAMS

    return PARAMS[name]


def url_of(f: Any, sort: str = "", claim: str | None = None) -> dict[str, list[str]]:
    """Return the query parameters of the large-store page's state (defaults left out)."""
    from claimmap.dashboard.viewstate import url_params

    params = url_params(f, sort=sort)
    if claim:
        params["claim"] = [claim]
    return params


#: Most claims a download of the large-store page holds (read from the store on click).
DOWNLOAD_LIMIT = 20_000


def view_export(engine: Engine, f: Any, fmt: str, total: int | None = None) -> bytes:
    """Build one download of the view of filter state ``f``, through the export table.

    The view's claims (at most `DOWNLOAD_LIMIT`, in the data's order) are read from
    the store with their groups (``geo.store.read.load_claims_dataset``) and built by
    ``claimmap.exports`` exactly as ``claimmap export`` and the full page build them;
    ``total`` is the store's claim count (the printed "38 of 116").
    """
    from claimmap import exports
    from claimmap.dashboard.viewstate import FILTER_LABELS, export_note
    from geo.store.read import load_claims_dataset
    from geo.store.viewlist import view_claims

    listed = view_claims(engine, query_of(f), limit=DOWNLOAD_LIMIT)
    dataset = load_claims_dataset(engine, [c.id for c in listed])
    other = {k: v for k, v in f.to_query_params().items() if k not in ("start", "end", "as_of")}
    request = exports.Request(
        start=f.start, end=f.end, as_of=f.as_of, other=other, total=total,
        note=export_note(f, FILTER_LABELS),
    )  # fmt: skip
    return exports.build(fmt, dataset, request)
