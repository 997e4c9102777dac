"""Place names in running text, with ranked candidate places.

Two stages, on whole words only (see ``geo.ingest.tokens``), then the qualifiers:

1. **Gazetteer** — every name, alias and IATA/ICAO code of the curated
   gazetteer, in every script, is matched with one Aho-Corasick scan over the
   words' ``geo.normalize`` keys, and a second over their transliteration
   variant keys ("Ahwaz" finds Ahvaz, "Shalamche" the crossing). A name's
   distinctive part counts too ("Mehran" of "Mehran border crossing"), so an
   ambiguous name keeps all its places, ranked by ``geo.geocode`` exactly as
   ``claimmap geocode`` ranks them (the town of Mehran before the crossing).
2. **GeoNames, divisions and countries** (``geo.ingest.worldstage``) —
   capitalised word sequences not found in stage 1 are looked up among country
   names, first-level divisions and GeoNames cities, ranked by the countries the
   text names.
3. **Qualifiers** (``geo.ingest.qualifiers``) — a town named with its division
   or country after it ("Paris, Texas", "Glasgow, Ky.") is resolved there, and
   the text's other mentions of it follow.

Not place mentions: words inside actor names ("Badr", "Mahan Air", "Iran
International"), person names found by the attribution patterns ("Mehdi
Reza"), dates, and demonyms: "Iranian" or "Iraqi" describe, they do not
name a place, and the word rule never finds "Iran" inside "Iranian". A name
used as a modifier ("Iran-backed") is a mention of the place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo.geocode import GENERIC_WORDS, SCORES, Candidate, Geocoder, candidate_from
from geo.ingest.qualifiers import qualify
from geo.ingest.tokens import WORD as _WORD
from geo.ingest.tokens import KeyText, Matcher, Word, is_arabic_script, longest_first
from geo.ingest.worldstage import ARTICLES, WorldStage
from geo.normalize import normalize, variant_key

#: Geocoder stages that a word-for-word match can produce (never fuzzy guesses).
_EXACT_STAGES = ("exact", "normalized", "variant", "core", "serves")


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
        self._world = None if world is None else WorldStage(world, self._curated_city)

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
            for first, last, start, end, candidates in self._world.find(
                text, words, frozenset(taken), countries, people
            ):
                mention = PlaceMention(start, end, text[start:end], candidates)
                found.append((first, last, mention))
            found = qualify(text, words, found, self._world, frozenset(masked | people))
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

    def _curated_city(self, geonames_id: int, surface: str) -> dict[str, Any] | None:
        """Return the curated place of a GeoNames city as a candidate (None: not curated)."""
        place = self._by_geonames.get(geonames_id)
        if place is None:
            return None
        return candidate_dict(self._bucket_candidate(place.id, surface))

    def _bucket_candidate(self, place_id: str, surface: str) -> Candidate:
        place = self.geocoder.gazetteer[place_id]
        return candidate_from(place, surface, "variant", SCORES["core_variant"])


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
