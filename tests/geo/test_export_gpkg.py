"""GeoPackage export: a claims layer like the GeoJSON export's features, and a places layer."""

from __future__ import annotations

import json
from pathlib import Path

import pyogrio
import pytest

from geo.exports import select_window
from geo.exports.geojson import feature_collection
from geo.exports.gpkg import to_gpkg, write_gpkg
from tests.dataset_factory import sample_dataset


def test_layers_hold_the_geojson_features_and_the_places(tmp_path: Path) -> None:
    dataset = sample_dataset()
    path = write_gpkg(dataset, tmp_path / "claims.gpkg")
    assert [tuple(layer) for layer in pyogrio.list_layers(path)] == [
        ("claims", "Unknown"),
        ("places", "Point"),
    ]
    claims = pyogrio.read_dataframe(path, layer="claims")
    features = feature_collection(dataset)["features"]
    assert claims.crs.to_epsg() == 4326
    assert list(claims["feature_id"]) == [f["id"] for f in features]
    first = features[0]["properties"]
    assert json.loads(claims["place_ids"][0]) == first["place_ids"]
    assert json.loads(claims["quantities"][0]) == first["quantities"]
    assert claims["statement"][0] == first["statement"]
    assert set(claims.geom_type) == {"Point", "LineString"}
    route = claims[claims.geom_type == "LineString"].iloc[0]
    assert route["place_id"] is None or route["place_id"] != route["place_id"]  # null (NaN)
    places = pyogrio.read_dataframe(path, layer="places")
    assert list(places["place_id"]) == list(dataset.places)
    assert places.geometry[0].x == pytest.approx(dataset.places["shalamcheh-crossing"].lon)


def test_hostile_text_is_kept_as_text(tmp_path: Path) -> None:
    dataset = sample_dataset()
    path = write_gpkg(dataset, tmp_path / "c.gpkg")
    claims = pyogrio.read_dataframe(path, layer="claims", columns=["claim_id", "statement"])
    statements = dict(zip(claims["claim_id"], claims["statement"], strict=True))
    assert all(statements[c.id] == c.statement for c in dataset.claims if c.id in statements)


def test_an_empty_window_writes_empty_layers(tmp_path: Path) -> None:
    import datetime as dt

    empty = select_window(sample_dataset(), dt.date(2030, 1, 1), None)
    path = write_gpkg(empty, tmp_path / "empty.gpkg")
    assert len(pyogrio.read_dataframe(path, layer="claims")) == 0
    assert len(pyogrio.read_dataframe(path, layer="places")) > 0


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "c.gpkg"
    target.write_bytes(b"old")
    write_gpkg(sample_dataset(), target)
    assert pyogrio.list_layers(target).shape[0] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["c.gpkg"]


def test_in_memory_build_is_a_geopackage(tmp_path: Path) -> None:
    data = to_gpkg(sample_dataset())
    assert data[:16] == b"SQLite format 3\x00"
    (tmp_path / "x.gpkg").write_bytes(data)
    assert pyogrio.list_layers(tmp_path / "x.gpkg").shape[0] == 2
