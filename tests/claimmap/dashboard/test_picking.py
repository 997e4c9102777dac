"""geo.mapclick: which map feature a click picks; features by id, layers hidden, labels."""

from __future__ import annotations

import pytest

from claimmap.dashboard import picking as mapclick
from geo.dataset import load_dataset
from layers.features import layer_collections
from tests.paths import ROOT  # noqa: E402


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


def _point(fid, layer, lon, lat, radius=0.0, label=""):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"feature_id": fid, "layer": layer, "radius_m": radius, "label": label},
    }


def _collections(*features):
    return {"all": {"type": "FeatureCollection", "features": list(features)}}


def test_pick_prefers_a_point_hit_over_the_area_around_it():
    crossing = _point("crossings:x", "crossings", 45.0, 34.0, 4000, "X crossing")
    province = _point("areas:p", "areas", 45.2, 34.1, 100_000, "P province")
    collections = _collections(province, crossing)
    assert mapclick.pick_feature(collections, 34.0, 45.0) == "crossings:x"
    # well inside the province but far from the crossing: the province
    assert mapclick.pick_feature(collections, 34.6, 45.3) == "areas:p"
    # nowhere near anything
    assert mapclick.pick_feature(collections, 10.0, 10.0) is None


def test_pick_nested_areas_and_outlines():
    small = _point("areas:small", "areas", 45.0, 34.0, 50_000)
    square = {
        "type": "Feature",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[40, 30], [50, 30], [50, 38], [40, 38], [40, 30]]],
        },
        "properties": {"feature_id": "areas:country", "layer": "areas", "radius_m": 600_000},
    }
    collections = _collections(square, small)
    assert mapclick.pick_feature(collections, 34.1, 45.1) == "areas:small"
    assert mapclick.pick_feature(collections, 31.0, 41.0) == "areas:country"
    assert mapclick.pick_feature(collections, 25.0, 45.0) is None  # 500 km south of the outline


def test_pick_lines_and_tooltips():
    route = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[44.0, 32.0], [48.0, 32.0]]},
        "properties": {"feature_id": "routes:a>b", "layer": "routes", "label": "A → B"},
    }
    other = _point("sites:c", "sites", 46.0, 32.05, 0, "C")
    collections = _collections(route, other)
    assert mapclick.pick_feature(collections, 32.01, 45.0) == "routes:a>b"
    # the tooltip names the route: it wins even though the site is nearer
    assert mapclick.pick_feature(collections, 32.05, 46.0, "A → B\n3 claims") == "routes:a>b"


def test_pick_every_curated_feature_at_its_own_anchor(dataset):
    collections = layer_collections(dataset)
    for name in ("crossings", "sites"):
        for feature in collections[name]["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            label = feature["properties"]["label"]
            picked = mapclick.pick_feature(collections, lat, lon, label)
            assert picked == feature["properties"]["feature_id"]


def test_features_by_id_and_only_layers(dataset):
    collections = layer_collections(dataset)
    features = mapclick.features_by_id(collections)
    assert len(features) == sum(len(c["features"]) for c in collections.values())
    assert all(f["properties"]["feature_id"] == fid for fid, f in features.items())
    assert mapclick.only_layers(collections, None) == collections
    flights = mapclick.only_layers(collections, ("flights",))
    assert list(flights) == list(collections)  # every layer still listed
    assert flights["flights"]["features"] == collections["flights"]["features"]
    assert all(not c["features"] for name, c in flights.items() if name != "flights")
    assert collections["crossings"]["features"], "the input is left as it was"


def test_feature_label_names_layer_and_counts_claims():
    feature = _point("crossings:x", "crossings", 45.0, 34.0, 0, "X crossing")
    feature["properties"]["claim_ids"] = ["a", "b"]
    assert mapclick.feature_label(feature, {"crossings": "Border crossings"}) == (
        "X crossing · Border crossings · 2 claims"
    )
    feature["properties"]["claim_ids"] = ["a"]
    assert mapclick.feature_label(feature) == "X crossing · crossings · 1 claim"
