"""The HTML map export at 1k, 10k and 100k points, against folium's fair baselines.

For each size, synthetic claims (``bench.layers_factory.synthetic_collections``:
N point features with one claim each, plus N/200 routes, flights and areas) are
exported and opened in Debian's chromium with every outside request refused.

Baselines, measured in the same run, with Leaflet inlined the same way:

- **folium GeoJson(dict)**: what a competent folium user writes for a large layer:
  ``folium.Map(prefer_canvas=True)``, the same features as one GeoJSON dict with
  each feature's first claim (statement, quote, claimant, outlet, url, dates,
  status) as properties, drawn as ``CircleMarker`` s with a ``GeoJsonPopup`` of the
  claim text;
- **folium FastMarkerCluster**: the points only (``[[lat, lon], ...]``, no claim
  text), clustered in the browser by Leaflet.markercluster: folium's fast path
  for many points, and the reference for panning.

claimmap: ``export_html(collections)`` as ``claimmap export`` writes it (compact
columns, claim words compressed and decoded on demand, points counted per cell
above 2,000, lines as flows above 300).

Measured: build (Python, to a written file), file size, time until drawn (from
navigation start until claimmap says it is ready, or folium's script has run, plus
two animation frames; noted in the page, not at its load event, since claimmap's
export places the claims' words after the map's script) and one 300 px pan (until
two frames after ``panBy``, median of 5). Goals at 100k: drawn <= 0.3x and size <= 0.5x folium
GeoJson(dict); a pan <= 0.2 s, set beside FastMarkerCluster's. The machine is
shared: the load average is printed with each size.

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
from bench.chromium import CHROMIUM  # noqa: E402
from bench.chromium import CHROMIUM_FLAGS as FLAGS  # noqa: E402

GOALS = {"drawn": 0.3, "size": 0.5, "pan_s": 0.2}
GOAL_SIZE = 100_000
GEOJSON = "folium GeoJson(dict), canvas"
FAST = "folium FastMarkerCluster"
OURS = "claimmap export"
#: The claim fields a folium user would put in the GeoJSON properties and its popup.
CLAIM_FIELDS = ("statement", "quote", "claimant", "outlet", "url", "event_start", "event_end",
                "status")  # fmt: skip

#: Runs before the page: notes when the map is drawn (claimmap: ready; folium: its script,
#: the last thing the parser runs, has run), plus two frames. Not the load event: claimmap's
#: export puts the claims' words after its script, to be read when a popup asks for them.
DRAWN_HOOK = """(() => {
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const noteDrawn = () => frames().then(() => { window.__drawn = performance.now(); });
  let api;
  Object.defineProperty(window, 'claimmap', { configurable: true,
    get() { return api; },
    set(value) { api = value; value.whenReady(noteDrawn); } });
  document.addEventListener('DOMContentLoaded', () => { if (!api) { noteDrawn(); } });
})();"""
DRAWN = """async () => {
  while (window.__drawn === undefined) { await new Promise((r) => setTimeout(r, 20)); }
  return window.__drawn;
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


def inline_vendor(m: Any, names: tuple[str, ...]) -> None:
    """Give a plain folium map the same inlined vendor files as claimmap's pages."""
    from layers import assets
    from layers.claimlayer import RawHTML

    m.default_js, m.default_css = [], []
    header = m.get_root().header
    for name, css in assets.inline_css(names):
        header.add_child(RawHTML(f"<style>{css}</style>"), name=name)
    for name, js in assets.inline_js(names):
        header.add_child(RawHTML(f"<script>{js}</script>"), name=name)


def geojson_dict(collections: dict) -> dict:
    """The features as one GeoJSON dict, each with its first claim's words as properties."""
    features = []
    for fc in collections.values():
        for f in fc["features"]:
            props = f["properties"]
            claim = props["claims"][0]
            features.append({
                "type": "Feature", "geometry": f["geometry"],
                "properties": {"feature_id": props["feature_id"], "label": props["label"],
                               "type": props["primary_type"],
                               **{k: claim.get(k) for k in CLAIM_FIELDS}},
            })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def build_ours(collections: dict, path: Path) -> None:
    from layers.html import export_html

    export_html(collections, path)


def build_geojson(data: dict, path: Path) -> None:
    import folium

    m = folium.Map(location=[33.5, 47.0], zoom_start=5, tiles=None, prefer_canvas=True)
    inline_vendor(m, ("leaflet",))
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=4, fill=True),
        popup=folium.GeoJsonPopup(fields=["statement", "quote", "claimant", "outlet"]),
    ).add_to(m)
    m.save(str(path))


