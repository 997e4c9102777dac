"""Story mode (no Streamlit): a story's step as a view of the map, and a view saved as a step.

- `step_view(story, n, dataset)`: what step ``n`` (from 1) shows: its date window
  and "as known on" as `Filters`, its places and extent, the claims to outline,
  and the claims it cites that the data in view lacks ("not in this view").
- `read_story_params(params, stories)` / `story_params(story_id, n)`: the address
  ``story=ID&step=N``, read with the exported map's rules (an unknown story or step
  gives a one-line notice, never an error).
- `step_from_view(filters, selection, title, text)`: "save this view as a step".
- `append_step(target, story_id, step)`: add a step to ``stories.yaml`` (the file's
  comments and layout kept) or to the store (one transaction with its audit entry),
  checked first as ``claimmap check`` checks stories; nothing is written when it fails
  (``geo.storywrite`` does the writing).

Errors are `StoryError` (a ValueError, one line) or ``geo.problems.DataError``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimmap.dashboard.filters import Filters
from geo.stories import Story, StoryStep
from geo.storywrite import (
    StoryError,
    append_to_file,
    append_to_store,
    step_dict,
    validated_step,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from geo.dataset import Dataset


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class StepView:
    """What one step of a story shows.

    Parameters
    ----------
    story_id, number, total : the story, the step (from 1) and how many steps it has.
    title, text : the step's words (data: show them as text).
    filters : the step's date window and "as known on", every other filter open.
    places : the places the step names.
    bbox : the extent to show, ``(west, south, east, north)``: the step's bbox, else the
        box around its places widened by how precisely each is known (None: no place known).
    claims : the claims to outline (those the data set in view holds).
    missing : the claims the step cites that the data set in view lacks.
    """

    story_id: str
    number: int
    total: int
    title: str
    text: str
    filters: Filters
    places: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None
    claims: tuple[str, ...]
    missing: tuple[str, ...]

    def applied_to(self, filters: Filters) -> Filters:
        """Return ``filters`` with this step's window and "as known on" (the rest kept)."""
        window = self.filters
        return dataclasses.replace(filters, start=window.start, end=window.end, as_of=window.as_of)


def find_story(stories: Iterable[Story], story_id: str) -> Story:
    """Return the story called ``story_id``; StoryError naming the known ones otherwise."""
    stories = tuple(stories)
    for story in stories:
        if story.id == story_id:
            return story
    known = ", ".join(s.id for s in stories) or "none"
    raise StoryError(f"no story {story_id!r} (stories: {known})")


def step_view(story: Story | str, n: int, dataset: Dataset) -> StepView:
    """Return what step ``n`` (from 1) of ``story`` (a Story or its id) shows over ``dataset``.

    Raises
    ------
    StoryError
        For an unknown story id or a step number out of range.
    """
    from layers.payload import step_extent

    if isinstance(story, str):
        story = find_story(dataset.stories, story)
    total = len(story.steps)
    if not isinstance(n, int) or not 1 <= n <= total:
        raise StoryError(f"story {story.id} has no step {n!r}: its steps are 1 to {total}")
    step = story.steps[n - 1]
    in_view = {claim.id for claim in dataset.claims}
    extent = step_extent(step, dataset.places)
    return StepView(
        story_id=story.id,
        number=n,
        total=total,
        title=step.title,
        text=step.text,
        filters=Filters(start=step.start, end=step.end, as_of=step.as_of),
        places=step.places,
        bbox=tuple(extent) if extent is not None else None,  # type: ignore[arg-type]
        claims=tuple(c for c in step.claims if c in in_view),
        missing=tuple(c for c in step.claims if c not in in_view),
    )


def story_params(story_id: str, n: int) -> dict[str, str]:
    """Return the address of step ``n`` as query parameters (``story=ID&step=N``)."""
    return {"story": story_id, "step": str(n)}


