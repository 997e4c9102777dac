"""Records and table rows: models to column values, and rows back to models.

Rows were validated when they were written (``geo.store.importer`` and
``geo.store.edits`` validate every record first), so reading builds models
with ``model_construct`` (no validation, several times faster); ``check`` on a
store validates everything again (``geo.store.check``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from geo.models import DEFAULT_REVIEW_STATUS, Claim, Group, Place, Quantity, Source

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


def _construct(model: type[BaseModel], values: dict[str, Any]) -> Any:
    """Build a model from trusted values (every field given) without validating."""
    return model.model_construct(**values)


def row_place(row: Mapping[str, Any]) -> Place:
    """Build a Place from its row."""
    values = {name: row[name] for name in _PLACE_FIELDS}
    values["aliases"] = tuple(values["aliases"])
    return _construct(Place, values)


def row_source(row: Mapping[str, Any]) -> Source:
    """Build a Source from its row."""
    values = {name: row[name] for name in _SOURCE_FIELDS}
    values["cites"] = tuple(values["cites"])
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
    values["actors"] = tuple(values["actors"])
    values["quantities"] = tuple(json_quantity(q) for q in values["quantities"])
    return _construct(Claim, values)


def record_dict(model: BaseModel) -> dict[str, Any]:
    """Return the record as JSON-ready values, to compare a file's record with the store's."""
    return model.model_dump(mode="json", exclude={"line"})
