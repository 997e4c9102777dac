"""Place names -> ranked candidate places, curated gazetteer first.

Stages, in order of confidence (the score says which one matched):

=============  =====  ====================================================
stage          score  what matched
=============  =====  ====================================================
exact          1.00   the id, name, an alias or an IATA/ICAO code as written
normalized     0.97   the same after ``geo.normalize.normalize``
variant        0.94   the same after ``geo.normalize.variant_key``
core           0.90   the distinctive part of a longer name: "Mehran" for
                      "Mehran border crossing", "Basra" for "Basra
                      Governorate" (0.88 through ``variant_key``)
serves         0.86   an airport serving a city matched above
geonames       0.84   a curated place through its GeoNames main name (its
                      normalized form)
fallback       0.82   a GeoNames populated place outside the gazetteer, by
                      its main name; ``curated`` False
fuzzy          <0.80  a curated name within one edit (up to 7 letters),
                      two (up to 12) or three; 0.55 + 0.25 x similarity
code           0.64   an IATA or ICAO code (upper case) from airportsdata
geonames       0.60   a curated place through a GeoNames alternate name,
                      0.52 through ``variant_key``
fallback       0.58   a GeoNames place by an alternate name, 0.50 through
                      ``variant_key``
=============  =====  ====================================================

A name that GeoNames gives a place as its main name ("Badrah", a town by the
Zurbatiyah crossing) ranks above a guess at a misspelt curated name ("Basra",
one letter off). GeoNames' alternate names are many and noisy ("Qam" is one of
Amiens'), so they rank below the guesses, and a spelling variant below them;
at equal match a curated place ranks first, then a place in a country of the
curated gazetteer (the region under study), then the more populous.

The last four stages run only when the first six found nothing (after the
``kind`` and ``country`` hints): curated names matched as written or
normalized always come first. Names shared by several places ("Mehran" the
town and the crossing, "Basra" the city, the governorate and the airport)
return every one of them, ranked.

``"NAME, COUNTRY"`` narrows by country when the part after the last comma
names one (an ISO code, or a country's name in any script the curated
gazetteer or GeoNames knows): "Shalamcheh, Iran" is the Iranian side of the
crossing.

The gazetteer and the fallback indexes are loaded on first use and cached.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.gazetteer import ISO_COUNTRIES, Gazetteer, gazetteer_path, load_place_rows
from geo.namekeys import GENERIC_WORDS, key_table  # noqa: F401 (GENERIC_WORDS re-exported)
from geo.normalize import keys, normalize
from geo.vocab import PLACE_KINDS

if TYPE_CHECKING:
    from geo.models import Place

SCORES = {
    "exact": 1.0,
    "normalized": 0.97,
    "variant": 0.94,
    "core": 0.90,
    "core_variant": 0.88,
    "serves": 0.86,
    "code": 0.64,
    "geonames_name": 0.84,
    "geonames_alternate": 0.60,
    "geonames_variant": 0.52,
    "fallback_name": 0.82,
    "fallback_alternate": 0.58,
    "fallback_variant": 0.50,
}
#: Fuzzy scores run from FUZZY_BASE (no letter right) to FUZZY_BASE + FUZZY_SPAN (all).
FUZZY_BASE = 0.55
FUZZY_SPAN = 0.25
#: A misspelled name core ("Mehran" of "Mehran crossing") ranks below the misspelled name.
FUZZY_CORE_PENALTY = 0.05


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to.

    Parameters
    ----------
    id : the gazetteer id; ``geonames:<id>`` or ``airport:<ICAO>`` for places
        outside the gazetteer.
    name, kind, country, admin1, lat, lon, precision_m : as in the gazetteer.
    score : confidence in (0, 1]; 1 is an exact match.
    matched : the name or alias that matched.
    stage : which stage matched (see the module docstring).
    curated : True for places of the curated gazetteer.
    geonames_id, iata, icao : identifiers where known.
    """

    id: str
    name: str
    kind: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision_m: float
    score: float
    matched: str
    stage: str
    curated: bool
    geonames_id: int | None = None
    iata: str | None = None
    icao: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Return the candidate as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class _Entry:
    place_id: str
    alias: str
    order: int


