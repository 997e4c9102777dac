"""geo.viewstate: widget values <-> Filters <-> URL, cache keys and download names."""

from __future__ import annotations

import datetime as dt

import pytest

from claimmap.dashboard import viewstate
from claimmap.dashboard.filters import LAYERS, PRECISIONS, ClaimIndex, Filters
from geo.dataset import load_dataset
from tests.paths import ROOT  # noqa: E402

BOUNDS = (dt.date(2026, 1, 1), dt.date(2026, 1, 31))


@pytest.fixture(scope="module")
def index():
    return ClaimIndex.build(load_dataset(ROOT / "data"))


def test_default_widgets_read_back_as_no_filter():
    values = viewstate.widget_values(Filters(), BOUNDS, 3)
    assert set(values) == set(viewstate.WIDGETS)
    assert values["f_dates"] == BOUNDS
    assert values["f_layers"] == list(LAYERS) and values["f_precisions"] == list(PRECISIONS)
    assert viewstate.filters_from_widgets(values, BOUNDS) == Filters()
    # a page without the pills (the large-store page) restricts neither
    assert viewstate.filters_from_widgets({}, BOUNDS) == Filters()
    cleared = {"f_layers": [], "f_precisions": []}  # every pill switched off: nothing
    assert viewstate.filters_from_widgets(cleared, BOUNDS) == Filters(layers=(), precisions=())


@pytest.mark.parametrize(
    "f",
    [
        Filters(start=dt.date(2026, 1, 5), end=dt.date(2026, 1, 9)),
        Filters(layers=("flights",), types=("crossing", "transit"), min_sources=2),
        Filters(actors=("Kataib Hezbollah",), search="border", precisions=("unmapped",)),
        Filters(layers=(), statuses=("denied",), outlets=("The Media Line",)),
    ],
)
def test_widgets_round_trip(f):
    values = viewstate.widget_values(f, BOUNDS, 3)
    assert viewstate.filters_from_widgets(values, BOUNDS) == f


def test_dates_are_clamped_and_the_whole_period_is_no_window():
    f = Filters(start=dt.date(2025, 6, 1), end=dt.date(2026, 3, 1))
    assert viewstate.widget_values(f, BOUNDS, 1)["f_dates"] == BOUNDS
    assert viewstate.filters_from_widgets({"f_dates": BOUNDS}, BOUNDS).start is None
    assert viewstate.widget_values(f, None, 1)["f_dates"] is None
    assert viewstate.widget_values(Filters(min_sources=9), BOUNDS, 3)["f_min_sources"] == 3
    notes = viewstate.window_notes(f, BOUNDS)
    assert len(notes) == 2 and "2025-06-01" in notes[0] and "2026-03-01" in notes[1]
    assert viewstate.window_notes(Filters(start=dt.date(2026, 1, 2)), BOUNDS) == []


def test_url_round_trip_with_selection_and_tiles(index):
    actor = index.values("actors")[0]
    f = Filters(start=dt.date(2026, 1, 5), actors=(actor,), search="bus")
    params = viewstate.url_params(f, sel="crossings:shalamcheh-crossing", tiles=True)
    assert all(isinstance(v, list) for v in params.values())
    bounds = index.date_bounds()
    state = viewstate.session_from_url(params, index, bounds, 3)
    assert state["sel"] == "crossings:shalamcheh-crossing" and state["tiles"] is True
    assert state["_url_notes"] == []
    assert viewstate.filters_from_widgets(state, bounds) == Filters(
        start=dt.date(2026, 1, 5), end=bounds[1], actors=(actor,), search="bus"
    )
    assert viewstate.url_params(Filters()) == {}


def test_url_notes_name_what_was_dropped(index):
    params = {"start": ["1999-01-01"], "actor": ["nobody at all"], "min_sources": ["x"]}
    state = viewstate.session_from_url(params, index, index.date_bounds(), 3)
    notes = " ".join(state["_url_notes"])
    assert "nobody at all" in notes and "min_sources" in notes and "1999-01-01" in notes
    assert state["f_actors"] == [] and state["sel"] is None and state["tiles"] is False


def test_keys_and_names_follow_the_filter_state(tmp_path):
    (tmp_path / "claims.yaml").write_text("[]\n", encoding="utf-8")
    stamp = viewstate.data_stamp(tmp_path)
    assert any(entry[1] is not None for entry in stamp)  # claims.yaml is there
    assert any(entry[1] is None for entry in stamp)  # the others are not
    a, b = Filters(types=("crossing",)), Filters(types=("crossing",), min_sources=1)
    key = viewstate.view_key("root", stamp, a)
    assert hash(key) == hash(viewstate.view_key("root", stamp, Filters(types=("crossing",))))
    assert key != viewstate.view_key("root", stamp, b)
    assert viewstate.download_name(Filters(), "csv") == "claimmap-all.csv"
    name = viewstate.download_name(a, "kml")
    assert name.startswith("claimmap-filtered-") and name.endswith(".kml")
    assert name == viewstate.download_name(a, "kml") != viewstate.download_name(b, "kml")
