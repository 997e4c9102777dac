"""What only a PostgreSQL store has: its roles, the logins in them, and the checks before db init.

Roles (created by migration 0003; see ``migrations/versions/0003_postgres.sql``
for every grant, policy and trigger):

- ``claimmap_reader``: reads everything.
- ``claimmap_analyst``: a reader who adds and edits places, sources, claims and
  drafts, and sets a claim's review status to draft or needs_review.
- ``claimmap_reviewer``: an analyst who accepts and rejects claims and grades groups.

``grant_login`` creates or updates a login (a role that can log in) in one of
them. A password is sent to the server only as a SCRAM-SHA-256 verifier
computed here (libpq's ``PQencryptPasswordConn``), so the password itself never
reaches the server's logs, and it is never written anywhere by claimmap.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.store.engine import shown, writing
from geo.store.errors import BadStore, InvalidEdit, NotAllowed

#: The roles a login may be granted, weakest first -> their group role in the database.
ROLES = {
    "reader": "claimmap_reader",
    "analyst": "claimmap_analyst",
    "reviewer": "claimmap_reviewer",
}
_LOGIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")
_RESERVED = ("pg_", "claimmap_")


def is_server(engine: Engine | Connection) -> bool:
    """Whether the store is on PostgreSQL."""
    return engine.dialect.name == "postgresql"


def preflight(conn: Connection) -> None:
    """Check that this login can create the server's part of the schema (before db init).

    Raises
    ------
    BadStore
        When PostGIS is not installed on the server.
    NotAllowed
        When the postgis extension is missing and only a superuser may create it,
        or the roles are missing and this login may not create roles.
    """
    me = conn.execute(
        sa.text("SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).one()
    database = conn.execute(sa.text("SELECT current_database()")).scalar()
    installed = conn.execute(
        sa.text("SELECT name FROM pg_available_extensions WHERE name IN ('postgis', 'pg_trgm')")
    ).scalars()
    missing = {"postgis", "pg_trgm"} - set(installed)
    if missing:
        raise BadStore(
            f"the server lacks the {' and '.join(sorted(missing))} extension(s): install "
            "Debian's postgresql-15-postgis-3 (and postgresql-contrib) on it"
        )
    has_postgis = conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'"))
    if not me.rolsuper and has_postgis.first() is None:
        raise NotAllowed(
            f"creating the postgis extension needs a superuser: run `CREATE EXTENSION "
            f"postgis;` in database {database!r} as postgres, or run db init as a superuser"
        )
    roles = conn.execute(
        sa.text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": list(ROLES.values())},
    ).scalar()
    if roles < len(ROLES) and not (me.rolsuper or me.rolcreaterole):
        raise NotAllowed(
            "db init creates the roles claimmap_reader, claimmap_analyst and "
            "claimmap_reviewer: run it as a superuser or a login with CREATEROLE"
        )


def role_of(conn: Connection) -> str | None:
    """Return the strongest claimmap role of the logged-in user (None: no claimmap role)."""
    held = sa.text(
        "SELECT "
        + ", ".join(f"pg_has_role(session_user, :r{i}, 'USAGE')" for i in range(len(ROLES)))
    )  # one round trip: the page asks at every run
    row = conn.execute(held, {f"r{i}": group for i, group in enumerate(ROLES.values())}).one()
    found = None
    for name, has in zip(ROLES, row, strict=True):
        if has:
            found = name  # the strongest: ROLES runs from weakest to strongest
    return found


def check_login_name(user: str) -> str:
    """Return ``user`` if it can be a claimmap login, else raise InvalidEdit saying why."""
    if not _LOGIN_NAME.match(user):
        raise InvalidEdit(
            f"{user[:64]!r} is not a login name claimmap creates: letters, digits and _ . @ - "
            "(up to 63, not starting with a digit)"
        )
    if user.lower().startswith(_RESERVED) or user.lower() in ("postgres", "public"):
        raise InvalidEdit(f"{user!r} is reserved (pg_*, claimmap_*, postgres, public)")
    return user


def _verifier(conn: Connection, user: str, password: str) -> str:
    """Return the SCRAM-SHA-256 verifier of ``password`` for ``user``, computed by libpq here."""
    pgconn = conn.connection.driver_connection.pgconn
    return pgconn.encrypt_password(password.encode(), user.encode(), b"scram-sha-256").decode()


def _existing(conn: Connection, user: str) -> Any:
    return conn.execute(
        sa.text("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = :user"),
        {"user": user},
    ).first()


def grant_login(engine: Engine, user: str, role: str, password: str | None = None) -> str:
    """Create or update the login ``user`` in ``role`` (reader, analyst or reviewer).

    An existing login keeps its password unless a new one is given; it leaves
    the other claimmap roles (a reviewer made a reader is only a reader).

    Returns
    -------
    str
        ``"created"`` or ``"updated"``.

    Raises
    ------
    InvalidEdit
        For a bad login name, an unknown role or an empty password.
    NotAllowed
        For a superuser (no role would limit it) or the login running this.
    BadStore
        When the store has no claimmap roles yet (run db init first).
    """
    from psycopg import sql

    check_login_name(user)
    if role not in ROLES:
        raise InvalidEdit(f"role {role!r} is not one of {', '.join(ROLES)}")
    if password is not None and not password:
        raise InvalidEdit("the password is empty")
    with writing(engine) as conn:
        _check_roles_exist(conn, engine)
        found = _existing(conn, user)
        if found is not None and found.rolsuper:
            raise NotAllowed(f"{user} is a superuser: a claimmap role would not limit it")
        if user == conn.execute(sa.text("SELECT session_user")).scalar():
            raise NotAllowed("a login cannot change its own role; ask another administrator")
        ident = sql.Identifier(user)
        statement = sql.SQL("CREATE ROLE {} LOGIN" if found is None else "ALTER ROLE {} LOGIN")
        statement = statement.format(ident)
        if password is not None:
            verifier = sql.Literal(_verifier(conn, user, password))
            statement += sql.SQL(" PASSWORD {}").format(verifier)
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute(statement)
        for group in ROLES.values():
            cursor.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), ident))
        cursor.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), ident))
    return "created" if found is None else "updated"


def _check_roles_exist(conn: Connection, engine: Engine) -> None:
    count = conn.execute(
        sa.text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": list(ROLES.values())},
    ).scalar()
    if count < len(ROLES):
        raise BadStore(
            f"{shown(engine.url)} has no claimmap roles yet: run claimmap --db URL db init first"
        )
