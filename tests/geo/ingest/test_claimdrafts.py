"""Proposed drafts made into claims the store accepts: repairs noted, the rest left out."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings

from geo.ingest.claimdrafts import (
    UNATTRIBUTED,
    DocumentContext,
    DraftLeftOut,
    claim_draft,
)
from geo.ingest.document import BadDocument, read_document
from geo.ingest.drafts import propose_drafts
from tests.geo.ingest.test_properties import TEXTS

TEXT = "More than 60 buses crossed the Shalamcheh border crossing since January 6."


def context(text: str = TEXT, **kwargs) -> DocumentContext:
    values = {
        "source_id": "doc-x",
        "origin": "doc-x",
        "text": text,
        "place_ids": {"shalamcheh-crossing", "shalamcheh-post-iq", "iran"},
        **kwargs,
    }
    return DocumentContext(**values)


def draft(**fields) -> dict:
    base = {
        "id": "doc-x-draft-001",
        "type": "crossing",
        "statement": "The document reports that more than 60 buses crossed.",
        "quote": TEXT,
        "quote_start": 0,
        "quote_end": len(TEXT),
        "claimant": "Ali K.",
        "outlet": None,
        "places": ["shalamcheh-post-iq", "shalamcheh-crossing"],
        "place_notes": [],
        "mode": "ground",
        "event_start": "2026-01-06",
        "event_end": None,
        "date_precision": "range",
        "date_note": '"since January 6" (published 2026-01-14)',
        "quantities": [
            {"what": "buses", "qualifier": "more_than", "value": 60, "unit": "buses",
             "text": "More than 60 buses"}
        ],
        "actors": [],
        "status": "reported",
        "confidence": {"dates": 0.4, "places": 0.9, "claimant": 0.7},
    }  # fmt: skip
    return {**base, **fields}


def test_an_open_end_is_closed_by_the_publication_date_and_noted() -> None:
    made = claim_draft(draft(), context(anchor=dt.date(2026, 1, 14), anchor_label="the date"))
    claim = made.claim
    assert (claim.event_start, claim.event_end) == (dt.date(2026, 1, 6), dt.date(2026, 1, 14))
    assert claim.review_status == "draft" and claim.group == made.group.id == claim.id
    assert any("closed by the date 2026-01-14" in n for n in made.proposal["notes"])
    assert made.proposal["confidence"]["dates"] <= 0.3


def test_without_a_publication_date_an_open_range_is_left_undated() -> None:
    made = claim_draft(draft(event_start=None, event_end="2026-01-11"), context())
    assert (made.claim.event_start, made.claim.event_end) == (None, None)
    assert "until 2026-01-11" in made.claim.date_note
    assert any("left undated" in n for n in made.proposal["notes"])


def test_dates_after_publication_or_implausible_are_left_empty() -> None:
    late = draft(event_start="2026-03-01", event_end="2026-03-02")
    made = claim_draft(late, context(published=dt.date(2026, 1, 14)))
    assert made.claim.event_start is None and "after the document was published" in (
        made.claim.date_note
    )
    old = claim_draft(draft(event_start="1999-01-01", event_end="1999-01-02"), context())
    assert old.claim.event_start is None


def test_places_outside_the_gazetteer_stay_candidates_only() -> None:
    spans = [
        {"kind": "place", "start": 31, "end": 41, "text": "Shalamcheh",
         "candidates": [{"id": "geonames:1", "curated": False}]}
    ]  # fmt: skip
    made = claim_draft(draft(places=["geonames:1", "shalamcheh-crossing"], spans=spans), context())
    assert made.claim.places == ("shalamcheh-crossing",) and made.claim.mode is None
    assert any("geonames:1 is not in the gazetteer" in n for n in made.proposal["notes"])
    assert made.proposal["spans"] == spans


def test_claimant_fallbacks_and_pronouns_are_noted() -> None:
    outlet = claim_draft(draft(claimant=None), context(outlet="Example News"))
    assert outlet.claim.claimant == "Example News"
    nobody = claim_draft(draft(claimant=None), context())
    assert nobody.claim.claimant == UNATTRIBUTED
    assert nobody.proposal["confidence"]["claimant"] == 0.1
    pronoun = claim_draft(draft(claimant="He"), context())
    assert any("pronoun 'He'" in n for n in pronoun.proposal["notes"])


def test_a_less_than_figure_keeps_its_words_and_a_bad_one_is_left_out() -> None:
    figures = [
        {"what": "buses", "qualifier": "up_to", "value": 60, "unit": "buses",
         "text": "less than 60 buses", "note": "'less than' kept as up_to"},
        {"what": "Bad Name", "qualifier": "exact", "value": 1, "text": "one"},
    ]  # fmt: skip
    made = claim_draft(draft(quantities=figures), context())
    assert [q.text for q in made.claim.quantities] == ["less than 60 buses"]
    notes = " ".join(made.proposal["notes"])
    assert "'less than' kept as up_to" in notes and "figure 'one' left out" in notes


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"quote": "Buses \x1b[31m crossed"}, "control character U+001B"),
        ({"statement": "Buses \u202ecrossed"}, "unclosed right-to-left override"),
        ({"quote": "Buses flew to the moon."}, "not found verbatim"),
        ({"type": "invasion"}, "type 'invasion' is not one of"),
    ],
)
def test_a_draft_that_cannot_pass_is_left_out_with_one_line(fields, reason) -> None:
    with pytest.raises(DraftLeftOut) as caught:
        claim_draft(draft(**fields), context(TEXT + " Buses \x1b[31m crossed"))
    message = str(caught.value)
    assert message.startswith("draft doc-x-draft-001: ") and reason in message
    assert "\n" not in message


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_gives_claims_or_one_line_reasons(extractor, text: str) -> None:
    result = extractor.extract(text, dt.date(2026, 1, 14))
    made = context(text, place_ids=set(extractor.gazetteer), anchor=dt.date(2026, 1, 14))
    for proposed in propose_drafts(text, result, "doc-x", extractor.gazetteer):
        try:
            claim = claim_draft(proposed, made).claim
        except DraftLeftOut as exc:
            assert "\n" not in str(exc)
            continue
        assert claim.quote == text[proposed["quote_start"] : proposed["quote_end"]]


def test_documents_are_read_or_refused_in_one_line() -> None:
    page = read_document(b"<!DOCTYPE html><p>Buses crossed at Shalamcheh today.</p>", "x")
    assert page.page is not None and "Buses crossed" in page.text
    plain = read_document(b"Buses crossed.\n", "notes")
    assert plain.page is None and plain.file_name == "notes"
    assert plain.suggested_date() is None
    for data, name, message in (
        (b"\xff", "a.txt", "a.txt:1: not UTF-8"),
        (b"a\n\x00", "b.txt", "b.txt:2: holds NUL"),
        (b"  ", "c.txt", "c.txt: no text"),
    ):
        with pytest.raises(BadDocument, match=message):
            read_document(data, name)
