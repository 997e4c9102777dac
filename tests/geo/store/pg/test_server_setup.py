"""db init and db grant on a real PostgreSQL + PostGIS server."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import psycopg
import pytest

from claimmap.cli import main
from tests.geo.store.pg.conftest import LOGINS, Server
from tests.paths import ROOT
from tests.store_factory import VALID, rows


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code)
    out, err = capsys.readouterr()
    return status, out, err


def claimmap(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        input=stdin,
        env=os.environ.copy(),
    )


@pytest.fixture
def empty(cluster) -> str:
    """A new empty database (superuser URL)."""
    import uuid

    return cluster.create_database(f"e{uuid.uuid4().hex[:10]}")


def test_db_init_creates_postgis_schema_and_roles_then_is_idempotent(empty, capsys) -> None:
    status, out, err = run(capsys, "--db", empty, "db", "init")
    assert (status, err) == (0, "")
    assert out.endswith(
        ": schema 0004; roles claimmap_reader, claimmap_analyst, claimmap_reviewer\n"
    )
    assert "***" in out and empty.split(":")[2].split("@")[0] not in out  # password hidden
    assert rows(empty, "SELECT extname FROM pg_extension WHERE extname IN ('postgis', 'pg_trgm') "
                "ORDER BY 1") == [("pg_trgm",), ("postgis",)]  # fmt: skip
    assert rows(empty, "SELECT version_num FROM alembic_version") == [("0004",)]
    roles = rows(empty, "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'claimmap_%' "
                 "ORDER BY 1")  # fmt: skip
    assert roles == [(f"claimmap_{r}", False) for r in ("analyst", "reader", "reviewer")]
    geometry = rows(empty, "SELECT type, srid FROM geometry_columns WHERE f_table_name = 'claims'")
    assert geometry == [("GEOMETRY", 4326)]
    indexes = {
        r[0] for r in rows(empty, "SELECT indexname FROM pg_indexes WHERE tablename = 'claims'")
    }
    assert {"ix_claims_geom", "ix_claims_search_text", "ix_claims_actor_keys"} <= indexes
    assert run(capsys, "--db", empty, "db", "init")[0] == 0
    assert rows(empty, "SELECT count(*) FROM alembic_version") == [(1,)]


def test_db_init_then_import_fills_geometry_and_place_links(empty, capsys) -> None:
    assert run(capsys, "--db", empty, "db", "init")[0] == 0
    status, out, _ = run(capsys, "--db", empty, "db", "import", str(VALID))
    assert status == 0 and out.startswith("places 6 new")
    assert rows(empty, "SELECT id, ST_GeometryType(geom) FROM claims ORDER BY position") == [
        ("tml-buses", "ST_LineString"),
        ("khamenei-buses", "ST_LineString"),
        ("noonpost-fighters", "ST_Point"),
        ("amargi-fighters", "ST_Point"),
        ("tml-qaani", "ST_Point"),
        ("noonpost-qaani", "ST_Point"),
    ]
    links = rows(empty, "SELECT seq, place_id FROM claim_places WHERE claim_id = 'tml-buses' "
                 "ORDER BY seq")  # fmt: skip
    assert links == [(0, "shalamcheh-post-iq"), (1, "shalamcheh-crossing")]
    assert rows(empty, "SELECT DISTINCT who FROM audit") == [("postgres",)]


def test_db_init_by_a_login_without_rights_says_what_is_needed(server, empty, capsys) -> None:
    ana = server.cluster.url("ana", LOGINS["ana"][1], empty.rsplit("/", 1)[1])
    status, out, err = run(capsys, "--db", ana, "db", "init")
    assert (status, out) == (4, "")
    assert "creating the postgis extension needs a superuser" in err
    assert len(err.splitlines()) == 1


def test_db_grant_creates_and_updates_logins(server: Server, capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("first-secret-1\n"))
    status, out, err = run(capsys, "--db", server.admin, "db", "grant", "zoe", "--role", "analyst",
                           "--password-stdin")  # fmt: skip
    assert (status, out, err) == (0, "login zoe: created as analyst with a new password\n", "")
    with psycopg.connect(
        host="127.0.0.1", port=server.cluster.port, user="zoe", password="first-secret-1",
        dbname=server.database,
    ) as conn:  # fmt: skip
        analyst = conn.execute("SELECT pg_has_role('zoe', 'claimmap_analyst', 'USAGE')")
        assert analyst.fetchone() == (True,)
    status, out, _ = run(capsys, "--db", server.admin, "db", "grant", "zoe", "--role", "reader")
    assert (status, out) == (0, "login zoe: updated as reader\n")
    members = rows(
        server.admin,
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = 'zoe'",
    )
    assert members == [("claimmap_reader",)]  # the analyst role is gone


def test_the_password_reaches_no_argv_output_or_server_log(server: Server) -> None:
    secret = "Unguessable-Pass-8842"
    result = claimmap("--db", server.admin, "db", "grant", "yan", "--role", "reviewer",
                      "--password-stdin", stdin=secret + "\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    log = server.cluster.log.read_text(errors="replace")
    assert "ALTER ROLE" in log or "CREATE ROLE" in log  # statements are logged...
    assert secret not in log  # ...but only the SCRAM verifier was sent
    with psycopg.connect(
        host="127.0.0.1", port=server.cluster.port, user="yan", password=secret,
        dbname=server.database,
    ) as conn:  # fmt: skip
        assert conn.execute("SELECT session_user").fetchone() == ("yan",)


@pytest.mark.parametrize(
    ("user", "stdin", "message"),
    [
        ("postgres", "x\n", "is reserved"),
        ("claimmap_reader", "x\n", "is reserved"),
        ("a b", "x\n", "is not a login name"),
        ("ok_name", "\n", "no password on standard input"),
    ],
)
def test_db_grant_refusals(server: Server, capsys, monkeypatch, user, stdin, message) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status, out, err = run(capsys, "--db", server.admin, "db", "grant", user, "--role", "reader",
                           "--password-stdin")  # fmt: skip
    assert (status, out) == (2, "") and message in err and len(err.splitlines()) == 1


def test_db_grant_needs_an_administrator(server: Server, capsys) -> None:
    status, out, err = run(
        capsys, "--db", server.url("ana"), "db", "grant", "zed", "--role", "reviewer"
    )
    assert (status, out) == (4, "") and "permission denied" in err
    assert rows(server.admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'zed'") == [(0,)]


def test_logins_of_the_fixture_have_their_roles(server: Server) -> None:
    for user, (role, _) in LOGINS.items():
        with psycopg.connect(server.dsn(user)) as conn:
            granted = conn.execute(
                "SELECT pg_has_role(session_user, 'claimmap_' || %s, 'USAGE')", (role,)
            ).fetchone()
        assert granted == (True,)


def test_an_administrator_who_is_not_a_superuser_can_init_and_grant(server: Server, capsys) -> None:
    import uuid

    name = f"d{uuid.uuid4().hex[:10]}"
    superuser = server.cluster.create_database(name)
    with psycopg.connect(server.cluster.dsn(name), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS boss")
        conn.execute("CREATE ROLE boss LOGIN CREATEROLE PASSWORD 'boss-pass-1'")
        conn.execute(f'ALTER DATABASE "{name}" OWNER TO boss')
        conn.execute("ALTER SCHEMA public OWNER TO boss")
    boss = server.cluster.url("boss", "boss-pass-1", name)
    status, _, err = run(capsys, "--db", boss, "db", "init")
    assert status == 4 and "creating the postgis extension needs a superuser" in err
    with psycopg.connect(server.cluster.dsn(name), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")
    status, _, err = run(capsys, "--db", boss, "db", "init")
    assert status == 0, err
    assert run(capsys, "--db", boss, "db", "import", str(VALID))[0] == 0
    assert run(capsys, "--db", boss, "db", "grant", "ana", "--role", "analyst")[0] == 0
    ana = server.cluster.url("ana", LOGINS["ana"][1], name)
    assert run(capsys, "--db", ana, "review", "tml-buses", "--status", "needs_review")[0] == 0
    assert rows(superuser, "SELECT DISTINCT who FROM audit ORDER BY 1") == [("ana",), ("boss",)]
    assert rows(superuser, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit'") == [
        ("boss",)
    ]
