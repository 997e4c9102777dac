"""geo.dates: event dates written the same way everywhere."""

from __future__ import annotations

import datetime as dt

from geo.dates import dates_text, span_text


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
