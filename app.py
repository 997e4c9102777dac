"""claimmap dashboard: ``streamlit run app.py`` (``make run``).

UI only: widgets, layout and calls into geo/ (loading, filters, view data,
exports) and layers/ (map layers, rendering, the HTML export). Every string
from the data reaches the page through Streamlit's escaping: dataframes, chart
data, widget labels, ``st.code``, or Markdown with every ASCII punctuation mark
backslash-escaped (`md`); ``unsafe_allow_html`` is never used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import altair as alt
import pandas as pd
import streamlit as st

from geo import paths
from geo import timeline as views
from geo.dataset import Dataset, load_dataset
from geo.filters import LAYERS, PRECISION_LABELS, PRECISIONS, ClaimIndex, Filters
from geo.models import STATUSES
from geo.problems import DataError
from layers.features import claim_layers, layer_collections, within_budget
from layers.style import LAYER_STYLES, TYPE_STYLES

#: Most claim records embedded in the map page (over all features); above it each
#: feature carries only its first claims. The selection panel reads the full lists.
MAP_CLAIMS_BUDGET = 1_000
TABLE_ROWS = 2_000
PANEL_CLAIMS = 40
DOWNLOADS = {
    "geojson": ("GeoJSON", "application/geo+json", "for QGIS and other GIS tools"),
    "html": ("HTML map", "text/html", "a self-contained map that opens with no network"),
    "csv": ("CSV", "text/csv", "one row per claim, for a spreadsheet"),
    "kml": ("KML", "application/vnd.google-earth.kml+xml", "for Google Earth"),
}
_STATUS_LABELS = {s: s.replace("_", " ") for s in STATUSES}

# --------------------------------------------------------------------------- text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&\"'=^%@/,;?])")


def md(text: Any) -> str:
    """Escape data for Markdown: every ASCII punctuation mark backslash-escaped.

    Links, images, emphasis, HTML, emoji short codes, colour directives and
    LaTeX all show as the literal characters; line breaks become spaces.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def type_label(claim_type: str) -> str:
    """Return the readable name of a claim type."""
    style = TYPE_STYLES.get(claim_type)
    return style.label if style else claim_type.replace("_", " ")


def dates_text(start: str | None, end: str | None, precision: str | None) -> str:
    """Describe an event range as reported ("2026-01-04 to 2026-01-11 (range)")."""
    if not start:
        return "no event date reported"
    span = start if start == end or not end else f"{start} to {end}"
    return f"{span} ({precision})" if precision and precision != "day" else span


# --------------------------------------------------------------------------- cached data


@dataclass(frozen=True)
class Base:
    """The whole data set, its map layers and its filter index (built once per data version)."""

    root: str
    dataset: Dataset
    index: ClaimIndex
    bounds: tuple[dt.date, dt.date] | None
    max_independent: int
    borders: dict[str, Any]
    options: dict[str, list[str]]


@dataclass(frozen=True)
class View:
    """What a filter state leaves: the claims, their map layers and the drawable copy."""

    key: tuple
    dataset: Dataset
    collections: dict[str, dict[str, Any]]
    features: dict[str, dict[str, Any]]
    drawn: dict[str, dict[str, Any]]
    documents: int
    disputes: int


def data_stamp(root: Path) -> tuple:
    """Return names, sizes and modification times of the data files (a cache key)."""
    out = []
    for name in (paths.GAZETTEER_FILE, paths.SOURCES_FILE, paths.CLAIMS_FILE, paths.GROUPS_FILE):
        try:
            stat = (root / name).stat()
            out.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def load_base(root: str, stamp: tuple) -> Base:
    """Load, check and index the data set (raises DataError; failures are not cached)."""
    from layers.basemap import border_features

    dataset = load_dataset(root)
    collections = layer_collections(dataset)
    index = ClaimIndex.build(dataset, claim_layers(collections))
    frame = index.frame
    return Base(
        root=root,
        dataset=dataset,
        index=index,
        bounds=index.date_bounds(),
        max_independent=int(frame["independent"].max()) if len(frame) else 0,
        borders=border_features(collections),  # one background for every filter state
        options={c: index.values(c) for c in ("type", "actors", "group", "outlet", "status")},
    )


