"""The query API on a server (SQL) gives the same views as the in-memory path (Python)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo.check import check_data_dir
from geo.paths import PACKAGE_DATA_DIR
from geo.store.engine import connect
from geo.store.importer import import_dataset
from geo.store.query import ViewQuery, run_view, view_of_dataset
from geo.store.read import load_store_dataset
from tests.geo.store.pg.conftest import Server

D = dt.date


@pytest.fixture(scope="module")
def bundled(cluster, template):
    """The bundled data set in a server store, and the same data read back in memory."""
    from geo.store.migrate import migrate

    url = cluster.create_database("bundled")
    engine = connect(url, create=True)
    migrate(engine)
    import_dataset(engine, check_data_dir(PACKAGE_DATA_DIR, quotes=False).dataset, who="t")
    yield engine, load_store_dataset(engine)
    engine.dispose()


def features(view) -> list[str]:
    if view is None:
        return []
    return sorted(
        json.dumps(json.loads(json.dumps(f), parse_int=float), sort_keys=True)
        for f in view["features"]
    )


QUERIES = [
    ViewQuery(),
    ViewQuery(start=D(2026, 1, 6), end=D(2026, 1, 8)),
    ViewQuery(start=D(2026, 1, 10)),
    ViewQuery(end=D(2026, 1, 5), types=("crossing", "flight_surge")),
    ViewQuery(types=()),
    ViewQuery(search="الشلامجة"),
    ViewQuery(search="Shalamche"),
    ViewQuery(search="buses shalamcheh"),
    ViewQuery(search="100%_"),
    ViewQuery(actors=("Kataib Hezbollah",)),
    ViewQuery(actors=("kataib hezbollah", "Badr Organization")),
    ViewQuery(outlets=("The Media Line",)),
    ViewQuery(review_statuses=("draft",)),
    ViewQuery(grades=("F6",)),
    ViewQuery(bbox=(44.0, 29.0, 49.0, 33.0)),
    ViewQuery(bbox=(44.0, 29.0, 49.0, 33.0), start=D(2026, 1, 6), types=("crossing",)),
    ViewQuery(max_features=10),
    ViewQuery(max_features=10, bbox=(40.0, 25.0, 62.0, 40.0), grid=16),
    ViewQuery(max_features=0, start=D(2026, 1, 1), end=D(2026, 1, 31)),
    ViewQuery(as_of=D(2026, 1, 12)),
    ViewQuery(start=D(2026, 1, 7), end=D(2026, 1, 7), as_of=D(2026, 1, 14)),
    ViewQuery(end=D(2025, 12, 31)),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_the_server_and_memory_give_the_same_view(bundled, query) -> None:
    engine, dataset = bundled
    server, memory = run_view(engine, query), view_of_dataset(dataset, query)
    assert (server.total, server.mapped) == (memory.total, memory.mapped)
    assert features(server.features) == features(memory.features)
    assert features(server.cells) == features(memory.cells)
    if memory.cell_size is None:
        assert server.cell_size is None
    else:
        assert server.cell_size == pytest.approx(memory.cell_size)
    assert server.days == memory.days
    if memory.extent is None:
        assert server.extent is None
    else:
        assert server.extent == pytest.approx(memory.extent)


def test_a_large_view_comes_as_cells_and_day_counts(bundled) -> None:
    engine, _ = bundled
    view = run_view(engine, ViewQuery(max_features=5, grid=8))
    assert view.aggregated and view.features is None
    assert sum(f["properties"]["count"] for f in view.cells["features"]) == view.mapped
    assert view.days and all(d.claims > 0 for d in view.days)
    window = run_view(engine, ViewQuery(start=D(2026, 1, 7), end=D(2026, 1, 9)))
    assert {d.day for d in window.days} <= {D(2026, 1, 7), D(2026, 1, 8), D(2026, 1, 9)}


def test_a_reader_gets_views(server: Server) -> None:
    engine = connect(server.url("rita"))
    try:
        view = run_view(engine, ViewQuery(types=("crossing",)))
    finally:
        engine.dispose()
    assert view.total == 3 and view.features["features"][0]["geometry"]["type"] == "LineString"


def test_views_from_the_embedded_store_and_the_server_agree(server: Server, tmp_path) -> None:
    from tests.store_factory import filled_store

    local = connect(filled_store(tmp_path / "s.sqlite"))
    remote = connect(server.url("rita"))
    try:
        for query in QUERIES:
            a, b = run_view(local, query), run_view(remote, query)
            assert (a.total, a.mapped, a.days) == (b.total, b.mapped, b.days)
            assert features(a.features) == features(b.features)
    finally:
        local.dispose()
        remote.dispose()


def test_a_bad_box_is_refused() -> None:
    with pytest.raises(ValueError, match="not \\(west, south, east, north\\)"):
        ViewQuery(bbox=(50.0, 30.0, 40.0, 35.0))


@pytest.mark.parametrize(
    ("start", "end", "as_of"),
    [(D(2026, 1, 6), D(2026, 1, 8), None), (D(2026, 1, 12), None, D(2026, 1, 14)),
     (None, D(2026, 1, 1), None)],
)  # fmt: skip
def test_the_window_is_the_project_rule(bundled, start, end, as_of) -> None:
    from geo.exports.selection import ExportFilter

    engine, dataset = bundled
    window = ExportFilter(start=start, end=end, as_of=as_of)
    kept = window.select(dataset)
    view = run_view(engine, ViewQuery(start=start, end=end, as_of=as_of))
    assert view.total == len(kept.claims)
    matches = {f["properties"]["claim_id"]: f["properties"]["window_match"]
               for f in view.features["features"]}  # fmt: skip
    for claim in kept.claims:
        if claim.id in matches:
            assert matches[claim.id] == window.match(dataset, claim)
    assert "possible" in matches.values()  # undated claims bounded by their documents


def test_the_server_lists_the_claims_of_its_views(server: Server, tmp_path) -> None:
    from geo.store.read import load_group_dataset
    from geo.store.viewlist import ORDERS, view_claims
    from tests.store_factory import filled_store

    local = connect(filled_store(tmp_path / "s.sqlite"))
    remote = connect(server.url("rita"))
    try:
        for query in QUERIES:
            for sort in ORDERS:
                assert view_claims(remote, query, sort, 50) == view_claims(local, query, sort, 50)
        claim_id = view_claims(remote, ViewQuery(), limit=1)[0].id
        assert load_group_dataset(remote, claim_id).claim(claim_id).id == claim_id
    finally:
        local.dispose()
        remote.dispose()
