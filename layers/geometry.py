"""Geometry for map layers: great-circle arcs for flights, chains for ground routes.

Plain lists of ``[lon, lat]``: the layers are built as GeoJSON dicts directly, which is
several times faster than going through shapely; arcs come from ``pyproj.Geod``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from geo.geometry import DECIMALS

#: Points in a densified flight arc, endpoints included.
ARC_POINTS = 32

Chain = tuple[str, ...]


@functools.cache
def _sphere() -> Any:
    from pyproj import Geod

    return Geod(ellps="sphere")  # a great circle is the geodesic of a sphere


def great_circle(
    start: Sequence[float], end: Sequence[float], points: int = ARC_POINTS
) -> list[list[float]]:
    """Return the great-circle arc from ``start`` to ``end`` as ``points`` positions.

    Parameters
    ----------
    start, end : ``[lon, lat]`` in degrees.
    points : number of positions, endpoints included (at least 2).

    Returns
    -------
    list of [lon, lat]
        Rounded to :data:`geo.geometry.DECIMALS` places; the first and last are
        ``start`` and ``end`` exactly (as rounded). Identical endpoints give the
        two endpoints only.
    """
    if points < 2:
        raise ValueError("an arc needs at least two points")
    first = [round(float(start[0]), DECIMALS) + 0.0, round(float(start[1]), DECIMALS) + 0.0]
    last = [round(float(end[0]), DECIMALS) + 0.0, round(float(end[1]), DECIMALS) + 0.0]
    if first == last or points == 2:
        return [first, last]
    between = _sphere().npts(first[0], first[1], last[0], last[1], points - 2)
    inner = [[round(lon, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0] for lon, lat in between]
    return [first, *inner, last]


def dedupe_consecutive(chain: Iterable[str]) -> Chain:
    """Drop immediate repeats: ``a, a, b, a`` becomes ``a, b, a``."""
    out: list[str] = []
    for item in chain:
        if not out or out[-1] != item:
            out.append(item)
    return tuple(out)


def _sub_chains(chain: Chain) -> Iterable[Chain]:
    """Every contiguous part of ``chain`` with at least two places (itself included)."""
    n = len(chain)
    for i in range(n - 1):
        for j in range(i + 2, n + 1):
            yield chain[i:j]


def maximal_chains(chains: Iterable[Chain]) -> dict[Chain, tuple[Chain, ...]]:
    """Map each chain to the longest distinct chains it runs along.

    A chain runs along another when it is a contiguous part of it in the same
    direction (``basra, shalamcheh`` runs along ``basra, shalamcheh, ahvaz``).
    A chain that runs along no longer one is *maximal* and maps to itself
    (only). Each map feature is one maximal chain, carrying the claims of every
    chain that runs along it.

    Parameters
    ----------
    chains : ordered place-id chains, two or more ids each (repeats allowed).

    Returns
    -------
    dict
        Each distinct input chain -> the maximal chains containing it, in
        first-seen order.
    """
    distinct = list(dict.fromkeys(chains))
    short = [c for c in distinct if len(c) < 2]
    if short:
        raise ValueError(f"a chain needs at least two places: {short[0]!r}")
    containers: dict[Chain, list[Chain]] = {}
    for chain in distinct:
        for part in dict.fromkeys(_sub_chains(chain)):
            containers.setdefault(part, []).append(chain)
    maximal = {c for c in distinct if containers[c] == [c]}
    return {c: tuple(d for d in containers[c] if d in maximal) for c in distinct}
