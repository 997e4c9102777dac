"""Archived documents: the SHA-256 of what claims were coded from, and who archived it when.

A store keeps each document's text (and its original bytes when it came from a
file) with the hash; read from data files, the seed articles beside the data
(``geo.paths.seeds_dir()``, each source's ``seed_file``) are hashed on load, so
both give a claim the same ``document_sha256``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geo import paths
from geo.models import Source


@dataclass(frozen=True)
class ArchiveInfo:
    """What is known of an archived document (not its content).

    Parameters
    ----------
    sha256 : hex SHA-256 of the original bytes (of the UTF-8 text when there are none).
    size : length in bytes of what was hashed.
    archived_at : when it was archived (UTC), None when hashed from a file on load.
    archived_by : who archived it, None when hashed from a file on load.
    """

    sha256: str
    size: int
    archived_at: dt.datetime | None = None
    archived_by: str | None = None


def sha256_hex(data: bytes) -> str:
    """Return the hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_seed(source: Source, seeds: Path | None = None) -> bytes | None:
    """Return the bytes of ``source``'s seed file, or None when it has none or it is unreadable."""
    folder = seeds if seeds is not None else paths.seeds_dir()
    if folder is None or source.seed_file is None:
        return None
    try:
        return (folder / source.seed_file).read_bytes()
    except OSError:
        return None


def seed_documents(sources: Iterable[Source], seeds: Path | None = None) -> dict[str, ArchiveInfo]:
    """Hash the seed file of each document that names one and is found (source id -> info)."""
    found: dict[str, ArchiveInfo] = {}
    for source in sources:
        data = read_seed(source, seeds)
        if data is not None:
            found[source.id] = ArchiveInfo(sha256_hex(data), len(data))
    return found
