"""A million claims in PostgreSQL + PostGIS: import, size, map views and memory, in one run.

A throw-away cluster (``geo.store.pgcluster``) is started in a temporary folder;
synthetic claims (``bench.synthetic``: the curated claims copied with shifted
dates and other places) are checked as files and imported with claimmap's own
importer (``db import``: triggers, audit entries and all), once at ``--claims``
(default 1,000,000) and once at ``--small`` (default 10,000). Printed:

- import time and database size (whole database; claims and audit with indexes);
- map views through the query API (``geo.store.query.run_view``: SQL builds the
  features or the grid cells and the day counts; Python gets only those), median
  of ``--repeat`` runs after one warm-up: a date + type view of the whole map
  (too many claims: cells), the same in a small box (features), and a search;
- the in-memory path for the same data and the same date + type view, as the
  dashboard computes it today: read the store into a Dataset
  (``load_store_dataset``), build its ``ClaimIndex``, then per view
  ``Filters.apply`` and ``layers.features.layer_collections``. "Cold" counts
  reading and indexing (a new session, or any change of the store); "warm"
  only the per-view work with the Dataset and index already in memory. Also
  the query API's own in-memory path (``view_of_dataset``, what SQLite stores
  use). Ratios are query API / in-memory (goal <= 0.1x). The in-memory path runs
  at ``--memory-claims`` (default: as many as ``--claims``; lower it when the
  machine lacks the memory, and the output says at which size it ran);
- the Python process's peak RSS for a view (a fresh process that connects and
  draws the date + type view three times) at both sizes: the ratio should stay
  near 1 (goal <= 1.2x).

Usage: ``python -m bench.bench_pg [--claims N] [--small N] [--memory-claims N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL_VIEW, GOAL_MEMORY = 0.1, 1.2
START, END, TYPES = dt.date(2026, 1, 6), dt.date(2026, 1, 8), ("crossing",)
BOX = (47.0, 30.0, 49.0, 32.0)  # around Shalamcheh and Ahvaz
#: Server settings for a bulk load on a shared machine (nothing here must survive a crash).
SETTINGS = {"maintenance_work_mem": "256MB", "work_mem": "64MB", "max_wal_size": "8GB"}


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls after one warm-up call, and the last value."""
    value = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def checked_data(n: int, tmp: Path) -> tuple[Any, float]:
    """Write ``n`` synthetic claims as data files and check them as ``db import`` does."""
    from bench.synthetic import synthetic_data
    from geo.check import check_data_dir

    folder = synthetic_data(n, tmp / f"data-{n}")
    start = time.perf_counter()
    dataset = check_data_dir(folder, quotes=False).dataset
    return dataset, time.perf_counter() - start


def fill(cluster: Any, n: int, tmp: Path) -> tuple[str, float]:
    """Create a store of ``n`` claims; return its URL and the import time (seconds)."""
    from geo.store.engine import connect
    from geo.store.importer import import_dataset
    from geo.store.migrate import migrate

    dataset, check_s = checked_data(n, tmp)
    url = cluster.create_database(f"claims_{n}")
    engine = connect(url, create=True)
    try:
        migrate(engine)
        start = time.perf_counter()
        import_dataset(engine, dataset, who="bench", note="bench", seeds=tmp / "no-seeds")
        import_s = time.perf_counter() - start
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    finally:
        engine.dispose()
    del dataset
    gc.collect()
    print(f"{n:>9} claims: files checked in {check_s:6.1f} s, imported in {import_s:6.1f} s "
          f"({n / import_s:,.0f} claims/s) [load average {os.getloadavg()[0]:.1f}]",
          flush=True)  # fmt: skip
    return url, import_s


