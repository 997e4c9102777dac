"""The sidebar's filters: dates and presets, layers, choices, and the rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from claimmap.dashboard import (
    storepanel,
    viewstate,
)
from claimmap.dashboard.cache import FILTER_KEYS, Base
from claimmap.dashboard.filters import Filters
from geo.vocab import (
    LAYER_LABELS,
    LAYERS,
    PRECISION_LABELS,
    PRECISIONS,
    STATUS_LABELS,
    type_label,
)


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
