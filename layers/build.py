"""Map layers as GeoDataFrames (EPSG:4326), one row per map feature.

For analysis and tests in the GIS toolset; the map itself is drawn from the
plain dicts of :func:`layers.features.layer_collections`, which this module
wraps (converting to shapely costs time the renderer does not need to spend).
"""

from __future__ import annotations

from typing import Any

from layers.features import CROSSING_FIELDS, FEATURE_FIELDS, LAYERS, layer_collections

#: Coordinate reference system of every layer: WGS84 longitude/latitude.
CRS = "EPSG:4326"


def columns(layer: str) -> tuple[str, ...]:
    """Return the property columns of a layer, in order (geometry not included)."""
    return FEATURE_FIELDS + (CROSSING_FIELDS if layer == "crossings" else ())


def collection_frame(layer: str, collection: dict[str, Any]) -> Any:
    """Return one FeatureCollection dict as a GeoDataFrame with the layer's columns.

    Parameters
    ----------
    layer : the layer name (selects the columns; an empty layer keeps them).
    collection : a FeatureCollection dict from ``layer_collections``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, in the collection's order, with a ``geometry``
        column in EPSG:4326.
    """
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import shape

    features = collection["features"]
    frame = pd.DataFrame([f["properties"] for f in features], columns=list(columns(layer)))
    geometry = gpd.GeoSeries([shape(f["geometry"]) for f in features], crs=CRS)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def build_layers(dataset: Any) -> dict[str, Any]:
    """Return one GeoDataFrame per map layer, in drawing order.

    Parameters
    ----------
    dataset : a ``geo.dataset.Dataset`` (or one narrowed with ``select``).

    Returns
    -------
    dict
        Layer name (:data:`layers.features.LAYERS` order) -> GeoDataFrame in
        EPSG:4326 with the columns of :func:`columns` plus ``geometry``; every
        layer is present, empty or not.
    """
    collections = layer_collections(dataset)
    return {name: collection_frame(name, collections[name]) for name in LAYERS}
