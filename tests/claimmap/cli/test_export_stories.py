"""``claimmap export --format html`` carries the data's stories, cited claims out of view marked."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.geo.test_dataset import VALID
from tests.paths import FIXTURES, ROOT


def test_the_html_export_carries_every_story_with_claims_out_of_view_marked(
    tmp_path: Path,
) -> None:
    data = shutil.copytree(VALID, tmp_path / "data")
    shutil.copy(FIXTURES / "stories" / "valid" / "stories.yaml", data)
    out = tmp_path / "map.html"
    result = subprocess.run(
        [sys.executable, "-m", "claimmap", "--data", str(data), "export", "--format", "html",
         "--start", "2026-01-10", "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    block = re.search(
        r'<script type="application/json" id="claimmap-data-\w+">(.*?)</script>',
        out.read_text(encoding="utf-8"),
    )
    (story,) = json.loads(block.group(1))["options"]["stories"]
    assert story["id"] == "buses-and-fighters" and len(story["steps"]) == 2
    in_view = {c["id"]: c["in_view"] for step in story["steps"] for c in step["claims"]}
    # Jan 6-8 and Jan 7 lie before --start 2026-01-10: cited, not in this view.
    assert in_view == {
        "tml-buses": True,
        "khamenei-buses": True,
        "noonpost-qaani": False,
        "tml-qaani": False,
    }
    assert story["steps"][1]["extent"] == [43.0, 32.0, 46.0, 35.0]
