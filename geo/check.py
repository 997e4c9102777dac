"""What ``claimmap check`` and ``db import`` accept: every data file valid, every quote found.

``check_data_dir`` loads a data directory (every problem of every file), checks
every place against its country and, when the seed articles are at hand, finds
each quote verbatim in its document's seed file. It raises one DataError with every
problem, or returns the dataset with the number of quotes found.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo import paths
from geo.dataset import Dataset, load_dataset
from geo.problems import DataError
from geo.validate import check_references


@dataclass(frozen=True)
class CheckResult:
    """A data set that passed every check.

    Parameters
    ----------
    dataset : the data, loaded and analysed.
    quotes : how many quotes were found in their documents (None: no documents at hand).
    documents : what the quotes were looked up in ("the seed articles", ...).
    """

    dataset: Dataset
    quotes: int | None = None
    documents: str = "the seed articles"

    def summary(self) -> str:
        """Return the line ``claimmap check`` prints: counts of every kind of record."""
        d = self.dataset
        quotes = (
            f"; {self.quotes} quote(s) found in {self.documents}" if self.quotes is not None else ""
        )
        stories = ""
        if d.stories:  # ", 1 story (9 steps)"; nothing when the data has none
            steps = sum(len(s.steps) for s in d.stories)
            noun = "story" if len(d.stories) == 1 else "stories"
            stories = f", {len(d.stories)} {noun} ({steps} steps)"
        return (
            f"OK: {len(d.places)} places, {len(d.sources)} sources, "
            f"{len(d.claims)} claims in {len(d.groups)} groups, "
            f"{len(d.analysis.conflicts)} conflict(s){stories}{quotes}"
        )


def check_data_dir(
    data: str | os.PathLike[str] | None = None, seeds: Path | None = None, *, quotes: bool = True
) -> CheckResult:
    """Check a data directory as ``claimmap check`` does.

    Parameters
    ----------
    data : the directory (default: ``geo.paths.data_dir()``).
    seeds : the seed articles' folder (default: ``geo.paths.seeds_dir()``; none found,
        quotes are not checked).
    quotes : False to leave quotes unchecked.

    Raises
    ------
    DataError
        With every problem: files, records, cross-references, quotes.
    """
    dataset = load_dataset(data)
    actors = paths.data_dir(data) / "actors.yaml"
    if actors.exists():  # the ingest's list of armed groups and bodies, when the data has one
        from geo.ingest.actors import read_actors

        problems = read_actors(actors)[1]
        if problems:
            raise DataError(problems)
    seeds = seeds if seeds is not None else paths.seeds_dir()
    problems, found = check_references(dataset, paths.data_dir(data), seeds if quotes else None)
    if problems:
        raise DataError(problems)
    return CheckResult(dataset, found)
