"""Map layers as plain dicts vs through GeoDataFrames, and the export writers.

For the curated data and a synthetic data set (default 10,000 claims over the
test factory's places), time, median of R runs:

- dicts: ``layers.features.layer_collections`` (what the map and HTML use);
- naive: ``layers.build.build_layers`` then each GeoDataFrame back to GeoJSON
  (``to_json``), the way a renderer fed from GeoDataFrames would pay;
- the GeoJSON, CSV and KML exports, each written to a temporary file.

Prints seconds and the naive/dicts ratio. Usage:
``python -m bench.bench_layers [--claims N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(name: str, dataset, repeat: int) -> None:
    from claimmap.exports import write
    from layers.build import build_layers
    from layers.features import layer_collections

    def naive() -> None:
        for frame in build_layers(dataset).values():
            frame.to_json()

    dicts = median_time(lambda: layer_collections(dataset), repeat)
    frames = median_time(naive, repeat)
    features = sum(len(c["features"]) for c in layer_collections(dataset).values())
    print(f"{name}: {len(dataset.claims)} claims, {features} layer features")
    print(f"  layer_collections (dicts)          {dicts:8.3f} s")
    ratio = frames / dicts
    print(f"  build_layers + to_json (naive)     {frames:8.3f} s   naive/dicts {ratio:5.1f}x")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("geojson", "csv", "kml"):
            path = Path(tmp) / f"out.{fmt}"
            seconds = median_time(
                lambda fmt=fmt, path=path: write(fmt, dataset, path), repeat
            )
            size = path.stat().st_size / 1e6
            print(f"  export {fmt:<8}                    {seconds:8.3f} s   {size:6.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from geo.dataset import load_dataset
    from tests.dataset_factory import synthetic_dataset

    bench("curated data", load_dataset(), args.repeat)
    bench("synthetic", synthetic_dataset(args.claims), args.repeat)


if __name__ == "__main__":
    main()
