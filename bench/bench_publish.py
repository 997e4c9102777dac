"""Printed outputs (PNG, SVG map; PDF brief) against plain geopandas/matplotlib, same run.

For the curated data (116 claims) and a synthetic data set (10,000 claims copied
from the curated ones with other places and dates, ``bench.synthetic``), time,
median of R runs, writing to a temporary file:

- claimmap: ``layers.publish.write_static`` (projected map, labels placed without
  overlaps, legend, scale bar, footer; the PDF brief with an entry per claim);
- baseline map: what a competent geopandas user writes for a quick static map:
  Natural Earth countries and the claims' places and routes as GeoDataFrames,
  ``.plot()`` in longitude/latitude, a name annotated at every place (no
  collision handling), ``legend=True``, ``savefig`` at the same size and dpi;
- baseline PDF: matplotlib ``PdfPages`` with the same entries' text wrapped by
  ``textwrap`` and one ``fig.text`` per line, 60 lines per A4 page.

The PDF of the synthetic set is drawn for ``--pdf-claims`` claims (default
1,000; ``--pdf-claims 10000`` for all, several minutes). Prints seconds and
claimmap/baseline ratios. Usage: ``python -m bench.bench_publish [--claims N]
[--pdf-claims N] [--repeat R]``.
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

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WIDTH_PX, DPI = 2400, 200


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline_map(dataset, path: Path) -> None:
    """A plain geopandas map of the claims' places and routes, names annotated."""
    import geopandas as gpd
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from shapely.geometry import LineString, Point, shape

    from geo.boundaries import outline_features

    rows, lines = [], []
    for claim in dataset.claims:
        places = [dataset.places[p] for p in claim.places]
        if claim.mode and len(places) >= 2:
            lines.append(
                {"type": claim.type, "geometry": LineString([(p.lon, p.lat) for p in places])}
            )
        for p in places:
            rows.append({"type": claim.type, "name": p.name, "geometry": Point(p.lon, p.lat)})
    points = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    countries = gpd.GeoDataFrame(
        [
            {"name": f["properties"]["name"], "geometry": shape(f["geometry"])}
            for f in outline_features((36, 24, 64, 40), 0.01)["features"]
        ],
        crs="EPSG:4326",
    )
    fig, ax = plt.subplots(figsize=(WIDTH_PX / DPI, WIDTH_PX / DPI * 0.6))
    countries.plot(ax=ax, color="#f6f4f0", edgecolor="#a59f96")
    if lines:
        gpd.GeoDataFrame(lines, crs="EPSG:4326").plot(ax=ax, column="type", linewidth=2)
    if len(points):
        points.plot(ax=ax, column="type", legend=True, markersize=40)
        for name, group in points.groupby("name"):
            ax.annotate(name, (group.geometry.x.iloc[0], group.geometry.y.iloc[0]), fontsize=8)
    ax.set_title("Reported claims")
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def baseline_pdf(dataset, path: Path) -> None:
    """The same entries' text, wrapped by textwrap, one fig.text per line, 60 lines a page."""
    import textwrap

    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from layers.publish.entries import claim_entry, entry_order

    lines = []
    for number, claim in enumerate(entry_order(dataset.claims), 1):
        entry = claim_entry(dataset, claim, number)
        lines.append(entry.heading)
        for label, value, _ in entry.fields:
            lines += textwrap.wrap(f"{label}: {value}", 110) or [""]
    with PdfPages(path) as pdf:
        for start in range(0, len(lines), 60):
            fig = Figure(figsize=(8.27, 11.69))
            for i, line in enumerate(lines[start : start + 60]):
                fig.text(0.08, 0.95 - i * 0.015, line, fontsize=8, parse_math=False)
            pdf.savefig(fig)


def bench(name: str, dataset, repeat: int, pdf_claims: int | None) -> None:
    from layers.publish import PrintOptions, write_static

    options = PrintOptions(width_px=WIDTH_PX, dpi=DPI)
    print(f"{name}: {len(dataset.claims)} claims")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for fmt in ("png", "svg"):
            ours = median_time(
                lambda f=fmt: write_static(dataset, f, out / f"m.{f}", options), repeat
            )
            base = median_time(lambda f=fmt: baseline_map(dataset, out / f"b.{f}"), repeat)
            print(
                f"  {fmt} map   claimmap {ours:7.2f} s   geopandas plot {base:7.2f} s   "
                f"ratio {ours / base:4.1f}x"
            )
        view = dataset if pdf_claims is None else dataset.select(dataset.claims[:pdf_claims])
        pages = []
        ours = median_time(
            lambda: pages.append(write_static(view, "pdf", out / "b.pdf", options).pages), 1
        )
        base = median_time(lambda: baseline_pdf(view, out / "n.pdf"), 1)
        print(
            f"  pdf brief ({len(view.claims)} claims, {pages[-1]} pages)   claimmap {ours:7.2f} s"
            f"   naive PdfPages {base:7.2f} s   ratio {ours / base:4.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--pdf-claims", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from bench.synthetic import synthetic_dataset
    from geo.dataset import load_dataset

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bench("curated data", load_dataset(), args.repeat, None)
    bench("synthetic", synthetic_dataset(args.claims), args.repeat, args.pdf_claims)


if __name__ == "__main__":
    main()
