"""The Dataset: places, sources, claims and groups loaded, checked and analysed once.

``load_dataset`` reads every data file, collects every problem of every file
(syntax, models, cross-references) and raises one DataError carrying them all;
otherwise it returns a frozen Dataset whose provenance analysis is computed
over all claims. ``Dataset.select`` narrows the claims and keeps that analysis.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from geo import paths
from geo.dates import possible_range, published_by, window_match
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.loading import load_claims, load_groups, load_sources
from geo.models import Claim, Group, Place, Source
from geo.problems import DataError, Problem, display_path
from geo.provenance import Analysis, analyse, outlet_name
from geo.validate import cross_check
from geo.yamlio import gc_paused


@dataclass(frozen=True)
class Dataset:
    """Everything the map, the dashboard, the exports and the CLI read.

    Parameters
    ----------
    places : the gazetteer (a read-only mapping id -> Place; a Gazetteer when loaded).
    sources : source id -> Source.
    claims : the claims in view, in file order.
    groups : group id -> Group.
    analysis : provenance analysis over *all* claims (kept by ``select``).
    """

    places: Mapping[str, Place]
    sources: Mapping[str, Source]
    claims: tuple[Claim, ...]
    groups: Mapping[str, Group]
    analysis: Analysis

    def select(self, claims: Iterable[Claim]) -> Dataset:
        """Return the same data set and analysis with only ``claims`` in view."""
        return dataclasses.replace(self, claims=tuple(claims))

    def filter(
        self,
        start: dt.date | None = None,
        end: dt.date | None = None,
        types: Collection[str] | None = None,
        actor: str | None = None,
        as_of: dt.date | None = None,
    ) -> Dataset:
        """Claims possibly in [start, end], of ``types``, naming ``actor``, known by ``as_of``.

        The window holds a claim when its possible range overlaps it (an undated
        claim's range ends with its document's publication: ``geo.dates``);
        ``as_of`` keeps claims from documents published by that day. ``actor``
        matches case-insensitively anywhere in an actor's name.
        """
        needle = actor.casefold() if actor else None

        def in_time(claim: Claim) -> bool:
            source = self.sources.get(claim.source_id)
            return published_by(source, as_of) and (
                window_match(possible_range(claim, source), start, end) is not None
            )

        return self.select(
            c
            for c in self.claims
            if in_time(c)
            and (not types or c.type in types)
            and (needle is None or any(needle in a.casefold() for a in c.actors))
        )

    def claim(self, claim_id: str) -> Claim:
        """Return the claim with this id (KeyError when absent from the view)."""
        return self._by_id[claim_id]

    @cached_property
    def _by_id(self) -> dict[str, Claim]:
        return {claim.id: claim for claim in self.claims}

    def source_of(self, claim: Claim) -> Source:
        """Return the document that carries the claim."""
        return self.sources[claim.source_id]

    def origin_of(self, claim: Claim) -> Source:
        """Return the source that first reported the claim."""
        return self.sources[claim.origin]

    def outlet_of(self, claim: Claim) -> str:
        """Return the outlet that published the claim's document."""
        return outlet_name(self.sources.get(claim.source_id), claim.source_id)


def _load_places(path: Path) -> tuple[Gazetteer | None, list[Problem]]:
    """Load the gazetteer: the mapping, or None and its problems."""
    try:
        return load_gazetteer(path), []
    except DataError as exc:
        return None, list(exc.problems)


def load_dataset(data_dir: str | os.PathLike[str] | None = None) -> Dataset:
    """Load, check and analyse the data files of ``data_dir`` (default: geo.paths.data_dir()).

    Raises
    ------
    DataError
        With every problem of every file, when there is any.
    """
    root = paths.data_dir(data_dir)
    if not root.is_dir():
        raise DataError([Problem(display_path(root), None, "data directory not found")])

    def file(name: str) -> tuple[Path, str]:
        return root / name, display_path(root / name)

    with gc_paused():  # many new objects, no garbage: spare the collector its rescans
        places, problems = _load_places(root / paths.GAZETTEER_FILE)
        sources = load_sources(*file(paths.SOURCES_FILE))
        claims = load_claims(*file(paths.CLAIMS_FILE))
        groups = load_groups(*file(paths.GROUPS_FILE))
        problems += [*sources.problems, *claims.problems, *groups.problems]
        problems += cross_check(sources, claims, groups, None if places is None else set(places))
        if problems:
            raise DataError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)))
        assert places is not None
        return build_dataset(places, sources.models, claims.models, groups.models)


def build_dataset(
    places: Mapping[str, Place],
    sources: Iterable[Source],
    claims: Iterable[Claim],
    groups: Iterable[Group],
) -> Dataset:
    """Assemble a Dataset from models already checked (no files; for tests and tools).

    The provenance analysis is computed here, over every claim given.
    """
    source_map = MappingProxyType({s.id: s for s in sources})
    group_map = MappingProxyType({g.id: g for g in groups})
    claim_tuple = tuple(claims)
    analysis = analyse(claim_tuple, source_map, group_map)
    return Dataset(places, source_map, claim_tuple, group_map, analysis)
