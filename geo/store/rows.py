"""Records and table rows: models to column values, and rows back to models.

Rows were validated when they were written (``geo.store.importer`` and
``geo.store.edits`` validate every record first), so reading builds models
with ``model_construct`` (no validation, several times faster); ``check`` on a
store validates everything again (``geo.store.check``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from geo.models import DEFAULT_REVIEW_STATUS, Claim, Group, Place, Quantity, Source
from geo.stories import Story

#: Record fields that are not table columns of the same name.
_PLACE_FIELDS = tuple(f for f in Place.model_fields if f != "line")
_SOURCE_FIELDS = tuple(f for f in Source.model_fields if f != "line")
_GROUP_FIELDS = tuple(f for f in Group.model_fields if f != "line")
_CLAIM_FIELDS = tuple(f for f in Claim.model_fields if f not in ("line", "group", "places"))
_QUANTITY_FIELDS = tuple(f for f in Quantity.model_fields if f != "line")


def _values(model: BaseModel, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(model, name) for name in fields}


def place_row(place: Place) -> dict[str, Any]:
    """Return the column values of a place."""
    row = _values(place, _PLACE_FIELDS)
    row["aliases"] = list(place.aliases)
    return row


def source_row(source: Source) -> dict[str, Any]:
    """Return the column values of a source."""
    row = _values(source, _SOURCE_FIELDS)
    row["cites"] = list(source.cites)
    return row


def group_row(group: Group) -> dict[str, Any]:
    """Return the column values of a group (without its version)."""
    return _values(group, _GROUP_FIELDS)


def quantity_value(quantity: Quantity) -> dict[str, Any]:
    """Return a quantity as stored in the claims' JSON: its fields that are set."""
    return {k: v for k, v in _values(quantity, _QUANTITY_FIELDS).items() if v is not None}


def claim_row(claim: Claim) -> dict[str, Any]:
    """Return the column values of a claim (not its places, version or position).

    A claim whose record states no review status gets the default one (draft).
    """
    row = _values(claim, _CLAIM_FIELDS)
    row["group_id"] = claim.group
    row["actors"] = list(claim.actors)
    row["quantities"] = [quantity_value(q) for q in claim.quantities]
    row["review_status"] = claim.review_status or DEFAULT_REVIEW_STATUS
    return row


_SETATTR = object.__setattr__


def _construct(model: type[BaseModel], values: dict[str, Any]) -> Any:
    """Build a model from trusted values without validating (``model_construct``, faster).

    ``values`` holds every field but ``line``. This sets what pydantic's own
    ``model_construct`` sets for a model without private attributes, extra
    fields or post-init hooks (``rows`` models), in a fraction of its time;
    for any other model it calls ``model_construct``.
    """
    if model.__pydantic_post_init__ or model.__private_attributes__:
        return model.model_construct(**values)
    given = set(values)
    values["line"] = None
    instance = model.__new__(model)
    _SETATTR(instance, "__dict__", values)
    _SETATTR(instance, "__pydantic_fields_set__", given)
    _SETATTR(instance, "__pydantic_extra__", None)
    _SETATTR(instance, "__pydantic_private__", None)
    return instance


def json_value(value: Any) -> Any:
    """Decode a JSON column read as text (as ``geo.store.read`` selects it); pass decoded ones.

    Most claims have no actors or quantities: ``[]`` is answered without the parser.
    """
    if not isinstance(value, str):
        return value
    return [] if value == "[]" else json.loads(value)


def row_place(row: Mapping[str, Any]) -> Place:
    """Build a Place from its row."""
    values = {name: row[name] for name in _PLACE_FIELDS}
    values["aliases"] = tuple(json_value(values["aliases"]))
    return _construct(Place, values)


def row_source(row: Mapping[str, Any]) -> Source:
    """Build a Source from its row."""
    values = {name: row[name] for name in _SOURCE_FIELDS}
    values["cites"] = tuple(json_value(values["cites"]))
    return _construct(Source, values)


def row_group(row: Mapping[str, Any]) -> Group:
    """Build a Group from its row."""
    return _construct(Group, {name: row[name] for name in _GROUP_FIELDS})


def json_quantity(data: Mapping[str, Any]) -> Quantity:
    """Build a Quantity from the claims' JSON (absent fields are None)."""
    values = {name: data.get(name) for name in _QUANTITY_FIELDS}
    for key in ("value", "min", "max"):
        if values[key] is not None:
            values[key] = float(values[key])
    return _construct(Quantity, values)


def row_claim(row: Mapping[str, Any], places: Iterable[str]) -> Claim:
    """Build a Claim from its row and its places in order."""
    values = {name: row[name] for name in _CLAIM_FIELDS}
    values["group"] = row["group_id"]
    values["places"] = tuple(places)
    values["actors"] = tuple(json_value(values["actors"]))
    values["quantities"] = tuple(json_quantity(q) for q in json_value(values["quantities"]))
    return _construct(Claim, values)


#: Claim fields read from the claims table, in the model's order, and their columns.
CLAIM_READ_FIELDS = tuple(f for f in Claim.model_fields if f not in ("line", "places"))
CLAIM_READ_COLUMNS = tuple("group_id" if f == "group" else f for f in CLAIM_READ_FIELDS)


def _shared(cache: dict[Any, tuple], kind: str, raw: Any, build: Any) -> tuple:
    """Return the tuple built from a JSON column's text, built once per distinct text.

    Models are frozen, so claims with the same actors or figures may share them.
    """
    if not isinstance(raw, str):
        return build(raw or ())
    key = (kind, raw)
    found = cache.get(key)
    if found is None:
        found = cache[key] = build(json_value(raw))
    return found


def _quantities(items: Iterable[Mapping[str, Any]]) -> tuple[Quantity, ...]:
    return tuple(json_quantity(q) for q in items)


def claim_from_values(
    row: Sequence[Any], places: Iterable[str], cache: dict[Any, tuple] | None = None
) -> Claim:
    """Build a Claim from a row whose first values are :data:`CLAIM_READ_COLUMNS` (bulk reads).

    ``cache`` (one per read) lets claims share equal actors and quantities.
    """
    cache = {} if cache is None else cache
    values = dict(zip(CLAIM_READ_FIELDS, row, strict=False))
    values["places"] = tuple(places)
    values["actors"] = _shared(cache, "actors", values["actors"], tuple)
    values["quantities"] = _shared(cache, "quantities", values["quantities"], _quantities)
    return _construct(Claim, values)


def story_row(story: Story) -> dict[str, Any]:
    """Return the column values of a story: its steps as a JSON list (dates as ISO text)."""
    return {
        "id": story.id,
        "title": story.title,
        "steps": [step.model_dump(mode="json", exclude_defaults=True) for step in story.steps],
    }


def row_story(row: Mapping[str, Any]) -> Story:
    """Build a Story from its row (validated: a story is a handful of small records)."""
    return Story.model_validate(
        {"id": row["id"], "title": row["title"], "steps": json_value(row["steps"])}
    )


def record_dict(model: BaseModel) -> dict[str, Any]:
    """Return the record as JSON-ready values, to compare a file's record with the store's."""
    return model.model_dump(mode="json", exclude={"line"})
