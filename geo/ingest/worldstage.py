"""Stage 2 of finding places: countries, first-level divisions and GeoNames cities.

Capitalised word sequences (up to three words) that the curated gazetteer left are
looked up among country names, first-level divisions (states, provinces) and
GeoNames cities (``geo.ingest.worldnames``); dotted abbreviations name countries
("U.S.", "U.K.") and some states and provinces ("B.C.", "N.J."). Places in a country
the text already names rank first; a division ranks before a city of its name unless
that city has `BIG_CITY` people or more ("Texas" the state, "Basra" the city), or
`WORLD_CITY` when it lies in another country ("Ontario" the province); a name that
is both a country and a division is the division when the text names the division's
country ("Georgia" beside "U.S."). Left out: continents and world regions
(``worldnames.TOO_BROAD``), a name that is part of a longer capitalised name ("Los
Angeles Times"), a one-word name that is a common English word, a short all-capitals
word (an acronym: "FAO"), and cities in people's names ("Mehdi Reza said"; a
division may be: "officials in New Jersey said").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from geo.geocode import SCORES
from geo.ingest.tokens import EMPTY, Word, is_arabic_script
from geo.ingest.worldnames import DIVISION_ABBREVIATIONS, TOO_BROAD, RegionPoint
from geo.normalize import normalize

#: Word keys of articles that may stand before a name ("al-Najaf", "an-Najaf").
ARTICLES = frozenset({"al", "el", "an", "ar", "as", "ash", "ad", "at", "az", "ath"})
#: Lower-case words allowed inside a multi-word name ("Rio de Janeiro").
_INNER = frozenset({"de", "del", "da", "do", "la", "le", "al", "el", "of", "upon", "on", "am"})
#: Capitalised words that may stand next to a place name without being part of a name.
_NEIGHBOURS = frozenset(
    """the in from to of at on and or near for with by via across into inside outside
    between north south east west northern southern eastern western central greater
    city province county governorate state region district airport capital border
    a an but as while since after before during said says told""".split()
)
#: Capitalised words never taken for GeoNames names (titles, months, days, pronouns).
_NOT_PLACES = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday i he she we they it his her
    mr mrs ms dr president minister general ayatollah imam sheikh god allah islam muslim
    shia shiite sunni christian jewish arab arabic persian kurdish english news also read
    """.split()
)
_MAX_WORDS = 3
_TOP = 5
_COUNTRY_SCORE = 0.9
_REGION_SCORE = 0.85
#: A city this large ranks before a first-level division of its name.
BIG_CITY = 100_000
#: A city this large ranks before a division of its name in another country too.
WORLD_CITY = 1_000_000
#: Dotted abbreviations ("U.S.", "U.A.E.", "B.C.").
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
#: A number just before an abbreviation ("500 B.C."): an era, not a place.
_YEAR_BEFORE = re.compile(r"\d\s*$")
_IN_TEXT_BONUS = 0.08


