"""Places and claims: gazetteer, geocoding, models, loading, provenance and exports.

The public names are bound lazily (PEP 562), so that ``import geo.geocode`` stays
light: nothing here loads pydantic, pandas or shapely until a name is used.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "DataError": "geo.problems",
    "Problem": "geo.problems",
    "Place": "geo.models",
    "Source": "geo.models",
    "Claim": "geo.models",
    "Quantity": "geo.models",
    "Group": "geo.models",
    "Gazetteer": "geo.gazetteer",
    "load_gazetteer": "geo.gazetteer",
    "check_gazetteer": "geo.gazetteer",
    "geocode": "geo.geocode",
    "Candidate": "geo.geocode",
    "Dataset": "geo.dataset",
    "load_dataset": "geo.dataset",
    "build_dataset": "geo.dataset",
    "claim_properties": "geo.records",
    "select_window": "geo.exports",
    "write_export": "geo.exports",
    "Filters": "geo.filters",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
