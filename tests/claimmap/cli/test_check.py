"""``claimmap check`` run as a subprocess, on clean and on broken data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.dataset import load_dataset
from tests.geo.test_dataset import EXPECTED, VALID, make_data_dir


def claimmap(*args: str, cwd: Path, seeds: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("CLAIMMAP_DATA", None)
    env["CLAIMMAP_SEEDS"] = str(seeds or cwd / "no-seeds-here")
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_reports_each_broken_fixture(tmp_path: Path, case: str) -> None:
    make_data_dir(tmp_path, case)
    result = claimmap("--data", ".", "check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [*EXPECTED[case], f"claimmap check: {len(EXPECTED[case])} problem(s)"]


def test_check_reports_all_problems_at_once(tmp_path: Path) -> None:
    make_data_dir(tmp_path, "cites-cycle", "not-a-list", "unknown-place")
    result = claimmap("--data", ".", "check", cwd=tmp_path)
    assert result.returncode == 2
    expected = EXPECTED["not-a-list"] + EXPECTED["cites-cycle"] + EXPECTED["unknown-place"]
    assert sorted(result.stderr.splitlines()[:-1]) == sorted(expected)
    assert "Traceback" not in result.stderr


def test_check_clean_data_prints_one_summary_line(tmp_path: Path) -> None:
    result = claimmap("--data", str(VALID), "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: 6 places, 5 sources, 6 claims in 3 groups, 3 conflict(s)\n"
    assert result.stderr == ""


def write_seeds(seeds: Path, change: tuple[str, str] = ("", "")) -> None:
    """Seed files holding the fixture's quotes (one replacement applied to every text)."""
    dataset = load_dataset(VALID)
    texts: dict[str, list[str]] = {}
    for claim in dataset.claims:
        seed = dataset.source_of(claim).seed_file
        texts.setdefault(seed, ["Intro line."]).append(claim.quote)
    seeds.mkdir(exist_ok=True)
    for seed, lines in texts.items():
        (seeds / seed).write_text("\n".join(lines).replace(*change), encoding="utf-8")


def test_check_finds_quotes_in_seed_files(tmp_path: Path) -> None:
    make_data_dir(tmp_path / "data")
    seeds = tmp_path / "seeds"
    write_seeds(seeds, ("more than 60 buses", "more than 70 buses"))
    result = claimmap("--data", "data", "check", cwd=tmp_path, seeds=seeds)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "data/claims.yaml:2: claim tml-buses: quote not found verbatim in 001_a3d9c2880df0cb29.txt",
        "claimmap check: 1 problem(s)",
    ]
    write_seeds(seeds)
    result = claimmap("--data", "data", "check", cwd=tmp_path, seeds=seeds)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("; 6 quote(s) found in the seed articles\n")


def test_check_on_a_missing_data_dir(tmp_path: Path) -> None:
    result = claimmap("--data", "absent", "check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "absent: data directory not found"
    assert "Traceback" not in result.stderr
    # one problem, not a second one for the gazetteer inside the missing directory
    assert result.stderr.splitlines()[1:] == ["claimmap check: 1 problem(s)"]


def test_check_on_a_seed_file_that_is_not_utf8(tmp_path: Path) -> None:
    make_data_dir(tmp_path / "data")
    seeds = tmp_path / "seeds"
    write_seeds(seeds)
    seed = sorted(seeds.iterdir())[0]
    seed.write_bytes(seed.read_bytes() + b"\xff")
    result = claimmap("--data", "data", "check", cwd=tmp_path, seeds=seeds)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"seed_file '{seed.name}' is not UTF-8 text" in result.stderr
