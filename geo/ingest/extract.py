"""One text -> its places, dates, figures, actors and attributions, with offsets.

``Extractor`` loads the gazetteer, the actors and the GeoNames names once and
then extracts from any number of texts; ``extract`` is the one-call form. The
result is the JSON object of ``claimmap extract --json`` (without ``path``):
``text_sha256``, ``places``, ``dates``, ``quantities``, ``actors`` and
``attribution``, every item with ``start``, ``end`` (Python string offsets
into the text) and ``text``.

Order of work: dates and actors first, so that their words are not read as
places or figures ("Badr", "Mahan Air", "Jan. 11"); then attributions (whose
people's names are not looked up in GeoNames); then places; then figures.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Mapping
from typing import Any

from geo.ingest import tokens
from geo.ingest.actors import get_actor_finder
from geo.ingest.attribution import find_attributions
from geo.ingest.dates import find_dates
from geo.ingest.places import PlaceFinder
from geo.ingest.quantities import find_quantities


class Extractor:
    """Extract from texts against one data directory's gazetteer and actors.

    Parameters
    ----------
    data : a data directory (default: ``$CLAIMMAP_DATA`` or the bundled ``data/``).
    world : also look names up among GeoNames cities and countries.
    gazetteer : the curated places (id -> Place) to match, e.g. a store's; default:
        the data directory's gazetteer.

    Raises
    ------
    DataError
        When the gazetteer or the actors file has problems.
    """

    def __init__(
        self,
        data: str | os.PathLike[str] | None = None,
        *,
        world: bool = True,
        gazetteer: Mapping[str, Any] | None = None,
    ):
        from geo import paths
        from geo.geocode import Geocoder, get_geocoder

        directory = paths.data_dir(data)
        self.actors = get_actor_finder(directory)
        if gazetteer is None:
            geocoder = get_geocoder(directory / paths.GAZETTEER_FILE)
        else:  # only curated matches are kept from it: GeoNames has a stage of its own
            geocoder = Geocoder(dict(gazetteer), fallback=False)
        world_names = None
        if world:
            from geo.ingest.worldnames import world_names as load_world

            world_names = load_world()
        self.places = PlaceFinder(geocoder, world_names)

    @property
    def gazetteer(self):
        """The curated gazetteer the places are matched against."""
        return self.places.geocoder.gazetteer

    def extract(self, text: str, published: dt.date | None = None) -> dict[str, Any]:
        """Everything found in ``text``.

        Parameters
        ----------
        text : the text, as read.
        published : the document's publication date, for relative dates.

        Returns
        -------
        dict
            ``text_sha256``, ``places``, ``dates``, ``quantities``, ``actors``,
            ``attribution`` (lists of JSON-ready items in text order).
        """
        words = tokens.words(text)
        keytext = tokens.KeyText(w.key for w in words)
        dates = find_dates(text, published)
        actor_mentions = self.actors.find(text, words, keytext)
        outlets = [
            (m.start, m.end, m.actor.name) for m in actor_mentions if m.actor.kind == "outlet"
        ]
        attributions, names = find_attributions(text, outlets)
        masked = _words_in(words, [(m.start, m.end) for m in (*dates, *actor_mentions)])
        people = _words_in(words, names)
        places = self.places.find(text, words, masked, people, keytext)
        quantities = find_quantities(text, masked=[(d.start, d.end) for d in dates])
        return {
            "text_sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            "places": [p.to_dict() for p in places],
            "dates": [d.to_dict() for d in dates],
            "quantities": [q.to_dict() for q in quantities],
            "actors": [m.to_dict() for m in actor_mentions if m.actor.kind != "outlet"],
            "attribution": [a.to_dict() for a in attributions],
        }


def _words_in(words: list[tokens.Word], spans: list[tuple[int, int]]) -> frozenset[int]:
    """Indexes of the words that overlap any of ``spans``."""
    if not spans:
        return frozenset()
    import bisect

    starts = [w.start for w in words]
    found = set()
    for start, end in spans:
        index = max(0, bisect.bisect_right(starts, start) - 1)
        while index < len(words) and words[index].start < end:
            if words[index].end > start:
                found.add(index)
            index += 1
    return frozenset(found)


@functools.lru_cache(maxsize=2)
def _default_extractor(data: str | None) -> Extractor:
    return Extractor(data)


def extract(
    text: str, published: dt.date | None = None, data: str | os.PathLike[str] | None = None
) -> dict[str, Any]:
    """Extract from one text with the (cached) extractor of a data directory."""
    return _default_extractor(None if data is None else str(data)).extract(text, published)
