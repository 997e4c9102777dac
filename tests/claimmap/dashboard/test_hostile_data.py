"""The dashboard on hostile data files: the reader's one-line problems, never a traceback.

Runs app.py through AppTest on a copy of the bundled data with an alias bomb or
deep nesting added to claims.yaml (issue 14, A2 and A4).
"""

from __future__ import annotations

import shutil
import time

import pytest

from tests.claimmap.cli.test_hostile_input import HOSTILE_YAML
from tests.claimmap.dashboard.test_page import DATA, run


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_hostile_yaml_shows_one_located_problem(monkeypatch, tmp_path, case: str) -> None:
    text, message = HOSTILE_YAML[case]
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    with (target / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write(text)
    start = time.perf_counter()
    at = run(monkeypatch, data_dir=target)  # asserts that no exception reached the page
    assert time.perf_counter() - start < 60
    assert at.error, "the page shows an error"
    (shown,) = [c.value for c in at.code]
    (line,) = shown.splitlines()
    assert "claims.yaml:" in line and message in line
    assert not at.sidebar.multiselect  # nothing else is drawn
