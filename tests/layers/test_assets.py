from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from layers import assets
from tests.paths import ROOT  # noqa: E402

SCRIPT = ROOT / "scripts" / "fetch_assets.py"


def load_fetch_module():
    spec = importlib.util.spec_from_file_location("fetch_assets", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


fetch = load_fetch_module()


def make_tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


# ------------------------------------------------------------------ the manifest


def test_manifest_pins_every_package_by_version_and_sha512() -> None:
    packages = fetch.load_manifest(fetch.MANIFEST)
    names = [p["name"] for p in packages]
    assert names == ["leaflet", "leaflet.markercluster"]
    for pkg in packages:
        assert re.fullmatch(r"\d+\.\d+\.\d+", pkg["version"])
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/]{86}==", pkg["integrity"])
        assert pkg["js"] and set(pkg["js"]) <= set(pkg["files"])
        assert set(pkg.get("css", [])) <= set(pkg["files"])
    assert assets.packages()["leaflet"].version == "1.9.3"  # folium 0.20's Leaflet


@pytest.mark.parametrize(
    "change, message",
    [
        ({"files": ["../evil.js"]}, "unsafe file path"),
        ({"files": ["/etc/passwd"]}, "unsafe file path"),
        ({"js": ["dist/other.js"]}, "not in 'files'"),
    ],
)
def test_manifest_problems_are_named(tmp_path: Path, change: dict, message: str) -> None:
    pkg = {"name": "p", "version": "1.0.0", "integrity": "sha512-x", "files": ["a.js"], "js": []}
    pkg.update(change)
    path = tmp_path / "assets.json"
    path.write_text(json.dumps({"packages": [pkg]}))
    with pytest.raises(fetch.FetchError, match=message):
        fetch.load_manifest(path)


def test_missing_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "assets.json"
    path.write_text(json.dumps({"packages": [{"name": "p", "version": "1"}]}))
    with pytest.raises(fetch.FetchError, match="has no 'integrity'"):
        fetch.load_manifest(path)


# ------------------------------------------------------------------ fetch steps


def test_integrity_matches_npm_format(tmp_path: Path) -> None:
    path = tmp_path / "x.tgz"
    path.write_bytes(b"hello")
    expected = "sha512-" + base64.b64encode(hashlib.sha512(b"hello").digest()).decode()
    assert fetch.integrity_of(path) == expected


def test_extract_takes_only_listed_files(tmp_path: Path) -> None:
    tgz = make_tarball(tmp_path / "p.tgz", {"dist/a.js": b"A", "dist/b.js": b"B", "README": b"r"})
    dest = tmp_path / "out"
    fetch.extract(tgz, ["dist/a.js"], dest)
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()) == [
        "dist/a.js"
    ]
    assert (dest / "dist/a.js").read_bytes() == b"A"
    with pytest.raises(fetch.FetchError, match="no file 'dist/c.js'"):
        fetch.extract(tgz, ["dist/c.js"], dest)


def test_up_to_date_needs_the_stamp_and_every_file(tmp_path: Path) -> None:
    packages = [{"name": "p", "version": "1.0.0", "integrity": "sha512-x", "files": ["a.js"]}]
    assert not fetch.up_to_date(packages, tmp_path)
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.js").write_text("x")
    assert not fetch.up_to_date(packages, tmp_path)
    (tmp_path / ".fetched").write_text(fetch.stamp_text(packages))
    assert fetch.up_to_date(packages, tmp_path)
    changed = [dict(packages[0], version="1.0.1")]
    assert not fetch.up_to_date(changed, tmp_path)