class Geocoder:
    """Geocode names against one gazetteer, with the offline fallbacks.

    Parameters
    ----------
    gazetteer : the curated places.
    fallback : consult GeoNames and airportsdata when the gazetteer has no match.
    """

    def __init__(self, gazetteer: Gazetteer, *, fallback: bool = True):
        self.gazetteer = gazetteer
        self.fallback = fallback
        self._order = {place_id: i for i, place_id in enumerate(gazetteer)}
        self._exact: dict[str, list[_Entry]] = {}
        self._indexes: dict[str, dict[str, list[_Entry]]] = {
            stage: {} for stage in ("normalized", "variant", "core", "core_variant")
        }
        self._by_geonames = {p.geonames_id: p for p in gazetteer.values() if p.geonames_id}
        self._countries = {p.country for p in gazetteer.values()}
        self._serving: dict[str, list[Place]] = {}
        #: Stages 1-6 for each curated name as written (filled as they are asked for).
        self._resolved: dict[str, tuple[Candidate, ...]] = {}
        self._country_table: dict[str, str] | None = None
        # Misspellings are looked for among names only: one letter off an airport
        # code ("Aya" for IKA) is another code or a word, not a typo of that airport.
        fuzzy: dict[tuple[bool, str], list[_Entry]] = {}  # (is a name core, key) -> entries
        table = key_table(alias for place in gazetteer.values() for alias in _names(place))
        for place in gazetteer.values():
            if place.serves:
                self._serving.setdefault(place.serves, []).append(place)
            codes = {place.iata, place.icao}
            for alias in _names(place):
                entry = _Entry(place.id, alias, self._order[place.id])
                _add(self._exact, _exact_key(alias), entry)
                for stage, key in table[alias].items():
                    if not key:
                        continue
                    _add(self._indexes[stage], key, entry)
                    if alias not in codes:
                        _add(fuzzy, (stage.startswith("core"), key), entry)
        self._fuzzy_keys = [key for _is_core, key in fuzzy]
        self._fuzzy_entries = [(is_core, entries) for (is_core, _key), entries in fuzzy.items()]

    def geocode(
        self, name: str, *, kind: str | None = None, country: str | None = None
    ) -> list[Candidate]:
        """Rank the places ``name`` may refer to, best first.

        Parameters
        ----------
        name : a place name in any script, an id, or an IATA/ICAO code.
        kind : keep only places of this kind (see ``geo.vocab.PLACE_KINDS``).
        country : keep only places in this country (ISO 3166-1 alpha-2).

        Returns
        -------
        list of Candidate
            Empty when nothing matches well enough; never a wild guess.

        Raises
        ------
        ValueError
            For an unknown ``kind`` or a ``country`` that is not two letters.
        """
        if kind is not None or country is not None:
            kind, country = _check_hints(kind, country)
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, not {type(name).__name__}")
        if "," in name:
            split = self._split_country(name, country)
            if split is None:
                return []  # "NAME, COUNTRY" names another country than the hint
            name, country = split
        known = self._resolved.get(" ".join(name.split()).casefold())  # a curated name again
        if known is None:
            known = self._known(name)
        if kind is None and country is None and known:
            return list(known)
        found = [c for c in known if _fits(c, kind, country)]
        if found:
            return found
        best: dict[str, Candidate] = {}
        for candidate in self._guesses(name):
            if _fits(candidate, kind, country):
                if candidate.id not in best or candidate.score > best[candidate.id].score:
                    best[candidate.id] = candidate
        return sorted(best.values(), key=self._rank)

    def _known(self, name: str) -> tuple[Candidate, ...]:
        """Stages 1-6 (curated names as written, normalized, their cores, airports served).

        Kept for each curated name as written, so that a name asked again costs a
        dictionary lookup, like the plain dictionary of aliases it extends.
        """
        exact = _exact_key(name)
        resolved = self._resolved.get(exact)
        if resolved is not None:
            return resolved
        found: dict[str, Candidate] = {}

        def keep(candidate: Candidate) -> None:
            best = found.get(candidate.id)
            if best is None or candidate.score > best.score:
                found[candidate.id] = candidate

        for entry in self._exact.get(exact, ()):
            keep(self._candidate(entry, "exact", SCORES["exact"]))
        normalized, variant = keys(name)
        for stage, key in (
            ("normalized", normalized),
            ("variant", variant),
            ("core", normalized),
            ("core_variant", variant),
        ):
            for entry in self._indexes[stage].get(key, ()) if key else ():
                keep(self._candidate(entry, stage.split("_")[0], SCORES[stage]))
        for candidate in list(found.values()):
            for airport in self._serving.get(candidate.id, ()):
                entry = _Entry(airport.id, candidate.matched, self._order[airport.id])
                keep(self._candidate(entry, "serves", SCORES["serves"]))
        resolved = tuple(sorted(found.values(), key=self._rank))
        if exact in self._exact:
            self._resolved[exact] = resolved
        return resolved

    def _guesses(self, name: str) -> Iterable[Candidate]:
        """Yield the last four stages: misspelt curated names, airport codes, GeoNames."""
        normalized, variant = keys(name)
        yield from self._fuzzy(normalized, variant)
        if self.fallback:
            yield from self._fallback(name, normalized, variant)

    def _split_country(self, name: str, country: str | None) -> tuple[str, str | None] | None:
        """Read ``"NAME, COUNTRY"``: the name and the country it narrows to.

        Returns ``(name, country)`` unchanged when the part after the last comma
        names no country, and None when it names another country than ``country``.
        """
        head, comma, tail = name.rpartition(",")
        code = self._country_code(tail) if comma and head.strip() else None
        if code is None:
            return name, country
        if country is not None and country != code:
            return None
        return head, code

    def _country_code(self, text: str) -> str | None:
        """Return the ISO code of a country named by ``text`` (a code or a name), or None."""
        text = text.strip()
        if len(text) == 2 and text.isascii() and text.upper() in ISO_COUNTRIES:
            return text.upper()
        if self._country_table is None:  # read on the first "NAME, COUNTRY" query only
            self._country_table = _country_names(self.gazetteer)
        return self._country_table.get(normalize(text))

    def _rank(self, candidate: Candidate) -> tuple:
        return (
            -candidate.score,
            not candidate.curated,
            candidate.country not in self._countries,
            self._order.get(candidate.id, 0),
        )

    def _candidate(self, entry: _Entry, stage: str, score: float) -> Candidate:
        return candidate_from(self.gazetteer[entry.place_id], entry.alias, stage, score)

    def _fallback(self, name: str, normalized: str, variant: str) -> Iterable[Candidate]:
        from geo import fallback

        code = name.strip()
        if code.isascii() and code.isalpha() and code.isupper() and len(code) in (3, 4):
            record = fallback.airport_by_code(code)
            if record is not None:
                yield Candidate(
                    id=f"airport:{record.get('icao') or record.get('iata')}",
                    name=str(record["name"]),
                    kind="airport",
                    country=str(record["country"]),
                    admin1=None,
                    lat=float(record["lat"]),
                    lon=float(record["lon"]),
                    precision_m=1500.0,
                    score=SCORES["code"],
                    matched=code,
                    stage="code",
                    curated=False,
                    iata=record.get("iata") or None,
                    icao=record.get("icao") or None,
                )
        if len(normalized) < 3:
            return  # GeoNames holds many one- and two-letter abbreviations
        if len(variant) < 3:
            variant = ""  # "Aaaa" folds to "a": it names no place
        for city, how in fallback.city_index().lookup(normalized, variant):
            place = self._by_geonames.get(city.geonames_id)
            if place is not None:
                yield candidate_from(place, name, "geonames", SCORES[f"geonames_{how}"])
                continue
            yield Candidate(
                id=f"geonames:{city.geonames_id}",
                name=city.name,
                kind="city",
                country=city.country,
                admin1=None,
                lat=city.lat,
                lon=city.lon,
                precision_m=city.precision_m,
                score=SCORES[f"fallback_{how}"],
                matched=name,
                stage="fallback",
                curated=False,
                geonames_id=city.geonames_id,
            )

    def _fuzzy(self, normalized: str, variant: str) -> Iterable[Candidate]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        best: dict[str, tuple[float, _Entry]] = {}
        for query in {normalized, variant}:
            if len(query) < 3:
                continue
            for _key, distance, index in process.extract(
                query, self._fuzzy_keys, scorer=OSA.distance, score_cutoff=3, limit=None
            ):
                length = max(len(query), len(self._fuzzy_keys[index]))
                if distance > _allowed_edits(length):
                    continue
                similarity = 1.0 - distance / length
                is_core, entries = self._fuzzy_entries[index]
                if is_core:
                    similarity -= FUZZY_CORE_PENALTY
                for entry in entries:
                    if entry.place_id not in best or similarity > best[entry.place_id][0]:
                        best[entry.place_id] = (similarity, entry)
        for similarity, entry in best.values():
            score = round(FUZZY_BASE + FUZZY_SPAN * similarity, 4)
            yield self._candidate(entry, "fuzzy", score)


