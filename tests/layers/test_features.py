from __future__ import annotations

import datetime as dt
import json

import pytest

from geo.dataset import load_dataset
from geo.records import claim_properties
from layers.features import (
    CROSSING_FIELDS,
    FEATURE_FIELDS,
    LAYERS,
    claim_layers,
    layer_collections,
)
from tests.dataset_factory import (
    CLAIMS,
    PLACES,
    claim,
    make_dataset,
    sample_dataset,
    synthetic_dataset,
)

D = dt.date
BY_ID = {p.id: p for p in PLACES}


@pytest.fixture(scope="module")
def collections() -> dict:
    return layer_collections(sample_dataset())


def features(collections: dict, layer: str) -> dict[str, dict]:
    return {f["properties"]["feature_id"]: f for f in collections[layer]["features"]}


def layers_of(collections: dict, claim_id: str) -> set[str]:
    return set(claim_layers(collections).get(claim_id, []))


def test_every_layer_is_present_in_drawing_order(collections: dict) -> None:
    assert tuple(collections) == LAYERS == ("areas", "routes", "flights", "crossings", "sites")
    for collection in collections.values():
        assert collection["type"] == "FeatureCollection"


def test_every_feature_carries_the_schema(collections: dict) -> None:
    seen_ids = set()
    for layer, collection in collections.items():
        for feature in collection["features"]:
            props = feature["properties"]
            expected = FEATURE_FIELDS + (CROSSING_FIELDS if layer == "crossings" else ())
            assert tuple(props) == expected
            assert props["layer"] == layer
            assert feature["id"] == props["feature_id"]
            assert props["feature_id"] not in seen_ids
            seen_ids.add(props["feature_id"])
            assert props["claim_ids"] == [c["claim_id"] for c in props["claims"]]
            assert props["types"] == sorted({c["type"] for c in props["claims"]})
            assert props["primary_type"] in props["types"]
            assert len(props["place_ids"]) == len(props["place_names"])
            assert isinstance(props["precision_m"], float) and props["precision_m"] > 0
            assert isinstance(props["independent_sources"], int)
            assert isinstance(props["conflict"], bool)
    # Serialisable as strict JSON: no NaN, no dates, no tuples turned into something else.
    json.dumps(collections, allow_nan=False)


def test_geometry_types_per_layer(collections: dict) -> None:
    kinds = {
        layer: {f["geometry"]["type"] for f in c["features"]} for layer, c in collections.items()
    }
    assert kinds == {
        "areas": {"Point", "MultiPolygon"},
        "routes": {"LineString"},
        "flights": {"LineString"},
        "crossings": {"Point"},
        "sites": {"Point"},
    }
    for f in collections["flights"]["features"]:
        assert len(f["geometry"]["coordinates"]) == 32
        assert f["properties"]["mode"] == "air"
    for f in collections["routes"]["features"]:
        assert f["properties"]["mode"] == "ground"


def test_a_crossings_two_sides_are_one_feature_at_the_crossing(collections: dict) -> None:
    crossings = features(collections, "crossings")
    assert "crossings:shalamcheh-post-iq" not in crossings
    shalamcheh = crossings["crossings:shalamcheh-crossing"]
    place = BY_ID["shalamcheh-crossing"]
    assert shalamcheh["geometry"]["coordinates"] == [place.lon, place.lat]
    props = shalamcheh["properties"]
    assert props["label"] == "Shalamcheh crossing"
    assert props["place_ids"] == ["shalamcheh-crossing", "shalamcheh-post-iq"]
    assert props["other_side"] == "Shalamcheh post (Iraq)"
    assert (props["country"], props["admin1"]) == ("IR", "IR-06")
    assert (props["other_country"], props["other_admin1"]) == ("IQ", "IQ-BA")
    # A claim naming only the Iraqi post, a post->crossing "route", and routes through it.
    assert set(props["claim_ids"]) == {"tml-buses", "khamenei-buses", "chain-long", "iyad-route"}
    # Sorted by event start.
    assert props["claim_ids"][:2] == ["tml-buses", "khamenei-buses"]
    assert props["event_start"] == "2026-01-04" and props["event_end"] == "2026-01-11"


