"""The dashboard page: every ``st.*`` call of claimmap (``app.py`` runs ``main``).

UI only: widgets, layout, caching and calls into geo/ (loading, filters, view
state and URL, view data) and layers/ (map layers, rendering, the HTML
export). Every string from the data reaches the page through Streamlit's
escaping: dataframes, chart data, widget labels, ``st.code``, or Markdown with
every ASCII punctuation mark backslash-escaped (`md`); ``unsafe_allow_html``
is never used.

Where the data comes from and the store's faces live beside it: `storepanel` (the
store or data files the CLI would read, the login hand-over, the review and grade
filters) and `editpanel` (the claim card's review, grade, edit and history panel).

What runs when (bench/bench_app.py measures it against a plain st_folium app):

- per data version (`load_base`): the data set, its map layers, index and borders;
- per filter state without time (`load_layers`, `load_map`): the map's layers and
  its streamlit-folium frame, rendered once; the browser keeps the frame while the
  map is the same (`draw_map`);
- per filter state (`load_view` and the views' builders): the claims in view; new
  time filters (dates, "possibly", "as known on") only narrow the map's layers
  (`mapframe.view_layers`) and are set in the drawn map (`mapframe.window_script`);
- per run: the widgets and elements. `page_body` is a fragment: the time filters, a
  click, a selection, a picked row or a tab rerun it alone; only the open tab's view
  is built.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote as url_quote

import pandas as pd
import streamlit as st

from claimmap import exports
from claimmap.dashboard import (
    access,
    bigpage,
    editpanel,
    linking,
    login,
    mapframe,
    storepanel,
    storypanel,
    views,
    viewstate,
)
from claimmap.dashboard import picking as mapclick
from claimmap.dashboard.filters import ClaimIndex, Filters, sort_ids
from claimmap.dashboard.markdown import escape_markdown as md
from geo.dataset import Dataset
from geo.dates import dates_text
from geo.problems import DataError
from geo.store.errors import StoreError
from geo.vocab import (
    LAYER_LABELS,
    LAYERS,
    PRECISION_LABELS,
    PRECISIONS,
    REVIEW_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    type_label,
)
from layers.features import claim_layers, layer_collections, within_budget

#: Most claim records embedded in the map page (over all features); above it each
#: feature carries only its first claims. The selection panel reads the full lists.
MAP_CLAIMS_BUDGET = 1_000
TABLE_ROWS = 2_000
PANEL_CLAIMS = 40
#: Most dispute charts drawn (the table lists every conflict).
DISPUTE_CHARTS = 12
#: The sidebar's multiselects: `ClaimIndex` column -> widget key (`geo.viewstate.WIDGETS`).
FILTER_KEYS = {
    "type": "f_types",
    "actors": "f_actors",
    "group": "f_groups",
    "outlet": "f_outlets",
    "status": "f_statuses",
}
#: Readable names of filter values, for the page and the printed maps' subtitle.
FILTER_LABELS = {
    "types": TYPE_LABELS,
    "layers": LAYER_LABELS,
    "statuses": STATUS_LABELS,
    "review_statuses": REVIEW_LABELS,
    "precisions": PRECISION_LABELS,
}
Text = st.column_config.TextColumn
Number = st.column_config.NumberColumn


def tiles_name(on: bool) -> str | None:
    """Base-map tiles for the map and the HTML export (None: offline borders only)."""
    return "OpenStreetMap" if on else None


# --------------------------------------------------------------------------- cached data


@dataclass(frozen=True)
class Base:
    """The whole data set, its map layers and its filter index (built once per data version)."""

    root: str
    dataset: Dataset
    collections: dict[str, dict[str, Any]]
    index: ClaimIndex
    bounds: tuple[dt.date, dt.date] | None
    folded: str | None
    max_independent: int
    borders: dict[str, Any]
    options: dict[str, list[str]]
    #: The claims table's rows by claim id, made as views need them (`table_frame`).
    rows: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class View:
    """What a filter state leaves: the claims and their map layers (for the selection)."""

    key: tuple
    dataset: Dataset
    collections: dict[str, dict[str, Any]]
    features: dict[str, dict[str, Any]]
    documents: int
    disputes: int


@dataclass(frozen=True)
class MapFrame:
    """The map of one data version, filter state but time, and tiles switch.

    ``args`` are streamlit-folium's arguments for its frame, made once (`folium_args`);
    ``args["key"]`` is what the browser knows the frame by: the same key, the same frame.
    """

    key: tuple
    args: dict[str, Any]


@st.cache_resource(show_spinner="Loading the data…", max_entries=4)
def load_base(root: str, stamp: tuple, _source: access.DataSource) -> Base:
    """Load, check and index the data set of ``root`` at version ``stamp`` (not cached: errors).

    Raises DataError (data files) or StoreError (a store).
    """
    from geo.yamlio import gc_paused
    from layers.basemap import border_features

    with gc_paused():  # many long-lived objects and no garbage: no collection rescans them
        dataset = _source.load()
        collections = layer_collections(dataset)
        index = ClaimIndex.build(dataset, claim_layers(collections))
    frame = index.frame
    span = index.date_span()
    return Base(
        root=root,
        dataset=dataset,
        collections=collections,
        index=index,
        bounds=(span.low, span.high) if span else None,
        folded=span.folded_text() if span else None,
        max_independent=int(frame["independent"].max()) if len(frame) else 0,
        borders=border_features(collections),  # one background for every filter state
        options={column: index.values(column) for column in FILTER_KEYS},
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def load_layers(key: tuple, _filters: Filters, _base: Base) -> dict[str, dict[str, Any]]:
    """Build the map layers of the claims a filter state without time keeps (cached).

    The whole data set's when nothing is filtered (built with the base).
    """
    if _filters.is_default:
        return _base.collections
    dataset = _filters.apply(_base.dataset, _base.index)
    return mapclick.only_layers(layer_collections(dataset), _filters.layers)


@st.cache_resource(max_entries=64, show_spinner=False)
def load_view(key: tuple, _filters: Filters, _base: Base, _layers: dict) -> View:
    """Filter the claims; narrow the map's layers to the window (cached per filter state).

    ``_layers`` are the map's layers (`load_layers` of the filters without time): the
    selection lists and matches what the map shows of them (`mapframe.view_layers`).
    """
    dataset = _filters.apply(_base.dataset, _base.index)
    collections = _layers
    if _filters != mapframe.map_filters(_filters):  # time filters: what the map shows of them
        collections = mapframe.view_layers(_layers, {c.id for c in dataset.claims})
    return View(
        key=key,
        dataset=dataset,
        collections=collections,
        features=mapclick.features_by_id(collections),
        documents=len({c.source_id for c in dataset.claims}),
        disputes=views.disputes_in_view(dataset),
    )


@st.cache_resource(max_entries=16, show_spinner="Drawing the map…")
def load_map(key: tuple, _layers: dict, _base: Base, tiles: bool) -> MapFrame:
    """Render the map of a filter state without time for its frame (cached).

    ``key`` names the data version and filter state that ``_layers`` were built for.
    Time is left to the drawn map (`mapframe.window_script`), so a new date window
    needs no new map.
    """
    from layers.render import build_map

    fmap = build_map(
        within_budget(_layers, MAP_CLAIMS_BUDGET),
        tiles=tiles_name(tiles),
        asset_mode="static",
        borders=_base.borders,
        title="",  # the page has its heading; no title box over the map
        legend_collapsed=True,  # the sidebar names the layers and types already
        layers_collapsed=True,
        dates_collapsed=True,  # the sidebar sets the dates; the panel adds playback
    )
    return MapFrame(key=key, args=folium_args(fmap))


def table_frame(view: View, base: Base, sort: str = "") -> pd.DataFrame:
    """Build the claims table of a view (`views.claims_table`) from rows made once per claim.

    ``sort`` orders it (`filters.SORTS`) before the first `TABLE_ROWS` are taken.
    """
    rows, claims = [], view.dataset.claims
    if sort:
        ids = [c.id for c in claims]
        claims = [view.dataset.claim(i) for i in sort_ids(base.index, ids, sort)[:TABLE_ROWS]]
    for claim in claims[:TABLE_ROWS]:
        row = base.rows.get(claim.id)
        if row is None:  # a row is the same in every view of the data set
            row = base.rows[claim.id] = views.claim_row(base.dataset, claim)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(views.TABLE_COLUMNS))


@st.cache_resource(max_entries=64)
def timeline_spec(key: tuple, _view: View) -> tuple[dict | None, str, int, bool]:
    """Build the timeline chart of a view as a Vega-Lite spec (cached).

    Returns the spec (None when nothing is dated), the mode ("ranges" or "daily"),
    the number of undated claims, and whether the initial dates are zoomed in.
    """
    mode, frame, undated = views.timeline_frame(_view.dataset)
    if frame.empty:
        return None, mode, undated, False
    from claimmap.dashboard import charts  # Altair: loaded when a chart is first drawn

    spec, zoomed = charts.timeline_chart(mode, frame)
    return spec, mode, undated, zoomed


@st.cache_resource(max_entries=64)
def disputes_parts(key: tuple, _view: View, _base: Base) -> tuple[pd.DataFrame, list[dict]]:
    """Build the figures-in-dispute table and one chart spec per conflict (cached)."""
    from claimmap.dashboard import charts  # Altair: loaded when a chart is first drawn

    frame = views.disputes_frame(_view.dataset, _base.dataset)
    conflicts = views.dispute_charts(frame, limit=DISPUTE_CHARTS)
    return frame, [charts.dispute_chart(*chart).to_dict() for chart in conflicts]


@st.cache_resource(max_entries=64)
def who_reports_frame(key: tuple, _view: View) -> pd.DataFrame:
    """Build the claims-by-outlet matrix of a view (cached)."""
    return linking.who_reports_what(_view.dataset)


@st.cache_resource(max_entries=64)
def sources_parts(key: tuple, _view: View) -> tuple[pd.DataFrame, str | None, pd.DataFrame]:
    """Build the citation graph and tables of a view (cached)."""
    edges = views.citation_edges(_view.dataset)
    dot = views.citation_dot(edges) if not edges.empty else None
    return edges, dot, views.first_reporters(_view.dataset)


@st.cache_resource(max_entries=12, show_spinner=False)
def build_export(
    key: tuple, fmt: str, _dataset: Dataset, _f: Filters, tiles: bool, total: int | None = None
) -> bytes:
    """Build one download with the same code as ``claimmap export`` (cached per view and format).

    ``key`` names the data version and the filter state that ``_dataset`` and ``_f`` hold;
    ``total`` is the whole data set's claim count. The printed maps state the filter:
    their subtitle has the window, ``total`` and `viewstate.export_note`.
    """
    other = {k: v for k, v in _f.to_query_params().items() if k not in ("start", "end", "as_of")}
    request = exports.Request(
        start=_f.start, end=_f.end, tiles=tiles_name(tiles), as_of=_f.as_of, other=other,
        total=total, note=viewstate.export_note(_f, FILTER_LABELS),
    )  # fmt: skip
    return exports.build(fmt, _dataset, request)


# --------------------------------------------------------------------------- state


def read_url() -> dict[str, list[str]]:
    """Return the page's query parameters, every value as a list."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def boot_from_url(base: Base) -> None:
    """On a session's first run (per data directory), set the widgets from the URL."""
    if st.session_state.get("_booted") == base.root:
        return
    state = viewstate.session_from_url(read_url(), base.index, base.bounds, base.max_independent)
    st.session_state.update(state)
    st.session_state["_booted"] = base.root


