"""The dashboard's choice of store or data files, its sessions and its cache key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimmap.dashboard import access
from geo import paths
from geo.store.errors import BadStore, StoreError
from geo.store.location import Location


def test_default_is_the_embedded_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    location = access.dashboard_location()
    assert location == Location("store", None)
    assert not access.needs_login(location)
    assert access.location_key(location) == "store:default"


def test_environment_chooses_as_the_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAIMMAP_DATA", str(tmp_path))
    assert access.dashboard_location() == Location("data", str(tmp_path))
    monkeypatch.setenv("CLAIMMAP_DB", f"sqlite:///{tmp_path / 's.sqlite'}")
    assert access.dashboard_location().kind == "store"


def test_a_server_needs_a_login() -> None:
    server = Location("store", "postgresql+psycopg://alice:secret@localhost:5432/claims")
    assert access.needs_login(server)
    assert "secret" not in access.location_key(server)
    with pytest.raises(BadStore):
        access.open_session(server)
    assert not access.needs_login(Location("store", "sqlite:///x.sqlite"))
    assert not access.needs_login(Location("data", "/tmp"))


def test_data_directory_is_read_only(tmp_path: Path) -> None:
    assert access.open_session(Location("data", str(tmp_path))) is None
    assert access.session_of({}) is None
    assert access.session_of({access.SESSION_KEY: None}) is None


def test_embedded_session_edits_and_moves_the_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    from claimmap.cli import main

    assert main(["--db", url, "db", "init"]) == 0
    assert main(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    location = Location("store", url)
    session = access.open_session(location, who="tester")
    assert session is not None and session.can_edit and session.can_review
    assert access.session_of({access.SESSION_KEY: session}) is session
    before = access.data_version(location, session.engine)
    dataset = access.load_data(location, session.engine)
    claim = dataset.claims[0]
    session.review(claim.id, "needs_review", expect_version=dataset.version_of(claim))
    after = access.data_version(location, session.engine)
    assert after[0] == "store" and after != before
    session.close()
    assert access.session_of({access.SESSION_KEY: session}) is None


def test_files_version_follows_the_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(paths.PACKAGE_DATA_DIR, data)
    location = Location("data", str(data))
    before = access.data_version(location, None)
    assert before[0] == "files"
    claims = data / paths.CLAIMS_FILE
    claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert access.data_version(location, None) != before
    assert len(access.load_data(location, None).claims) > 0


def test_a_store_gone_away_keeps_the_data_shown(tmp_path: Path) -> None:
    """The page's check for new data: a store that cannot answer is not a change."""
    import sqlite3

    import sqlalchemy as sa

    from claimmap.dashboard import storepanel

    path = tmp_path / "not-a-store.sqlite"
    sqlite3.connect(path).close()  # an empty database: no audit table
    source = access.DataSource(
        Location("store", f"sqlite:///{path}"), sa.create_engine(f"sqlite:///{path}")
    )
    with pytest.raises(StoreError):
        source.version()
    assert storepanel.data_changed(source, ("store", 1)) is False