@st.cache_resource(max_entries=64)
def load_view(key: tuple, _filters: Filters, _base: Base) -> View:
    """Filter the claims and build their map layers (cached per data version and filter state)."""
    dataset = _filters.apply(_base.dataset, _base.index)
    collections = layer_collections(dataset)
    if _filters.layers is not None:
        collections = {
            name: coll if name in _filters.layers else {**coll, "features": []}
            for name, coll in collections.items()
        }
    features = {
        f["properties"]["feature_id"]: f
        for coll in collections.values()
        for f in coll.get("features", ())
    }
    in_view = {c.id for c in dataset.claims}
    disputes = sum(
        1 for c in _base.dataset.analysis.conflicts if any(e.claim_id in in_view for e in c.entries)
    )
    documents = len({c.source_id for c in dataset.claims})
    drawn = within_budget(collections, MAP_CLAIMS_BUDGET)
    return View(key, dataset, collections, features, drawn, documents, disputes)


@st.cache_resource(max_entries=64)
def table_frame(key: tuple, _view: View):
    """Build the claims table of a view (cached)."""
    return views.claims_table(_view.dataset, limit=TABLE_ROWS)


@st.cache_resource(max_entries=64)
def timeline_spec(key: tuple, _view: View) -> tuple[dict | None, str, int, bool]:
    """Build the timeline chart of a view as a Vega-Lite spec (cached).

    Returns the spec (None when nothing is dated), the mode ("ranges" or "daily"),
    the number of undated claims, and whether the initial dates are zoomed in.
    """
    mode, frame, undated = views.timeline_frame(_view.dataset)
    if frame.empty:
        return None, mode, undated, False
    scale = type_scale(frame["type"].tolist())
    if mode == "daily":
        chart = (
            alt.Chart(frame)
            .mark_area()
            .encode(
                x=alt.X("day:T", title="Event dates as reported"),
                y=alt.Y("claims:Q", stack=True, title="Claims whose range includes the day"),
                color=alt.Color("type:N", scale=scale, title="Type"),
                tooltip=["day:T", "type:N", "claims:Q"],
            )
            .properties(height=320)
        )
        return chart.to_dict(), mode, undated, False
    # one row per claim, records of the same underlying claim together, oldest first
    first = frame.groupby("group_title")["start"].transform("min")
    frame = (
        frame.assign(first=first)
        .sort_values(["first", "group_title", "start", "outlet"])
        .drop(columns="first")
    )
    row = frame["label"] + " · " + frame["outlet"].str.slice(0, 32)
    repeat = row.groupby(row).cumcount()
    frame["row"] = row.where(repeat == 0, row + " (" + (repeat + 1).astype(str) + ")")
    # a few early outliers (say a protest start months before) should not squash the rest
    lo, hi, earliest = frame["start"].quantile(0.05), frame["end"].max(), frame["start"].min()
    zoomed = (hi - earliest) > 3 * (hi - lo) and (hi - lo) >= pd.Timedelta(days=3)
    domain = [(lo - pd.Timedelta(days=1)).isoformat(), hi.isoformat()] if zoomed else None
    chart = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2, clip=True)
        .encode(
            x=alt.X(
                "start:T",
                title="Event dates as reported",
                scale=alt.Scale(domain=domain) if domain else alt.Undefined,
                axis=alt.Axis(format="%d %b %Y"),
            ),
            x2="end:T",
            y=alt.Y(
                "row:N",
                title=None,
                sort=frame["row"].tolist(),
                axis=alt.Axis(labelLimit=340, labelOverlap=False),
            ),
            color=alt.Color("type:N", scale=scale, title="Type"),
            tooltip=[
                alt.Tooltip("statement:N", title="Statement"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("dates:N", title="Dates"),
                alt.Tooltip("date_precision:N", title="Known to"),
                alt.Tooltip("claim_id:N", title="Claim"),
            ],
        )
        .properties(height=alt.Step(22))
        .interactive(bind_y=False)  # zoom and pan the dates
    )
    return chart.to_dict(), mode, undated, bool(zoomed)


