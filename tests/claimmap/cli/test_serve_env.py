"""`claimmap serve` hands the dashboard where to read and who edits, as the CLI would."""

from __future__ import annotations

import argparse

from claimmap.cli import main
from claimmap.cli.serve import dashboard_env
from claimmap.dashboard import access


def args(**values) -> argparse.Namespace:
    return argparse.Namespace(**{"db": None, "data": None, "actor": None, **values})


def test_db_and_data_choose_as_the_cli(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CLAIMMAP_DATA", "/elsewhere")
    env, problem = dashboard_env(args(db="sqlite:///x.sqlite", actor="ana"))
    assert problem is None
    assert env["CLAIMMAP_DB"] == "sqlite:///x.sqlite" and "CLAIMMAP_DATA" not in env
    assert env["CLAIMMAP_AS"] == "ana"
    monkeypatch.setenv("CLAIMMAP_DB", "sqlite:///y.sqlite")
    env, _ = dashboard_env(args(data=str(tmp_path)))
    assert env["CLAIMMAP_DATA"] == str(tmp_path.resolve()) and "CLAIMMAP_DB" not in env


def test_both_is_bad_input(capsys) -> None:
    assert main(["--db", "sqlite:///x.sqlite", "--data", "data", "serve"]) == 2
    assert "not both" in capsys.readouterr().err


def test_the_dashboard_records_the_name_given(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CLAIMMAP_AS", "  ana  ")
    assert access.dashboard_user() == "ana"
    monkeypatch.setenv("CLAIMMAP_AS", "")
    assert access.dashboard_user() is None
    monkeypatch.setenv("CLAIMMAP_AS", "ana")
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    assert main(["--db", url, "db", "init"]) == 0
    session = access.open_session(access.Location("store", url))
    assert session is not None and session.user == "ana"
    session.close()
