"""The dashboard against a fair baseline: a ~30-line cached Streamlit + st_folium app.

The baseline (``bench/baseline_app.py``, its docstring is printed) is what a competent
Streamlit user writes over the same data files: ``st.cache_data`` loader, date slider,
one ``folium.GeoJson`` layer on a canvas map, ``st_folium`` with ``returned_objects``,
a table. It links the same local Leaflet files as the dashboard (Streamlit's static
serving from a folder whose ``static`` is ``layers/static``), so both render offline.

For the bundled data (116 claims) and synthetic data sets (``bench/synthetic.py``,
default 10,000 and 100,000 claims), both apps measured in the same run:

- AppTest (script time, each app in a fresh process so both pay their imports):
  the first run (empty caches), a new session (caches warm), and a rerun after each
  date change (windows never seen before). AppTest always reruns the whole script;
- chromium (Playwright, Debian's /usr/bin/chromium, every outside request refused),
  in rounds on freshly started servers: from navigation to the map's features drawn
  for the first visitor (cold caches) and for new visitors (warm caches); from a date
  change (dragging a slider thumb) to the map redrawn, and until the run is over in
  the page (the app root's ``data-test-script-state``: the whole page, or the
  dashboard's page body, a fragment; shown for information, no goal). "Drawn": the
  map says so (claimmap's ``ready`` or a changed window, the baseline's script done),
  plus two animation frames;
- for the dashboard only: picking a feature in the selection list (a rerun; the map
  must stay the same frame, not be rebuilt).

Ratios are dashboard / baseline (below 1: the dashboard is faster). Goals (issue 14):
first map <= 1.5x, redraw after a date change <= 1.0x, at every size. The machine
is shared: the load average is printed with each size; medians are of few runs.

Store run (``--store``, issue 9): the dashboard itself on the same synthetic claims read
from a store (an SQLite file filled by ``geo.store.importer``, $CLAIMMAP_DB) against read
from the data files ($CLAIMMAP_DATA), each on a freshly started server, in the same run:
the first map for the first visitor (cold caches) and for a new visitor, and the server's
memory (peak and current resident set, from /proc). Ratios are store / data files; goals:
first map <= 0.3x, memory <= 0.5x. Above ``bigview.large_store()`` claims (50,000) the
store gets the large-store page, which asks the store for each view and never reads
it whole (``claimmap.dashboard.bigpage``); the data files always get the full page.

Usage: ``python -m bench.bench_app [--sizes 116,10000,100000] [--repeat N]
[--no-browser] [--store]`` (or ``python -m bench app``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synthetic  # noqa: E402
from bench.chromium import CHROMIUM, CHROMIUM_FLAGS, LOCAL_HOSTS  # noqa: E402

BASELINE = Path(__file__).resolve().parent / "baseline_app.py"
SETTINGS = ROOT / "claimmap" / "dashboard" / "streamlit.toml"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
GOALS = {"first map": 1.5, "redraw": 1.0}


@dataclass(frozen=True)
class App:
    """One app under test: its script, the folder Streamlit runs it in, how it says drawn."""

    name: str
    script: Path
    slider_key: str
    ready_js: str  # true once the map's features are on the map
    count_js: str  # how many features are drawn
    state_js: str  # what the drawn map shows (a change of it is a redraw in the same frame)


DASHBOARD = App(
    "dashboard",
    ROOT / "app.py",
    "f_dates",
    "!!(window.claimmap && window.claimmap.ready)",
    "window.claimmap.visibleFeatureIds().length",
    "JSON.stringify(window.claimmap.getWindow())",
)
BASE = App(
    "baseline",
    BASELINE,
    "dates",
    "!!(window.map && window.map._loaded)",
    "Object.values(window.map._layers).filter((l) => l.feature).length",
    "'drawn'",
)
#: The dashboard's page of a large store (above ``bigview.large_store()`` claims): the
#: store's view in a plain Leaflet frame (``layers.viewmap``).
LARGE = App(
    "dashboard, large-store page",
    ROOT / "app.py",
    "f_dates",
    "document.body.hasAttribute('data-cm-view-ready')",
    "window.cmView.drawn ? window.cmView.drawn.getLayers().length : 0",
    "'drawn'",
)
APPS = (DASHBOARD, BASE)


# --------------------------------------------------------------------------- folders


def baseline_folder(tmp: Path) -> Path:
    """Return a folder to run the baseline in: the script, ``static`` and the settings.

    Streamlit serves ``static/`` beside the script it runs; the dashboard's settings
    (static serving on, no telemetry) apply to both apps.
    """
    folder = tmp / "baseline"
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    shutil.copy(BASELINE, folder / "app.py")
    shutil.copy(SETTINGS, folder / ".streamlit" / "config.toml")
    (folder / "static").symlink_to(ROOT / "layers" / "static", target_is_directory=True)
    return folder


def app_script(app: App, tmp: Path) -> Path:
    """Return the script Streamlit runs for ``app`` (the baseline from its folder)."""
    if app.script != BASELINE:
        return app.script
    folder = tmp / "baseline"
    return (folder if folder.is_dir() else baseline_folder(tmp)) / "app.py"


# --------------------------------------------------------------------------- AppTest


@dataclass(frozen=True)
class DatePlan:
    """Moves of the date slider's thumbs, each to a window never seen before."""

    moves: tuple[tuple[int, dt.date], ...]  # (thumb: 0 start / 1 end, new day)

    def windows(self, lo: dt.date, hi: dt.date) -> list[tuple[dt.date, dt.date]]:
        """The window after each move, from the whole period ``lo``-``hi``."""
        window, out = [lo, hi], []
        for thumb, day in self.moves:
            window[thumb] = day
            out.append((window[0], window[1]))
        return out

    def to_json(self) -> str:
        return json.dumps([[thumb, day.isoformat()] for thumb, day in self.moves])

    @classmethod
    def from_json(cls, text: str) -> DatePlan:
        return cls(tuple((thumb, dt.date.fromisoformat(day)) for thumb, day in json.loads(text)))