#: Most dispute charts drawn (the table lists every conflict).
DISPUTE_CHARTS = 12


@st.cache_resource(max_entries=64)
def disputes_parts(key: tuple, _view: View, _base: Base):
    """Build the figures-in-dispute table and one chart spec per conflict (cached)."""
    frame = views.disputes_frame(_view.dataset, _base.dataset)
    specs: list[dict] = []
    for (_summary, kind), rows in frame.groupby(["conflict", "kind"], sort=False):
        if len(specs) >= DISPUTE_CHARTS:
            break
        rows = rows.copy()
        title = f"{rows['group_title'].iloc[0]} — {str(rows['what'].iloc[0]).replace('_', ' ')}"
        rows["who"] = rows["outlet"].str.slice(0, 40) + " (" + rows["claim_id"] + ")"
        rows["label"] = " " + rows["as_reported"].str.slice(0, 60)
        if kind == "quantity":
            rows = rows[rows["low"].notna()]
            if rows.empty:
                continue
            rows["qualifier"] = [
                "more than / at least"
                if hi and not lo
                else "up to / nearly"
                if lo and not hi
                else "range"
                if low != high
                else "value"
                for lo, hi, low, high in zip(
                    rows["open_low"], rows["open_high"], rows["low"], rows["high"], strict=True
                )
            ]
            rows = rows.drop(columns=["date_low", "date_high"])
            x = alt.X(
                "low:Q",
                title="Reported value",
                scale=alt.Scale(zero=False, padding=20),
                axis=alt.Axis(format=",~f"),
            )
            x2, end = "high:Q", "high:Q"
        else:
            rows = rows[rows["date_low"].notna()].drop(columns=["low", "high"])
            if rows.empty:
                continue
            rows["qualifier"] = "range"
            x = alt.X(
                "date_low:T",
                title="Reported dates",
                scale=alt.Scale(padding=20),
                axis=alt.Axis(format="%d %b %Y", tickCount="day"),
            )
            x2, end = "date_high:T", "date_high:T"
        base_chart = alt.Chart(rows).encode(
            y=alt.Y("who:N", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("as_reported:N", title="As reported"),
                alt.Tooltip("outlet:N", title="Outlet"),
                alt.Tooltip("claims:Q", title="Records"),
                alt.Tooltip("claim_id:N", title="Claim (first record)"),
            ],
        )
        rule = base_chart.mark_rule(strokeWidth=3, color="#332288").encode(x=x, x2=x2)
        point = base_chart.mark_point(filled=True, size=100, color="#332288").encode(
            x=end,
            shape=alt.Shape(
                "qualifier:N",
                legend=None,  # explained above the charts
                scale=alt.Scale(
                    domain=["value", "range", "more than / at least", "up to / nearly"],
                    range=["circle", "square", "triangle-right", "triangle-left"],
                ),
            ),
            opacity=alt.condition("datum.in_view", alt.value(1.0), alt.value(0.35)),
        )
        words = base_chart.mark_text(align="left", dx=10, fontSize=11, color="#333").encode(
            x=end, text="label:N"
        )
        chart = alt.layer(rule, point, words).properties(
            title=alt.TitleParams(title, anchor="start", fontSize=13),
            height=alt.Step(28),
            padding={"left": 5, "top": 5, "bottom": 5, "right": 180},  # room for the words
        )
        specs.append(chart.to_dict())
    return frame, specs


@st.cache_resource(max_entries=64)
def sources_parts(key: tuple, _view: View):
    """Build the citation graph and tables of a view (cached)."""
    edges = views.citation_edges(_view.dataset)
    dot = views.citation_dot(edges) if not edges.empty else None
    return edges, dot, views.first_reporters(_view.dataset)


