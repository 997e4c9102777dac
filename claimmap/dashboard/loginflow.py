"""Logging in to a team server from the dashboard: the steps, without Streamlit.

``claimmap.dashboard.login`` draws the form and the account box; this module does
what they ask and says what to show:

- `log_in` opens a ``geo.store.session.StoreSession`` as the user, or returns the
  one line that says why not (wrong password, unknown user, bad URL, server down:
  ``geo.store.session.describe``), never a traceback and never the password;
- `log_out` closes the session's connections and forgets it;
- `account_lines` says who is logged in, where, with which role and what it may do;
- `retry` applies the edits kept while the server was unavailable and says what
  happened to each.

The password goes from the form to ``StoreSession.login`` and nowhere else: not
into a URL, a message, the session state or a file.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimmap.dashboard.access import SESSION_KEY

if TYPE_CHECKING:
    from geo.store.session import StoreSession

#: What each role may do, as the account box says it.
ROLE_MAY = {
    "reader": "may read claims, sources and the log",
    "analyst": "may add and edit claims and sources and send claims to review",
    "reviewer": "may also accept, reject and grade",
}
#: The longest user name and password taken from the form (PostgreSQL's names are shorter).
MAX_USER = 63
MAX_PASSWORD = 1000


@dataclass(frozen=True)
class LoginOutcome:
    """What a login attempt gave: a session, or the line that says why not."""

    session: StoreSession | None
    message: str | None = None


@dataclass(frozen=True)
class RetryOutcome:
    """What a retry of the waiting edits gave.

    Parameters
    ----------
    applied : how many edits reached the store.
    refused : one line per edit the store refused (dropped: it would be refused again).
    waiting : how many edits still wait for the server.
    """

    applied: int
    refused: list[str] = field(default_factory=list)
    waiting: int = 0

    def lines(self) -> list[str]:
        """Return what to tell the user, one line each."""
        said = []
        if self.applied:
            said.append(f"{plural(self.applied, 'waiting edit')} saved.")
        said.extend(f"Refused: {line}" for line in self.refused)
        if self.waiting:
            said.append(
                f"The server is still unavailable: {plural(self.waiting, 'edit')} "
                "kept, none lost. Retry when it is back."
            )
        return said or ["Nothing was waiting."]


def plural(count: int, noun: str) -> str:
    """Return ``1 edit``, ``2 edits``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def form_problem(user: str, password: str) -> str | None:
    """Return the line to show for a form that cannot be sent as it is, else None."""
    if not user.strip() or not password:
        return "Give a user name and a password."
    if len(user.strip()) > MAX_USER:
        return f"A user name has at most {MAX_USER} characters."
    if len(password) > MAX_PASSWORD:
        return f"A password has at most {MAX_PASSWORD} characters."
    return None


def log_in(url: str, user: str, password: str) -> LoginOutcome:
    """Log in to the server at ``url`` (no credentials in it) as ``user``.

    Returns
    -------
    LoginOutcome
        The open session, or the one line that says why there is none (the
        password is never in it).
    """
    from geo.store.errors import StoreError
    from geo.store.session import StoreSession, describe

    problem = form_problem(user, password)
    if problem:
        return LoginOutcome(None, problem)
    try:
        session = StoreSession.login(url, user, password)
    except StoreError as exc:
        return LoginOutcome(None, without(describe(exc), password))
    except Exception as exc:  # noqa: BLE001 - the page shows one line, never a traceback
        return LoginOutcome(None, describe(exc))
    return LoginOutcome(session)


def without(line: str, secret: str) -> str:
    """Return ``line`` with ``secret`` hidden (a driver's message should never hold it)."""
    return line.replace(secret, "***") if secret and len(secret) >= 3 else line


def log_out(state: MutableMapping[str, Any]) -> str | None:
    """Close the session held in ``state`` (its connections) and forget the browser session.

    Everything else in ``state`` goes too (values typed into edit forms, the last
    outcomes, the selection): the next person to log in on this browser starts
    afresh (the filters come back from the page's URL).

    Returns
    -------
    str or None
        The user who was logged in (None when nobody was).
    """
    session = state.pop(SESSION_KEY, None)
    for key in list(state):
        del state[key]
    if session is None:
        return None
    session.close()
    return session.user


def account_lines(session: StoreSession) -> tuple[str, str, str]:
    """Return (user, role, what the role may do) for the account box."""
    return session.user, session.role, ROLE_MAY.get(session.role, "")


def waiting_line(session: StoreSession) -> str | None:
    """Say that edits wait for the server and that none is lost (None when none waits)."""
    if not session.pending:
        return None
    edits = ", ".join(edit.summary() for edit in session.pending[:5])
    more = "…" if len(session.pending) > 5 else ""
    return (
        f"Server unavailable: {plural(len(session.pending), 'edit')} kept here, none lost "
        f"({edits}{more}). Last error: {session.pending[-1].reason}"
    )


def retry(session: StoreSession) -> RetryOutcome:
    """Apply the waiting edits again (``StoreSession.retry_pending``); say what happened."""
    from geo.store.session import describe

    results = session.retry_pending()
    refused = [describe(result) for result in results if isinstance(result, BaseException)]
    return RetryOutcome(len(results) - len(refused), refused, len(session.pending))


def is_unavailable(exc: BaseException) -> bool:
    """Whether an error means the server cannot be reached (retrying may help)."""
    from geo.store.errors import StoreUnavailable

    return isinstance(exc, StoreUnavailable)
