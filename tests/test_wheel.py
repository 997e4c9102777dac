"""The wheel: built from the checkout, installed (not editable) in a fresh venv, used from anywhere.

The fresh venv finds claimmap's dependencies in the test environment's site-packages
(a ``.pth`` line), so nothing is downloaded; claimmap itself comes only from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from claimmap.exports import FORMATS
from tests.paths import ROOT

pytestmark = pytest.mark.xdist_group("wheel")


def build_wheel(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    return subprocess.run(
        [*command, "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, files):
        if (ROOT / name).is_file() and not (ROOT / name).is_symlink():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "layers" / "static" / "vendor", source / "layers/static/vendor")
    out = tmp_path_factory.mktemp("dist")
    result = build_wheel(source, out)
    assert result.returncode == 0, result.stderr[-2000:]
    (built,) = out.glob("claimmap-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    site = next(root.glob("lib/python*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(root / "bin" / "python"), "install",
         "-q", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return root


def run_installed(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMMAP_")}
    env["XDG_CACHE_HOME"] = str(cwd / "cache")
    env["XDG_DATA_HOME"] = str(cwd / "share")
    return subprocess.run(
        [str(venv / "bin" / "claimmap"), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_only_three_import_names_are_installed(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"geo", "layers", "claimmap"}


def test_the_wheel_carries_the_data_and_the_map_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in ("claims.yaml", "sources.yaml", "groups.yaml", "gazetteer.csv"):
        assert f"geo/bundled/{data}" in names
    assert "layers/static/vendor/leaflet/dist/leaflet.js" in names
    assert "claimmap/dashboard/viewpanel_files/index.html" in names  # the large-store map
    assert "layers/static/claimmap.js" in names or any(
        n.startswith("layers/static/") and n.endswith(".js") for n in names
    )


def test_installed_check_runs_from_any_folder(venv: Path, tmp_path: Path) -> None:
    result = run_installed(venv, tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import geo, layers, claimmap; "
         "print(geo.__file__, layers.__file__, claimmap.__file__)"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert all(path.startswith(str(venv)) for path in where), where


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_installed_export_writes_every_format(venv: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"claims.{fmt}"
    result = run_installed(venv, tmp_path, "export", "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
    if fmt == "geojson":
        assert json.loads(out.read_text(encoding="utf-8"))["features"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_installed_serve_starts_the_dashboard(venv: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMMAP_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    server = subprocess.Popen(
        [str(venv / "bin" / "claimmap"), "serve", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "the dashboard did not start"
            time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/app/static/vendor/leaflet/dist/leaflet.js") as r:
            assert r.status == 200 and b"Leaflet" in r.read()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_a_wheel_without_its_map_assets_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for package in ("geo", "layers", "claimmap", "data"):
        shutil.copytree(
            ROOT / package, source / package,
            ignore=shutil.ignore_patterns("vendor", "__pycache__"),
        )  # fmt: skip
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    result = build_wheel(source, tmp_path / "dist")
    assert result.returncode != 0
    assert "pinned map asset(s) missing" in result.stdout + result.stderr
    assert not list((tmp_path / "dist").glob("*.whl")) if (tmp_path / "dist").exists() else True