def type_scale(types: list[str]) -> alt.Scale:
    """Colour claim types as the map does."""
    domain = sorted(set(types))
    colours = [TYPE_STYLES[t].color if t in TYPE_STYLES else "#888888" for t in domain]
    return alt.Scale(domain=domain, range=colours)


@st.cache_resource(max_entries=1)
def export_cache() -> OrderedDict:
    """Built downloads by (data version, filter state, format), the last few kept."""
    return OrderedDict()


_EXPORT_LOCK = threading.Lock()


def export_bytes(fmt: str, cache_key: tuple, dataset: Dataset, f: Filters, tiles: bool) -> bytes:
    """Build one download with the same code as ``claimmap export`` (memoised)."""
    cache = export_cache()
    with _EXPORT_LOCK:
        if cache_key in cache:
            cache.move_to_end(cache_key)
            return cache[cache_key]
    if fmt == "html":
        from layers.html import render_html

        content: str | bytes = render_html(
            layer_collections(dataset),
            tiles="OpenStreetMap" if tiles else None,
            start=f.start,
            end=f.end,
        )
    elif fmt == "geojson":
        from geo.exports.geojson import to_geojson

        content = to_geojson(dataset)
    elif fmt == "csv":
        from geo.exports.csv import to_csv

        content = to_csv(dataset)
    elif fmt == "kml":
        from geo.exports.kml import to_kml

        content = to_kml(dataset)
    else:  # pragma: no cover - DOWNLOADS lists the formats
        raise ValueError(fmt)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    with _EXPORT_LOCK:
        cache[cache_key] = data
        while len(cache) > 12:
            cache.popitem(last=False)
    return data


# --------------------------------------------------------------------------- state


WIDGETS = (
    "f_dates",
    "f_layers",
    "f_types",
    "f_actors",
    "f_groups",
    "f_outlets",
    "f_statuses",
    "f_min_sources",
    "f_precisions",
    "f_search",
)


def widget_defaults(base: Base, f: Filters) -> dict[str, Any]:
    """Widget values showing filter state ``f``."""
    lo, hi = base.bounds or (None, None)
    start = min(max(f.start or lo, lo), hi) if lo else None
    end = max(min(f.end or hi, hi), lo) if hi else None
    return {
        "f_dates": (start, end) if lo else None,
        "f_layers": list(f.layers) if f.layers is not None else list(LAYERS),
        "f_types": list(f.types or ()),
        "f_actors": list(f.actors or ()),
        "f_groups": list(f.groups or ()),
        "f_outlets": list(f.outlets or ()),
        "f_statuses": list(f.statuses or ()),
        "f_min_sources": min(f.min_sources, max(base.max_independent, 1)),
        "f_precisions": list(f.precisions) if f.precisions is not None else list(PRECISIONS),
        "f_search": f.search,
    }


def filters_from_widgets(base: Base) -> Filters:
    """Read the sidebar's widgets back as a filter state."""
    state = st.session_state
    start = end = None
    dates = state.get("f_dates")
    if base.bounds and dates and tuple(dates) != tuple(base.bounds):
        start, end = dates
    layers = state.get("f_layers") or []
    precisions = state.get("f_precisions") or []
    return Filters(
        start=start,
        end=end,
        layers=None if set(layers) == set(LAYERS) else tuple(layers),
        types=tuple(state.get("f_types") or ()) or None,
        actors=tuple(state.get("f_actors") or ()) or None,
        groups=tuple(state.get("f_groups") or ()) or None,
        outlets=tuple(state.get("f_outlets") or ()) or None,
        statuses=tuple(state.get("f_statuses") or ()) or None,
        min_sources=int(state.get("f_min_sources") or 0),
        precisions=None if set(precisions) == set(PRECISIONS) else tuple(precisions),
        search=str(state.get("f_search") or "").strip(),
    )


