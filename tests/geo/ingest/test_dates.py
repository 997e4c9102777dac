from __future__ import annotations

import datetime as dt

import pytest

from geo.ingest.dates import find_dates

PUBLISHED = dt.date(2026, 1, 14)


def resolved(text: str, published: dt.date | None = PUBLISHED) -> list[tuple]:
    return [
        (
            d.text,
            d.event_start and d.event_start.isoformat(),
            d.event_end and d.event_end.isoformat(),
            d.precision,
        )
        for d in find_dates(text, published, today=dt.date(2026, 11, 1))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "visit between January 6 and 8, 2026.",
            ("between January 6 and 8, 2026", "2026-01-06", "2026-01-08", "range"),
        ),
        (
            "from January 4 to January 8",
            ("from January 4 to January 8", "2026-01-04", "2026-01-08", "range"),
        ),
        (
            "recorded on January 7 and 8",
            ("on January 7 and 8", "2026-01-07", "2026-01-08", "range"),
        ),
        ("increased since January 6", ("since January 6", "2026-01-06", None, "range")),
        (
            "crossed by Sunday evening, Jan. 11.",
            ("by Sunday evening, Jan. 11", None, "2026-01-11", "range"),
        ),
        ("continued until January 8", ("until January 8", None, "2026-01-08", "range")),
        (
            "began in early January 2026",
            ("in early January 2026", "2026-01-01", "2026-01-10", "range"),
        ),
        ("since mid-December", ("since mid-December", "2025-12-11", None, "range")),
        (
            "erupted in the last week of December",
            ("in the last week of December", "2025-12-25", "2025-12-31", "week"),
        ),
        ("Since late 2025, protests", ("Since late 2025", "2025-10-01", None, "range")),
        ("Unlike in June 2025, when", ("in June 2025", "2025-06-01", "2025-06-30", "month")),
        (
            "On Monday, Jan. 5, 2026, a friend",
            ("On Monday, Jan. 5, 2026", "2026-01-05", "2026-01-05", "day"),
        ),
        ("on 6 January 2026", ("on 6 January 2026", "2026-01-06", "2026-01-06", "day")),
        ("reached 13 last Monday", ("last Monday", "2026-01-12", "2026-01-12", "day")),
        ("earlier this week", ("earlier this week", "2026-01-12", "2026-01-13", "week")),
    ],
)
def test_phrases(text: str, expected: tuple) -> None:
    assert resolved(text)[0] == expected


def test_weekday_follows_the_narrative() -> None:
    text = "He left on Tuesday, Jan. 6. We lost contact with him on Wednesday after the outage."
    assert resolved(text, None)[1] == ("on Wednesday", "2026-01-07", "2026-01-07", "day")


def test_weekdays_against_publication_then_chained() -> None:
    text = "nearly 600 on Monday, crossing 2,200 by Tuesday, and 2,600 by Wednesday."
    assert [(s, e) for _t, s, e, _p in resolved(text)] == [
        ("2026-01-12", "2026-01-12"), (None, "2026-01-13"), (None, "2026-01-14"),
    ]  # fmt: skip


def test_not_dates() -> None:
    assert resolved("offered him $600 a month; they may go; May God help; 2000 fighters") == []


def test_impossible_date_is_skipped() -> None:
    assert resolved("on February 30, 2026") == []


def test_anchor_says_what_was_used() -> None:
    (mention,) = find_dates("on January 4", None, today=dt.date(2026, 11, 1))
    assert mention.anchor == "today 2026-11-01 (no publication date)"
    (mention,) = find_dates("on January 4", PUBLISHED)
    assert mention.anchor == "published 2026-01-14"


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("For more than a week, militias", "2026-01-06"),
        ("detained within two weeks", "2025-12-31"),
        ("over the past three days", "2026-01-11"),
    ],
)
def test_durations_run_up_to_publication(text: str, start: str) -> None:
    assert resolved(text)[0][1:] == (start, "2026-01-14", "range")


def test_a_duration_without_past_or_qualifier_is_not_dated() -> None:
    assert resolved("they stayed for two months") == []


def test_connector_words_are_whole_words() -> None:
    """The "on" ending "London" is not the connector of "yesterday"."""
    assert resolved("the hospital in London yesterday said")[0][0] == "yesterday"
