"""Geocoder throughput and ``claimmap geocode`` start-up, against a naive baseline.

Four query sets (exact/alias, normalized, fuzzy, fallback) are timed through
``geo.geocode.Geocoder`` (warm: gazetteer and fallback indexes loaded) and
through a naive geocoder measured in the same run: one linear rapidfuzz scan
(``process.extractOne`` with ``fuzz.WRatio``) over every name and alias of the
gazetteer. Both report names per second and top-1 accuracy; the ratio is
ours / naive.

Then the whole-process time of one ``claimmap geocode`` call (median of runs),
for a curated name and for a name that needs the GeoNames fallback.

Run: ``python -m bench.bench_geocode`` (or ``python -m bench``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5

#: GeoNames cities outside the gazetteer (expected country in brackets).
FALLBACK = {
    "Kut": "IQ", "Karbala": "IQ", "Amarah": "IQ", "Nasiriyah": "IQ", "Samawah": "IQ",
    "Erbil": "IQ", "Sulaymaniyah": "IQ", "Hillah": "IQ", "Ramadi": "IQ", "Fallujah": "IQ",
    "Kirkuk": "IQ", "Mosul": "IQ", "Tabriz": "IR", "Shiraz": "IR", "Isfahan": "IR",
    "Yazd": "IR", "Dezful": "IR", "Abadan": "IR", "Hamadan": "IR", "Sanandaj": "IR",
    "Beirut": "LB", "Tyre": "LB", "Baalbek": "LB", "Damascus": "SY",
}  # fmt: skip


def _typo(name: str) -> str:
    """One deterministic substitution in the middle of the name."""
    i = len(name) // 2
    swap = "x" if name[i] != "x" else "z"
    return name[:i] + swap + name[i + 1 :]


def query_sets(gazetteer) -> dict[str, list[tuple[str, Callable]]]:
    """(query, is_correct(top_candidate_id_or_None)) per set."""
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


def naive_geocoder(gazetteer) -> Callable[[str], tuple[str, str] | None]:
    """A linear rapidfuzz scan over every name and alias (WRatio, cutoff 80)."""
    from rapidfuzz import fuzz, process

    names, owners = [], []
    for place in gazetteer.values():
        for alias in (place.id, place.name, *place.aliases, place.iata, place.icao):
            if alias:
                names.append(alias)
                owners.append(place)

    def lookup(query: str) -> tuple[str, str] | None:
        best = process.extractOne(query, names, scorer=fuzz.WRatio, score_cutoff=80)
        if best is None:
            return None
        place = owners[best[2]]
        return place.id, place.country

    return lookup


def ours(coder) -> Callable[[str], tuple[str, str] | None]:
    def lookup(query: str) -> tuple[str, str] | None:
        found = coder.geocode(query)
        return (found[0].id, found[0].country) if found else None

    return lookup


def measure(lookup: Callable, queries: list[tuple[str, Callable]]) -> tuple[float, float]:
    """(names per second, top-1 accuracy), best of REPEAT passes."""
    times = []
    correct = 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        results = [lookup(q) for q, _ in queries]
        times.append(time.perf_counter() - start)
    correct = sum(ok(r) for r, (_, ok) in zip(results, queries, strict=True))
    return len(queries) / min(times), correct / len(queries)


def whole_process(name: str, runs: int = 5) -> float:
    """Median wall time of ``claimmap geocode NAME`` as a fresh process."""
    script = Path(sys.executable).with_name("claimmap")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "claimmap"]
    env = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*command, "geocode", name], cwd=ROOT, env=env, capture_output=True, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from geo import fallback
    from geo.gazetteer import load_gazetteer
    from geo.geocode import Geocoder

    gazetteer = load_gazetteer()
    start = time.perf_counter()
    coder = Geocoder(gazetteer)
    build = time.perf_counter() - start
    start = time.perf_counter()
    fallback.city_index()
    index = time.perf_counter() - start
    coder.geocode("Kut")  # warm every lazy import
    naive = naive_geocoder(gazetteer)
    naive("Najaf")

    print(f"gazetteer: {len(gazetteer)} places; geocoder index built in {build * 1000:.1f} ms;")
    how = "built and cached (first run)" if index > 1 else "opened from its SQLite cache"
    print(f"GeoNames fallback index {how} in {index * 1000:.1f} ms")
    header = f"{'set':<12} {'n':>4}  {'ours/s':>9} {'acc':>5}  {'naive/s':>9} {'acc':>5}  ratio"
    print(header)
    for label, queries in query_sets(gazetteer).items():
        ours_rate, ours_acc = measure(ours(coder), queries)
        naive_rate, naive_acc = measure(naive, queries)
        print(
            f"{label:<12} {len(queries):>4}  {ours_rate:>9.0f} {ours_acc:>5.0%}  "
            f"{naive_rate:>9.0f} {naive_acc:>5.0%}  {ours_rate / naive_rate:5.1f}x"
        )
    curated, fallback_time = whole_process("Najaf"), whole_process("Kut")
    python_only = _python_startup()
    print(
        f"claimmap geocode, whole process (median of 5): Najaf {curated * 1000:.0f} ms, "
        f"Kut (GeoNames fallback) {fallback_time * 1000:.0f} ms; "
        f"bare 'python -c pass' {python_only * 1000:.0f} ms "
        f"(ratio {curated / python_only:.1f}x)"
    )


def _python_startup(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
