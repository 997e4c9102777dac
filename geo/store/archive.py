"""The store's document archive: keep each document with its SHA-256, and check it later.

A document is archived with its text, its original bytes when it came from a
file, the SHA-256 of those bytes (of the UTF-8 text when there are none), the
SHA-256 of the text, its size, when and by whom. ``verify`` re-hashes them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.archive import read_seed, sha256_hex
from geo.models import Source
from geo.store import audit
from geo.store import schema as t
from geo.store.engine import reading
from geo.store.errors import InvalidEdit


def archive_document(
    conn: Connection,
    source_id: str,
    text: str,
    *,
    who: str,
    original: bytes | None = None,
    file_name: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Archive one document in the caller's transaction, with its audit entry.

    Returns
    -------
    dict
        The archive's ``sha256``, ``size`` and ``archived_at``.

    Raises
    ------
    InvalidEdit
        When the source already has an archive, or the same bytes are archived
        for another source.
    """
    content = original if original is not None else text.encode("utf-8")
    digest = sha256_hex(content)
    a = t.archives.c
    taken = conn.execute(
        sa.select(a.source_id).where((a.source_id == source_id) | (a.sha256 == digest))
    ).first()
    if taken is not None:
        why = "is archived already" if taken[0] == source_id else f"is the same as {taken[0]}'s"
        raise InvalidEdit(f"source {source_id}: its document {why}")
    at = audit.now()
    row = {
        "source_id": source_id,
        "text": text,
        "original": original,
        "sha256": digest,
        "text_sha256": sha256_hex(text.encode("utf-8")),
        "size": len(content),
        "file_name": file_name,
        "archived_at": at,
        "archived_by": who,
    }
    conn.execute(t.archives.insert(), row)
    summary = {"sha256": digest, "size": len(content), "file_name": file_name}
    audit.write(
        conn, [audit.entry(who, "archive", "source", source_id, "archive", None, summary, note, at)]
    )
    return {"sha256": digest, "size": len(content), "archived_at": at}


def archive_seeds(
    conn: Connection, sources: Iterable[Source], *, who: str, seeds: Path | None = None
) -> list[str]:
    """Archive the seed file of each document that names one, is found and is not archived yet.

    Returns the ids of the sources archived.
    """
    a = t.archives.c
    archived = set(conn.execute(sa.select(a.source_id)).scalars())
    hashes = set(conn.execute(sa.select(a.sha256)).scalars())
    done = []
    for source in sources:
        if source.id in archived or source.kind != "document":
            continue
        data = read_seed(source, seeds)
        if data is None or sha256_hex(data) in hashes:
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue  # check reports it; the document stays unarchived
        note = f"seed file {source.seed_file}"
        archive_document(
            conn, source.id, text, who=who, original=data, file_name=source.seed_file, note=note
        )
        hashes.add(sha256_hex(data))
        done.append(source.id)
    return done


@dataclass(frozen=True)
class Verified:
    """One archived document re-hashed.

    Parameters
    ----------
    id : the source id.
    sha256 : the hash stored when it was archived.
    computed : the hash of what the store holds now.
    problems : what does not match (empty when intact).
    """

    id: str
    sha256: str
    computed: str
    size: int
    archived_at: Any
    archived_by: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """Whether the document is as it was archived."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready values."""
        return {
            "id": self.id,
            "ok": self.ok,
            "sha256": self.sha256,
            "computed_sha256": self.computed,
            "size": self.size,
            "archived_at": self.archived_at.isoformat(),
            "archived_by": self.archived_by,
            "problems": list(self.problems),
        }


def _check(row: Any) -> Verified:
    content = row.original if row.original is not None else row.text.encode("utf-8")
    computed = sha256_hex(content)
    problems = []
    if computed != row.sha256:
        what = "original bytes" if row.original is not None else "text"
        problems.append(f"SHA-256 of the {what} is {computed}, archived as {row.sha256}")
    if len(content) != row.size:
        problems.append(f"size is {len(content)} bytes, archived as {row.size}")
    if sha256_hex(row.text.encode("utf-8")) != row.text_sha256:
        problems.append("the archived text no longer matches its SHA-256")
    return Verified(
        row.source_id,
        row.sha256,
        computed,
        row.size,
        row.archived_at,
        row.archived_by,
        tuple(problems),
    )


def verify(engine: Engine) -> list[Verified]:
    """Re-hash every archived document, in source id order."""
    with reading(engine) as conn:
        rows = conn.execute(sa.select(t.archives).order_by(t.archives.c.source_id))
        return [_check(row) for row in rows]
