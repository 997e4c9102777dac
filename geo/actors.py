"""Actor matching: the one meaning of "claims naming this actor", for the CLI and the dashboard.

A claim names an actor when one of its ``actors`` has the same name, compared with
`geo.normalize.fold` (case, diacritics, Arabic and Persian letter variants, the Arabic
article and separators ignored): "kataib hezbollah" and "Kata'ib Hezbollah" name
Kataib Hezbollah. A part of a name is not the name: "Hezbollah" does not match
Kataib Hezbollah, a different group. `suggest` offers the close names when none match.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from geo.normalize import fold


def actor_key(name: str) -> str:
    """Return the key under which two spellings of one actor's name compare equal."""
    return fold(name)


def names_any(actors: Iterable[str], wanted: Collection[str]) -> bool:
    """Whether any of ``actors`` is one of the ``wanted`` actor keys (see `actor_key`)."""
    return any(actor_key(actor) in wanted for actor in actors)


def suggest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` known actor names close to ``name`` (or containing it), best first."""
    key = actor_key(name)
    by_key = {actor_key(actor): actor for actor in known}
    containing = [actor for k, actor in by_key.items() if key and key in k]
    close = difflib.get_close_matches(key, list(by_key), n=n, cutoff=0.6)
    found = dict.fromkeys([*containing, *(by_key[k] for k in close)])
    return list(found)[:n]