def _country_names(gazetteer: Gazetteer) -> dict[str, str]:
    """Map normalized country names to ISO codes: GeoNames', then the curated countries'."""
    from geo import fallback

    names = {normalize(n): code for n, code in fallback.country_names()}
    for place in gazetteer.values():
        if place.kind == "country":
            for alias in (place.name, *place.aliases):
                names[normalize(alias)] = place.country
    names.pop("", None)
    return names


def _fits(candidate: Candidate, kind: str | None, country: str | None) -> bool:
    if kind is not None and candidate.kind != kind:
        return False
    return country is None or candidate.country == country


def _allowed_edits(length: int) -> int:
    """Edits a misspelling may have: 1 up to 7 letters, 2 up to 12, then 3."""
    if length < 3:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return 3


def _names(place: Place) -> list[str]:
    names = [place.name, *place.aliases]
    names += [code for code in (place.iata, place.icao) if code]
    names.append(place.id)
    return list(dict.fromkeys(names))


def _exact_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _add(index: dict[Any, list[_Entry]], key: Any, entry: _Entry) -> None:
    """Add ``entry`` under ``key``, once per place."""
    entries = index.setdefault(key, [])
    if all(e.place_id != entry.place_id for e in entries):
        entries.append(entry)


def candidate_from(place: Place, matched: str, stage: str, score: float) -> Candidate:
    """Return the candidate a curated place gives when ``matched`` found it at ``stage``."""
    return Candidate(
        id=place.id,
        name=place.name,
        kind=place.kind,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        precision_m=place.precision_m,
        score=score,
        matched=matched,
        stage=stage,
        curated=True,
        geonames_id=place.geonames_id,
        iata=place.iata,
        icao=place.icao,
    )


