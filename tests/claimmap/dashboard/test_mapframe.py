"""claimmap.dashboard.mapframe: the map's data without dates, the window set in the drawn map."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest

from claimmap.dashboard import mapframe
from claimmap.dashboard.filters import Filters
from geo.dataset import load_dataset
from layers.features import layer_collections
from tests.paths import ROOT  # noqa: E402


@pytest.fixture(scope="module")
def curated():
    dataset = load_dataset(ROOT / "data")
    return dataset, layer_collections(dataset)


def feature_ids(collections) -> list[str]:
    return sorted(
        f["properties"]["feature_id"] for c in collections.values() for f in c["features"]
    )


def test_map_filters_drop_only_the_dates():
    f = Filters(start=dt.date(2026, 1, 4), end=dt.date(2026, 1, 8), types=("crossing",), search="x")
    assert mapframe.map_filters(f) == Filters(types=("crossing",), search="x")
    assert mapframe.map_filters(Filters()) == Filters()


def window_call(script: str) -> tuple[object, object, object]:
    """The arguments of setIncludeUndated and setWindow in a window script."""
    undated = re.search(r"setIncludeUndated\((.*?)\);", script).group(1)
    start, end = re.search(r"setWindow\((.*?), (.*?)\);", script).groups()
    return json.loads(undated), json.loads(start), json.loads(end)


def test_window_script_sets_the_window_and_hides_undated_claims():
    script = mapframe.window_script(Filters(start=dt.date(2026, 1, 4), end=dt.date(2026, 1, 8)))
    assert window_call(script) == (False, "2026-01-04", "2026-01-08")
    assert "whenReady" in script  # applied once the map has drawn (clusters load in chunks)
    open_end = mapframe.window_script(Filters(start=dt.date(2026, 1, 4)))
    assert window_call(open_end) == (False, "2026-01-04", None)


def test_window_script_for_the_whole_period_shows_undated_claims():
    assert window_call(mapframe.window_script(Filters())) == (True, None, None)
    # only the dates reach the script: other filters do not change it
    assert mapframe.window_script(Filters(search="</script>")) == mapframe.window_script(Filters())


def test_window_layers_without_a_window_are_the_layers(curated):
    _, collections = curated
    assert mapframe.window_layers(collections, None, None) == collections


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 1, 4), dt.date(2026, 1, 8)),
        (dt.date(2025, 10, 1), dt.date(2026, 1, 5)),
        (dt.date(2026, 1, 12), None),
        (None, dt.date(2025, 12, 31)),
        (dt.date(2026, 1, 15), dt.date(2026, 1, 15)),
    ],
)
def test_window_layers_match_the_layers_of_the_claims_in_the_window(curated, start, end):
    dataset, collections = curated
    before = copy.deepcopy(collections)
    shown = mapframe.window_layers(collections, start, end)
    window = Filters(start=start, end=end)
    expected = layer_collections(window.apply(dataset))
    assert feature_ids(shown) == feature_ids(expected)
    kept = {c.id for c in window.apply(dataset).claims}
    for collection in shown.values():
        for feature in collection["features"]:
            props = feature["properties"]
            assert props["claim_ids"] == [c["claim_id"] for c in props["claims"]]
            assert set(props["claim_ids"]) <= kept
    assert collections == before, "the input is not changed"


def test_window_layers_drop_undated_claims_from_a_window(curated):
    dataset, collections = curated
    undated = {c.id for c in dataset.claims if c.event_start is None and c.places}
    assert undated, "the curated data has undated mapped claims"
    shown = mapframe.window_layers(collections, dt.date(2025, 10, 1), dt.date(2026, 1, 18))
    ids = {
        cid for c in shown.values() for f in c["features"] for cid in f["properties"]["claim_ids"]
    }
    assert ids and not ids & undated
