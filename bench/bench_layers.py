"""Map layers as plain dicts vs through GeoDataFrames, and the export writers.

For the curated data and a synthetic data set (default 10,000 claims over the
test factory's places), time, median of R runs:

- dicts: ``layers.features.layer_collections`` (what the map and HTML use);
- geopandas: the same features through ``GeoDataFrame.from_features`` and back to
  GeoJSON (``to_json``), the way a renderer fed from GeoDataFrames would pay;
- the GeoJSON, CSV and KML exports, each written to a temporary file.

Prints seconds and the geopandas/dicts ratio. Usage:
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


def through_geopandas(collections: dict) -> None:
    """The baseline: each layer as a GeoDataFrame (EPSG:4326), then GeoJSON text."""
    import geopandas as gpd

    for collection in collections.values():
        gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326").to_json()


def bench(name: str, dataset, repeat: int) -> None:
    from claimmap.exports import write
    from layers.features import layer_collections

    collections = layer_collections(dataset)
    dicts = median_time(lambda: layer_collections(dataset), repeat)
    frames = median_time(
        lambda: (layer_collections(dataset), through_geopandas(collections)), repeat
    )
    features = sum(len(c["features"]) for c in collections.values())
    print(f"{name}: {len(dataset.claims)} claims, {features} layer features")
    print(f"  layer_collections (dicts)            {dicts:8.3f} s")
    ratio = frames / dicts
    print(f"  + GeoDataFrame.from_features/to_json {frames:8.3f} s   geopandas/dicts {ratio:5.1f}x")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("geojson", "csv", "kml"):
            path = Path(tmp) / f"out.{fmt}"
            seconds = median_time(lambda fmt=fmt, path=path: write(fmt, dataset, path), repeat)
            size = path.stat().st_size / 1e6
            print(f"  export {fmt:<8}                      {seconds:8.3f} s   {size:6.2f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args([] if argv is None else argv)  # `python -m bench` passes none

    from bench.synthetic import synthetic_dataset
    from geo.dataset import load_dataset

    bench("curated data", load_dataset(), args.repeat)
    bench("synthetic", synthetic_dataset(args.claims), args.repeat)


if __name__ == "__main__":
    main()
