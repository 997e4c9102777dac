"""The page's store access: open the browser session's store, or hand over to the login form.

Every ``st.*`` call of choosing where the dashboard reads (the logic is in
`claimmap.dashboard.access`):

- a data directory ($CLAIMMAP_DATA): read only, no session;
- the embedded store (the default) or an SQLite URL: a `StoreSession` opened once per
  browser session and kept in ``st.session_state[access.SESSION_KEY]``;
- a server (a postgresql URL): the session comes from the login form,
  ``claimmap.dashboard.login.gate()``; until it gives one, nothing else is drawn.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from typing import Any

import streamlit as st

from claimmap.dashboard import access
from claimmap.dashboard.markdown import escape_markdown as md
from geo.store.errors import StoreError
from geo.store.session import describe


def open_source() -> access.DataSource | None:
    """Return what the page reads, opening the store's session on first use.

    Returns None when the page must stop here: the login form is drawn, or the
    store cannot be opened (its one line is shown).

    Raises
    ------
    DataError
        When the default store must be filled and the bundled data has problems.
    """
    location = access.dashboard_location()
    if location.kind == "data":
        return access.DataSource(location)
    session = access.session_of(st.session_state)
    if session is None:
        if access.needs_login(location):
            session = login_session(location)
        else:
            session = embedded_session(location)
        if session is None:
            return None
    return access.DataSource(location, session.engine)


def data_changed(source: access.DataSource, stamp: tuple) -> bool:
    """Whether the data moved on from version ``stamp`` (an edit here or elsewhere, new files).

    When the store cannot be asked (a server that went away), say so and keep showing
    the data already loaded.
    """
    try:
        return source.version() != stamp
    except StoreError as exc:
        st.warning(
            "The store cannot be reached; showing the data as last read: " + md(describe(exc))
        )
        return False


def embedded_session(location: Any) -> Any:
    """Open the session of the embedded or SQLite store and keep it (None: the error is shown)."""
    try:
        session = access.open_session(location)
    except StoreError as exc:
        st.title("claimmap")
        st.error("The store could not be opened: " + md(describe(exc)))
        return None
    st.session_state[access.SESSION_KEY] = session
    return session


def login_session(location: Any) -> Any:
    """Return the server session the login form gives (None: the form is drawn, or missing).

    The login helper's ``claimmap.dashboard.login.gate()`` draws the form and returns
    the open session (or None until the user has logged in); it may also leave the
    session in ``st.session_state[access.SESSION_KEY]``. A ``gate`` that takes an
    argument is given the location.
    """
    if importlib.util.find_spec("claimmap.dashboard.login") is None:
        st.title("claimmap")
        st.error(
            "This dashboard reads a team server ($CLAIMMAP_DB is a postgresql URL), "
            "which needs a login form this installation does not have."
        )
        return None
    login = importlib.import_module("claimmap.dashboard.login")
    takes_location = bool(inspect.signature(login.gate).parameters)
    session = (login.gate(location) if takes_location else login.gate()) or access.session_of(
        st.session_state
    )
    if session is not None:
        st.session_state[access.SESSION_KEY] = session
    return session


# --------------------------------------------------------------------------- review filters


def review_filter_widgets() -> None:
    """Draw the sidebar's review-status and grading filters (nothing chosen: any).

    Their state is read by ``viewstate.filters_from_widgets`` (keys ``f_review``,
    ``f_reliability``, ``f_credibility``); a data directory's claims are drafts.
    """
    from claimmap.dashboard.editing import CREDIBILITY_LABELS, RELIABILITY_LABELS
    from geo.vocab import REVIEW_LABELS, REVIEW_STATUSES

    sb = st.sidebar
    sb.multiselect(
        "Review status",
        list(REVIEW_STATUSES),
        key="f_review",
        format_func=lambda s: REVIEW_LABELS.get(s, s),
        placeholder="Any review status",
        help="Where the claim is in the analysts' review: draft, needs review, accepted "
        "or rejected (as `claimmap claims --review-status`). Separate from the status "
        "as reported.",
    )
    sb.multiselect(
        "Source reliability (Admiralty A-F)",
        list(RELIABILITY_LABELS),
        key="f_reliability",
        format_func=lambda r: RELIABILITY_LABELS.get(r, r),
        placeholder="Any reliability",
        help="The grade of the underlying claim; F: cannot be judged (also: not assessed).",
    )
    sb.multiselect(
        "Information credibility (Admiralty 1-6)",
        [str(c) for c in CREDIBILITY_LABELS],
        key="f_credibility",
        format_func=lambda c: CREDIBILITY_LABELS.get(int(c), c),
        placeholder="Any credibility",
        help="The grade of the underlying claim; 6: cannot be judged (also: not assessed).",
    )


def sort_widget() -> str:
    """Draw the claims table's order (`filters.SORTS`, key ``sort``, in the URL); return it."""
    from claimmap.dashboard.filters import SORTS

    if st.session_state.get("sort") not in SORTS:
        st.session_state["sort"] = ""
    st.selectbox(
        "Sort claims by",
        list(SORTS),
        key="sort",
        format_func=lambda s: SORTS[s][0],
        help="Sorted before the table is cut to its first rows; ties keep the data's order.",
    )
    return str(st.session_state.get("sort") or "")
