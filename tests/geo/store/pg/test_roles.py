"""Who may do what, enforced by the database: through claimmap and through a plain SQL session."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors as pg

from claimmap.cli import main
from tests.geo.store.pg.conftest import Server
from tests.store_factory import rows


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code)
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(server: Server) -> list[list[tuple]]:
    tables = ("claims", "groups", "sources", "places", "claim_places", "archives", "audit")
    return [rows(server.admin, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables]


def sql(server: Server, user: str, statement: str, params: tuple = ()) -> None:
    """Run one statement as ``user`` in a plain psycopg session (committed if it passes)."""
    with psycopg.connect(server.dsn(user)) as conn:
        conn.execute(statement, params)


# ------------------------------------------------------------------ through claimmap


@pytest.mark.parametrize(
    ("user", "args", "message"),
    [
        ("rita", ["review", "tml-buses", "--status", "needs_review"], "needs the analyst role"),
        (
            "rita",
            ["grade", "qaani-visit", "--reliability", "B", "--credibility", "2", "--note", "x"],
            "grading a group needs the reviewer role",
        ),  # fmt: skip
        (
            "ana",
            ["grade", "qaani-visit", "--reliability", "B", "--credibility", "2", "--note", "x"],
            "grading a group needs the reviewer role",
        ),  # fmt: skip
    ],
)
def test_refused_commands_exit_4_in_one_line_and_change_nothing(
    server: Server, capsys, user, args, message
) -> None:
    before = snapshot(server)
    status, out, err = run(capsys, "--db", server.url(user), *args)
    assert (status, out) == (4, "")
    assert len(err.splitlines()) == 1 and message in err
    assert "Traceback" not in err and server.url(user).split(":")[2].split("@")[0] not in err
    assert snapshot(server) == before


def test_an_analyst_sets_needs_review_but_only_a_reviewer_accepts(server: Server, capsys) -> None:
    ana, rev = server.url("ana"), server.url("rev")
    assert run(capsys, "--db", ana, "review", "tml-buses", "--status", "needs_review")[0] == 0
    before = snapshot(server)
    status, out, err = run(
        capsys, "--db", ana, "review", "tml-buses", "--status", "accepted", "--note", "ok"
    )
    assert (status, out) == (4, "")
    assert err == (
        "claimmap review: error: permission denied: only a reviewer may set a claim to "
        "accepted (claim tml-buses; ana is not a reviewer)\n"
    )
    assert snapshot(server) == before
    status, out, _ = run(
        capsys, "--db", rev, "review", "tml-buses", "--status", "accepted", "--note", "ok"
    )
    assert (status, out) == (0, "claim tml-buses: accepted (version 3)\n")
    status, out, _ = run(
        capsys, "--db", rev, "grade", "qaani-visit", "--reliability", "b", "--credibility", "2",
        "--note", "two sources",
    )  # fmt: skip
    assert (status, out) == (0, "group qaani-visit: B2 (version 2)\n")


def test_a_reader_reads_everything(server: Server, capsys) -> None:
    rita = server.url("rita")
    for args in (["claims", "--json"], ["log"], ["verify"], ["check"], ["conflicts"]):
        status, _, err = run(capsys, "--db", rita, *args)
        assert status == 0, (args, err)


# ------------------------------------------------------------------ through plain SQL


@pytest.mark.parametrize(
    ("user", "statement", "error"),
    [
        (
            "rita",
            "UPDATE claims SET statement = 'x', version = version + 1",
            pg.InsufficientPrivilege,
        ),
        (
            "rita",
            "INSERT INTO audit (at, who, action, entity, entity_id) "
            "VALUES (now(), 'x', 'y', 'claim', 'z')",
            pg.InsufficientPrivilege,
        ),  # fmt: skip
        (
            "ana",
            "UPDATE claims SET review_status = 'accepted', version = version + 1 "
            "WHERE id = 'tml-buses'",
            pg.InsufficientPrivilege,
        ),  # fmt: skip
        ("ana", "UPDATE groups SET reliability = 'A'", pg.InsufficientPrivilege),
        ("ana", "UPDATE groups SET grading_note = 'mine'", pg.InsufficientPrivilege),
        (
            "ana",
            "INSERT INTO groups (id, position, title, reliability, credibility, "
            "grading_note, version) VALUES ('g', 9, 't', 'A', 1, 'n', 1)",
            pg.InsufficientPrivilege,
        ),  # fmt: skip
        ("ana", "DELETE FROM claims", pg.InsufficientPrivilege),
        ("ana", "DELETE FROM claim_places", pg.InsufficientPrivilege),
        (
            "ana",
            "INSERT INTO claim_places VALUES ('tml-buses', 9, 'baghdad')",
            pg.InsufficientPrivilege,
        ),  # fmt: skip
        ("ana", "UPDATE audit SET who = 'someone'", pg.InsufficientPrivilege),
        ("ana", "DELETE FROM audit", pg.InsufficientPrivilege),
        ("ana", "TRUNCATE audit", pg.InsufficientPrivilege),
        ("ana", "UPDATE archives SET text = 'forged'", pg.InsufficientPrivilege),
        ("ana", "ALTER TABLE claims DISABLE TRIGGER ALL", pg.InsufficientPrivilege),
        ("ana", "SET session_replication_role = replica", pg.InsufficientPrivilege),
        ("ana", "SET ROLE claimmap_reviewer", pg.InsufficientPrivilege),
        ("rev", "DELETE FROM audit", pg.InsufficientPrivilege),
        ("rev", "UPDATE audit SET note = 'x'", pg.InsufficientPrivilege),
        # the owner (a superuser here) is refused too: the trail is append-only by trigger
        (None, "UPDATE audit SET who = 'someone'", pg.InsufficientPrivilege),
        (None, "DELETE FROM audit", pg.InsufficientPrivilege),
        (None, "TRUNCATE audit", pg.InsufficientPrivilege),
        (None, "DELETE FROM archives", pg.InsufficientPrivilege),
        # versions: a change must raise the version by exactly one
        (
            "ana",
            "UPDATE claims SET statement = 'no version' WHERE id = 'tml-buses'",
            pg.CheckViolation,
        ),  # fmt: skip
        (
            "ana",
            "UPDATE claims SET statement = 's', version = 7 WHERE id = 'tml-buses'",
            pg.SerializationFailure,
        ),  # fmt: skip
        ("ana", "UPDATE claims SET version = 5 WHERE id = 'tml-buses'", pg.SerializationFailure),
        (
            "ana",
            "UPDATE claims SET id = 'renamed', version = version + 1 WHERE id = 'tml-buses'",
            pg.CheckViolation,
        ),  # fmt: skip
    ],
)
def test_a_plain_sql_session_can_do_no_more_than_claimmap(
    server: Server, user, statement, error
) -> None:
    before = snapshot(server)
    with pytest.raises(error):
        sql(server, user, statement)
    assert snapshot(server) == before


def test_what_an_analyst_may_do_in_sql_is_audited_under_their_name(server: Server) -> None:
    sql(
        server,
        "ana",
        "UPDATE claims SET statement = %s, place_ids = %s, version = version + 1 "
        "WHERE id = 'tml-qaani'",
        ("Edited in psql.", '["baghdad"]'),
    )
    entries = rows(
        server.admin,
        "SELECT who, action, field, after FROM audit WHERE entity_id = 'tml-qaani' "
        "AND action <> 'insert' ORDER BY seq",
    )
    assert entries == [
        ("ana", "update", "statement", "Edited in psql."),
        ("ana", "update", "places", ["baghdad"]),
    ]
    assert rows(server.admin, "SELECT place_id FROM claim_places WHERE claim_id = 'tml-qaani'") == [
        ("baghdad",)
    ]
    (version,) = rows(server.admin, "SELECT version FROM claims WHERE id = 'tml-qaani'")
    assert version == (2,)


def test_an_analyst_cannot_forge_who_or_when(server: Server) -> None:
    with psycopg.connect(server.dsn("ana")) as conn:
        conn.execute("SELECT set_config('claimmap.action', 'review', true)")
        conn.execute("SELECT set_config('claimmap.note', 'said rev', true)")
        conn.execute(
            "UPDATE claims SET review_status = 'needs_review', version = version + 1 "
            "WHERE id = 'tml-buses'"
        )
    (entry,) = rows(
        server.admin,
        "SELECT who, action, note, at > now() - interval '1 minute' FROM audit "
        "WHERE entity_id = 'tml-buses' AND field = 'review_status'",
    )
    assert entry == ("ana", "review", "said rev", True)  # the note is free; "who" is not


def test_an_analyst_edit_of_an_accepted_claim_must_send_it_back(server: Server) -> None:
    sql(server, "rev", "UPDATE claims SET review_status = 'accepted', version = version + 1 "
                       "WHERE id = 'tml-buses'")  # fmt: skip
    with pytest.raises(pg.InsufficientPrivilege, match="while it is accepted"):
        sql(server, "ana", "UPDATE claims SET quote = 'changed', version = version + 1 "
                           "WHERE id = 'tml-buses'")  # fmt: skip
    sql(server, "ana", "UPDATE claims SET quote = 'changed', review_status = 'needs_review', "
                       "version = version + 1 WHERE id = 'tml-buses'")  # fmt: skip
    assert rows(
        server.admin, "SELECT review_status, version FROM claims WHERE id = 'tml-buses'"
    ) == [("needs_review", 3)]


def test_an_analyst_adds_ungraded_groups_and_draft_claims_only(server: Server) -> None:
    sql(
        server,
        "ana",
        "INSERT INTO groups (id, position, title, reliability, credibility, grading_note, "
        "version) VALUES ('new-group', 9, 'New', 'F', 6, 'n', 1)",
    )
    insert = (
        "INSERT INTO claims (id, position, group_id, source_id, origin, claimant, type, "
        "statement, quote, date_precision, actors, quantities, status, review_status, version, "
        "place_ids) VALUES (%s, 99, 'new-group', 'tml-article', 'tml-article', 'x', 'crossing', "
        "'s', 'q', 'unknown', '[]', '[]', 'unverified', %s, 1, '[\"baghdad\"]')"
    )
    with pytest.raises(pg.InsufficientPrivilege, match="only a reviewer"):
        sql(server, "ana", insert, ("c-accepted", "accepted"))
    sql(server, "ana", insert, ("c-draft", "draft"))
    (geometry,) = rows(
        server.admin, "SELECT ST_GeometryType(geom) FROM claims WHERE id = 'c-draft'"
    )
    assert geometry == ("ST_Point",)
    assert rows(server.admin, "SELECT who, action FROM audit WHERE entity_id = 'c-draft'") == [
        ("ana", "insert")
    ]
    assert rows(server.admin, "SELECT place_id FROM claim_places WHERE claim_id = 'c-draft'") == [
        ("baghdad",)
    ]


def test_geometry_follows_the_places_whatever_a_client_writes(server: Server) -> None:
    sql(server, "ana", "UPDATE claims SET geom = ST_SetSRID(ST_MakePoint(0, 0), 4326) "
                       "WHERE id = 'tml-qaani'")  # fmt: skip
    (geom,) = rows(server.admin, "SELECT ST_AsText(geom) FROM claims WHERE id = 'tml-qaani'")
    assert geom != ("POINT(0 0)",)
    sql(server, "ana", "UPDATE places SET lat = 33.5, lon = 44.5 WHERE id = 'baghdad'")
    moved = rows(
        server.admin,
        "SELECT count(*) FROM claims c JOIN claim_places p ON p.claim_id = c.id "
        "WHERE p.place_id = 'baghdad' "
        "AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(44.5, 33.5), 4326))",
    )
    assert moved == [(0,)]
    assert rows(server.admin, "SELECT who, field FROM audit WHERE entity = 'place' "
                "AND entity_id = 'baghdad' AND action = 'update' ORDER BY seq") == [
        ("ana", "lat"), ("ana", "lon"),
    ]  # fmt: skip
