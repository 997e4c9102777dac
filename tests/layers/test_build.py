from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import shape

from layers.build import CRS, build_layers, columns
from layers.features import CROSSING_FIELDS, FEATURE_FIELDS, LAYERS, layer_collections
from tests.dataset_factory import make_dataset, sample_dataset


@pytest.fixture(scope="module")
def frames() -> dict[str, gpd.GeoDataFrame]:
    return build_layers(sample_dataset())


def test_one_geodataframe_per_layer_in_drawing_order(frames: dict) -> None:
    assert tuple(frames) == LAYERS
    for name, frame in frames.items():
        assert isinstance(frame, gpd.GeoDataFrame)
        assert frame.crs is not None and frame.crs.to_epsg() == 4326, name
        assert list(frame.columns) == [*columns(name), "geometry"]


def test_columns_are_the_feature_schema() -> None:
    assert columns("sites") == FEATURE_FIELDS
    assert columns("crossings") == FEATURE_FIELDS + CROSSING_FIELDS


def test_rows_match_the_plain_collections(frames: dict) -> None:
    collections = layer_collections(sample_dataset())
    for name in LAYERS:
        features = collections[name]["features"]
        frame = frames[name]
        assert len(frame) == len(features) > 0
        assert frame["feature_id"].tolist() == [f["properties"]["feature_id"] for f in features]
        assert frame["claim_ids"].tolist() == [f["properties"]["claim_ids"] for f in features]
        for geom, feature in zip(frame.geometry, features, strict=True):
            assert geom.equals(shape(feature["geometry"]))


def test_geometry_types(frames: dict) -> None:
    assert set(frames["crossings"].geom_type) == {"Point"}
    assert set(frames["routes"].geom_type) == {"LineString"}
    assert set(frames["flights"].geom_type) == {"LineString"}
    # Provinces are centres with a radius; a whole country is its outline.
    assert set(frames["areas"].geom_type) == {"Point", "MultiPolygon"}
    points = [frame for name, frame in frames.items() if name != "areas"]
    points.append(frames["areas"][frames["areas"].geom_type == "Point"])
    bounds = gpd.pd.concat(points).total_bounds
    # Iraq and Iran: lon 44..60, lat 30..37.
    assert 40 < bounds[0] and bounds[2] < 61 and 29 < bounds[1] and bounds[3] < 38


def test_empty_layers_keep_their_columns_and_crs() -> None:
    frames = build_layers(make_dataset(claims=[]))
    for name, frame in frames.items():
        assert len(frame) == 0
        assert list(frame.columns) == [*columns(name), "geometry"]
        assert frame.crs == CRS


def test_frames_can_be_queried_spatially(frames: dict) -> None:
    # Which sites lie within 150 km of Shalamcheh? (a metric CRS, UTM 38N)
    crossings = frames["crossings"].to_crs(32638)
    shalamcheh = crossings[crossings["feature_id"] == "crossings:shalamcheh-crossing"]
    near = frames["sites"].to_crs(32638).sjoin_nearest(shalamcheh, max_distance=150_000)
    assert set(near["feature_id_left"]) == {"sites:ahvaz", "sites:ahvaz-assembly-base"}
