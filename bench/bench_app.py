"""Dashboard rerun times through AppTest, cached vs an uncached naive rerun.

For the curated data and a synthetic data set (default 100,000 claims made by
copying the curated claims with shifted dates and other places), run the app
once, then apply a cycle of filter changes and time each rerun:

- new state: the app as shipped, a filter state seen for the first time (data,
  index and borders come from st.cache_resource; the view is built);
- again: the same filter states once more (views served from the caches);
- naive: the same rerun after clearing every Streamlit cache, i.e. what a page
  that reloads and rebuilds everything on each interaction would pay.

Usage: ``python -m bench.bench_app [--claims N] [--skip-large]`` (or ``python -m bench app``).
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

from bench import synthetic  # noqa: E402

APP = str(ROOT / "app.py")


# --------------------------------------------------------------------------- timing


def _actions(index) -> list[tuple[str, Callable]]:
    """A cycle of filter changes, each a function of the AppTest."""
    lo, hi = index.date_bounds()
    types = index.values("type")
    mid = lo + (hi - lo) / 2
    return [
        ("one claim type", lambda at: at.multiselect(key="f_types").set_value(types[:1])),
        ("two claim types", lambda at: at.multiselect(key="f_types").set_value(types[:2])),
        ("all types", lambda at: at.multiselect(key="f_types").set_value([])),
        ("date window", lambda at: at.slider(key="f_dates").set_value((lo, mid))),
        ("later window", lambda at: at.slider(key="f_dates").set_value((mid, hi))),
        ("search text", lambda at: at.text_input(key="f_search").input("border")),
        ("min sources 2", lambda at: at.number_input(key="f_min_sources").set_value(2)),
        ("reset", lambda at: at.button(key="b_reset").click()),
    ]


def _run(at, timeout: float) -> float:
    start = time.perf_counter()
    at.run(timeout=timeout)
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the app raised: {[e.value for e in at.exception]}")
    return elapsed


def bench(label: str, data_dir: Path, timeout: float, naive_runs: int = 4) -> dict[str, float]:
    """Time the first run, first visits and revisits of filter states, and naive reruns."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from claimmap.dashboard.filters import ClaimIndex
    from geo.dataset import load_dataset

    os.environ["CLAIMMAP_DATA"] = str(data_dir)
    st.cache_resource.clear()
    st.cache_data.clear()
    index = ClaimIndex.build(load_dataset(data_dir))
    at = AppTest.from_file(APP, default_timeout=timeout)
    first = _run(at, timeout)
    actions = _actions(index)
    new: dict[str, float] = {}  # a filter state seen for the first time: its view is built
    again: dict[str, float] = {}  # the same states again: served from the caches
    for name, act in actions:
        act(at)
        new[name] = _run(at, timeout)
    for name, act in actions:
        act(at)
        again[name] = _run(at, timeout)
    naive: list[float] = []
    for _name, act in actions[:naive_runs]:
        st.cache_resource.clear()
        st.cache_data.clear()
        act(at)
        naive.append(_run(at, timeout))
    result = {
        "claims": len(index.frame),
        "first_run_s": first,
        "new_median_s": statistics.median(new.values()),
        "new_max_s": max(new.values()),
        "again_median_s": statistics.median(again.values()),
        "again_max_s": max(again.values()),
        "naive_median_s": statistics.median(naive),
    }
    print(f"\n== {label}: {result['claims']:,} claims ==")
    print(f"first run (load, index, layers, map): {first:8.3f} s")
    print(f"  {'rerun after':<28} {'new state':>10} {'again':>10}")
    for name in new:
        print(f"  {name:<28} {new[name]:>9.3f}s {again[name]:>9.3f}s")
    for kind, text in (("new", "new filter state"), ("again", "state seen before")):
        print(
            f"rerun, {text}: median {result[kind + '_median_s']:.3f} s, "
            f"max {result[kind + '_max_s']:.3f} s over {len(new)} filter changes"
        )
    print(
        f"naive rerun (every cache cleared first): median {result['naive_median_s']:.3f} s "
        f"over {len(naive)} filter changes"
    )
    for kind in ("new", "again"):
        ratio = result["naive_median_s"] / result[kind + "_median_s"]
        print(f"ratio naive / {kind}: {ratio:.1f}x")
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="synthetic claims")
    parser.add_argument("--skip-large", action="store_true", help="curated data only")
    args = parser.parse_args([] if argv is None else argv)  # `python -m bench` passes none
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    bench("curated data", synthetic.DATA, timeout=120)
    if not args.skip_large:
        with tempfile.TemporaryDirectory(prefix="claimmap-bench-") as tmp:
            start = time.perf_counter()
            data_dir = synthetic.synthetic_data(args.claims, Path(tmp) / "data")
            print(f"\n(synthetic data written in {time.perf_counter() - start:.1f} s)")
            label = f"synthetic x{args.claims:,}"
            bench(label, data_dir, timeout=1800, naive_runs=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
