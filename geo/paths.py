"""Where claimmap finds its data files."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository's curated data directory.
PACKAGE_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

GAZETTEER_FILE = "gazetteer.csv"
SOURCES_FILE = "sources.yaml"
CLAIMS_FILE = "claims.yaml"
GROUPS_FILE = "groups.yaml"
STORIES_FILE = "stories.yaml"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return ``override``, else ``$CLAIMMAP_DATA``, else the bundled ``data/``."""
    if override is not None:
        return Path(override)
    env = os.environ.get("CLAIMMAP_DATA")
    return Path(env) if env else PACKAGE_DATA_DIR


def seeds_dir() -> Path | None:
    """Return the seed articles' folder (``../shared/seeds`` or ``$CLAIMMAP_SEEDS``), if present."""
    env = os.environ.get("CLAIMMAP_SEEDS")
    path = Path(env) if env else PACKAGE_DATA_DIR.parent.parent / "shared" / "seeds"
    return path if path.is_dir() else None