def test_a_route_that_reduces_to_one_crossing_is_only_a_crossing(collections: dict) -> None:
    assert layers_of(collections, "tml-buses") == {"crossings"}


def test_crossing_without_a_pair(collections: dict) -> None:
    mehran = features(collections, "crossings")["crossings:mehran-crossing"]["properties"]
    assert mehran["other_side"] is None and mehran["other_country"] is None
    assert mehran["place_ids"] == ["mehran-crossing"]


def test_ground_routes_are_maximal_chains_carrying_the_claims_along_them(
    collections: dict,
) -> None:
    routes = features(collections, "routes")
    assert set(routes) == {
        "routes:basra>shalamcheh-crossing>ahvaz",
        "routes:diyala-province>khosravi-crossing>kermanshah",
        "routes:mehran-crossing>ilam",
    }
    chain = routes["routes:basra>shalamcheh-crossing>ahvaz"]
    assert chain["properties"]["label"] == "Basra → Shalamcheh crossing → Ahvaz"
    # iyad-route (Basra -> Shalamcheh) runs along chain-long (Basra -> Iraqi post -> Ahvaz).
    assert chain["properties"]["claim_ids"] == ["chain-long", "iyad-route"]
    coords = chain["geometry"]["coordinates"]
    assert coords == [
        [BY_ID[p].lon, BY_ID[p].lat] for p in ("basra", "shalamcheh-crossing", "ahvaz")
    ]
    diyala = routes["routes:diyala-province>khosravi-crossing>kermanshah"]["properties"]
    assert diyala["precision_m"] == BY_ID["diyala-province"].precision_m  # least precise place


def test_flights_are_one_arc_per_origin_destination_pair(collections: dict) -> None:
    flights = features(collections, "flights")
    assert set(flights) == {
        "flights:najaf>tehran",
        "flights:najaf>mashhad",
        "flights:kermanshah>tehran",
        "flights:tehran>mashhad",
    }
    najaf_tehran = flights["flights:najaf>tehran"]
    props = najaf_tehran["properties"]
    assert props["label"] == "Najaf → Tehran"
    # One claim names the airports, the other the cities: one feature, drawn between the cities.
    assert set(props["claim_ids"]) == {"tml-najaf-flights", "amargi-najaf-flights"}
    assert props["place_ids"] == ["najaf", "tehran"]
    coords = najaf_tehran["geometry"]["coordinates"]
    assert coords[0] == [BY_ID["najaf"].lon, BY_ID["najaf"].lat]
    assert coords[-1] == [BY_ID["tehran"].lon, BY_ID["tehran"].lat]
    # The figures and baselines travel in the claims' quantities.
    whats = {q["what"] for c in props["claims"] for q in c["quantities"]}
    assert whats == {"flights_najaf_tehran", "flights_najaf_tehran_baseline"}
    # Every claim names the same airports: drawn at the airports.
    mashhad = flights["flights:najaf>mashhad"]
    assert mashhad["properties"]["place_ids"] == ["najaf-airport", "mashhad-airport"]
    assert mashhad["geometry"]["coordinates"][0] == [
        BY_ID["najaf-airport"].lon,
        BY_ID["najaf-airport"].lat,
    ]


def test_a_multi_leg_air_route_is_one_feature_per_leg(collections: dict) -> None:
    assert "flights" in layers_of(collections, "onward")
    legs = [
        f["properties"]["feature_id"]
        for f in collections["flights"]["features"]
        if "onward" in f["properties"]["claim_ids"]
    ]
    assert legs == ["flights:kermanshah>tehran", "flights:tehran>mashhad"]


