"""Geocoder throughput and ``claimmap geocode`` start-up, against a fair baseline.

The baseline is what a competent user of rapidfuzz writes for a gazetteer
(its definition is printed with the results): a dict from each normalised
alias (id, name, aliases, IATA/ICAO codes) to its place, and, when the dict has
no entry, ``rapidfuzz.process.extractOne`` with ``fuzz.WRatio`` (cutoff 80)
over those keys. It knows no GeoNames or airport fallback.

Four query sets (exact names and aliases as written, the same names with
case, hyphens, spacing and an Arabic article changed, one-letter typos, and
places only GeoNames knows) go through both, warm, in the same run: names per
second (best of REPEAT passes, the two taking turns) and top-1 accuracy; the
ratio is ours / baseline.

Then the whole-process time of ``claimmap geocode NAME`` against a bare
``python -c pass``, interleaved in the same loop (median of RUNS).

Run: ``python -m bench geocode`` (or ``python -m bench.bench_geocode``).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5
RUNS = 9

#: GeoNames cities outside the gazetteer (expected country in brackets).
FALLBACK = {
    "Kut": "IQ", "Karbala": "IQ", "Amarah": "IQ", "Nasiriyah": "IQ", "Samawah": "IQ",
    "Erbil": "IQ", "Sulaymaniyah": "IQ", "Hillah": "IQ", "Ramadi": "IQ", "Fallujah": "IQ",
    "Kirkuk": "IQ", "Mosul": "IQ", "Badrah": "IQ", "Tabriz": "IR", "Shiraz": "IR",
    "Isfahan": "IR", "Yazd": "IR", "Dezful": "IR", "Abadan": "IR", "Hamadan": "IR",
    "Sanandaj": "IR", "Beirut": "LB", "Tyre": "LB", "Baalbek": "LB", "Damascus": "SY",
}  # fmt: skip

BASELINE = """\
baseline (what a competent rapidfuzz user writes):
    def norm(s): return " ".join(re.sub(r"[\\W_]+", " ", s.casefold()).split())
    index = {norm(a): place for place in gazetteer for a in (id, name, *aliases, iata, icao)}
    def lookup(q):
        place = index.get(norm(q))
        if place is None:
            hit = rapidfuzz.process.extractOne(norm(q), list(index), scorer=fuzz.WRatio,
                                               score_cutoff=80)
            place = index[hit[0]] if hit else None
        return place"""


def _typo(name: str) -> str:
    """One deterministic substitution in the middle of the name."""
    i = len(name) // 2
    swap = "x" if name[i] != "x" else "z"
    return name[:i] + swap + name[i + 1 :]


def query_sets(gazetteer) -> dict[str, list[tuple[str, Callable]]]:
    """(query, is_correct(top (id, country) or None)) per set."""
    exact, normalized, fuzzy = [], [], []
    for place in gazetteer.values():
        latin = [a for a in (place.name, *place.aliases) if a.isascii()]
        for alias in (place.name, *place.aliases):
            exact.append((alias, _is(place.id)))
        for alias in latin:
            normalized.append(("  " + alias.upper().replace(" ", "-") + " ", _is(place.id)))
            normalized.append(("al " + alias.lower(), _is(place.id)))
        if len(place.name) >= 5:
            fuzzy.append((_typo(place.name), _is(place.id)))
        for alias in latin:
            if len(alias) >= 8 and len(fuzzy) < 200:
                fuzzy.append((_typo(alias), _is(place.id)))
    fallback = [(name, _country(cc)) for name, cc in FALLBACK.items()]
    return {"exact/alias": exact, "normalized": normalized, "fuzzy": fuzzy, "fallback": fallback}


def _is(place_id: str) -> Callable:
    return lambda found: found is not None and found[0] == place_id


def _country(cc: str) -> Callable:
    return lambda found: found is not None and found[1] == cc


_SEPARATORS = re.compile(r"[\W_]+")


def baseline_geocoder(gazetteer) -> Callable[[str], tuple[str, str] | None]:
    """The baseline printed as BASELINE: a dict of normalised aliases, then extractOne."""
    from rapidfuzz import fuzz, process

    def norm(text: str) -> str:
        return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())

    index = {}
    for place in gazetteer.values():
        for alias in (place.id, place.name, *place.aliases, place.iata, place.icao):
            if alias:
                index.setdefault(norm(alias), place)
    keys = list(index)

    def lookup(query: str) -> tuple[str, str] | None:
        key = norm(query)
        place = index.get(key)
        if place is None:
            hit = process.extractOne(key, keys, scorer=fuzz.WRatio, score_cutoff=80)
            place = index[hit[0]] if hit else None
        return (place.id, place.country) if place is not None else None

    return lookup


def ours(coder) -> Callable[[str], tuple[str, str] | None]:
    def lookup(query: str) -> tuple[str, str] | None:
        found = coder.geocode(query)
        return (found[0].id, found[0].country) if found else None

    return lookup


def measure(
    lookups: dict[str, Callable], queries: list[tuple[str, Callable]]
) -> dict[str, tuple[float, float]]:
    """(names per second, top-1 accuracy) of each lookup: best of REPEAT passes.

    The lookups take turns pass by pass, so that a change in the machine's load
    weighs on them alike.
    """
    times: dict[str, list[float]] = {label: [] for label in lookups}
    results: dict[str, list] = {}
    for _ in range(REPEAT):
        for label, lookup in lookups.items():
            start = time.perf_counter()
            results[label] = [lookup(q) for q, _ in queries]
            times[label].append(time.perf_counter() - start)
    return {
        label: (
            len(queries) / min(times[label]),
            sum(ok(r) for r, (_, ok) in zip(results[label], queries, strict=True)) / len(queries),
        )
        for label in lookups
    }


def _timed(command: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def whole_process(names: list[str]) -> dict[str, float]:
    """Median wall time of each ``claimmap geocode NAME`` and of ``python -c pass``.

    The commands take turns in each round, so that the machine's load weighs on
    all of them alike.
    """
    script = Path(sys.executable).with_name("claimmap")
    claimmap = [str(script)] if script.exists() else [sys.executable, "-m", "claimmap"]
    commands = {"python -c pass": [sys.executable, "-c", "pass"]}
    commands.update({name: [*claimmap, "geocode", name] for name in names})
    for command in commands.values():
        _timed(command)  # warm the file cache and the GeoNames index
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(RUNS):
        for label, command in commands.items():
            times[label].append(_timed(command))
    return {label: statistics.median(values) for label, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    from geo import fallback
    from geo.gazetteer import load_place_rows
    from geo.geocode import Geocoder

    gazetteer = load_place_rows()
    start = time.perf_counter()
    coder = Geocoder(gazetteer)
    build = time.perf_counter() - start
    start = time.perf_counter()
    fallback.city_index()
    index = time.perf_counter() - start
    coder.geocode("Kut")  # warm every lazy import
    baseline = baseline_geocoder(gazetteer)
    baseline("Najaf")

    print(BASELINE)
    print(f"gazetteer: {len(gazetteer)} places; geocoder index built in {build * 1000:.1f} ms;")
    how = "built and cached (first run)" if index > 2 else "opened from its SQLite cache"
    print(f"GeoNames fallback index {how} in {index * 1000:.1f} ms")
    print(f"{'set':<12} {'n':>4}  {'ours/s':>9} {'acc':>5}  {'baseline/s':>10} {'acc':>5}  ratio")
    for label, queries in query_sets(gazetteer).items():
        found = measure({"ours": ours(coder), "baseline": baseline}, queries)
        (ours_rate, ours_acc), (base_rate, base_acc) = found["ours"], found["baseline"]
        print(
            f"{label:<12} {len(queries):>4}  {ours_rate:>9.0f} {ours_acc:>5.0%}  "
            f"{base_rate:>10.0f} {base_acc:>5.0%}  {ours_rate / base_rate:5.2f}x"
        )
    medians = whole_process(["Najaf", "Kut"])
    bare = medians.pop("python -c pass")
    print(f"whole process, median of {RUNS} interleaved runs: python -c pass {bare * 1000:.0f} ms")
    for name, seconds in medians.items():
        print(f"  claimmap geocode {name}: {seconds * 1000:.0f} ms = {seconds / bare:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
