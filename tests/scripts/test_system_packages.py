"""scripts/system_packages.sh: the Debian packages ``make test`` needs (issue 14, A9)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.paths import ROOT

SCRIPT = ROOT / "scripts" / "system_packages.sh"

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None and os.environ.get("CI") != "true", reason="not Debian"
)


def run(*packages: str, ci: bool = False, uid: str | None = None, tmp: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    if uid is not None:  # pretend to be another user: an `id` that says so, first on PATH
        assert tmp is not None
        shim = tmp / "id"
        shim.write_text(f"#!/bin/sh\necho {uid}\n")
        shim.chmod(0o755)
        env["PATH"] = f"{tmp}:{env['PATH']}"
    return subprocess.run(
        ["sh", str(SCRIPT), *packages], env=env, capture_output=True, text=True, timeout=60
    )


def test_installed_packages_need_nothing() -> None:
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package}\\n", "dpkg"], capture_output=True, text=True
    ).stdout.split()
    result = run(*installed, ci=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_missing_packages_without_root_say_how_to_install_them(tmp_path: Path) -> None:
    result = run("dpkg", "no-such-package-claimmap", uid="1000", tmp=tmp_path)
    assert result.returncode == 0  # the tests that need it are skipped
    assert result.stderr.splitlines() == [
        "system_packages: missing Debian package(s): no-such-package-claimmap",
        "system_packages: install them with: sudo apt-get install no-such-package-claimmap",
        "system_packages: the tests that need them will be skipped",
    ]


def test_missing_packages_fail_under_ci(tmp_path: Path) -> None:
    result = run("no-such-package-claimmap", ci=True, uid="1000", tmp=tmp_path)
    assert result.returncode == 1
    assert "sudo apt-get install no-such-package-claimmap" in result.stderr


def test_make_test_asks_for_chromium_and_fonts() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "TEST_PACKAGES ?= chromium fonts-dejavu-core fonts-noto-core" in makefile
    assert "\tscripts/system_packages.sh $(TEST_PACKAGES)\n" in makefile


def test_make_test_and_ci_ask_for_postgresql_and_postgis() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(x for x in makefile.splitlines() if x.startswith("TEST_PACKAGES ?="))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for package in ("postgresql-15", "postgresql-15-postgis-3", "postgresql-15-postgis-3-scripts"):
        assert package in line.split()
    # CI installs them through make test (its TEST_PACKAGES), never skipping a test.
    assert "make test" in ci and "export CI=true DEBIAN_FRONTEND=noninteractive" in ci
