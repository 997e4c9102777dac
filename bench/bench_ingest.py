"""``claimmap extract``: speed and quality, against geotext and a dictionary geoparser.

Speed: articles of about 500 words (the seed articles cut into 500-word
pieces) per second after loading, best of 3 passes, for our extractor (all of
places, dates, figures, actors, attributions; and places alone) and for the two
baselines of ``bench/ingest_baselines.py``, in the same run; loading time as a
fresh process (median of 3, the GeoNames index already cached on disk).

Quality on the five seed articles (``data/claims.yaml`` is the key):

- places: every place coded for a document whose name or alias the document's
  text contains, found by each system (ours: among a mention's candidates, and
  as the best one);
- gazetteer aliases: every alias of every place, in a sentence, found as that place;
- dates: each coded claim whose ``date_note`` quotes a date phrase of the text,
  extracted with the coded ``event_start``/``event_end`` (exactly), against the
  source's earliest publication date;
- figures: every coded quantity, found at its text with the same qualifier and value.

Public toponym corpora are read from the files named by ``$CLAIMMAP_TOPONYM_CORPUS``
(separated by ``:``; keep them outside the repository, e.g. under
``~/.cache/claimmap-bench/``): GeoVirus XML (``<article><text>`` with
``<location><name><start><end><lat><lon>``) or TR-News XML (``<toponym><phrase>
<start><end><gaztag>``): strict span precision/recall/F1 and the share of
correctly found toponyms placed within 161 km. Without them: "not available".

Run: ``python -m bench.bench_ingest`` (or ``python -m bench ingest``).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_WORDS = 500
PASSES = 3
#: Times each article is extracted in one pass.
ROUNDS = 10


def articles_of(texts: list[str]) -> list[str]:
    """The texts, one after the other, cut into whole pieces of ``ARTICLE_WORDS`` words."""
    text = "\n".join(texts)
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    return [
        text[starts[i] : starts[i + ARTICLE_WORDS]]
        for i in range(0, len(starts) - ARTICLE_WORDS, ARTICLE_WORDS)
    ]


def rate(
    function: Callable[[str], object],
    articles: list[str],
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Articles per second, best of ``PASSES`` (wall time, or ``time.process_time`` for CPU)."""
    best = math.inf
    for _ in range(PASSES):
        start = clock()
        for article in articles:
            function(article)
        best = min(best, clock() - start)
    return len(articles) / max(best, 1e-9)


def load_seconds(code: str, runs: int = 3, **env: str) -> float:
    """Median wall time of ``code`` in a fresh interpreter (what it reports it took)."""
    probe = f"import time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def speed(extractor, dictionary, articles: list[str]) -> None:
    from bench.ingest_baselines import geotext_find
    from geo.ingest import tokens

    def places_only(text: str) -> object:
        return extractor.places.find(text, tokens.words(text))

    words = sum(len(a.split()) for a in articles) / len(articles)
    distinct = len(articles)
    articles = articles * ROUNDS  # passes long enough that one pause of the machine matters less
    print(
        f"speed: {distinct} articles of about {words:.0f} words, each {ROUNDS} times a pass "
        f"(caches warm, as in a batch), best of {PASSES}"
    )
    ours_all = rate(extractor.extract, articles)
    ours_cpu = rate(extractor.extract, articles, time.process_time)
    ours_places = rate(places_only, articles)
    geotext = rate(geotext_find, articles)
    plain = rate(dictionary.find, articles)
    print(f"  ours, everything          {ours_all:8.0f} articles/s  ({ours_cpu:.0f}/s of CPU time)")
    print(f"  ours, places only         {ours_places:8.0f} articles/s")
    print(
        f"  geotext                   {geotext:8.0f} articles/s  (ours/geotext: "
        f"{ours_all / geotext:.2f}x everything, {ours_places / geotext:.2f}x places)"
    )
    print(
        f"  dictionary geoparser      {plain:8.0f} articles/s  (ours/dictionary: "
        f"{ours_all / plain:.2f}x everything, {ours_places / plain:.2f}x places)"
    )
    ours_load = load_seconds("from geo.ingest.extract import Extractor\nExtractor()")
    geotext_load = load_seconds("from geotext import GeoText\nGeoText('Paris')")
    plain_load = load_seconds(
        "from bench.ingest_baselines import DictionaryGeoparser\n"
        "from geo.gazetteer import load_gazetteer\n"
        "from geo.ingest.worldnames import read_country_points\n"
        "from geo.paths import PACKAGE_DATA_DIR\n"
        "DictionaryGeoparser(load_gazetteer(), "
        "read_country_points(PACKAGE_DATA_DIR / 'country_points.csv'))"
    )
    print(
        f"  loading (fresh process, median of 3): ours {ours_load:.2f} s, geotext "
        f"{geotext_load:.2f} s, dictionary {plain_load:.2f} s"
    )
    with tempfile.TemporaryDirectory(prefix="bench-cold-cache-") as cold:
        cold_load = load_seconds(
            "from geo.ingest.extract import Extractor\nExtractor()", 1, CLAIMMAP_CACHE=cold
        )
    print(
        f"  loading with a cold GeoNames cache (the index built once per machine): "
        f"ours {cold_load:.1f} s"
    )


