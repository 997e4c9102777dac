"""The edit panel's logic on a real SQLite store: choices, changes, saves, conflicts, history."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from claimmap.cli import main as cli
from claimmap.dashboard import editing
from geo import paths
from geo.archive import ArchiveInfo
from geo.store.errors import NotFound
from geo.store.session import StoreSession

HOSTILE = "<img src=x onerror=alert(1)> [link](javascript:alert(1)) \u202eevil\u202c **b**"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('editing') / 'store.sqlite'}"
    assert cli(["--db", url, "db", "init"]) == 0
    assert cli(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    return url


@pytest.fixture
def session(store_url: str):
    with StoreSession.open(store_url, who="tester") as opened:
        yield opened


def a_claim_id(session: StoreSession, status: str = "draft") -> str:
    """A claim at ``status`` that no other test of this module has used."""
    used = a_claim_id.__dict__.setdefault("used", set())
    dataset = session.dataset()
    for claim in dataset.claims:
        if claim.id not in used and dataset.review_status_of(claim) == status:
            used.add(claim.id)
            return claim.id
    raise AssertionError(f"no {status} claim left")


def test_review_choices_follow_the_workflow_and_the_role() -> None:
    assert editing.review_choices("draft", True) == ["needs_review"]
    assert editing.review_choices("needs_review", True) == ["accepted", "rejected", "draft"]
    assert editing.review_choices("needs_review", False) == ["draft"]
    assert editing.review_choices("accepted", True) == ["needs_review"]
    assert editing.review_choices("accepted", False) == []
    assert editing.note_required("needs_review", "accepted")
    assert editing.note_required("rejected", "needs_review")
    assert not editing.note_required("draft", "needs_review")


def test_read_record(session: StoreSession) -> None:
    claim_id = a_claim_id(session)
    record = editing.read_record(session.engine, claim_id)
    claim = session.dataset().claim(claim_id)
    assert record.claim.statement == claim.statement
    assert record.version == 1 and record.review_status == "draft"
    assert record.group_id == claim.group
    assert record.grade == session.dataset().groups[claim.group].grade
    assert record.grading_note_shown in ("", record.grading_note)
    assert "not assessed" not in record.grading_note_shown
    with pytest.raises(NotFound):
        editing.read_record(session.engine, "no-such-claim")


def test_claim_changes_keep_only_what_differs(session: StoreSession) -> None:
    record = editing.read_record(session.engine, a_claim_id(session))
    typed = {name: record.field_value(name) for name in editing.EDITABLE_FIELDS}
    assert editing.claim_changes(record, typed) == {}
    typed["statement"] = "  A new statement, as reported.  "
    typed["date_note"] = "   "
    changes = editing.claim_changes(record, typed)
    assert changes["statement"] == "A new statement, as reported."
    assert ("date_note" in changes) == (record.claim.date_note is not None)
    assert changes.get("date_note") is None


def test_review_then_accept_needs_a_note(session: StoreSession) -> None:
    record = editing.read_record(session.engine, a_claim_id(session))
    assert editing.save_review(session, record, None, "").ok is False
    done = editing.save_review(session, record, "needs_review", "")
    assert done.ok, done.message
    record = editing.read_record(session.engine, record.claim.id)
    refused = editing.save_review(session, record, "accepted", "  ")
    assert not refused.ok and not refused.stale and "note" in refused.message
    accepted = editing.save_review(session, record, "accepted", "two independent sources")
    assert accepted.ok, accepted.message
    after = editing.read_record(session.engine, record.claim.id)
    assert after.review_status == "accepted" and after.version == record.version + 1


def test_a_stale_review_is_refused_and_nothing_changes(session: StoreSession) -> None:
    seen = editing.read_record(session.engine, a_claim_id(session))
    assert editing.save_review(session, seen, "needs_review", "").ok
    stale = editing.save_review(session, seen, "needs_review", "")
    assert stale.stale and not stale.ok
    assert f"not {seen.version}" in stale.message
    assert editing.read_record(session.engine, seen.claim.id).version == seen.version + 1


def test_grade_needs_a_note_and_checks_the_group_version(session: StoreSession) -> None:
    seen = editing.read_record(session.engine, a_claim_id(session))
    refused = editing.save_grade(session, seen, "B", 2, "")
    assert not refused.ok and "note" in refused.message
    done = editing.save_grade(session, seen, "B", 2, "Two outlets with their own reporters.")
    assert done.ok, done.message
    after = editing.read_record(session.engine, seen.claim.id)
    assert after.grade == "B2" and after.group_version == seen.group_version + 1
    stale = editing.save_grade(session, seen, "C", 3, "based on an old view")
    assert stale.stale
    assert editing.read_record(session.engine, seen.claim.id).grade == "B2"


def test_edit_fields_keeps_hostile_text_verbatim(session: StoreSession) -> None:
    seen = editing.read_record(session.engine, a_claim_id(session))
    typed = {name: seen.field_value(name) for name in editing.EDITABLE_FIELDS}
    assert not editing.save_claim(session, seen, typed, "").ok  # nothing changed
    typed.update(statement=HOSTILE, claimant=HOSTILE, status="denied")
    done = editing.save_claim(session, seen, typed, HOSTILE)
    assert done.ok, done.message
    after = editing.read_record(session.engine, seen.claim.id)
    assert after.claim.statement == HOSTILE.strip() and after.claim.status == "denied"
    rows = editing.history_rows(session, after)
    assert rows[0]["who"] == "tester"
    assert {row["field"] for row in rows} >= {"statement", "claimant", "status"}
    assert any(row["after"] == HOSTILE.strip() and row["note"] == HOSTILE for row in rows)
    assert list(rows[0]) == list(editing.HISTORY_COLUMNS)


def test_an_invalid_edit_gives_the_stores_reasons(session: StoreSession) -> None:
    seen = editing.read_record(session.engine, a_claim_id(session))
    typed = {"statement": "", "quote": " ".join(["word"] * 70)}
    refused = editing.save_claim(session, seen, typed, "")
    assert not refused.ok and not refused.stale
    assert seen.claim.id in refused.message
    assert editing.read_record(session.engine, seen.claim.id).version == seen.version


def test_history_holds_the_group_too(session: StoreSession) -> None:
    seen = editing.read_record(session.engine, a_claim_id(session))
    assert editing.save_grade(session, seen, "A", 1, "confirmed by the ministry").ok
    assert editing.save_review(session, seen, "needs_review", "").ok
    rows = editing.history_rows(session, seen)
    assert [row["entity"] for row in rows[:2]] == ["claim", "group"]
    assert rows[1]["after"] in ("A", "1", "confirmed by the ministry")


def test_document_line() -> None:
    assert editing.document_line(None) is None
    archived = ArchiveInfo("ab" * 32, 1234, dt.datetime(2026, 1, 9, 10, 30), "ana")
    line = editing.document_line(archived)
    assert "ab" * 32 in line and "1,234 bytes" in line and "2026-01-09 10:30" in line
    assert "by ana" in line
    assert "seed file" in editing.document_line(ArchiveInfo("cd" * 32, 10))


def test_unexpected_errors_are_not_swallowed() -> None:
    broken = SimpleNamespace(review=lambda *a, **k: 1 / 0)
    record = SimpleNamespace(claim=SimpleNamespace(id="x"), version=1)
    with pytest.raises(ZeroDivisionError):
        editing.save_review(broken, record, "needs_review", "")