def write_url(f: Filters) -> None:
    """Put the filter state (and the selection, and the tiles switch) in the URL when it changed."""
    state = st.session_state
    wanted = storypanel.url_params(
        viewstate.url_params(f, state.get("sel"), bool(state.get("tiles")), state.get("sort") or "")
    )
    if wanted != read_url():
        st.query_params.from_dict(wanted)


def reset_filters(base: Base) -> None:
    """Button callback: every filter back to its default."""
    st.session_state.update(viewstate.widget_values(Filters(), base.bounds, base.max_independent))


def whole_period(base: Base) -> None:
    """Button callback: the date window back to the whole period."""
    st.session_state["f_dates"] = tuple(base.bounds) if base.bounds else None


def last_week(base: Base) -> None:
    """Button callback: the last seven days of the dated claims (as the map's preset)."""
    if base.bounds:
        lo, hi = base.bounds
        st.session_state["f_dates"] = (max(lo, hi - dt.timedelta(days=6)), hi)


# --------------------------------------------------------------------------- sidebar


def sidebar(base: Base) -> None:
    """Draw the filter widgets below the dates (their state lives in st.session_state)."""
    sb = st.sidebar
    sb.pills(
        "Layers",
        list(LAYERS),
        selection_mode="multi",
        key="f_layers",
        format_func=lambda n: LAYER_LABELS.get(n, n),
    )
    choice_widgets(base)
    storepanel.review_filter_widgets()  # review status and grading
    more_widgets(base)