def ingest_speed(articles: list[str]) -> None:
    """``claimmap ingest``'s whole path into an SQLite store, against extraction alone."""
    import datetime as dt

    from geo.ingest.document import read_document
    from geo.ingest.ingest import Confirmed, Ingester
    from geo.store.default import open_default

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as home:
        previous = os.environ.get("CLAIMMAP_HOME")
        os.environ["CLAIMMAP_HOME"] = home
        try:
            engine = open_default("bench")
            ingester = Ingester(engine, who="bench")
            ingester.extractor  # noqa: B018 (loaded before the clock starts)
            confirmed = Confirmed(published=dt.date(2026, 1, 14), outlet="Bench")
            documents = [
                read_document(f"Piece {n}.\n{a}".encode(), f"a{n}.txt")
                for n, a in enumerate(articles * PASSES)
            ]
            start, cpu = time.perf_counter(), time.process_time()
            results = [ingester.ingest(d, confirmed) for d in documents]
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            engine.dispose()
        finally:
            if previous is None:
                os.environ.pop("CLAIMMAP_HOME", None)
            else:
                os.environ["CLAIMMAP_HOME"] = previous
    drafts = sum(len(r.drafts) for r in results)
    print(
        f"  ingest into an SQLite store (extract, drafts, checks, one transaction each): "
        f"{len(documents) / seconds:.0f} articles/s ({len(documents) / cpu:.0f}/s of CPU time), "
        f"{drafts / len(documents):.0f} drafts each"
    )


def main(argv: list[str] | None = None) -> None:
    from bench.ingest_baselines import DictionaryGeoparser
    from geo import paths
    from geo.dataset import load_dataset
    from geo.gazetteer import load_gazetteer
    from geo.ingest.extract import Extractor
    from geo.ingest.worldnames import read_country_points

    extractor = Extractor()
    gazetteer = load_gazetteer()
    points = read_country_points(paths.PACKAGE_DATA_DIR / "country_points.csv")
    dictionary = DictionaryGeoparser(gazetteer, points)
    seeds = paths.seeds_dir()
    if seeds is None:
        print("seed articles: not available (speed and seed quality skipped)")
    else:
        dataset = load_dataset()
        documents = _documents(dataset, seeds)
        articles = articles_of([text for text, _ in documents.values()])
        speed(extractor, dictionary, articles)
        ingest_speed(articles)
        from bench import ingest_quality

        ingest_quality.seeds_report(extractor, dictionary, dataset, documents)
        ingest_quality.aliases_report(extractor, dictionary, gazetteer)
    from bench import ingest_quality

    ingest_quality.corpus_report(extractor, dictionary, os.environ.get(ingest_quality.CORPUS_ENV))


def _documents(dataset, seeds: Path) -> dict[str, tuple[str, dt.date | None]]:
    """source id -> (seed text, earliest publication date)."""
    found = {}
    for source in dataset.sources.values():
        if source.kind == "document" and source.seed_file:
            text = (seeds / source.seed_file).read_bytes().decode("utf-8")
            found[source.id] = (text, source.published)
    return found


if __name__ == "__main__":
    main()