def test_sites_and_areas(collections: dict) -> None:
    sites = features(collections, "sites")
    areas = features(collections, "areas")
    assert set(sites) == {"sites:ahvaz", "sites:ahvaz-assembly-base", "sites:baghdad"}
    assert set(areas) == {
        "areas:diyala-province",
        "areas:maysan-province",
        "areas:iran",
        "areas:ilam-province",
    }
    for feature in [*sites.values(), *areas.values()]:
        props = feature["properties"]
        place = BY_ID[props["place_ids"][0]]
        assert props["radius_m"] == props["precision_m"] == place.precision_m
        if place.kind != "country":  # countries are drawn as their outline
            assert feature["geometry"]["coordinates"] == [place.lon, place.lat]
        assert props["mode"] is None
    # A claim known only to three areas is drawn as three circles, not as a guessed pin.
    assert layers_of(collections, "three-provinces") == {"areas"}
    assert sum("three-provinces" in f["properties"]["claim_ids"] for f in areas.values()) == 3
    assert areas["areas:iran"]["properties"]["radius_m"] == 900_000


def test_feature_dates_span_its_claims_and_are_null_when_none_is_dated(collections: dict) -> None:
    routes = features(collections, "routes")
    chain = routes["routes:basra>shalamcheh-crossing>ahvaz"]["properties"]
    assert (chain["event_start"], chain["event_end"]) == ("2026-01-05", "2026-01-09")
    assembly = features(collections, "sites")["sites:ahvaz-assembly-base"]["properties"]
    assert assembly["event_start"] is None and assembly["event_end"] is None
    assert assembly["claims"][0]["event_start"] is None


def test_independent_sources_count_distinct_first_reporters(collections: dict) -> None:
    flights = features(collections, "flights")
    # The Media Line and Flightradar24 (relayed by The Amargi).
    assert flights["flights:najaf>tehran"]["properties"]["independent_sources"] == 2
    # The Khamenei article only relays The Media Line: no extra independent source.
    crossings = features(collections, "crossings")
    assert crossings["crossings:shalamcheh-crossing"]["properties"]["independent_sources"] == 1
    # Noonpost relays Iran International: the independent origin is Iran International.
    iran = features(collections, "areas")["areas:iran"]["properties"]
    assert iran["independent_sources"] == 1


def test_conflict_flag(collections: dict) -> None:
    # "more than 60" vs "nearly 60" buses in one group.
    crossings = features(collections, "crossings")
    assert crossings["crossings:shalamcheh-crossing"]["properties"]["conflict"] is True
    assert features(collections, "sites")["sites:baghdad"]["properties"]["conflict"] is False
    assert features(collections, "flights")["flights:najaf>tehran"]["properties"]["conflict"]


def test_claims_are_the_shared_claim_properties() -> None:
    dataset = sample_dataset()
    collections = layer_collections(dataset)
    by_id = {c.id: c for c in dataset.claims}
    for collection in collections.values():
        for feature in collection["features"]:
            for props in feature["properties"]["claims"]:
                assert props == claim_properties(dataset, by_id[props["claim_id"]])


def test_primary_type_is_the_most_frequent_then_alphabetical(collections: dict) -> None:
    shalamcheh = features(collections, "crossings")["crossings:shalamcheh-crossing"]
    assert shalamcheh["properties"]["types"] == ["crossing", "transit"]
    assert shalamcheh["properties"]["primary_type"] == "crossing"  # 2 crossing vs 2 transit: tie
    chain = features(collections, "routes")["routes:basra>shalamcheh-crossing>ahvaz"]
    assert chain["properties"]["primary_type"] == "transit"


def test_degenerate_routes_fall_back_to_points() -> None:
    claims = [
        # Both places share Ahvaz's point: nothing to draw as a line.
        claim("same-spot", places=("ahvaz-assembly-base", "ahvaz"), mode="ground"),
        # Airport to the city it serves: no origin-destination pair.
        claim("to-own-city", places=("tehran-ika-airport", "tehran"), mode="air"),
    ]
    collections = layer_collections(make_dataset(claims=claims))
    assert collections["routes"]["features"] == []
    assert collections["flights"]["features"] == []
    sites = features(collections, "sites")
    assert set(sites) == {
        "sites:ahvaz-assembly-base",
        "sites:ahvaz",
        "sites:tehran-ika-airport",
        "sites:tehran",
    }