def date_widgets(base: Base) -> None:
    """Draw the event-date window and its "whole period" reset."""
    sb = st.sidebar
    if base.bounds:
        lo, hi = base.bounds
        if lo < hi:
            sb.slider(
                "Event dates",
                min_value=lo,
                max_value=hi,
                key="f_dates",
                format="D MMM YYYY",
                help="A claim is kept when it may have happened in the window. A claim "
                "without a date happened no later than its document's publication, so "
                "it may lie anywhere up to then.",
            )
        if base.folded:
            sb.caption(f"Beyond the slider: {base.folded}; in view while it spans its whole range.")
        whole, week = sb.columns(2)
        whole.button(
            "Whole period",
            on_click=whole_period,
            args=(base,),
            key="b_whole",
            width="stretch",
            help="Every claim, dated or not.",
        )
        week.button(
            "Last week",
            on_click=last_week,
            args=(base,),
            key="b_week",
            width="stretch",
            help="The last seven days of the dated claims.",
        )
    sb.toggle(
        "Include claims only possibly in these dates",
        key="f_possible",
        help="Off: only claims whose reported dates lie wholly in the window. On: also "
        "those that may lie in it (a range crossing its edges, or undated ones), "
        "drawn faint on the map.",
    )
    sb.date_input(
        "As known on",
        key="f_as_of",
        format="YYYY-MM-DD",
        help="Only claims from documents published by this day: how the story "
        "looked then. Empty: every document.",
    )