def date_plan(data_dir: Path, moves: int = 5) -> DatePlan:
    """Slider moves that each change what both apps draw (mapped claims leave the window).

    The end first moves to the day before the 80th percentile of start dates; then the
    start and the end take turns: the start to the day after the earliest end still in
    the window, the end to the day before the latest start still in it.
    """
    from geo.dataset import load_dataset

    spans = sorted(
        (c.event_start, c.event_end)
        for c in load_dataset(data_dir).claims
        if c.event_start and c.event_end and c.places  # drawn by both apps
    )
    day = dt.timedelta(days=1)
    start = spans[0][0]
    end = max(spans[min(int(0.8 * len(spans)), len(spans) - 1)][0] - day, start)
    plan = [(1, end)]
    kept = [(s, e) for s, e in spans if s <= end]
    while len(plan) < moves:
        if len(plan) % 2:  # the start moves past the earliest end
            start = min(e for _, e in kept) + day
            kept = [(s, e) for s, e in kept if e >= start]
            plan.append((0, start))
        else:  # the end moves before the latest start
            end = max(s for s, _ in kept) - day
            kept = [(s, e) for s, e in kept if s <= end]
            plan.append((1, end))
        if not kept or start > end:
            plan.pop()
            break
    return DatePlan(tuple(plan))


def apptest_child(name: str, script: str, plan: DatePlan) -> dict[str, Any]:
    """In a fresh process: time one app's first run, a new session and date changes."""
    import logging

    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    app = {a.name: a for a in APPS}[name]

    def run(at: AppTest) -> float:
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{name} raised: {[e.value for e in at.exception]}")
        return elapsed

    at = AppTest.from_file(script, default_timeout=3600)
    result: dict[str, Any] = {"first": run(at)}
    result["session"] = run(AppTest.from_file(script, default_timeout=3600))
    result["dates"] = []
    for window in plan.windows(*at.slider(key=app.slider_key).value):
        at.slider(key=app.slider_key).set_value(window)
        result["dates"].append(run(at))
    if app is DASHBOARD:
        options = at.selectbox(key="sel").options
        result["select"] = []
        for label in options[:3]:
            at.selectbox(key="sel").select(label)
            result["select"].append(run(at))
    return result


