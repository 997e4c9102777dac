"""Write a data set as the four data files: readable, stable, and read back to the same records.

``write_data_dir`` writes ``gazetteer.csv``, ``sources.yaml``, ``claims.yaml``
and ``groups.yaml`` in the curated files' layout: one record per block with a
blank line between records, fields in the models' order, short lists (places,
actors, cites) and quantities on one line each, long text folded at 100
columns. A field is left out when it is empty (None) or at its default,
except (when set) the ones every curated record shows (a claim's places, actors,
quantities, dates precision, status and review status). Nothing varies from
one run to the next (no time stamp), so dumping the same store twice gives the
same bytes. Comments of hand-written files cannot survive a store; field order
and record order do. Each file is replaced atomically.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from geo import paths
from geo.atomic import atomic_write
from geo.dataset import Dataset
from geo.gazetteer import ALIAS_SEPARATOR, COLUMNS
from geo.models import Claim, Group, Place, Source

WIDTH = 100

#: Fields written even when empty or at their default (as the curated files do).
ALWAYS = {
    Claim: ("places", "actors", "quantities", "date_precision", "status", "review_status"),
    Source: ("cites",),
    Group: (),
}

HEADERS = {
    paths.SOURCES_FILE: "# Sources: documents, and the outlets, people and bodies they rely on.\n",
    paths.CLAIMS_FILE: "# Claims: one record per (claim, reporting document). See DESIGN.md.\n",
    paths.GROUPS_FILE: "# Groups: the underlying claims, with the analyst's Admiralty grading.\n",
    paths.STORIES_FILE: "# Stories: guided walks through the claims, step by step.\n",
}
NOTE = "# Written by `claimmap db dump`; `claimmap db import` reads it back.\n\n"


class _Flow(list):
    """A list written on one line (``[a, b]``)."""


class _FlowMap(dict):
    """A mapping written on one line (``{what: x, value: 1}``)."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper with one-line lists and mappings where the curated files have them."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value.strip("\n") and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True)
)


def _number(value: float | int) -> float | int:
    """Whole floats as ints (``600``, not ``600.0``); the models read them back as floats."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return _Flow(_plain(v) for v in value)
    if isinstance(value, float):
        return _number(value)
    return value


def record_fields(model: BaseModel) -> dict[str, Any]:
    """Return the fields of a record to write, in the model's order (see module doc)."""
    always = ALWAYS.get(type(model), ())
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if name == "line":
            continue
        value = getattr(model, name)
        if value is None or (
            name not in always and not info.is_required() and value == info.default
        ):
            continue
        if name == "steps":  # a story's steps: each a block of its own fields
            out[name] = [record_fields(step) for step in value]
            continue
        if name == "quantities":
            value = [
                _FlowMap((k, _plain(v)) for k, v in q.model_dump(exclude_none=True).items())
                for q in value
            ]
        out[name] = _plain(value)
    return out


def yaml_text(records: Iterable[BaseModel], header: str = "") -> str:
    """Return the records as a YAML list, one block per record, blank lines between them."""
    blocks = [
        yaml.dump(
            [record_fields(r)],
            Dumper=_Dumper,
            allow_unicode=True,
            sort_keys=False,
            width=WIDTH,
            default_flow_style=False,
        )
        for r in records
    ]
    return header + NOTE + "\n".join(blocks)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ALIAS_SEPARATOR.join(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return str(_number(value)) if value.is_integer() else repr(value)
    return str(value)


def gazetteer_text(places: Iterable[Place]) -> str:
    """Return the places as ``gazetteer.csv`` (its columns, aliases joined by ``|``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for place in places:
        writer.writerow([_cell(getattr(place, column)) for column in COLUMNS])
    return buffer.getvalue()


def write_data_dir(dataset: Dataset, directory: str | os.PathLike[str]) -> list[Path]:
    """Write the data set's data files into ``directory`` (created if missing).

    The gazetteer, sources, claims and groups, and ``stories.yaml`` when there are stories.

    Returns the files written. Each replaces its old version atomically.
    """
    root = Path(directory)
    root.mkdir(exist_ok=True)
    texts = {
        paths.GAZETTEER_FILE: gazetteer_text(dataset.places.values()),
        paths.SOURCES_FILE: yaml_text(dataset.sources.values(), HEADERS[paths.SOURCES_FILE]),
        paths.CLAIMS_FILE: yaml_text(dataset.claims, HEADERS[paths.CLAIMS_FILE]),
        paths.GROUPS_FILE: yaml_text(dataset.groups.values(), HEADERS[paths.GROUPS_FILE]),
    }
    if dataset.stories:  # a data set without stories has no stories.yaml
        texts[paths.STORIES_FILE] = yaml_text(dataset.stories, HEADERS[paths.STORIES_FILE])
    return [atomic_write(root / name, text) for name, text in texts.items()]


def dump_store(engine: Engine, directory: str | os.PathLike[str]) -> list[Path]:
    """Write the store's records as data files into ``directory``."""
    from geo.store.read import load_store_dataset

    return write_data_dir(load_store_dataset(engine), directory)
