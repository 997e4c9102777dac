"""The dashboard's map frame, without Streamlit: what it draws and how a date change reaches it.

The map in the page is one streamlit-folium frame. Building it (claim layers,
borders, the page around them) and drawing it in the browser are the costly steps,
and streamlit-folium rebuilds the frame whenever the map's script changes. So:

- the frame's data is the claims of every filter *but the dates* (`map_filters`):
  one map per data version, filter and tiles switch, built once and cached;
- the sidebar's date window reaches the drawn map as a short script
  (`window_script`) that streamlit-folium runs inside the existing frame (its
  ``feature_group`` argument): ``claimmap.js`` hides what lies outside the window,
  as the map's own date panel does, and nothing is rebuilt;
- a selection changes neither, so the frame is left as it is;
- the features the page lists and a click is matched against are the map's with
  the window applied the same way (`window_layers`): what the map shows.

The window follows `claimmap.dashboard.filters.Filters`: a claim is shown when its event range
overlaps the window; undated claims only for the whole period.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from claimmap.dashboard.filters import Filters


def map_filters(f: Filters) -> Filters:
    """Return the filters the map's data is built with: ``f`` without its date window."""
    return dataclasses.replace(f, start=None, end=None)


def window_script(f: Filters) -> str:
    """Return the JavaScript that sets ``f``'s date window on the drawn claim map.

    It runs in the map's frame (``window.claimmap``, ``layers/static/claimmap.js``)
    once the map is ready; only ISO dates, ``null`` and booleans reach it.
    """
    start = json.dumps(f.start.isoformat() if f.start else None)
    end = json.dumps(f.end.isoformat() if f.end else None)
    whole = json.dumps(f.start is None and f.end is None)
    return (
        "(function () {\n"
        "  var api = window.claimmap;\n"
        "  if (!api) { return; }\n"
        "  api.whenReady(function (map) {\n"
        f"    map.setIncludeUndated({whole});\n"
        f"    map.setWindow({start}, {end});\n"
        "  });\n"
        "})();\n"
    )


def _in_window(claim: Mapping[str, Any], start: str | None, end: str | None) -> bool:
    """Whether a claim's properties (ISO dates) overlap the window, as `Filters` decides."""
    first, last = claim.get("event_start"), claim.get("event_end")
    if not first or not last:
        return False
    return (start is None or last >= start) and (end is None or first <= end)


def window_layers(
    collections: Mapping[str, Mapping[str, Any]], start: dt.date | None, end: dt.date | None
) -> dict[str, dict[str, Any]]:
    """Return the features of ``collections`` that have claims in the window, with only those.

    What the drawn map shows for that window: a feature is kept when any of its claims'
    event ranges overlaps [``start``, ``end``] (undated claims only without a window), and
    its ``claims`` and ``claim_ids`` keep those claims. Its other properties (label,
    geometry, types) are the map's. Without a window the collections are returned as
    they are; the input is not changed.

    Parameters
    ----------
    collections : ``layers.features.layer_collections`` output (claims not cut to a budget).
    start, end : the window (inclusive); None leaves that end open.
    """
    if start is None and end is None:
        return dict(collections)
    low = start.isoformat() if start else None
    high = end.isoformat() if end else None
    out: dict[str, dict[str, Any]] = {}
    for name, collection in collections.items():
        kept = []
        for feature in collection.get("features", ()):
            props = feature["properties"]
            claims = [c for c in props.get("claims") or () if _in_window(c, low, high)]
            if claims:
                narrowed = {**props, "claims": claims, "claim_ids": [c["claim_id"] for c in claims]}
                kept.append({**feature, "properties": narrowed})
        out[name] = {**collection, "features": kept}
    return out
