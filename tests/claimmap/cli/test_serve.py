"""``claimmap serve``: which store the dashboard reads, and no password in its environment."""

from __future__ import annotations

import pytest

from claimmap.cli import main
from claimmap.cli.serve import dashboard_env
from geo.store.errors import BadStore

SERVER = "postgresql+psycopg://db.example.org:5432/claimmap"


def test_db_and_data_options_win_over_the_environment(tmp_path) -> None:
    shell = {"CLAIMMAP_DB": "sqlite:///other.sqlite", "CLAIMMAP_DATA": "/elsewhere", "X": "1"}
    assert dashboard_env(SERVER, None, shell) == {"CLAIMMAP_DB": SERVER, "X": "1"}
    assert dashboard_env(None, str(tmp_path), shell) == {"CLAIMMAP_DATA": str(tmp_path), "X": "1"}
    assert dashboard_env(None, None, shell) == shell


@pytest.mark.parametrize(
    ("db", "environ"),
    [
        ("postgresql+psycopg://ana:hunter22@db/claimmap", {}),
        (None, {"CLAIMMAP_DB": "postgresql+psycopg://ana:hunter22@db/claimmap"}),
    ],
)
def test_a_server_url_with_a_password_is_refused(db, environ) -> None:
    with pytest.raises(BadStore, match="without a password") as caught:
        dashboard_env(db, None, environ)
    assert "hunter22" not in str(caught.value)


def test_serve_says_so_in_one_line_and_starts_nothing(capsys, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    status = main(["--db", "postgresql+psycopg://ana:hunter22@db/claimmap", "serve"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "without a password" in err and "hunter22" not in err
    assert main(["--db", SERVER, "--data", "data", "serve"]) == 2
    assert "not both" in capsys.readouterr().err
