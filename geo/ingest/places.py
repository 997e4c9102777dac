"""Place names in running text, with ranked candidate places.

Two stages, on whole words only (see ``geo.ingest.tokens``):

1. **Gazetteer** — every name, alias and IATA/ICAO code of the curated
   gazetteer, in every script, is matched with one Aho-Corasick scan over the
   words' ``geo.normalize`` keys, and a second over their transliteration
   variant keys ("Ahwaz" finds Ahvaz, "Shalamche" the crossing). A name's
   distinctive part counts too ("Mehran" of "Mehran border crossing"), so an
   ambiguous name keeps all its places, ranked by ``geo.geocode`` exactly as
   ``claimmap geocode`` ranks them (the town of Mehran before the crossing).
2. **GeoNames, divisions and countries** — capitalised word sequences (up to
   three words) not found in stage 1 are looked up among country names, first-level
   divisions (states, provinces) and GeoNames cities (``geo.ingest.worldnames``);
   dotted abbreviations ("U.S.", "U.K.") are country names too. Places in a
   country the text already names rank first; a division ranks before a city of
   its name unless that city has `BIG_CITY` people or more ("Texas" the state,
   "Basra" the city); a name that is both a country and a division is the
   division when the text names the division's country ("Georgia" beside "U.S.").
   Continents and world regions are not places (``worldnames.TOO_BROAD``).

Not place mentions: words inside actor names ("Badr", "Mahan Air", "Iran
International"), person names found by the attribution patterns ("Mehdi
Reza"), dates, and demonyms: "Iranian" or "Iraqi" describe, they do not
name a place, and the word rule never finds "Iran" inside "Iranian". A name
used as a modifier ("Iran-backed") is a mention of the place. In stage 2 a
name that is part of a longer capitalised name ("Los Angeles Times"), a
one-word name that is a common English word, and a short all-capitals word
(an acronym: "FAO") are left out; a country's short form ("US") is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from geo.geocode import GENERIC_WORDS, SCORES, Candidate, Geocoder, candidate_from
from geo.ingest.tokens import EMPTY, KeyText, Matcher, Word, is_arabic_script, longest_first
from geo.ingest.tokens import WORD as _WORD
from geo.ingest.worldnames import TOO_BROAD, RegionPoint
from geo.normalize import normalize, variant_key

#: Geocoder stages that a word-for-word match can produce (never fuzzy guesses).
_EXACT_STAGES = ("exact", "normalized", "variant", "core", "serves")
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
#: Dotted abbreviations ("U.S.", "U.A.E.").
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_IN_TEXT_BONUS = 0.08


@dataclass(frozen=True)
class PlaceMention:
    """A place name in a text: ``text[start:end]`` with its candidates, best first."""

    start: int
    end: int
    text: str
    candidates: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready item."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "candidates": [dict(c) for c in self.candidates],
        }

    @property
    def best(self) -> dict[str, Any]:
        """The best candidate."""
        return self.candidates[0]


def candidate_dict(candidate: Candidate) -> dict[str, Any]:
    """Return a geocoder candidate as an extraction candidate (the contract's fields first)."""
    return {
        "id": candidate.id,
        "name": candidate.name,
        "kind": candidate.kind,
        "country": candidate.country,
        "lat": candidate.lat,
        "lon": candidate.lon,
        "score": candidate.score,
        "stage": candidate.stage,
        "matched": candidate.matched,
        "precision_m": candidate.precision_m,
        "curated": candidate.curated,
    }


class PlaceFinder:
    """Find place names in text: the curated gazetteer first, then GeoNames and countries.

    Parameters
    ----------
    geocoder : the geocoder of the curated gazetteer (ranks the candidates).
    world : GeoNames cities and countries (``worldnames.world_names()``), or ``None``
        to use the curated gazetteer only.
    """

    def __init__(self, geocoder: Geocoder, world: Any = None):
        self.geocoder = geocoder
        self.world = world
        normalized, variants = _gazetteer_phrases(geocoder)
        self._normalized = Matcher(normalized)
        self._variants = Matcher(variants)
        self._by_geonames = {p.geonames_id: p for p in geocoder.gazetteer.values() if p.geonames_id}
        self._ranked: dict[str, tuple[dict[str, Any], ...]] = {}

    def find(
        self,
        text: str,
        words: list[Word],
        masked: frozenset[int] = frozenset(),
        people: frozenset[int] = frozenset(),
        keytext: KeyText | None = None,
    ) -> list[PlaceMention]:
        """Every place mention in ``text``, in text order.

        Parameters
        ----------
        text : the text.
        words : its words (``tokens.words(text)``).
        masked : indexes of words that cannot be part of a place name (actors, dates).
        people : indexes of words of people's names: not looked up in GeoNames
            (a curated place name is still found there: "Iran said").
        keytext : the words' normalized keys joined (``tokens.KeyText``), if built already.
        """
        found = self._gazetteer_stage(text, words, masked, keytext)
        if self.world is not None:
            taken = set(masked)
            for first, last, _mention in found:
                taken.update(range(first, last + 1))
            countries = {m.best["country"] for _f, _l, m in found}
            found += self._world_stage(text, words, frozenset(taken), countries, people)
        found.sort(key=lambda item: item[0])
        return [mention for _first, _last, mention in found]

    def _gazetteer_stage(
        self, text: str, words: list[Word], masked: frozenset[int], keytext: KeyText | None
    ) -> list:
        hits = []
        keytexts = (
            keytext or KeyText(w.key for w in words),
            KeyText(w.variant for w in words),
        )
        for matcher, keys in zip((self._normalized, self._variants), keytexts, strict=True):
            for first, last, bucket in matcher.find(keys):
                if any(i in masked for i in range(first, last + 1)):
                    continue
                surface = text[words[first].start : words[last].end]
                if _case_fits(surface, bucket):
                    hits.append((first, last, bucket))
        found = []
        for first, last, bucket in longest_first(hits):
            first = _with_article(text, words, first, masked)
            start, end = words[first].start, words[last].end
            candidates = self._rank(text[start:end], bucket)
            if candidates:
                found.append((first, last, PlaceMention(start, end, text[start:end], candidates)))
        return found

    def _rank(self, surface: str, bucket: tuple) -> tuple[dict[str, Any], ...]:
        """Candidates for a matched name, ranked by the geocoder (cached by name)."""
        ranked = self._ranked.get(surface)
        if ranked is None:
            ids = {place_id for place_id, _how in bucket}
            found = [
                c for c in self.geocoder.geocode(surface) if c.curated and c.stage in _EXACT_STAGES
            ]
            if not any(c.id in ids for c in found):
                found = [self._bucket_candidate(place_id, surface) for place_id in sorted(ids)]
            ranked = tuple(candidate_dict(c) for c in found)
            self._ranked[surface] = ranked
        return ranked

    def _bucket_candidate(self, place_id: str, surface: str) -> Candidate:
        place = self.geocoder.gazetteer[place_id]
        return candidate_from(place, surface, "variant", SCORES["core_variant"])

    def _world_stage(
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
            span = self._world_span(text, words, index, taken, people)
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
            candidates = self._world_candidates(key, text[start:end], countries)
            if candidates:
                found.append((first, last, PlaceMention(start, end, text[start:end], candidates)))
        return found

    def _dotted(self, text: str, words: list[Word], taken: frozenset[int]) -> list:
        """Dotted abbreviations of country names ("U.S."), as (first, last, key) spans."""
        spans = []
        for match in _DOTTED.finditer(text):
            key = normalize(match.group())
            covered = [i for i, w in enumerate(words) if match.start() <= w.start < match.end()]
            if covered and self.world.country(key) and not taken.intersection(covered):
                spans.append((covered[0], covered[-1], key))
        return spans

    def _world_span(
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

    def _world_candidates(
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
        for city, how in self.world.cities(key):
            in_text = city.country in countries
            score = SCORES[f"fallback_{how}"] + (_IN_TEXT_BONUS if in_text else 0.0)
            ranked.append((not in_text, how != "name", -city.population, city, round(score, 4)))
        ranked.sort(key=lambda r: r[:3])
        found = [self._world_candidate(r[3], surface, r[4]) for r in ranked[:_TOP]]
        if country is not None:
            found.append(_country_candidate(country, surface))
        return tuple(found)

    def _world_candidate(self, place: Any, surface: str, score: float) -> dict[str, Any]:
        if isinstance(place, RegionPoint):
            return _region_candidate(place, surface, score)
        return self._city_candidate(place, surface, score)

    def _city_candidate(self, city: Any, surface: str, score: float) -> dict[str, Any]:
        place = self._by_geonames.get(city.geonames_id)
        if place is not None:
            candidate = self._bucket_candidate(place.id, surface)
            return {**candidate_dict(candidate), "score": score, "stage": "geonames"}
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


def _gazetteer_phrases(geocoder: Geocoder) -> tuple[list, list]:
    """Return (normalized phrases, variant phrases) of every curated name, alias, code and core."""
    generic = {normalize(w) for w in GENERIC_WORDS}
    normalized, variants = [], []
    for place in geocoder.gazetteer.values():
        codes = {code for code in (place.iata, place.icao) if code}
        for alias in dict.fromkeys((place.name, *place.aliases, *codes)):
            how = "code" if alias in codes else "name" if alias[:1].isupper() else "lower"
            pieces = [m.group() for m in _WORD.finditer(alias)]
            _add_phrase(normalized, variants, pieces, (place.id, how))
            core = [p for p in pieces if normalize(p) not in generic]
            if how != "code" and core and len(core) < len(pieces) and place.kind != "airport":
                _add_phrase(normalized, variants, core, (place.id, "core"))
    return normalized, variants


def _add_phrase(normalized: list, variants: list, pieces: list[str], value: tuple) -> None:
    keys = tuple(k for k in (normalize(p) for p in pieces) if k)
    # Articles inside a name are kept by the words of running text ("An-Najaf" has
    # the word "an"), but normalize drops them from a name: index both forms.
    if keys:
        normalized.append((keys, value))
        variants.append((tuple(variant_key(p) for p in pieces if variant_key(p)), value))
    bare = tuple(k for k in keys if k not in ARTICLES)
    if bare and bare != keys:
        normalized.append((bare, value))


def _case_fits(surface: str, bucket: tuple) -> bool:
    """Latin names start with a capital (unless the alias does not); codes are in capitals."""
    if all(how == "code" for _id, how in bucket):
        return surface.isupper()
    if any(how == "lower" for _id, how in bucket):
        return True  # an alias written in lower case ("military base in Ahvaz")
    return not surface[:1].isalpha() or surface[:1].isupper() or is_arabic_script(surface[:1])


def _with_article(text: str, words: list[Word], first: int, masked: frozenset[int]) -> int:
    """Extend a match to an article written before it ("al-Najaf", "Al Najaf")."""
    before = first - 1
    if before < 0 or before in masked or words[before].key not in ARTICLES:
        return first
    gap = text[words[before].end : words[first].start]
    article = text[words[before].start : words[before].end]
    if gap == "-" or (gap == " " and article[:1].isupper()):
        return before
    return first


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