def choice_widgets(base: Base) -> None:
    """One multiselect per filtered column: types, actors, groups, outlets, statuses."""
    sb = st.sidebar
    titles = {g.id: g.title for g in base.dataset.groups.values()}
    choices: list[tuple[str, str, str, Callable[[str], str] | None, str | None]] = [
        ("Claim types", "type", "All types", type_label, None),
        ("Actors and armed groups named", "actors", "Any actor", None, None),
        (
            "Underlying claims",
            "group",
            "All",
            lambda g: titles.get(g, g),
            "Records of the same claim across documents",
        ),
        ("Outlets", "outlet", "All outlets", None, None),
        ("Status as reported", "status", "Any status", lambda s: STATUS_LABELS.get(s, s), None),
    ]
    for label, column, placeholder, names, help_text in choices:
        sb.multiselect(
            label,
            base.options[column],
            key=FILTER_KEYS[column],
            format_func=names or str,
            placeholder=placeholder,
            help=help_text,
        )


def more_widgets(base: Base) -> None:
    """Independent sources, place precision, search, reset and the tiles switch."""
    sb = st.sidebar
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


#: The frame's key in streamlit-folium's hash (``st_folium(key=...)``).
MAP_KEY = "map"
MAP_HEIGHT = 600
#: What the frame reports back: a click. Panning and zooming do not rerun the page.
MAP_RETURNS = ("last_object_clicked", "last_object_clicked_tooltip")


def folium_args(fmap: Any) -> dict[str, Any]:
    """Render a folium map into streamlit-folium's frame arguments, as ``st_folium`` does.

    The same steps as ``streamlit_folium.st_folium`` (0.27.4, pinned) takes for a plain
    ``folium.Map`` on every call, done once per map: the page's html, header and script,
    the asset links, and ``key``, the hash of the script that the frame is known by
    (tests/claimmap/dashboard/test_page.py compares the two).
    """
    import streamlit_folium as sf
    from folium.elements import JSCSSMixin

    fmap.get_root().render()
    fmap.render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    elements, stack = [], [fmap]
    while stack:  # depth first, in child order, as st_folium walks the map
        element = stack.pop()
        if isinstance(element, JSCSSMixin):
            elements.append(element)
        stack.extend(reversed(list(getattr(element, "_children", {}).values())))
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(fmap),
        "key": sf.generate_js_hash(script, MAP_KEY, False),
        "css_links": list(dict.fromkeys(h for e in elements for _, h in e.default_css)),
        "js_links": list(dict.fromkeys(s for e in elements for _, s in e.default_js)),
    }


