"""The HTML map export at 1k, 10k and 100k points, against folium's plain ways.

For each size, synthetic claims (``tests.layers_factory.synthetic_collections``:
N point features with one claim each, plus N/200 routes, flights and areas) are
exported and opened in Debian's chromium with every outside request refused:

- claimmap, clusters: ``export_html(..., cluster=True)`` (Leaflet.markercluster);
- claimmap, canvas: ``export_html(..., cluster=False, renderer="canvas")``;
- folium GeoJson from a GeoDataFrame (the same features and claim text as columns,
  circle markers), the GeoDataFrame built beforehand (not timed);
- folium, one CircleMarker per point (skipped above 10,000 points: minutes).

Every map gets Leaflet inlined the same way, so each page opens offline. Measured:
build (Python, to a written file), file size, time until drawn in chromium (from
navigation start until claimmap says it is ready, or the load event for folium's
pages, plus two animation frames) and the time of one 300 px pan (until two frames
after ``panBy``, median of 5). Ratios are against the GeoDataFrame path, measured in
the same run. Goals at 100k: build <= 0.25x, drawn <= 0.5x, pan <= 0.2 s. The
machine is shared: the load average is printed with each size.

Usage: ``python -m bench.bench_export [--sizes 1000,10000,100000] [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The same chromium and flags as the browser tests (one list, kept there).
from tests.browser.conftest import CHROMIUM  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS as FLAGS  # noqa: E402

ONE_MARKER_LIMIT = 10_000
GOALS = {"build": 0.25, "drawn": 0.5, "pan_s": 0.2}
GOAL_SIZE = 100_000

DRAWN_CLAIMMAP = """async () => {
  await new Promise((resolve) => window.claimmap.whenReady(resolve));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now();
}"""
DRAWN_FOLIUM = """async () => {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now();
}"""
PAN = """async ([dx, dy]) => {
  const map = window.claimmap ? window.claimmap.map
    : Object.values(window).find((v) => v instanceof L.Map);
  const t0 = performance.now();
  map.panBy([dx, dy], { animate: false });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def inline_leaflet(m: Any) -> None:
    """Give a plain folium map the same inlined Leaflet as claimmap's pages."""
    from layers import assets
    from layers.claimlayer import RawHTML

    m.default_js, m.default_css = [], []
    header = m.get_root().header
    for name, css in assets.inline_css((assets.LEAFLET,)):
        header.add_child(RawHTML(f"<style>{css}</style>"), name=name)
    for name, js in assets.inline_js((assets.LEAFLET,)):
        header.add_child(RawHTML(f"<script>{js}</script>"), name=name)


def to_frame(collections: dict) -> Any:
    """The same features as a GeoDataFrame, the first claim's text as columns."""
    import geopandas as gpd
    from shapely.geometry import shape

    rows, geoms = [], []
    for fc in collections.values():
        for f in fc["features"]:
            p = f["properties"]
            c = p["claims"][0]
            rows.append(
                {
                    "feature_id": p["feature_id"],
                    "layer": p["layer"],
                    "label": p["label"],
                    "type": p["primary_type"],
                    "event_start": p["event_start"],
                    "event_end": p["event_end"],
                    "statement": c["statement"],
                    "quote": c["quote"],
                    "claimant": c["claimant"],
                    "outlet": c["outlet"],
                    "url": c["url"],
                    "status": c["status"],
                    "precision_m": p["precision_m"],
                }
            )
            geoms.append(shape(f["geometry"]))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def build_claimmap(collections: dict, path: Path, cluster: bool) -> None:
    from layers.html import export_html

    export_html(collections, path, cluster=cluster, renderer="canvas")


def build_geodataframe(frame: Any, path: Path) -> None:
    import folium

    m = folium.Map(location=[33.5, 47.0], zoom_start=5, tiles=None)
    inline_leaflet(m)
    folium.GeoJson(frame, marker=folium.CircleMarker(radius=4, fill=True)).add_to(m)
    m.save(str(path))


def build_one_marker(collections: dict, path: Path) -> None:
    import folium

    m = folium.Map(location=[33.5, 47.0], zoom_start=5, tiles=None)
    inline_leaflet(m)
    for fc in collections.values():
        for f in fc["features"]:
            geometry = f["geometry"]
            if geometry["type"] != "Point":
                continue
            lon, lat = geometry["coordinates"]
            folium.CircleMarker([lat, lon], radius=4, tooltip=f["properties"]["label"]).add_to(m)
    m.save(str(path))


class Browser:
    """Chromium with every outside request refused."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)

    def measure(self, path: Path, claimmap: bool) -> tuple[float, float, int]:
        """Seconds until drawn, median seconds of one pan, and outside requests tried."""
        context = self._browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        refused: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                refused.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.set_default_timeout(600_000)
        try:
            page.goto(path.as_uri(), wait_until="load", timeout=600_000)
            drawn_ms = page.evaluate(DRAWN_CLAIMMAP if claimmap else DRAWN_FOLIUM)
            moves = ([300, 150], [-300, -150]) * 2 + ([300, 150],)
            pans = sorted(page.evaluate(PAN, d) for d in moves)
        finally:
            context.close()
        return drawn_ms / 1000, pans[len(pans) // 2] / 1000, len(refused)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def run_size(n: int, browser: Browser, tmp: Path) -> dict[str, dict[str, Any]]:
    from tests.layers_factory import synthetic_collections

    collections = synthetic_collections(n)
    features = sum(len(fc["features"]) for fc in collections.values())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{n:,} points ({features:,} map features with one claim each; "
        f"load average {load} on {os.cpu_count()} cores)",
        flush=True,
    )
    print(f"  {'approach':34} {'build s':>8} {'size MB':>8} {'drawn s':>8} {'pan s':>7}")
    results: dict[str, dict[str, Any]] = {}

    def one(name: str, build: Callable[[Path], None], claimmap: bool) -> None:
        path = tmp / f"{name.replace(' ', '_')}_{n}.html"
        seconds, _ = timed(lambda: build(path))
        size = path.stat().st_size / 1e6
        drawn, pan, refused = browser.measure(path, claimmap)
        results[name] = {"build": seconds, "size": size, "drawn": drawn, "pan_s": pan}
        note = f"  ({refused} outside requests refused)" if refused else ""
        print(f"  {name:34} {seconds:8.2f} {size:8.1f} {drawn:8.2f} {pan:7.3f}{note}", flush=True)
        path.unlink()

    one("claimmap, clusters", lambda p: build_claimmap(collections, p, True), True)
    one("claimmap, canvas", lambda p: build_claimmap(collections, p, False), True)
    frame = to_frame(collections)
    one("folium GeoJson(GeoDataFrame)", lambda p: build_geodataframe(frame, p), False)
    if n <= ONE_MARKER_LIMIT:
        one("folium one marker per point", lambda p: build_one_marker(collections, p), False)
    else:
        print(
            f"  {'folium one marker per point':34} skipped above {ONE_MARKER_LIMIT:,} points "
            "(minutes to build and draw)"
        )
    base = results["folium GeoJson(GeoDataFrame)"]
    for name in ("claimmap, clusters", "claimmap, canvas"):
        r = results[name]
        print(
            f"  {name}: build {r['build'] / base['build']:.2f}x, "
            f"drawn {r['drawn'] / base['drawn']:.2f}x, size {r['size'] / base['size']:.2f}x "
            f"of the GeoDataFrame path; pan {r['pan_s']:.3f} s "
            f"({r['pan_s'] / base['pan_s']:.2f}x)"
        )
    return results


def verdict(n: int, results: dict[str, dict[str, Any]]) -> None:
    base = results["folium GeoJson(GeoDataFrame)"]
    print(
        f"\ngoals at {n:,} points (build <= {GOALS['build']}x, drawn <= {GOALS['drawn']}x "
        f"of the GeoDataFrame path, pan <= {GOALS['pan_s']} s):"
    )
    for name in ("claimmap, clusters", "claimmap, canvas"):
        r = results[name]
        checks = [
            ("build", r["build"] / base["build"] <= GOALS["build"]),
            ("drawn", r["drawn"] / base["drawn"] <= GOALS["drawn"]),
            ("pan", r["pan_s"] <= GOALS["pan_s"]),
        ]
        met = ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in checks)
        print(f"  {name}: {met}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="comma-separated point counts (default 1000,10000,100000)",
    )
    parser.add_argument("--quick", action="store_true", help="1,000 and 5,000 points only")
    args = parser.parse_args([] if argv is None else argv)
    sizes = [1000, 5000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    if not os.access(CHROMIUM, os.X_OK):
        print(f"bench_export: {CHROMIUM} not found", file=sys.stderr)
        return 1
    from layers.basemap import border_features
    from layers.html import render_html
    from tests.layers_factory import synthetic_collections

    border_features({})  # read Natural Earth once, outside the timings
    render_html(synthetic_collections(10), cluster=True)  # and the vendor files
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
            results = {n: run_size(n, browser, Path(tmp)) for n in sizes}
    finally:
        browser.close()
    if max(sizes) >= GOAL_SIZE:
        verdict(max(sizes), results[max(sizes)])
    else:
        print(f"\nthe goals are set at {GOAL_SIZE:,} points: run with --sizes ...,{GOAL_SIZE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
