"""``claimmap export``: formats, the date window, exit codes and atomic output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimmap.cli import main
from tests.geo.test_dataset import EXPECTED, VALID, make_data_dir
from tests.paths import ROOT  # noqa: E402


def claimmap(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run in process (faster) for behaviour that does not depend on the process."""
    try:
        status = main(["--data", str(VALID), *args])
    except SystemExit as exc:
        status = int(exc.code)
    out, err = capsys.readouterr()
    return status, out, err


def geojson_ids(path: Path) -> set[str]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["claim_id"] for f in collection["features"]}


# ----------------------------------------------------------------- contract, end to end


def test_geojson_export_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "claims.geojson"
    result = claimmap("--data", str(VALID), "export", "--format", "geojson", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {out} (geojson): 6 of 6 claims")
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    assert geojson_ids(out) == {
        "tml-buses",
        "khamenei-buses",
        "noonpost-fighters",
        "amargi-fighters",
        "tml-qaani",
        "noonpost-qaani",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--start", "2026-13-01"],
            "argument --start: not a valid date (YYYY-MM-DD): '2026-13-01'",
        ),
        (["--end", "Jan 8"], "argument --end: not a valid date (YYYY-MM-DD): 'Jan 8'"),
        (["--start", "2026-01-09", "--end", "2026-01-08"], "--end 2026-01-08 is before --start"),
        (["--format", "shp"], "argument --format: invalid choice: 'shp'"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "out.geojson"
    base = ["--data", str(VALID), "export", "-o", str(out)]
    if "--format" not in args:
        base += ["--format", "geojson"]
    result = claimmap(*base, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_output_and_missing_format_exit_2() -> None:
    for args, missing in ((["--format", "csv"], "-o/--output"), (["-o", "x.csv"], "--format")):
        result = claimmap("--data", str(VALID), "export", *args)
        assert result.returncode == 2
        assert f"the following arguments are required: {missing}" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_missing_output_directory_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "claims.kml"
    result = claimmap("--data", str(VALID), "export", "--format", "kml", "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"claimmap export: error: output directory does not exist: {out.parent}"
    )
    assert not (tmp_path / "no").exists()


def test_data_errors_exit_2_one_line_per_problem(tmp_path: Path) -> None:
    data = make_data_dir(tmp_path / "data", "unknown-place", "unused-group")
    out = tmp_path / "claims.csv"
    out.write_text("previous export\n", encoding="utf-8")
    result = claimmap("--data", str(data), "export", "--format", "csv", "-o", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    expected = EXPECTED["unknown-place"] + EXPECTED["unused-group"]
    assert len(lines) == len(expected)
    for problem in expected:
        assert any(line.endswith(problem) for line in lines), (problem, lines)
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous export\n"


def test_help_documents_the_window_and_undated_claims() -> None:
    result = claimmap("export", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "A claim with no event date happened no later than its document's publication" in text
    assert "--as-of" in text and "window_match: certain" in text
    assert "{geojson,html,csv,kml,kmz,gpkg,png,svg,pdf}" in text


# ----------------------------------------------------------------- the window


@pytest.mark.parametrize(
    ("window", "kept"),
    [
        (["--start", "2026-01-08"], True),  # noonpost-qaani is Jan 6-8: its last day
        (["--end", "2026-01-06"], True),  # its first day
        (["--start", "2026-01-09"], False),  # the day after
        (["--end", "2026-01-05"], False),  # the day before
        (["--start", "2026-01-07", "--end", "2026-01-07"], True),  # a day inside
    ],
)
def test_window_edges(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, window: list[str], kept: bool
) -> None:
    out = tmp_path / "w.geojson"
    status, _, err = run(capsys, "export", "--format", "geojson", *window, "-o", str(out))
    assert status == 0, err
    ids = geojson_ids(out)
    assert ("noonpost-qaani" in ids) is kept
    # Undated, in a document with no date either: it may lie in any window.
    assert "noonpost-fighters" in ids


def test_undated_claims_are_kept_without_a_window(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "all.csv"
    status, _, _ = run(capsys, "export", "--format", "csv", "-o", str(out))
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert "noonpost-fighters" in {r["claim_id"] for r in rows}
    assert len(rows) == 6


def test_window_applies_to_csv_and_kml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    window = ["--start", "2026-01-10", "--end", "2026-01-20"]
    status, _, err = run(
        capsys, "export", "--format", "csv", *window, "-o", str(tmp_path / "w.csv")
    )
    assert status == 0
    assert "4 of 6 claims" in err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "w.csv").read_text(encoding="utf-8"))))
    matches = {r["claim_id"]: r["window_match"] for r in rows}
    assert matches == {
        "tml-buses": "possible",
        "khamenei-buses": "possible",
        "noonpost-fighters": "possible",
        "amargi-fighters": "possible",
    }
    assert {json.loads(r["export_filter"])["start"] for r in rows} == {"2026-01-10"}
    status, _, _ = run(capsys, "export", "--format", "kml", *window, "-o", str(tmp_path / "w.kml"))
    assert status == 0
    text = (tmp_path / "w.kml").read_text(encoding="utf-8")
    assert "amargi-fighters" in text and "noonpost-qaani" not in text
    assert "Filter: events 2026-01-10 to 2026-01-20 · exported " in text


def test_kmz_is_a_zip_with_its_icons(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "claims.kmz"
    args = ["export", "--format", "kmz", "--as-of", "2026-01-20", "-o", str(out)]
    status, _, err = run(capsys, *args)
    assert status == 0, err
    with zipfile.ZipFile(out) as kmz:
        assert kmz.namelist()[0] == "doc.kml"
        doc = kmz.read("doc.kml").decode("utf-8")
        assert "as known on 2026-01-20" in doc and "<href>files/" in doc


# ----------------------------------------------------------------- output safety


def test_existing_output_is_replaced_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "claims.geojson"
    out.write_text("x" * 100_000, encoding="utf-8")  # longer than the export
    status, _, _ = run(capsys, "export", "--format", "geojson", "-o", str(out))
    assert status == 0
    json.loads(out.read_text(encoding="utf-8"))  # no leftover tail
    assert [p.name for p in tmp_path.iterdir()] == ["claims.geojson"]


def test_output_that_is_a_directory_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "export", "--format", "csv", "-o", str(tmp_path))
    assert status == 2 and out == ""
    assert err.strip() == f"claimmap export: error: output path is a directory: {tmp_path}"


def test_an_impossible_file_name_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / ("x" * 300 + ".kml")  # longer than a file name may be
    status, _, err = run(capsys, "export", "--format", "kml", "-o", str(out))
    assert status == 2
    assert err.startswith(f"claimmap export: error: bad output path {out}: File name too long")
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    # A directory nobody can create files in, root included: /proc/self.
    out = Path("/proc/self/claims.kml")
    assert out.parent.is_dir()
    status, _, err = run(capsys, "export", "--format", "kml", "-o", str(out))
    assert status == 1
    assert err.startswith(f"claimmap export: error: cannot write {out}: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_long_file_names_that_fit_are_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / ("x" * 245 + ".csv")
    status, _, err = run(capsys, "export", "--format", "csv", "-o", str(out))
    assert status == 0, err
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


# ----------------------------------------------------------------- html (layers.html)


def test_html_export_is_one_offline_file_with_the_window_applied(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    out.write_text("old map", encoding="utf-8")
    result = claimmap(
        "--data", str(VALID), "export", "--format", "html", "--start", "2026-01-10", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert "amargi-fighters" in page  # Jan 4-13: in the window
    assert "noonpost-qaani" not in page  # Jan 6-8: before it
    assert "events from 2026-01-10 · exported " in page  # the title box names the filter
    assert '<script src="http' not in page and '<link href="http' not in page
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