def read_url() -> dict[str, list[str]]:
    """Return the page's query parameters, every value as a list."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def boot_from_url(base: Base) -> None:
    """On a session's first run, set the widgets from the URL (once)."""
    if st.session_state.get("_booted") == base.root:
        return
    params = read_url()
    f = Filters.from_query_params(params, index=base.index)
    notes = list(f.notes)
    if base.bounds and f.start and not base.bounds[0] <= f.start <= base.bounds[1]:
        notes.append(f"start {f.start} is outside the reported event dates; moved to the edge")
    if base.bounds and f.end and not base.bounds[0] <= f.end <= base.bounds[1]:
        notes.append(f"end {f.end} is outside the reported event dates; moved to the edge")
    for key, value in widget_defaults(base, f).items():
        st.session_state[key] = value
    st.session_state["sel"] = (params.get("sel") or [None])[-1]
    st.session_state["tiles"] = (params.get("tiles") or ["0"])[-1] == "1"
    st.session_state["_url_notes"] = notes
    st.session_state["_booted"] = base.root


def write_url(f: Filters) -> None:
    """Put the filter state (and the selection) in the URL, when it changed."""
    params: dict[str, str | list[str]] = dict(f.to_query_params())
    if st.session_state.get("sel"):
        params["sel"] = st.session_state["sel"]
    if st.session_state.get("tiles"):
        params["tiles"] = "1"
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    if wanted != read_url():
        st.query_params.from_dict(params)


def reset_filters(base: Base) -> None:
    """Button callback: every filter back to its default."""
    for key, value in widget_defaults(base, Filters()).items():
        st.session_state[key] = value


def whole_period(base: Base) -> None:
    """Button callback: the date window back to the whole period."""
    st.session_state["f_dates"] = tuple(base.bounds) if base.bounds else None


# --------------------------------------------------------------------------- sidebar


def sidebar(base: Base) -> None:
    """Draw the filter widgets (their state lives in st.session_state)."""
    sb = st.sidebar
    sb.header("Filters")
    if base.bounds:
        lo, hi = base.bounds
        if lo < hi:
            sb.slider(
                "Event dates",
                min_value=lo,
                max_value=hi,
                key="f_dates",
                format="D MMM YYYY",
                help="A claim is kept when its reported event "
                "dates overlap the window. Claims without a date show only for the "
                "whole period.",
            )
        sb.button(
            "Whole period",
            on_click=whole_period,
            args=(base,),
            key="b_whole",
            icon=":material/date_range:",
        )
    sb.pills(
        "Layers",
        list(LAYERS),
        selection_mode="multi",
        key="f_layers",
        format_func=lambda n: LAYER_STYLES[n].label if n in LAYER_STYLES else n,
    )
    sb.multiselect(
        "Claim types",
        base.options["type"],
        key="f_types",
        format_func=type_label,
        placeholder="All types",
    )
    sb.multiselect(
        "Actors and armed groups named",
        base.options["actors"],
        key="f_actors",
        placeholder="Any actor",
    )
    titles = {g.id: g.title for g in base.dataset.groups.values()}
    sb.multiselect(
        "Underlying claims",
        base.options["group"],
        key="f_groups",
        format_func=lambda g: titles.get(g, g),
        placeholder="All",
        help="Records of the same claim across documents",
    )
    sb.multiselect("Outlets", base.options["outlet"], key="f_outlets", placeholder="All outlets")
    sb.multiselect(
        "Status as reported",
        base.options["status"],
        key="f_statuses",
        format_func=lambda s: _STATUS_LABELS.get(s, s),
        placeholder="Any status",
    )
    sb.number_input(
        "Minimum independent sources",
        min_value=0,
        max_value=max(base.max_independent, 1),
        step=1,
        key="f_min_sources",
        help="Distinct first reporters behind the claim; an outlet that only "
        "relays another adds none.",
    )
    sb.pills(
        "Place precision",
        list(PRECISIONS),
        selection_mode="multi",
        key="f_precisions",
        format_func=lambda p: PRECISION_LABELS[p],
    )
    sb.text_input(
        "Search",
        key="f_search",
        placeholder="statement, quote or place, any script",
        help="Every word must appear in the statement, quote, claimant, actors or "
        "the names of the claim's places (Latin, Arabic or Persian spellings).",
    )
    sb.button("Reset all filters", on_click=reset_filters, args=(base,), key="b_reset")
    sb.divider()
    sb.toggle(
        "Base-map tiles (needs a network)",
        key="tiles",
        help="Off: the map draws country borders from bundled data, with no network.",
    )


