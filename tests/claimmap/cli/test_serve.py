"""``claimmap serve`` on a server: no password in the dashboard's environment."""

from __future__ import annotations

import argparse

import pytest

from claimmap.cli import main
from claimmap.cli.serve import dashboard_env, password_problem

SERVER = "postgresql+psycopg://db.example.org:5432/claimmap"
WITH_PASSWORD = "postgresql+psycopg://ana:hunter22@db/claimmap"


def test_a_server_url_without_a_password_is_taken() -> None:
    assert password_problem(SERVER) is None
    assert password_problem("sqlite:///x.sqlite") is None and password_problem(None) is None
    assert "not a database URL" in password_problem("not a url")


@pytest.mark.parametrize("from_env", [False, True])
def test_a_server_url_with_a_password_is_refused(monkeypatch, from_env: bool) -> None:
    monkeypatch.setenv("CLAIMMAP_DB", WITH_PASSWORD if from_env else SERVER)
    given = argparse.Namespace(db=None if from_env else WITH_PASSWORD, data=None, actor=None)
    _, problem = dashboard_env(given)
    assert "without a password" in problem and "hunter22" not in problem


def test_serve_says_so_in_one_line_and_starts_nothing(capsys, monkeypatch) -> None:
    monkeypatch.delenv("CLAIMMAP_DB", raising=False)
    assert main(["--db", WITH_PASSWORD, "serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "without a password" in err and "hunter22" not in err
