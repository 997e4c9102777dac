"""Rows to models: the fast constructor builds what pydantic's model_construct builds."""

from __future__ import annotations

import json

import pytest

from geo.models import Quantity
from geo.store.rows import (
    _construct,
    claim_row,
    group_row,
    json_value,
    place_row,
    row_claim,
    row_group,
    row_place,
    row_source,
    source_row,
)
from tests.dataset_factory import CLAIMS, GROUPS, PLACES, SOURCES


@pytest.mark.parametrize(
    "record", [PLACES[0], SOURCES[2], GROUPS[1], CLAIMS[1], CLAIMS[1].quantities[0]], ids=repr
)
def test_fast_construct_equals_model_construct(record) -> None:
    model = type(record)
    values = {name: getattr(record, name) for name in model.model_fields if name != "line"}
    fast, slow = _construct(model, dict(values)), model.model_construct(**values)
    assert fast == slow == record.model_copy(update={"line": None})
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert hash(repr(fast)) == hash(repr(slow))


def _stored(row: dict) -> dict:
    """A row as the store returns it: JSON columns as text."""
    return {k: json.dumps(v) if isinstance(v, list) else v for k, v in row.items()}


def test_rows_and_models_round_trip() -> None:
    for place in PLACES:
        assert row_place(_stored(place_row(place))) == place.model_copy(update={"line": None})
    for source in SOURCES:
        assert row_source(_stored(source_row(source))) == source
    for group in GROUPS:
        assert row_group(group_row(group)) == group
    for claim in CLAIMS:
        back = row_claim(_stored(claim_row(claim)), claim.places)
        assert back == claim.model_copy(update={"review_status": "draft"})
        assert all(isinstance(q, Quantity) for q in back.quantities)


def test_json_value_reads_text_and_decoded_values() -> None:
    assert json_value("[]") == [] and json_value('["a"]') == ["a"] and json_value(["b"]) == ["b"]
