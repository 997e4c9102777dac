"""The default store: filled on first use, atomically, once; and how a store is chosen."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from geo import paths
from geo.dataset import load_dataset
from geo.problems import DataError
from geo.records import claim_properties
from geo.store.default import FILE_NAME, default_path
from geo.store.edits import review
from geo.store.engine import connect
from geo.store.errors import BadStore, StoreBusy
from geo.store.location import Location, choose, open_dataset, open_store
from tests.paths import ROOT
from tests.store_factory import filled_store, rows


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMMAP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    return tmp_path / "home"


def test_first_use_creates_and_fills_the_default_store(home: Path) -> None:
    assert not home.exists()
    dataset = open_dataset()
    assert default_path() == home / FILE_NAME and default_path().is_file()
    files = load_dataset(paths.PACKAGE_DATA_DIR)
    assert [claim_properties(dataset, c) for c in dataset.claims] == [
        claim_properties(files, c) for c in files.claims
    ]
    assert rows(f"sqlite:///{default_path()}", "PRAGMA journal_mode") == [("wal",)]
    assert sorted(p.name for p in home.iterdir() if ".part" in p.name) == []


FILL = """
import sys
from geo.store.location import open_dataset
print(len(open_dataset().claims))
"""


def test_processes_starting_at_once_fill_the_store_once(home: Path) -> None:
    env = {**os.environ, "CLAIMMAP_HOME": str(home)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", FILL],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outputs
    claims = len(load_dataset(paths.PACKAGE_DATA_DIR).claims)
    assert {out.strip() for out, _ in outputs} == {str(claims)}
    url = f"sqlite:///{default_path()}"
    assert rows(url, "SELECT count(*) FROM audit WHERE action = 'insert' AND entity = 'claim'") == [
        (claims,)
    ]
    assert [p.name for p in home.iterdir() if ".part" in p.name] == []


def test_a_failed_fill_leaves_no_store(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    monkeypatch.setattr(paths, "PACKAGE_DATA_DIR", broken)
    with pytest.raises(DataError):
        open_dataset()
    assert [p.name for p in home.iterdir()] == [f"{FILE_NAME}.lock"]


def test_a_killed_fill_is_cleaned_up_by_the_next(home: Path) -> None:
    home.mkdir()
    stale = home / f".{FILE_NAME}.999999.part"
    stale.write_bytes(b"half a database")
    assert len(open_dataset().claims) > 0
    assert not stale.exists()


def test_a_corrupt_store_is_one_clear_error(home: Path) -> None:
    home.mkdir()
    default_path().write_bytes(b"this is not a database" * 100)
    with pytest.raises(BadStore, match="not a claimmap store: the file is not an SQLite database"):
        open_dataset()


def test_a_locked_store_is_busy_and_still_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    connect(url).dispose()
    with sqlite3.connect(tmp_path / "s.sqlite") as raw:
        raw.execute("PRAGMA journal_mode = WAL")
    monkeypatch.setenv("CLAIMMAP_DB_TIMEOUT", "0.2")
    holder = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        engine = connect(url)
        with pytest.raises(StoreBusy, match="is busy"):
            review(engine, "tml-buses", "needs_review", who="a")
        assert len(open_dataset(db=url).claims) == 6  # readers are not blocked (WAL)
        engine.dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize(
    ("db", "data", "env", "expected"),
    [
        (None, None, {}, Location("store", None)),
        ("sqlite:///x", None, {"CLAIMMAP_DATA": "d"}, Location("store", "sqlite:///x")),
        (None, "dir", {"CLAIMMAP_DB": "sqlite:///y"}, Location("data", "dir")),
        (
            None,
            None,
            {"CLAIMMAP_DB": "sqlite:///y", "CLAIMMAP_DATA": "d"},
            Location("store", "sqlite:///y"),
        ),
        (None, None, {"CLAIMMAP_DATA": "d"}, Location("data", "d")),
    ],
)
def test_choose_applies_one_rule(home, monkeypatch, db, data, env, expected) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert choose(db, data) == expected


def test_db_and_data_together_are_refused() -> None:
    with pytest.raises(BadStore, match="not both"):
        choose("sqlite:///x", "dir")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite://", "an in-memory SQLite store keeps nothing"),
        ("sqlite:////nonexistent/dir/s.sqlite", "no store at /nonexistent/dir/s.sqlite"),
    ],
)
def test_bad_urls_are_one_clear_error(url: str, message: str) -> None:
    with pytest.raises(BadStore, match=message):
        open_store(Location("store", url))


def test_passwords_never_appear_in_messages() -> None:
    with pytest.raises(BadStore) as caught:
        open_store(Location("store", "mysql://user:s3cret@host/db"))
    assert "s3cret" not in str(caught.value)
