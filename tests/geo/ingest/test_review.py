"""The review library: a document's drafts with spans and candidates; accept, edit, reject.

Real SQLite stores filled from the fixture data; the article is written here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.ingest import review
from geo.ingest.document import read_document
from geo.ingest.ingest import Confirmed, Ingester
from geo.store.check import check_store
from geo.store.edits import history
from geo.store.engine import connect
from geo.store.errors import InvalidEdit, NotFound, StaleVersion
from tests.store_factory import filled_store, rows

ARTICLE = (
    "Buses at the Shalamcheh crossing\n\n"
    "More than 60 buses crossed the Shalamcheh border crossing into Iran between January 6 "
    "and 8, an Iraqi border official told Iran International.\n"
    "Ali K., a driver from Baghdad, said he carried about 50 young men on Tuesday, Jan. 6.\n"
    "The report could not be independently verified by Iran International.\n"
)


@pytest.fixture(scope="module")
def extractor(tmp_path_factory):
    """One extractor over the fixture gazetteer, shared by the module's stores."""
    url = filled_store(tmp_path_factory.mktemp("extractor") / "s.sqlite")
    engine = connect(url)
    try:
        return Ingester(engine, who="t").extractor
    finally:
        engine.dispose()


@pytest.fixture
def engine(tmp_path: Path):
    engine = connect(filled_store(tmp_path / "store.sqlite"))
    yield engine
    engine.dispose()


@pytest.fixture
def ingested(engine, extractor):
    ingester = Ingester(engine, who="ingester", extractor=extractor)
    document = read_document(ARTICLE.encode("utf-8"), "buses.txt")
    confirmed = Confirmed(published=dt.date(2026, 1, 9), outlet="Iran International")
    return ingester.ingest(document, confirmed)


