"""One user's session on a store: the API the dashboard's login uses.

``StoreSession.login(url, user, password)`` connects to a server as that user.
The password is held only in memory, by the connection pool, for as long as
the session is open: it is passed to the driver directly, never put in a URL,
a message, a log or a file. ``close()`` (log out) closes every connection and
drops the pool. ``role`` says what the database lets the user do (reader,
analyst, reviewer), so that a face can hide what would be refused; the
database refuses it anyway.

Edits (``review``, ``grade``, ``edit_claim``, ``create_claim``) are those of
``geo.store.edits`` with two additions for a server that may go away:

- every edit is optimistic: pass the version the user saw (``expect_version``);
  without it the session reads the version when the edit first reaches the
  server, so a retry never overwrites a change made in between;
- when the server is unavailable (``StoreUnavailable``) the edit is tried again
  a few times; if the server is still away, the edit is kept in ``pending``
  (nothing was committed) and ``retry_pending()`` applies it when the server
  is back. An edit whose commit was cut off after it reached the database is
  recognised on retry (its version moved by one and the last audit entry is
  this user's) and not applied twice.

Errors are the typed ``geo.store.errors``; ``describe(exc)`` gives the line to show.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from geo.store import edits
from geo.store import schema as t
from geo.store.engine import idle_timeout, parse_url, reading, server_options, shown
from geo.store.errors import (
    BadStore,
    InvalidEdit,
    NotAllowed,
    StaleVersion,
    StoreError,
    StoreUnavailable,
)

#: Seconds to wait before each new attempt when the server is unavailable.
RETRY_DELAYS = (0.5, 1.5, 3.0)
#: Edit name -> (entity, table) whose version the edit checks.
_VERSIONED = {
    "review": ("claim", t.claims),
    "edit_claim": ("claim", t.claims),
    "grade": ("group", t.groups),
}


def describe(exc: BaseException) -> str:
    """Return the one line to show a user for an error of the store (every reason, joined)."""
    if isinstance(exc, StoreError):
        problems = getattr(exc, "problems", None)
        return "; ".join(problems) if problems else str(exc)
    return f"unexpected error: {type(exc).__name__}"


@dataclass
class PendingEdit:
    """An edit not applied because the server was unavailable (nothing of it was committed).

    Parameters
    ----------
    name : the edit (``review``, ``grade``, ``edit_claim``, ``create_claim``).
    args, kwargs : its arguments (``kwargs`` holds the version it expects).
    reason : the last error's line.
    """

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    reason: str

    def summary(self) -> str:
        """One line saying what the edit is."""
        target = self.args[0] if self.args else ""
        target = getattr(target, "id", target)
        return f"{self.name} {target}"


@dataclass
class StoreSession:
    """A user's connection to a store (see the module doc).

    Parameters
    ----------
    engine : the connection pool (its password lives only there).
    user : the database user (the embedded store: the name the audit trail records).
    role : ``reader``, ``analyst`` or ``reviewer``.
    """

    engine: Engine | None = field(repr=False)
    user: str
    role: str
    where: str
    pending: list[PendingEdit] = field(default_factory=list)
    delays: tuple[float, ...] = field(default=RETRY_DELAYS, repr=False)

    # ------------------------------------------------------------------ opening

    @classmethod
    def login(cls, url: str, user: str, password: str) -> StoreSession:
        """Connect to the server at ``url`` (no user or password in it) as ``user``.

        Raises
        ------
        BadStore
            For a URL that is not a server's, or holds a password, or a server
            without a claimmap store.
        LoginFailed
            For a wrong user name or password.
        NotAllowed
            When the user has no claimmap role.
        StoreUnavailable
            When the server cannot be reached.
        """
        parsed = parse_url(url)
        if parsed.get_backend_name() != "postgresql":
            raise BadStore("logging in is for a server (postgresql+psycopg://HOST:PORT/DB)")
        if parsed.password:
            raise BadStore(f"give the server's URL without a password: {shown(parsed)}")
        if not user.strip():
            raise InvalidEdit("a user name is needed")
        parsed = parsed.set(username=user.strip(), password=None)
        options = server_options(parsed, password=password, idle_s=idle_timeout())
        engine = sa.create_engine(parsed, **options)
        return cls._opened(engine, user.strip())

    @classmethod
    def open(cls, url: str | None = None, who: str | None = None) -> StoreSession:
        """Open the store at ``url`` (credentials in the URL or the environment; None: default).

        On the embedded store nothing is enforced by a database: the session acts as
        a reviewer, and the audit trail records ``who`` (default: the OS user).
        """
        from geo.store.audit import default_actor
        from geo.store.location import open_store, store_location

        engine = open_store(store_location(url), who=who)
        name = who or default_actor()
        if engine.dialect.name != "postgresql":
            return cls(engine, name, "reviewer", shown(engine.url))
        return cls._opened(engine, engine.url.username or name)

    @classmethod
    def _opened(cls, engine: Engine, user: str) -> StoreSession:
        from geo.store.migrate import check_schema
        from geo.store.server import role_of

        try:
            with reading(engine) as conn:
                role = role_of(conn)
                user = conn.execute(sa.text("SELECT session_user")).scalar() or user
            if role is None:
                raise NotAllowed(
                    f"{user} has no claimmap role on this server: ask the administrator "
                    "(claimmap db grant USER --role reader|analyst|reviewer)"
                )
            check_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, user, role, shown(engine.url))

    def close(self) -> None:
        """Log out: close every connection and forget the pool (and the password in it)."""
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        self.pending.clear()

    def __enter__(self) -> StoreSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ what the user may do

    @property
    def is_open(self) -> bool:
        """Whether the session is still logged in."""
        return self.engine is not None

    @property
    def can_edit(self) -> bool:
        """Whether the user may add and edit claims and sources (analyst or reviewer)."""
        return self.role in ("analyst", "reviewer")

    @property
    def can_review(self) -> bool:
        """Whether the user may accept, reject and grade (reviewer)."""
        return self.role == "reviewer"

    def refresh_role(self) -> str | None:
        """Read the user's role on the server again; return the new role if it changed, else None.

        An administrator may grant or revoke a role during a session: the page asks at
        each run, so that it offers what the database now allows (the database refuses
        the rest in any case). A user left with no claimmap role becomes ``none``. The
        embedded store's session keeps its role.

        Raises
        ------
        StoreError
            When the server cannot be read (the role is left as it was).
        """
        if self.engine is None or self.engine.dialect.name != "postgresql":
            return None
        from geo.store.server import role_of

        with reading(self.engine) as conn:
            role = role_of(conn) or "none"
        if role == self.role:
            return None
        self.role = role
        return role

    def _engine(self) -> Engine:
        if self.engine is None:
            raise BadStore("logged out: log in again")
        return self.engine

    # ------------------------------------------------------------------ reading

    def view(self, query: Any) -> Any:
        """Return the map view of a ``geo.store.query.ViewQuery``."""
        from geo.store.query import run_view

        return run_view(self._engine(), query)

    def dataset(self) -> Any:
        """Read the whole store as a ``geo.dataset.Dataset`` (small stores, exports)."""
        from geo.store.read import load_store_dataset

        return load_store_dataset(self._engine())

    def history(self, entity: str | None = None, entity_id: str | None = None) -> list[Any]:
        """Return audit entries, newest first (``geo.store.audit.history``)."""
        return edits.history(self._engine(), entity, entity_id)

    # ------------------------------------------------------------------ editing

    def review(self, claim_id: str, status: str, **kwargs: Any) -> Any:
        """Move a claim through review (``geo.store.edits.review``), retrying as the doc says."""
        return self._apply("review", (claim_id, status), kwargs)

    def grade(self, group_id: str, reliability: str, credibility: int, **kwargs: Any) -> Any:
        """Grade a group (``geo.store.edits.grade``), retrying as the module doc says."""
        return self._apply("grade", (group_id, reliability, credibility), kwargs)

    def edit_claim(self, claim_id: str, changes: dict[str, Any], **kwargs: Any) -> Any:
        """Change fields of a claim (``geo.store.edits.edit_claim``), retrying likewise."""
        return self._apply("edit_claim", (claim_id, changes), kwargs)

    def create_claim(self, claim: Any, **kwargs: Any) -> Any:
        """Add a claim (``geo.store.edits.create_claim``), retrying likewise."""
        return self._apply("create_claim", (claim,), kwargs)

    def retry_pending(self) -> list[Any]:
        """Apply the pending edits again, oldest first; return what each gave.

        An edit that fails again for the server is kept (with the later ones);
        one refused for another reason is dropped and its error is returned in
        its place (as the exception object).
        """
        waiting, self.pending = self.pending, []
        results: list[Any] = []
        for index, edit in enumerate(waiting):
            try:
                results.append(self._attempts(edit, retried=True))
            except StoreUnavailable as exc:
                edit.reason = describe(exc)
                self.pending = waiting[index:]
                break
            except StoreError as exc:
                results.append(exc)
        return results

    def _apply(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        edit = PendingEdit(name, args, dict(kwargs), "")
        try:
            return self._attempts(edit, retried=False)
        except StoreUnavailable as exc:
            edit.reason = describe(exc)
            self.pending.append(edit)
            raise

    def _attempts(self, edit: PendingEdit, retried: bool) -> Any:
        """Try an edit, again after each delay while the server is unavailable."""
        for delay in (*self.delays, None):
            try:
                self._expect_version(edit)
                return self._run(edit)
            except StoreUnavailable:
                if delay is None:
                    raise
                retried = True
                time.sleep(delay)
            except (StaleVersion, InvalidEdit):
                landed = self._landed(edit) if retried else None
                if landed is None:
                    raise
                return landed
        raise AssertionError("unreachable")

    def _run(self, edit: PendingEdit) -> Any:
        function: Callable[..., Any] = getattr(edits, edit.name)
        return function(self._engine(), *edit.args, who=self.user, **edit.kwargs)

    def _expect_version(self, edit: PendingEdit) -> None:
        """Pin the version an edit is based on (read now when the caller gave none)."""
        if edit.name not in _VERSIONED or edit.kwargs.get("expect_version") is not None:
            return
        _, table = _VERSIONED[edit.name]
        with reading(self._engine()) as conn:
            version = conn.execute(
                sa.select(table.c.version).where(table.c.id == edit.args[0])
            ).scalar()
        if version is not None:
            edit.kwargs["expect_version"] = int(version)

    def _landed(self, edit: PendingEdit) -> Any | None:
        """Return the outcome of an edit that was committed by an attempt cut off, else None."""
        from geo.store.audit import history

        if edit.name == "create_claim":
            record_id, entity, expected = edit.args[0].id, "claim", 0
        else:
            record_id, (entity, _) = edit.args[0], _VERSIONED[edit.name]
            expected = int(edit.kwargs.get("expect_version") or -1)
        last = history(self._engine(), entity, record_id, limit=1)
        if not last or last[0].who != self.user:
            return None
        return self._state(entity, record_id, expected)

    def _state(self, entity: str, record_id: str, expected: int) -> Any | None:
        table = t.claims if entity == "claim" else t.groups
        with reading(self._engine()) as conn:
            row = conn.execute(sa.select(table).where(table.c.id == record_id)).first()
        if row is None or row.version != expected + 1:
            return None
        if entity == "claim":
            return edits.ClaimState(row.id, row.review_status, row.version)
        return edits.GroupState(
            row.id, row.reliability, row.credibility, row.grading_note, row.version
        )