def sizes(url: str) -> str:
    """The database's size, and the claims and audit tables' with their indexes (MB)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            sa.text(
                "SELECT pg_database_size(current_database()), "
                "pg_total_relation_size('claims'), pg_total_relation_size('audit')"
            )
        ).one()
    engine.dispose()
    database, claims, audit = (v / 1e6 for v in found)
    return f"database {database:,.0f} MB (claims {claims:,.0f} MB, audit {audit:,.0f} MB)"


def queries() -> dict[str, Any]:
    from geo.store.query import ViewQuery

    return {
        "date + type, whole map": ViewQuery(start=START, end=END, types=TYPES),
        "date + type, small box": ViewQuery(start=START, end=END, types=TYPES, bbox=BOX),
        "search 'shalamcheh'": ViewQuery(search="shalamcheh", max_features=0),
    }


def server_views(url: str, repeat: int) -> dict[str, float]:
    """Time each view through the query API; print what it returned."""
    from geo.store.engine import connect
    from geo.store.query import run_view

    engine = connect(url)
    out = {}
    try:
        for label, query in queries().items():
            seconds, view = median_time(lambda q=query: run_view(engine, q), repeat)
            shape = f"{len(view.cells['features'])} cells" if view.aggregated else (
                f"{len(view.features['features'])} features")  # fmt: skip
            print(
                f"    query API  {label:<24} {seconds * 1000:8.1f} ms  "
                f"({view.total:,} claims -> {shape}, {len(view.days)} day counts)",
                flush=True,
            )
            out[label] = seconds
    finally:
        engine.dispose()
    return out


def in_memory(url: str, repeat: int) -> dict[str, float]:
    """The dashboard's in-memory path for the date + type view (see the module doc)."""
    from claimmap.dashboard.filters import ClaimIndex, Filters
    from geo.store.engine import connect
    from geo.store.query import view_of_dataset
    from geo.store.read import load_store_dataset
    from layers.features import layer_collections

    engine = connect(url)
    start = time.perf_counter()
    dataset = load_store_dataset(engine)
    read_s = time.perf_counter() - start
    engine.dispose()
    start = time.perf_counter()
    index = ClaimIndex.build(dataset)
    index_s = time.perf_counter() - start
    filters = Filters(start=START, end=END, types=TYPES)

    def view() -> Any:
        return layer_collections(filters.apply(dataset, index))

    warm_s, layers = median_time(view, repeat)
    query = queries()["date + type, whole map"]
    api_s, _ = median_time(lambda: view_of_dataset(dataset, query), max(1, repeat // 2))
    drawn = sum(len(c["features"]) for c in layers.values())
    print(f"    in memory  read {read_s:.1f} s + index {index_s:.1f} s; per view "
          f"{warm_s * 1000:.0f} ms ({drawn} features); query API in memory "
          f"{api_s * 1000:.0f} ms", flush=True)  # fmt: skip
    return {"cold": read_s + index_s + warm_s, "warm": warm_s, "api": api_s}


_RSS_SCRIPT = """
import datetime as dt, json, sys
from geo.store.engine import connect
from geo.store.query import ViewQuery, run_view

def high_water_kb():  # VmHWM: this process's own peak (ru_maxrss would count the parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

engine = connect(sys.argv[1])
before = high_water_kb()
query = ViewQuery(start=dt.date(2026, 1, 6), end=dt.date(2026, 1, 8), types=("crossing",))
for _ in range(3):
    view = run_view(engine, query)
print(json.dumps({"before_kb": before, "peak_kb": high_water_kb(), "total": view.total}))
"""


def view_rss(url: str) -> dict[str, int]:
    """Peak RSS (kB) of a fresh Python process that draws the date + type view."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, url],
        capture_output=True, text=True, cwd=ROOT, timeout=600, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return json.loads(done.stdout)


def report(big: int, small: int, api: dict[str, float], memory: dict[str, float] | None,
           rss: dict[int, dict[str, int]], memory_n: int) -> None:  # fmt: skip
    label = "date + type, whole map"
    if memory:
        at = "" if memory_n == big else f" (in-memory path measured at {memory_n:,} claims)"
        for kind in ("cold", "warm", "api"):
            ratio = api[label] / memory[kind]
            verdict = "met" if ratio <= GOAL_VIEW else "NOT met"
            print(f"  view ratio query API / in-memory {kind:<4} {ratio:7.4f}x  "
                  f"(goal <= {GOAL_VIEW}x: {verdict}){at}")  # fmt: skip
    peak_big, peak_small = rss[big]["peak_kb"], rss[small]["peak_kb"]
    ratio = peak_big / peak_small
    print(f"  view process peak RSS (VmHWM): {peak_small / 1024:.0f} MB at {small:,}, "
          f"{peak_big / 1024:.0f} MB at {big:,}: ratio {ratio:.2f}x "
          f"(goal <= {GOAL_MEMORY}x: {'met' if ratio <= GOAL_MEMORY else 'NOT met'})")  # fmt: skip


def run(args: argparse.Namespace, tmp: Path) -> None:
    from geo.store.pgcluster import LocalCluster

    cluster = LocalCluster.start(Path(tempfile.mkdtemp(prefix="bench-pg-")), SETTINGS)
    try:
        urls, api, rss = {}, {}, {}
        for n in (args.small, args.claims):
            urls[n], _ = fill(cluster, n, tmp)
            print(f"    {sizes(urls[n])}", flush=True)
            api[n] = server_views(urls[n], args.repeat)
            rss[n] = view_rss(urls[n])
        memory = None
        memory_n = args.claims if args.memory_claims is None else args.memory_claims
        if memory_n:
            if memory_n not in urls:
                urls[memory_n], _ = fill(cluster, memory_n, tmp)
                api[memory_n] = server_views(urls[memory_n], args.repeat)
            memory = in_memory(urls[memory_n], args.repeat)
        report(args.claims, args.small, api[memory_n if memory else args.claims], memory, rss,
               memory_n)  # fmt: skip
    finally:
        cluster.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--memory-claims", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    with tempfile.TemporaryDirectory(prefix="bench-pg-data-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