def test_empty_dataset_gives_empty_layers() -> None:
    collections = layer_collections(make_dataset(claims=[]))
    assert all(c["features"] == [] for c in collections.values())


def test_a_selection_draws_only_its_claims() -> None:
    dataset = sample_dataset()
    selected = dataset.select(c for c in dataset.claims if c.id == "qaani-baghdad")
    collections = layer_collections(selected)
    assert claim_layers(collections) == {"qaani-baghdad": ["sites"]}


def assert_mapped_claims_are_drawn(dataset) -> None:
    collections = layer_collections(dataset)
    drawn = set(claim_layers(collections))
    mapped = {c.id for c in dataset.claims if c.places}
    unmapped = {c.id for c in dataset.claims if not c.places}
    assert drawn == mapped
    assert {c.id for c in dataset.claims} - drawn == unmapped


def test_every_mapped_claim_is_in_a_layer_and_only_unmapped_ones_are_not() -> None:
    dataset = sample_dataset()
    assert_mapped_claims_are_drawn(dataset)
    assert {c.id for c in CLAIMS if not c.places} == {"various-parts", "undated-unmapped"}


def test_every_mapped_claim_is_in_a_layer_on_synthetic_data() -> None:
    assert_mapped_claims_are_drawn(synthetic_dataset(2000))


def test_every_mapped_claim_of_the_real_data_is_in_a_layer() -> None:
    dataset = load_dataset()
    assert dataset.claims, "the bundled data set has no claims"
    assert_mapped_claims_are_drawn(dataset)
    json.dumps(layer_collections(dataset), allow_nan=False)


def test_country_areas_are_outlines_and_provinces_circles(collections: dict) -> None:
    import shapely.geometry

    from geo.boundaries import country_at

    areas = {f["properties"]["place_ids"][0]: f for f in collections["areas"]["features"]}
    iran = shapely.geometry.shape(areas["iran"]["geometry"])
    assert iran.geom_type == "MultiPolygon"
    tehran = shapely.Point(51.42, 35.69)
    assert iran.contains(tehran) and country_at(51.42, 35.69) == "IR"
    assert not iran.contains(shapely.Point(44.4, 33.34))  # Baghdad
    # RFC 7946 right-hand rule: every exterior ring counterclockwise.
    parts = areas["iran"]["geometry"]["coordinates"]
    assert all(shapely.LinearRing(poly[0]).is_ccw for poly in parts)
    provinces = [f for pid, f in areas.items() if pid.endswith("-province")]
    assert provinces and all(f["geometry"]["type"] == "Point" for f in provinces)
    assert all(f["properties"]["radius_m"] > 0 for f in areas.values())


def test_within_budget_cuts_claim_lists_but_keeps_every_span(collections: dict) -> None:
    from layers.features import within_budget

    before = json.dumps(collections, sort_keys=True)
    assert within_budget(collections, budget=10**6) == collections
    slim = within_budget(collections, budget=1)
    assert json.dumps(collections, sort_keys=True) == before  # input untouched
    for name, fc in collections.items():
        for full, cut in zip(fc["features"], slim[name]["features"], strict=True):
            props, small = full["properties"], cut["properties"]
            assert small["claim_count"] == len(props["claims"])
            assert len(small["claims"]) == 1 and small["claim_ids"] == props["claim_ids"][:1]
            assert small["spans"] == [
                [
                    c["event_start"],
                    c["event_end"],
                    c["claim_id"],
                    c["published"],
                    c["published_end"],
                    c["date_inferred"],
                ]
                for c in props["claims"]
            ]
            assert cut["geometry"] == full["geometry"]
