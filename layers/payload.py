"""The map's data as the browser reads it: compact columns to draw, claim details on demand.

``map_payload(collections)`` turns the layer collections (``layers.features``)
into what ``ClaimMap.init`` reads:

- ``places``: every place the features name, once, as columns (``id``,
  ``name``, ``local``, ``lang``, ``kind``, ``xy``): the labels on the map;
- ``claims``: every claim once, as columns the map filters on (``id``, ``type``
  index, event and publication days, ``inferred``), and its details (the
  ``geo.records.claim_properties`` dicts) in ``details``: chunks of
  :data:`CHUNK` claims, each gzip-compressed JSON in base64, decoded by the
  browser only when a popup needs one;
- ``layers``: per layer, one column per property (``id``, ``label``, ``kind``,
  ``type``, ``claims`` (claim indices), ``places`` (place indices), ``radius``,
  ``count``, ``sources``, ``conflict``; ``other``: a crossing's other side and its
  country, by feature index) and the geometry: ``xy`` (the anchor of
  every feature), ``lines`` (a route's or flight's points) and ``shapes``
  (country outlines as GeoJSON geometries, by feature index).

Nothing is said twice: kinds of place and claim types are indices into
``kinds`` and ``types``; a list of one claim or place is that index alone; a
point feature's ``id`` is null when it is ``layer:place id``, its ``label`` null
when it is its place's name, and a layer's ``xy`` null when every anchor is its
first place. Coordinates are integers of 1e-5 degree (about a metre); days
count from ``claims.day0`` (days since 1970-01-01). :func:`feature_rows` reads
a layer back. At 100,000 features the page is a fifth of a GeoJSON one, and
nothing of a claim's words is parsed before the map is drawn (``bench/bench_export``).

:func:`stories_payload` gives the stories an exported map carries (its story
panel, ``story.js``): each step with its window, the extent to show and its
claims, those outside the exported selection marked ``in_view: false``.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from geo.models import Place
    from geo.stories import Story, StoryStep

#: Claims per compressed details chunk (a popup decodes one chunk, about 20 KB).
CHUNK = 256
#: Coordinates are sent as integers of this many degrees.
SCALE = 100_000
_EPOCH = dt.date(1970, 1, 1)


def day_number(iso: str | None) -> int | None:
    """Return an ISO date as days since 1970-01-01 (None for None)."""
    return None if not iso else (dt.date.fromisoformat(iso[:10]) - _EPOCH).days


def fixed(value: float) -> int:
    """Return a coordinate as an integer of 1e-5 degree."""
    return round(value * SCALE)


def flat(positions: Iterable[Iterable[float]]) -> list[int]:
    """Return ``[[lon, lat], ...]`` as ``[lon, lat, lon, lat, ...]`` integers."""
    return [fixed(v) for pos in positions for v in list(pos)[:2]]


def compress(obj: Any) -> str:
    """Return ``obj`` as gzip-compressed JSON text in base64 (reproducible: no timestamp)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 6, mtime=0)).decode("ascii")


def decompress(text: str) -> Any:
    """Return what :func:`compress` packed."""
    return json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))


class _Table:
    """Rows added once by key, kept as columns."""

    def __init__(self, *columns: str) -> None:
        self.index: dict[Any, int] = {}
        self.columns: dict[str, list[Any]] = {name: [] for name in columns}

    def add(self, key: Any, row: Mapping[str, Any]) -> int:
        if key not in self.index:
            self.index[key] = len(self.index)
            for name, column in self.columns.items():
                column.append(row.get(name))
        return self.index[key]


