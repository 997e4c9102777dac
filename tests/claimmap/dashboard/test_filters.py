"""geo.filters: matching, URL round trips and tolerant URL reading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimmap.dashboard.filters import (
    LAYERS,
    PRECISIONS,
    ClaimIndex,
    Filters,
    claim_precision,
    fold,
    search_terms,
)
from geo import paths
from geo.dataset import load_dataset
from geo.dates import possible_range, published_by, window_match
from geo.models import CLAIM_TYPES, STATUSES
from tests.paths import ROOT  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "data"
CURATED = ROOT / "data"


def _data_dirs() -> list[Path]:
    dirs = [FIXTURE]
    if (CURATED / "claims.yaml").is_file():
        dirs.append(CURATED)
    return dirs


@pytest.fixture(scope="module", params=_data_dirs(), ids=lambda p: p.parent.name + "/" + p.name)
def data(request):
    dataset = load_dataset(request.param)
    # a made-up layer assignment so the layer filter has something to bite on
    layers = {
        c.id: {LAYERS[i % len(LAYERS)]} if c.places else set() for i, c in enumerate(dataset.claims)
    }
    return dataset, ClaimIndex.build(dataset, layers), layers


# ----------------------------------------------------------------- brute force oracle


def expected_ids(dataset, layers, f: Filters) -> list[str]:
    """The claims a filter keeps, decided claim by claim without pandas."""
    kept = []
    for claim in dataset.claims:
        source = dataset.sources.get(claim.source_id)
        match = window_match(possible_range(claim, source), f.start, f.end)
        wanted = ("certain", "possible") if f.possible else ("certain",)
        if (f.start or f.end) and match not in wanted:
            continue
        if not published_by(source, f.as_of):
            continue
        if f.types is not None and claim.type not in f.types:
            continue
        if f.statuses is not None and claim.status not in f.statuses:
            continue
        if f.groups is not None and claim.group not in f.groups:
            continue
        if f.outlets is not None and dataset.outlet_of(claim) not in f.outlets:
            continue
        if f.actors is not None and not set(claim.actors) & set(f.actors):
            continue
        if f.precisions is not None and claim_precision(claim, dataset.places) not in f.precisions:
            continue
        if f.layers is not None and layers[claim.id] and not layers[claim.id] & set(f.layers):
            continue
        if dataset.analysis.independent_count(claim.id) < f.min_sources:
            continue
        places = [dataset.places.get(p) for p in claim.places]
        haystack = " ".join(
            fold(t)
            for t in [claim.statement, claim.quote, claim.claimant, *claim.actors]
            + [n for p in places if p for n in (p.name, *p.aliases)]
        )
        if not all(term in haystack for term in search_terms(f.search)):
            continue
        kept.append(claim.id)
    return kept


def filters_strategy(index: ClaimIndex):
    bounds = index.date_bounds() or (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    dates = st.one_of(
        st.none(),
        st.dates(bounds[0] - dt.timedelta(days=3), bounds[1] + dt.timedelta(days=3)),
    )

    def subset(values):
        values = sorted(values) or ["nothing"]
        return st.one_of(st.none(), st.lists(st.sampled_from(values), unique=True).map(tuple))

    words = [w for text in index.frame["text"] for w in text.split() if len(w) > 2][:200]
    return st.builds(
        Filters,
        start=dates,
        end=dates,
        layers=subset(LAYERS),
        types=subset(CLAIM_TYPES),
        actors=subset(index.values("actors")),
        groups=subset(index.values("group")),
        outlets=subset(index.values("outlet")),
        statuses=subset(STATUSES),
        min_sources=st.integers(0, 4),
        precisions=subset(PRECISIONS),
        search=st.one_of(st.just(""), st.sampled_from(words or ["x"])),
        possible=st.booleans(),
        as_of=dates,
    )


def test_matching_agrees_with_claim_by_claim_oracle(data):
    dataset, index, layers = data

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filters_strategy(index))
    def check(f: Filters) -> None:
        assert f.claim_ids(index) == expected_ids(dataset, layers, f)

    check()


@pytest.mark.parametrize("field", ["types", "statuses", "outlets", "groups", "precisions"])
def test_each_single_value_narrows_to_exactly_its_claims(data, field):
    dataset, index, layers = data
    column = {"types": "type", "statuses": "status", "outlets": "outlet", "groups": "group",
              "precisions": "precision"}[field]  # fmt: skip
    total = 0
    for value in index.values(column):
        ids = Filters(**{field: (value,)}).claim_ids(index)
        assert ids and ids == expected_ids(dataset, layers, Filters(**{field: (value,)}))
        total += len(ids)
    assert total == len(dataset.claims)  # single-valued fields partition the claims


def test_apply_returns_a_dataset_with_only_matching_claims(data):
    dataset, index, _ = data
    first = dataset.claims[0]
    view = Filters(types=(first.type,)).apply(dataset, index)
    assert [c.id for c in view.claims] == Filters(types=(first.type,)).claim_ids(index)
    assert all(c.type == first.type for c in view.claims)
    assert view.analysis is dataset.analysis
    assert Filters().apply(dataset, index) is dataset
    assert Filters(types=()).apply(dataset, index).claims == ()


def test_date_window_follows_the_one_rule_like_the_export(data):
    from geo.exports import select_window

    dataset, index, _ = data
    span = index.date_span()
    lo, hi = span.first, span.last
    # certainly within every reported event date: exactly the dated claims
    certain = Filters(start=lo, end=hi, possible=False).claim_ids(index)
    assert certain == [c.id for c in dataset.claims if c.event_start is not None]
    # possibly within: the export's selection (undated claims bounded by their documents)
    possible = Filters(start=lo, end=hi).claim_ids(index)
    assert possible == [c.id for c in select_window(dataset, lo, hi).claims]
    assert len(Filters().claim_ids(index)) == len(dataset.claims)


def test_as_known_on_keeps_what_was_published_by_then(data):
    dataset, index, _ = data
    day = min(s.published for s in dataset.sources.values() if s.published)
    kept = Filters(as_of=day).claim_ids(index)
    assert kept and kept == [
        c.id for c in dataset.claims if published_by(dataset.sources.get(c.source_id), day)
    ]
    assert Filters(as_of=day - dt.timedelta(days=1)).claim_ids(index) == []


def test_search_in_any_script_and_place_aliases():
    dataset = load_dataset(FIXTURE)
    index = ClaimIndex.build(dataset)
    latin = Filters(search="Shalamcheh").claim_ids(index)
    assert latin and Filters(search="شلمچه").claim_ids(index) == latin  # Persian alias
    assert Filters(search="SHALAMCHAH").claim_ids(index) == latin  # Latin alias, any case
    assert Filters(search="zzzz-nothing").claim_ids(index) == []
    assert Filters(search="   ").claim_ids(index) == Filters().claim_ids(index)


# ----------------------------------------------------------------- URL state


def test_query_params_round_trip(data):
    dataset, index, _ = data

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(filters_strategy(index))
    def check(f: Filters) -> None:
        params = f.to_query_params()
        assert all(isinstance(v, str | list) for v in params.values())
        back = Filters.from_query_params(params, index=index)
        if any("unknown" in note for note in back.notes):
            return  # the strategy may pick "nothing" for a field with no values
        assert back == f
        assert back.notes == ()

    check()


def test_default_filters_write_no_params():
    assert Filters().to_query_params() == {}
    assert Filters.from_query_params({}) == Filters()


def test_empty_selection_survives_the_url():
    f = Filters(layers=())
    params = f.to_query_params()
    assert params == {"layer": [""]}
    assert Filters.from_query_params(params) == f
    assert Filters.from_query_params(params).layers == ()


def test_bad_url_values_are_dropped_and_noted():
    dataset = load_dataset(FIXTURE)
    params = {
        "start": "2026-13-45",
        "end": ["2026-01-09"],
        "type": ["crossing", "teleportation"],
        "status": "<script>",
        "layer": ["routes", "nope"],
        "actor": ["Nobody at all"],
        "min_sources": "-3",
        "precision": ["city"],
        "q": "x" * 500,
        "utm_source": "ignored",
    }
    f = Filters.from_query_params(params, dataset)
    assert f.start is None and f.end == dt.date(2026, 1, 9)
    assert f.types == ("crossing",)
    assert f.statuses is None  # every value unknown: no restriction rather than nothing
    assert f.layers == ("routes",)
    assert f.actors is None
    assert f.min_sources == 0
    assert f.precisions == ("city",)
    assert len(f.search) == 200
    text = "\n".join(f.notes)
    for word in ("2026-13-45", "teleportation", "<script>", "nope", "Nobody", "-3", "200"):
        assert word in text
    # notes are not part of the state
    assert f == Filters(end=dt.date(2026, 1, 9), types=("crossing",), layers=("routes",),
                        precisions=("city",), search="x" * 200)  # fmt: skip


def test_reversed_dates_are_swapped():
    f = Filters.from_query_params({"start": "2026-01-10", "end": "2026-01-02"})
    assert (f.start, f.end) == (dt.date(2026, 1, 2), dt.date(2026, 1, 10))
    assert f.notes


def test_describe_lists_active_restrictions():
    assert Filters().describe() == []
    lines = Filters(types=("crossing",), min_sources=2, search="bus").describe()
    assert lines == ["types: crossing", "at least 2 independent source(s)", "search: bus"]
    labels = {"types": {"crossing": "border crossing"}}
    named = Filters(types=("crossing", "rally"), statuses=()).describe(labels)
    assert named == ["types: border crossing, rally", "statuses: none"]


def test_the_slider_folds_an_outlier_away():
    dataset = load_dataset(paths.PACKAGE_DATA_DIR)
    index = ClaimIndex.build(dataset)
    span = index.date_span()
    assert span.first < span.low and span.before >= 1  # "since late 2025"
    assert index.date_bounds() == (span.low, span.high)
    assert span.high == span.last and span.after == 0
    assert (span.high - span.low).days < 45 < (span.last - span.first).days
