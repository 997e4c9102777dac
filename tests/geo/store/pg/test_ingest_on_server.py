"""Ingest and the review of drafts on a server: each user in their role, audited by the database."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.ingest import review
from geo.ingest.document import read_document
from geo.ingest.ingest import Confirmed, Ingester
from geo.store.edits import history
from geo.store.engine import connect
from geo.store.errors import NotAllowed
from tests.geo.ingest.test_review import ARTICLE, crossing_draft
from tests.geo.store.pg.conftest import Server
from tests.store_factory import rows


@pytest.fixture
def engines(server: Server):
    made = {user: connect(server.url(user)) for user in ("ana", "rev", "rita")}
    yield made
    for engine in made.values():
        engine.dispose()


@pytest.fixture
def ingested(engines):
    ingester = Ingester(engines["ana"], who="ignored on a server")
    document = read_document(ARTICLE.encode("utf-8"), "buses.txt")
    confirmed = Confirmed(published=dt.date(2026, 1, 9), outlet="Iran International")
    return ingester.ingest(document, confirmed)


def test_an_analyst_ingests_and_the_database_records_her(server: Server, engines, ingested):
    assert ingested.added and ingested.drafts
    whos = rows(
        server.admin,
        "SELECT DISTINCT who, action FROM audit WHERE who <> 'postgres' ORDER BY 1, 2",
    )
    assert whos == [("ana", a) for a in ("archive", "detail", "insert", "propose")]
    document = review.document_drafts(engines["rita"], ingested.source_id)
    assert [d.id for d in document.drafts] == list(ingested.drafts)
    assert all(d.proposed for d in document.drafts)  # the proposals, read back by a reader
    assert review.store_role(engines["ana"]) == "analyst"
    assert review.store_role(engines["rev"]) == "reviewer"


def test_the_review_of_drafts_follows_the_roles(server: Server, engines, ingested) -> None:
    draft = crossing_draft(engines["ana"], ingested.source_id)
    state = review.accept_draft(engines["ana"], draft.id, who="x", role="analyst")
    assert state.review_status == "needs_review"
    with pytest.raises(NotAllowed, match="only a reviewer may set a claim to accepted"):
        review.accept_draft(engines["ana"], draft.id, who="x", role="reviewer", note="sure")
    state = review.accept_draft(engines["rev"], draft.id, who="x", role="reviewer", note="ok")
    assert state.review_status == "accepted"
    entries = [(e.who, e.action, e.after) for e in history(engines["rita"], "claim", draft.id)]
    assert entries[:2] == [("rev", "review", "accepted"), ("ana", "review", "needs_review")]


def test_an_analyst_moves_a_draft_and_its_own_group_goes(server: Server, engines, ingested):
    draft = crossing_draft(engines["ana"], ingested.source_id)
    review.edit_draft(engines["ana"], draft.id, {"group": "shalamcheh-buses"}, who="x")
    assert rows(server.admin, "SELECT id FROM groups WHERE id = :g", g=draft.id) == []
    (deleted,) = history(engines["rita"], "group", draft.id, limit=1)
    assert (deleted.who, deleted.action, deleted.field) == ("ana", "delete", "title")
    changed = review.confirm_document(
        engines["ana"], ingested.source_id, {"title": "Buses at Shalamcheh"}, who="x"
    )
    assert changed == ["title"]
    (edit,) = history(engines["rita"], "source", ingested.source_id, limit=1)
    assert (edit.who, edit.action, edit.field) == ("ana", "edit", "title")


def test_a_reader_cannot_ingest(engines) -> None:
    ingester = Ingester(engines["rita"], who="x")
    document = read_document(ARTICLE.encode("utf-8"), "buses.txt")
    with pytest.raises(NotAllowed):
        ingester.ingest(document, Confirmed(published=dt.date(2026, 1, 9)))
