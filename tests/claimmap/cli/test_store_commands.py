"""The store commands: db init/import/dump/grant, review, grade, log, verify; exit statuses."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimmap.cli import main
from geo.store import schema
from geo.store.audit import KEYS
from tests.geo.test_dataset import make_data_dir
from tests.paths import ROOT
from tests.store_factory import VALID, execute, filled_store, fixture_dataset, rows, seeds_for


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code)
    out, err = capsys.readouterr()
    return status, out, err


def claimmap(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.fixture
def url(tmp_path: Path) -> str:
    return filled_store(tmp_path / "s.sqlite")


def snapshot(url: str) -> list[list[tuple]]:
    return [rows(url, f"SELECT * FROM {t} ORDER BY 1") for t in ("claims", "groups", "audit")]


# ------------------------------------------------------------------ db


def test_db_init_creates_then_is_idempotent(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    expected = (0, f"store {url}: schema {schema.HEAD}\n", "")
    assert run(capsys, "--db", url, "db", "init") == expected
    assert run(capsys, "--db", url, "db", "init")[0] == 0
    assert rows(url, "SELECT count(*) FROM claims") == [(0,)]


def test_db_init_fills_the_default_store_once(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_HOME", str(tmp_path))
    status, out, _ = run(capsys, "db", "init")
    assert (status, out.endswith("created and filled from the bundled data\n")) == (0, True)
    assert run(capsys, "db", "init")[1].endswith(": up to date\n")


def test_db_import_refuses_a_broken_directory_and_changes_nothing(url, tmp_path, capsys) -> None:
    broken = make_data_dir(tmp_path / "broken", "unknown-place", "cites-cycle")
    before = snapshot(url)
    status, out, err = run(capsys, "--db", url, "db", "import", str(broken))
    lines = err.splitlines()
    assert (status, out) == (2, "")
    assert any("unknown place 'khosravi-crosing'" in line for line in lines)
    assert any("cites cycle khamenei-article" in line for line in lines)
    assert lines[-1] == "claimmap db import: 2 problem(s); nothing was imported"
    assert snapshot(url) == before


def test_db_import_then_reimport_changes_nothing(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    run(capsys, "--db", url, "db", "init")
    status, out, _ = run(capsys, "--db", url, "--as", "ana", "db", "import", str(VALID))
    assert status == 0 and out.startswith("places 6 new, 0 changed, 0 unchanged; sources 5 new")
    assert rows(url, "SELECT DISTINCT who FROM audit") == [("ana",)]
    status, out, _ = run(capsys, "--db", url, "db", "import", str(VALID))
    assert status == 0 and out.startswith("nothing changed (places 0 new, 0 changed, 6 unchanged")


def test_db_import_into_a_store_without_schema_says_to_init(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()
    status, _, err = run(capsys, "--db", f"sqlite:///{path}", "db", "import", str(VALID))
    assert status == 2 and "is an empty database; create the store with: claimmap db init" in err


def test_db_dump_writes_files_that_check_accepts(url, tmp_path: Path, capsys) -> None:
    out_dir = tmp_path / "dump"
    status, out, _ = run(capsys, "--db", url, "db", "dump", str(out_dir))
    assert status == 0 and out.startswith(
        "wrote gazetteer.csv, sources.yaml, claims.yaml, groups.yaml"
    )
    assert run(capsys, "--data", str(out_dir), "check")[0] == 0
    (tmp_path / "file").write_text("x")
    assert run(capsys, "--db", url, "db", "dump", str(tmp_path / "file"))[0] == 2
    assert run(capsys, "--db", url, "db", "dump", str(tmp_path / "no" / "dir"))[0] == 2


def test_db_grant_is_for_postgresql(url, capsys) -> None:
    status, out, err = run(capsys, "--db", url, "db", "grant", "ana", "--role", "reviewer")
    assert (status, out) == (2, "") and "PostgreSQL" in err


def test_store_commands_refuse_data(capsys) -> None:
    status, _, err = run(capsys, "--data", str(VALID), "review", "x", "--status", "draft")
    assert status == 2 and "works on a store" in err


# ------------------------------------------------------------------ review, grade, log


def test_review_exit_statuses(url, capsys) -> None:
    base = ["--db", url, "--as", "rev"]
    assert run(capsys, *base, "review", "tml-buses", "--status", "needs_review") == (
        0,
        "claim tml-buses: needs_review (version 2)\n",
        "",
    )
    status, out, err = run(capsys, *base, "review", "tml-buses", "--status", "accepted")
    assert (status, out, err) == (
        2,
        "",
        "claimmap review: error: a note is required to accept claim tml-buses\n",
    )
    status, _, err = run(
        capsys,
        *base,
        "review",
        "tml-buses",
        "--status",
        "accepted",
        "--note",
        "ok",
        "--expect-version",
        "1",
    )
    assert status == 3 and "at version 2, not 1" in err
    assert run(capsys, *base, "review", "nope", "--status", "needs_review")[0] == 1
    assert run(capsys, *base, "review", "tml-buses", "--status", "maybe")[0] == 2
    status, out, _ = run(
        capsys,
        *base,
        "review",
        "tml-buses",
        "--status",
        "accepted",
        "--note",
        "ok",
        "--expect-version",
        "2",
    )
    assert (status, out) == (0, "claim tml-buses: accepted (version 3)\n")
    claims = json.loads(
        run(capsys, "--db", url, "claims", "--json", "--review-status", "accepted")[1]
    )
    assert [(c["claim_id"], c["review_status"], c["version"]) for c in claims] == [
        ("tml-buses", "accepted", 3)
    ]


def test_grade_exit_statuses(url, capsys) -> None:
    base = ["--db", url, "grade"]
    status, out, _ = run(
        capsys,
        *base,
        "fighters-total",
        "--reliability",
        "b",
        "--credibility",
        "2",
        "--note",
        "two outlets",
    )
    assert (status, out) == (0, "group fighters-total: B2 (version 2)\n")
    assert (
        run(
            capsys,
            *base,
            "fighters-total",
            "--reliability",
            "G",
            "--credibility",
            "2",
            "--note",
            "x",
        )[0]
        == 2
    )
    assert (
        run(
            capsys,
            *base,
            "fighters-total",
            "--reliability",
            "B",
            "--credibility",
            "7",
            "--note",
            "x",
        )[0]
        == 2
    )
    assert run(capsys, *base, "fighters-total", "--reliability", "B", "--credibility", "2")[0] == 2
    assert (
        run(
            capsys,
            *base,
            "fighters-total",
            "--reliability",
            "B",
            "--credibility",
            "2",
            "--note",
            " ",
        )[0]
        == 2
    )
    assert (
        run(capsys, *base, "nope", "--reliability", "B", "--credibility", "2", "--note", "x")[0]
        == 1
    )
    claims = json.loads(run(capsys, "--db", url, "claims", "--json")[1])
    assert {c["grade"] for c in claims if c["group"] == "fighters-total"} == {"B2"}


def test_log_lists_entries_newest_first(url, capsys) -> None:
    run(capsys, "--db", url, "--as", "ana", "review", "tml-buses", "--status", "needs_review")
    run(
        capsys,
        "--db",
        url,
        "--as",
        "rev",
        "review",
        "tml-buses",
        "--status",
        "accepted",
        "--note",
        "matches",
    )
    status, out, _ = run(capsys, "--db", url, "log", "--claim", "tml-buses", "--json")
    entries = json.loads(out)
    assert status == 0 and [list(e) for e in entries] == [list(KEYS)] * 3
    assert [(e["who"], e["action"], e["before"], e["after"], e["note"]) for e in entries] == [
        ("rev", "review", "needs_review", "accepted", "matches"),
        ("ana", "review", "draft", "needs_review", None),
        ("tester", "insert", None, None, "test fill"),
    ]
    status, out, _ = run(capsys, "--db", url, "log", "--claim", "tml-buses", "--limit", "1")
    assert (
        out.count("\n") == 1
        and 'review claim tml-buses review_status: "needs_review" -> "accepted"  (matches)' in out
    )
    assert run(capsys, "--db", url, "log", "--group", "fighters-total")[0] == 0
    assert run(capsys, "--db", url, "log", "--claim", "nope") == (
        1,
        "",
        "claimmap log: error: no audit entries for claim nope\n",
    )
    assert run(capsys, "--db", url, "log", "--claim", "a", "--group", "b")[0] == 2


def test_hostile_text_stays_text_in_the_log(url, capsys) -> None:
    note = '<script>alert("x")</script>\nsecond line'
    run(capsys, "--db", url, "review", "tml-buses", "--status", "needs_review", "--note", note)
    entry = json.loads(run(capsys, "--db", url, "log", "--claim", "tml-buses", "--json")[1])[0]
    assert entry["note"] == note


# ------------------------------------------------------------------ verify


def test_verify_names_each_tampered_document(tmp_path: Path, capsys) -> None:
    seeds = seeds_for(fixture_dataset(), tmp_path / "seeds")
    url = filled_store(tmp_path / "s.sqlite", seeds=seeds)
    assert run(capsys, "--db", url, "verify") == (
        0,
        "OK: 4 archived document(s) match their SHA-256\n",
        "",
    )
    execute(
        url,
        "UPDATE archives SET original = CAST('forged' AS BLOB) "
        "WHERE source_id IN ('tml-article', 'amargi-article')",
    )
    status, out, err = run(capsys, "--db", url, "verify")
    lines = err.splitlines()
    assert (status, out) == (1, "")
    assert [line.split(":")[1] for line in lines[:-1] if "SHA-256" in line] == [
        " source amargi-article",
        " source tml-article",
    ]
    assert lines[-1] == "claimmap verify: 2 of 4 document(s) changed"
    status, out, _ = run(capsys, "--db", url, "verify", "--json")
    assert status == 1 and [r["ok"] for r in json.loads(out)] == [False, True, True, False]


# ------------------------------------------------------------------ errors: one line, no traceback


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("db", "status", "message"),
    [
        ("postgres ql://x", 2, "not a database URL"),
        ("oracle://u@h/db", 2, "unsupported database 'oracle'"),
        ("sqlite:////nonexistent/s.sqlite", 2, "no store at /nonexistent/s.sqlite"),
    ],
)
def test_bad_store_urls(db: str, status: int, message: str) -> None:
    result = claimmap("--db", db, "claims")
    assert result.returncode == status and message in _one_line(result)


def test_a_corrupt_store_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"garbage" * 1000)
    result = claimmap("--db", f"sqlite:///{path}", "claims")
    assert result.returncode == 2
    assert "not a claimmap store: the file is not an SQLite database" in _one_line(result)


def test_a_newer_schema(url) -> None:
    execute(url, "UPDATE alembic_version SET version_num = '0999'")
    result = claimmap("--db", url, "log")
    assert result.returncode == 2 and "schema 0999, which this claimmap does not know" in _one_line(
        result
    )


def test_a_locked_store(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    url = filled_store(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = claimmap(
            "--db",
            url,
            "review",
            "tml-buses",
            "--status",
            "needs_review",
            CLAIMMAP_DB_TIMEOUT="0.2",
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1 and "is busy (another process is writing)" in _one_line(result)


def test_db_and_data_together(url) -> None:
    result = claimmap("--db", url, "--data", str(VALID), "claims")
    assert result.returncode == 2 and "not both" in _one_line(result)


def test_claimmap_db_selects_the_store(url, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_DB", url)
    run(capsys, "review", "tml-buses", "--status", "needs_review")
    assert rows(url, "SELECT review_status FROM claims WHERE id = 'tml-buses'") == [
        ("needs_review",)
    ]
    assert run(capsys, "claims", "--review-status", "needs_review")[1].endswith("1 of 6 claims\n")
    assert run(capsys, "claims", "--review-status", "done")[0] == 2


def test_reading_commands_use_the_default_store(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_HOME", str(tmp_path))
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    status, out, _ = run(capsys, "claims")
    assert status == 0 and (tmp_path / "claimmap.sqlite").is_file()
    assert out == run(capsys, "--data", str(ROOT / "data"), "claims")[1]
