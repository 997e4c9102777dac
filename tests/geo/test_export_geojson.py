from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest

from geo.dataset import load_dataset
from geo.exports import ExportFilter, select_window
from geo.exports.geojson import feature_collection, to_geojson, write_geojson
from geo.models import Quantity
from geo.records import EXPORT_FIELDS
from tests.dataset_factory import PLACES, claim, make_dataset, place, sample_dataset

D = dt.date
BY_ID = {p.id: p for p in PLACES}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"not valid JSON: {name}")


def load_strict(text: str) -> dict[str, Any]:
    """Parse JSON, refusing NaN and Infinity (Python's json accepts them by default)."""
    return json.loads(text, parse_constant=_reject_constant)


def check_position(pos: Any) -> None:
    assert isinstance(pos, list) and len(pos) == 2, pos
    lon, lat = pos
    assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos)
    assert math.isfinite(lon) and math.isfinite(lat)
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert round(lon, 6) == lon and round(lat, 6) == lat


def check_rfc7946(collection: dict[str, Any]) -> None:
    """The parts of RFC 7946 this export can get wrong."""
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert isinstance(collection["features"], list)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        assert isinstance(feature.get("id"), str | int)
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert "crs" not in geometry
        if geometry["type"] == "Point":
            check_position(geometry["coordinates"])
        else:
            assert geometry["type"] == "LineString"
            assert len(geometry["coordinates"]) >= 2
            for pos in geometry["coordinates"]:
                check_position(pos)


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    return load_strict(to_geojson(sample_dataset()))


def test_valid_rfc7946(exported: dict[str, Any]) -> None:
    check_rfc7946(exported)


def test_properties_hold_the_contract_fields(exported: dict[str, Any]) -> None:
    for feature in exported["features"]:
        props = feature["properties"]
        assert list(props)[: len(EXPORT_FIELDS)] == list(EXPORT_FIELDS)
        for name in ("actors", "quantities", "place_ids", "conflicts"):
            assert isinstance(props[name], list)
        for name in ("claim_id", "type", "statement", "quote", "claimant", "source_id", "outlet"):
            assert isinstance(props[name], str) and props[name]
        assert props["event_start"] is None or dt.date.fromisoformat(props["event_start"])
        for name in ("group", "independent_sources", "conflicts", "grade", "url"):
            assert name in props
        assert {"place_id", "place_name", "precision_m"} <= set(props)


def test_one_feature_per_claim_geometry(exported: dict[str, Any]) -> None:
    dataset = sample_dataset()
    by_claim: dict[str, list[dict[str, Any]]] = {}
    for feature in exported["features"]:
        by_claim.setdefault(feature["properties"]["claim_id"], []).append(feature)
    assert set(by_claim) == {c.id for c in dataset.claims if c.places}
    for c in dataset.claims:
        if not c.places:
            continue
        feats = by_claim[c.id]
        if c.is_route:
            assert [f["geometry"]["type"] for f in feats] == ["LineString"]
            assert feats[0]["properties"]["place_id"] is None
        else:
            assert [f["properties"]["place_id"] for f in feats] == list(dict.fromkeys(c.places))
            assert {f["geometry"]["type"] for f in feats} == {"Point"}
    # Three provinces: three points, ids made unique.
    assert [f["id"] for f in by_claim["three-provinces"]] == [
        "three-provinces@diyala-province",
        "three-provinces@maysan-province",
        "three-provinces@iran",
    ]
    assert len({f["id"] for f in exported["features"]}) == len(exported["features"])


def test_coordinates_are_lon_lat(exported: dict[str, Any]) -> None:
    baghdad = next(f for f in exported["features"] if f["id"] == "qaani-baghdad")
    assert baghdad["geometry"]["coordinates"] == [44.40088, 33.34058]
    route = next(f for f in exported["features"] if f["id"] == "iyad-route")
    assert route["geometry"]["coordinates"] == [[47.7804, 30.50852], [48.02, 30.49]]
    assert route["properties"]["place_name"] == "Basra → Shalamcheh crossing"


def test_coordinates_are_rounded_to_six_decimals() -> None:
    precise = place("spot", "A spot", "site", "IR", 31.123456789, 48.987654321)
    dataset = make_dataset(places=[*PLACES, precise], claims=[claim("c", places=("spot",))])
    feature = load_strict(to_geojson(dataset))["features"][0]
    assert feature["geometry"]["coordinates"] == [48.987654, 31.123457]


def test_text_survives_exactly(tmp_path: Path) -> None:
    tricky = 'Arabic: شلمچه "quoted" </script><b>&amp; \\ back\nslash'
    dataset = make_dataset(claims=[claim("c", places=("basra",), statement=tricky, quote=tricky)])
    write_geojson(dataset, tmp_path / "x.geojson")
    text = (tmp_path / "x.geojson").read_text(encoding="utf-8")
    assert "شلمچه" in text  # UTF-8, not \u escapes
    props = load_strict(text)["features"][0]["properties"]
    assert props["statement"] == props["quote"] == tricky
    frame = gpd.read_file(tmp_path / "x.geojson")
    assert frame["statement"].iloc[0] == tricky


