"""``claimmap check`` beyond loading: the quote and country checks, against loading itself.

For the curated data and synthetic data sets (the curated claims copied, so
every quote is found in its seed article), time in the same run:

- load: ``load_dataset`` (read, validate, cross-check, analyse);
- quotes: every quote found verbatim in its document's seed article, each
  article normalised once (``geo.validate.check_quotes``);
- countries: every place in its country (Natural Earth, within its precision);
- former quotes: the same quote check normalising the article again for each
  claim, as the code did before (measured on the first FORMER_LIMIT claims and
  scaled up, since it grows with the claims times the article's length).

The goal is quotes at most 2x the loading time. Needs the seed articles
(``geo.paths.seeds_dir()``).

Usage: ``python -m bench check [--claims N,N...]`` (default 10000,100000).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

FORMER_LIMIT = 5_000


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def former_quote_check(dataset, seeds: Path, claims) -> int:
    """The former code: each claim normalised its article's whole text again."""
    from geo.validate import quote_in_text

    texts = {
        s.id: (seeds / s.seed_file).read_text(encoding="utf-8")
        for s in dataset.sources.values()
        if s.seed_file
    }
    return sum(quote_in_text(c.quote, texts[c.source_id]) for c in claims if c.source_id in texts)


def run_size(label: str, data_dir: Path, seeds: Path) -> None:
    from geo.boundaries import countries, place_country_problems
    from geo.dataset import load_dataset
    from geo.validate import check_quotes

    countries()  # Natural Earth read once, outside the timings (the CLI reads it too)
    load, dataset = _timed(lambda: load_dataset(data_dir))
    quotes, (problems, found) = _timed(lambda: check_quotes(dataset.sources, dataset.claims, seeds))
    places, _ = _timed(lambda: place_country_problems(dataset.places.values(), "g"))
    subset = dataset.claims[:FORMER_LIMIT]
    former, _ = _timed(lambda: former_quote_check(dataset, seeds, subset))
    former *= len(dataset.claims) / max(1, len(subset))
    n = len(dataset.claims)
    assert not problems and found == n, (len(problems), found)
    print(
        f"{label:>8} {n:>7}  load {load:7.2f} s  "
        f"quotes {quotes:6.2f} s = {quotes / load:5.2f}x load  countries {places:5.2f} s  "
        f"former quotes {former:7.1f} s = {former / load:5.1f}x load"
    )


def main(argv: list[str] | None = None) -> int:
    from bench.synthetic import synthetic_data
    from geo import paths

    parser = argparse.ArgumentParser(prog="bench_check")
    parser.add_argument("--claims", default="10000,100000", help="synthetic sizes, comma-separated")
    args = parser.parse_args(argv)
    seeds = paths.seeds_dir()
    if seeds is None:
        print("bench_check: the seed articles are not here; nothing to measure")
        return 0
    print(f"times in one run; 'former quotes' scaled from the first {FORMER_LIMIT:,} claims")
    run_size("curated", paths.PACKAGE_DATA_DIR, seeds)
    for size in (int(s) for s in args.claims.split(",") if s.strip()):
        with tempfile.TemporaryDirectory() as tmp:
            run_size("synth", synthetic_data(size, Path(tmp) / "data"), seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