def draw_map(frame: MapFrame, view: View, f: Filters) -> dict[str, Any]:
    """Draw the map frame and update it; return what the frame reported (a click).

    Calls streamlit-folium's component with the frame's arguments made once
    (`load_map`): with the same map the browser keeps the frame as drawn. What
    changes without a new map runs in it as streamlit-folium's ``feature_group``
    script: the outlines of the picked claims and the time filters
    (`mapframe.window_script`).
    """
    from streamlit_folium import _component_func

    out = _component_func(
        **frame.args,
        height=MAP_HEIGHT,
        width=None,  # the frame fills the column (st_folium's use_container_width)
        returned_objects=list(MAP_RETURNS),
        default=dict.fromkeys(MAP_RETURNS),
        zoom=None,
        center=None,
        feature_group=highlight_script(view)
        + mapframe.window_script(f)
        + storypanel.map_script(view.dataset),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        wrap_longitude=False,
    )
    return out or {}


def take_click(view: View, out: dict[str, Any]) -> None:
    """Turn a new click on the map into the selection (the feature it landed on)."""
    clicked = out.get("last_object_clicked")
    if clicked == st.session_state.get("_last_click"):
        return  # no new click (a rerun for another reason)
    st.session_state["_last_click"] = clicked
    if clicked and "lat" in clicked and "lng" in clicked:
        lat, lng = float(clicked["lat"]), float(clicked["lng"])
        tooltip = out.get("last_object_clicked_tooltip")
        picked = mapclick.pick_feature(view.collections, lat, lng, tooltip)
        if picked:
            st.session_state["sel"] = picked


def highlight_script(view: View) -> str:
    """Return the script that outlines the picked claims over the drawn map.

    The feature group as ``st_folium(feature_group_to_add=...)`` writes it: added to
    the frame's map (``map_div``) and removed again when the script changes.
    """
    picked = [cid for cid in st.session_state.get("hl") or () if cid]
    features = linking.features_with_claims(view.collections, picked)
    shapes = tuple(
        (kind, tuple(where) if kind == "point" else tuple(map(tuple, where)))
        for kind, where in linking.highlight_shapes(features)
    )
    return outline_script(shapes)


@functools.lru_cache(maxsize=64)
def outline_script(shapes: tuple[tuple[str, tuple], ...]) -> str:
    """Return the feature group script of outlines (`linking.highlight_shapes`, as tuples).

    Cached: the same picks give the same script (most runs have none).
    """
    import folium
    from streamlit_folium import _get_feature_group_string

    group = folium.FeatureGroup(name="Picked claims")
    for kind, where in shapes:
        if kind == "point":
            folium.CircleMarker(where, radius=15, color=HIGHLIGHT, weight=4, fill=False,
                                class_name="cm-highlight").add_to(group)  # fmt: skip
        else:
            folium.PolyLine(where, color=HIGHLIGHT, weight=10, opacity=0.45,
                            class_name="cm-highlight").add_to(group)  # fmt: skip
    return _get_feature_group_string(group, map=folium.Map(tiles=None), idx=0)


#: The colour that marks picked claims on the map (not a claim type's colour).
HIGHLIGHT = "#e7298a"


def pick_claims(claim_ids: list[str]) -> None:
    """Mark claims as picked (outlined on the map), or clear the pick."""
    st.session_state["hl"] = list(claim_ids)


# --------------------------------------------------------------------------- selection


def selection_panel(base: Base, view: View) -> None:
    """Show the selected feature's claims, with their sources and grading."""
    st.subheader("Selected place or route")
    if st.session_state.get("sel") not in view.features:
        st.session_state["sel"] = None  # filtered out, or an unknown id from a link
    st.selectbox(
        "Place or route",
        list(view.features),
        index=None,
        key="sel",
        label_visibility="collapsed",
        placeholder="Click a feature on the map, or pick one here",
        format_func=lambda fid: mapclick.feature_label(view.features[fid], LAYER_LABELS),
    )
    fid = st.session_state.get("sel")
    if not fid:
        st.caption("Every item on the map is a claim as reported, not an established fact.")
        picked_cards(base, set())
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
    picked_cards(base, {str(c.get("claim_id")) for c in claims[:PANEL_CLAIMS]})


