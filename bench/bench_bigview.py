"""The dashboard's large-store page: a date + type filter to a drawn map, against the full page.

One run, one throw-away PostgreSQL cluster filled as ``bench.bench_pg`` fills it
(``--claims`` synthetic claims, default 1,000,000; ``--small`` for the memory
ratio). Printed, each the median of ``--repeat`` after one warm-up:

- the large-store page's path for one filter change (``claimmap.dashboard.bigpage``):
  the database's view through a logged-in ``StoreSession`` (``bigview.query_of``,
  ``StoreSession.view``), the page of its map (``layers.viewmap.view_map_html``), and
  the map drawn in Debian's chromium (the page opened until its script says the view
  is drawn); the sum is "filter to drawn map" (goal <= 1 s);
- the full page's path for the same filter on the same data (the fair baseline: what
  the dashboard does for stores it reads into memory): per filter change
  ``Filters.apply``, ``layer_collections`` and the Folium map's HTML
  (``layers.render.build_map``) with the data set and index already in memory
  ("warm"), plus reading and indexing the store ("cold", each new data version);
  run at ``--memory-claims`` (default: as many as memory allows, see
  ``bench_pg.memory_size``); ratios large-store / full (goal <= 0.1x);
- the peak RSS of a fresh process that logs in and runs the page's path three
  times, at ``--small`` and ``--claims`` (goal <= 1.2x).

Usage: ``python -m bench.bench_bigview [--claims N] [--small N] [--memory-claims N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bench_pg  # noqa: E402
from bench.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

GOAL_SECONDS, GOAL_RATIO, GOAL_MEMORY = 1.0, 0.1, 1.2
WINDOW, TYPES = (bench_pg.START, bench_pg.END), bench_pg.TYPES


def page_filter():
    """The filter state timed on both pages: the date window and the claim types."""
    from claimmap.dashboard.filters import Filters

    return Filters(start=WINDOW[0], end=WINDOW[1], types=TYPES)


USER, PASSWORD = "bench_reader", "bench-reader-pass-1"


def add_reader(url: str) -> None:
    """Give the store a reader login (the page logs in as one)."""
    from geo.store.engine import connect
    from geo.store.server import grant_login

    engine = connect(url)
    try:
        grant_login(engine, USER, "reader", PASSWORD)
    finally:
        engine.dispose()


def bare(url: str) -> str:
    from sqlalchemy.engine import URL, make_url

    full = make_url(url)
    return URL.create(
        full.drivername, host=full.host, port=full.port, database=full.database
    ).render_as_string(hide_password=False)


class Drawer:
    """Debian's chromium, opening map pages and timing them until drawn.

    The pages link their scripts as the dashboard's do (``asset_mode="static"``):
    a local HTTP server serves ``layers/static`` at ``/app/static``, as Streamlit
    does, so chromium loads Leaflet once and keeps it, as in the dashboard.
    """

    def __init__(self, folder: Path) -> None:
        import functools
        import threading
        from http.server import ThreadingHTTPServer

        from playwright.sync_api import sync_playwright

        self.folder = folder
        (folder / "app").mkdir(exist_ok=True)
        (folder / "app" / "static").symlink_to(ROOT / "layers" / "static")
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        self.page = self.browser.new_page(viewport={"width": 1280, "height": 800})

    def draw(self, page_html: str, ready: str) -> float:
        """Open ``page_html`` and wait for the selector ``ready``; return the seconds it took."""
        (self.folder / "map.html").write_text(page_html, encoding="utf-8")
        start = time.perf_counter()
        self.page.goto(f"http://127.0.0.1:{self.server.server_address[1]}/map.html")
        self.page.wait_for_selector(ready, state="attached", timeout=300_000)
        return time.perf_counter() - start

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()
        self.server.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def large_page(url: str, drawer: Drawer, repeat: int) -> dict[str, float]:
    """Time the large-store page's path for the date + type filter (see the module doc)."""
    from claimmap.dashboard import bigview
    from geo.store.session import StoreSession
    from geo.store.viewlist import view_claims
    from layers.viewmap import view_map_html

    with StoreSession.login(bare(url), USER, PASSWORD) as session:
        query = bigview.query_of(page_filter())
        view_s, view = bench_pg.median_time(lambda: session.view(query), repeat)
        list_s, listed = bench_pg.median_time(
            lambda: view_claims(session.engine, query, "", 500), repeat
        )
    html_s, page = bench_pg.median_time(lambda: view_map_html(view, asset_mode="static"), repeat)
    draw_s, _ = bench_pg.median_time(lambda: drawer.draw(page, "body[data-cm-view-ready]"), repeat)
    shape = f"{len(view.cells['features'])} cells" if view.aggregated else (
        f"{len(view.features['features'])} features")  # fmt: skip
    total = view_s + html_s + draw_s
    print(f"    large-store page: view {view_s * 1000:.0f} ms + map page {html_s * 1000:.0f} ms"
          f" + drawn in chromium {draw_s * 1000:.0f} ms = {total * 1000:.0f} ms "
          f"({view.total:,} claims -> {shape}, {len(page) / 1e3:,.0f} kB page); "
          f"then the list of its first {len(listed)} claims {list_s * 1000:.0f} ms",
          flush=True)  # fmt: skip
    return {"view": view_s, "html": html_s, "draw": draw_s, "total": total}


