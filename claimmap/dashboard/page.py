"""The dashboard's map page: the map, the selection and the layout (``app.py`` runs ``main``).

UI only: widgets, layout and calls into geo/ (loading, filters, view
state and URL, view data) and layers/ (map layers, rendering, the HTML
export). Every string from the data reaches the page through Streamlit's
escaping: dataframes, chart data, widget labels, ``st.code``, or Markdown with
every ASCII punctuation mark backslash-escaped (`md`); ``unsafe_allow_html``
is never used.

Where the data comes from and the store's faces live beside it: `storepanel` (the
store or data files the CLI would read, the login hand-over, the review and grade
filters), `editpanel` (the claim card's review, grade, edit and history panel) and
`cardpanel` (a claim's card, shared with the large-store page `bigpage`).
The cached data and builders are in `cache`, the sidebar's filters in `sidebarpanel`,
the tabs under the map (table, timeline, disputes, who reports what, sources) in
`tabspanel`, stories in `storypanel`, the Review drafts page in `reviewpage`.

What runs when (bench/bench_app.py measures it against a plain st_folium app):

- per data version (`cache.load_base`): the data set, its map layers, index and borders;
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

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from claimmap.dashboard import (
    access,
    bigpage,
    linking,
    login,
    mapframe,
    storepanel,
    storypanel,
    viewstate,
)
from claimmap.dashboard import picking as mapclick
from claimmap.dashboard.cache import (
    FILTER_LABELS,
    Base,
    MapFrame,
    View,
    build_export,
    load_base,
    load_layers,
    load_map,
    load_view,
)
from claimmap.dashboard.cardpanel import claim_card
from claimmap.dashboard.exportpanel import export_buttons
from claimmap.dashboard.filters import Filters
from claimmap.dashboard.markdown import escape_markdown as md
from claimmap.dashboard.sidebarpanel import date_widgets, sidebar
from claimmap.dashboard.tabspanel import view_tabs
from geo.problems import DataError
from geo.store.errors import StoreError
from geo.vocab import (
    LAYER_LABELS,
)

PANEL_CLAIMS = 40


# --------------------------------------------------------------------------- cached data


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


# --------------------------------------------------------------------------- sidebar


# --------------------------------------------------------------------------- map


#: The frame's key in streamlit-folium's hash (``st_folium(key=...)``).
MAP_HEIGHT = 600
#: What the frame reports back: a click. Panning and zooming do not rerun the page.
MAP_RETURNS = ("last_object_clicked", "last_object_clicked_tooltip")


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
        claim_card(base.dataset, claim)
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
        claim_card(base.dataset, claim)


# --------------------------------------------------------------------------- views


def downloads(view: View, f: Filters, total: int | None = None) -> None:
    """One button per format, each holding exactly the claims in view (built on click)."""
    tiles = bool(st.session_state.get("tiles"))

    def build_of(fmt: str) -> Callable[[], bytes]:
        key = (*view.key, fmt, tiles)
        return functools.partial(build_export, key, fmt, view.dataset, f, tiles, total)

    builders = export_buttons(build_of, f, len(view.dataset.claims), "dl_")
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


def main() -> None:
    """Run the dashboard: the map page and the review page (``st.navigation``)."""
    from claimmap.dashboard import reviewpage

    pages = [
        st.Page(map_page, title="Map", icon="🗺️", default=True),
        st.Page(reviewpage.main, title="Review drafts", icon="✏️",
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