# --------------------------------------------------------------------------- map


def draw_map(base: Base, view: View, f: Filters) -> None:
    """Draw the map and turn a click on a feature into the selection."""
    from streamlit_folium import st_folium

    from layers.render import build_map

    tiles = "OpenStreetMap" if st.session_state.get("tiles") else None
    fmap = build_map(
        view.drawn,
        tiles=tiles,
        asset_mode="static",
        start=f.start,
        end=f.end,
        borders=base.borders,
        legend_collapsed=True,
    )
    out = st_folium(
        fmap,
        key="map",
        height=600,
        use_container_width=True,
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
    )
    clicked = (out or {}).get("last_object_clicked")
    if clicked != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = clicked
        if clicked and "lat" in clicked and "lng" in clicked:
            picked = views.pick_feature(
                view.collections,
                float(clicked["lat"]),
                float(clicked["lng"]),
                (out or {}).get("last_object_clicked_tooltip"),
            )
            if picked:
                st.session_state["sel"] = picked


# --------------------------------------------------------------------------- selection


def feature_label(feature: dict[str, Any]) -> str:
    """Name a feature in the picker: its label, layer and claim count."""
    props = feature["properties"]
    layer = LAYER_STYLES[props["layer"]].label if props["layer"] in LAYER_STYLES else props["layer"]
    count = len(props.get("claim_ids") or ())
    return f"{props.get('label')} · {layer} · {count} claim{'s' if count != 1 else ''}"


def selection_panel(base: Base, view: View) -> None:
    """Show the selected feature's claims, with their sources and grading."""
    st.subheader("Selected place or route")
    options = list(view.features)
    if st.session_state.get("sel") not in options:
        st.session_state["sel"] = None
    st.selectbox(
        "Place or route",
        options,
        index=None,
        key="sel",
        label_visibility="collapsed",
        placeholder="Click a feature on the map, or pick one here",
        format_func=lambda fid: feature_label(view.features[fid]),
    )
    fid = st.session_state.get("sel")
    if not fid:
        st.caption("Every item on the map is a claim as reported, not an established fact.")
        return
    props = view.features[fid]["properties"]
    names = ", ".join(props.get("place_names") or ())
    precision = float(props.get("precision_m") or 0)
    st.caption(md(f"{names} — position known to about {precision / 1000:,.0f} km"))
    claims = props.get("claims") or []
    if len(claims) > PANEL_CLAIMS:
        st.caption(
            f"Showing the first {PANEL_CLAIMS} of {len(claims):,} claims reported here; "
            "the table below lists them all."
        )
    for claim in claims[:PANEL_CLAIMS]:
        claim_card(base, claim)


def claim_card(base: Base, c: dict[str, Any]) -> None:
    """One claim as reported: statement, quote, claimant, outlet, dates, sources, grading."""
    with st.container(border=True):
        dates = dates_text(c.get("event_start"), c.get("event_end"), c.get("date_precision"))
        status = _STATUS_LABELS.get(c.get("status"), c.get("status"))
        st.markdown(f"**{md(type_label(c['type']))}** · {md(dates)} · {md(status)}")
        st.markdown(md(c["statement"]))
        st.markdown("> " + md(c["quote"]))
        st.markdown(f"According to {md(c['claimant'])}")
        origin = base.dataset.sources.get(c.get("origin") or "")
        outlet = md(c.get("outlet") or c.get("source_id"))
        url = views.safe_url(c.get("url"))
        link = f"[{outlet}]({url_quote(url, safe=':/?#&=%+@,;~')})" if url else outlet
        line = f"Reported in {link}"
        if origin is not None and c.get("origin") != c.get("source_id"):
            line += f" · first reported by {md(origin.name)}"
        st.caption(line)
        facts = [
            f"independent sources: {int(c.get('independent_sources') or 0)}",
            f"grade {md(c.get('grade') or 'F6')} ({md(c.get('grading_note') or 'not assessed')})",
        ]
        figures = views.figures_text(c.get("quantities") or ())
        if figures:
            facts.append(f"figures as reported: {md(figures)}")
        st.caption(" · ".join(facts))
        if c.get("date_note"):
            st.caption("Dates: " + md(c["date_note"]))
        for summary in c.get("conflicts") or ():
            st.caption(":material/compare_arrows: " + md(summary))