class _Builder:
    """Collects the places, claims and feature columns of every layer."""

    def __init__(self) -> None:
        self.places = _Table("id", "name", "local", "lang", "kind", "x", "y")
        self.claims = _Table("id", "type", "es", "ee", "ps", "pe", "inferred")
        self.details: list[Any] = []
        self.types: dict[str, int] = {}
        self.kinds: dict[str, int] = {}

    def type_index(self, name: str | None) -> int:
        return self.types.setdefault(name or "unknown", len(self.types))

    def kind_index(self, name: str | None) -> int | None:
        return None if name is None else self.kinds.setdefault(name, len(self.kinds))

    def claim(self, c: Mapping[str, Any] | list[Any], full: bool) -> int:
        """Add a claim (its properties, or a span of a feature cut to a budget)."""
        if isinstance(
            c, list
        ):  # [event_start, event_end, claim_id, published, published_end, inferred]
            row = {"id": c[2], "es": c[0], "ee": c[1], "ps": c[3], "pe": c[4], "inferred": c[5]}
            details = None
        else:
            row = {
                "id": c.get("claim_id"),
                "type": c.get("type"),
                "es": c.get("event_start"),
                "ee": c.get("event_end"),
                "ps": c.get("published"),
                "pe": c.get("published_end"),
                "inferred": c.get("date_inferred"),
            }
            details = dict(c) if full else None
        key = row["id"] if row["id"] is not None else ("anonymous", len(self.details))
        before = len(self.claims.index)
        index = self.claims.add(
            key,
            {
                **row,
                "type": self.type_index(row.get("type")) if row.get("type") else None,
                "es": day_number(row["es"]),
                "ee": day_number(row["ee"]),
                "ps": day_number(row["ps"]),
                "pe": day_number(row["pe"]),
                "inferred": 1 if row["inferred"] else 0,
            },
        )
        if len(self.claims.index) > before:
            self.details.append(details)
        elif details is not None and self.details[index] is None:
            self.details[index] = details  # known first from a span, now with its words
            self.claims.columns["type"][index] = self.type_index(details.get("type"))
        return index

    def place(self, info: Mapping[str, Any]) -> int:
        return self.places.add(
            info["id"],
            {
                "id": info["id"],
                "name": info.get("name"),
                "local": info.get("name_local"),
                "lang": info.get("lang"),
                "kind": self.kind_index(info.get("kind")),
                "x": fixed(info["lon"]),
                "y": fixed(info["lat"]),
            },
        )

    def feature_claims(self, props: Mapping[str, Any]) -> list[int]:
        """Claim indices of a feature: every span when cut to a budget, else every claim."""
        claims = props.get("claims") or []
        if not isinstance(props.get("spans"), list):
            return [self.claim(c, full=True) for c in claims]
        for c in claims:  # the claims it carries (with their words) first
            self.claim(c, full=True)
        return [self.claim(list(s), full=False) for s in props["spans"]]

    def layer(self, name: str, features: list[Mapping[str, Any]]) -> dict[str, Any]:
        """Return one layer's columns."""
        out: dict[str, Any] = {
            key: []
            for key in (
                "id", "label", "kind", "type", "claims", "places", "radius", "count",
                "sources", "conflict", "xy", "lines",
            )
        }  # fmt: skip
        shapes: dict[str, Any] = {}
        others: dict[str, list[Any]] = {}
        for i, feature in enumerate(features):
            props = feature["properties"]
            claim_ids = self.feature_claims(props)
            places = props.get("places") or ()
            first = places[0]["id"] if places else None
            out["id"].append(
                None if props["feature_id"] == f"{name}:{first}" else props["feature_id"]
            )
            # A point's label is its place's name: sent once, with the place.
            named = len(places) == 1 and places[0].get("name") == props.get("label")
            out["label"].append(None if named else props.get("label"))
            out["kind"].append(self.kind_index(props.get("kind")))
            out["type"].append(self.type_index(props.get("primary_type")))
            out["claims"].append(_one_or_list(claim_ids))
            out["places"].append(_one_or_list([self.place(p) for p in places]))
            out["radius"].append(round(float(props.get("radius_m") or 0)))
            out["count"].append(int(props.get("claim_count") or len(claim_ids)))
            out["sources"].append(props.get("independent_sources"))
            out["conflict"].append(1 if props.get("conflict") else 0)
            if props.get("other_side"):  # a crossing: the other side of the border, by name
                others[str(i)] = [props["other_side"], props.get("other_country")]
            self.geometry(feature["geometry"], i, out, shapes)
        if not any(out["lines"]):
            del out["lines"]
        if self.anchors_are_places(out):
            out["xy"] = None
        if shapes:
            out["shapes"] = shapes
        if others:
            out["other"] = others
        return out

    @staticmethod
    def geometry(geom: Mapping[str, Any], i: int, out: dict[str, Any], shapes: dict) -> None:
        """Add a feature's anchor (and its line or outline) to its layer's columns."""
        kind, coords = geom["type"], geom["coordinates"]
        line: list[list[int]] | None = None
        if kind == "Point":
            anchor = coords
        elif kind == "LineString":
            line = [flat(coords)]
            anchor = coords[len(coords) // 2]
        elif kind == "MultiLineString":
            line = [flat(part) for part in coords]
            anchor = coords[0][len(coords[0]) // 2]
        else:  # Polygon / MultiPolygon: a country's outline, drawn as it is
            shapes[str(i)] = geom
            ring = coords[0] if kind == "Polygon" else max(coords, key=lambda p: len(p[0]))[0]
            xs, ys = [c[0] for c in ring], [c[1] for c in ring]
            anchor = [(min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2]
        out["xy"] += [fixed(anchor[0]), fixed(anchor[1])]
        out["lines"].append(line)

    def anchors_are_places(self, out: dict[str, Any]) -> bool:
        """Whether every feature of a layer is drawn at its first place (its xy then goes)."""
        xs, ys = self.places.columns["x"], self.places.columns["y"]
        for i, places in enumerate(out["places"]):
            first = places if isinstance(places, int) else (places[0] if places else None)
            if first is None or (xs[first], ys[first]) != tuple(out["xy"][2 * i : 2 * i + 2]):
                return False
        return bool(out["places"])

    def claims_payload(self) -> dict[str, Any]:
        columns = dict(self.claims.columns)
        days = [d for key in ("es", "ee", "ps", "pe") for d in columns[key] if d is not None]
        day0 = min(days, default=0)
        for key in ("es", "ee", "ps", "pe"):
            columns[key] = [None if d is None else d - day0 for d in columns[key]]
        chunks = [
            compress(self.details[start : start + CHUNK])
            for start in range(0, len(self.details), CHUNK)
        ]
        return {**columns, "day0": day0, "chunk": CHUNK, "details": chunks}

    def places_payload(self) -> dict[str, Any]:
        cols = self.places.columns
        xy = [v for pair in zip(cols.pop("x"), cols.pop("y"), strict=True) for v in pair]
        return {**cols, "xy": xy}


def map_payload(collections: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Return the layers as the compact payload ``ClaimMap.init`` reads (see the module doc).

    Parameters
    ----------
    collections : layer name -> FeatureCollection (``layers.features`` schema;
        features cut by ``within_budget`` keep every claim's dates through ``spans``).
    """
    builder = _Builder()
    layers = {
        name: builder.layer(name, list(collection.get("features", ())))
        for name, collection in collections.items()
    }
    return {
        "scale": SCALE,
        "types": list(builder.types),
        "kinds": list(builder.kinds),
        "places": builder.places_payload(),
        "claims": builder.claims_payload(),
        "layers": layers,
    }


def _one_or_list(indices: list[int]) -> int | list[int]:
    return indices[0] if len(indices) == 1 else indices


def _as_list(value: int | list[int]) -> list[int]:
    return [value] if isinstance(value, int) else list(value)


def feature_rows(payload: Mapping[str, Any], name: str) -> list[dict[str, Any]]:
    """Read one layer of a payload back as one dict per feature (for tests and tools).

    Each has ``id``, ``label``, ``kind``, ``type``, ``claims`` and ``places`` (lists
    of indices), ``radius``, ``count``, ``xy`` ([lon, lat] integers).
    """
    cols, places = payload["layers"][name], payload["places"]
    kinds, types = payload["kinds"], payload["types"]
    rows = []
    for i in range(len(cols["id"])):
        own = _as_list(cols["places"][i])
        xy = (
            cols["xy"][2 * i : 2 * i + 2]
            if cols["xy"]
            else places["xy"][2 * own[0] : 2 * own[0] + 2]
        )
        kind = cols["kind"][i]
        rows.append(
            {
                "id": cols["id"][i] or f"{name}:{places['id'][own[0]]}",
                "label": cols["label"][i] or places["name"][own[0]],
                "kind": None if kind is None else kinds[kind],
                "type": types[cols["type"][i]],
                "claims": _as_list(cols["claims"][i]),
                "places": own,
                "radius": cols["radius"][i],
                "count": cols["count"][i],
                "xy": xy,
            }
        )
    return rows


def claim_details(payload: Mapping[str, Any]) -> list[Any]:
    """Return every claim's details from a payload, in claim index order (for tests and tools)."""
    out: list[Any] = []
    for chunk in payload["claims"]["details"]:
        out += decompress(chunk)
    return out


#: Metres per degree of latitude (to widen a step's extent by how precisely a place is known).
_M_PER_DEGREE = 111_320.0


def step_extent(step: StoryStep, places: Mapping[str, Place]) -> list[float] | None:
    """Return what a story step shows, ``[west, south, east, north]`` in degrees.

    The step's ``bbox`` when it has one; else the box around its places, each
    widened by its ``precision_m`` (a province shows whole, a crossing as a point).
    None when none of its places is in ``places``.
    """
    if step.bbox is not None:
        return [float(v) for v in step.bbox]
    boxes = []
    for pid in step.places:
        place = places.get(pid)
        if place is None:
            continue
        dlat = place.precision_m / _M_PER_DEGREE
        dlon = dlat / max(math.cos(math.radians(place.lat)), 0.01)
        boxes.append((place.lon - dlon, place.lat - dlat, place.lon + dlon, place.lat + dlat))
    if not boxes:
        return None
    west, south, east, north = (
        max(-180.0, min(b[0] for b in boxes)),
        max(-85.0, min(b[1] for b in boxes)),
        min(180.0, max(b[2] for b in boxes)),
        min(85.0, max(b[3] for b in boxes)),
    )
    return [round(v, 5) for v in (west, south, east, north)]


def stories_payload(stories: Iterable[Story], dataset: Dataset) -> list[dict[str, Any]]:
    """Return the stories as an exported map carries them (``options.stories``).

    Each story is ``geo.stories.story_properties`` with, per step, ``extent``
    (:func:`step_extent`) and its claims as ``{"id", "in_view", "statement"}``:
    ``in_view`` is False for a claim the export left out ("not in this view"),
    whose statement is then None. Every string is sent as data, shown as text.
    """
    from geo.stories import story_properties

    claims = {c.id: c for c in dataset.claims}
    out = []
    for story in stories:
        data = story_properties(story)
        for step, props in zip(story.steps, data["steps"], strict=True):
            props["extent"] = step_extent(step, dataset.places)
            props["claims"] = [
                {
                    "id": cid,
                    "in_view": cid in claims,
                    "statement": claims[cid].statement if cid in claims else None,
                }
                for cid in step.claims
            ]
        out.append(data)
    return out