class WorldStage:
    """Find countries, divisions and GeoNames cities in the words stage 1 left.

    Parameters
    ----------
    world : ``worldnames.world_names()``.
    curated : (GeoNames id, surface) -> the curated place's candidate dict, or None:
        a city the curated gazetteer holds is offered as the curated place.
    """

    def __init__(self, world: Any, curated: Callable[[int, str], dict[str, Any] | None]):
        self.world = world
        self.curated = curated

    def find(
        self,
        text: str,
        words: list[Word],
        taken: frozenset[int],
        countries: set[str],
        people: frozenset[int] = frozenset(),
    ) -> list:
        """Countries, divisions and GeoNames cities on the words stage 1 left (countries first).

        Words of people's names (``people``) may only be a country's or a division's name
        ("New Jersey said"), never a city's ("Mehdi Reza said").
        """
        spans = self._dotted(text, words, taken)
        taken = taken | {i for first, last, _key in spans for i in range(first, last + 1)}
        index = 0
        while index < len(words):
            if index in taken or not _starts_name(text, words[index]):
                index += 1
                continue
            span = self._span(text, words, index, taken, people)
            if span is None:
                index += 1
                continue
            if span[2] not in TOO_BROAD:  # "Latin America": not a place, nor its "America"
                spans.append(span)
            index = span[1] + 1
        for _first, _last, key in spans:
            country = self.world.country(key)
            if country is not None and key not in self.world.regions:  # "Georgia": either
                countries.add(country.iso2)
        found = []
        for first, last, key in sorted(spans):
            start, end = words[first].start, _span_end(text, words[last])
            candidates = self._candidates(key, text[start:end], countries)
            if candidates:
                found.append((first, last, start, end, candidates))
        return found

    def _dotted(self, text: str, words: list[Word], taken: frozenset[int]) -> list:
        """Dotted abbreviations of countries ("U.S.") and of divisions ("B.C."), as spans.

        Each span is (first word, last word, the key of the name it stands for); a
        division's abbreviation after a number ("500 B.C.") is a date, not a place.
        """
        spans = []
        for match in _DOTTED.finditer(text):
            key = normalize(match.group())
            division = DIVISION_ABBREVIATIONS.get(match.group())
            if division is not None:
                if _YEAR_BEFORE.search(text, 0, match.start()):
                    continue
                key = normalize(division[1])
            elif not self.world.country(key):
                continue
            covered = [i for i, w in enumerate(words) if match.start() <= w.start < match.end()]
            if covered and not taken.intersection(covered):
                spans.append((covered[0], covered[-1], key))
        return spans

    def _span(
        self,
        text: str,
        words: list[Word],
        first: int,
        taken: frozenset[int],
        people: frozenset[int] = frozenset(),
    ) -> tuple[int, int, str] | None:
        """Return the longest known name starting at word ``first`` (capitalised), if any."""
        for last in range(min(first + _MAX_WORDS, len(words)) - 1, first - 1, -1):
            if any(i in taken for i in range(first, last + 1)):
                continue
            if not _joined(text, words, first, last):
                continue
            if last > first and not _starts_name(text, words[last]):
                continue
            key = _name_key(words, first, last)
            if self.world.country(key) is not None or key in TOO_BROAD:
                return first, last, key
            if len(key) < 3 or key in _NOT_PLACES or not self.world.knows(key):
                continue
            if any(i in people for i in range(first, last + 1)) and (
                key not in self.world.regions or key in _NOT_PLACES
            ):
                continue  # a person's name: a division's name at most
            surface = text[words[first].start : words[last].end]
            if first == last and (self.world.is_common_word(surface) or _acronym(surface)):
                continue
            if _inside_longer_name(text, words, first, last, taken):
                continue
            return first, last, key
        return None

    def _candidates(
        self, key: str, surface: str, countries: set[str]
    ) -> tuple[dict[str, Any], ...]:
        country = self.world.country(key)
        regions = self.world.regions.get(key, ())
        if country is not None and not any(r.iso2 in countries for r in regions):
            return (_country_candidate(country, surface),)
        ranked = []
        for region in regions:
            in_text = region.iso2 in countries
            score = _REGION_SCORE + (_IN_TEXT_BONUS if in_text else 0.0)
            ranked.append((not in_text, False, -BIG_CITY, region, round(score, 4)))
        homes = {r.iso2 for r in regions}
        for city, how in self.world.cities(key):
            in_text = city.country in countries
            weight = city.population
            if homes and city.country not in homes and weight < WORLD_CITY:
                weight = min(weight, BIG_CITY - 1)  # "Ontario": the province, not the US city
            score = SCORES[f"fallback_{how}"] + (_IN_TEXT_BONUS if in_text else 0.0)
            ranked.append((not in_text, how != "name", -weight, city, round(score, 4)))
        ranked.sort(key=lambda r: r[:3])
        found = [self._candidate(r[3], surface, r[4]) for r in ranked[:_TOP]]
        if country is not None:
            found.append(_country_candidate(country, surface))
        return tuple(found)

    def region_candidate(
        self, region: RegionPoint, surface: str, score: float = _REGION_SCORE
    ) -> dict[str, Any]:
        """Return a division as a candidate of the name ``surface``."""
        return _region_candidate(region, surface, score)

    def city_candidate(self, city: Any, surface: str, score: float) -> dict[str, Any]:
        """Return a GeoNames city as a candidate (the curated place, if the gazetteer has it)."""
        return self._city_candidate(city, surface, score)

    def _candidate(self, place: Any, surface: str, score: float) -> dict[str, Any]:
        if isinstance(place, RegionPoint):
            return _region_candidate(place, surface, score)
        return self._city_candidate(place, surface, score)

    def _city_candidate(self, city: Any, surface: str, score: float) -> dict[str, Any]:
        curated = self.curated(city.geonames_id, surface)
        if curated is not None:
            return {**curated, "score": score, "stage": "geonames"}
        return {
            "id": f"geonames:{city.geonames_id}",
            "name": city.name,
            "kind": "city",
            "country": city.country,
            "lat": city.lat,
            "lon": city.lon,
            "score": score,
            "stage": "geonames",
            "matched": surface,
            "precision_m": city.precision_m,
            "curated": False,
            "population": city.population,
        }