def run_script(*args: str, path_env: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=path_env)
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_missing_npm_is_one_clear_line(tmp_path: Path) -> None:
    result = run_script("--dest", str(tmp_path / "vendor"), path_env=str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "npm not found" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_second_run_is_a_no_op_without_npm(tmp_path: Path) -> None:
    # The repository's vendor dir was fetched by `make setup`: a run with no npm
    # on PATH must see it is up to date and succeed.
    packages = fetch.load_manifest(fetch.MANIFEST)
    assert fetch.up_to_date(packages, fetch.DEST), "run `make setup` to fetch the vendor files"
    result = run_script(path_env=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_fetch_from_npm_cache_verifies_and_extracts(tmp_path: Path) -> None:
    # `make setup` ran `npm pack` for these packages, so npm's cache has them;
    # --offline keeps this test off the network.
    dest = tmp_path / "vendor"
    result = run_script("--dest", str(dest), "--offline", path_env=os.environ["PATH"])
    assert result.returncode == 0, result.stderr
    for pkg in fetch.load_manifest(fetch.MANIFEST):
        for name in pkg["files"]:
            assert (dest / pkg["name"] / name).read_bytes() == (
                fetch.DEST / pkg["name"] / name
            ).read_bytes()
    assert (dest / ".fetched").is_file()
    names = sorted(p.name for p in dest.iterdir())
    assert names == [".fetched", "leaflet", "leaflet.markercluster"]


def test_integrity_mismatch_stops_before_replacing(tmp_path: Path) -> None:
    manifest = json.loads(fetch.MANIFEST.read_text())
    manifest["packages"] = manifest["packages"][:1]
    manifest["packages"][0]["integrity"] = "sha512-" + "A" * 86 + "=="
    path = tmp_path / "assets.json"
    path.write_text(json.dumps(manifest))
    dest = tmp_path / "vendor"
    (dest / "leaflet").mkdir(parents=True)
    (dest / "leaflet" / "keep.txt").write_text("old")
    result = run_script(
        "--manifest", str(path), "--dest", str(dest), "--offline", path_env=os.environ["PATH"]
    )
    assert result.returncode == 1
    assert "integrity mismatch" in result.stderr
    assert (dest / "leaflet" / "keep.txt").read_text() == "old"


# ------------------------------------------------------------------ layers.assets


def test_links_point_at_streamlit_static_serving() -> None:
    links = assets.js_links((assets.LEAFLET, assets.MARKERCLUSTER))
    assert [url for _, url in links] == [
        "/app/static/vendor/leaflet/dist/leaflet.js",
        "/app/static/vendor/leaflet.markercluster/dist/leaflet.markercluster.js",
    ]
    for _, url in links + assets.css_links((assets.LEAFLET, assets.MARKERCLUSTER)):
        assert (ROOT / url.removeprefix("/app/")).is_file()


def test_inlined_css_has_its_images_as_data_uris() -> None:
    ((name, css),) = assets.inline_css((assets.LEAFLET,))
    assert name == "leaflet:dist/leaflet.css"
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls, "leaflet.css uses images"
    for url in urls:
        url = url.strip("'\"")
        assert url.startswith(("data:image/png;base64,", "#")), url[:40]


def test_css_url_rules(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"\x89PNG")
    css = tmp_path / "a.css"
    out = assets.css_with_data_uris(
        "a{background:url(img/a.png)} b{behavior:url(#default#VML)} c{x:url('data:,1')}", css
    )
    assert 'url("data:image/png;base64,iVBORw==")' in out
    assert "url(#default#VML)" in out and "url('data:,1')" in out
    with pytest.raises(ValueError, match="outside resource"):
        assets.css_with_data_uris("a{background:url(https://cdn.example/x.png)}", css)
    with pytest.raises(ValueError, match="outside resource"):
        assets.css_with_data_uris("a{background:url(//cdn.example/x.png)}", css)
    with pytest.raises(assets.AssetsMissingError):
        assets.css_with_data_uris("a{background:url(img/missing.png)}", css)


def test_script_text_cannot_close_its_element() -> None:
    text = assets.script_text('var a = "</script><b>";\n//# sourceMappingURL=x.js.map\n')
    assert "</script" not in text.lower()
    assert "sourceMappingURL" not in text
    assert "<\\/script>" in text


def test_missing_vendor_file_says_how_to_fetch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMMAP_VENDOR_DIR", str(tmp_path))
    with pytest.raises(assets.AssetsMissingError, match="make setup"):
        assets.inline_js((assets.LEAFLET,))


def test_claimmap_code_is_inlinable() -> None:
    js, css = assets.claimmap_js(), assets.claimmap_css()
    assert "ClaimMap" in js and "</script" not in js.lower()
    assert ".cm-legend" in css and "</style" not in css.lower()
    # Data reaches the page through textContent and attributes only.
    assert not re.search(r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write", js)