def test_round_trip_through_geopandas_keeps_every_claim_id(tmp_path: Path) -> None:
    dataset = sample_dataset()
    path = write_geojson(dataset, tmp_path / "claims.geojson")
    frame = gpd.read_file(path, engine="pyogrio")
    assert frame.crs.to_epsg() == 4326
    assert set(frame["claim_id"]) == {c.id for c in dataset.claims if c.places}
    assert len(frame) == len(feature_collection(dataset)["features"])
    assert set(frame.geom_type) == {"Point", "LineString"}
    row = frame.set_index("id").loc["qaani-baghdad"]
    assert (row.geometry.x, row.geometry.y) == (44.40088, 33.34058)


def test_empty_export_is_a_valid_empty_collection(tmp_path: Path) -> None:
    path = write_geojson(make_dataset(claims=[]), tmp_path / "empty.geojson")
    collection = load_strict(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and collection["features"] == []
    assert collection["claimmap"]["filter"] == {"start": None, "end": None, "as_of": None}


def test_a_failure_midway_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    # NaN no longer passes the model: built unchecked, to make the writer fail midway
    bad = Quantity.model_construct(what="fighters", qualifier="exact", value=float("nan"), text="?")
    claims = [
        *(claim(f"ok-{i}", places=("basra",)) for i in range(50)),
        claim("bad", places=("basra",), quantities=(bad,)),
    ]
    target = tmp_path / "claims.geojson"
    target.write_text("old export", encoding="utf-8")
    with pytest.raises(ValueError, match="Out of range float"):
        write_geojson(make_dataset(claims=claims), target)
    assert target.read_text(encoding="utf-8") == "old export"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.geojson"]


@pytest.mark.parametrize(
    ("start", "end", "kept"),
    [
        (D(2026, 1, 8), None, True),  # window starts on the claim's last day
        (None, D(2026, 1, 6), True),  # window ends on the claim's first day
        (D(2026, 1, 9), None, False),  # window starts the day after
        (None, D(2026, 1, 5), False),  # window ends the day before
        (D(2026, 1, 7), D(2026, 1, 7), True),  # one day inside the range
    ],
)
def test_window_edges(start: dt.date | None, end: dt.date | None, kept: bool) -> None:
    # qaani-baghdad is dated Jan 6-8.
    selected = select_window(sample_dataset(), start, end)
    window = ExportFilter(start=start, end=end)
    props = {
        f["properties"]["claim_id"]: f["properties"]
        for f in feature_collection(selected, window)["features"]
    }
    assert ("qaani-baghdad" in props) is kept
    if kept:  # each window cuts through Jan 6-8: the claim only possibly lies in it
        assert props["qaani-baghdad"]["window_match"] == "possible"
    # Undated, in a document published 2026-01-08..02-28: it may lie anywhere up to then.
    assert props["assembly"]["window_match"] == "possible"
    assert props["assembly"]["published_end"] == "2026-02-28"


def test_an_undated_claim_ends_with_its_document() -> None:
    dataset = sample_dataset()
    after = select_window(dataset, D(2026, 3, 1), None)
    assert "assembly" not in {c.id for c in after.claims}  # published by Feb 28 at the latest
    up_to = ExportFilter(end=D(2026, 2, 28))
    props = {
        f["properties"]["claim_id"]: f["properties"]
        for f in feature_collection(up_to.select(dataset), up_to)["features"]
    }
    assert props["assembly"]["window_match"] == "certain"


def test_as_of_keeps_claims_from_documents_published_by_then() -> None:
    dataset = sample_dataset()
    kept = select_window(dataset, None, None, as_of=D(2026, 1, 10))
    sources = {c.source_id for c in kept.claims}
    assert sources == {"noonpost-article"}  # published from Jan 8; the others later or undated
    assert select_window(dataset, None, None, as_of=D(2026, 1, 7)).claims == ()


def test_the_collection_names_its_filter_and_time() -> None:
    at = dt.datetime(2026, 1, 20, 9, 30, tzinfo=dt.UTC)
    window = ExportFilter(
        start=D(2026, 1, 6),
        end=D(2026, 1, 8),
        as_of=D(2026, 1, 18),
        other={"types": ["crossing"]},
        exported_at=at,
    )
    collection = load_strict(to_geojson(window.select(sample_dataset()), window))
    assert collection["claimmap"] == {
        "filter": {
            "start": "2026-01-06",
            "end": "2026-01-08",
            "as_of": "2026-01-18",
            "types": ["crossing"],
        },
        "exported_at": "2026-01-20T09:30:00Z",
    }
    check_rfc7946(collection)


def test_no_window_keeps_undated_claims() -> None:
    selected = select_window(sample_dataset(), None, None)
    ids = {f["properties"]["claim_id"] for f in feature_collection(selected)["features"]}
    assert "assembly" in ids


def test_real_data_exports_valid_geojson(tmp_path: Path) -> None:
    dataset = load_dataset()
    path = write_geojson(dataset, tmp_path / "real.geojson")
    collection = load_strict(path.read_text(encoding="utf-8"))
    check_rfc7946(collection)
    frame = gpd.read_file(path)
    assert set(frame["claim_id"]) == {c.id for c in dataset.claims if c.places}
