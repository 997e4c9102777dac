"""The dashboard on a store (AppTest): where it reads, its cache key, and edits that show."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from claimmap.cli import main as cli
from claimmap.dashboard import access
from geo import paths
from geo.store.session import StoreSession
from tests.paths import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A store filled from the bundled data (a file of this test)."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert cli(["--db", url, "db", "init"]) == 0
    assert cli(["--db", url, "db", "import", str(paths.PACKAGE_DATA_DIR)]) == 0
    return url


def run_app(monkeypatch: pytest.MonkeyPatch, store: str | None = None) -> AppTest:
    monkeypatch.delenv("CLAIMMAP_DATA", raising=False)
    if store is None:
        monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    else:
        monkeypatch.setenv("CLAIMMAP_DB", store)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_statements(at: AppTest) -> list[str]:
    frame = at.dataframe(key="claims_table").value
    return list(frame["statement"])


def test_default_is_the_embedded_store(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch)
    session = at.session_state[access.SESSION_KEY]
    assert session.is_open and session.can_review
    assert "sqlite" in session.where
    claims = session.dataset().claims
    assert at.metric[0].value == f"{len(claims):,}"


def test_an_edit_in_the_store_shows_on_the_next_run(monkeypatch, store_url) -> None:
    at = run_app(monkeypatch, store_url)
    first = at.session_state[access.SESSION_KEY].dataset().claims[0]
    assert first.statement in table_statements(at)
    with StoreSession.open(store_url, who="someone-else") as other:
        other.edit_claim(
            first.id, {"statement": "Changed elsewhere, as reported."}, expect_version=1
        )
    at.run()
    assert not at.exception
    statements = table_statements(at)
    assert "Changed elsewhere, as reported." in statements
    assert first.statement not in statements


def test_data_directory_has_no_session(monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_DATA", str(paths.PACKAGE_DATA_DIR))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert access.SESSION_KEY not in at.session_state
    assert at.dataframe(key="claims_table").value.shape[0] > 0


def test_a_server_without_login_form_says_so(monkeypatch) -> None:
    at = run_app(monkeypatch, "postgresql+psycopg://127.0.0.1:1/claims")
    texts = " ".join(e.value for e in at.error)
    if texts:  # no login form installed: one clear line, nothing else drawn
        assert "login" in texts
    assert not at.dataframe
