"""The dashboard's map frame, without Streamlit: what it draws and how a time filter reaches it.

The map in the page is one streamlit-folium frame. Building it (claim layers,
borders, the page around them) and drawing it in the browser are the costly steps,
and streamlit-folium rebuilds the frame whenever the map's script changes. So:

- the frame's data is the claims of every filter *but time* (`map_filters`: the date
  window, "only possibly in the dates" and "as known on"): one map per data version,
  filter state and tiles switch, built once and cached;
- the time filters reach the drawn map as a short script (`window_script`) that
  streamlit-folium runs inside the existing frame (its ``feature_group`` argument):
  ``claimmap.js`` applies them with the rule of ``geo.dates``, as the map's own date
  panel does, and nothing is rebuilt;
- a selection changes neither, so the frame is left as it is;
- the features the page lists and a click is matched against are the map's, narrowed
  to the claims in view (`view_layers`): what the map shows.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Mapping
from typing import Any

from claimmap.dashboard.filters import Filters


def map_filters(f: Filters) -> Filters:
    """Return the filters the map's data is built with: ``f`` without its time filters."""
    return dataclasses.replace(f, start=None, end=None, possible=True, as_of=None)


def window_script(f: Filters) -> str:
    """Return the JavaScript that sets ``f``'s time filters on the drawn claim map.

    It runs in the map's frame (``window.claimmap``, ``layers/static/claimmap/``) once
    the map is ready, and changes only what differs (each change redraws); only ISO
    dates, ``null`` and booleans reach it.
    """
    start = json.dumps(f.start.isoformat() if f.start else None)
    end = json.dumps(f.end.isoformat() if f.end else None)
    as_of = json.dumps(f.as_of.isoformat() if f.as_of else None)
    possible = json.dumps(bool(f.possible))
    return (
        "(function () {\n"
        "  var api = window.claimmap;\n"
        "  if (!api) { return; }\n"
        "  api.whenReady(function (map) {\n"
        "    var now = map.getWindow();\n"
        f"    if (now.showPossible !== {possible}) {{ map.setShowPossible({possible}); }}\n"
        f"    if (now.asOf !== {as_of}) {{ map.setAsOf({as_of}); }}\n"
        f"    if (now.start !== {start} || now.end !== {end}) {{\n"
        f"      map.setWindow({start}, {end});\n"
        "    }\n"
        "  });\n"
        "})();\n"
    )


def view_layers(
    collections: Mapping[str, Mapping[str, Any]], claim_ids: Collection[str]
) -> dict[str, dict[str, Any]]:
    """Return the features of ``collections`` with claims among ``claim_ids``, with only those.

    What the drawn map shows once the time filters are set: ``collections`` hold the
    claims of the other filters, ``claim_ids`` the claims in view (every filter); a
    feature is shown when any of its claims is in view. Each kept feature's ``claims``
    and ``claim_ids`` keep those claims; its other properties (label, geometry, types)
    are the map's. The input is not changed.

    Parameters
    ----------
    collections : ``layers.features.layer_collections`` output (claims not cut to a budget).
    claim_ids : the ids of the claims in view.
    """
    wanted = claim_ids if isinstance(claim_ids, set | frozenset) else set(claim_ids)
    out: dict[str, dict[str, Any]] = {}
    for name, collection in collections.items():
        kept = []
        for feature in collection.get("features", ()):
            props = feature["properties"]
            claims = [c for c in props.get("claims") or () if c["claim_id"] in wanted]
            if not claims:
                continue
            if len(claims) == len(props["claims"]):
                kept.append(feature)  # every claim in view: the map's feature as it is
            else:
                narrowed = {**props, "claims": claims, "claim_ids": [c["claim_id"] for c in claims]}
                kept.append({**feature, "properties": narrowed})
        out[name] = {**collection, "features": kept}
    return out
