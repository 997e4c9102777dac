"""A place named with its division or country after it: "Paris, Texas", "Glasgow, Ky.".

News names a town with its state, province or country after a comma. The second
name decides the first: among the places of the first name (GeoNames cities of 500
people or more too, for small towns), those in that country and, for a division,
within its reach from its point (``RegionPoint.precision_m``), the nearest first.
AP-style abbreviations of US states and Canadian provinces ("Ky.", "Man.") are
places only there, after "Town, ". The text's other mentions of the first name
are taken for the same place ("London, Arkansas" ... "London"). A town whose
best place lies outside every division the text names is looked for inside them
too, unless it is a city of a million people or more ("Paris" beside "Texas" is
still Paris, France; "Georgetown" beside "Kentucky" is the town in Kentucky).

A first name that is itself a division or a country is left alone ("Alberta,
Saskatchewan" is a list), and so is one written as a common English word
("Also, Missouri").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from geo.geometry import distance_m
from geo.ingest.tokens import Word
from geo.ingest.worldnames import DIVISION_ABBREVIATIONS
from geo.ingest.worldstage import WORLD_CITY
from geo.normalize import normalize

_ABBREVIATION = re.compile(
    r"(?<=,[ ])(?:" + "|".join(re.escape(a) for a in DIVISION_ABBREVIATIONS) + r")(?![\w.])"
)
#: A name and the comma that ends it, up to where the qualifying name starts.
_COMMA = re.compile(r",[ ]?$")
_ABROAD_KINDS = ("region", "country")
#: Score of a place that its qualifier decided.
QUALIFIED_SCORE = 0.9


def qualify(text: str, words: list[Word], found: list, stage: Any, blocked: frozenset[int]) -> list:
    """Return ``found`` ((first, last, mention) in text order) with qualifiers applied.

    ``stage``: the ``worldstage.WorldStage`` (its names, divisions and candidates);
    ``blocked``: indexes of words no new place may use (actors, dates, people).
    """
    from geo.ingest.places import PlaceMention

    found = sorted([*found, *_abbreviations(text, words, found, stage)], key=lambda f: f[0])
    decided: dict[str, dict[str, Any]] = {}
    qualified: set[int] = set()
    ending_at = {mention.end: i for i, (_f, _l, mention) in enumerate(found)}
    for _first, _last, mention in found:
        qualifier = mention.best
        comma = _COMMA.search(text, max(0, mention.start - 2), mention.start)
        if qualifier["kind"] not in _ABROAD_KINDS or comma is None:
            continue
        j = ending_at.get(comma.start())
        if j is None:
            item = _new_place(text, words, comma.start(), qualifier, stage, blocked)
            if item is None:
                continue
            found.append(item)
            j = len(found) - 1
        first, last, named = found[j]
        if j != len(found) - 1 and named.best["kind"] in _ABROAD_KINDS:
            continue  # a list of divisions or countries
        best = _within(named.text, named.candidates, qualifier, stage)
        if best is None:
            continue
        found[j] = (first, last, PlaceMention(named.start, named.end, named.text, (best,)))
        decided.setdefault(normalize(named.text), best)
        qualified.add(named.start)
    found = sorted(found, key=lambda f: f[0])
    _in_named_divisions(found, decided, qualified, stage)
    return [_same_place(item, decided, qualified, PlaceMention) for item in found]


def _in_named_divisions(found: list, decided: dict, qualified: set[int], stage: Any) -> None:
    """Decide towns the text names anywhere by the divisions it names ("Queensland" ... "Edmonton").

    A town whose best place lies in none of the text's divisions, nor in a country
    the text names, and has fewer than a million people, is taken for a place of its
    name inside one of those divisions, if there is one (first named first).
    """
    divisions = list(
        {m.best["id"]: m.best for _f, _l, m in found if m.best["kind"] == "region"}.values()
    )
    if not divisions:
        return
    countries = {m.best["country"] for _f, _l, m in found if m.best["kind"] == "country"}
    for _first, _last, mention in found:
        key = normalize(mention.text)
        if mention.best["kind"] != "city" or mention.start in qualified or key in decided:
            continue
        if mention.best["country"] in countries:
            continue  # "Washington" beside "U.S." and "Kentucky" is still the capital
        if mention.best.get("population", 0) >= WORLD_CITY:
            continue  # "Paris" beside "Texas" is still Paris, France
        if any(_inside(mention.best, d) for d in divisions):
            continue
        for division in divisions:
            best = _within(mention.text, mention.candidates, division, stage)
            if best is not None:
                decided[key] = best
                break


def _same_place(item: tuple, decided: dict, qualified: set[int], mention_type: Callable) -> tuple:
    """Give a mention the place its name was qualified as elsewhere in the text."""
    first, last, mention = item
    best = decided.get(normalize(mention.text))
    if best is None or mention.start in qualified or mention.best["id"] == best["id"]:
        return item
    others = tuple(c for c in mention.candidates if c["id"] != best["id"])
    moved = {**best, "matched": mention.text}
    return first, last, mention_type(mention.start, mention.end, mention.text, (moved, *others))


def _abbreviations(text: str, words: list[Word], found: list, stage: Any) -> list:
    """AP-style state and province abbreviations after "Town, " as division mentions."""
    from geo.ingest.places import PlaceMention

    starts = {mention.start for _f, _l, mention in found}
    items = []
    for match in _ABBREVIATION.finditer(text):
        if match.start() in starts:
            continue
        iso2, name = DIVISION_ABBREVIATIONS[match.group()]
        regions = [r for r in stage.world.regions.get(normalize(name), ()) if r.iso2 == iso2]
        covered = [i for i, w in enumerate(words) if match.start() <= w.start < match.end()]
        if not regions or not covered:
            continue
        candidate = stage.region_candidate(regions[0], match.group())
        mention = PlaceMention(match.start(), match.end(), match.group(), (candidate,))
        items.append((covered[0], covered[-1], mention))
    return items


def _new_place(
    text: str, words: list[Word], comma: int, qualifier: dict, stage: Any, blocked: frozenset
):
    """Find a name before ``comma`` that no stage took among small towns in ``qualifier``.

    A word of the dictionary is a town only before a division ("Surrey, B.C."),
    never before a country ("Also, Canada").
    """
    from geo.ingest.places import PlaceMention

    last = next((i for i, w in enumerate(words) if w.end == comma), None)
    if last is None or last in blocked:
        return None
    for first in range(max(0, last - 2), last + 1):
        if any(i in blocked for i in range(first, last + 1)):
            continue
        span = text[words[first].start : comma]
        if not all(text[w.start].isupper() for w in words[first : last + 1]):
            continue
        if " " in span.strip() and not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", span):
            continue
        if first == last and qualifier["kind"] != "region" and stage.world.is_common_word(span):
            return None
        best = _within(span, (), qualifier, stage)
        if best is not None:
            return first, last, PlaceMention(words[first].start, comma, span, (best,))
    return None


def _within(name: str, candidates: tuple, qualifier: dict, stage: Any) -> dict | None:
    """Return the place of ``name`` in the qualifier's country (and reach, for a division)."""
    inside = [c for c in candidates if c["kind"] not in _ABROAD_KINDS and _inside(c, qualifier)]
    if not inside:
        inside = [
            stage.city_candidate(city, name, QUALIFIED_SCORE)
            for city in _small_towns(normalize(name))
            if _inside({"country": city.country, "lat": city.lat, "lon": city.lon}, qualifier)
        ]
    if not inside:
        return None
    # in a division, the nearest to its point; in a country, the first (most populous)
    best = (
        min(inside, key=lambda c: _km(c, qualifier)) if qualifier["kind"] == "region" else inside[0]
    )
    return {**best, "score": max(best.get("score", 0.0), QUALIFIED_SCORE)}


def _inside(place: dict, qualifier: dict) -> bool:
    if place.get("country") != qualifier["country"]:
        return False
    return (
        qualifier["kind"] == "country" or _km(place, qualifier) * 1000 <= qualifier["precision_m"]
    )


@functools.cache
def _small_towns(key: str) -> tuple:
    """GeoNames places of 500 people or more whose main name is ``key``.

    Alternate names are left out: among small places they are often other
    places' old or local names ("Washington" for a town in New York).
    """
    from geo.fallback import CITIES_500, city_index

    return tuple(city for city, how in city_index(CITIES_500).lookup(key, "") if how == "name")


def _km(a: dict, b: dict) -> float:
    return distance_m(a["lat"], a["lon"], b["lat"], b["lon"]) / 1000
