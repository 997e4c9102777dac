"""No extractor raises on any Unicode string, and every offset slices to its text."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.ingest.drafts import propose_drafts

# Words the extractors react to, mixed into arbitrary text so that they are exercised.
PIECES = st.sampled_from(
    [
        "Iran", "Basra", "Shalamche", "الشلامجة", "Jan. 11", "between January 6 and 8",
        "last Monday", "on Wednesday", "more than 60 buses", "$600 a month", "between four and",
        "Kataib Hezbollah", "told The Media Line", "he said", "according to", "Al-", "’s", "\n",
        ". ", "2,000", "mid-", "Mehran border", "twenty-", "ـ", "\u200c", "é", "İ",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=5))).map("".join))


def check_offsets(text: str, result: dict) -> None:
    for key in ("places", "dates", "quantities", "actors", "attribution"):
        for item in result[key]:
            assert 0 <= item["start"] <= item["end"] <= len(text)
            assert text[item["start"] : item["end"]] == item["text"]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=TEXTS, published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2035, 1, 1)))
)
def test_extract_never_raises_and_offsets_slice(extractor, text: str, published) -> None:
    result = extractor.extract(text, published)
    check_offsets(text, result)
    for draft in propose_drafts(text, result, "doc-x", extractor.gazetteer):
        assert text[draft["quote_start"] : draft["quote_end"]] == draft["quote"]
