"""``claimmap export --format png|svg|pdf``: files, options, exit codes (real subprocesses)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimmap.cli import main
from tests.paths import ROOT

WINDOW = ("--start", "2026-01-06", "--end", "2026-01-06")


def claimmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def test_png_is_written_at_the_width_asked_for(tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "map.png"
    result = claimmap("export", "--format", "png", "--width", "1200", "--dpi", "120", *WINDOW,
                      "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {out} (png): ")
    assert Image.open(out).size[0] == 1200


def test_pdf_brief_with_a_story(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "brief.pdf"
    result = claimmap("export", "--format", "pdf", "--story", "militia-transfers-jan-2026",
                      *WINDOW, "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Story: Reported transfers" in text and "One recruit's journey" in text
    assert "tml-iyad-crossing" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "png", "--width", "100"], "--width 100 is out of range (300 to 20000)"),
        (["--format", "png", "--dpi", "0"], "--dpi 0 is out of range (36 to 1200)"),
        (["--format", "svg", "--width", "400", "--dpi", "300"],
         "--width 400 at --dpi 300 makes a map 1.3 in wide; it must be 3 to 60 in"),
        (["--format", "pdf", "--width", "2000"], "--width and --dpi apply to png and svg, not pdf"),
        (["--format", "csv", "--dpi", "100"], "--width and --dpi apply to png and svg, not csv"),
        (["--format", "png", "--story", "x"], "--story applies to the pdf brief, not png"),
        (["--format", "pdf", "--story", "nope"],
         "unknown story 'nope' (stories: militia-transfers-jan-2026)"),
        (["--format", "png", "--width", "wide"], "argument --width: invalid int value: 'wide'"),
    ],
)  # fmt: skip
def test_bad_options_exit_2_with_one_line_and_keep_the_old_file(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "keep.png"
    out.write_bytes(b"old")
    result = claimmap("export", *args, "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"claimmap export: error: {message}"]
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def test_missing_fonts_exit_1_with_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    import layers.publish.fonts as fonts

    monkeypatch.setattr(fonts, "CANDIDATES", (("No Such Sans", "No Such Arabic"),))
    fonts.find_fonts.cache_clear()
    try:
        status = main(["export", "--format", "svg", *WINDOW, "-o", str(tmp_path / "m.svg")])
    finally:
        fonts.find_fonts.cache_clear()
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert len(err) == 1 and "no installed font covers Arabic script" in err[0]
    assert not (tmp_path / "m.svg").exists()
