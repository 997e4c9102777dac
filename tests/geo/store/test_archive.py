"""The document archive: seed files archived with their hash; verify finds any change."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.archive import sha256_hex
from geo.store.archive import archive_document, verify
from geo.store.audit import history
from geo.store.engine import connect, writing
from geo.store.errors import InvalidEdit
from tests.store_factory import execute, filled_store, fixture_dataset, rows, seeds_for


@pytest.fixture
def archived(tmp_path: Path) -> tuple[str, Path]:
    seeds = seeds_for(fixture_dataset(), tmp_path / "seeds")
    return filled_store(tmp_path / "s.sqlite", seeds=seeds, who="archivist"), seeds


def test_seed_files_are_archived_with_hash_size_and_custody(archived) -> None:
    url, seeds = archived
    found = rows(
        url,
        "SELECT source_id, sha256, size, archived_by, file_name, text, original "
        "FROM archives ORDER BY source_id",
    )
    assert [r[0] for r in found] == [
        "amargi-article",
        "khamenei-article",
        "noonpost-article",
        "tml-article",
    ]
    for _source_id, digest, size, who, name, text, original in found:
        data = (seeds / name).read_bytes()
        assert (digest, size, who, original) == (sha256_hex(data), len(data), "archivist", data)
        assert text == data.decode("utf-8")
    engine = connect(url)
    entry = history(engine, "source", "tml-article")[0]
    results = verify(engine)
    engine.dispose()
    assert (entry.action, entry.field, entry.who) == ("archive", "archive", "archivist")
    assert entry.after["sha256"] == found[-1][1]
    assert [r.ok for r in results] == [True] * 4


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (
            "UPDATE archives SET original = CAST('forged' AS BLOB) WHERE source_id = 'tml-article'",
            "SHA-256 of the original bytes is",
        ),
        (
            "UPDATE archives SET text = 'forged' WHERE source_id = 'tml-article'",
            "the archived text no longer matches its SHA-256",
        ),
        ("UPDATE archives SET sha256 = '00' WHERE source_id = 'tml-article'", "archived as 00"),
    ],
)
def test_verify_names_each_tampered_document(archived, statement: str, problem: str) -> None:
    url, _ = archived
    execute(url, statement)
    engine = connect(url)
    results = verify(engine)
    engine.dispose()
    bad = [r for r in results if not r.ok]
    assert [r.id for r in bad] == ["tml-article"]
    assert any(problem in p for p in bad[0].problems)
    assert bad[0].to_dict()["ok"] is False


def test_the_same_document_is_archived_once(archived) -> None:
    url, seeds = archived
    engine = connect(url)
    text = (seeds / "001_a3d9c2880df0cb29.txt").read_text(encoding="utf-8")
    with pytest.raises(InvalidEdit, match="is archived already"):
        with writing(engine) as conn:
            archive_document(conn, "tml-article", text, who="x")
    with pytest.raises(InvalidEdit, match="is the same as tml-article's"):
        with writing(engine) as conn:
            archive_document(conn, "iran-international", text, who="x")
    engine.dispose()


def test_without_seed_files_nothing_is_archived(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    assert rows(url, "SELECT count(*) FROM archives") == [(0,)]
    engine = connect(url)
    assert verify(engine) == []
    engine.dispose()