def snapshot(engine) -> list[list[tuple]]:
    url = engine.url.render_as_string(hide_password=False)
    return [
        rows(url, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("sources", "groups", "claims", "claim_places", "audit")
    ]


def crossing_draft(engine, source_id: str) -> review.DraftView:
    drafts = review.document_drafts(engine, source_id).drafts
    return next(d for d in drafts if d.claim["quote"].startswith("More than 60 buses"))


def test_drafts_come_with_offsets_spans_and_candidates(engine, ingested) -> None:
    document = review.document_drafts(engine, ingested.source_id)
    assert document.text == ARTICLE
    assert [d.id for d in document.drafts] == list(ingested.drafts)
    for draft in document.drafts:
        assert draft.review_status == "draft" and draft.version == 1
        assert ARTICLE[draft.quote_start : draft.quote_end] == draft.claim["quote"]
        for span in draft.spans:
            assert ARTICLE[span["start"] : span["end"]] == span["text"]
        assert set(draft.confidence) >= {"type", "places", "dates", "claimant", "quantities"}
    for span in document.spans():
        assert ARTICLE[span["start"] : span["end"]] == span["text"]
    crossing = crossing_draft(engine, ingested.source_id)
    assert crossing.claim["places"] == ["shalamcheh-post-iq", "shalamcheh-crossing"]
    mention = next(m for m in crossing.candidates if m["text"] == "Shalamcheh border crossing")
    assert mention["text"] == "Shalamcheh border crossing"
    best = mention["candidates"][0]
    assert (best["id"], best["kind"], mention["chosen"]) == (
        "shalamcheh-crossing",
        "border_crossing",
        "shalamcheh-crossing",
    )
    assert isinstance(best["lat"], float) and isinstance(best["lon"], float)
    assert [(n["id"], n["inferred"]) for n in crossing.place_notes] == [
        ("shalamcheh-crossing", False),
        ("shalamcheh-post-iq", True),
    ]
    assert [(p["id"], p["inferred"]) for p in crossing.places] == [
        ("shalamcheh-post-iq", True),
        ("shalamcheh-crossing", False),
    ]
    assert crossing.places[0]["why"] == "the other side of Shalamcheh border crossing"
    assert isinstance(crossing.places[1]["lat"], float)
    kinds = {s["kind"] for s in crossing.spans}
    assert {"place", "date", "quantity"} <= kinds
    assert crossing.proposed["type"] == crossing.claim["type"]
    (queued,) = [q for q in review.review_queue(engine) if q["source_id"] == ingested.source_id]
    assert queued["claims"] == {"draft": len(ingested.drafts)}
    assert queued["outlet"] == "Iran International"


def test_analyst_accepts_to_needs_review_and_reviewer_to_accepted(engine, ingested) -> None:
    draft = crossing_draft(engine, ingested.source_id)
    state = review.accept_draft(engine, draft.id, who="ana", role="analyst")
    assert (state.review_status, state.version) == ("needs_review", 2)
    state = review.accept_draft(engine, draft.id, who="rev", role="reviewer", note="two sources")
    assert (state.review_status, state.version) == ("accepted", 3)
    entries = [
        (e.who, e.action, e.before, e.after, e.note) for e in history(engine, "claim", draft.id)
    ]
    assert entries[:2] == [
        ("rev", "review", "needs_review", "accepted", "two sources"),
        ("ana", "review", "draft", "needs_review", "draft accepted as it stands"),
    ]
    with pytest.raises(InvalidEdit, match="already accepted"):
        review.accept_draft(engine, draft.id, who="rev", role="reviewer")


def test_reviewer_accepts_a_draft_with_edits_in_one_transaction(engine, ingested) -> None:
    draft = crossing_draft(engine, ingested.source_id)
    changes = {
        "claimant": "An Iraqi border official, speaking to Iran International",
        "event_end": "2026-01-08",
        "type": "crossing",
        "mode": "ground",
    }
    state = review.accept_draft(
        engine, draft.id, who="rev", role="reviewer", changes=changes, expect_version=1
    )
    assert state.review_status == "accepted"
    entries = history(engine, "claim", draft.id)
    assert [e.action for e in entries[:3]] == ["review", "review", "edit"]
    assert (
        entries[0].note
        == entries[1].note
        == "draft accepted with edits to claimant, event_end, mode, type"
    )
    edited = {e.field: (e.before, e.after) for e in entries if e.action == "edit"}
    assert edited == {"claimant": (draft.claim["claimant"], changes["claimant"])}
    check_store(engine)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"places": ["atlantis", "shalamcheh-crossing"]}, "unknown place 'atlantis'"),
        ({"quote": "Buses flew to the moon."}, "quote not found verbatim"),
        ({"statement": "Buses \x07 crossed."}, "control character U+0007"),
        ({"claimant": "Ali \u202eK."}, "unclosed right-to-left override"),
        (
            {"event_start": "2026-01-08", "event_end": "2026-01-06"},
            "event_end 2026-01-06 is before event_start",
        ),
        ({"event_start": "2026-02-01", "event_end": "2026-02-02"}, "after its document"),
        ({"type": "invasion"}, "type 'invasion' is not one of"),
        ({"group": "no-such-group"}, "unknown group 'no-such-group'"),
        ({"colour": "red"}, "claim has no field 'colour'"),
        ({"id": "other"}, "field 'id' cannot be edited here"),
        (
            {"mode": "air", "places": ["shalamcheh-crossing"]},
            "mode 'air' needs at least two places",
        ),
    ],
)
def test_edits_are_validated_as_check_does_and_change_nothing(
    engine, ingested, changes, reason
) -> None:
    draft = crossing_draft(engine, ingested.source_id)
    before = snapshot(engine)
    assert any(reason in p for p in review.check_changes(engine, draft.id, changes))
    for action in (
        lambda: review.edit_draft(engine, draft.id, changes, who="ana"),
        lambda: review.accept_draft(engine, draft.id, who="rev", role="reviewer", changes=changes),
    ):
        with pytest.raises(InvalidEdit) as caught:
            action()
        assert any(reason in p for p in caught.value.problems), caught.value.problems
    assert snapshot(engine) == before


def test_check_changes_passes_a_good_edit_without_writing(engine, ingested) -> None:
    draft = crossing_draft(engine, ingested.source_id)
    before = snapshot(engine)
    assert review.check_changes(engine, draft.id, {"event_end": "2026-01-08"}) == []
    assert review.check_changes(engine, "nope", {}) == ["no claim 'nope' in the store"]
    assert snapshot(engine) == before


def test_reject_per_role_with_audit(engine, ingested) -> None:
    first, second = ingested.drafts[:2]
    state = review.reject_draft(engine, first, who="ana", note="a headline, not a claim")
    assert state.review_status == "needs_review"
    (last,) = history(engine, "claim", first, limit=1)
    assert last.note == "rejection proposed: a headline, not a claim"
    shown = {d.id: d for d in review.document_drafts(engine, ingested.source_id).drafts}
    assert shown[first].last_note == "rejection proposed: a headline, not a claim"
    state = review.reject_draft(engine, first, who="rev", role="reviewer", note="headline")
    assert state.review_status == "rejected"
    state = review.reject_draft(engine, second, who="rev", role="reviewer")
    assert state.review_status == "rejected"
    assert [e.after for e in history(engine, "claim", second)[:2]] == ["rejected", "needs_review"]
    remaining = review.document_drafts(engine, ingested.source_id).drafts
    assert first not in {d.id for d in remaining} and second not in {d.id for d in remaining}
    everything = review.document_drafts(engine, ingested.source_id, statuses=None).drafts
    assert len(everything) == len(ingested.drafts)
    with pytest.raises(InvalidEdit, match="role 'boss'"):
        review.reject_draft(engine, first, who="x", role="boss")


