"""Session-wide test set-up: every test runs against a throw-away default store.

Commands that read with neither ``--data`` nor ``--db`` use the default
embedded store, created in ``$CLAIMMAP_HOME`` on first use: point it at a
temporary folder of this session (of this worker, under xdist), never at the
user's own store, and forget any ``$CLAIMMAP_DB`` of the shell that started
the tests. Subprocesses inherit both.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def claimmap_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = str(tmp_path_factory.mktemp("claimmap-home"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAIMMAP_HOME", home)
        patch.delenv("CLAIMMAP_DB", raising=False)
        yield home
