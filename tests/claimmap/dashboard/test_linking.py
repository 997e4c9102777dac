"""Linked views without Streamlit: brushes, picks, highlights and who reports what."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from claimmap.dashboard import linking, views
from geo.dataset import load_dataset
from layers.features import layer_collections
from tests.paths import FIXTURES

MS = 86_400_000  # a day in milliseconds


def ms(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days * MS


def test_a_brush_becomes_the_days_it_covers() -> None:
    brush = {"brush": {"start": [ms(dt.date(2026, 1, 9)) + 5000, ms(dt.date(2026, 1, 6))]}}
    assert linking.brushed_dates(brush) == (dt.date(2026, 1, 6), dt.date(2026, 1, 9))
    iso = {"brush": {"start": ["2026-01-06T00:00:00", "2026-01-07T12:00:00"]}}
    assert linking.brushed_dates(iso) == (dt.date(2026, 1, 6), dt.date(2026, 1, 7))
    for empty in (None, {}, {"brush": {}}, {"brush": {"start": [1]}}, {"pick": []}):
        assert linking.brushed_dates(empty) is None


def test_picks_from_the_timeline_and_the_table() -> None:
    assert linking.picked_claims({"pick": [{"claim_id": "a"}, {"claim_id": "b"}, {}]}) == ["a", "b"]
    assert linking.picked_claims(None) == []
    frame = pd.DataFrame({"claim_id": ["a", "b", "c"]})
    assert linking.rows_claims(frame, [2, 0, 7]) == ["c", "a"]


def test_highlights_cover_every_feature_of_the_picked_claims() -> None:
    dataset = load_dataset()
    collections = layer_collections(dataset)
    features = linking.features_with_claims(collections, ["tml-iyad-crossing"])
    assert {f["properties"]["feature_id"] for f in features} >= {"crossings:shalamcheh-crossing"}
    shapes = linking.highlight_shapes(features)
    assert len(shapes) >= len(features)
    kind, where = shapes[0]
    assert kind in ("point", "line") and isinstance(where, list)
    assert linking.features_with_claims(collections, []) == []
    # a country is outlined at its badge, a line along its points
    country = [f for f in collections["areas"]["features"] if f["properties"]["kind"] == "country"]
    assert linking.highlight_shapes(country[:1])[0][0] == "point"


def test_who_reports_what_marks_own_reporting_and_relays() -> None:
    dataset = load_dataset(FIXTURES / "data")
    frame = linking.who_reports_what(dataset)
    outlets = list(frame.columns[2:])
    assert {dataset.outlet_of(c) for c in dataset.claims} == set(outlets)
    row = frame.set_index("claim").loc[dataset.analysis.group("tml-buses").title]
    assert row["The Media Line"] == linking.OWN
    relay = dataset.outlet_of(dataset.claim("khamenei-buses"))
    assert row[relay] == linking.RELAYED  # relays The Media Line: no independent source
    assert row["independent"] == dataset.analysis.independent_count("tml-buses")
    assert list(frame["independent"]) == sorted(frame["independent"], reverse=True)


def test_the_selected_place_comes_first_in_the_table() -> None:
    frame = pd.DataFrame({"claim_id": ["a", "b", "c", "d"]})
    ordered = views.selected_first(frame, ["c", "a"])
    assert ordered["claim_id"].tolist() == ["a", "c", "b", "d"]
    assert ordered["on_map"].tolist() == ["●", "●", "", ""]