def build_fast_cluster(collections: dict, path: Path) -> None:
    import folium
    from folium.plugins import FastMarkerCluster

    points = [
        [f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]]
        for fc in collections.values()
        for f in fc["features"]
        if f["geometry"]["type"] == "Point"
    ]
    m = folium.Map(location=[33.5, 47.0], zoom_start=5, tiles=None)
    inline_vendor(m, ("leaflet", "leaflet.markercluster"))
    cluster = FastMarkerCluster(points)
    cluster.default_js, cluster.default_css = [], []  # inlined above, not from a CDN
    cluster.add_to(m)
    m.save(str(path))


class Browser:
    """Chromium with every outside request refused."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)

    def measure(self, path: Path) -> tuple[float, float, int]:
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
        page.add_init_script(DRAWN_HOOK)
        page.set_default_timeout(600_000)
        try:
            page.goto(path.as_uri(), wait_until="load", timeout=600_000)
            drawn_ms = page.evaluate(DRAWN)
            moves = ([300, 150], [-300, -150]) * 2 + ([300, 150],)
            pans = sorted(page.evaluate(PAN, d) for d in moves)
        finally:
            context.close()
        return drawn_ms / 1000, pans[len(pans) // 2] / 1000, len(refused)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def run_size(n: int, browser: Browser, tmp: Path) -> dict[str, dict[str, Any]]:
    from bench.layers_factory import synthetic_collections

    collections = synthetic_collections(n)
    features = sum(len(fc["features"]) for fc in collections.values())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{n:,} points ({features:,} map features with one claim each; "
        f"load average {load} on {os.cpu_count()} cores)",
        flush=True,
    )
    print(f"  {'approach':32} {'build s':>8} {'size MB':>8} {'drawn s':>8} {'pan s':>7}")
    results: dict[str, dict[str, Any]] = {}

    def one(name: str, build: Callable[[Path], None]) -> None:
        path = tmp / f"{name.split()[0]}_{n}.html"
        seconds, _ = timed(lambda: build(path))
        size = path.stat().st_size / 1e6
        drawn, pan, refused = browser.measure(path)
        results[name] = {"build": seconds, "size": size, "drawn": drawn, "pan_s": pan}
        note = f"  ({refused} outside requests refused)" if refused else ""
        print(f"  {name:32} {seconds:8.2f} {size:8.1f} {drawn:8.2f} {pan:7.3f}{note}", flush=True)
        path.unlink()

    one(OURS, lambda p: build_ours(collections, p))
    data = geojson_dict(collections)  # built beforehand: not part of the timing
    one(GEOJSON, lambda p: build_geojson(data, p))
    one(FAST, lambda p: build_fast_cluster(collections, p))
    ours, base, fast = results[OURS], results[GEOJSON], results[FAST]
    print(
        f"  claimmap / GeoJson(dict): build {ours['build'] / base['build']:.2f}x, "
        f"size {ours['size'] / base['size']:.2f}x, drawn {ours['drawn'] / base['drawn']:.2f}x, "
        f"pan {ours['pan_s'] / base['pan_s']:.2f}x"
    )
    print(
        f"  claimmap / FastMarkerCluster: drawn {ours['drawn'] / fast['drawn']:.2f}x, "
        f"pan {ours['pan_s'] / fast['pan_s']:.2f}x ({ours['pan_s']:.3f} s vs "
        f"{fast['pan_s']:.3f} s), size {ours['size'] / fast['size']:.2f}x "
        "(FastMarkerCluster carries no claim text)"
    )
    return results


def verdict(n: int, results: dict[str, dict[str, Any]]) -> None:
    ours, base = results[OURS], results[GEOJSON]
    checks = [
        (
            f"drawn <= {GOALS['drawn']}x GeoJson(dict)",
            ours["drawn"] / base["drawn"] <= GOALS["drawn"],
        ),
        (f"size <= {GOALS['size']}x GeoJson(dict)", ours["size"] / base["size"] <= GOALS["size"]),
        (f"pan <= {GOALS['pan_s']} s", ours["pan_s"] <= GOALS["pan_s"]),
    ]
    print(
        f"\ngoals at {n:,} points: "
        + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in checks)
    )


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
    from bench.layers_factory import synthetic_collections
    from layers.basemap import border_features
    from layers.html import render_html

    print(
        "baselines: " + GEOJSON + ": folium.Map(prefer_canvas=True) + folium.GeoJson(dict, "
        "marker=CircleMarker, popup=GeoJsonPopup of the claim text); " + FAST + ": "
        "FastMarkerCluster([[lat, lon], ...]) (points only). Leaflet inlined in all pages."
    )
    border_features({})  # read Natural Earth once, outside the timings
    render_html(synthetic_collections(10))  # and the vendor files
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
