"""Reading claims from the store against reading the YAML data files, in the same run.

For each size (default 20,000 and 100,000 claims, made by ``bench.synthetic``'s
``synthetic_data``: the curated claims copied with shifted dates and other
places, as valid data files), the same data is read two ways into a complete
``geo.dataset.Dataset`` (models, gazetteer, provenance analysis):

- files: ``geo.dataset.load_dataset(DIR)``, what every command did until now
  (libyaml's parser and claimmap's fast node builder, pydantic validation);
- store: ``geo.store.read.load_store_dataset(engine)`` on an SQLite store filled
  from the same files by ``import_dataset`` (one bulk SELECT per table, models
  built without validation, the same ``build_dataset``), a new engine each time.

Median of ``--repeat`` runs each; the ratio is store / files (goal <= 0.2), in
wall time and in this process's CPU time (the machine is shared: CPU time is
the steadier figure when others run; the load average is printed with each
size). Also printed: the store's import time and file size.

Usage: ``python -m bench.bench_store [--sizes 20000,100000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL = 0.2


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall time and median CPU time of this process over ``repeat`` calls, and a value."""
    walls, cpus, value = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), value


def fill_store(data: Path, path: Path) -> tuple[str, float]:
    from geo.check import check_data_dir
    from geo.store.engine import connect
    from geo.store.importer import import_dataset
    from geo.store.migrate import migrate

    url = f"sqlite:///{path}"
    start = time.perf_counter()
    engine = connect(url, create=True)
    migrate(engine)
    dataset = check_data_dir(data, quotes=False).dataset
    import_dataset(engine, dataset, who="bench", seeds=path.parent / "no-seeds")
    engine.dispose()
    return url, time.perf_counter() - start


def read_store(url: str) -> Any:
    from geo.store.engine import connect
    from geo.store.read import load_store_dataset

    engine = connect(url)
    try:
        return load_store_dataset(engine)
    finally:
        engine.dispose()


def one_size(n: int, repeat: int, tmp: Path) -> float:
    from bench.synthetic import synthetic_data
    from geo.dataset import load_dataset

    data = synthetic_data(n, tmp / f"data-{n}")
    url, fill_s = fill_store(data, tmp / f"store-{n}.sqlite")
    size_mb = (tmp / f"store-{n}.sqlite").stat().st_size / 1e6
    files_s, files_cpu, from_files = timed(lambda: load_dataset(data), repeat)
    store_s, store_cpu, from_store = timed(lambda: read_store(url), repeat)
    assert len(from_files.claims) == len(from_store.claims) == n
    assert len(from_files.analysis.conflicts) == len(from_store.analysis.conflicts)
    ratio, cpu_ratio = store_s / files_s, store_cpu / files_cpu
    load = os.getloadavg()[0]
    print(
        f"{n:>7} claims  files {files_s:6.2f} s  store {store_s:6.2f} s  ratio {ratio:.3f}x "
        f"(goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'});  CPU time: files "
        f"{files_cpu:.2f} s, store {store_cpu:.2f} s, ratio {cpu_ratio:.3f}x  "
        f"[import {fill_s:.1f} s, store {size_mb:.0f} MB, load avg {load:.1f}]",
        flush=True,
    )
    return ratio


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(
        argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else []
    )
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            one_size(n, args.repeat, Path(tmp))


if __name__ == "__main__":
    main()
