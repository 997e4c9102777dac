"""Claims + gazetteer -> map layers (areas, routes, flights, crossings, sites) -> Folium.

Public names are bound lazily, so that importing a submodule loads no folium.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = {
    "LAYERS": "layers.features",
    "layer_collections": "layers.features",
    "build_layers": "layers.build",
    "build_map": "layers.render",
    "export_html": "layers.html",
    "render_html": "layers.html",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'layers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
