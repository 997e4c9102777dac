"""The dashboard's cached data: the data set, layers, views, map frames and builders.

What is built when (``page.py``'s module doc says it in full): per data version
(`load_base`), per filter state without time (`load_layers`, `load_map`), per filter
state (`load_view` and the views' builders). Every cache is Streamlit's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st
import streamlit_folium as sf

from claimmap import exports
from claimmap.dashboard import (
    access,
    linking,
    mapframe,
    views,
    viewstate,
)
from claimmap.dashboard import picking as mapclick
from claimmap.dashboard.filters import ClaimIndex, Filters, sort_ids
from claimmap.dashboard.viewstate import FILTER_LABELS
from geo.dataset import Dataset
from layers.features import claim_layers, layer_collections, within_budget

#: Most claim records embedded in the map page (over all features); above it each
#: feature carries only its first claims. The selection panel reads the full lists.
MAP_CLAIMS_BUDGET = 1_000


TABLE_ROWS = 2_000


#: The sidebar's multiselects: `ClaimIndex` column -> widget key (`geo.viewstate.WIDGETS`).
FILTER_KEYS = {
    "type": "f_types",
    "actors": "f_actors",
    "group": "f_groups",
    "outlet": "f_outlets",
    "status": "f_statuses",
}


def tiles_name(on: bool) -> str | None:
    """Base-map tiles for the map and the HTML export (None: offline borders only)."""
    return "OpenStreetMap" if on else None


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


#: The map element's key (streamlit-folium's frame).
MAP_KEY = "map"


def folium_args(fmap: Any) -> dict[str, Any]:
    """Render a folium map into streamlit-folium's frame arguments, as ``st_folium`` does.

    The same steps as ``streamlit_folium.st_folium`` (0.27.4, pinned) takes for a plain
    ``folium.Map`` on every call, done once per map: the page's html, header and script,
    the asset links, and ``key``, the hash of the script that the frame is known by
    (tests/claimmap/dashboard/test_page.py compares the two).
    """
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


#: Most dispute charts drawn (the table lists every conflict).
DISPUTE_CHARTS = 12
