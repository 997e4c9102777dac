from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
import shapely

from geo.dataset import load_dataset
from geo.exports.csv import LOCATION_FIELDS, cell, neutralise, to_csv, write_csv
from geo.models import Quantity
from geo.records import EXPORT_FIELDS, claim_properties
from tests.dataset_factory import PLACES, claim, make_dataset, place, sample_dataset


def read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    return {row["claim_id"]: row for row in read_rows(to_csv(sample_dataset()))}


def test_one_row_per_claim_mapped_or_not(rows: dict[str, dict[str, str]]) -> None:
    dataset = sample_dataset()
    assert list(rows) == [c.id for c in dataset.claims]
    assert rows["various-parts"]["lat"] == rows["various-parts"]["wkt"] == ""


def test_header_is_the_contract_then_properties_then_location_then_export_info() -> None:
    dataset = sample_dataset()
    header = next(csv.reader(io.StringIO(to_csv(dataset))))
    assert header[: len(EXPORT_FIELDS)] == list(EXPORT_FIELDS)
    assert header[-len(LOCATION_FIELDS) - 2 : -2] == list(LOCATION_FIELDS)
    assert header[-2:] == ["export_filter", "exported_at"]
    assert {"published", "published_end", "window_match"} <= set(header)
    props = claim_properties(dataset, dataset.claims[0])
    assert set(props) <= set(header)


def test_single_place_has_lat_lon_and_a_point(rows: dict[str, dict[str, str]]) -> None:
    baghdad = rows["qaani-baghdad"]
    assert (float(baghdad["lat"]), float(baghdad["lon"])) == (33.34058, 44.40088)
    assert shapely.from_wkt(baghdad["wkt"]).equals(shapely.Point(44.40088, 33.34058))
    assert json.loads(baghdad["place_names"]) == ["Baghdad"]
    assert float(baghdad["precision_m"]) == 5000


def test_routes_and_several_places_have_wkt(rows: dict[str, dict[str, str]]) -> None:
    route = rows["chain-long"]
    assert route["lat"] == route["lon"] == ""
    line = shapely.from_wkt(route["wkt"])
    assert line.geom_type == "LineString" and len(line.coords) == 3
    assert line.coords[0] == (47.7804, 30.50852)  # lon lat
    areas = shapely.from_wkt(rows["three-provinces"]["wkt"])
    assert areas.geom_type == "MultiPoint" and len(areas.geoms) == 3


def test_lists_are_json_in_their_cells(rows: dict[str, dict[str, str]]) -> None:
    buses = rows["tml-buses"]
    quantities = json.loads(buses["quantities"])
    assert quantities[0]["text"] == "more than 60 buses" and quantities[0]["value"] == 60
    assert json.loads(buses["place_ids"]) == ["shalamcheh-post-iq", "shalamcheh-crossing"]
    assert json.loads(rows["qaani-baghdad"]["actors"]) == []
    assert len(json.loads(buses["conflicts"])) == 1


def test_empty_values_are_empty_cells(rows: dict[str, dict[str, str]]) -> None:
    assembly = rows["assembly"]
    assert assembly["event_start"] == assembly["event_end"] == assembly["mode"] == ""


def test_formula_injection_is_neutralised_in_text_cells(rows: dict[str, dict[str, str]]) -> None:
    assert rows["undated-unmapped"]["statement"] == '\'=HYPERLINK("x") a statement'
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    for text in ("1-2", "a=b", "", "'=x", "[1]"):
        assert neutralise(text) == text


def test_number_cells_stay_numbers_even_when_negative() -> None:
    west = place("west", "Somewhere west", "city", "US", -33.5, -70.25)
    dataset = make_dataset(
        places=[*PLACES, west],
        claims=[claim("w", places=("west",), statement="-5 reported")],
    )
    (row,) = read_rows(to_csv(dataset))
    assert (row["lat"], row["lon"]) == ("-33.5", "-70.25")
    assert row["statement"] == "'-5 reported"
    assert row["wkt"] == "POINT (-70.25 -33.5)"
    assert cell(-3) == "-3" and cell(-0.0) == "0" and cell(12.0) == "12"


def test_nan_cannot_be_written() -> None:
    with pytest.raises(ValueError):
        cell(float("nan"))
    with pytest.raises(ValueError):
        cell([float("inf")])


def test_reads_back_with_pandas_in_utf8(tmp_path: Path) -> None:
    tricky = 'شلمچه, "quoted"\nsecond line'
    dataset = make_dataset(
        claims=[claim("c", places=("basra",), quote=tricky), *sample_dataset().claims]
    )
    path = write_csv(dataset, tmp_path / "claims.csv")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8, no BOM
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert frame["quote"].iloc[0] == tricky
    assert frame["claim_id"].tolist() == [c.id for c in dataset.claims]


def test_a_failure_midway_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    # NaN no longer passes the model: built unchecked, to make the writer fail midway
    bad = Quantity.model_construct(what="fighters", qualifier="exact", value=float("nan"), text="?")
    claims = [
        *(claim(f"ok-{i}", places=("basra",)) for i in range(200)),
        claim("bad", quantities=(bad,)),
    ]
    target = tmp_path / "claims.csv"
    target.write_bytes(b"old,export\r\n")
    with pytest.raises(ValueError):
        write_csv(make_dataset(claims=claims), target)
    assert target.read_bytes() == b"old,export\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


def test_empty_dataset_writes_the_header_only() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(make_dataset(claims=[])))))
    assert len(rows) == 1 and rows[0][0] == "claim_id"


def test_empty_export_has_the_same_header_as_a_full_one() -> None:
    # a window with no claims must not drop columns: tools append exports by column
    full = next(csv.reader(io.StringIO(to_csv(sample_dataset()))))
    empty = next(csv.reader(io.StringIO(to_csv(make_dataset(claims=[])))))
    assert empty == full


def test_real_data_has_a_row_per_claim(tmp_path: Path) -> None:
    dataset = load_dataset()
    path = write_csv(dataset, tmp_path / "real.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert frame["claim_id"].tolist() == [c.id for c in dataset.claims]
    mapped = frame[frame["wkt"] != ""]
    assert set(mapped["claim_id"]) == {c.id for c in dataset.claims if c.places}
    for text in mapped["wkt"]:
        assert shapely.from_wkt(text).is_valid
