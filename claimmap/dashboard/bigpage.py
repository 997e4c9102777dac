"""The page of a large store: every ``st.*`` call of it (logic: `bigview`).

Above ``bigview.large_store()`` claims (50,000; ``$CLAIMMAP_LARGE_STORE``), on a
server or in the embedded SQLite store, the dashboard does not read the store into
memory. The sidebar holds the full page's filters that a database computes (event
dates, claim types, outlets, review status, grades, search: the same widget keys,
read by ``viewstate.filters_from_widgets``); the database computes the view
(``StoreSession.view``: features or counts per cell, and claims per day), and the
page draws only that (``layers.viewmap``) with the day counts under it. The claims
of the view are listed a page at a time in the chosen order; a claim picked there,
or clicked on the map (``viewpanel``), gets the full page's card, with its review,
grade, edit and history panel. The address holds the state (``bigview.url_of``)
and a link opens it once per browser session (``bigview.state_from_url``). The
login, the account box and "server unavailable" are the gate's
(``claimmap.dashboard.login``), as on the full page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import streamlit as st

from claimmap.dashboard import access, bigview, login, storepanel, viewstate
from claimmap.dashboard.cardpanel import claim_card
from claimmap.dashboard.exportpanel import export_buttons
from claimmap.dashboard.markdown import escape_markdown as md
from claimmap.dashboard.viewpanel import view_frame
from geo.vocab import TYPE_LABELS

MAP_HEIGHT_PX = 560
#: Claims listed under the map (the first, in the chosen order).
LIST_ROWS = 500


def show_if_large() -> bool:
    """Draw the large-store page when this session's store is one; return whether it did."""
    from geo.store.errors import StoreError

    session = access.session_of(st.session_state)
    try:
        if session is None or not bigview.is_large(session.engine):
            return False
    except StoreError as exc:
        login.show_store_error(exc, key="retry_large")
        return True
    large_store_page(session)
    return True


def large_store_page(session: Any) -> None:
    """Draw the filters, the database's view of them, the claims per day and the claims list."""
    from geo.store.errors import StoreError
    from geo.store.read import store_version

    st.title("claimmap")
    st.caption(
        "A large store: the database computes each view; claims are drawn one by one "
        "up to a few thousand, else counted per map cell (click a cell to zoom in, a "
        "claim to open it below). Every item is a claim as reported, not an established fact."
    )
    try:
        store = (session.where, session.user, store_version(session.engine))
        bounds, outlets = store_facts(store, session)
        boot_from_url(bounds, outlets)
        f = filters(bounds, outlets)
        query = bigview.query_of(f)
        view, took_ms = stored_view((*store, query), session)
    except StoreError as exc:
        login.show_store_error(exc, key="retry_large_view")
        return
    st.markdown(md(bigview.summary_line(view)) + f" Computed by the database in {took_ms:,.0f} ms.")
    page = map_page((*store, query), view)
    clicked = view_frame(page, MAP_HEIGHT_PX, st.session_state, st.session_state.get(PICK_KEY))
    if clicked:  # kept like a link's claim, even outside the list
        st.session_state[PICK_KEY] = clicked
        st.session_state[PINNED_KEY] = True
    frame = bigview.days_frame(view, TYPE_LABELS)
    if len(frame):
        st.subheader("Claims active per day, by type")
        st.bar_chart(frame)
    claims_list(session, store, query, view.total)
    downloads(session, f, view.total)
    st.query_params.from_dict(
        bigview.url_of(f, st.session_state.get("sort") or "", st.session_state.get(PICK_KEY))
    )


def boot_from_url(bounds: Any, outlets: list[str]) -> None:
    """Open the state a link names, once per browser session (the full page's parameters)."""
    if st.session_state.get("_large_booted"):
        return
    st.session_state["_large_booted"] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    state = bigview.state_from_url(params, bounds, outlets)
    for line in state.pop("_url_notes"):
        st.info("From the link: " + md(line))
    st.session_state[PINNED_KEY] = bool(state.get(PICK_KEY))
    for key, value in state.items():
        if value is not None:
            st.session_state[key] = value


#: Whether the picked claim came from a link (kept even when the list does not hold it).
PINNED_KEY = "_large_pick_pinned"


@st.cache_resource(max_entries=8, show_spinner=False)
def store_facts(key: tuple, _session: Any) -> tuple[Any, list[str]]:
    """Return the store's first and last event dates and its outlets (cached per version).

    ``key``: the store, the user and the store's version.
    """
    return bigview.date_bounds(_session.engine), bigview.outlet_names(_session.engine)


@st.cache_resource(max_entries=16, show_spinner=False)
def listed_claims(key: tuple, _session: Any) -> list[Any]:
    """Return the first `LIST_ROWS` claims of a view in an order (cached per store version).

    ``key``: the store, the user, the store's version, the query and the order.
    """
    from geo.store.viewlist import view_claims

    return view_claims(_session.engine, key[-2], key[-1], LIST_ROWS)


@st.cache_resource(max_entries=16, show_spinner=False)
def stored_view(key: tuple, _session: Any) -> tuple[Any, float]:
    """Return the view of ``key``'s query and the milliseconds the store took (cached).

    ``key``: the store, the user, the store's version and the query.
    """
    started = time.perf_counter()
    view = _session.view(key[-1])
    return view, (time.perf_counter() - started) * 1000


