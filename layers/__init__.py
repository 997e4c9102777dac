"""Claims + gazetteer -> map layers (areas, routes, flights, crossings, sites) -> Folium.

Public names are bound lazily, so that importing a submodule loads no folium.
"""

from __future__ import annotations

from geo.lazy import lazy_api

_API = {
    "LAYERS": "layers.features",
    "layer_collections": "layers.features",
    "build_map": "layers.render",
    "export_html": "layers.html",
    "render_html": "layers.html",
}

__all__ = sorted(_API)


__getattr__, __dir__ = lazy_api(__name__, globals(), _API)