# --------------------------------------------------------------------------- views


def table_view(view: View) -> None:
    """Show the claims in view as a table."""
    n = len(view.dataset.claims)
    frame = table_frame(view.key, view)
    if n > TABLE_ROWS:
        st.caption(f"Showing the first {TABLE_ROWS:,} of {n:,} claims; the downloads hold all.")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "claim_id": st.column_config.TextColumn("Claim", width="small"),
            "event_start": st.column_config.DateColumn("From"),
            "event_end": st.column_config.DateColumn("To"),
            "type": st.column_config.TextColumn("Type"),
            "statement": st.column_config.TextColumn("Statement", width="large"),
            "quote": st.column_config.TextColumn("Quote (as reported)", width="large"),
            "claimant": st.column_config.TextColumn("According to"),
            "outlet": st.column_config.TextColumn("Outlet"),
            "url": st.column_config.LinkColumn("Document", display_text="open"),
            "status": st.column_config.TextColumn("Status"),
            "independent_sources": st.column_config.NumberColumn("Independent sources"),
            "grade": st.column_config.TextColumn("Grade"),
            "places": st.column_config.TextColumn("Places"),
            "actors": st.column_config.TextColumn("Actors"),
            "figures": st.column_config.TextColumn("Figures as reported"),
            "conflicts": st.column_config.NumberColumn("Conflicts"),
            "group_title": st.column_config.TextColumn("Underlying claim"),
        },
    )


def timeline_view(view: View) -> None:
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
        st.vega_lite_chart(spec=dict(spec), width="stretch")
    if undated:
        st.caption(f"{undated:,} claim(s) in view have no reported event date and are not drawn.")


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
    if frame["conflict"].nunique() > len(specs):
        st.caption(f"Charts for the first {len(specs)} conflicts; the table lists them all.")
    st.dataframe(
        frame[
            [
                "group_title",
                "what",
                "outlet",
                "as_reported",
                "claims",
                "claim_id",
                "in_view",
                "conflict",
            ]
        ],
        hide_index=True,
        width="stretch",
        column_config={
            "group_title": st.column_config.TextColumn("Underlying claim"),
            "what": st.column_config.TextColumn("Figure"),
            "outlet": st.column_config.TextColumn("Outlet"),
            "as_reported": st.column_config.TextColumn("As reported"),
            "claims": st.column_config.NumberColumn("Records", help="records saying the same"),
            "claim_id": st.column_config.TextColumn("Claim (first record)"),
            "in_view": st.column_config.CheckboxColumn("In view"),
            "conflict": st.column_config.TextColumn("Summary", width="large"),
        },
    )


def sources_view(view: View) -> None:
    """Who relies on whom: citations and first reporters behind the claims in view."""
    edges, dot, reporters = sources_parts(view.key, view)
    if dot:
        st.caption(
            "Arrows point from a document to the source it relies on "
            "(solid: cites; dashed: names as first reporter)."
        )
        st.graphviz_chart(dot, width="stretch")
    st.dataframe(
        reporters,
        hide_index=True,
        width="stretch",
        column_config={
            "document": st.column_config.TextColumn("Document", width="large"),
            "claims": st.column_config.NumberColumn("Claims in view"),
            "first_reported_by": st.column_config.TextColumn("First reported by", width="large"),
        },
    )
    if not edges.empty:
        st.dataframe(
            edges[["source", "how", "relies_on", "relies_on_kind"]],
            hide_index=True,
            width="stretch",
            column_config={
                "source": st.column_config.TextColumn("Source"),
                "how": st.column_config.TextColumn("How"),
                "relies_on": st.column_config.TextColumn("Relies on"),
                "relies_on_kind": st.column_config.TextColumn("Kind"),
            },
        )


