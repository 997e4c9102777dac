"""Every quote in data/claims.yaml occurs verbatim in its document's seed file.

Needs the seed articles (geo.paths.seeds_dir()); without them the test is
skipped with the reason, except under CI=true where it fails instead.
"""

from __future__ import annotations

import os

import pytest

from geo import paths
from geo.dataset import load_dataset
from geo.validate import check_quotes


def test_every_quote_is_verbatim_in_its_seed_file() -> None:
    seeds = paths.seeds_dir()
    if seeds is None:
        reason = "seed articles not found (../shared/seeds beside the checkout, or $CLAIMMAP_SEEDS)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: required under CI=true")
        pytest.skip(reason)
    dataset = load_dataset()
    problems, found = check_quotes(dataset.sources, dataset.claims, seeds)
    assert [str(p) for p in problems] == []
    documents = [s for s in dataset.sources.values() if s.kind == "document"]
    assert all(d.seed_file for d in documents)
    assert found == len(dataset.claims) > 0
