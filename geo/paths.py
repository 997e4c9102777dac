"""Where claimmap finds its data files."""

from __future__ import annotations

import os
from pathlib import Path


def _bundled_data() -> Path:
    """Return the bundled data set: ``data/``, installed as the package ``geo.bundled``.

    The package's folder when it has one (a checkout, a wheel installed as files);
    else through ``importlib.resources``, which costs a ``claimmap geocode``
    process a quarter of its start-up, so it is only the fallback.
    """
    import geo.bundled

    if geo.bundled.__file__ is not None:
        return Path(geo.bundled.__file__).parent
    import importlib.resources

    return Path(str(importlib.resources.files("geo.bundled")))


#: The bundled data directory (the repository's ``data/``, or its copy in the wheel).
PACKAGE_DATA_DIR = _bundled_data()

GAZETTEER_FILE = "gazetteer.csv"
SOURCES_FILE = "sources.yaml"
CLAIMS_FILE = "claims.yaml"
GROUPS_FILE = "groups.yaml"
STORIES_FILE = "stories.yaml"

#: Every file a data directory may hold: no export may overwrite one of them.
DATA_FILES = (
    GAZETTEER_FILE,
    SOURCES_FILE,
    CLAIMS_FILE,
    GROUPS_FILE,
    STORIES_FILE,
    "actors.yaml",
    "country_points.csv",
    "admin1_points.csv",
    "__init__.py",  # the bundled data is a package
)


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


def protected_files(data: str | os.PathLike[str] | None = None) -> list[Path]:
    """Return the files no export may replace: the data files of ``data`` and the default store.

    One list for every writer to read (``geo.atomic.refusal``); the store adds
    its file here. Any SQLite database is refused besides, wherever it is.
    """
    root = data_dir(data)
    files = [root / name for name in DATA_FILES]
    try:
        from geo.store.default import default_path  # the embedded store, once it exists
    except ImportError:
        return files
    return [*files, default_path()]