#: Most cards of claims picked in the table or the timeline.
PICKED_CARDS = 10


def picked_cards(base: Base, shown: set[str]) -> None:
    """Cards of the claims picked in the table or timeline not shown above (mapped or not)."""
    from geo.records import claim_properties

    picked = [cid for cid in dict.fromkeys(st.session_state.get("hl") or ()) if cid not in shown]
    claims = []
    for claim_id in picked[:PICKED_CARDS]:
        try:
            claims.append(claim_properties(base.dataset, base.dataset.claim(claim_id)))
        except KeyError:
            continue  # no longer in the data
    if claims:
        st.markdown(f"**Picked in the table or timeline** ({len(picked):,})")
    for claim in claims:
        claim_card(base, claim)


def outlet_line(base: Base, c: dict[str, Any]) -> str:
    """Name the outlet (a link to the document) and the first reporter, as escaped Markdown."""
    outlet = md(c.get("outlet") or c.get("source_id"))
    url = views.safe_url(c.get("url"))
    if url:
        outlet = f"[{outlet}]({url_quote(url, safe=':/?#&=%+@,;~')})"
    line = f"Reported in {outlet}"
    origin = base.dataset.sources.get(c.get("origin") or "")
    if origin is not None and c.get("origin") != c.get("source_id"):
        line += f" · first reported by {md(origin.name)}"
    return line


def claim_card(base: Base, c: dict[str, Any]) -> None:
    """One claim as reported: statement, quote, claimant, outlet, dates, sources, grading."""
    with st.container(border=True):
        dates = dates_text(c.get("event_start"), c.get("event_end"), c.get("date_precision"))
        status = STATUS_LABELS.get(c.get("status"), c.get("status"))
        st.markdown(f"**{md(type_label(c['type']))}** · {md(dates)} · {md(status)}")
        st.markdown(md(c["statement"]))
        st.markdown("> " + md(c["quote"]))
        st.markdown(f"According to {md(c['claimant'])}")
        st.caption(outlet_line(base, c))
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
        editpanel.claim_extras(base.dataset, c)  # review status, document hash and archive
        editpanel.edit_panel(c)  # review, grade, edit and history, with a store session


# --------------------------------------------------------------------------- views


def show_table(frame: pd.DataFrame, columns: dict[str, Any]) -> None:
    """Show ``columns`` of a frame (name -> column config, in that order), full width."""
    st.dataframe(frame[list(columns)], hide_index=True, width="stretch", column_config=columns)


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


#: The claims table's columns: "●" for the claims of the selected place, then the claims'.
TABLE_COLUMNS = {"on_map": Text("Selected", width="small", help="on the place selected on the map"),
                 **CLAIM_COLUMNS}  # fmt: skip


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
    import pyarrow as pa

    feature = _view.features.get(selected or "") or {}
    claim_ids = feature.get("properties", {}).get("claim_ids") or ()
    frame = table_frame(_view, _base, sort)
    if claim_ids:
        frame = views.selected_first(frame, claim_ids)
    else:
        frame = frame.assign(on_map="")  # nothing selected: every row as it comes
    frame = frame[list(TABLE_COLUMNS)]
    return TableShown(frame, pa.Table.from_pandas(frame, preserve_index=False))


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


