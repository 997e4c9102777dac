from __future__ import annotations

import datetime as dt

from geo.ingest.drafts import propose_drafts
from geo.models import Quantity

from .conftest import seed_text


def drafts_of(extractor, text: str, published=None) -> list[dict]:
    extraction = extractor.extract(text, published)
    return propose_drafts(text, extraction, "doc-test", extractor.gazetteer)


def test_one_draft_per_sentence_with_place_date_or_figure(extractor) -> None:
    text = (
        "Ali D. told The Media Line that more than 60 buses had crossed the Shalamcheh "
        "border crossing into Iran by Sunday evening, Jan. 11. Nothing else happened here at all."
    )
    (draft,) = [d for d in drafts_of(extractor, text) if d["quantities"]]
    assert draft["id"] == "doc-test-draft-001" and draft["review_status"] == "draft"
    assert draft["type"] == "crossing"
    assert draft["places"][:2] == ["shalamcheh-post-iq", "shalamcheh-crossing"]
    inferred = [n for n in draft["place_notes"] if n["inferred"]]
    assert [n["id"] for n in inferred] == ["shalamcheh-post-iq"]
    assert draft["event_end"] == "2026-01-11" and draft["event_start"] is None
    assert draft["claimant"] == "Ali D." and draft["outlet"] == "The Media Line"
    assert draft["statement"].startswith("Ali D. reportedly said that")
    assert draft["quote"] == text[draft["quote_start"] : draft["quote_end"]]
    assert set(draft["confidence"]) >= {"type", "places", "dates", "quantities", "claimant"}
    quantity = {k: v for k, v in draft["quantities"][0].items() if k != "note"}
    assert Quantity(**quantity).qualifier == "more_than"


def test_flights_from_a_city_infer_its_airport(extractor) -> None:
    text = "At least 15 flights from Najaf to Tehran were recorded on January 7 and 8."
    (draft,) = drafts_of(extractor, text, dt.date(2026, 1, 13))
    assert draft["type"] == "flight_surge" and draft["mode"] == "air"
    assert draft["places"] == ["najaf-airport", "tehran"]
    assert draft["place_notes"][0]["inferred"] is True
    assert (draft["event_start"], draft["event_end"]) == ("2026-01-07", "2026-01-08")


def test_quotes_are_verbatim_and_short_on_the_seeds(extractor, seeds) -> None:
    for number in range(5):
        text = seed_text(seeds, number)
        drafts = drafts_of(extractor, text, dt.date(2026, 1, 14))
        assert drafts
        for draft in drafts:
            assert draft["quote"] == text[draft["quote_start"] : draft["quote_end"]]
            assert len(draft["quote"].split()) <= 40
            for quantity in draft["quantities"]:
                Quantity(**{k: v for k, v in quantity.items() if k != "note"})