def _clip(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "\u2026"


def read_story_params(
    params: Mapping[str, Any], stories: Iterable[Story]
) -> tuple[Story | None, int, str | None]:
    """Read ``story=ID&step=N`` as the exported map does: ``(story, step, notice)``.

    No ``story`` parameter: ``(None, 0, None)``. A known story without ``step``
    opens step 1. An unknown story gives ``(None, 0, notice)``, a step out of range
    ``(story, 0, notice)``: the notice is one line to show, never an error.
    """
    wanted = _last(params.get("story"))
    if wanted is None:
        return None, 0, None
    stories = tuple(stories)
    found = next((s for s in stories if s.id == wanted), None)
    if found is None:
        return None, 0, f"There is no story \u201c{_clip(wanted)}\u201d."
    step = _last(params.get("step"))
    n = 1 if step is None else int(step) if step.isascii() and step.isdigit() else 0
    if not 1 <= n <= len(found.steps):
        notice = (
            f"This story has no step \u201c{_clip(str(step))}\u201d: "
            f"its steps are 1 to {len(found.steps)}."
        )
        return found, 0, notice
    return found, n, None


def _last(value: Any) -> str | None:
    """Return the last value of a query parameter (a string or a list of them)."""
    if value is None or isinstance(value, str):
        return value
    values = [str(v) for v in value]
    return values[-1] if values else None


# --------------------------------------------------------------------------- saving


def bbox_from_bounds(bounds: Mapping[str, Any]) -> tuple[float, float, float, float]:
    """Return Leaflet's bounds (st_folium's ``bounds``) as ``(west, south, east, north)``.

    Raises
    ------
    StoryError
        When they are not ``{"_southWest": {"lat", "lng"}, "_northEast": {...}}``.
    """
    try:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        west, south = max(-180.0, float(sw["lng"])), max(-90.0, float(sw["lat"]))
        east, north = min(180.0, float(ne["lng"])), min(90.0, float(ne["lat"]))
    except (KeyError, TypeError, ValueError):
        raise StoryError("the map's bounds could not be read") from None
    return (round(west, 5), round(south, 5), round(east, 5), round(north, 5))


def _claims_window(claim_ids: Iterable[str], dataset: Dataset | None) -> tuple[Any, Any]:
    """Return the days the claims may lie in, (first, last); (None, None) if any is undated."""
    from geo.dates import possible_range

    if dataset is None:
        return None, None
    by_id = {c.id: c for c in dataset.claims}
    ranges = [
        possible_range(by_id[cid], dataset.sources.get(by_id[cid].source_id))
        for cid in claim_ids
        if cid in by_id
    ]
    lows, highs = [r[0] for r in ranges], [r[1] for r in ranges]
    if not ranges or None in lows or None in highs:
        return None, None
    return min(lows), max(highs)


def _claim_places(claim_ids: Iterable[str], dataset: Dataset | None) -> tuple[str, ...]:
    if dataset is None:
        return ()
    by_id = {c.id: c for c in dataset.claims}
    places = [p for cid in claim_ids if cid in by_id for p in by_id[cid].places]
    return tuple(dict.fromkeys(places))


def step_from_view(
    filters: Filters,
    selection: Mapping[str, Any],
    title: str,
    text: str,
    *,
    dataset: Dataset | None = None,
) -> dict[str, Any]:
    """Return the dashboard's view as a story step ("save this view as a step").

    Parameters
    ----------
    filters : the view's filters: their window (``start``, ``end``) and ``as_of``.
    selection : ``claims`` (the ids to outline, e.g. those picked), and the extent:
        ``places`` (ids) or ``bbox`` (``(west, south, east, north)``, e.g. from
        :func:`bbox_from_bounds`). Any may be missing.
    title, text : the step's words (neutral: "reported", "according to").
    dataset : the data in view: without a window, the picked claims' dates give it;
        without places or a bbox, the picked claims' places give the extent.

    Returns
    -------
    dict
        The step as ``stories.yaml`` holds it, checked by the model.

    Raises
    ------
    StoryError
        When the step is incomplete (no dates, no extent, no words) or invalid.
    """
    claims = tuple(dict.fromkeys(str(c) for c in selection.get("claims") or ()))
    places = tuple(dict.fromkeys(str(p) for p in selection.get("places") or ()))
    bbox = selection.get("bbox")
    start, end = filters.start, filters.end
    if start is None or end is None:
        first, last = _claims_window(claims, dataset)
        start, end = start or first, end or last
    if start is None or end is None:
        raise StoryError("a step needs a date window: set both dates, or pick dated claims")
    if not places and bbox is None:
        places = _claim_places(claims, dataset)
    data = {"title": title, "text": text, "start": start, "end": end, "places": places}
    data.update(bbox=bbox, claims=claims, as_of=filters.as_of)
    return step_dict(validated_step(data))


def append_step(
    target: str | os.PathLike[str] | Engine,
    story_id: str,
    step: Mapping[str, Any] | StoryStep,
    *,
    title: str | None = None,
    who: str | None = None,
    note: str | None = None,
) -> Story:
    """Add ``step`` at the end of story ``story_id``, checked as ``claimmap check`` does.

    Parameters
    ----------
    target : a data directory (or its ``stories.yaml``), or a store's Engine.
    story_id : the story to extend; with ``title``, a story that does not exist yet is
        started with this step.
    step : the step (``step_from_view``'s dict, or a StoryStep).
    who, note : recorded in the store's audit entry (default: the OS user; "added step N").

    Returns
    -------
    Story
        The story as saved.

    Raises
    ------
    StoryError
        For an unknown story (without ``title``), an invalid step, or a file changed
        meanwhile.
    DataError
        When the stories would not pass ``check`` (every problem), or the data does not.
    """
    new_step = validated_step(step)
    if hasattr(target, "dialect"):  # an SQLAlchemy Engine
        return append_to_store(
            target,  # type: ignore[arg-type]
            story_id,
            new_step,
            title=title,
            who=who,
            note=note,
        )
    return append_to_file(os.fspath(target), story_id, new_step, title=title)
