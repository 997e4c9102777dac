"""GeoJSON export (RFC 7946): one Feature per claim geometry.

WGS84 ``[lon, lat]`` rounded to 6 decimals, no ``crs`` member, no NaN. A route
is one LineString through its places in order; any other claim is one Point
per place it names (the claim's properties repeated on each). Claims with no
place have no geometry and are not in the file (they are in the CSV export).

Each Feature's properties are ``geo.records.claim_properties`` (the DESIGN.md
contract names first: claim_id, type, statement, quote, claimant, source_id,
outlet, event_start, event_end, date_precision, actors, quantities, status,
place_ids, then group, origin, url, the document's published and
published_end, independent_sources, conflicts, grade..., review_status,
version), the document's ``document_sha256`` (null when it is not archived),
``window_match`` (``certain`` when the claim's possible range lies within the
export's date window, ``possible`` when it only overlaps it; see
``geo.dates``) and, for the geometry itself: ``place_id`` (the Point's place;
null for a route), ``place_name`` (the place, or the route as "A → B") and
``precision_m`` (how far the true place may be from the point; for a route,
its least precise place).

The FeatureCollection names the filter that made it and when, in a foreign
member: ``"claimmap": {"filter": {"start", "end", "as_of", ...}, "exported_at"}``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from geo.atomic import atomic_write
from geo.exports.selection import ExportFilter
from geo.geometry import ClaimGeometry, claim_geometries
from geo.records import claim_properties, document_properties

#: Properties added to claim_properties for each geometry.
GEOMETRY_FIELDS = ("place_id", "place_name", "precision_m")


def geometry_properties(dataset: Any, geom: ClaimGeometry) -> dict[str, Any]:
    """Return the properties describing one claim geometry (:data:`GEOMETRY_FIELDS`)."""
    names = [dataset.places[pid].name for pid in geom.place_ids]
    return {
        "place_id": None if geom.is_route else geom.place_ids[0],
        "place_name": " → ".join(names),
        "precision_m": float(geom.precision_m),
    }


def claim_features(
    dataset: Any, export_filter: ExportFilter | None = None
) -> Iterator[dict[str, Any]]:
    """Yield one GeoJSON Feature per geometry of each of ``dataset``'s claims.

    The Feature ``id`` is the claim id, or ``claim_id@place_id`` when a claim
    has several points. ``export_filter`` gives each claim its ``window_match``
    (``certain`` for every claim without one).
    """
    window = export_filter or ExportFilter()
    for claim in dataset.claims:
        geoms = claim_geometries(claim, dataset.places)
        if not geoms:
            continue
        props = {**claim_properties(dataset, claim), **document_properties(dataset, claim)}
        props["window_match"] = window.match(dataset, claim)
        for geom in geoms:
            fid = claim.id if len(geoms) == 1 else f"{claim.id}@{geom.place_ids[0]}"
            yield {
                "type": "Feature",
                "id": fid,
                "geometry": geom.geometry,
                "properties": {**props, **geometry_properties(dataset, geom)},
            }


def feature_collection(dataset: Any, export_filter: ExportFilter | None = None) -> dict[str, Any]:
    """Return the export as a FeatureCollection dict (with its ``claimmap`` member)."""
    window = export_filter or ExportFilter()
    return {
        "type": "FeatureCollection",
        "claimmap": window.member(),
        "features": list(claim_features(dataset, window)),
    }


def iter_geojson(
    features: Iterable[dict[str, Any]], member: dict[str, Any] | None = None
) -> Iterator[str]:
    """Yield a FeatureCollection as chunks of JSON text, one Feature per line.

    ``member`` is the ``claimmap`` foreign member (``ExportFilter.member()``), if any.

    Raises
    ------
    ValueError
        If any value is NaN or infinite (not valid JSON), when that Feature is reached.
    """
    yield '{"type":"FeatureCollection",'
    if member is not None:
        yield '"claimmap":' + json.dumps(member, ensure_ascii=False, separators=(",", ":")) + ","
    yield '"features":['
    separator = "\n"
    for feature in features:
        yield separator
        yield json.dumps(feature, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        separator = ",\n"
    yield "\n]}\n"


def to_geojson(dataset: Any, export_filter: ExportFilter | None = None) -> str:
    """Return the export as GeoJSON text."""
    window = export_filter or ExportFilter()
    return "".join(iter_geojson(claim_features(dataset, window), window.member()))


def write_geojson(
    dataset: Any, path: str | os.PathLike[str], export_filter: ExportFilter | None = None
) -> Path:
    """Write the export to ``path`` atomically (an existing file is never half-written).

    Features are streamed to a temporary file, which replaces ``path`` only
    once complete.
    """
    window = export_filter or ExportFilter()

    def writer(handle: TextIO) -> None:
        handle.writelines(iter_geojson(claim_features(dataset, window), window.member()))

    return atomic_write(path, writer)