def downloads(view: View, f: Filters, total: int | None = None) -> None:
    """One button per format, each holding exactly the claims in view (built on click).

    Streamlit calls a download's ``data`` callable outside the script run (no
    session state, no ``st.*`` calls): each builder gets what it needs now.
    """
    n = len(view.dataset.claims)
    tiles = bool(st.session_state.get("tiles"))
    builders: dict[str, Callable[[], bytes]] = {}
    columns = st.columns(2)
    for i, (fmt, export) in enumerate(exports.FORMATS.items()):
        key = (*view.key, fmt, tiles)

        def build(fmt: str = fmt, key: tuple = key, dataset: Dataset = view.dataset) -> bytes:
            return build_export(key, fmt, dataset, f, tiles, total)

        builders[fmt] = build
        columns[i % 2].download_button(
            export.label,
            data=build,
            file_name=viewstate.download_name(f, fmt),
            mime=export.mime,
            help=f"{n:,} claims, {export.purpose}",
            key=f"dl_{fmt}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
    st.session_state["_downloads"] = builders


# --------------------------------------------------------------------------- page


def show_data_error(root: str, error: DataError) -> None:
    """Report a broken data file by file and line, with no traceback."""
    st.error(
        f"The data files could not be loaded ({len(error.problems)} problem(s)). "
        "Fix them and reload the page."
    )
    st.code("\n".join(str(p) for p in error.problems[:200]), language=None, wrap_lines=True)
    st.caption("Data: " + md(root))


def header(base: Base, view: View) -> None:
    """Title, what the page is, notes about the link, and the counts in view."""
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


def main() -> None:
    """Run the dashboard: the map page and the review page (``st.navigation``)."""
    from claimmap.dashboard import reviewpage

    pages = [
        st.Page(map_page, title="Map", icon="🗺️", default=True),
        st.Page(reviewpage.main, title="Review drafts", icon="📝",
                url_path="review"),
    ]  # fmt: skip
    # emoji icons: a Material icon of a page becomes the favicon, fetched from the network
    st.navigation(pages).run()  # in the sidebar, above the filters


def map_page() -> None:
    """Lay out the map page: the filters in the sidebar, the claims in view in `page_body`."""
    st.set_page_config(page_title="claimmap · reported claims", layout="wide")
    try:
        source = storepanel.open_source()  # None: the login form or a store error is shown
        if source is None:
            return  # nothing is read before a server's login
        if bigpage.show_if_large():
            return  # a large server store: views computed by the database
        stamp = source.version()
        base = load_base(source.key, stamp, source)
    except DataError as error:
        st.title("claimmap")
        show_data_error(access.location_key(access.dashboard_location()), error)
        return
    except StoreError as error:
        st.title("claimmap")
        login.show_store_error(error, prefix="The store could not be read: ")
        return
    boot_from_url(base)
    storypanel.boot(base, read_url())
    storypanel.picker(base)
    st.sidebar.header("Filters")
    page_body(base, stamp, source)
    sidebar(base)


@st.fragment
def page_body(base: Base, stamp: tuple, source: access.DataSource) -> None:
    """Draw the date window (in the sidebar), the map and every view of the claims in view.

    A fragment: the time filters, a click on the map, a selection, a picked row or a tab
    rerun only this, not the other filters; they rerun the whole page. The map is drawn
    first, so that its frame gets going while the rest is drawn. The filters' state is
    read before their widgets are drawn: it is set when a run starts.
    """
    if storepanel.data_changed(source, stamp):
        st.rerun()  # the data changed (an edit, the files): the whole page, from the new data
    f = viewstate.filters_from_widgets(st.session_state, base.bounds)
    top = st.container()
    on_map = mapframe.map_filters(f)
    map_key = viewstate.view_key(base.root, stamp, on_map)
    map_layers = load_layers(map_key, on_map, base)
    tiles = bool(st.session_state.get("tiles"))
    view = load_view(viewstate.view_key(base.root, stamp, f), f, base, map_layers)
    clicked = draw_map(load_map(map_key, map_layers, base, tiles), view, f)
    date_widgets(base)  # in the sidebar, above the other filters (drawn there in full runs)
    with top:
        header(base, view)
        storypanel.step_card(base, view)
    take_click(view, clicked)
    left, right = st.columns([3, 2], gap="large")
    with left:
        selection_panel(base, view)
    with right:
        view_downloads(view, f, len(base.dataset.claims))
        storypanel.save_panel(base, view)
    write_url(f)
    view_tabs(base, view)


def view_downloads(view: View, f: Filters, total: int | None = None) -> None:
    """Offer the downloads of this view and say which filters made it."""
    st.subheader("Download this view")
    downloads(view, f, total)
    active = f.describe(FILTER_LABELS)
    st.caption(
        "Filters: " + md("; ".join(active)) if active else "No filters: every reported claim."
    )
