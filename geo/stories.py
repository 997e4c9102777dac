"""Stories: guided walks through the claims, step by step (``data/stories.yaml``).

A story is an ordered list of steps; each step has a title, a short text in
neutral words, a date window, the places or the extent (``bbox``) to show, the
claims it highlights and, optionally, an ``as_of`` date (only documents
published by then). ``load_stories`` reads the file (a missing file holds no
stories); ``check_stories`` checks what the steps cite against the claims,
sources and gazetteer, each problem on its own line of the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from geo.loading import Loaded, label, load_records
from geo.models import Claim, Source, _Record
from geo.problems import Problem
from geo.validate import PLAUSIBLE_DATES, _hint, duplicate_ids

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class StoryStep(BaseModel):
    """One step of a story: what to show, when, and which claims to point at."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: str = Field(min_length=1)
    text: str = Field(min_length=1)
    start: dt.date
    end: dt.date
    places: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    claims: tuple[str, ...] = ()
    as_of: dt.date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> StoryStep:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if not self.places and self.bbox is None:
            raise ValueError("a step needs places or a bbox (the extent to show)")
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
                raise ValueError(
                    f"bbox {list(self.bbox)} should be [west, south, east, north] in degrees, "
                    "west < east and south < north"
                )
        return self


class Story(_Record):
    """A titled, ordered list of steps."""

    id: str = Field(pattern=_SLUG)
    title: str = Field(min_length=1)
    steps: tuple[StoryStep, ...]

    @model_validator(mode="after")
    def _has_steps(self) -> Story:
        if not self.steps:
            raise ValueError("a story needs at least one step")
        return self


def load_stories(path: Path, file: str | None = None) -> Loaded[Story]:
    """Load ``stories.yaml``; a file that does not exist holds no stories (no problem)."""
    file = file if file is not None else str(path)
    if not path.exists():
        return Loaded(file, (), (), ())
    return load_records(path, Story, file)


def _step_name(record_data: dict[str, Any], index: int, step: int) -> str:
    return f"{label('story', record_data, index)}: step #{step + 1}"


def _possible_range(
    claim: Claim, sources: Mapping[str, Source]
) -> tuple[dt.date | None, dt.date | None]:
    """Return the dates a claim may lie in: its event range, else up to its document's last date."""
    if claim.event_start is not None:
        return claim.event_start, claim.event_end
    source = sources.get(claim.source_id)
    return None, (source.published_end or source.published) if source else None


def _window_problem(claim: Claim, step: StoryStep, sources: Mapping[str, Source]) -> str | None:
    """Why ``claim`` cannot be shown in the step's window or as-of date, or None."""
    low, high = _possible_range(claim, sources)
    window = f"{step.start}..{step.end}"
    if low is not None and (high < step.start or low > step.end):  # type: ignore[operator]
        return f"claim {claim.id} (events {low}..{high}) lies outside the step's window {window}"
    if low is None and high is not None and high < step.start:
        return (
            f"claim {claim.id} (undated; its document was out by {high}) cannot fall in "
            f"the step's window {window}"
        )
    source = sources.get(claim.source_id)
    if step.as_of and source and source.published and source.published > step.as_of:
        return (
            f"claim {claim.id} comes from a document published {source.published}, "
            f"after the step's as_of {step.as_of}"
        )
    return None


def _step_refs(record: Any, index: int, key: str) -> list[tuple[str, int]]:
    """Return the string ids under ``steps[index][key]``, each with its line."""
    steps = record.data.get("steps")
    if not isinstance(steps, list) or not isinstance(steps[index], dict):
        return []
    values = steps[index].get(key)
    if not isinstance(values, list):
        return []
    return [
        (value, record.line_of("steps", index, key, i))
        for i, value in enumerate(values)
        if isinstance(value, str)
    ]


def check_stories(
    stories: Loaded[Story],
    claims: Loaded[Claim],
    sources: Mapping[str, Source],
    place_ids: Collection[str] | None,
) -> list[Problem]:
    """Every claim and place a step cites exists, and fits the step's dates.

    ``place_ids`` is ``None`` when the gazetteer could not be read (places are
    then not checked). Dates are checked on the stories and claims that passed
    model validation.
    """
    problems = duplicate_ids(stories, "story")
    claim_ids = {r.data["id"] for r in claims.raw if isinstance(r.data.get("id"), str)}
    by_id = {c.id: c for c in claims.models}
    models = {s.line: s for s in stories.models}
    for index, record in enumerate(stories.raw):
        steps = record.data.get("steps")
        for step in range(len(steps) if isinstance(steps, list) else 0):
            name = _step_name(record.data, index, step)

            def add(line: int, message: str, name: str = name) -> None:
                problems.append(Problem(stories.file, line, f"{name}: {message}"))

            for ref, line in _step_refs(record, step, "claims") if claims.readable else ():
                if ref not in claim_ids:
                    add(line, f"unknown claim '{ref}'{_hint(ref, claim_ids)}")
                    continue
                model = models.get(record.line)
                if model is not None and ref in by_id:
                    trouble = _window_problem(by_id[ref], model.steps[step], sources)
                    if trouble:
                        add(line, trouble)
            for ref, line in _step_refs(record, step, "places") if place_ids is not None else ():
                if ref not in place_ids:
                    add(line, f"unknown place '{ref}'{_hint(ref, place_ids)}")
    return problems + _implausible_dates(stories)


def _implausible_dates(stories: Loaded[Story]) -> list[Problem]:
    """Step dates outside the plausible window (typos such as 2062 for 2026)."""
    low, high = PLAUSIBLE_DATES
    raw = {r.line: r for r in stories.raw}
    problems = []
    for story in stories.models:
        for index, step in enumerate(story.steps):
            for field in ("start", "end", "as_of"):
                value = getattr(step, field)
                if value is not None and not low <= value <= high:
                    line = raw[story.line].line_of("steps", index, field)
                    message = (
                        f"story {story.id}: step #{index + 1}: {field} {value} is outside "
                        f"{low} to {high}"
                    )
                    problems.append(Problem(stories.file, line, message))
    return problems


def story_properties(story: Story) -> dict[str, Any]:
    """Return a story as JSON-ready data (the ``claimmap stories --json`` contract, plus extent).

    Each step has ``title``, ``text``, ``start``, ``end``, ``places`` and
    ``claims`` (DESIGN.md), and also ``bbox`` and ``as_of`` (``None`` when unset).
    """
    return {
        "id": story.id,
        "title": story.title,
        "steps": [
            {
                "title": step.title,
                "text": step.text,
                "start": step.start.isoformat(),
                "end": step.end.isoformat(),
                "places": list(step.places),
                "claims": list(step.claims),
                "bbox": list(step.bbox) if step.bbox is not None else None,
                "as_of": step.as_of.isoformat() if step.as_of else None,
            }
            for step in story.steps
        ],
    }
