"""Many writers at once on a real server: nothing lost, stale versions refused."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from geo.models import Claim
from geo.store.edits import create_claim, edit_claim, review
from geo.store.engine import connect, reading
from geo.store.errors import StaleVersion
from tests.geo.store.pg.conftest import Server
from tests.paths import ROOT
from tests.store_factory import fixture_dataset, rows

WRITERS = 16


def _run_all(target, args_of) -> list:
    """Run ``target(*args_of(i))`` in WRITERS threads started together; return their results."""
    barrier = threading.Barrier(WRITERS)
    results: list = [None] * WRITERS

    def work(i: int) -> None:
        barrier.wait()
        try:
            results[i] = target(*args_of(i))
        except BaseException as exc:  # reported by the test
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def add_actor(url: str, name: str) -> int:
    """Add one actor to tml-buses by read-modify-write, trying again on a stale version."""
    from geo.store import schema as t

    engine = connect(url)
    try:
        for attempt in range(1, 200):
            with reading(engine) as conn:
                row = conn.execute(t.claims.select().where(t.claims.c.id == "tml-buses")).one()
            try:
                edit_claim(
                    engine,
                    "tml-buses",
                    {"actors": (*row.actors, name)},
                    who=name,
                    expect_version=row.version,
                )
                return attempt
            except StaleVersion:
                continue
        raise AssertionError("never got through")
    finally:
        engine.dispose()


def test_sixteen_writers_on_one_claim_lose_no_change(server: Server) -> None:
    users = ("ana", "bea", "rev")
    results = _run_all(add_actor, lambda i: (server.url(users[i % 3]), f"Group {i:02d}"))
    assert all(isinstance(r, int) for r in results), results
    (actors, version) = rows(
        server.admin, "SELECT actors, version FROM claims WHERE id = 'tml-buses'"
    )[0]
    assert sorted(actors) == [f"Group {i:02d}" for i in range(WRITERS)]
    assert version == 1 + WRITERS
    audited = rows(
        server.admin,
        "SELECT count(*), count(DISTINCT after) FROM audit WHERE entity_id = 'tml-buses' "
        "AND field = 'actors'",
    )
    assert audited == [(WRITERS, WRITERS)]
    assert max(results) > 1  # they did collide, and the losers tried again


def add_claims(url: str, i: int) -> list[str]:
    """Add three claims and send each to review."""
    engine = connect(url)
    base = fixture_dataset().claim("tml-qaani").model_dump(exclude={"line"})
    made = []
    try:
        for k in range(3):
            claim = Claim.model_validate({**base, "id": f"w{i:02d}-{k}"})
            create_claim(engine, claim, who="x")
            review(engine, claim.id, "needs_review", who="x", expect_version=1)
            made.append(claim.id)
    finally:
        engine.dispose()
    return made


def test_sixteen_writers_adding_claims_lose_nothing(server: Server) -> None:
    users = ("ana", "bea", "rev")
    results = _run_all(add_claims, lambda i: (server.url(users[i % 3]), i))
    assert all(isinstance(r, list) for r in results), results
    found = rows(
        server.admin,
        "SELECT count(*), count(*) FILTER (WHERE review_status = 'needs_review' AND version = 2) "
        "FROM claims WHERE id LIKE 'w%'",
    )
    assert found == [(3 * WRITERS, 3 * WRITERS)]
    assert rows(server.admin, "SELECT count(*) FROM claim_places WHERE claim_id LIKE 'w%'") == [
        (3 * WRITERS,)
    ]
    assert rows(server.admin, "SELECT count(*) FROM audit WHERE entity_id LIKE 'w%'") == [
        (2 * 3 * WRITERS,)
    ]


def test_sixteen_processes_with_one_version_one_wins_the_rest_exit_3(server: Server) -> None:
    command = [sys.executable, "-m", "claimmap", "--db", server.url("ana"), "review",
               "tml-buses", "--status", "needs_review", "--expect-version", "1"]  # fmt: skip
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(WRITERS)
    ]
    outcomes = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    statuses = sorted(status for status, _, _ in outcomes)
    assert statuses == [0] + [3] * (WRITERS - 1), outcomes
    for status, out, err in outcomes:
        if status == 3:
            assert out == "" and err.startswith("claimmap review: error: claim tml-buses is at ")
            assert len(err.splitlines()) == 1
    assert rows(
        server.admin, "SELECT review_status, version FROM claims WHERE id = 'tml-buses'"
    ) == [("needs_review", 2)]
    assert rows(
        server.admin,
        "SELECT count(*) FROM audit WHERE entity_id = 'tml-buses' AND field IS NOT NULL",
    ) == [(1,)]
