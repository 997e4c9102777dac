"""``claimmap stories`` run as a subprocess: JSON contract, text, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.geo.test_dataset import VALID
from tests.geo.test_stories import EXPECTED, STORIES
from tests.paths import ROOT


def claimmap(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    return subprocess.run(
        [sys.executable, "-m", "claimmap", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_stories_json_lists_the_bundled_story() -> None:
    result = claimmap("stories", "--json")
    assert result.returncode == 0, result.stderr
    stories = json.loads(result.stdout)
    assert [s["id"] for s in stories] == ["militia-transfers-jan-2026"]
    for step in stories[0]["steps"]:
        assert {"title", "text", "start", "end", "places", "claims"} <= set(step)
        assert step["claims"]


def test_stories_text_lists_each_step() -> None:
    result = claimmap("stories")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("militia-transfers-jan-2026  ")
    assert lines[1].startswith("  1. 2026-01-04..2026-01-08  Arrivals reported from 4 January")


def test_no_stories_file_is_an_empty_list(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    result = claimmap("--data", str(tmp_path), "stories", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])
    text = claimmap("--data", str(tmp_path), "stories")
    assert text.returncode == 0 and "no stories" in text.stdout


def test_broken_stories_exit_2_with_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    shutil.copy(STORIES / "broken" / "outside-window" / "stories.yaml", tmp_path)
    result = claimmap("--data", ".", "stories", "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == EXPECTED["outside-window"]
    check = claimmap("--data", ".", "check", cwd=tmp_path)
    assert check.returncode == 2
    assert check.stderr.splitlines()[0] == EXPECTED["outside-window"][0]


def test_check_counts_the_stories(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    shutil.copy(STORIES / "valid" / "stories.yaml", tmp_path)
    env_seeds = tmp_path / "no-seeds"
    result = subprocess.run(
        [sys.executable, "-m", "claimmap", "--data", ".", "check"],
        cwd=tmp_path,
        env={**os.environ, "CLAIMMAP_SEEDS": str(env_seeds)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(", 3 conflict(s), 1 story (2 steps)\n")


def test_hostile_story_text_comes_out_as_data(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    # An override closed again (the readers refuse an unclosed one, see geo.bidi).
    hostile = '<script>alert(1)</script> \u202egnp.exe\u202c "quoted" & $x$'
    (tmp_path / "stories.yaml").write_text(
        "- id: hostile\n  title: " + json.dumps(hostile) + "\n  steps:\n"
        "    - title: " + json.dumps(hostile) + "\n      text: " + json.dumps(hostile) + "\n"
        "      start: 2026-01-06\n      end: 2026-01-08\n      places: [baghdad]\n"
        "      claims: [noonpost-qaani]\n",
        encoding="utf-8",
    )
    result = claimmap("--data", str(tmp_path), "stories", "--json")
    assert result.returncode == 0, result.stderr
    (story,) = json.loads(result.stdout)
    assert story["title"] == hostile.strip() and story["steps"][0]["text"] == hostile.strip()
