"""Claims + gazetteer -> map layers as plain GeoJSON FeatureCollection dicts.

Built straight from the dataset (no GeoDataFrame on the way): the renderer and
the HTML export pass these dicts to Leaflet as they are.

How claims are drawn (each layer has one feature per map object, carrying
every claim drawn there):

- **crossings**: one point per border crossing, at the crossing; a crossing's
  two sides (``other_side``) are one feature. Every claim that names either
  side is on it, routes through it included.
- **routes**: ground routes (``mode: ground``). A route's places are taken in
  order, a crossing's sides counted as one place; a chain that runs along a
  longer one (``basra, shalamcheh`` along ``basra, shalamcheh, ahvaz``) is
  drawn as the longer one, which carries the claims of both. A route that
  reduces to one place (an Iraqi post and its crossing) is only a crossing.
- **flights**: air routes, one great-circle arc per origin-destination pair
  (each consecutive pair of a claim's places). An airport and the city it
  serves are one end, so "Najaf airport -> Tehran" and "Najaf -> Tehran" are
  one feature, drawn at the airports when every claim names the same ones.
- **sites**: claims that are not routes, at cities, airports and sites.
- **areas**: claims that are not routes, known only to a province or country,
  drawn as areas of uncertainty, never as pins: a province as a circle of
  ``radius_m`` = its ``precision_m`` (no offline province outlines), a country
  as its Natural Earth outline.

A claim with no places is in no layer. A route that draws nothing (every leg
within one place) is drawn at its places like a claim that is not a route.

Each feature names its places in order (``places``: ``id``, ``name``,
``name_local`` and its ``lang`` from ``layers.names``, ``kind``, ``country``,
``lon``, ``lat``; both sides of a crossing), and a point feature the ``kind``
of place it is drawn at (its symbol: the same under every filter), None for
routes and flights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from geo import vocab
from geo.boundaries import country_geometry
from geo.geometry import DECIMALS, line, oriented, point, position
from geo.models import Claim, Place
from geo.provenance import roots
from geo.records import claim_properties
from layers.geometry import Chain, dedupe_consecutive, great_circle, maximal_chains
from layers.names import local_language, local_name

#: Layer names in drawing order (bottom first).
LAYERS = vocab.LAYERS

#: Place kinds drawn as areas of uncertainty rather than pins.
AREA_KINDS = frozenset({"province", "country"})

#: Property names every feature carries, in order (crossings add CROSSING_FIELDS).
FEATURE_FIELDS = (
    "feature_id",
    "layer",
    "label",
    "place_ids",
    "place_names",
    "precision_m",
    "radius_m",
    "mode",
    "event_start",
    "event_end",
    "claim_ids",
    "types",
    "primary_type",
    "independent_sources",
    "conflict",
    "kind",
    "places",
    "claims",
)
CROSSING_FIELDS = ("other_side", "country", "admin1", "other_country", "other_admin1")


@dataclass
class _Bucket:
    """The claims gathered for one feature (in first-added order, no repeats)."""

    claims: dict[str, Claim] = field(default_factory=dict)

    def add(self, claim: Claim) -> None:
        self.claims.setdefault(claim.id, claim)


class _LayerBuilder:
    """Assigns claims to features and writes the FeatureCollections."""

    def __init__(self, dataset: Any):
        self.dataset = dataset
        self.places: Mapping[str, Place] = dataset.places
        self.order = {claim.id: i for i, claim in enumerate(dataset.claims)}
        self._props: dict[str, dict[str, Any]] = {}
        self._roots: dict[str, frozenset[str]] = {}
        self._conflicted: dict[str, bool] = {}
        self._position: dict[str, int] | None = None
        self._anchors: dict[str, str] = {}
        self._place_info: dict[str, dict[str, Any]] = {}
        self.crossings: dict[str, _Bucket] = {}
        self.sites: dict[str, _Bucket] = {}
        self.areas: dict[str, _Bucket] = {}
        self.route_claims: dict[Chain, _Bucket] = {}
        self.flights: dict[tuple[str, str], _Bucket] = {}
        self.flight_ends: dict[tuple[str, str], tuple[set[str], set[str]]] = {}

    # ------------------------------------------------------------ place helpers

    def anchor(self, place_id: str) -> str:
        """Return the place a crossing is drawn at (cached :meth:`_anchor`)."""
        if place_id not in self._anchors:
            self._anchors[place_id] = self._anchor(place_id)
        return self._anchors[place_id]

    def _anchor(self, place_id: str) -> str:
        """Return the place a crossing is drawn at: one id for both sides of the border.

        The side whose id ends in ``-crossing`` wins (the gazetteer's crossings,
        the Iraqi posts being ``*-post``); otherwise the side first in the gazetteer.
        """
        place = self.places[place_id]
        other = place.other_side
        if place.kind != "border_crossing" or not other or other not in self.places:
            return place_id
        sides = [place_id, other]
        named = [s for s in sides if s.endswith("-crossing")]
        if len(named) == 1:
            return named[0]
        if self._position is None:
            self._position = {pid: i for i, pid in enumerate(self.places)}
        position = self._position
        return min(sides, key=lambda s: (position.get(s, 0), s))

    def served(self, place_id: str) -> str:
        """Return the city an airport serves (the place itself otherwise)."""
        place = self.places[place_id]
        if place.kind == "airport" and place.serves and place.serves in self.places:
            return place.serves
        return place_id

    # ------------------------------------------------------------ assignment

    def add(self, claim: Claim) -> None:
        """Put one claim on every feature that draws it."""
        if not claim.places:
            return
        for pid in dict.fromkeys(claim.places):
            if self.places[pid].kind == "border_crossing":
                self.crossings.setdefault(self.anchor(pid), _Bucket()).add(claim)
        drawn = False
        if claim.is_route and claim.mode == "ground":
            chain = dedupe_consecutive(self.anchor(pid) for pid in claim.places)
            if len({tuple(position(self.places[pid])) for pid in chain}) >= 2:
                self.route_claims.setdefault(chain, _Bucket()).add(claim)
                drawn = True
        elif claim.is_route and claim.mode == "air":
            chain = dedupe_consecutive(claim.places)
            for origin, destination in zip(chain, chain[1:], strict=False):
                key = (self.served(origin), self.served(destination))
                if key[0] == key[1]:
                    continue
                self.flights.setdefault(key, _Bucket()).add(claim)
                ends = self.flight_ends.setdefault(key, (set(), set()))
                ends[0].add(origin)
                ends[1].add(destination)
                drawn = True
        if drawn:
            return
        for pid in dict.fromkeys(claim.places):
            kind = self.places[pid].kind
            if kind == "border_crossing":
                continue  # already on its crossing
            target = self.areas if kind in AREA_KINDS else self.sites
            target.setdefault(pid, _Bucket()).add(claim)

    # ------------------------------------------------------------ properties

    def props(self, claim: Claim) -> dict[str, Any]:
        """Return the claim's ``claim_properties`` (built once, shared by its features)."""
        if claim.id not in self._props:
            self._props[claim.id] = claim_properties(self.dataset, claim)
        return self._props[claim.id]

    def claim_roots(self, claim: Claim) -> frozenset[str]:
        """Return the independent origins behind the claim (cached per origin)."""
        if claim.origin not in self._roots:
            self._roots[claim.origin] = roots(claim.origin, self.dataset.sources)
        return self._roots[claim.origin]

    def conflicted(self, claim: Claim) -> bool:
        """Return whether any source reports the claim's figures or dates differently."""
        if claim.id not in self._conflicted:
            self._conflicted[claim.id] = bool(self.dataset.analysis.conflicts_for(claim.id))
        return self._conflicted[claim.id]

    def place_info(self, place_id: str) -> dict[str, Any]:
        """Return what the map draws and names of a place (cached, shared by its features)."""
        if place_id not in self._place_info:
            place = self.places[place_id]
            lon, lat = point(place)["coordinates"]
            self._place_info[place_id] = {
                "id": place.id,
                "name": place.name,
                "name_local": local_name(place),
                "lang": local_language(place),
                "kind": place.kind,
                "country": place.country,
                "lon": lon,
                "lat": lat,
            }
        return self._place_info[place_id]

    def feature(
        self,
        layer: str,
        key: str,
        label: str,
        geometry: dict[str, Any],
        place_ids: Iterable[str],
        bucket: _Bucket,
        mode: str | None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Return one GeoJSON Feature with the shared properties."""
        claims = sorted(
            bucket.claims.values(),
            key=lambda c: (c.event_start is None, c.event_start, self.order.get(c.id, 0)),
        )
        ids = list(dict.fromkeys(place_ids))
        precision = float(max(self.places[pid].precision_m for pid in ids))
        starts = [c.event_start for c in claims if c.event_start is not None]
        ends = [c.event_end for c in claims if c.event_end is not None]
        types = Counter(c.type for c in claims)
        origins: set[str] = set()
        for claim in claims:
            origins |= self.claim_roots(claim)
        properties: dict[str, Any] = {
            "feature_id": f"{layer}:{key}",
            "layer": layer,
            "label": label,
            "place_ids": ids,
            "place_names": [self.places[pid].name for pid in ids],
            "precision_m": precision,
            "radius_m": precision,
            "mode": mode,
            "event_start": min(starts).isoformat() if starts else None,
            "event_end": max(ends).isoformat() if ends else None,
            "claim_ids": [c.id for c in claims],
            "types": sorted(types),
            "primary_type": min(types, key=lambda t: (-types[t], t)),
            "independent_sources": len(origins),
            "conflict": any(self.conflicted(c) for c in claims),
            "kind": None if mode else self.places[ids[0]].kind,
            "places": [self.place_info(pid) for pid in ids],
            "claims": [self.props(c) for c in claims],
        }
        if extra:
            properties.update(extra)
        return {
            "type": "Feature",
            "id": properties["feature_id"],
            "geometry": geometry,
            "properties": properties,
        }

    # ------------------------------------------------------------ layers

    def crossing_features(self) -> list[dict[str, Any]]:
        """Return one point per crossing, both sides of the border as one feature."""
        features = []
        for pid, bucket in self.crossings.items():
            place = self.places[pid]
            other = self.places.get(place.other_side) if place.other_side else None
            extra = {
                "other_side": other.name if other else None,
                "country": place.country,
                "admin1": place.admin1,
                "other_country": other.country if other else None,
                "other_admin1": other.admin1 if other else None,
            }
            sides = [pid, other.id] if other else [pid]
            feature = self.feature(
                "crossings", pid, place.name, point(place), sides, bucket, None, extra
            )
            # Drawn at the crossing: its precision, not the other side's.
            feature["properties"]["precision_m"] = float(place.precision_m)
            feature["properties"]["radius_m"] = float(place.precision_m)
            features.append(feature)
        return features

    def point_features(self, layer: str, buckets: Mapping[str, _Bucket]) -> list[dict[str, Any]]:
        """Return one point feature per place of ``buckets`` in ``layer``."""
        return [
            self.feature(
                layer, pid, self.places[pid].name, point(self.places[pid]), [pid], bucket, None
            )
            for pid, bucket in buckets.items()
        ]

    def area_features(self) -> list[dict[str, Any]]:
        """Return provinces as points (drawn as circles) and countries as their outlines."""
        features = self.point_features("areas", self.areas)
        for feature in features:
            (pid,) = feature["properties"]["place_ids"]
            place = self.places[pid]
            if place.kind == "country":
                try:
                    # Natural Earth's rings run clockwise: RFC 7946 wants the reverse.
                    feature["geometry"] = oriented(country_geometry(place.country))
                except KeyError:
                    pass  # no outline known: keep the circle of uncertainty
        return features

    def route_features(self) -> list[dict[str, Any]]:
        """Return one line per maximal ground chain, with the claims of every chain along it."""
        along = maximal_chains(self.route_claims)
        merged: dict[Chain, _Bucket] = {}
        for chain, bucket in self.route_claims.items():
            for longest in along[chain]:
                target = merged.setdefault(longest, _Bucket())
                for claim in bucket.claims.values():
                    target.add(claim)
        features = []
        for chain, bucket in merged.items():
            stops = [self.places[pid] for pid in chain]
            label = " → ".join(p.name for p in stops)
            features.append(
                self.feature("routes", ">".join(chain), label, line(stops), chain, bucket, "ground")
            )
        return features

    def flight_features(self) -> list[dict[str, Any]]:
        """Return one great-circle arc per (origin, destination) pair of served places."""
        features = []
        for (origin, destination), bucket in self.flights.items():
            named_origins, named_destinations = self.flight_ends[(origin, destination)]
            start = next(iter(named_origins)) if len(named_origins) == 1 else origin
            end = next(iter(named_destinations)) if len(named_destinations) == 1 else destination
            a, b = self.places[start], self.places[end]
            geometry = {
                "type": "LineString",
                "coordinates": great_circle([a.lon, a.lat], [b.lon, b.lat]),
            }
            label = f"{self.places[origin].name} → {self.places[destination].name}"
            features.append(
                self.feature(
                    "flights",
                    f"{origin}>{destination}",
                    label,
                    geometry,
                    [start, end],
                    bucket,
                    "air",
                )
            )
        return features

    def collections(self) -> dict[str, dict[str, Any]]:
        """Return every layer as a FeatureCollection, features sorted by ``feature_id``."""
        built = {
            "areas": self.area_features(),
            "routes": self.route_features(),
            "flights": self.flight_features(),
            "crossings": self.crossing_features(),
            "sites": self.point_features("sites", self.sites),
        }
        return {
            name: {
                "type": "FeatureCollection",
                "features": sorted(built[name], key=lambda f: f["properties"]["feature_id"]),
            }
            for name in LAYERS
        }


def layer_collections(dataset: Any) -> dict[str, dict[str, Any]]:
    """Return the map layers as GeoJSON FeatureCollection dicts, in drawing order.

    Parameters
    ----------
    dataset : a ``geo.dataset.Dataset`` (or one narrowed with ``select``): its
        ``claims`` are drawn, its ``places`` give the coordinates.

    Returns
    -------
    dict
        Layer name (:data:`LAYERS`, in that order) -> ``{"type":
        "FeatureCollection", "features": [...]}``; every layer is present, empty
        or not. Features are sorted by ``feature_id``; their properties are
        :data:`FEATURE_FIELDS` (crossings add :data:`CROSSING_FIELDS`).
        Coordinates are ``[lon, lat]`` rounded to 6 decimals. A claim drawn on
        several features shares one ``claims`` dict between them: treat the
        result as read-only.
    """
    builder = _LayerBuilder(dataset)
    for claim in dataset.claims:
        builder.add(claim)
    return builder.collections()


def claim_layers(collections: Mapping[str, Mapping[str, Any]]) -> dict[str, list[str]]:
    """Return claim id -> the layers that draw it (for filters and tables).

    Parameters
    ----------
    collections : the result of :func:`layer_collections`.
    """
    found: dict[str, list[str]] = {}
    for name, collection in collections.items():
        for feature in collection["features"]:
            for cid in feature["properties"]["claim_ids"]:
                layers = found.setdefault(cid, [])
                if name not in layers:
                    layers.append(name)
    return found


#: Claim fields kept on the map when claim lists are cut to a budget (what a popup shows).
SLIM_CLAIM_FIELDS = (
    "claim_id", "type", "statement", "quote", "claimant", "source_id", "outlet", "url",
    "event_start", "event_end", "date_precision", "date_inferred", "published", "published_end",
    "status",
)  # fmt: skip


def within_budget(
    collections: Mapping[str, Mapping[str, Any]], budget: int
) -> dict[str, dict[str, Any]]:
    """Return the layers as they are, or with claim lists cut to a share of ``budget``.

    When the features together carry more than ``budget`` claim records, each keeps
    its first claims only (at least one) with the fields a popup shows first,
    ``claim_count`` says how many it has, and ``spans`` keeps every claim's
    ``[event_start, event_end, claim_id, published, published_end, date_inferred]``
    so that the map's date filter and its count of distinct claims stay exact.
    The input is not changed.
    """
    features = [f for c in collections.values() for f in c.get("features", ())]
    total = sum(len(f["properties"].get("claims") or ()) for f in features)
    if total <= budget:
        return {name: dict(coll) for name, coll in collections.items()}
    share = max(1, budget // max(len(features), 1))
    out: dict[str, dict[str, Any]] = {}
    for name, coll in collections.items():
        cut = []
        for feature in coll.get("features", ()):
            props = feature["properties"]
            claims = props.get("claims") or []
            slim = {
                **props,
                "claims": [{k: c.get(k) for k in SLIM_CLAIM_FIELDS} for c in claims[:share]],
                "claim_ids": list(props.get("claim_ids") or [])[:share],
                "claim_count": len(claims),
                "spans": [
                    [
                        c.get("event_start"),
                        c.get("event_end"),
                        c.get("claim_id"),
                        c.get("published"),
                        c.get("published_end"),
                        bool(c.get("date_inferred")),
                    ]
                    for c in claims
                ],
            }
            cut.append({**feature, "properties": slim})
        out[name] = {**coll, "features": cut}
    return out


__all__ = [
    "AREA_KINDS",
    "CROSSING_FIELDS",
    "DECIMALS",
    "FEATURE_FIELDS",
    "LAYERS",
    "SLIM_CLAIM_FIELDS",
    "claim_layers",
    "layer_collections",
    "within_budget",
]
