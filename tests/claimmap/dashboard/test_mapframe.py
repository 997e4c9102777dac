"""claimmap.dashboard.mapframe: the map's data without time filters, set in the drawn map."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest

from claimmap.dashboard import mapframe
from claimmap.dashboard.filters import ClaimIndex, Filters
from geo.dataset import load_dataset
from layers.features import layer_collections
from tests.paths import ROOT  # noqa: E402


@pytest.fixture(scope="module")
def curated():
    dataset = load_dataset(ROOT / "data")
    return dataset, ClaimIndex.build(dataset), layer_collections(dataset)


def feature_ids(collections) -> list[str]:
    return sorted(
        f["properties"]["feature_id"] for c in collections.values() for f in c["features"]
    )


def test_map_filters_drop_only_the_time_filters():
    f = Filters(
        start=dt.date(2026, 1, 4),
        end=dt.date(2026, 1, 8),
        possible=False,
        as_of=dt.date(2026, 1, 10),
        types=("crossing",),
        search="x",
    )
    assert mapframe.map_filters(f) == Filters(types=("crossing",), search="x")
    assert mapframe.map_filters(Filters()) == Filters()


def time_calls(script: str) -> dict[str, list]:
    """The arguments of each claimmap setter the script calls."""
    calls = {}
    for name, args in re.findall(r"map\.(set\w+)\((.*?)\);", script):
        calls[name] = [json.loads(a) for a in args.split(", ")]
    return calls


def test_window_script_sets_every_time_filter():
    f = Filters(
        start=dt.date(2026, 1, 4),
        end=dt.date(2026, 1, 8),
        possible=False,
        as_of=dt.date(2026, 1, 9),
    )
    script = mapframe.window_script(f)
    assert time_calls(script) == {
        "setShowPossible": [False],
        "setAsOf": ["2026-01-09"],
        "setWindow": ["2026-01-04", "2026-01-08"],
    }
    assert "whenReady" in script  # applied once the map has drawn
    assert "map.getWindow()" in script  # only what differs is set (each change redraws)
    open_end = time_calls(mapframe.window_script(Filters(start=dt.date(2026, 1, 4))))
    assert open_end["setWindow"] == ["2026-01-04", None]


def test_window_script_for_no_time_filter_shows_everything():
    assert time_calls(mapframe.window_script(Filters())) == {
        "setShowPossible": [True],
        "setAsOf": [None],
        "setWindow": [None, None],
    }
    # only the time filters reach the script: the others do not change it
    assert mapframe.window_script(Filters(search="</script>")) == mapframe.window_script(Filters())


WINDOWS = [
    Filters(start=dt.date(2026, 1, 4), end=dt.date(2026, 1, 8)),
    Filters(start=dt.date(2026, 1, 4), end=dt.date(2026, 1, 8), possible=False),
    Filters(start=dt.date(2025, 10, 1), end=dt.date(2026, 1, 5), as_of=dt.date(2026, 1, 10)),
    Filters(start=dt.date(2026, 1, 12)),
    Filters(end=dt.date(2025, 12, 31), possible=False),
    Filters(as_of=dt.date(2026, 1, 9)),
    Filters(start=dt.date(2026, 1, 15), end=dt.date(2026, 1, 15), types=("crossing", "transit")),
]


@pytest.mark.parametrize("f", WINDOWS, ids=lambda f: repr(sorted(f.to_query_params().items())))
def test_view_layers_are_the_layers_of_the_claims_in_view(curated, f):
    dataset, index, collections = curated
    on_map = layer_collections(mapframe.map_filters(f).apply(dataset, index))
    before = copy.deepcopy(on_map)
    in_view = f.apply(dataset, index)
    shown = mapframe.view_layers(on_map, {c.id for c in in_view.claims})
    assert feature_ids(shown) == feature_ids(layer_collections(in_view))
    kept = {c.id for c in in_view.claims}
    for collection in shown.values():
        for feature in collection["features"]:
            props = feature["properties"]
            assert props["claim_ids"] == [c["claim_id"] for c in props["claims"]]
            assert props["claim_ids"] and set(props["claim_ids"]) <= kept
    assert on_map == before, "the input is not changed"


def test_view_layers_of_every_claim_are_the_layers(curated):
    dataset, _, collections = curated
    shown = mapframe.view_layers(collections, [c.id for c in dataset.claims])
    assert shown == collections
    assert feature_ids(mapframe.view_layers(collections, [])) == []
