"""Load sources, claims and groups from YAML into models, one problem per fault.

Each record is validated on its own; a record that fails is left out of the
models but kept as a raw record, so cross-reference checks (geo.validate) still
see it. Pydantic's errors are rewritten into one readable line naming the file,
the line of the offending field and the record id, e.g.
``claims.yaml:123: claim tml-buses: event_end 2026-01-03 is before event_start 2026-01-05``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from geo.models import Claim, Group, Source
from geo.problems import Problem
from geo.yamlio import RawRecord, read_records, repeated_keys

T = TypeVar("T", bound=BaseModel)

#: The word used for a record of each model in messages.
NOUNS = {Source: "source", Claim: "claim", Group: "group"}


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What one data file held.

    Parameters
    ----------
    file : the file name used in problems.
    raw : every record that is a mapping, valid or not, in file order.
    models : the records that passed model validation, in file order.
    problems : every problem found in this file on its own.
    """

    file: str
    raw: tuple[RawRecord, ...]
    models: tuple[T, ...]
    problems: tuple[Problem, ...]

    @property
    def readable(self) -> bool:
        """False when the file could not be read as a list of records at all.

        Checks that need every record of a file (unknown ids, unused groups)
        are skipped against an unreadable file: its own problem says why.
        """
        return bool(self.raw) or not self.problems


def label(noun: str, data: dict[str, Any], index: int) -> str:
    """How a record is named in a message: ``claim tml-buses`` or ``claim #3 (no id)``."""
    rid = data.get("id")
    if isinstance(rid, str) and rid.strip():
        return f"{noun} {rid.strip()}"
    return f"{noun} #{index + 1} (no id)"


_SINGULAR = {
    "quantities": "quantity",
    "places": "place",
    "actors": "actor",
    "cites": "cited source",
    "steps": "step",
    "claims": "claim",
}


def _field_name(loc: tuple[Any, ...], data: dict[str, Any]) -> str:
    """Name an error location readably, e.g. ``quantity 'fighters' qualifier``."""
    parts: list[str] = []
    value: Any = data
    for step in loc:
        if isinstance(step, int) and isinstance(value, list | tuple) and step < len(value):
            item = value[step]
            what = item.get("what") if isinstance(item, dict) else None
            name = f"'{what}'" if isinstance(what, str) else f"#{step + 1}"
            parts[-1:] = [f"{_SINGULAR.get(parts[-1], parts[-1]) if parts else 'item'} {name}"]
            value = item
        else:
            parts.append(str(step))
            value = value.get(step) if isinstance(value, dict) else None
    return " ".join(parts)


def _within(loc: tuple[Any, ...], data: dict[str, Any], message: str) -> str:
    """Prefix ``message`` with the nested record it is about, if any."""
    parent = _field_name(loc[:-1], data)
    return f"{parent}: {message}" if parent else message


def _enrich(message: str, data: Any) -> str:
    """Add the offending values to the models' own messages where they help."""
    if not isinstance(data, dict):
        return message
    if message == "event_end is before event_start":
        return f"event_end {data.get('event_end')} is before event_start {data.get('event_start')}"
    if message == "published_end is before published":
        return (
            f"published_end {data.get('published_end')} is before published {data.get('published')}"
        )
    if message == "range max is below min":
        return f"range max {data.get('max')} is below min {data.get('min')}"
    if message == "a route (mode) needs at least two places":
        places = data.get("places") or []
        return f"mode '{data.get('mode')}' needs at least two places, found {len(places)}"
    return message


def describe_error(error: dict[str, Any], data: dict[str, Any], model: type[BaseModel]) -> str:
    """One readable line for one pydantic error (without file, line or record)."""
    loc, kind, value = tuple(error["loc"]), error["type"], error.get("input")
    name = _field_name(loc, data)
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        fields = [f for f in _fields_at(model, loc[:-1]) if f != "line"]
        close = difflib.get_close_matches(str(loc[-1]), fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return _within(loc, data, f"unknown field '{loc[-1]}'{hint}")
    if kind == "missing":
        return _within(loc, data, f"missing field '{loc[-1]}'")
    if kind == "literal_error":
        return f"{name} {value!r} is not one of {ctx.get('expected', '')}"
    if kind == "finite_number":
        return f"{name} {value!r} is not a finite number (NaN and infinity are not figures)"
    if kind == "string_too_short":
        return f"{name} is empty"
    if kind == "string_pattern_mismatch":
        shape = "snake_case" if "_" in ctx.get("pattern", "") else "a lowercase slug like 'a-b-1'"
        return f"{name} {value!r} should be {shape}"
    if kind.startswith("date"):
        reason = str(ctx.get("error") or error["msg"].split(", ", 1)[-1])
        detail = f": {reason}" if "outside expected range" in reason else ""
        return f"{name} {value!r} is not a valid date (YYYY-MM-DD){detail}"
    if kind == "value_error":
        message = _enrich(str(ctx.get("error", error["msg"])), value)
        return f"{name}: {message}" if name else message
    if kind in ("tuple_type", "list_type"):
        return f"{name} should be a list, found {value!r}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        wanted = error["msg"].removeprefix("Input should be ").split(",")[0]
        return f"{name} should be {wanted}, found {value!r}"
    return f"{name}: {error['msg']}" if name else error["msg"]


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (possibly nested) model at ``loc``."""
    current: Any = model
    for step in loc:
        if isinstance(step, int) or current is None:
            continue
        info = current.model_fields.get(step)
        args = getattr(info.annotation, "__args__", ()) if info else ()
        current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
    return list(current.model_fields) if current is not None else []


#: Whole-record messages and the field whose line they are reported on.
_MESSAGE_FIELDS = {"the route goes from": "places"}


def _field_of(message: str) -> tuple[str, ...]:
    """Return the field a whole-record message is about (its line is the one reported)."""
    return next((((f,) for m, f in _MESSAGE_FIELDS.items() if message.startswith(m))), ())


def load_records(path: Path, model: type[T], file: str | None = None) -> Loaded[T]:
    """Load one YAML file of ``model`` records, validating each record on its own."""
    file = file if file is not None else str(path)
    noun = NOUNS.get(model, model.__name__.lower())
    raw, problems = read_records(path, file)
    models: list[T] = []
    for index, record in enumerate(raw):
        name = label(noun, record.data, index)
        for key, line, first in repeated_keys(record.node):
            message = f"{name}: field '{key}' given twice (first at line {first})"
            problems.append(Problem(file, line, message))
        bad_keys = [k for k in record.data if not isinstance(k, str) or k == "line"]
        for key in bad_keys:
            problems.append(Problem(file, record.line, f"{name}: unknown field '{key}'"))
        if bad_keys:
            continue
        try:
            models.append(model.model_validate({**record.data, "line": record.line}))
        except ValidationError as exc:
            for error in exc.errors():
                message = describe_error(error, record.data, model)
                line = record.line_of(*(error["loc"] or _field_of(message)))
                problems.append(Problem(file, line, f"{name}: {message}"))
    return Loaded(file, tuple(raw), tuple(models), tuple(problems))


def load_sources(path: Path, file: str | None = None) -> Loaded[Source]:
    """Load ``sources.yaml``: documents, outlets, people and bodies."""
    return load_records(path, Source, file)


def load_claims(path: Path, file: str | None = None) -> Loaded[Claim]:
    """Load ``claims.yaml``: one record per (claim, document)."""
    return load_records(path, Claim, file)


def load_groups(path: Path, file: str | None = None) -> Loaded[Group]:
    """Load ``groups.yaml``: the underlying claims with the analyst's grading."""
    return load_records(path, Group, file)
