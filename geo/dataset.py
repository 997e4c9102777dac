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
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geo import paths
from geo.actors import actor_key, names_any
from geo.archive import ArchiveInfo, seed_documents
from geo.dates import possible_range, published_by, window_match
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.loading import load_claims, load_groups, load_sources
from geo.models import DEFAULT_REVIEW_STATUS, Claim, Group, Place, Source
from geo.problems import DataError, Problem, display_path
from geo.provenance import Analysis, analyse, outlet_name
from geo.stories import Story, check_stories, load_stories
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
    versions : claim id -> version in a store (a claim absent here is at version 1:
        records read from data files).
    documents : source id -> its archived document (hash, size, when and by whom);
        read from files, the seed articles found beside the data, hashed on load.
    stories : the stories of ``stories.yaml`` (kept by ``select``; none when absent).
    """

    places: Mapping[str, Place]
    sources: Mapping[str, Source]
    claims: tuple[Claim, ...]
    groups: Mapping[str, Group]
    analysis: Analysis
    versions: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    documents: Mapping[str, ArchiveInfo] = field(default_factory=lambda: MappingProxyType({}))
    stories: tuple[Story, ...] = ()

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
        ``as_of`` keeps claims from documents published by that day. ``actor`` is
        matched as `geo.actors` defines: the same name, spelling aside.
        """
        wanted = {actor_key(actor)} if actor else None

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
            and (wanted is None or names_any(c.actors, wanted))
        )

    def to_geodataframe(self) -> Any:
        """Return the claims in view as a GeoDataFrame: one row per claim geometry (EPSG:4326).

        The columns are the GeoJSON export's properties (``geo.exports.frames``).
        """
        from geo.exports.frames import claims_frame

        return claims_frame(self)

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

    def version_of(self, claim: Claim) -> int:
        """Return the claim's version (1 for a record read from data files)."""
        return self.versions.get(claim.id, 1)

    def review_status_of(self, claim: Claim) -> str:
        """Return the claim's review status (``draft`` when its record does not state one)."""
        return claim.review_status or DEFAULT_REVIEW_STATUS

    def document_of(self, claim: Claim) -> ArchiveInfo | None:
        """Return the archive of the claim's document, if it has one."""
        return self.documents.get(claim.source_id)

    def outlet_of(self, claim: Claim) -> str:
        """Return the outlet that published the claim's document."""
        return outlet_name(self.sources.get(claim.source_id), claim.source_id)


def _load_places(path: Path) -> tuple[Gazetteer | None, list[Problem]]:
    """Load the gazetteer: the mapping, or None and its problems."""
    try:
        return load_gazetteer(path), []
    except DataError as exc:
        return None, list(exc.problems)


def _directory_problem(root: Path) -> Problem | None:
    """Say why ``root`` cannot be read as a data directory, or return None."""
    try:
        if root.is_dir():
            return None
    except OSError as exc:  # e.g. a parent directory this user may not enter
        message = f"cannot read the data directory: {exc.strerror or exc}"
        return Problem(display_path(root), None, message)
    return Problem(display_path(root), None, "data directory not found")


def load_dataset(data_dir: str | os.PathLike[str] | None = None) -> Dataset:
    """Load, check and analyse the data files of ``data_dir`` (default: geo.paths.data_dir()).

    Raises
    ------
    DataError
        With every problem of every file, when there is any.
    """
    root = paths.data_dir(data_dir)
    trouble = _directory_problem(root)
    if trouble is not None:
        raise DataError([trouble])

    def file(name: str) -> tuple[Path, str]:
        return root / name, display_path(root / name)

    with gc_paused():  # many new objects, no garbage: spare the collector its rescans
        places, problems = _load_places(root / paths.GAZETTEER_FILE)
        sources = load_sources(*file(paths.SOURCES_FILE))
        claims = load_claims(*file(paths.CLAIMS_FILE))
        groups = load_groups(*file(paths.GROUPS_FILE))
        stories = load_stories(*file(paths.STORIES_FILE))
        problems += [*sources.problems, *claims.problems, *groups.problems, *stories.problems]
        place_ids = None if places is None else set(places)
        problems += cross_check(sources, claims, groups, place_ids)
        source_map = {s.id: s for s in sources.models}
        problems += check_stories(stories, claims, source_map, place_ids)
        if problems:
            raise DataError(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.message)))
        assert places is not None
        documents = seed_documents(sources.models)
        return build_dataset(
            places,
            sources.models,
            claims.models,
            groups.models,
            documents=documents,
            stories=stories.models,
        )


def build_dataset(
    places: Mapping[str, Place],
    sources: Iterable[Source],
    claims: Iterable[Claim],
    groups: Iterable[Group],
    *,
    versions: Mapping[str, int] | None = None,
    documents: Mapping[str, ArchiveInfo] | None = None,
    stories: Iterable[Story] = (),
) -> Dataset:
    """Assemble a Dataset from models already checked (no files; for tests, tools, the store).

    The provenance analysis is computed here, over every claim given.
    """
    source_map = MappingProxyType({s.id: s for s in sources})
    group_map = MappingProxyType({g.id: g for g in groups})
    claim_tuple = tuple(claims)
    analysis = analyse(claim_tuple, source_map, group_map)
    return Dataset(
        places,
        source_map,
        claim_tuple,
        group_map,
        analysis,
        MappingProxyType(dict(versions or {})),
        MappingProxyType(dict(documents or {})),
        tuple(stories),
    )