def apptest_times(app: App, data_dir: Path, tmp: Path, plan: DatePlan) -> dict[str, Any]:
    """Run `apptest_child` for ``app`` in a new Python process; return its timings."""
    env = {**os.environ, "CLAIMMAP_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}
    code = (
        "import json, sys; from bench.bench_app import DatePlan, apptest_child; "
        "print('RESULT', json.dumps(apptest_child(sys.argv[1], sys.argv[2], "
        "DatePlan.from_json(sys.argv[3]))))"
    )
    script = str(app_script(app, tmp))
    done = subprocess.run(
        [sys.executable, "-c", code, app.name, script, plan.to_json()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise RuntimeError(f"AppTest of {app.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1].removeprefix("RESULT "))


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(app: App, data_dir: Path, tmp: Path) -> Iterator[str]:
    """Run ``streamlit run`` for ``app`` headless on a free loopback port; yield its URL."""
    env = {**os.environ, "CLAIMMAP_DATA": str(data_dir)}
    with started(app, env, tmp) as (url, _):
        yield url


@contextlib.contextmanager
def started(app: App, env: dict[str, str], tmp: Path) -> Iterator[tuple[str, int]]:
    """Run ``streamlit run`` for ``app`` with ``env``; yield its URL and process id."""
    script = app_script(app, tmp)
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = (tmp / f"{app.name}-{port}.log").open("wb")
    process = subprocess.Popen(command, cwd=script.parent, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{app.name}: streamlit exited early (log in {log.name})")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# --------------------------------------------------------------------------- browser


def drawn_check(app: App) -> str:
    """JS: the map drawn (then two animation frames) in a new frame or with a new state.

    A frame replaced by a new one counts as redrawn once it is ready; so does the same
    frame once what it shows has changed (the dashboard's date window, set in place).
    """
    return f"""async () => {{
      if (!({app.ready_js})) {{ return null; }}
      const state = {app.state_js};
      if (window.__benchSeen === state) {{ return null; }}
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      window.__benchSeen = state;
      return {app.count_js};
    }}"""


def wait_drawn(page: Any, app: App, timeout_s: float) -> tuple[Any, int]:
    """Poll until a map frame not seen before has drawn its features; return it and its count."""
    check = drawn_check(app)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in map_frames(page, app):
            try:
                count = frame.evaluate(check)
            except Exception:  # noqa: BLE001 - the frame is being replaced
                count = None
            if count is not None:
                return frame, int(count)
        page.wait_for_timeout(25)
    raise RuntimeError(f"{app.name}: the map was not drawn within {timeout_s:.0f} s")


def map_frames(page: Any, app: App) -> list[Any]:
    """The frames that may hold ``app``'s map: st_folium's, or every frame of the large page."""
    if app is LARGE:
        return [f for f in page.frames if f is not page.main_frame]
    handle = page.query_selector(MAP_FRAME)
    frame = handle.content_frame() if handle else None
    return [frame] if frame is not None else []


def new_page(browser: Any) -> Any:
    """A page whose requests to anywhere but this machine are refused."""
    from urllib.parse import urlsplit

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()

    def route(request_route: Any) -> None:
        parts = urlsplit(request_route.request.url)
        local = parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS
        (request_route.continue_ if local else request_route.abort)()

    page.route("**/*", route)
    page.add_init_script(RUN_WATCH)
    return page


#: In the top page: the times (epoch ms) at which Streamlit's script runs finished, from
#: the app root's ``data-test-script-state`` (a fragment run counts too).
RUN_WATCH = """(() => {
  if (window !== window.top) { return; }
  window.__benchRuns = [];
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.attributeName === 'data-test-script-state'
          && change.target.getAttribute('data-test-script-state') === 'notRunning') {
        window.__benchRuns.push(performance.timeOrigin + performance.now());
      }
    }
  }).observe(document, { subtree: true, attributes: true,
                         attributeFilter: ['data-test-script-state'] });
})()"""


def run_finished_after(page: Any, epoch_s: float, timeout_s: float) -> float:
    """Wait for the first script run that finished after ``epoch_s``; return its epoch time."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        later = page.evaluate("(t) => window.__benchRuns.filter((x) => x > t)", epoch_s * 1000)
        if later:
            return later[0] / 1000
        page.wait_for_timeout(25)
    raise RuntimeError("the script run did not finish")


def first_map(browser: Any, app: App, url: str, timeout_s: float) -> tuple[float, int, Any]:
    """Seconds from navigation to the map drawn, its feature count, and the open page."""
    page = new_page(browser)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    _, count = wait_drawn(page, app, timeout_s)
    return time.perf_counter() - start, count, page


#: JS: a date-slider thumb's value (microseconds since 1970) and centre on the page.
THUMB = """(e) => {
  const r = e.parentElement.getBoundingClientRect();
  return [Number(e.value), r.x + r.width / 2, r.y + r.height / 2];
}"""
EPOCH = dt.date(1970, 1, 1)


def move_thumb(page: Any, thumb: int, day: dt.date) -> tuple[float, float, dt.date]:
    """Drag a thumb of the date slider to ``day`` (one change, on release).

    Returns the ``time.perf_counter()`` and ``time.time()`` of the release and the day
    the thumb is on.
    """
    inputs = page.locator("[data-testid='stSlider'] input[type='range']")
    (v0, x0, y), (v1, x1, _) = (inputs.nth(i).evaluate(THUMB) for i in (0, 1))
    target = (day - EPOCH).days * 86_400_000_000
    x = x0 + (target - v0) * (x1 - x0) / (v1 - v0)
    page.mouse.move((x0, x1)[thumb], y)
    page.mouse.down()
    page.mouse.move(x, y, steps=4)
    released, epoch = time.perf_counter(), time.time()
    page.mouse.up()
    landed = EPOCH + dt.timedelta(microseconds=inputs.nth(thumb).evaluate(THUMB)[0])
    return released, epoch, landed


def redraw(page: Any, app: App, thumb: int, day: dt.date, timeout_s: float) -> dict[str, Any]:
    """Move a date-slider thumb: seconds from the release to the map redrawn.

    Returns ``drawn`` (those seconds), ``run`` (seconds until the server's run finished:
    the whole page, or the dashboard's page body), ``count`` (features drawn) and
    ``in_place`` (whether the map frame was kept).
    """
    before = page.query_selector(MAP_FRAME).content_frame()
    start, epoch, landed = move_thumb(page, thumb, day)
    if landed != day:
        raise RuntimeError(f"{app.name}: the slider landed on {landed}, not {day}")
    frame, count = wait_drawn(page, app, timeout_s)
    drawn = time.perf_counter() - start
    run = run_finished_after(page, epoch, timeout_s) - epoch
    return {"drawn": drawn, "run": run, "count": count, "in_place": frame == before}


def select_feature(page: Any, timeout_s: float) -> tuple[float, bool]:
    """Dashboard: pick the first feature in the selection list; seconds to its claims shown.

    Returns whether the map frame was kept (not rebuilt) as well.
    """
    frame = page.query_selector(MAP_FRAME).content_frame()
    picker = page.get_by_role("combobox", name="Place or route")
    picker.click()
    picker.press("ArrowDown")  # opens the list
    option = page.get_by_role("option").first
    start = time.perf_counter()
    option.click()
    page.get_by_text("According to").first.wait_for(timeout=timeout_s * 1000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(1000)  # a rebuilt map would have replaced the frame by now
    handle = page.query_selector(MAP_FRAME)
    kept = handle is not None and handle.content_frame() == frame
    kept = kept and frame.evaluate("window.__benchSeen !== undefined")
    return elapsed, kept


def browser_round(
    browser: Any, urls: dict[str, str], plan: DatePlan, order: tuple[App, ...], timeout_s: float
) -> dict[str, dict[str, Any]]:
    """One round on freshly started servers, the apps alternating in ``order``.

    The first visitor (cold caches), two new visitors (warm caches), the date moves on
    the last visitor's page, and for the dashboard a selection.
    """
    out: dict[str, dict[str, Any]] = {
        a.name: {"cold": [], "warm": [], "dates": [], "runs": [], "counts": [], "in_place": []}
        for a in order
    }
    pages = {}
    for visit in range(3):
        for app in order:
            elapsed, count, page = first_map(browser, app, urls[app.name], timeout_s)
            out[app.name]["warm" if visit else "cold"].append(elapsed)
            out[app.name].setdefault("cold_count", count)
            if visit < 2:
                page.context.close()
            else:
                pages[app.name] = page
    for thumb, day in plan.moves:
        for app in order:
            page = pages[app.name]
            page.wait_for_timeout(500)
            found = redraw(page, app, thumb, day, timeout_s)
            out[app.name]["dates"].append(found["drawn"])
            out[app.name]["runs"].append(found["run"])
            out[app.name]["counts"].append(found["count"])
            out[app.name]["in_place"].append(found["in_place"])
    elapsed, kept = select_feature(pages[DASHBOARD.name], timeout_s)
    out[DASHBOARD.name].update(select=[elapsed], select_kept_map=[kept])
    for page in pages.values():
        page.context.close()
    return out


def browser_times(
    data_dir: Path, tmp: Path, plan: DatePlan, repeat: int, timeout_s: float
) -> dict[str, dict[str, Any]]:
    """``repeat`` rounds of `browser_round`, each on new servers, the order swapped each time."""
    out: dict[str, dict[str, Any]] = {a.name: {} for a in APPS}
    with chromium() as browser:
        for i in range(repeat):
            order = APPS if i % 2 == 0 else APPS[::-1]
            with contextlib.ExitStack() as stack:
                urls = {a.name: stack.enter_context(server(a, data_dir, tmp)) for a in order}
                found = browser_round(browser, urls, plan, order, timeout_s)
            for name, values in found.items():
                for key, value in values.items():
                    if isinstance(value, list):
                        out[name].setdefault(key, []).extend(value)
                    else:
                        out[name].setdefault(key, value)
    return out


# --------------------------------------------------------------------------- report


def median(values: Any) -> float:
    return statistics.median(values) if isinstance(values, list) else float(values)


def ratio_rows(apptest: dict, browser: dict | None) -> list[tuple[str, float, float, str | None]]:
    """(measure, dashboard s, baseline s, goal) for every compared measure."""
    measures = [
        ("AppTest first run (cold)", apptest, "first", "first map"),
        ("AppTest new session", apptest, "session", "first map"),
        ("AppTest rerun after a date change", apptest, "dates", "redraw"),
    ]
    if browser:
        measures += [
            ("browser first map, fresh server", browser, "cold", "first map"),
            ("browser first map, new visitor", browser, "warm", "first map"),
            ("browser redraw after a date change", browser, "dates", "redraw"),
            ("page body settled after a date change", browser, "runs", None),
        ]
    return [
        (name, median(times[DASHBOARD.name][key]), median(times[BASE.name][key]), goal)
        for name, times, key, goal in measures
    ]


def report(label: str, claims: int, apptest: dict, browser: dict | None) -> list[tuple]:
    """Print one size's table; return its rows with the ratio."""
    print(f"\n== {label}: {claims:,} claims (load average {os.getloadavg()[0]:.1f}) ==")
    print(f"  {'measure':<38} {'dashboard':>10} {'baseline':>10} {'ratio':>7}  goal")
    rows = []
    for name, ours, base, goal in ratio_rows(apptest, browser):
        ratio = ours / base if base else float("inf")
        target = f"<= {GOALS[goal]}x {'ok' if ratio <= GOALS[goal] else 'MISSED'}" if goal else "-"
        print(f"  {name:<38} {ours:>9.2f}s {base:>9.2f}s {ratio:>6.2f}x  {target}")
        rows.append((label, name, ours, base, ratio))
    ours = apptest[DASHBOARD.name]
    print(f"  dashboard: rerun after a selection (AppTest) median {median(ours['select']):.2f} s")
    if browser:
        dash, base = browser[DASHBOARD.name], browser[BASE.name]
        print(
            f"  browser: selection shown in {median(dash['select']):.2f} s (median), map kept "
            f"(not rebuilt): {sum(dash['select_kept_map'])} of {len(dash['select_kept_map'])}"
        )
        moves = len(dash["counts"]) // len(dash["cold"])  # per round
        print(
            f"  features drawn: dashboard {dash['cold_count']:,} (after each date change "
            f"{dash['counts'][:moves]}), baseline {base['cold_count']:,} ({base['counts'][:moves]})"
        )
        print(
            f"  date changes drawn in the same map frame: dashboard {sum(dash['in_place'])} "
            f"of {len(dash['in_place'])}, baseline {sum(base['in_place'])} of "
            f"{len(base['in_place'])}"
        )
    return rows


def bench_size(
    label: str, data_dir: Path, claims: int, repeat: int, use_browser: bool
) -> list[tuple]:
    """Measure both apps on one data directory and print the comparison."""
    with tempfile.TemporaryDirectory(prefix="claimmap-bench-app-") as name:
        tmp = Path(name)
        plan = date_plan(data_dir)
        moves = ", ".join(f"{('start', 'end')[thumb]} to {day}" for thumb, day in plan.moves)
        print(f"\n{label}: the date changes move the slider's {moves}", flush=True)
        apptest: dict[str, dict[str, list]] = {a.name: {} for a in APPS}
        for _ in range(repeat):
            for app in APPS:
                times = apptest_times(app, data_dir, tmp, plan)
                for key, value in times.items():
                    apptest[app.name].setdefault(key, [])
                    apptest[app.name][key] += value if isinstance(value, list) else [value]
        browser = None
        if use_browser:
            browser = browser_times(data_dir, tmp, plan, repeat, 120 + claims / 500)
        return report(label, claims, apptest, browser)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium through Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def summary(rows: list[tuple], what: str = "dashboard / baseline") -> None:
    """Print every ratio in one table: one line per measure, one column per size."""
    sizes = list(dict.fromkeys(r[0] for r in rows))
    measures = list(dict.fromkeys(r[1] for r in rows))
    ratios = {(r[0], r[1]): r[4] for r in rows}
    print(f"\n== {what} (below 1: the first is faster or smaller) ==")
    print(f"  {'measure':<38}" + "".join(f"{s:>16}" for s in sizes))
    for measure in measures:
        cells = [ratios.get((s, measure)) for s in sizes]
        print(f"  {measure:<38}" + "".join(f"{c:>15.2f}x" if c else f"{'-':>16}" for c in cells))


# --------------------------------------------------------------------------- store run

#: Store / data files goals of issue 9.
STORE_GOALS = {"first map": 0.3, "memory": 0.5}


def memory_mb(pid: int) -> dict[str, float]:
    """The process's peak (VmHWM) and current (VmRSS) resident memory in MB, from /proc."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            found[name] = int(value.split()[0]) / 1024
    return found


def store_env(data_dir: Path, store_url: str | None, home: Path) -> dict[str, str]:
    """The dashboard's environment: the data files, or the store (no data directory)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMMAP_DATA", "CLAIMMAP_DB")}
    env["CLAIMMAP_HOME"] = str(home)
    if store_url is None:
        env["CLAIMMAP_DATA"] = str(data_dir)
    else:
        env["CLAIMMAP_DB"] = store_url
    return env


def store_round(browser: Any, env: dict[str, str], tmp: Path, timeout_s: float, app: App) -> dict:
    """A fresh dashboard server: first map cold, then a new visitor; its memory after each."""
    with started(DASHBOARD, env, tmp) as (url, pid):
        cold, count, page = first_map(browser, app, url, timeout_s)
        page.context.close()
        warm, _, page = first_map(browser, app, url, timeout_s)
        page.context.close()
        return {"cold": cold, "warm": warm, "count": count, **memory_mb(pid)}


def bench_store_size(label: str, data_dir: Path, claims: int, repeat: int) -> list[tuple]:
    """The dashboard on a store against on the data files (module doc); print the ratios."""
    from bench.bench_store import fill_store

    with tempfile.TemporaryDirectory(prefix="claimmap-bench-store-") as name:
        tmp = Path(name)
        store_url, filled = fill_store(data_dir, tmp / "store.sqlite")
        print(f"\n{label}: store filled from the data files in {filled:.1f} s", flush=True)
        envs = {
            "data files": store_env(data_dir, None, tmp),
            "store": store_env(data_dir, store_url, tmp),
        }
        from claimmap.dashboard.bigview import large_store

        apps = {"data files": DASHBOARD, "store": LARGE if claims > large_store() else DASHBOARD}
        print("  pages: " + "; ".join(f"{kind}: {app.name}" for kind, app in apps.items()))
        found: dict[str, list[dict]] = {kind: [] for kind in envs}
        with chromium() as browser:
            for i in range(repeat):
                for kind in list(envs)[:: 1 if i % 2 == 0 else -1]:
                    found[kind].append(
                        store_round(browser, envs[kind], tmp, 120 + claims / 500, apps[kind])
                    )
        return store_report(label, claims, found)


def store_report(label: str, claims: int, found: dict[str, list[dict]]) -> list[tuple]:
    """Print the store / data files table of one size; return its rows."""
    print(f"\n== {label}, store run: {claims:,} claims (load average {os.getloadavg()[0]:.1f}) ==")
    print(f"  {'measure':<38} {'store':>10} {'files':>10} {'ratio':>7}  goal")
    measures = [
        ("browser first map, fresh server", "cold", "s", "first map"),
        ("browser first map, new visitor", "warm", "s", None),
        ("server memory, peak (VmHWM)", "VmHWM", "MB", "memory"),
        ("server memory after two visitors", "VmRSS", "MB", None),
    ]
    rows = []
    for name, key, unit, goal in measures:
        ours = median([r[key] for r in found["store"]])
        base = median([r[key] for r in found["data files"]])
        ratio = ours / base if base else float("inf")
        verdict = "ok" if goal and ratio <= STORE_GOALS[goal] else "MISSED"
        target = f"<= {STORE_GOALS[goal]}x {verdict}" if goal else "-"
        print(f"  {name:<38} {ours:>8.1f}{unit:<2} {base:>8.1f}{unit:<2} {ratio:>6.2f}x  {target}")
        rows.append((f"{label} store/files", name, ours, base, ratio))
    counts = {kind: [r["count"] for r in runs] for kind, runs in found.items()}
    print(f"  features drawn: {counts}")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the comparison at each size and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="116,10000,100000", help="claims (116: bundled data)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measure")
    parser.add_argument("--no-browser", action="store_true", help="AppTest only")
    parser.add_argument(
        "--store", action="store_true", help="the dashboard on a store against on data files"
    )
    args = parser.parse_args([] if argv is None else argv)  # `python -m bench` passes none
    print(f"baseline: {BASELINE.relative_to(ROOT)}")
    print("  " + baseline_doc())
    rows = []
    with tempfile.TemporaryDirectory(prefix="claimmap-bench-data-") as name:
        for size in (int(s) for s in args.sizes.split(",")):
            if size == 116:
                data_dir, label = synthetic.DATA, "bundled"
            else:
                data_dir = synthetic.synthetic_data(size, Path(name) / str(size))
                label = f"synthetic {size // 1000}k"
            if args.store:
                rows += bench_store_size(label, data_dir, size, args.repeat)
            else:
                rows += bench_size(label, data_dir, size, args.repeat, not args.no_browser)
    summary(rows, "store / data files" if args.store else "dashboard / baseline")
    return 0


def baseline_doc() -> str:
    """The baseline's definition: its docstring."""
    import ast

    doc = ast.get_docstring(ast.parse(BASELINE.read_text(encoding="utf-8"))) or ""
    return doc.replace("\n", "\n  ")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