def _region_candidate(region: Any, surface: str, score: float) -> dict[str, Any]:
    return {
        "id": f"admin1:{region.iso2}:{region.name}",
        "name": region.name,
        "kind": "region",
        "country": region.iso2,
        "lat": region.lat,
        "lon": region.lon,
        "score": score,
        "stage": "region",
        "matched": surface,
        "precision_m": region.precision_m,
        "curated": False,
    }


def _span_end(text: str, word: Word) -> int:
    """Where a mention ends: after its last word, and after the dot of an abbreviation."""
    end = word.end
    if end - word.start == 1 and text[end : end + 1] == "." and text[word.start].isupper():
        return end + 1  # "U.S." ends with its dot
    return end


def _country_candidate(country: Any, surface: str) -> dict[str, Any]:
    return {
        "id": f"geonames:{country.geonames_id}",
        "name": country.name,
        "kind": "country",
        "country": country.iso2,
        "lat": country.lat,
        "lon": country.lon,
        "score": _COUNTRY_SCORE,
        "stage": "country",
        "matched": surface,
        "precision_m": 500_000.0,
        "curated": False,
    }


def _acronym(surface: str) -> bool:
    """Tell whether a word is all capitals, up to five letters ("FAO"): an acronym."""
    return surface.isupper() and len(surface) <= 5


def _starts_name(text: str, word: Word) -> bool:
    first = text[word.start]
    if first.isupper():
        return True
    if first.isascii():  # most words: no script test needed
        return False
    return is_arabic_script(first) and word.end - word.start >= 3


def _joined(text: str, words: list[Word], first: int, last: int) -> bool:
    """Whether words first..last are written as one name (spaces or hyphens between)."""
    for i in range(first, last):
        if text[words[i].end : words[i + 1].start] not in (" ", "-"):
            return False
        if i > first and not _starts_name(text, words[i]) and words[i].key not in _INNER:
            return False
    return True


def _name_key(words: list[Word], first: int, last: int) -> str:
    keys = [w.key for w in words[first : last + 1]]
    keys = [k for i, k in enumerate(keys) if not (k in ARTICLES and i < len(keys) - 1)]
    return "".join(k for k in keys if k != EMPTY)


def _inside_longer_name(
    text: str, words: list[Word], first: int, last: int, taken: frozenset[int]
) -> bool:
    """Whether capitalised words run on before or after (a person's or an organisation's name)."""
    for neighbour, left, right in ((first - 1, first - 1, first), (last + 1, last, last + 1)):
        if not 0 <= neighbour < len(words) or neighbour in taken:
            continue
        if text[words[left].end : words[right].start] not in (" ", "-"):
            continue
        word = text[words[neighbour].start : words[neighbour].end]
        if word[:1].isupper() and word.lower() not in _NEIGHBOURS:
            return True
    return False
