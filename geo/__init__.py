"""Places and claims: gazetteer, geocoding, models, loading, provenance and exports.

The public names are bound lazily (PEP 562), so that ``import geo.geocode`` stays
light: nothing here loads pydantic, pandas or shapely until a name is used.
"""

from __future__ import annotations

from geo.lazy import lazy_api

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
}

__all__ = sorted(_API)


__getattr__, __dir__ = lazy_api(__name__, globals(), _API)