def test_stale_versions_and_unknown_claims_are_refused(engine, ingested) -> None:
    draft = crossing_draft(engine, ingested.source_id)
    review.edit_draft(engine, draft.id, {"status": "unverified"}, who="ana", expect_version=1)
    before = snapshot(engine)
    with pytest.raises(StaleVersion):
        review.accept_draft(engine, draft.id, who="ana", expect_version=1)
    with pytest.raises(StaleVersion):
        review.reject_draft(engine, draft.id, who="ana", expect_version=1)
    with pytest.raises(StaleVersion):
        review.edit_draft(engine, draft.id, {"status": "reported"}, who="a", expect_version=1)
    with pytest.raises(NotFound):
        review.accept_draft(engine, "no-such-claim", who="ana")
    with pytest.raises(NotFound):
        review.document_drafts(engine, "no-such-source")
    assert snapshot(engine) == before


def test_moving_a_draft_to_a_group_drops_its_own(engine, ingested) -> None:
    draft = crossing_draft(engine, ingested.source_id)
    existing = rows(engine.url.render_as_string(), "SELECT id FROM groups ORDER BY position")[0][0]
    review.edit_draft(engine, draft.id, {"group": existing}, who="ana", note="same claim")
    url = engine.url.render_as_string()
    assert rows(url, "SELECT id FROM groups WHERE id = :g", g=draft.id) == []
    (deleted,) = history(engine, "group", draft.id, limit=1)
    assert (deleted.action, deleted.who) == ("delete", "ana")
    check_store(engine)


def test_confirm_the_documents_fields(engine, ingested) -> None:
    source_id = ingested.source_id
    changed = review.confirm_document(
        engine, source_id, {"title": "Buses at the Shalamcheh crossing"}, who="ana"
    )
    assert changed == ["title"]
    entries = history(engine, "source", source_id, limit=1)
    assert (entries[0].field, entries[0].after) == ("title", "Buses at the Shalamcheh crossing")
    with pytest.raises(InvalidEdit, match="event_start 2026-01-06 is after"):
        review.confirm_document(engine, source_id, {"published": "2026-01-05"}, who="ana")
    with pytest.raises(InvalidEdit, match="cannot be changed here"):
        review.confirm_document(engine, source_id, {"kind": "outlet"}, who="ana")
    with pytest.raises(InvalidEdit, match="not an http"):
        review.confirm_document(engine, source_id, {"url": "javascript:alert(1)"}, who="ana")
    assert (
        review.confirm_document(
            engine, source_id, {"title": " Buses at the Shalamcheh crossing "}, who="a"
        )
        == []
    )


def test_upload_an_article_as_the_command_does(engine, extractor) -> None:
    ingester = Ingester(engine, who="ana", extractor=extractor)
    page = (
        b"<html><head><title>Border &lt;b&gt;news</title></head><body><article>"
        b"<p>More than 60 buses crossed the Shalamcheh border crossing on Wednesday, Jan. 7, "
        b"an official said.</p><p>The text &lt;img src=x onerror=alert(1)&gt; was written "
        b"on a bus seen in Baghdad on Thursday, Jan. 8, witnesses said.</p>"
        b"<script>alert(2)</script></article></body></html>"
    )
    done = review.upload_article(engine, page, "upload.html", who="ana", ingester=ingester)
    assert done.added and done.drafts
    document = review.document_drafts(engine, done.source_id)
    assert "alert(2)" not in document.text
    assert any("<img src=x onerror=alert(1)>" in d.claim["quote"] for d in document.drafts)
    again = review.upload_article(engine, page, "other-name.html", who="ana", ingester=ingester)
    assert (again.added, again.source_id) == (False, done.source_id)
    with pytest.raises(InvalidEdit, match="not UTF-8"):
        review.upload_article(engine, b"\xff\xfe", "x.txt", who="ana", ingester=ingester)
    with pytest.raises(InvalidEdit, match="url"):
        review.upload_article(
            engine,
            b"text",
            "x.txt",
            who="ana",
            confirmed=Confirmed(url="ftp://x"),
            ingester=ingester,
        )
    check_store(engine)


def test_the_embedded_store_user_is_a_reviewer(engine) -> None:
    assert review.store_role(engine) == "reviewer"


def test_a_form_states_what_the_analyst_confirms() -> None:
    form = {"published": " 2026-01-09 ", "outlet": " Iran International ", "url": "", "x": 1}
    assert review.confirmed_from(form) == Confirmed(dt.date(2026, 1, 9), "Iran International")
    with pytest.raises(InvalidEdit, match="not a date"):
        review.confirmed_from({"published": "9 Jan"})
