from __future__ import annotations

import pytest

from geo.ingest.quantities import find_quantities


def first(text: str) -> dict:
    return find_quantities(text)[0].to_dict()


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "unit"),
    [
        ("more than 60 buses had crossed", "more_than", 60, "buses"),
        ("over 10,600 detained", "more_than", 10600, "detained"),
        ("nearly 60 such 50-seater buses", "nearly", 60, "buses"),
        ("roughly 800 Iraqi fighters", "about", 800, "fighters"),
        ("Approximately 850 foreign fighters", "about", 850, "fighters"),
        ("some 1,200 men", "about", 1200, "men"),
        ("at least 490 demonstrators dead", "at_least", 490, "demonstrators"),
        ("estimating up to 12,000 deaths", "up_to", 12000, "deaths"),
        ("fewer than 30 vehicles", "less_than", 30, "vehicles"),
        ("crossing 2,200 by Tuesday", "more_than", 2200, None),
        ("only seven scheduled flights", "exact", 7, "flights"),
        ("around two flights per day", "about", 2, "flights per day"),
        ("offered him $600 a month", "exact", 600, "USD per month"),
        ("1.5 million people", "exact", 1_500_000, "people"),
        ("twenty-one thousand rounds", "exact", 21_000, "rounds"),
        ("the number of fighters at 2,000.", "exact", 2000, "fighters"),
    ],
)
def test_qualifier_grammar(text, qualifier, value, unit) -> None:
    item = first(text)
    assert (item["qualifier"], item["value"], item["unit"]) == (qualifier, value, unit)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("usually between four and five", 4, 5),
        ("around 800 to 850 Arabic-speaking Shia militiamen", 800, 850),
        ("800-850 fighters", 800, 850),
        ("from 500 to 600 people", 500, 600),
    ],
)
def test_ranges(text, low, high) -> None:
    item = first(text)
    assert (item["qualifier"], item["min"], item["max"]) == ("range", low, high)
    assert "value" not in item


def test_not_figures() -> None:
    text = "in 2017 the 8th Unit of Flightradar24 at 9:30; hundreds of thousands; one source said"
    assert find_quantities(text) == []


def test_masked_spans_are_skipped() -> None:
    text = "on Jan. 11 more than 60 buses"
    assert [q.text for q in find_quantities(text, masked=[(3, 10)])] == ["more than 60 buses"]