def full_page(url: str, drawer: Drawer, repeat: int) -> dict[str, float]:
    """Time the full page's path for the same filter (the data read into memory)."""
    from claimmap.dashboard.filters import ClaimIndex
    from geo.store.engine import connect
    from geo.store.read import load_store_dataset
    from layers.features import claim_layers, layer_collections, within_budget
    from layers.render import build_map

    engine = connect(url)
    start = time.perf_counter()
    dataset = load_store_dataset(engine)
    engine.dispose()
    index = ClaimIndex.build(dataset, claim_layers(layer_collections(dataset)))
    cold_s = time.perf_counter() - start
    filters = page_filter()

    def page() -> str:
        layers = layer_collections(filters.apply(dataset, index))
        fmap = build_map(within_budget(layers, 1_000), asset_mode="static", title="")
        return fmap.get_root().render()

    html_s, html = bench_pg.median_time(page, repeat)
    draw_s, _ = bench_pg.median_time(
        lambda: drawer.draw(html, "[data-claimmap-ready]"), max(1, repeat // 2)
    )
    print(f"    full page: read + index {cold_s:.1f} s; per filter {html_s * 1000:.0f} ms + "
          f"drawn in chromium {draw_s * 1000:.0f} ms", flush=True)  # fmt: skip
    return {"warm": html_s + draw_s, "cold": cold_s + html_s + draw_s}


_RSS_SCRIPT = """
import json, sys
from bench.bench_bigview import USER, PASSWORD, page_filter
from claimmap.dashboard import bigview
from geo.store.session import StoreSession
from layers.viewmap import view_map_html

def high_water_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

with StoreSession.login(sys.argv[1], USER, PASSWORD) as session:
    for _ in range(3):
        view = session.view(bigview.query_of(page_filter()))
        page = view_map_html(view, asset_mode="static")
print(json.dumps({"peak_kb": high_water_kb(), "total": view.total}))
"""


def page_rss(url: str) -> int:
    """Peak RSS (kB) of a fresh process running the large-store page's path."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, bare(url)],
        capture_output=True, text=True, cwd=ROOT, timeout=600, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return json.loads(done.stdout)["peak_kb"]


def report(big: int, small: int, large: dict[int, dict[str, float]],
           full: dict[str, float] | None, full_n: int, rss: dict[int, int]) -> None:  # fmt: skip
    total = large[big]["total"]
    verdict = "met" if total <= GOAL_SECONDS else "NOT met"
    print(f"  filter to drawn map at {big:,} claims: {total * 1000:.0f} ms "
          f"(goal <= {GOAL_SECONDS:.0f} s: {verdict})")  # fmt: skip
    if full:
        at = "" if full_n == big else f" (both measured at {full_n:,} claims)"
        for kind in ("warm", "cold"):
            ratio = large[full_n]["total"] / full[kind]
            print(
                f"  ratio large-store page / full page {kind:<4} {ratio:7.4f}x "
                f"(goal <= {GOAL_RATIO}x: {'met' if ratio <= GOAL_RATIO else 'NOT met'}){at}"
            )
    ratio = rss[big] / rss[small]
    print(f"  page process peak RSS: {rss[small] / 1024:.0f} MB at {small:,}, "
          f"{rss[big] / 1024:.0f} MB at {big:,}: ratio {ratio:.2f}x "
          f"(goal <= {GOAL_MEMORY}x: {'met' if ratio <= GOAL_MEMORY else 'NOT met'})")  # fmt: skip


def run(args: argparse.Namespace, tmp: Path) -> None:
    from geo.store.pgcluster import LocalCluster

    cluster = LocalCluster.start(Path(tempfile.mkdtemp(prefix="bench-bigview-")), bench_pg.SETTINGS)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the cluster on kill
    drawer = Drawer(tmp)
    try:
        urls, large, rss = {}, {}, {}
        for n in dict.fromkeys((args.small, args.claims)):
            urls[n] = bench_pg.fill(cluster, n, tmp, files=n <= bench_pg.FILES_UP_TO)
            add_reader(urls[n])
            print(f"    {bench_pg.sizes(urls[n])}", flush=True)
            large[n] = large_page(urls[n], drawer, args.repeat)
            rss[n] = page_rss(urls[n])
        wanted = args.claims if args.memory_claims is None else args.memory_claims
        full_n = bench_pg.memory_size(wanted) if wanted else 0
        full = None
        if full_n:
            if full_n not in urls:
                urls[full_n] = bench_pg.fill(cluster, full_n, tmp, files=full_n <= 100_000)
                add_reader(urls[full_n])
                large[full_n] = large_page(urls[full_n], drawer, args.repeat)
            full = full_page(urls[full_n], drawer, args.repeat)
        report(args.claims, args.small, large, full, full_n, rss)
    finally:
        drawer.close()
        cluster.stop()


def main(argv: list[str] | None = None) -> None:
    args = bench_pg.arguments(__doc__, argv, __name__ == "__main__")
    with tempfile.TemporaryDirectory(prefix="bench-bigview-data-") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
