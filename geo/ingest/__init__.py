"""Ingest: an article's text -> places, dates, figures, actors, attributions, draft claims.

Names are bound lazily (see ``geo.lazy``): importing ``geo`` or ``geo.ingest``
loads none of the extractors, so ``claimmap geocode`` stays light.
"""

from __future__ import annotations

from geo.lazy import lazy_api

_API = {
    "Extractor": "geo.ingest.extract",
    "extract": "geo.ingest.extract",
    "propose_drafts": "geo.ingest.drafts",
    "load_actors": "geo.ingest.actors",
    "page_text": "geo.ingest.htmltext",
}

__all__ = sorted(_API)

__getattr__, __dir__ = lazy_api(__name__, globals(), _API)
