"""The compact payload: every feature, claim and place carried once, words compressed."""

from __future__ import annotations

import json

import pytest

from bench.layers_factory import HOSTILE, sample_collections, synthetic_collections
from geo.dataset import load_dataset
from layers.features import layer_collections, within_budget
from layers.payload import (
    CHUNK,
    SCALE,
    claim_details,
    compress,
    day_number,
    decompress,
    feature_rows,
    map_payload,
)


@pytest.fixture(scope="module")
def real() -> dict:
    return layer_collections(load_dataset())


def test_every_feature_keeps_its_id_place_and_claims(real) -> None:
    payload = map_payload(real)
    details = claim_details(payload)
    ids = payload["claims"]["id"]
    places = payload["places"]["id"]
    for name, collection in real.items():
        rows = feature_rows(payload, name)
        assert [r["id"] for r in rows] == [
            f["properties"]["feature_id"] for f in collection["features"]
        ]
        for row, feature in zip(rows, collection["features"], strict=True):
            props = feature["properties"]
            assert [ids[c] for c in row["claims"]] == props["claim_ids"]
            assert [details[c] for c in row["claims"]] == props["claims"]
            assert [places[p] for p in row["places"]] == [p["id"] for p in props["places"]]
            assert (row["kind"], row["label"]) == (props["kind"], props["label"])
            assert row["count"] == len(props["claims"])


def test_a_claim_drawn_at_several_places_is_carried_once(real) -> None:
    payload = map_payload(real)
    ids = payload["claims"]["id"]
    assert len(ids) == len(set(ids))
    drawn = {
        cid for fc in real.values() for f in fc["features"] for cid in f["properties"]["claim_ids"]
    }
    assert set(ids) == drawn
    assert len(payload["places"]["id"]) == len(set(payload["places"]["id"]))


def test_dates_travel_as_days_and_coordinates_as_integers(real) -> None:
    payload = map_payload(real)
    claims = payload["claims"]
    details = claim_details(payload)
    day0 = claims["day0"]

    def days(column: str, i: int) -> int | None:
        value = claims[column][i]
        return None if value is None else value + day0

    for i, c in enumerate(details):
        assert days("es", i) == day_number(c["event_start"])
        assert days("pe", i) == day_number(c["published_end"])
        assert claims["inferred"][i] == int(c["date_inferred"])
    assert day_number("1970-01-02") == 1 and day_number(None) is None
    for name in ("crossings", "routes"):
        feature = real[name]["features"][0]
        coords = feature["geometry"]["coordinates"]
        lon, lat = coords if name == "crossings" else coords[len(coords) // 2]
        xy = feature_rows(payload, name)[0]["xy"]
        assert abs(xy[0] / SCALE - lon) <= 0.5 / SCALE and abs(xy[1] / SCALE - lat) <= 0.5 / SCALE
    assert payload["layers"]["crossings"]["xy"] is None  # at their places: said once


def test_local_script_names_come_with_the_places(real) -> None:
    places = map_payload(real)["places"]
    by_id = dict(zip(places["id"], zip(places["local"], places["lang"], strict=True), strict=True))
    assert by_id["shalamcheh-crossing"] == ("شلمچه", "fa")  # Persian on the Iranian side
    assert by_id["basra"] == ("البصرة", "ar")


def test_details_come_in_compressed_chunks() -> None:
    payload = map_payload(synthetic_collections(CHUNK * 2))
    chunks = payload["claims"]["details"]
    assert len(chunks) == -(-len(payload["claims"]["id"]) // CHUNK)
    assert all(
        set(chunk) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        for chunk in chunks
    )
    assert compress({"a": [1, "é"]}) == compress({"a": [1, "é"]})  # reproducible
    assert decompress(compress({"a": [1, "é"]})) == {"a": [1, "é"]}


def test_hostile_words_are_only_inside_the_compressed_details() -> None:
    payload = map_payload(sample_collections(hostile=True))
    text = json.dumps(payload, ensure_ascii=False)
    for key in ("statement", "claimant", "outlet"):  # (the sample's place name holds the quote)
        assert HOSTILE[key] not in text
    assert claim_details(payload)[-1]["quote"] == HOSTILE["quote"]


def test_features_cut_to_a_budget_keep_every_claim_in_time(real) -> None:
    slim = within_budget(real, budget=1)
    payload = map_payload(slim)
    full = map_payload(real)
    assert sorted(payload["claims"]["id"]) == sorted(full["claims"]["id"])
    for column in ("es", "ee", "ps", "pe", "inferred"):
        by_id = dict(zip(full["claims"]["id"], full["claims"][column], strict=True))
        assert [by_id[c] for c in payload["claims"]["id"]] == payload["claims"][column]


def test_the_payload_is_much_smaller_than_the_geojson() -> None:
    collections = synthetic_collections(2000)
    geojson = len(json.dumps(collections, ensure_ascii=False))
    compact = len(json.dumps(map_payload(collections), ensure_ascii=False))
    assert compact < geojson / 3
