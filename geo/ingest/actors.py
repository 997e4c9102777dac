"""Actors: armed groups, forces, bodies, airlines and outlets, read from ``data/actors.yaml``.

``load_actors`` validates the file record by record (fields, kinds, unique ids,
aliases that tell actors apart) and raises ``DataError`` with every problem on
its ``file:line``, like the other data files. ``ActorFinder`` finds every
actor's name and aliases in a text (any script) as whole words, longest first:
"Kataib Hezbollah" is one actor, not Hezbollah.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from geo.ingest.tokens import WORD as _WORD
from geo.ingest.tokens import Matcher, Word, longest_first, word_keys
from geo.models import _Record
from geo.normalize import normalize
from geo.paths import PACKAGE_DATA_DIR, data_dir
from geo.problems import DataError, Problem, display_path

ACTORS_FILE = "actors.yaml"

ActorKind = Literal[
    "armed_group", "security_force", "state_body", "airline", "outlet", "organisation"
]


class Actor(_Record):
    """A named group or body with its aliases in Latin, Arabic and Persian script."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    kind: ActorKind
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text: ``text[start:end]``."""

    start: int
    end: int
    text: str
    actor: Actor

    def to_dict(self) -> dict[str, object]:
        """Return the JSON-ready item: offsets, text, id, name and kind."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "id": self.actor.id,
            "name": self.actor.name,
            "kind": self.actor.kind,
        }


def actors_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the actors file: ``path`` (a file or a data directory), else the data directory's.

    A data directory without an actors file (one written before actors existed)
    uses the bundled ``data/actors.yaml``.
    """
    directory = data_dir() if path is None else Path(path)
    if not directory.is_dir():
        return directory
    file = directory / ACTORS_FILE
    return file if file.exists() else PACKAGE_DATA_DIR / ACTORS_FILE


def load_actors(path: str | os.PathLike[str] | None = None) -> tuple[Actor, ...]:
    """Read and check the actors file.

    Raises
    ------
    DataError
        Listing every problem found (file, line, message).
    """
    actors, problems = read_actors(actors_path(path))
    if problems:
        raise DataError(problems)
    return actors


def read_actors(path: Path) -> tuple[tuple[Actor, ...], list[Problem]]:
    """Parse the actors file, collecting problems instead of raising."""
    from geo.loading import load_records

    loaded = load_records(path, Actor, display_path(path))
    problems = list(loaded.problems)
    problems += _cross_problems(loaded.file, loaded.models)
    return loaded.models, problems


def _cross_problems(file: str, actors: tuple[Actor, ...]) -> list[Problem]:
    """Ids unique; no alias (normalized) naming two actors."""
    problems: list[Problem] = []
    first_line: dict[str, int | None] = {}
    owners: dict[str, Actor] = {}
    for actor in actors:
        if actor.id in first_line:
            message = f"actor {actor.id}: duplicate id (first on line {first_line[actor.id]})"
            problems.append(Problem(file, actor.line, message))
            continue
        first_line[actor.id] = actor.line
        for alias in (actor.name, *actor.aliases):
            key = normalize(alias)
            if not key:
                message = f"actor {actor.id}: alias {alias!r} has no letters or digits"
                problems.append(Problem(file, actor.line, message))
                continue
            owner = owners.setdefault(key, actor)
            if owner.id != actor.id:
                message = (
                    f"actor {actor.id}: alias {alias!r} also names '{owner.id}' "
                    f"(line {owner.line}); aliases must tell actors apart"
                )
                problems.append(Problem(file, actor.line, message))
    return problems


def phrase_keys(name: str) -> tuple[str, ...]:
    """Return the word keys of a name, as ``tokens.words`` would give them in running text."""
    return tuple(word_keys(match.group())[0] for match in _WORD.finditer(name))


class ActorFinder:
    """Find actors in text by name or alias, in any script.

    Parameters
    ----------
    actors : the actors to look for.
    """

    def __init__(self, actors: tuple[Actor, ...]):
        self.actors = actors
        phrases = []
        for actor in actors:
            for alias in (actor.name, *actor.aliases):
                phrases.append((phrase_keys(alias), (actor, _needs_capitals(alias))))
        self._matcher = Matcher(phrases)

    def find(self, text: str, words: list[Word], keytext) -> list[ActorMention]:
        """Every actor mention, leftmost-longest, not overlapping each other."""
        hits = []
        for first, last, bucket in self._matcher.find(keytext):
            start, end = words[first].start, words[last].end
            surface = text[start:end]
            fitting = [actor for actor, capitals in bucket if _fits_case(surface, capitals)]
            if fitting:
                hits.append((first, last, tuple(fitting)))
        mentions = []
        for first, last, fitting in longest_first(hits):
            start, end = words[first].start, words[last].end
            mentions.append(ActorMention(start, end, text[start:end], fitting[0]))
        return mentions


def _needs_capitals(alias: str) -> str:
    """How the alias must be written in text: "upper" for acronyms, "title" for Latin names."""
    if not alias.isascii():
        return ""
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 6:
        return "upper"
    return "title"


def _fits_case(surface: str, capitals: str) -> bool:
    """Acronyms must be upper-case ("AP", not "ap"); names must start with a capital."""
    if capitals == "upper":
        return surface.replace(".", "").replace("-", "").replace(" ", "").isupper()
    if capitals == "title":
        return surface[:1].isupper()
    return True


@functools.lru_cache(maxsize=4)
def _finder_for(path: Path, mtime_ns: int, size: int) -> ActorFinder:
    return ActorFinder(load_actors(path))


def get_actor_finder(path: str | os.PathLike[str] | None = None) -> ActorFinder:
    """Return the finder for an actors file, cached until the file changes.

    Raises
    ------
    DataError
        When the file has problems.
    """
    file = actors_path(path).resolve()
    try:
        stat = file.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (0, 0)
    return _finder_for(file, *version)
