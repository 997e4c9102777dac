"""Where claimmap finds its data files."""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path


def _bundled_data() -> Path:
    """Return the bundled data set: ``data/``, installed as the package ``geo.bundled``."""
    return Path(str(importlib.resources.files("geo.bundled")))


#: The bundled data directory (the repository's ``data/``, or its copy in the wheel).
PACKAGE_DATA_DIR = _bundled_data()

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


#: The source checkout this module runs from (meaningless in an installed wheel).
_REPOSITORY = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path | None:
    """Return the seed articles' folder (``../shared/seeds`` or ``$CLAIMMAP_SEEDS``), if present."""
    env = os.environ.get("CLAIMMAP_SEEDS")
    path = Path(env) if env else _REPOSITORY.parent / "shared" / "seeds"
    return path if path.is_dir() else None
