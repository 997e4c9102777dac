"""Add a step to a story, in ``stories.yaml`` or in the store, checked first as ``check`` does.

- `append_to_file`: the data directory is loaded (every file checked), the step is
  written into the text of ``stories.yaml`` after the story's last step (the file's
  comments and layout kept; a new story goes at the end), the new text is checked
  as ``claimmap check`` checks stories, and the file is replaced atomically. A file
  changed by someone else meanwhile is left alone.
- `append_to_store`: in one write transaction, the store's records are read, the
  story with its new step is checked the same way, written, and one audit entry
  records it (``edit`` of the story's ``steps``, or ``insert`` of a new story).

Nothing is written when a check fails: `StoryError` (one line) or
``geo.problems.DataError`` (every problem, naming the file and line).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from geo.stories import Story, StoryStep

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from geo.dataset import Dataset


class StoryError(ValueError):
    """A story or step that cannot be used or saved (the message is one line)."""


def validated_step(data: Mapping[str, Any] | StoryStep) -> StoryStep:
    """Return a step checked by the model (StoryError with every reason otherwise)."""
    if isinstance(data, StoryStep):
        return data
    try:
        return StoryStep.model_validate(dict(data))
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'step'}: {e['msg']}" for e in exc.errors()
        )
        raise StoryError(f"the step cannot be saved: {reasons}") from None


def step_dict(step: StoryStep) -> dict[str, Any]:
    """Return a step as stories.yaml holds it (ISO dates; empty fields left out)."""
    data = step.model_dump(mode="json")
    return {k: v for k, v in data.items() if v not in (None, [], ())}


def extended_story(
    stories: Iterable[Story], story_id: str, step: StoryStep, title: str | None
) -> tuple[Story | None, Story]:
    """Return ``(the story as it was, or None when new; the story with the step added)``."""
    stories = tuple(stories)
    old = next((s for s in stories if s.id == story_id), None)
    if old is None and not (title and title.strip()):
        known = ", ".join(s.id for s in stories) or "none"
        raise StoryError(
            f"no story {story_id!r} (stories: {known}); give a title to start a new one"
        )
    try:
        if old is None:
            return None, Story(id=story_id, title=str(title), steps=(step,))
        return old, Story.model_validate(
            {**old.model_dump(exclude={"line"}), "steps": (*old.steps, step)}
        )
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(map(str, error["loc"]))
        raise StoryError(f"story {story_id!r}: {where}: {error['msg']}") from None


def checked_stories(text: str, dataset: Dataset, file: str) -> tuple[Story, ...]:
    """Check stories.yaml text as ``check`` does: each record, then what the steps cite.

    The rest of ``dataset`` was checked when it was loaded; the steps are checked
    against its claims (each must exist and fit the step's dates), sources and
    places. Problems name ``file`` and a line of ``text``.

    Raises
    ------
    DataError
        With every problem.
    """
    from geo.loading import Loaded
    from geo.problems import DataError
    from geo.stories import check_stories, load_stories
    from geo.yamlio import RawRecord

    with tempfile.TemporaryDirectory(prefix="claimmap-story-") as tmp:
        path = Path(tmp) / "stories.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_stories(path, file)
    # check_stories reads the claims' ids from their records: the loaded claims stand in.
    records = tuple(RawRecord(0, {"id": c.id}, yaml.ScalarNode("", "")) for c in dataset.claims)
    claims = Loaded(file, records, tuple(dataset.claims), ())
    problems = [*loaded.problems]
    problems += check_stories(loaded, claims, dataset.sources, set(dataset.places))
    if problems:
        raise DataError(problems)
    return loaded.models


# --------------------------------------------------------------------------- stories.yaml


def _block(record: Story | StoryStep, indent: int) -> str:
    """Return the record as a YAML list item (as ``db dump`` writes it), indented by ``indent``."""
    from geo.store.dump import NOTE, yaml_text

    text = yaml_text([record]).removeprefix(NOTE)
    return "".join(" " * indent + line if line.strip() else line for line in text.splitlines(True))


def _steps_node(text: str, story_id: str) -> yaml.SequenceNode:
    """Return the YAML node of a story's steps in ``text`` (a block list)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    for record in root.value if isinstance(root, yaml.SequenceNode) else ():
        if not isinstance(record, yaml.MappingNode):
            continue
        fields = {key.value: value for key, value in record.value}
        if getattr(fields.get("id"), "value", None) == story_id:
            steps = fields.get("steps")
            if isinstance(steps, yaml.SequenceNode) and steps.value and not steps.flow_style:
                return steps
            break
    raise StoryError(f"story {story_id}: its steps are not a block list that a step can follow")


def text_with_step(text: str, story_id: str, step: StoryStep) -> str:
    """Return stories.yaml ``text`` with ``step`` after the last step of ``story_id``.

    Everything else (comments, folding, blank lines) stays as written; the new
    step takes the indentation of the story's first step.
    """
    steps = _steps_node(text, story_id)
    lines = text.splitlines(keepends=True)
    first = steps.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    mark = steps.value[-1].end_mark
    end = min(mark.line + (1 if mark.column else 0), len(lines))
    # Blank lines, and comments no deeper than the list, belong to what follows.
    while end > 0 and (
        not lines[end - 1].strip()
        or (lines[end - 1].lstrip().startswith("#") and _indent(lines[end - 1]) <= dash)
    ):
        end -= 1
    before = "".join(lines[:end])
    before += "" if before.endswith("\n") else "\n"
    return before + "\n" + _block(step, max(dash, 0)) + "".join(lines[end:])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def text_with_story(text: str | None, story: Story) -> str:
    """Return stories.yaml ``text`` (None: no file yet) with a new story at its end."""
    from geo import paths
    from geo.store.dump import HEADERS

    if text is None or not text.strip():
        return HEADERS[paths.STORIES_FILE] + "\n" + _block(story, 0)
    return text.rstrip("\n") + "\n\n" + _block(story, 0)


def _stories_path(target: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Return (the data directory, its stories.yaml) from either of them."""
    from geo import paths

    path = Path(target)
    if path.name == paths.STORIES_FILE and not path.is_dir():
        return path.parent, path
    return path, path / paths.STORIES_FILE


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def append_to_file(
    target: str | os.PathLike[str], story_id: str, step: StoryStep, *, title: str | None = None
) -> Story:
    """Add ``step`` to story ``story_id`` in a data directory's stories.yaml (module doc).

    ``target`` is the directory or its stories.yaml. With ``title``, a story that does
    not exist yet is started. Returns the story as saved.

    Raises
    ------
    StoryError, DataError
        Nothing is written.
    """
    from geo.atomic import atomic_write
    from geo.dataset import load_dataset
    from geo.problems import display_path

    root, path = _stories_path(target)
    text = _read(path)
    dataset = load_dataset(root)  # every data file checked, stories included
    old, new = extended_story(dataset.stories, story_id, step, title)
    if old is None:
        new_text = text_with_story(text, new)
    else:
        new_text = text_with_step(text or "", story_id, step)
    saved = checked_stories(new_text, dataset, display_path(path))
    if _read(path) != text:
        raise StoryError(f"{display_path(path)} changed while the step was added: try again")
    atomic_write(path, new_text)
    return next(s for s in saved if s.id == story_id)


# --------------------------------------------------------------------------- the store


def append_to_store(
    engine: Engine,
    story_id: str,
    step: StoryStep,
    *,
    title: str | None = None,
    who: str | None = None,
    note: str | None = None,
) -> Story:
    """Add ``step`` to story ``story_id`` in the store: one transaction with its audit entry.

    Returns the story as saved.

    Raises
    ------
    StoryError, DataError
        Nothing is written.
    NotAllowed, StoreBusy
        When the store refuses the write.
    """
    import sqlalchemy as sa

    from geo.store import audit
    from geo.store import schema as t
    from geo.store.dump import yaml_text
    from geo.store.engine import shown, writing
    from geo.store.read import dataset_from, read_records
    from geo.store.rows import story_row

    who = who or audit.default_actor()
    with writing(engine) as conn:
        records = read_records(conn)
        old, new = extended_story(records.stories, story_id, step, title)
        _checked_in_store(yaml_text([new]), dataset_from(records), shown(engine.url))
        row = story_row(new)
        if old is None:
            last = conn.execute(sa.select(sa.func.max(t.stories.c.position))).scalar()
            conn.execute(t.stories.insert(), {**row, "position": (last or 0) + 1})
            entry = audit.entry(who, "insert", "story", story_id, note=note)
        else:
            where = t.stories.c.id == story_id
            conn.execute(t.stories.update().where(where).values(steps=row["steps"]))
            before = story_row(old)["steps"]
            note = note or f"added step {len(new.steps)}"
            entry = audit.entry(who, "edit", "story", story_id, "steps", before, row["steps"], note)
        audit.write(conn, [entry])
    return new


def _checked_in_store(text: str, dataset: Dataset, where: str) -> None:
    """Run `checked_stories`, its problems naming the store's stories (no line: no file)."""
    from geo.problems import DataError, Problem

    try:
        checked_stories(text, dataset, where)
    except DataError as exc:
        raise DataError(
            [Problem(f"{where} (stories)", None, p.message) for p in exc.problems]
        ) from None
