"""geo.exports.frames and Dataset.to_geodataframe: claims and places for notebooks."""

from __future__ import annotations

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import shape

from geo.exports.frames import CRS, claims_frame, places_frame
from geo.exports.geojson import GEOMETRY_FIELDS, claim_features
from geo.records import CLAIM_FIELDS, DOCUMENT_FIELDS, claim_properties
from tests.dataset_factory import make_dataset, sample_dataset


@pytest.fixture(scope="module")
def frame() -> gpd.GeoDataFrame:
    return sample_dataset().to_geodataframe()


def test_one_row_per_claim_geometry_in_wgs84(frame: gpd.GeoDataFrame) -> None:
    features = list(claim_features(sample_dataset()))
    assert isinstance(frame, gpd.GeoDataFrame)
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert frame.index.tolist() == [f["id"] for f in features]
    for geom, feature in zip(frame.geometry, features, strict=True):
        assert geom.equals(shape(feature["geometry"]))
    assert list(frame.columns) == [
        *CLAIM_FIELDS,
        *DOCUMENT_FIELDS,
        "window_match",
        *GEOMETRY_FIELDS,
        "geometry",
    ]
    assert set(frame.geom_type) == {"Point", "LineString"}


def test_claim_fields_name_every_property() -> None:
    dataset = sample_dataset()
    for claim in dataset.claims:
        assert tuple(claim_properties(dataset, claim)) == CLAIM_FIELDS


def test_lists_stay_lists(frame: gpd.GeoDataFrame) -> None:
    assert all(isinstance(v, list) for v in frame["actors"])
    assert all(isinstance(v, list) for v in frame["quantities"])


def test_empty_views_keep_their_columns_and_crs() -> None:
    empty = claims_frame(make_dataset(claims=[]))
    assert len(empty) == 0
    assert list(empty.columns) == [*CLAIM_FIELDS, *DOCUMENT_FIELDS, *GEOMETRY_FIELDS, "geometry"]
    assert empty.crs == CRS


def test_places_frame_is_the_gazetteer() -> None:
    dataset = sample_dataset()
    places = places_frame(dataset.places)
    assert places.index.tolist() == list(dataset.places)
    for pid, row in places.iterrows():
        assert (row.geometry.x, row.geometry.y) == (
            dataset.places[pid].lon,
            dataset.places[pid].lat,
        )
    assert places.crs.to_epsg() == 4326


def test_frames_can_be_queried_spatially() -> None:
    # Which claim points lie within 150 km of Shalamcheh? (a metric CRS, UTM 38N)
    dataset = sample_dataset()
    places = places_frame(dataset.places).to_crs(32638)
    points = dataset.to_geodataframe()
    points = points[points.geom_type == "Point"].to_crs(32638)
    shalamcheh = places.loc[["shalamcheh-crossing"]]
    near = points.sjoin_nearest(shalamcheh, max_distance=150_000)
    geod = Geod(ellps="WGS84")
    here = dataset.places["shalamcheh-crossing"]
    expected = {
        pid
        for pid in points["place_id"]
        if geod.inv(here.lon, here.lat, dataset.places[pid].lon, dataset.places[pid].lat)[2]
        < 149_000  # UTM distances differ from geodesic ones by well under 1 %
    }
    assert expected and expected <= set(near["place_id_left"])
    assert "tehran" not in set(near["place_id_left"])
