"""The tabs under the map: claims table, timeline, disputes, who reports what, sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from claimmap.dashboard import (
    linking,
    storepanel,
    views,
)
from claimmap.dashboard import picking as mapclick
from claimmap.dashboard.cache import (
    TABLE_ROWS,
    Base,
    View,
    disputes_parts,
    sources_parts,
    table_frame,
    timeline_spec,
    who_reports_frame,
)
from claimmap.dashboard.markdown import escape_markdown as md
from geo.vocab import (
    LAYER_LABELS,
)

Text = st.column_config.TextColumn


Number = st.column_config.NumberColumn

CLAIM_COLUMNS = {
    "claim_id": Text("Claim", width="small"),
    "event_start": st.column_config.DateColumn("From"),
    "event_end": st.column_config.DateColumn("To"),
    "type": Text("Type"),
    "statement": Text("Statement", width="large"),
    "quote": Text("Quote (as reported)", width="large"),
    "claimant": Text("According to"),
    "outlet": Text("Outlet"),
    "url": st.column_config.LinkColumn("Document", display_text="open"),
    "status": Text("Status"),
    "independent_sources": Number("Independent sources"),
    "grade": Text(
        "Grade",
        help="Admiralty grade of the underlying claim: source "
        "reliability A-F, information credibility 1-6",
    ),
    "review_status": Text("Review"),
    "places": Text("Places"),
    "actors": Text("Actors"),
    "figures": Text("Figures as reported"),
    "conflicts": Number("Conflicts"),
    "group_title": Text("Underlying claim"),
}


DISPUTE_COLUMNS = {
    "group_title": Text("Underlying claim"),
    "what": Text("Figure"),
    "outlet": Text("Outlet"),
    "as_reported": Text("As reported"),
    "claims": Number("Records", help="records saying the same"),
    "claim_id": Text("Claim (first record)"),
    "in_view": st.column_config.CheckboxColumn("In view"),
    "conflict": Text("Summary", width="large"),
}


REPORTER_COLUMNS = {
    "document": Text("Document", width="large"),
    "claims": Number("Claims in view"),
    "first_reported_by": Text("First reported by", width="large"),
}


EDGE_COLUMNS = {
    "source": Text("Source"),
    "how": Text("How"),
    "relies_on": Text("Relies on"),
    "relies_on_kind": Text("Kind"),
}


#: The claims table's columns: "●" for the claims of the selected place, then the claims'.
TABLE_COLUMNS = {"on_map": Text("Selected", width="small", help="on the place selected on the map"),
                 **CLAIM_COLUMNS}  # fmt: skip


def pick_claims(claim_ids: list[str]) -> None:
    """Mark claims as picked (outlined on the map), or clear the pick."""
    st.session_state["hl"] = list(claim_ids)


def show_table(frame: pd.DataFrame, columns: dict[str, Any]) -> None:
    """Show ``columns`` of a frame (name -> column config, in that order), full width."""
    st.dataframe(frame[list(columns)], hide_index=True, width="stretch", column_config=columns)


def table_view(base: Base, view: View) -> None:
    """Show the claims in view as a table; picking rows outlines their claims on the map.

    The claims of the place or route selected on the map come first, marked "●".
    """
    n = len(view.dataset.claims)
    if n > TABLE_ROWS:
        st.caption(f"Showing the first {TABLE_ROWS:,} of {n:,} claims; the downloads hold all.")
    selected = view.features.get(st.session_state.get("sel") or "")
    sort = storepanel.sort_widget()
    shown = table_shown(
        view.key, st.session_state.get("sel") if selected else None, view, base, sort
    )
    frame = shown.frame
    if selected:
        label = mapclick.feature_label(selected, LAYER_LABELS)
        st.caption(md(f"● the claims of {label}, selected on the map, come first."))
    st.caption("Pick rows to outline their claims on the map.")

    def picked() -> None:
        rows = st.session_state["claims_table"]["selection"]["rows"]
        pick_claims(linking.rows_claims(frame, rows))

    st.dataframe(shown.arrow, hide_index=True, width="stretch", column_config=TABLE_COLUMNS,
                 key="claims_table", on_select=picked, selection_mode="multi-row")  # fmt: skip


def timeline_view(base: Base, view: View) -> None:
    """Show claims as date ranges coloured by type (counts per day at large sizes)."""
    spec, mode, undated, zoomed = timeline_spec(view.key, view)
    if spec is None:
        st.info("No dated claims in view.")
    else:
        if mode == "daily":
            st.caption(
                "Many claims in view: the chart counts, for each day, the claims whose "
                "reported date range includes it."
            )
        elif zoomed:
            st.caption(
                "Zoomed to where most claims lie; a few start earlier. Scroll on the chart "
                "to zoom out, drag to pan."
            )
        st.caption(
            "Drag along the dates to narrow the map to them; click a bar to outline its "
            "claim on the map; scroll to zoom. Dashed, lighter bars: dates the analyst "
            "inferred."
        )
        st.vega_lite_chart(
            spec=dict(spec),
            width="stretch",
            key="timeline",
            on_select=lambda: timeline_picked(base),
            selection_mode=[linking.BRUSH, linking.PICK] if mode == "ranges" else [linking.BRUSH],
        )
    if undated:
        st.caption(f"{undated:,} claim(s) in view have no reported event date and are not drawn.")


def timeline_picked(base: Base) -> None:
    """Make a brush on the timeline the date window, and a clicked bar the picked claim."""
    selection = (st.session_state.get("timeline") or {}).get("selection") or {}
    window = linking.brushed_dates(selection)
    if window and base.bounds:
        lo, hi = base.bounds
        st.session_state["f_dates"] = (max(lo, min(window[0], hi)), max(lo, min(window[1], hi)))
    picked = linking.picked_claims(selection)
    if picked:
        pick_claims(picked)


def disputes_view(base: Base, view: View) -> None:
    """Compare the figures and dates that sources report differently."""
    frame, specs = disputes_parts(view.key, view, base)
    if frame.empty:
        st.info("No figures or dates reported differently among the claims in view.")
        return
    st.caption(
        "Each chart is one figure or date that sources report differently: the words "
        "as reported and who reports them. ▶ open upward (“more than”, “at least”), "
        "◀ open downward (“nearly”, “up to”), ■ a range, ● a value. Faded: records "
        "outside the current filters."
    )
    for spec in specs:
        st.vega_lite_chart(spec=dict(spec), width="stretch")
    if frame["conflict_id"].nunique() > len(specs):
        st.caption(f"Charts for the first {len(specs)} conflicts; the table lists them all.")
    show_table(frame.assign(what=frame["what"].str.replace("_", " ")), DISPUTE_COLUMNS)


def reporters_view(view: View) -> None:
    """Claims by outlet: which outlet reports which claim, as its own or relayed."""
    frame = who_reports_frame(view.key, view)
    if frame.empty:
        st.info("No claims in view.")
        return
    st.caption(
        f"{linking.OWN}: the outlet reports the claim as its own; {linking.RELAYED}: it relays "
        "another source. Independent sources: distinct first reporters behind the claim "
        "(an outlet that only relays another adds none)."
    )
    outlets = {name: Text(name, width="small") for name in frame.columns[2:]}
    columns = {"claim": Text("Underlying claim", width="large"),
               "independent": Number("Independent sources"), **outlets}  # fmt: skip
    show_table(frame, columns)


def sources_view(view: View) -> None:
    """Who relies on whom: citations and first reporters behind the claims in view."""
    edges, dot, reporters = sources_parts(view.key, view)
    if dot:
        st.caption(
            "Arrows point from a document to the source it relies on "
            "(solid: cites; dashed: names as first reporter)."
        )
        st.graphviz_chart(dot, width="stretch")
    show_table(reporters, REPORTER_COLUMNS)
    if not edges.empty:
        show_table(edges, EDGE_COLUMNS)


def view_tabs(base: Base, view: View) -> None:
    """Show the claims as a table, a timeline, disputes and sources (only the open tab runs)."""
    draws = {
        "Claims": lambda: table_view(base, view),
        "Timeline": lambda: timeline_view(base, view),
        "Who reports what": lambda: reporters_view(view),
        "Figures in dispute": lambda: disputes_view(base, view),
        "Sources": lambda: sources_view(view),
    }
    # a tab switch reruns the page, so a filter change builds one view, not four
    tabs = st.tabs(list(draws), key="tab", on_change="rerun")
    for tab, draw in zip(tabs, draws.values(), strict=True):
        if tab.open is not False:
            with tab:
                draw()


@dataclass(frozen=True)
class TableShown:
    """The claims table as shown: a frame (rows picked are read from it) and its Arrow copy."""

    frame: pd.DataFrame
    arrow: Any


@st.cache_resource(max_entries=64, show_spinner=False)
def table_shown(
    key: tuple, selected: str | None, _view: View, _base: Base, sort: str = ""
) -> TableShown:
    """Return the claims table of a view as shown: the selected place's claims first (cached).

    Converted to Arrow once (what ``st.dataframe`` sends), not on every run.
    """
    feature = _view.features.get(selected or "") or {}
    claim_ids = feature.get("properties", {}).get("claim_ids") or ()
    frame = table_frame(_view, _base, sort)
    if claim_ids:
        frame = views.selected_first(frame, claim_ids)
    else:
        frame = frame.assign(on_map="")  # nothing selected: every row as it comes
    frame = frame[list(TABLE_COLUMNS)]
    return TableShown(frame, pa.Table.from_pandas(frame, preserve_index=False))
