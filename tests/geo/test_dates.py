"""The date-window rule: possible ranges, certain/possible/outside, as-of, inferred dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo.dataset import load_dataset
from geo.dates import (
    date_inferred,
    date_span,
    dates_text,
    possible_range,
    published_by,
    span_text,
    window_match,
)
from geo.models import Claim, Source
from tests.paths import FIXTURES

CASES = json.loads((FIXTURES / "window_cases.json").read_text(encoding="utf-8"))


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def document(published: str | None, published_end: str | None) -> Source:
    return Source(
        id="doc",
        kind="document",
        name="Doc",
        published=day(published),
        published_end=day(published_end),
    )


def a_claim(start: str | None, end: str | None, note: str | None = None) -> Claim:
    return Claim(
        id="c",
        group="g",
        source_id="doc",
        origin="doc",
        claimant="someone",
        type="crossing",
        statement="s",
        quote="q",
        event_start=day(start),
        event_end=day(end),
        date_note=note,
    )


@pytest.mark.parametrize("case", CASES["window_match"], ids=lambda c: f"{c['range']}-{c['window']}")
def test_window_match_cases(case) -> None:
    low, high = case["range"]
    start, end = case["window"]
    assert window_match((day(low), day(high)), day(start), day(end)) == case["match"]


@pytest.mark.parametrize("case", CASES["possible_range"], ids=lambda c: str(c["event"]))
def test_possible_range_cases(case) -> None:
    claim = a_claim(*case["event"])
    source = document(*case["published"])
    assert possible_range(claim, source) == tuple(day(d) for d in case["range"])


def test_no_source_leaves_an_undated_claim_open() -> None:
    assert possible_range(a_claim(None, None), None) == (None, None)


def test_published_by() -> None:
    doc = document("2026-01-12", "2026-01-18")
    assert published_by(doc, None) and published_by(None, None)
    assert published_by(doc, day("2026-01-12")) and published_by(doc, day("2026-01-20"))
    assert not published_by(doc, day("2026-01-11"))
    assert not published_by(document(None, None), day("2026-01-20"))


@pytest.mark.parametrize(
    ("note", "inferred"),
    [
        ('"Since late 2025" taken as the last quarter of 2025.', True),
        ("Resumed on January 10: the end is set to the earliest publication date.", True),
        ('"Monday" resolved as 2026-01-12.', True),
        ("Not dated separately; the same buses as his count.", True),
        ('"Between January 6 and 8, 2026" is stated.', False),
        (None, False),
    ],
)
def test_date_inferred_follows_the_note(note, inferred) -> None:
    assert date_inferred(a_claim("2026-01-06", "2026-01-08", note)) is inferred
    assert date_inferred(a_claim(None, None, note)) is False  # undated: bounded by its document


def test_every_claim_of_the_bundled_data_has_a_place_in_time() -> None:
    dataset = load_dataset()
    ranges = [possible_range(c, dataset.sources.get(c.source_id)) for c in dataset.claims]
    assert all(high is not None for _, high in ranges)
    undated = [c for c in dataset.claims if c.event_start is None]
    assert len(undated) > 60  # two thirds of the claims: all bounded by their document
    inferred = {c.id for c in dataset.claims if date_inferred(c)}
    assert "noon-protests-onset" in inferred and "noon-qaani-visit" not in inferred


def test_dates_text_keeps_the_reported_precision():
    assert dates_text(None, None, None) == "no event date reported"
    assert dates_text("2026-01-06", "2026-01-06", "day") == "2026-01-06"
    assert dates_text(dt.date(2026, 1, 6), dt.date(2026, 1, 8), "range") == (
        "2026-01-06 to 2026-01-08 (range)"
    )
    assert dates_text("2026-01-01", None, "month") == "2026-01-01 (month)"


def test_span_text() -> None:
    assert span_text(dt.date(2026, 1, 7)) == "2026-01-07"
    assert span_text("2026-01-06", "2026-01-08") == "2026-01-06 to 2026-01-08"
    assert span_text(dt.date(2026, 1, 6), dt.date(2026, 1, 6)) == "2026-01-06"


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_date_span_folds_a_far_early_start_and_keeps_the_rest():
    ranges = [(_day("2025-10-01"), _day("2026-01-10"))]
    ranges += [(_day(f"2026-01-{d:02d}"), _day(f"2026-01-{d:02d}")) for d in range(2, 20)]
    span = date_span(ranges)
    assert (span.low, span.high) == (_day("2026-01-02"), _day("2026-01-19"))
    assert (span.first, span.last, span.before, span.after) == (
        _day("2025-10-01"),
        _day("2026-01-19"),
        1,
        0,
    )
    assert span.folded_text() == "1 claim starts earlier (from 1 Oct 2025)"


def test_date_span_folds_nothing_without_a_gap_or_with_few_claims():
    ranges = [(_day("2026-01-01"), _day("2026-01-03")), (_day("2026-01-20"), _day("2026-01-21"))]
    span = date_span(ranges)  # 10% of two claims folds none
    assert (span.low, span.high, span.before, span.after) == (
        _day("2026-01-01"),
        _day("2026-01-21"),
        0,
        0,
    )
    assert span.folded_text() is None
    assert date_span([]) is None
