"""Hostile and broken input through the real command (issue 14, part A).

Each case runs ``claimmap`` as a process on a copy of the bundled data with one
fault, and checks the contract for bad input: one clear line naming the file
and line (or the path), a non-zero exit status, no traceback, and nothing
saved changed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.paths import PACKAGE_DATA_DIR
from tests.paths import ROOT, cli_command


def claimmap(
    *args: str, cwd: Path, env: dict[str, str] | None = None, **kw
) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    environment["CLAIMMAP_SEEDS"] = str(cwd / "no-seeds-here")
    environment.update(env or {})
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [*cli_command(), *args], cwd=cwd, env=environment, text=True, timeout=300, **kw
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the bundled data in ``tmp_path/data``."""
    shutil.copytree(PACKAGE_DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(result: subprocess.CompletedProcess) -> list[str]:
    """The problem lines of a failed ``check`` (without the closing count)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == f"claimmap check: {len(lines) - 1} problem(s)"
    return lines[:-1]


# --- A1: export never overwrites the data or the store --------------------------------------


@pytest.mark.parametrize(
    "output",
    [
        "data/claims.yaml",
        "data/groups.yaml",
        "./data/../data/gazetteer.csv",
        "link.csv",
        "hard.csv",
    ],
)
def test_export_refuses_to_overwrite_a_data_file(data: Path, output: str) -> None:
    (data.parent / "link.csv").symlink_to(data / "sources.yaml")
    os.link(data / "claims.yaml", data.parent / "hard.csv")
    before = snapshot(data)
    result = claimmap("--data", "data", "export", "--format", "csv", "-o", output, cwd=data.parent)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"claimmap export: error: {Path(output)} is a data file (")
    assert line.endswith("); refusing to overwrite it")
    assert snapshot(data) == before


def test_export_refuses_the_bundled_data_without_data(tmp_path: Path) -> None:
    target = PACKAGE_DATA_DIR / "claims.yaml"
    before = target.read_bytes()
    result = claimmap("export", "--format", "geojson", "-o", str(target), cwd=tmp_path)
    assert result.returncode == 2 and "is a data file" in result.stderr
    assert target.read_bytes() == before


def test_export_refuses_an_sqlite_database(data: Path) -> None:
    store = data.parent / "claimmap.sqlite"
    with sqlite3.connect(store) as connection:
        connection.execute("CREATE TABLE claim (id TEXT)")
    before = store.read_bytes()
    result = claimmap(
        "--data", "data", "export", "--format", "kml", "-o", store.name, cwd=data.parent
    )
    assert result.returncode == 2
    assert result.stderr == (
        "claimmap export: error: claimmap.sqlite is an SQLite database (a claimmap store?); "
        "refusing to overwrite it\n"
    )
    assert store.read_bytes() == before


def test_export_follows_a_link_and_keeps_it(data: Path) -> None:
    real = data.parent / "exports" / "claims.geojson"
    real.parent.mkdir()
    real.write_text("old")
    link = data.parent / "latest.geojson"
    link.symlink_to(real)
    result = claimmap(
        "--data", "data", "export", "--format", "geojson", "-o", link.name, cwd=data.parent
    )
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith(
        '{"type":"FeatureCollection"'
    )


def test_export_refuses_a_read_only_file(data: Path) -> None:
    out = data.parent / "kept.csv"
    out.write_text("precious")
    out.chmod(0o444)
    result = claimmap(
        "--data", "data", "export", "--format", "csv", "-o", out.name, cwd=data.parent
    )
    assert result.returncode == 4
    assert (
        result.stderr
        == "claimmap export: error: kept.csv: the file is read-only; not replacing it\n"
    )
    assert out.read_text() == "precious" and sorted(p.name for p in data.parent.iterdir()) == [
        "data",
        "kept.csv",
    ]


# --- A2 and A4: alias bombs and deep nesting -------------------------------------------------


def billion_laughs() -> str:
    lines = ["- id: bomb", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


HOSTILE_YAML = {
    "alias-bomb": (billion_laughs(), "aliases expand to more than"),
    "deep-lists": ("- " + "[" * 50_000 + "]" * 50_000 + "\n", "data nested more than 32 levels"),
    "deep-mappings": (
        "- " + "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "x\n",
        "data nested more than 32 levels",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
@pytest.mark.parametrize(
    "command", [["check"], ["export", "--format", "geojson", "-o", "out.geojson"]]
)
def test_hostile_yaml_is_refused_at_once_in_one_line(
    data: Path, case: str, command: list[str]
) -> None:
    text, message = HOSTILE_YAML[case]
    first = len((data / "claims.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with (data / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write(text)
    start = time.perf_counter()
    result = claimmap("--data", "data", *command, cwd=data.parent)
    assert time.perf_counter() - start < 20  # the whole process; the reader itself < 1 s
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = result.stderr.splitlines()[0]
    assert line.startswith("data/claims.yaml:") and message in line
    assert int(line.split(":")[1]) >= first  # located in what was added
    assert not (data.parent / "out.geojson").exists()


# --- A3: coordinates against their country ---------------------------------------------------

BASRA = "basra,Basra,city,IQ,IQ-BA,30.50852,47.7804,"


SWAPPED = "lies in UA, 1,475 km from IQ, beyond its precision of 10 km (lat and lon swapped?)"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("basra,Basra,city,IQ,IQ-BA,47.7804,30.50852,", SWAPPED),
        ("basra,Basra,city,IQ,IQ-BA,-30.50852,47.7804,", "(sign of lat flipped?)"),
        ("basra,Basra,city,IQ,IQ-BA,30.50852,-47.7804,", "(sign of lon flipped?)"),
        ("basra,Basra,city,IR,IR-06,30.50852,47.7804,", "lon 47.7804 lies in IQ, 22 km from IR"),
    ],
)
def test_check_finds_coordinates_outside_their_country(data: Path, row: str, expected: str) -> None:
    edit(data / "gazetteer.csv", BASRA, row)
    (problem,) = problems_of(claimmap("--data", "data", "check", cwd=data.parent))
    assert problem.startswith("data/gazetteer.csv:17: place 'basra': ")
    assert expected in problem


def test_crossings_within_their_precision_of_the_border_pass(data: Path) -> None:
    # the Iranian side of Shalamcheh, put 1 km inside Iraq: within its 4 km
    edit(data / "gazetteer.csv", "IR-06,30.49,48.02,", "IR-06,30.49,48.0,")
    result = claimmap("--data", "data", "check", cwd=data.parent)
    assert result.returncode == 0, result.stderr


# --- A5 and A7: values refused by check ------------------------------------------------------


NAN = ":28: claim tml-iyad-recruited: quantity 'pay_usd_per_month' value nan is not a finite"
ROUTE = "places: [shalamcheh-post-iq, shalamcheh-crossing]"
TML = "url: https://themedialine.org"
REFUSED = [
    ("claims.yaml", "value: 600", "value: .nan", NAN),
    ("claims.yaml", "value: 600", "value: .inf", "value inf is not a finite number"),
    (
        "claims.yaml",
        ROUTE,
        "places: [shalamcheh-crossing, shalamcheh-crossing]",
        "the route goes from 'shalamcheh-crossing' to itself",
    ),
    (
        "sources.yaml",
        TML,
        "url: javascript:alert(1)",
        ":42: source doc-001-the-media-line: url: 'javascript:alert(1)' is not an http(s) address",
    ),
    ("sources.yaml", TML, "url: 'data:text/html,<b>x</b>'", "is not an http(s) address with a"),
    (
        "gazetteer.csv",
        "basra,Basra,",
        "basra,Bas\x00ra,",
        "gazetteer.csv:17: place 'basra': name holds the control character U+0000",
    ),
    (
        "claims.yaml",
        'text: "$600 a month"',
        'text: "$600 a month\u202e"',
        ":28: text holds an unclosed right-to-left override (U+202E)",
    ),
]


@pytest.mark.parametrize(("path", "old", "new", "expected"), REFUSED)
def test_check_refuses_what_no_output_should_carry(
    data: Path, path: str, old: str, new: str, expected: str
) -> None:
    edit(data / path, old, new)
    problems = problems_of(claimmap("--data", "data", "check", cwd=data.parent))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"data/{path}:") for p in problems)


def test_a_csv_syntax_error_carries_its_line(data: Path) -> None:
    edit(data / "gazetteer.csv", BASRA, 'basra,"Basra"x,city,IQ,IQ-BA,30.50852,47.7804,')
    assert problems_of(claimmap("--data", "data", "check", cwd=data.parent)) == [
        "data/gazetteer.csv:17: CSV syntax error: ',' expected after '\"'"
    ]


def test_a_gazetteer_that_is_not_utf8_is_located(data: Path) -> None:
    raw = (data / "gazetteer.csv").read_bytes().replace(b"basra,Basra,", b"basra,Bas\xffra,", 1)
    (data / "gazetteer.csv").write_bytes(raw)
    (problem,) = problems_of(claimmap("--data", "data", "check", cwd=data.parent))
    assert problem.startswith("data/gazetteer.csv:17: not UTF-8 text (invalid start byte")


# --- A6: one line where a traceback was --------------------------------------------------------


def as_another_user() -> list[str]:
    """Run as ``nobody`` when root (permissions bind root only through another user)."""
    return (
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    )


@pytest.mark.parametrize("locked", ["parent", "itself"])
def test_an_unreadable_data_directory_is_one_line(tmp_path: Path, locked: str) -> None:
    parent = tmp_path / "locked"
    data = parent / "data"
    shutil.copytree(PACKAGE_DATA_DIR, data)
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's privileges")
    tmp_path.chmod(0o755)
    (parent if locked == "parent" else data).chmod(0o000)
    try:
        result = subprocess.run(
            [*as_another_user(), sys.executable, "-m", "claimmap", "--data", str(data), "check"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        (parent if locked == "parent" else data).chmod(0o755)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Permission denied" in result.stderr.splitlines()[0]


@pytest.mark.parametrize("command", [["claims", "--json"], ["conflicts"], ["geocode", "Basra"]])
def test_output_that_cannot_be_written_is_one_line(tmp_path: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = claimmap(*command, cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 1
    assert result.stderr == (
        f"claimmap {command[0]}: error: cannot write the output: No space left on device\n"
    )


def test_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    result = subprocess.run(
        f"{' '.join(cli_command())} claims --json | head -c 1", shell=True, cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.stdout == "[" and result.stderr == ""
