"""``claimmap extract``: exit codes and the JSON shape, through the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT, cli_command

TEXT = (
    "Ali D. told The Media Line that more than 60 buses had crossed the Shalamcheh border "
    "crossing by Sunday evening, Jan. 11.\r\nKataib Hezbollah fighters reached Ahwaz on Monday."
)


def claimmap(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    command = cli_command()
    env = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, env=env, cwd=ROOT, check=False
    )


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("extract") / "article.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_json_shape_and_offsets(article: Path) -> None:
    result = claimmap(
        "extract", "--published", "2026-01-12", "--json", str(article), "-", stdin=TEXT.encode()
    )
    assert (result.returncode, result.stderr) == (0, b"")
    lines = result.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    for line, path in zip(lines, (str(article), "-"), strict=True):
        record = json.loads(line)
        assert list(record)[:6] == [
            "path",
            "text_sha256",
            "places",
            "dates",
            "quantities",
            "actors",
        ]
        assert record["path"] == path and "text" not in record
        for key in ("places", "dates", "quantities", "actors", "attribution"):
            for item in record[key]:
                assert TEXT[item["start"] : item["end"]] == item["text"]
        place = record["places"][0]
        assert set(place["candidates"][0]) >= {
            "id",
            "name",
            "kind",
            "country",
            "lat",
            "lon",
            "score",
            "stage",
        }
        assert {
            d["text"]: (d["event_start"], d["event_end"], d["precision"]) for d in record["dates"]
        } == {
            "by Sunday evening, Jan. 11": (None, "2026-01-11", "range"),
            "on Monday": ("2026-01-12", "2026-01-12", "day"),
        }
        (figure,) = record["quantities"]
        assert (figure["qualifier"], figure["value"], figure["unit"]) == ("more_than", 60, "buses")
        assert [a["id"] for a in record["actors"]] == ["kataib-hezbollah"]
        assert record["attribution"][0]["outlet"] == "The Media Line"


def test_html_input_carries_its_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>T</title></head><body><article><p>"
        "More than 60 buses crossed at Shalamcheh into Iran by Sunday evening, Jan. 11, an "
        "official said on Monday. &lt;script&gt; stays text.</p></article></body></html>",
        encoding="utf-8",
    )
    result = claimmap("extract", "--json", str(page))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    text = record["text"]
    assert "Shalamcheh" in text and "<script>" in text
    assert all(text[p["start"] : p["end"]] == p["text"] for p in record["places"])
    assert set(record["page"]) == {"title", "date", "site", "url"}


def test_readable_listing(article: Path) -> None:
    result = claimmap("extract", str(article))
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0
    assert (
        out.startswith(f"{article}: ")
        and "shalamcheh-crossing" in out
        and "more_than 60 buses" in out
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "missing.txt"], "claimmap extract: missing.txt: file not found\n"),
        (
            ["extract", "--published", "2026-02-30", "x.txt"],
            "not a valid date (YYYY-MM-DD): '2026-02-30'",
        ),
        (["extract"], "the following arguments are required: PATH"),
    ],
)
def test_bad_input_exit_2_one_line(args: list[str], message: str) -> None:
    result = claimmap(*args)
    assert result.returncode == 2
    assert result.stdout == b""
    assert message in result.stderr.decode()
    assert len(result.stderr.splitlines()) == 1


def test_not_utf8_names_file_and_line_and_prints_nothing(article: Path, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("line one\nBasra caf\xe9\n".encode("latin-1"))
    result = claimmap("extract", "--json", str(article), str(bad))
    assert result.returncode == 2 and result.stdout == b""
    assert (
        result.stderr.decode()
        == f"claimmap extract: {bad}:2: not UTF-8 text (invalid continuation byte at byte 17)\n"
        or (f"{bad}:2: not UTF-8 text" in result.stderr.decode())
    )


def test_a_directory_is_bad_input(tmp_path: Path) -> None:
    result = claimmap("extract", str(tmp_path))
    assert result.returncode == 2 and b"is a directory" in result.stderr


def test_bad_actors_file_exit_2_with_file_and_line(tmp_path: Path, article: Path) -> None:
    for name in ("gazetteer.csv", "sources.yaml", "claims.yaml", "groups.yaml"):
        (tmp_path / name).write_bytes((ROOT / "data" / name).read_bytes())
    (tmp_path / "actors.yaml").write_text(
        "- id: x\n  name: X\n  kind: nonsense\n", encoding="utf-8"
    )
    result = claimmap("--data", str(tmp_path), "extract", str(article))
    assert result.returncode == 2 and result.stdout == b""
    assert "actors.yaml:3: actor x: kind 'nonsense' is not one of" in result.stderr.decode()
    assert b"Traceback" not in result.stderr


def test_geocode_stays_light() -> None:
    """``claimmap geocode`` loads none of the ingest machinery (Aho-Corasick, trafilatura)."""
    probe = (
        "import json, sys; from claimmap.cli import main; main(['geocode', 'Najaf', '--json']); "
        "heavy = ['ahocorasick', 'trafilatura', 'text_to_num', 'english_words', "
        "'geo.ingest.places']; "
        "print(json.dumps([m for m in heavy if m in sys.modules]))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
