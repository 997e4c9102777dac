"""The query API on an embedded store (SQL picks the rows) gives the in-memory path's views."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.check import check_data_dir
from geo.paths import PACKAGE_DATA_DIR
from geo.store.engine import connect
from geo.store.importer import import_dataset
from geo.store.migrate import migrate
from geo.store.query import ViewQuery, run_view, view_of_dataset
from geo.store.read import load_store_dataset
from tests.geo.store.pg.test_query import QUERIES, features


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled data set in an SQLite store, and the same data read back in memory."""
    path = tmp_path_factory.mktemp("viewlite") / "store.sqlite"
    engine = connect(f"sqlite:///{path}", create=True)
    migrate(engine)
    import_dataset(engine, check_data_dir(PACKAGE_DATA_DIR, quotes=False).dataset, who="t")
    yield engine, load_store_dataset(engine)
    engine.dispose()


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_the_embedded_store_and_memory_give_the_same_view(bundled, query) -> None:
    engine, dataset = bundled
    stored, memory = run_view(engine, query), view_of_dataset(dataset, query)
    assert (stored.total, stored.mapped) == (memory.total, memory.mapped)
    assert features(stored.features) == features(memory.features)
    assert features(stored.cells) == features(memory.cells)
    assert stored.cell_size == memory.cell_size
    assert stored.extent == memory.extent
    assert stored.days == memory.days


def test_the_view_reads_no_whole_dataset(bundled, monkeypatch) -> None:
    import geo.store.read as read

    def refuse(*_args, **_kwargs):
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(read, "load_store_dataset", refuse)
    monkeypatch.setattr(read, "read_records", refuse)
    assert run_view(bundled[0], ViewQuery()).total == len(bundled[1].claims)


DAYS = st.one_of(st.none(), st.dates(dt.date(2025, 12, 20), dt.date(2026, 1, 31)))
SOME = st.one_of(st.none(), st.lists(st.sampled_from(("crossing", "flight_surge", "route"))))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=DAYS, end=DAYS, as_of=DAYS, types=SOME, max_features=st.sampled_from((0, 5, 5000)))
def test_any_window_gives_the_in_memory_view(bundled, start, end, as_of, types, max_features):
    if start and end and start > end:
        start, end = end, start
    query = ViewQuery(
        start=start, end=end, as_of=as_of, max_features=max_features,
        types=None if types is None else tuple(types),
    )  # fmt: skip
    stored, memory = run_view(bundled[0], query), view_of_dataset(bundled[1], query)
    assert (stored.total, stored.mapped, stored.days) == (memory.total, memory.mapped, memory.days)
    assert features(stored.features) == features(memory.features)
    assert features(stored.cells) == features(memory.cells)
