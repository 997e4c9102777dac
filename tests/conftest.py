"""Session-wide test set-up.

Every test runs against a throw-away default store: commands that read with
neither ``--data`` nor ``--db`` use the default embedded store, created in
``$CLAIMMAP_HOME`` on first use; it points at a temporary folder of this
session (of this worker, under xdist), never at the user's own store, and any
``$CLAIMMAP_DB`` of the shell that started the tests is forgotten.
Subprocesses inherit both.

Hypothesis's per-example deadline (200 ms) is a timing assertion: on a shared
two-core machine it fails correct code at random. Speed is measured in bench/,
never asserted in tests, so the deadline is off.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

settings.register_profile("claimmap", deadline=None)
settings.load_profile("claimmap")


@pytest.fixture(scope="session", autouse=True)
def claimmap_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = str(tmp_path_factory.mktemp("claimmap-home"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMMAP_HOME", home)
        patch.delenv("CLAIMMAP_DB", raising=False)
        yield home
