"""Every reading command gives the same output on a store (--db) as on its data files (--data).

The store is created and filled through the CLI itself (``db init``, ``db
import``), from the fixture data and from the bundled data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimmap.cli import main
from tests.paths import ROOT
from tests.store_factory import VALID

SOURCES = {"fixture": VALID, "bundled": ROOT / "data"}

READING = [
    ["claims"],
    ["claims", "--json"],
    ["claims", "--json", "--start", "2026-01-06", "--end", "2026-01-08"],
    ["claims", "--type", "crossing", "--actor", "Kataib Hezbollah"],
    ["claims", "--json", "--review-status", "draft,needs_review"],
    ["claims", "--review-status", "accepted"],
    ["conflicts"],
    ["conflicts", "--json"],
    ["check"],
]
EXPORTS = ["geojson", "csv", "kml", "html"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = int(exc.code)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module", params=sorted(SOURCES))
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    data = SOURCES[request.param]
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'store.sqlite'}"
    assert main(["--db", url, "db", "init"]) == 0
    assert main(["--db", url, "--as", "importer", "db", "import", str(data)]) == 0
    return url, data


def _stable(text: str) -> str:
    """Folium names map elements at random, and each export records its own time."""
    text = re.sub(r"_[0-9a-f]{32}", "_ID", text)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)
    text = re.sub(r"exported \d{4}-\d\d-\d\d \d\d:\d\d UTC", "exported TIME", text)
    return re.sub(r"claimmap-data-[0-9a-f]{16}", "claimmap-data-ID", text)


def _same_check_line(text: str) -> str:
    return text.replace("the archived documents", "the seed articles")


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_commands_match(store, capsys, args: list[str]) -> None:
    url, data = store
    on_store = run(capsys, "--db", url, *args)
    on_files = run(capsys, "--data", str(data), *args)
    assert on_store[0] == on_files[0] == 0, (on_store[2], on_files[2])
    assert _same_check_line(on_store[1]) == on_files[1]
    assert on_store[1].strip()


@pytest.mark.parametrize("fmt", EXPORTS)
def test_exports_match(store, capsys, tmp_path: Path, fmt: str) -> None:
    url, data = store
    for window in ([], ["--start", "2026-01-07", "--end", "2026-01-09"]):
        a, b = tmp_path / f"store.{fmt}", tmp_path / f"files.{fmt}"
        assert run(capsys, "--db", url, "export", "--format", fmt, *window, "-o", str(a))[0] == 0
        assert (
            run(capsys, "--data", str(data), "export", "--format", fmt, *window, "-o", str(b))[0]
            == 0
        )
        assert _stable(a.read_text(encoding="utf-8")) == _stable(b.read_text(encoding="utf-8"))


def test_gpkg_exports_match(store, capsys, tmp_path: Path) -> None:
    import pyogrio

    url, data = store
    a, b = tmp_path / "store.gpkg", tmp_path / "files.gpkg"
    assert run(capsys, "--db", url, "export", "--format", "gpkg", "-o", str(a))[0] == 0
    assert run(capsys, "--data", str(data), "export", "--format", "gpkg", "-o", str(b))[0] == 0
    for layer in ("claims", "places"):
        left, right = pyogrio.read_dataframe(a, layer=layer), pyogrio.read_dataframe(b, layer=layer)
        assert left.to_json() == right.to_json()


def test_exports_carry_the_document_hash_and_review_status(store, capsys, tmp_path: Path) -> None:
    url, _ = store
    out = tmp_path / "x.geojson"
    assert run(capsys, "--db", url, "export", "--format", "geojson", "-o", str(out))[0] == 0
    props = [f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert {p["review_status"] for p in props} == {"draft"}
    assert {p["version"] for p in props} == {1}
    hashes = {p["document_sha256"] for p in props}
    assert all(h is None or len(h) == 64 for h in hashes)


def test_geocode_reads_the_stores_places(store, capsys) -> None:
    url, data = store
    on_store = run(capsys, "--db", url, "geocode", "Shalamcheh", "--json")
    on_files = run(capsys, "--data", str(data), "geocode", "Shalamcheh", "--json")
    assert on_store == on_files and on_store[0] == 0
