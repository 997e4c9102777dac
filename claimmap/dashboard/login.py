"""The dashboard's login to a team server: every ``st.*`` call of it (logic: `loginflow`).

``gate(location)`` runs first on every run of a page that reads a server
(``$CLAIMMAP_DB=postgresql+psycopg://HOST:PORT/DB``, no user or password in it;
``storepanel.open_source`` calls it). Until this browser session has logged in,
it draws the login form and returns None: the page reads nothing. Logged in, the
sidebar says who is logged in with which role and offers "Log out", and it
returns the session, kept in ``st.session_state["store_session"]``
(``claimmap.dashboard.access.SESSION_KEY``).

The password is read from a password field of a form that is cleared when sent,
passed to ``StoreSession.login`` and dropped: never in the page's URL, a log, the
process list or a file. Every error is one line (``describe``), never a traceback.

When the server goes away during a session, `show_store_error` and the notice
of waiting edits say "Server unavailable" and offer Retry; the edits wait in the
session (``StoreSession.pending``), none is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from claimmap.dashboard import access, loginflow
from claimmap.dashboard.markdown import escape_markdown as md
from geo.store.errors import StoreError

if TYPE_CHECKING:
    from geo.store.location import Location
    from geo.store.session import StoreSession

#: ``st.session_state`` key of the lines to show after a logout or a retry.
NOTES_KEY = "_login_notes"


def gate(location: Location | None = None) -> StoreSession | None:
    """Return the server's session of this browser session, drawing the login form until then.

    Parameters
    ----------
    location : where the dashboard reads (default: ``access.dashboard_location()``).

    Returns
    -------
    StoreSession or None
        On a server: the logged-in session (the sidebar says who, with Log out), or
        None when the login form was drawn instead. Elsewhere: the session already in
        ``st.session_state`` (None: none), drawing nothing.

    Raises
    ------
    BadStore
        When ``location`` is not a URL the store understands.
    """
    location = location or access.dashboard_location()
    session = access.session_of(st.session_state)
    if not access.needs_login(location):
        return session
    if session is None:
        login_form(location)
        return None
    role_changed(session)
    account_box(session)
    waiting_notice(session)
    return session


def role_changed(session: StoreSession) -> None:
    """Ask the server for the user's role again; when an administrator changed it, say so.

    Called by the gate, at each run of the whole page (a filter, a link, the next
    visit): the sidebar and the panels then offer what the new role allows. A save
    made from a panel drawn under the old role is still judged by the database.
    The line is shown once, with the notes (`show_notes`).
    """
    try:
        role = session.refresh_role()
    except StoreError:
        return  # the page says the server is unavailable where it reads
    if role is not None:
        notes = st.session_state.setdefault(NOTES_KEY, [])
        notes.append(f"Your role on the server is now {role}: the page offers what it allows.")


def login_form(location: Location) -> None:
    """Draw the login form; on a good login keep the session and run the page again."""
    from geo.store.engine import shown

    st.title("claimmap")
    st.markdown(f"Log in to the team server `{shown(str(location.where))}`.")
    show_notes()
    with st.form("login", clear_on_submit=True, enter_to_submit=True):
        user = st.text_input("User name", autocomplete="username", max_chars=loginflow.MAX_USER)
        password = st.text_input(
            "Password",
            type="password",
            autocomplete="current-password",
            max_chars=loginflow.MAX_PASSWORD,
        )
        sent = st.form_submit_button("Log in", type="primary")
    if not sent:
        return
    with st.spinner("Logging in…"):
        outcome = loginflow.log_in(str(location.where), user, password)
    del password
    if outcome.session is None:
        st.error(md(outcome.message or "The login failed."))
        return
    st.session_state[access.SESSION_KEY] = outcome.session
    st.rerun()


def account_box(session: StoreSession) -> None:
    """Say in the sidebar who is logged in, with which role, and offer "Log out"."""
    user, role, may = loginflow.account_lines(session)
    with st.sidebar:
        st.markdown(f"Logged in as **{md(user)}** · role **{md(role)}**")
        st.caption(md(f"{role}: {may} ({session.where})"))
        st.button("Log out", key="logout", on_click=_log_out)


def _log_out() -> None:
    user = loginflow.log_out(st.session_state)
    st.session_state[NOTES_KEY] = [f"{user} logged out."] if user else []


def waiting_notice(session: StoreSession) -> None:
    """Say that edits wait for the server (none lost) and offer Retry."""
    line = loginflow.waiting_line(session)
    show_notes()
    if line is None:
        return
    st.warning(md(line))
    st.button("Retry", key="retry_pending", on_click=_retry)


def show_store_error(exc: BaseException, key: str = "retry_server", prefix: str = "") -> None:
    """Show a store error in one line; for an unavailable server, with Retry.

    For the page's reads (``access.data_version``, ``access.load_data``) and edits:
    call it in the ``except StoreError`` of the step that failed. ``key`` names the
    Retry button: give each place that may fail in one run its own. ``prefix``
    starts the line of other errors ("The store could not be read: ").
    """
    from geo.store.session import describe

    if loginflow.is_unavailable(exc):
        st.error(md(f"Server unavailable: {describe(exc)}"))
        st.button("Retry", key=key, on_click=_retry)
    else:
        st.error(md(prefix + describe(exc)))


def _retry() -> None:
    session = access.session_of(st.session_state)
    if session is None or not session.pending:
        st.session_state[NOTES_KEY] = []
        return
    st.session_state[NOTES_KEY] = loginflow.retry(session).lines()


def show_notes() -> None:
    """Show (once) the lines left by a logout or a retry."""
    for line in st.session_state.pop(NOTES_KEY, None) or ():
        st.info(md(line))
