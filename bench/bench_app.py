"""Dashboard rerun times through AppTest, cached vs an uncached naive rerun.

For the curated data and a synthetic data set (default 100,000 claims made by
copying the curated claims with shifted dates and other places), run the app
once, then apply a cycle of filter changes and time each rerun:

- cached: the app as shipped (data, index and layers from st.cache_resource);
- naive: the same rerun after clearing every Streamlit cache, i.e. what a page
  that reloads and rebuilds everything on each interaction would pay.

Usage: ``python -m bench.bench_app [--claims N] [--repeat R] [--skip-large]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = str(ROOT / "app.py")
DATA = ROOT / "data"


# --------------------------------------------------------------------------- synthetic data


def _scalar(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def synthetic_data(n: int, target: Path, seed: int = 7) -> Path:
    """Write a data dir with ``n`` claims copied from the curated ones (valid YAML)."""
    from geo.dataset import load_dataset

    rng = random.Random(seed)
    dataset = load_dataset(DATA)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("gazetteer.csv", "sources.yaml", "groups.yaml"):
        (target / name).write_bytes((DATA / name).read_bytes())
    places = list(dataset.places)
    by_kind: dict[str, list[str]] = {}
    for pid in places:
        by_kind.setdefault(dataset.places[pid].kind, []).append(pid)
    airports = by_kind.get("airport", places)
    claims = dataset.claims
    out: list[str] = []
    for i in range(n):
        c = claims[i % len(claims)]
        if c.mode == "air":
            new_places = rng.sample(airports, 2)
        elif c.places:
            new_places = [rng.choice(places) for _ in c.places]
            if c.mode and len(set(new_places)) < 2:
                new_places = list(c.places)
        else:
            new_places = []
        lines = [
            f"- id: syn-{i:06d}",
            f"  group: {c.group}",
            f"  source_id: {c.source_id}",
            f"  origin: {c.origin}",
            f"  claimant: {_scalar(c.claimant)}",
            f"  type: {c.type}",
            f"  statement: {_scalar(c.statement)}",
            f"  quote: {_scalar(c.quote)}",
            f"  places: [{', '.join(new_places)}]",
            f"  status: {c.status}",
            f"  date_precision: {c.date_precision}",
        ]
        if c.mode:
            lines.append(f"  mode: {c.mode}")
        if c.event_start is not None:
            shift = dt.timedelta(days=-rng.randint(0, 10))  # never after publication
            lines.append(f"  event_start: {(c.event_start + shift).isoformat()}")
            lines.append(f"  event_end: {(c.event_end + shift).isoformat()}")
        if c.actors:
            lines.append(f"  actors: [{', '.join(_scalar(a) for a in c.actors)}]")
        if c.quantities:
            lines.append("  quantities:")
            for q in c.quantities:
                fields = q.model_dump(mode="json", exclude_none=True)
                lines.append("    - " + _scalar(fields))
        out.append("\n".join(lines))
    (target / "claims.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


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


def bench(label: str, data_dir: Path, repeat: int, timeout: float) -> dict[str, float]:
    """Time the first run, cached reruns and naive reruns for one data dir."""
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from geo.dataset import load_dataset
    from geo.filters import ClaimIndex

    os.environ["CLAIMMAP_DATA"] = str(data_dir)
    st.cache_resource.clear()
    st.cache_data.clear()
    index = ClaimIndex.build(load_dataset(data_dir))
    at = AppTest.from_file(APP, default_timeout=timeout)
    first = _run(at, timeout)
    actions = _actions(index)
    cached: list[float] = []
    naive: list[float] = []
    for _ in range(repeat):
        for _name, act in actions:  # first pass warms the per-filter caches, like a user would
            act(at)
            cached.append(_run(at, timeout))
    per_action: dict[str, float] = {}
    for name, act in actions:
        act(at)
        per_action[name] = _run(at, timeout)
    for _name, act in actions[: max(2, len(actions) // 2)]:
        st.cache_resource.clear()
        st.cache_data.clear()
        act(at)
        naive.append(_run(at, timeout))
    result = {
        "claims": len(index.frame),
        "first_run_s": first,
        "cached_median_s": statistics.median(cached),
        "cached_max_s": max(cached),
        "naive_median_s": statistics.median(naive),
    }
    print(f"\n== {label}: {result['claims']:,} claims ==")
    print(f"first run (load, index, layers, map): {first:8.3f} s")
    for name, seconds in per_action.items():
        print(f"  rerun after {name:<16} {seconds:8.3f} s")
    print(
        f"cached rerun: median {result['cached_median_s']:.3f} s, "
        f"max {result['cached_max_s']:.3f} s over {len(cached)} filter changes"
    )
    print(
        f"naive rerun (caches cleared): median {result['naive_median_s']:.3f} s "
        f"over {len(naive)} filter changes"
    )
    ratio = result["naive_median_s"] / result["cached_median_s"]
    print(f"ratio naive / cached: {ratio:.1f}x")
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="synthetic claims")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the filter changes")
    parser.add_argument("--skip-large", action="store_true", help="curated data only")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    bench("curated data", DATA, args.repeat, timeout=120)
    if not args.skip_large:
        with tempfile.TemporaryDirectory(prefix="claimmap-bench-") as tmp:
            start = time.perf_counter()
            data_dir = synthetic_data(args.claims, Path(tmp) / "data")
            print(f"\n(synthetic data written in {time.perf_counter() - start:.1f} s)")
            bench(f"synthetic x{args.claims:,}", data_dir, max(1, args.repeat - 1), timeout=1800)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