def downloads(base: Base, view: View, f: Filters, stamp: tuple) -> None:
    """One button per format, each holding exactly the claims in view (built on click)."""
    n = len(view.dataset.claims)
    slug = (
        "all" if f.is_default else "filtered-" + hashlib.sha1(view.key[-1].encode()).hexdigest()[:8]
    )
    tiles = bool(st.session_state.get("tiles"))
    builders: dict[str, Callable[[], bytes]] = {}
    columns = st.columns(2)
    for i, (fmt, (label, mime, help_text)) in enumerate(DOWNLOADS.items()):
        column = columns[i % 2]
        key = (*view.key, fmt, tiles)

        def build(fmt: str = fmt, key: tuple = key, dataset: Dataset = view.dataset) -> bytes:
            return export_bytes(fmt, key, dataset, f, tiles)

        builders[fmt] = build
        column.download_button(
            label,
            data=build,
            file_name=f"claimmap-{slug}.{fmt}",
            mime=mime,
            help=f"{n:,} claims, {help_text}",
            key=f"dl_{fmt}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    st.session_state["_downloads"] = builders


# --------------------------------------------------------------------------- page


def show_data_error(root: Path, error: DataError) -> None:
    """Report a broken data file by file and line, with no traceback."""
    st.error(
        f"The data files could not be loaded ({len(error.problems)} problem(s)). "
        "Fix them and reload the page."
    )
    st.code("\n".join(str(p) for p in error.problems[:200]), language=None, wrap_lines=True)
    st.caption("Data directory: " + md(root))


def main() -> None:
    """Lay out the page."""
    st.set_page_config(page_title="claimmap · reported claims", layout="wide")
    root = paths.data_dir()
    stamp = data_stamp(root)
    try:
        base = load_base(str(root), stamp)
    except DataError as error:
        st.title("claimmap")
        show_data_error(root, error)
        return
    boot_from_url(base)
    sidebar(base)
    f = filters_from_widgets(base)
    view = load_view((base.root, stamp, repr(sorted(f.to_query_params().items()))), f, base)

    st.title("claimmap: reported claims")
    st.caption(
        "Claims as reported by the documents, with who says them, where and when. "
        "Nothing here is drawn as established fact."
    )
    for note in st.session_state.get("_url_notes") or ():
        st.warning("From the link: " + md(note), icon=":material/link_off:")
    total, n = len(base.dataset.claims), len(view.dataset.claims)
    cols = st.columns(4)
    cols[0].metric("Claims in view", f"{n:,}", help=f"of {total:,} reported claims")
    cols[1].metric("Documents", f"{view.documents:,}")
    cols[2].metric("Places and routes drawn", f"{len(view.features):,}")
    cols[3].metric("Figures or dates in dispute", f"{view.disputes:,}")

    draw_map(base, view, f)
    left, right = st.columns([3, 2], gap="large")
    with left:
        selection_panel(base, view)
    with right:
        st.subheader("Download this view")
        downloads(base, view, f, stamp)
        active = f.describe()
        st.caption(
            "Filters: " + md("; ".join(active)) if active else "No filters: every reported claim."
        )
    write_url(f)
    views_of_claims = {
        "Claims": lambda: table_view(view),
        "Timeline": lambda: timeline_view(view),
        "Figures in dispute": lambda: disputes_view(base, view),
        "Sources": lambda: sources_view(view),
    }
    # only the open tab runs (a switch reruns the page): a filter change builds one view
    tabs = st.tabs(list(views_of_claims), key="tab", on_change="rerun")
    for tab, draw in zip(tabs, views_of_claims.values(), strict=True):
        if tab.open is not False:
            with tab:
                draw()


main()
