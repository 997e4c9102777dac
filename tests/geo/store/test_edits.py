"""The edit service layer: review workflow, grading, claim edits, versions and the audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.store.edits import create_claim, edit_claim, grade, history, review
from geo.store.engine import connect
from geo.store.errors import InvalidEdit, NotFound, StaleVersion
from geo.store.read import load_store_dataset
from tests.dataset_factory import claim as make_claim
from tests.store_factory import filled_store, rows


@pytest.fixture
def engine(tmp_path: Path):
    engine = connect(filled_store(tmp_path / "s.sqlite"))
    yield engine
    engine.dispose()


def test_review_moves_through_the_workflow_with_versions_and_audit(engine) -> None:
    assert review(engine, "tml-buses", "needs_review", who="ana").version == 2
    state = review(
        engine, "tml-buses", "accepted", who="rev", note="matches the article", expect_version=2
    )
    assert (state.review_status, state.version) == ("accepted", 3)
    entries = history(engine, "claim", "tml-buses")
    assert [(e.who, e.action, e.field, e.before, e.after, e.note) for e in entries[:2]] == [
        ("rev", "review", "review_status", "needs_review", "accepted", "matches the article"),
        ("ana", "review", "review_status", "draft", "needs_review", None),
    ]
    assert entries[0].at >= entries[1].at and entries[0].at.tzinfo is dt.UTC
    dataset = load_store_dataset(engine)
    assert dataset.review_status_of(dataset.claim("tml-buses")) == "accepted"
    assert dataset.version_of(dataset.claim("tml-buses")) == 3


@pytest.mark.parametrize(
    ("steps", "status", "note", "message"),
    [
        (
            [],
            "accepted",
            "ok",
            "claim tml-buses is draft: it can move to needs_review, not accepted",
        ),
        ([], "draft", None, "claim tml-buses is already draft"),
        (["needs_review"], "accepted", None, "a note is required to accept claim tml-buses"),
        (["needs_review"], "rejected", "  ", "a note is required to reject claim tml-buses"),
        ([], "approved", "x", "review status 'approved' is not one of draft, needs_review"),
    ],
)
def test_refused_reviews_change_nothing(engine, steps, status, note, message) -> None:
    for step in steps:
        review(engine, "tml-buses", step, who="a")
    before = history(engine, "claim", "tml-buses")
    with pytest.raises(InvalidEdit, match=message):
        review(engine, "tml-buses", status, who="a", note=note)
    assert history(engine, "claim", "tml-buses") == before


def test_reopening_a_decision_needs_a_note(engine) -> None:
    review(engine, "tml-buses", "needs_review", who="a")
    review(engine, "tml-buses", "rejected", who="r", note="quote not in the article")
    with pytest.raises(InvalidEdit, match="a note is required to reopen"):
        review(engine, "tml-buses", "needs_review", who="r")
    assert review(engine, "tml-buses", "needs_review", who="r", note="quote found").version == 4


def test_a_stale_version_is_refused_and_the_first_edit_stays(engine) -> None:
    review(engine, "tml-buses", "needs_review", who="first", expect_version=1)
    with pytest.raises(StaleVersion, match="at version 2, not 1") as caught:
        review(engine, "tml-buses", "accepted", who="second", note="x", expect_version=1)
    assert (caught.value.expected, caught.value.actual) == (1, 2)
    assert [e.who for e in history(engine, "claim", "tml-buses")][0] == "first"
    dataset = load_store_dataset(engine)
    assert dataset.review_status_of(dataset.claim("tml-buses")) == "needs_review"


def test_unknown_records_are_not_found(engine) -> None:
    with pytest.raises(NotFound, match="no claim 'nope' in the store"):
        review(engine, "nope", "needs_review", who="a")
    with pytest.raises(NotFound, match="no group 'nope'"):
        grade(engine, "nope", "B", 2, who="a", note="x")


def test_grade_sets_the_admiralty_grade_with_its_note(engine) -> None:
    state = grade(engine, "fighters-total", "B", 2, who="rev", note="two independent outlets")
    assert (state.grade, state.version) == ("B2", 2)
    assert [
        (e.field, e.before, e.after) for e in reversed(history(engine, "group", "fighters-total"))
    ][1:] == [
        ("reliability", "F", "B"),
        ("credibility", 6, 2),
        ("grading_note", "not assessed", "two independent outlets"),
    ]
    again = grade(engine, "fighters-total", "B", 2, who="rev", note="two independent outlets")
    assert again.version == 2  # nothing changed, nothing written
    dataset = load_store_dataset(engine)
    assert dataset.analysis.group("amargi-fighters").grade == "B2"


def test_grade_reports_every_problem(engine) -> None:
    with pytest.raises(InvalidEdit) as caught:
        grade(engine, "fighters-total", "G", 7, who="rev", note=" ")
    assert caught.value.problems == [
        "reliability 'G' is not one of A, B, C, D, E, F",
        "credibility 7 is not one of 1 to 6",
        "a note is required to grade a group (what the grade rests on)",
    ]
    with pytest.raises(StaleVersion):
        grade(engine, "fighters-total", "B", 2, who="rev", note="n", expect_version=5)


def test_edit_claim_validates_like_a_data_file(engine) -> None:
    with pytest.raises(InvalidEdit) as caught:
        edit_claim(
            engine, "tml-buses", {"event_start": dt.date(2026, 1, 12), "type": "parade"}, who="a"
        )
    assert any("type 'parade' is not one of" in p for p in caught.value.problems)
    with pytest.raises(InvalidEdit, match="unknown place 'atlantis'"):
        edit_claim(engine, "tml-buses", {"places": ["atlantis", "iran"]}, who="a")
    with pytest.raises(InvalidEdit, match="event_start 2026-01-20 is after its document"):
        edit_claim(
            engine,
            "tml-buses",
            {"event_start": dt.date(2026, 1, 20), "event_end": dt.date(2026, 1, 20)},
            who="a",
        )
    with pytest.raises(InvalidEdit, match="field 'review_status' cannot be edited here"):
        edit_claim(engine, "tml-buses", {"review_status": "accepted"}, who="a")
    assert rows(str(engine.url), "SELECT version FROM claims WHERE id = 'tml-buses'") == [(1,)]


def test_edit_claim_writes_each_changed_field_and_reopens_a_decision(engine) -> None:
    review(engine, "tml-buses", "needs_review", who="a")
    review(engine, "tml-buses", "accepted", who="r", note="ok")
    state = edit_claim(
        engine,
        "tml-buses",
        {"claimant": "<b>Ali D.</b>", "places": ["iran"], "mode": None},
        who="ed",
        note="fix",
        expect_version=3,
    )
    assert (state.review_status, state.version) == ("needs_review", 4)
    entries = history(engine, "claim", "tml-buses")[:4]
    assert {(e.action, e.field) for e in entries} == {
        ("edit", "claimant"),
        ("edit", "places"),
        ("edit", "mode"),
        ("review", "review_status"),
    }
    claim = load_store_dataset(engine).claim("tml-buses")
    assert (claim.claimant, claim.places, claim.mode) == ("<b>Ali D.</b>", ("iran",), None)
    assert edit_claim(engine, "tml-buses", {"claimant": "<b>Ali D.</b>"}, who="ed").version == 4


def test_create_claim_adds_a_draft(engine) -> None:
    new = make_claim("tml-new", group="qaani-visit", source_id="tml-article", places=("baghdad",))
    state = create_claim(engine, new, who="ingest", note="from a document")
    assert (state.review_status, state.version) == ("draft", 1)
    assert load_store_dataset(engine).claims[-1].id == "tml-new"
    with pytest.raises(InvalidEdit, match="the id is taken"):
        create_claim(engine, new, who="ingest")


def test_store_version_grows_with_every_change(engine) -> None:
    from geo.store.read import store_version

    before = store_version(engine)
    review(engine, "tml-buses", "needs_review", who="a")
    assert store_version(engine) > before
    with pytest.raises(InvalidEdit):
        review(engine, "tml-buses", "needs_review", who="a")
    assert store_version(engine) == before + 1
