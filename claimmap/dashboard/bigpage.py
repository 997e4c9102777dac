"""The page of a large store on a server: every ``st.*`` call of it (logic: `bigview`).

Above ``bigview.large_store()`` claims (50,000; ``$CLAIMMAP_LARGE_STORE``) the
dashboard does not read the store into memory: the sidebar sets an event-date
window and claim types, the database computes the view (``StoreSession.view``:
features or counts per cell, and claims per day), and the page draws only that
(``layers.viewmap``) with the day counts under it. The login, the account box
and "server unavailable" are the gate's (``claimmap.dashboard.login``), as on
the full page.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from claimmap.dashboard import access, bigview, login
from claimmap.dashboard.markdown import escape_markdown as md
from geo.vocab import TYPE_LABELS

MAP_HEIGHT_PX = 560


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
    """Draw the filters, the database's view of them, and the claims per day."""
    from geo.store.errors import StoreError
    from layers.viewmap import view_map_html

    st.title("claimmap")
    st.caption(
        "A large store: the database computes each view; claims are drawn one by one "
        "up to a few thousand, else counted per map cell. Every item is a claim as "
        "reported, not an established fact."
    )
    try:
        window, types = filters(bigview.date_bounds(session.engine))
        started = time.perf_counter()
        view = session.view(bigview.query_for(window, types))
        took_ms = (time.perf_counter() - started) * 1000
    except StoreError as exc:
        login.show_store_error(exc, key="retry_large_view")
        return
    st.markdown(md(bigview.summary_line(view)) + f" Computed by the database in {took_ms:,.0f} ms.")
    components.html(view_map_html(view, height_px=MAP_HEIGHT_PX), height=MAP_HEIGHT_PX + 10)
    frame = bigview.days_frame(view, TYPE_LABELS)
    if len(frame):
        st.subheader("Claims active per day, by type")
        st.bar_chart(frame)


def filters(bounds: Any) -> tuple[Any, list[str]]:
    """Draw the sidebar's date window and claim types; return (window or None, types)."""
    with st.sidebar:
        st.header("Filters")
        window = None
        if bounds is not None:
            picked = st.date_input(
                "Event dates",
                value=bounds,
                min_value=bounds[0],
                max_value=bounds[1],
                key="large_dates",
            )
            if isinstance(picked, tuple) and len(picked) == 2:
                window = (picked[0], picked[1])
        types = st.multiselect(
            "Claim types",
            list(TYPE_LABELS),
            format_func=TYPE_LABELS.get,
            key="large_types",
            placeholder="Every type",
        )
    return window, types
