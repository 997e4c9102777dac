"""Faults on a real server: restarts, a server away, failed imports, bad URLs and passwords."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from geo.store.errors import StoreUnavailable
from geo.store.session import PendingEdit, StoreSession
from tests.geo.store.pg.conftest import LOGINS, Server
from tests.paths import ROOT
from tests.store_factory import VALID, rows


def claimmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=os.environ.copy(),
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    return result.stderr


def snapshot(server: Server) -> list[list[tuple]]:
    tables = ("claims", "groups", "sources", "places", "claim_places", "archives", "audit")
    return [rows(server.admin, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables]


# ------------------------------------------------------------------ restarts


def test_a_session_goes_on_after_a_server_restart(server: Server) -> None:
    session = StoreSession.login(server.bare(), "rev", LOGINS["rev"][1])
    try:
        assert session.review("tml-buses", "needs_review").version == 2
        server.cluster.restart()
        state = session.review("tml-buses", "accepted", note="after the restart")
        assert (state.review_status, state.version) == ("accepted", 3)
        assert session.pending == []
    finally:
        session.close()


def _wait_for_lock_wait(server: Server, user: str) -> None:
    for _ in range(200):
        waiting = rows(
            server.admin,
            "SELECT count(*) FROM pg_stat_activity WHERE usename = :user "
            "AND wait_event_type = 'Lock'",
            user=user,
        )
        if waiting == [(1,)]:
            return
        time.sleep(0.05)
    raise AssertionError(f"{user} never waited for the lock")


def test_an_edit_cut_by_a_restart_is_applied_once_when_the_server_is_back(server: Server) -> None:
    session = StoreSession.login(server.bare(), "ana", LOGINS["ana"][1])
    holder = psycopg.connect(server.dsn())  # keeps the row locked, so the edit is in flight
    holder.execute("SELECT 1 FROM claims WHERE id = 'tml-buses' FOR UPDATE")
    outcome: list = []
    worker = threading.Thread(
        target=lambda: outcome.append(session.review("tml-buses", "needs_review"))
    )
    try:
        worker.start()
        _wait_for_lock_wait(server, "ana")
        server.cluster.restart()  # cuts both sessions: the edit's transaction is rolled back
        worker.join(timeout=60)
    finally:
        holder.close()
        session.close()
    assert [(s.review_status, s.version) for s in outcome] == [("needs_review", 2)]
    assert rows(
        server.admin,
        "SELECT who, after FROM audit WHERE entity_id = 'tml-buses' AND field = 'review_status'",
    ) == [("ana", "needs_review")]


def test_with_the_server_away_edits_wait_in_pending_and_none_is_lost(server: Server) -> None:
    session = StoreSession.login(server.bare(), "rev", LOGINS["rev"][1])
    session.delays = (0.1,)
    try:
        server.cluster.pause()
        try:
            with pytest.raises(StoreUnavailable, match="is unavailable"):
                session.review("tml-buses", "needs_review")
            with pytest.raises(StoreUnavailable):
                session.grade("qaani-visit", "B", 2, note="named witness")
            result = claimmap("--db", server.url("rev"), "claims")
            assert result.returncode == 1
            line = one_line(result)
            assert "is unavailable" in line and "try again" in line
            assert LOGINS["rev"][1] not in line
        finally:
            server.cluster.resume()
        assert [p.summary() for p in session.pending] == ["review tml-buses", "grade qaani-visit"]
        done = session.retry_pending()
        assert [type(d).__name__ for d in done] == ["ClaimState", "GroupState"]
        assert session.pending == []
    finally:
        session.close()
    assert rows(server.admin, "SELECT review_status FROM claims WHERE id = 'tml-buses'") == [
        ("needs_review",)
    ]
    assert rows(server.admin, "SELECT reliability, credibility FROM groups WHERE id = "
                "'qaani-visit'") == [("B", 2)]  # fmt: skip


def test_an_edit_that_landed_before_its_answer_was_lost_is_not_applied_twice(
    server: Server,
) -> None:
    session = StoreSession.login(server.bare(), "ana", LOGINS["ana"][1])
    try:
        edit = PendingEdit("review", ("tml-buses", "needs_review"), {"expect_version": 1}, "")
        session._run(edit)  # committed; pretend the answer never came back
        state = session._attempts(edit, retried=True)
        assert (state.review_status, state.version) == ("needs_review", 2)
    finally:
        session.close()
    assert rows(server.admin, "SELECT count(*) FROM audit WHERE field = 'review_status'") == [(1,)]


# ------------------------------------------------------------------ imports


def test_a_refused_import_rolls_back_completely(server: Server, tmp_path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    places = data / "gazetteer.csv"  # changes that an analyst may make come first...
    places.write_text(places.read_text().replace("Baghdad,city", "Baghdad city,city"))
    claims = data / "claims.yaml"  # ...then a claim accepted, which only a reviewer may
    text = claims.read_text()
    claims.write_text(text.replace("  status: unverified\n", "  status: unverified\n"
                                   "  review_status: accepted\n", 1))  # fmt: skip
    before = snapshot(server)
    result = claimmap("--db", server.url("ana"), "db", "import", str(data))
    assert result.returncode == 4
    assert "only a reviewer may set a claim to accepted" in one_line(result)
    assert snapshot(server) == before


def test_an_import_cut_by_the_server_rolls_back(server: Server, tmp_path) -> None:
    from geo.check import check_data_dir
    from geo.store.engine import connect
    from geo.store.importer import import_dataset

    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    (data / "gazetteer.csv").write_text(
        (data / "gazetteer.csv").read_text().replace("Baghdad,city", "Baghdad city,city")
    )
    dataset = check_data_dir(data, quotes=False).dataset
    before = snapshot(server)
    holder = psycopg.connect(server.dsn())
    holder.execute("SELECT 1 FROM places WHERE id = 'baghdad' FOR UPDATE")
    failure: list = []
    engine = connect(server.url("ana"))

    def importing() -> None:
        try:
            import_dataset(engine, dataset, who="ana")
        except Exception as exc:
            failure.append(exc)

    worker = threading.Thread(target=importing)
    try:
        worker.start()
        _wait_for_lock_wait(server, "ana")
        with psycopg.connect(server.dsn(), autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ana'"
            )
        worker.join(timeout=60)
    finally:
        holder.close()
        engine.dispose()
    assert [type(f).__name__ for f in failure] == ["StoreUnavailable"]
    assert snapshot(server) == before


# ------------------------------------------------------------------ URLs and passwords


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("postgresql+psycopg://ana:{pw}@127.0.0.1:{port}/nodb", 2, "has no database 'nodb'"),
        ("postgresql+psycopg://ana:{pw}@nohost.invalid/db", 2, "unknown host"),
        ("postgresql+psycopg://ana:{pw}@127.0.0.1:1/db", 1, "is unavailable"),
        ("postgresql+nodriver://ana:{pw}@127.0.0.1/db", 2, "database driver missing"),
        ("postgresql+psycopg://ana:{pw}@127.0.0.1:{port}:9/db", 2, "not a database URL"),
        (
            "postgresql+psycopg://ana:Wrong-{pw}@127.0.0.1:{port}/{db}",
            4,
            "wrong user name or password",
        ),
        (
            "postgresql+psycopg://nobody:{pw}@127.0.0.1:{port}/{db}",
            4,
            "wrong user name or password",
        ),
    ],
)
def test_bad_urls_and_passwords_get_one_clear_line(server: Server, url, status, message) -> None:
    secret = LOGINS["ana"][1]
    db = url.format(pw=secret, port=server.cluster.port, db=server.database)
    result = claimmap("--db", db, "claims")
    assert result.returncode == status, result.stderr
    line = one_line(result)
    assert message in line
    assert secret not in line
