"""A view's claims list and one claim's group read from the store, against the whole data set."""

from __future__ import annotations

import pytest

from geo.records import claim_properties
from geo.store.query import ViewQuery, view_of_dataset
from geo.store.read import load_group_dataset
from geo.store.viewlist import ORDERS, view_claims
from tests.geo.store.pg.test_query import QUERIES
from tests.geo.store.test_viewlite import bundled  # noqa: F401  (the module's store)


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_the_list_holds_the_claims_of_the_view(bundled, query) -> None:  # noqa: F811
    engine, dataset = bundled
    listed = view_claims(engine, query, limit=10_000)
    expected = view_of_dataset(dataset, ViewQuery(**{**query.__dict__, "max_features": 10**6}))
    assert len(listed) == expected.total
    ids = [claim.id for claim in dataset.claims]
    assert [c.id for c in listed] == sorted((c.id for c in listed), key=ids.index)


def test_the_list_stops_at_its_limit_and_sorts_as_the_dashboard(bundled) -> None:  # noqa: F811
    from claimmap.dashboard.filters import ClaimIndex, sort_ids
    from layers.features import claim_layers, layer_collections

    engine, dataset = bundled
    assert len(view_claims(engine, ViewQuery(), limit=3)) == 3
    index = ClaimIndex.build(dataset, claim_layers(layer_collections(dataset)))
    ids = [claim.id for claim in dataset.claims]
    for sort in ORDERS:
        listed = [c.id for c in view_claims(engine, ViewQuery(), sort=sort, limit=10_000)]
        assert listed == sort_ids(index, ids, sort), sort


def test_the_orders_are_the_dashboards_sorts() -> None:
    from claimmap.dashboard.filters import SORTS

    assert set(ORDERS) == set(SORTS)


def test_a_claim_reads_as_in_the_whole_data_set(bundled) -> None:  # noqa: F811
    engine, dataset = bundled
    for claim in dataset.claims:
        group = load_group_dataset(engine, claim.id)
        assert claim_properties(group, group.claim(claim.id)) == claim_properties(dataset, claim)
        assert group.documents.get(claim.source_id) == dataset.documents.get(claim.source_id)
    assert load_group_dataset(engine, "no-such-claim") is None


def test_listed_fields(bundled) -> None:  # noqa: F811
    engine, dataset = bundled
    first = view_claims(engine, ViewQuery(), limit=1)[0]
    claim = dataset.claims[0]
    assert (first.id, first.statement, first.claimant) == (
        claim.id,
        claim.statement,
        claim.claimant,
    )
    assert (first.event_start, first.event_end) == (claim.event_start, claim.event_end)
    assert first.version == dataset.versions[claim.id]
