"""geo.namekeys: each curated name's keys, computed once per normalizer and kept on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.namekeys import GENERIC_WORDS, key_table, name_keys
from geo.normalize import normalize

GENERIC = {normalize(w) for w in GENERIC_WORDS}
NAMES = ["Mehran border crossing", "مرز مهران", "Najaf", "Basra Governorate"]


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CLAIMMAP_CACHE", str(tmp_path))
    return tmp_path


def test_a_name_and_its_core() -> None:
    assert name_keys("Mehran border crossing", GENERIC) == {
        "normalized": "mehranbordercrossing",
        "variant": "mahranburdarcrusing",
        "core": "mehran",
        "core_variant": "mahran",
    }
    assert set(name_keys("Najaf", GENERIC)) == {"normalized", "variant"}  # no other core


def test_the_table_is_kept_and_read_back(cache: Path) -> None:
    table = key_table(NAMES)
    assert table == {name: name_keys(name, GENERIC) for name in NAMES}
    (saved,) = cache.glob("name-keys-*.json")
    assert json.loads(saved.read_text(encoding="utf-8")) == table
    saved.write_text(json.dumps({**table, "Najaf": {"normalized": "from the file"}}))
    assert key_table(NAMES)["Najaf"] == {"normalized": "from the file"}  # read, not recomputed


def test_only_the_names_asked_for_are_kept(cache: Path) -> None:
    key_table(NAMES)
    assert list(key_table(NAMES[:2])) == NAMES[:2]
    assert list(key_table([*NAMES[:2], "Kut"])) == [*NAMES[:2], "Kut"]  # a new name: rewritten
    (saved,) = cache.glob("name-keys-*.json")
    assert list(json.loads(saved.read_text(encoding="utf-8"))) == [*NAMES[:2], "Kut"]


@pytest.mark.parametrize("content", ["", "not json", "[1, 2]", '{"Najaf": 3}'])
def test_a_damaged_table_is_computed_again(cache: Path, content: str) -> None:
    key_table(NAMES)
    (saved,) = cache.glob("name-keys-*.json")
    saved.write_text(content)
    assert key_table(NAMES) == {name: name_keys(name, GENERIC) for name in NAMES}


def test_without_a_writable_cache_the_keys_are_computed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CLAIMMAP_CACHE", str(blocker / "cache"))
    assert key_table(NAMES) == {name: name_keys(name, GENERIC) for name in NAMES}
