"""A million claims in PostgreSQL + PostGIS: import, size, map views and memory, in one run.

A throw-away cluster (``geo.store.pgcluster``) is started in a temporary folder
and filled with synthetic claims (``bench.synthetic``: the curated claims copied
with shifted dates and other places) twice: at ``--small`` (default 10,000),
checked as data files and imported with claimmap's importer (``db import``), and
at ``--claims`` (default 1,000,000) in bulk: the bundled places, sources and
groups with the importer, then the claims through the importer's own INSERT
statement in batches of 50,000 (data files of a million claims would take some
15 GB to check in memory; the database does the same work either way: audit
entries, place links, geometry, indexes, references, roles). Printed:

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
  the query API's in-memory path (``view_of_dataset``, the reference the SQL
  paths are tested against; SQLite stores now compute views in SQL,
  ``geo.store.viewlite``). Ratios are query API / in-memory (goal <= 0.1x). The in-memory path runs
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
import signal
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
SETTINGS = {
    "shared_buffers": "1GB",
    "maintenance_work_mem": "256MB",
    "work_mem": "64MB",
    "max_wal_size": "8GB",
}
#: Stores up to this size are filled from data files with the importer; larger ones in bulk.
FILES_UP_TO = 100_000
#: Claims per transaction when inserting in bulk.
BULK = 50_000
#: Bytes of memory the in-memory path needs per claim (Dataset and ClaimIndex, measured at 100k).
MEMORY_PER_CLAIM = 8_000


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


def import_files(engine: Any, n: int, tmp: Path) -> float:
    """Import ``n`` claims from checked data files with claimmap's importer; return seconds."""
    from geo.store.importer import import_dataset

    dataset, check_s = checked_data(n, tmp)
    start = time.perf_counter()
    import_dataset(engine, dataset, who="bench", note="bench", seeds=tmp / "no-seeds")
    import_s = time.perf_counter() - start
    print(f"{n:>9} claims from files with the importer (db import): checked in {check_s:.1f} s, "
          f"imported in {import_s:.1f} s ({n / import_s:,.0f} claims/s) "
          f"[load average {os.getloadavg()[0]:.1f}]", flush=True)  # fmt: skip
    return import_s


def insert_bulk(engine: Any, n: int, tmp: Path) -> float:
    """Insert ``n`` claims in batches of BULK rows (the importer's INSERT and the triggers).

    A million claims read from data files would need some 15 GB here (parsed and
    validated at once), so the bundled places, sources and groups are imported
    with the importer and the claims (``bench.synthetic.synthetic_claims``) go
    through the same INSERT statement the importer uses, a batch per transaction:
    the database does all it does for an import (audit entries, place links,
    geometry, indexes, checks of references and roles).
    """
    from bench.synthetic import synthetic_claims
    from geo.dataset import load_dataset
    from geo.paths import PACKAGE_DATA_DIR
    from geo.store import audit
    from geo.store import schema as t
    from geo.store.engine import writing
    from geo.store.importer import import_dataset
    from geo.store.rows import claim_row

    bundled = load_dataset(PACKAGE_DATA_DIR)
    import_dataset(engine, bundled.select(()), who="bench", seeds=tmp / "no-seeds")
    start, batch = time.perf_counter(), []
    for position, claim in enumerate(synthetic_claims(n)):
        batch.append({**claim_row(claim), "position": position, "version": 1})
        if len(batch) == BULK or position == n - 1:
            with writing(engine) as conn:
                audit.begin(conn, None, "bench bulk insert")
                conn.execute(t.claims.insert(), batch)
            batch = []
    seconds = time.perf_counter() - start
    print(f"{n:>9} claims inserted in batches of {BULK:,} in {seconds:.1f} s "
          f"({n / seconds:,.0f} claims/s) [load average {os.getloadavg()[0]:.1f}]",
          flush=True)  # fmt: skip
    return seconds


def fill(cluster: Any, n: int, tmp: Path, files: bool) -> str:
    """Create a store of ``n`` claims (from files, or in bulk); return its URL."""
    from geo.store.engine import connect
    from geo.store.migrate import migrate

    url = cluster.create_database(f"claims_{n}")
    engine = connect(url, create=True)
    try:
        migrate(engine)
        (import_files if files else insert_bulk)(engine, n, tmp)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            start = time.perf_counter()
            conn.exec_driver_sql("VACUUM ANALYZE")
            print(f"    VACUUM ANALYZE {time.perf_counter() - start:.1f} s", flush=True)
    finally:
        engine.dispose()
    gc.collect()
    return url


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


def available_memory() -> int:
    """MemAvailable of /proc/meminfo, in bytes (0 when unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def memory_size(wanted: int) -> int:
    """The size the in-memory path runs at: ``wanted`` if memory allows, else 100,000 or less."""
    free = available_memory()
    if wanted * MEMORY_PER_CLAIM * 1.5 <= free:
        return wanted
    fallback = min(wanted, 100_000)
    print(f"  (in-memory path: {wanted:,} claims would need about "
          f"{wanted * MEMORY_PER_CLAIM / 1e9:.0f} GB, {free / 1e9:.0f} GB available: "
          f"measured at {fallback:,})", flush=True)  # fmt: skip
    return fallback


def run(args: argparse.Namespace, tmp: Path) -> None:
    from geo.store.pgcluster import LocalCluster

    cluster = LocalCluster.start(Path(tempfile.mkdtemp(prefix="bench-pg-")), SETTINGS)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the cluster on kill
    try:
        urls, api, rss = {}, {}, {}
        for n in (args.small, args.claims):
            urls[n] = fill(cluster, n, tmp, files=n <= FILES_UP_TO)
            print(f"    {sizes(urls[n])}", flush=True)
            api[n] = server_views(urls[n], args.repeat)
            rss[n] = view_rss(urls[n])
        memory = None
        wanted = args.claims if args.memory_claims is None else args.memory_claims
        memory_n = memory_size(wanted) if wanted else 0
        if memory_n:
            if memory_n not in urls:
                urls[memory_n] = fill(cluster, memory_n, tmp, files=memory_n <= FILES_UP_TO)
                api[memory_n] = server_views(urls[memory_n], args.repeat)
            memory = in_memory(urls[memory_n], args.repeat)
        report(args.claims, args.small, api[memory_n if memory else args.claims], memory, rss,
               memory_n)  # fmt: skip
    finally:
        cluster.stop()


def arguments(doc: str, argv: list[str] | None, main: bool) -> argparse.Namespace:
    """Read the options of the PostgreSQL benches (this one and ``bench_bigview``).

    ``main``: run as a script (``sys.argv``); else ``python -m bench`` gives none.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--memory-claims", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args(argv if argv is not None else sys.argv[1:] if main else [])


def main(argv: list[str] | None = None) -> None:
    args = arguments(__doc__, argv, __name__ == "__main__")
    with tempfile.TemporaryDirectory(prefix="bench-pg-data-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