@st.cache_resource(max_entries=16, show_spinner=False)
def map_page(key: tuple, _view: Any) -> str:
    """Return the page of a view's map, cached with the view (a pick reruns the script).

    ``key``: the store, the user, the store's version and the query.
    """
    from layers.viewmap import view_map_html

    return view_map_html(_view, height_px=MAP_HEIGHT_PX)


def filters(bounds: Any, outlets: list[str]) -> Any:
    """Draw the sidebar's filters; return their state (``filters.Filters``)."""
    with st.sidebar:
        st.header("Filters")
        if bounds is not None:
            if st.session_state.get("f_dates") is None:
                st.session_state["f_dates"] = bounds
            st.date_input(
                "Event dates",
                min_value=bounds[0],
                max_value=bounds[1],
                key="f_dates",
                help="Claims whose event dates may fall in this window; undated claims by "
                "their document's publication. The whole period: no restriction.",
            )
        st.multiselect(
            "Claim types",
            list(TYPE_LABELS),
            format_func=TYPE_LABELS.get,
            key="f_types",
            placeholder="Every type",
        )
        st.multiselect("Outlets", outlets, key="f_outlets", placeholder="Every outlet")
        st.text_input(
            "Search",
            key="f_search",
            max_chars=200,
            help="Every word must occur in the statement, quote, claimant or actors, or "
            "in the name of one of the claim's places.",
        )
    storepanel.review_filter_widgets()
    dates = st.session_state.get("f_dates")
    state = dict(st.session_state)
    if not (isinstance(dates, tuple) and len(dates) == 2):
        state["f_dates"] = None  # a window being picked: no restriction yet
    return viewstate.filters_from_widgets(state, bounds)


def claims_list(session: Any, store: tuple, query: Any, total: int) -> None:
    """List the view's first claims in the chosen order; show the card of the one picked."""
    from geo.store.errors import StoreError

    st.subheader("Claims in view")
    sort = storepanel.sort_widget()
    try:
        listed = listed_claims((*store, query, sort), session)
    except StoreError as exc:
        login.show_store_error(exc, key="retry_large_list")
        return
    if total > len(listed):
        st.caption(
            f"The first {len(listed):,} of {total:,} claims in this order; narrow the "
            "filters or change the order to list others."
        )
    st.dataframe(
        bigview.list_frame(listed),
        hide_index=True,
        on_select=lambda: pick_row(listed),
        selection_mode="single-row",
        key="large_list",
        width="stretch",
    )
    ids = [c.id for c in listed]
    picked = st.session_state.get(PICK_KEY)
    if picked and picked not in ids and st.session_state.get(PINNED_KEY):
        ids.insert(0, picked)  # a link's claim, outside this list
    elif picked not in ids:
        st.session_state[PICK_KEY] = None  # filtered out, or not in this order's first rows
    labels = {c.id: bigview.claim_label(c) for c in listed}
    claim_id = st.selectbox(
        "Claim",
        ids,
        index=None,
        key=PICK_KEY,
        format_func=lambda cid: labels.get(cid, cid),
        on_change=_unpin,
        placeholder="Pick a claim on the map, in the list or here to see it as reported, "
        "with its history",
    )
    if claim_id:
        picked_card(session, claim_id)


#: The picked claim's widget key (a row picked in the list sets it).
PICK_KEY = "large_pick"


def pick_row(listed: list[Any]) -> None:
    """Pick the claim of the list's selected row (the list's selection callback)."""
    rows = st.session_state["large_list"].selection.rows
    if rows and rows[0] < len(listed):
        st.session_state[PICK_KEY] = listed[rows[0]].id
        _unpin()


def _unpin() -> None:
    st.session_state[PINNED_KEY] = False


def picked_card(session: Any, claim_id: str) -> None:
    """Draw the card of one claim, read with its group alone (not the whole store)."""
    from geo.records import claim_properties
    from geo.store.errors import StoreError
    from geo.store.read import load_group_dataset

    try:
        dataset = load_group_dataset(session.engine, claim_id)
    except StoreError as exc:
        login.show_store_error(exc, key="retry_large_card")
        return
    if dataset is None:
        st.info(f"Claim {md(claim_id)} is no longer in the store.")
        return
    claim_card(dataset, claim_properties(dataset, dataset.claim(claim_id)))


def downloads(session: Any, f: Any, total: int) -> None:
    """One button per format of the export table, each built from the store on click.

    A view of more than ``bigview.DOWNLOAD_LIMIT`` claims is not offered: the page says
    to narrow it. Streamlit calls a download's ``data`` outside the script run: each
    builder is given what it needs now.
    """
    from geo.store.read import store_count

    st.subheader("Download this view")
    if total > bigview.DOWNLOAD_LIMIT:
        st.caption(
            f"Downloads hold up to {bigview.DOWNLOAD_LIMIT:,} claims; this view has "
            f"{total:,}. Narrow the filters to download it."
        )
        return
    engine = session.engine

    def build_of(fmt: str) -> Callable[[], bytes]:
        # on click: the view read from the store, and the store's count then
        return lambda: bigview.view_export(engine, f, fmt, store_count(engine))

    export_buttons(build_of, f, total, "large_dl_")
