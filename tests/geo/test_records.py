from __future__ import annotations

import json

import pytest

from geo.dataset import Dataset, load_dataset
from geo.records import EXPORT_FIELDS, claim_properties, conflict_properties
from tests.geo.test_dataset import VALID


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(VALID)


def test_properties_of_a_route_claim(dataset: Dataset) -> None:
    props = claim_properties(dataset, dataset.claim("tml-buses"))
    assert list(props)[: len(EXPORT_FIELDS)] == list(EXPORT_FIELDS)
    assert props["claim_id"] == "tml-buses"
    assert props["outlet"] == "The Media Line"
    assert (props["event_start"], props["event_end"]) == ("2026-01-04", "2026-01-11")
    assert props["place_ids"] == ["shalamcheh-post-iq", "shalamcheh-crossing"]
    assert props["mode"] == "ground"
    assert props["quantities"][0] == {
        "what": "buses",
        "qualifier": "more_than",
        "value": 60,
        "min": None,
        "max": None,
        "unit": None,
        "text": "more than 60 buses",
    }
    assert isinstance(props["quantities"][0]["value"], int)
    assert props["group_title"] == "Buses of young men crossed at Shalamcheh"
    assert (props["independent_sources"], props["grade"]) == (1, "C3")
    assert props["grading_note"].startswith("One named")
    assert props["url"] == "https://themedialine.org"
    assert len(props["conflicts"]) == 1 and props["conflicts"][0].startswith("buses reported")


def test_properties_of_an_undated_claim(dataset: Dataset) -> None:
    props = claim_properties(dataset, dataset.claim("noonpost-fighters"))
    assert props["event_start"] is None and props["event_end"] is None
    assert props["date_precision"] == "unknown"
    assert props["actors"] == ["Kataib Hezbollah", "Harakat al-Nujaba"]
    assert props["origin"] == "iran-international"
    assert (props["grade"], props["grading_note"]) == ("F6", "not assessed")
    assert props["mode"] is None


def test_every_claim_is_json_ready(dataset: Dataset) -> None:
    rows = [claim_properties(dataset, c) for c in dataset.claims]
    assert json.loads(json.dumps(rows)) == rows


def test_properties_after_select_keep_the_analysis(dataset: Dataset) -> None:
    small = dataset.select([dataset.claim("tml-qaani")])
    assert claim_properties(small, small.claims[0])["independent_sources"] == 2


def test_conflict_properties(dataset: Dataset) -> None:
    buses = conflict_properties(dataset, dataset.analysis.conflicts[0])
    assert buses["group_title"] == "Buses of young men crossed at Shalamcheh"
    assert buses["overlap"] is False
    relayed = buses["entries"][1]
    assert relayed["claim_id"] == "khamenei-buses"
    assert relayed["origin"] == "khamenei-article"
    assert relayed["roots"] == ["tml-article"] and relayed["root_names"] == ["The Media Line"]
    assert json.loads(json.dumps(buses)) == buses
