"""What went wrong with the database, in plain words: its exceptions to ``geo.store.errors``.

``translate(exc, where)`` reads the SQLSTATE and the message of an exception of
the driver (SQLite or psycopg, wrapped by SQLAlchemy or not) and returns the
StoreError that says it in one line, naming the store as ``where`` (its URL
with the password hidden). The CLI prints that line with its exit status and
the dashboard shows it. Never a password: the driver's messages do not carry
one and URLs are shown masked.
"""

from __future__ import annotations

import re

from geo.store.errors import (
    BadStore,
    InvalidEdit,
    LoginFailed,
    NotAllowed,
    StaleVersion,
    StoreBusy,
    StoreError,
    StoreUnavailable,
)

#: Message fragments of a server that cannot be reached or went away (lower case).
UNAVAILABLE = (
    "connection refused",
    "could not connect",
    "timeout expired",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "connection is lost",
    "has been closed",
    "could not receive data",
    "could not send data",
    "connection is closed",
    "connection already closed",
    "consuming input failed",
    "no connection to the server",
    "ssl syscall",
    "network is unreachable",
    "no route to host",
    "no such file or directory",  # a unix socket that is not there
)
#: Hints added to "permission denied for table T".
TABLE_HINTS = {
    "groups": "grading a group needs the reviewer role",
    "claims": "changing claims needs the analyst role",
    "sources": "changing sources needs the analyst role",
    "places": "changing places needs the analyst role",
    "archives": "archiving documents needs the analyst role",
    "audit": "the audit trail is written only by the database",
    "claim_places": "a claim's places are changed through the claim",
}
_STALE = re.compile(r"stale version: (\w+) (\S+) is at version (\d+), not (-?\d+)")
_DENIED_TABLE = re.compile(r"permission denied for (?:table|relation) (\w+)")
_RLS_TABLE = re.compile(r'row-level security policy for table "(\w+)"')
_MISSING_DB = re.compile(r'database "([^"]+)" does not exist')


def reason(exc: BaseException) -> str:
    """Return the driver's message in one line, without the connection preamble."""
    original = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(original).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(original).__name__
    for marker in ("FATAL:", "ERROR:"):
        if marker in text:
            text = text.split(marker, 1)[1].strip()
    if text.startswith("connection failed:") and " failed: " in text:
        text = text.rsplit(" failed: ", 1)[1].strip()
    return text


def sqlstate(exc: BaseException) -> str:
    """Return the SQLSTATE of a driver exception ("" when it has none)."""
    original = getattr(exc, "orig", None) or exc
    return getattr(original, "sqlstate", None) or ""


def translate(exc: BaseException, where: str) -> StoreError:
    """Return the StoreError that says what went wrong with ``exc``, in one line."""
    line, code = reason(exc), sqlstate(exc)
    lower = line.lower()
    for rule in (_login, _unavailable, _sqlite, _denied, _conflict, _refused):
        found = rule(line, lower, code, where)
        if found is not None:
            return found
    if getattr(exc, "connection_invalidated", False):
        return StoreUnavailable(_unavailable_line(where, line))
    return StoreError(f"{where}: {line}")


def _login(line: str, lower: str, code: str, where: str) -> StoreError | None:
    if code in ("28P01", "28000") or "password authentication failed" in lower:
        return LoginFailed(f"the server of {where} refused the login: wrong user name or password")
    if "no password supplied" in lower:
        return LoginFailed(f"the server of {where} asks for a password and none was given")
    if "no pg_hba.conf entry" in lower:
        return LoginFailed(
            f"the server of {where} does not accept this login from here (pg_hba.conf)"
        )
    missing = _MISSING_DB.search(line)
    if code == "3D000" or missing:
        name = missing.group(1) if missing else "named"
        return BadStore(
            f"the server of {where} has no database {name!r}: create it (createdb), "
            "then run: claimmap --db URL db init"
        )
    if "could not translate host name" in lower or "name or service not known" in lower:
        return BadStore(f"{where}: unknown host ({line})")
    return None


def _unavailable_line(where: str, line: str) -> str:
    return (
        f"the server of {where} is unavailable ({line}); nothing was changed; "
        "try again when it is back"
    )


def _unavailable(line: str, lower: str, code: str, where: str) -> StoreError | None:
    if code[:2] in ("08", "57") or any(fragment in lower for fragment in UNAVAILABLE):
        if "sqlite" in where or where.startswith("<"):
            return None
        return StoreUnavailable(_unavailable_line(where, line))
    return None


def _sqlite(line: str, lower: str, code: str, where: str) -> StoreError | None:
    if "locked" in lower or "busy" in lower:
        return StoreBusy(f"{where} is busy (another process is writing); try again")
    if "not a database" in lower or "malformed" in lower or "file is encrypted" in lower:
        return BadStore(f"{where} is not a claimmap store: the file is not an SQLite database")
    if "unable to open database" in lower or "readonly" in lower or "read-only" in lower:
        return BadStore(f"cannot open {where}: {line}")
    if "no such table" in lower or code == "42P01":
        return BadStore(f"{where} is not a claimmap store (no tables); run: claimmap db init")
    return None


def _denied(line: str, lower: str, code: str, where: str) -> StoreError | None:
    if code != "42501" and "permission denied" not in lower and "row-level security" not in lower:
        return None
    table = _DENIED_TABLE.search(line) or _RLS_TABLE.search(line)
    if lower.startswith(("only a reviewer", "the audit trail", "the document archive")):
        return NotAllowed(f"permission denied: {line}")
    if table and "row-level security" in lower:
        what = {"claims": "accept or reject claims", "groups": "grade groups"}
        doing = what.get(table.group(1), f"write these rows of {table.group(1)}")
        return NotAllowed(f"permission denied: only a reviewer may {doing}")
    if table:
        name = table.group(1)
        hint = TABLE_HINTS.get(name, "ask the administrator for a role (claimmap db grant)")
        return NotAllowed(f"permission denied by {where} on {name}: {hint}")
    return NotAllowed(f"permission denied by {where}: {line}")


def _conflict(line: str, lower: str, code: str, where: str) -> StoreError | None:
    stale = _STALE.search(line)
    if stale:
        entity, record, actual, expected = stale.groups()
        return StaleVersion(entity, record, int(expected), int(actual))
    if code in ("40001", "40P01") or "deadlock detected" in lower:
        return StoreBusy(f"{where}: the change met another one at the same time; try again")
    return None


def _refused(line: str, lower: str, code: str, where: str) -> StoreError | None:
    if code == "23514" and ("version" in lower or "cannot change" in lower):
        return InvalidEdit(line)
    if code.startswith("23") or "constraint" in lower:
        return StoreError(f"{where} refused the change, nothing was changed: {line}")
    if code == "58P01" and "extension" in lower:
        return BadStore(f"{where}: {line} (install Debian's postgresql-15-postgis-3)")
    return None
