"""Linked views (no Streamlit): a selection in one view shown in the others.

- `brushed_dates`: the dates of an interval brushed on the timeline (Vega-Lite's
  selection, as ``st.vega_lite_chart`` reports it), for the sidebar's window.
- `picked_claims`: the claims of bars clicked on the timeline, or of rows picked
  in the table.
- `features_with_claims` / `highlight_shapes`: the map features that draw those
  claims, and the outlines that mark them on the map.
- `who_reports_what`: claims by outlet, each cell saying whether the outlet
  reports it as its own or relays another source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.provenance import outlet_name, roots

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from geo.models import Claim

#: The names of the timeline's selections (charts.timeline_chart).
BRUSH = "brush"
PICK = "pick"
#: The cells of `who_reports_what`.
OWN, RELAYED = "● own", "○ relays"


def _day(value: Any) -> dt.date | None:
    """Return a Vega date (milliseconds since 1970, or ISO text) as a date."""
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def brushed_dates(selection: Mapping[str, Any] | None) -> tuple[dt.date, dt.date] | None:
    """Return the days an interval brushed on the timeline covers, or None.

    ``selection`` is the chart's event ``selection`` (``{"brush": {"start": [a, b]}}``,
    times in milliseconds); each end is the day it falls on.
    """
    interval = (selection or {}).get(BRUSH) or {}
    values = next(iter(interval.values()), None) if isinstance(interval, Mapping) else None
    days = [d for d in (_day(v) for v in values or ()) if d is not None]
    if len(days) != 2:
        return None
    first, last = sorted(days)
    return (first, last)


def picked_claims(selection: Mapping[str, Any] | None) -> list[str]:
    """Return the claim ids of the bars clicked on the timeline (in click order)."""
    points = (selection or {}).get(PICK) or []
    return [str(p["claim_id"]) for p in points if isinstance(p, Mapping) and p.get("claim_id")]


def rows_claims(frame: pd.DataFrame, rows: Iterable[int]) -> list[str]:
    """Return the claim ids of the table rows picked (positions in ``frame``)."""
    ids = frame["claim_id"].tolist()
    return [ids[i] for i in rows if 0 <= i < len(ids)]


def features_with_claims(
    collections: Mapping[str, Mapping[str, Any]], claim_ids: Iterable[str]
) -> list[dict[str, Any]]:
    """Return the map features that draw any of the claims (in drawing order)."""
    wanted = set(claim_ids)
    if not wanted:
        return []
    return [
        feature
        for collection in collections.values()
        for feature in collection.get("features", ())
        if wanted & set(feature["properties"].get("claim_ids") or ())
    ]


def highlight_shapes(features: Iterable[Mapping[str, Any]]) -> list[tuple[str, Any]]:
    """Return what marks each feature on the map: ("point", [lat, lon]) or ("line", points).

    A line's points are [lat, lon] pairs; a country's outline is marked at its first
    place (its badge on the map).
    """
    shapes: list[tuple[str, Any]] = []
    for feature in features:
        geometry = feature["geometry"]
        kind, coords = geometry["type"], geometry["coordinates"]
        if kind == "Point":
            shapes.append(("point", [coords[1], coords[0]]))
        elif kind == "LineString":
            shapes.append(("line", [[lat, lon] for lon, lat in coords]))
        elif kind == "MultiLineString":
            shapes += [("line", [[lat, lon] for lon, lat in part]) for part in coords]
        else:
            places = feature["properties"].get("places") or ()
            if places:
                shapes.append(("point", [places[0]["lat"], places[0]["lon"]]))
    return shapes


def _reports_it_first(dataset: Dataset, claim: Claim, outlet: str) -> bool:
    """Whether a record is its outlet's own reporting, not relayed from another source.

    Own: the record's ``origin`` is the document itself or its own outlet, and that
    origin relies on no one else (it is among its own first reporters,
    ``geo.provenance.roots``, which follows ``cites``).
    """
    origin = claim.origin
    theirs = origin == claim.source_id or outlet_name(dataset.sources.get(origin), origin) == outlet
    return theirs and origin in roots(origin, dataset.sources)


def who_reports_what(dataset: Dataset) -> pd.DataFrame:
    """Claims (underlying claims, ``group``) by outlet: who reports what, and how.

    One row per underlying claim in view with its ``independent`` sources (distinct
    first reporters behind it), one column per outlet: `OWN` when the outlet's
    document is itself a first reporter of it, `RELAYED` when it relies on another
    source (its ``origin``, or what it ``cites``), empty when the outlet does not
    carry it.
    """
    cells: dict[str, dict[str, str]] = {}
    titles: dict[str, str] = {}
    for claim in dataset.claims:
        group = dataset.analysis.group(claim.id)
        titles[claim.group] = group.title if group else claim.group
        outlet = dataset.outlet_of(claim)
        own = _reports_it_first(dataset, claim, outlet)
        row = cells.setdefault(claim.group, {})
        if row.get(outlet) != OWN:
            row[outlet] = OWN if own else RELAYED
    outlets = sorted({o for row in cells.values() for o in row}, key=str.casefold)
    rows = []
    for gid, row in cells.items():
        independent = dataset.analysis.groups[gid].independent_count
        rows.append({"claim": titles[gid], "independent": independent,
                     **{o: row.get(o, "") for o in outlets}})  # fmt: skip
    frame = pd.DataFrame(rows, columns=["claim", "independent", *outlets])
    return frame.sort_values(["independent", "claim"], ascending=[False, True], ignore_index=True)
