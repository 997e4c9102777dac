"""Shared fixtures: one extractor per session, the seed articles by number."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import paths


@pytest.fixture(scope="session")
def extractor():
    from geo.ingest.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed articles' folder; skipped without it, failed under CI=true."""
    folder = paths.seeds_dir()
    if folder is None:
        reason = "seed articles not found (../shared/seeds beside the checkout, or $CLAIMMAP_SEEDS)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: required under CI=true")
        pytest.skip(reason)
    return folder


def seed_text(folder: Path, number: int) -> str:
    """The text of seed article ``number`` (0-4), as read: UTF-8, newlines untouched."""
    (path,) = folder.glob(f"{number:03d}_*.txt")
    return path.read_bytes().decode("utf-8")