def _check_hints(kind: str | None, country: str | None) -> tuple[str | None, str | None]:
    if kind is not None and kind not in PLACE_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(PLACE_KINDS)}")
    if country is not None:
        code = country.strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise ValueError(f"country must be an ISO 3166-1 alpha-2 code, not {country!r}")
        country = code
    return kind, country


@functools.lru_cache(maxsize=8)
def _geocoder_for(path: Path, mtime_ns: int, size: int, fallback: bool) -> Geocoder:
    return Geocoder(load_place_rows(path), fallback=fallback)


def get_geocoder(path: str | os.PathLike[str] | None = None, *, fallback: bool = True) -> Geocoder:
    """Return the geocoder for a gazetteer file, cached until the file changes.

    Parameters
    ----------
    path : the gazetteer CSV or a data directory (default: the data directory's).
    fallback : consult the GeoNames and airportsdata fallbacks.

    Raises
    ------
    DataError
        When the gazetteer has problems.
    """
    file = gazetteer_path(path).resolve()
    try:
        stat = file.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (0, 0)  # load_gazetteer reports the missing file
    return _geocoder_for(file, *version, fallback)


def geocode(
    name: str,
    *,
    kind: str | None = None,
    country: str | None = None,
    path: str | os.PathLike[str] | None = None,
    fallback: bool = True,
) -> list[Candidate]:
    """Rank the places ``name`` may refer to, best first (see ``Geocoder.geocode``).

    Parameters
    ----------
    name : a place name in any script, an id, or an IATA/ICAO code.
    kind : keep only places of this kind.
    country : keep only places in this country (ISO 3166-1 alpha-2).
    path : the gazetteer CSV or a data directory (default: the data directory's).
    fallback : consult GeoNames and airportsdata when the gazetteer has no match.

    Returns
    -------
    list of Candidate
        Empty when nothing matches well enough.
    """
    return get_geocoder(path, fallback=fallback).geocode(name, kind=kind, country=country)
