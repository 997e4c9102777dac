"""Data files -> store -> data files: the same records, order and analysis; dumps are stable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.check import check_data_dir
from geo.dataset import load_dataset
from geo.records import claim_properties, conflict_properties
from geo.store.dump import dump_store
from geo.store.engine import connect
from geo.store.importer import import_dataset
from geo.store.read import load_store_dataset
from tests.paths import ROOT
from tests.store_factory import VALID, filled_store, new_store, rows, seeds_for

FILES = ("gazetteer.csv", "sources.yaml", "claims.yaml", "groups.yaml")


def _properties(dataset):
    return [claim_properties(dataset, c) for c in dataset.claims]


@pytest.mark.parametrize("data", [VALID, ROOT / "data"], ids=["fixture", "bundled"])
def test_the_store_reads_back_what_the_files_hold(tmp_path: Path, data: Path) -> None:
    engine = connect(filled_store(tmp_path / "s.sqlite", data))
    stored, files = load_store_dataset(engine), load_dataset(data)
    engine.dispose()
    assert list(stored.places) == list(files.places)
    assert [stored.places[p].model_dump() for p in stored.places] == [
        files.places[p].model_dump() for p in files.places
    ]
    assert list(stored.sources) == list(files.sources)
    assert [s.model_dump() for s in stored.sources.values()] == [
        s.model_dump() for s in files.sources.values()
    ]
    assert [g.model_dump() for g in stored.groups.values()] == [
        g.model_dump() for g in files.groups.values()
    ]
    assert _properties(stored) == _properties(files)
    assert [conflict_properties(stored, c) for c in stored.analysis.conflicts] == [
        conflict_properties(files, c) for c in files.analysis.conflicts
    ]


@pytest.mark.parametrize("data", [VALID, ROOT / "data"], ids=["fixture", "bundled"])
def test_dump_is_accepted_reimports_to_no_change_and_is_byte_stable(
    tmp_path: Path, data: Path
) -> None:
    url = filled_store(tmp_path / "first.sqlite", data)
    engine = connect(url)
    dump_store(engine, tmp_path / "dump1")
    result = check_data_dir(tmp_path / "dump1", quotes=False)  # what `check` accepts
    audit_before = rows(url, "SELECT count(*) FROM audit")
    report = import_dataset(engine, result.dataset, who="t", seeds=tmp_path / "none")
    engine.dispose()
    assert not report.changed
    assert rows(url, "SELECT count(*) FROM audit") == audit_before
    assert rows(url, "SELECT max(version) FROM claims") == [(1,)]

    second = connect(filled_store(tmp_path / "second.sqlite", tmp_path / "dump1"))
    dump_store(second, tmp_path / "dump2")
    second.dispose()
    for name in FILES:
        assert (tmp_path / "dump2" / name).read_bytes() == (tmp_path / "dump1" / name).read_bytes()
    # the dumped files hold the same records as the originals
    assert _properties(load_dataset(tmp_path / "dump1")) == _properties(load_dataset(data))


def test_dump_keeps_review_status_and_grades(tmp_path: Path) -> None:
    from geo.store.edits import grade, review

    url = filled_store(tmp_path / "s.sqlite")
    engine = connect(url)
    review(engine, "tml-buses", "needs_review", who="a")
    grade(engine, "fighters-total", "B", 2, who="a", note="two independent outlets")
    dump_store(engine, tmp_path / "dump")
    engine.dispose()
    dumped = load_dataset(tmp_path / "dump")
    assert dumped.claim("tml-buses").review_status == "needs_review"
    assert dumped.claim("amargi-fighters").review_status == "draft"
    group = dumped.groups["fighters-total"]
    assert (group.reliability, group.credibility, group.grading_note) == (
        "B",
        2,
        "two independent outlets",
    )
    text = (tmp_path / "dump" / "claims.yaml").read_text(encoding="utf-8")
    assert "review_status: needs_review" in text


def test_dumped_yaml_is_readable(tmp_path: Path) -> None:
    engine = connect(filled_store(tmp_path / "s.sqlite"))
    dump_store(engine, tmp_path / "dump")
    engine.dispose()
    text = (tmp_path / "dump" / "claims.yaml").read_text(encoding="utf-8")
    first = text.split("\n\n")[1]  # after the header: one record per block
    keys = [line.split(":")[0] for line in first.splitlines() if not line.startswith("    ")]
    assert keys[:8] == [
        "- id",
        "  group",
        "  source_id",
        "  origin",
        "  claimant",
        "  type",
        "  statement",
        "  quote",
    ]
    assert "  places: [shalamcheh-post-iq, shalamcheh-crossing]" in text
    assert "- {what: buses, qualifier: more_than, value: 60," in text


def test_dump_replaces_files_and_refuses_nothing_else(tmp_path: Path) -> None:
    engine = connect(filled_store(tmp_path / "s.sqlite"))
    target = tmp_path / "out"
    target.mkdir()
    (target / "README").write_text("mine")
    (target / "claims.yaml").write_text("old")
    dump_store(engine, target)
    engine.dispose()
    assert (target / "README").read_text() == "mine"
    assert sorted(p.name for p in target.iterdir()) == sorted([*FILES, "README"])


def test_store_with_archived_seeds_gives_document_hashes_as_files_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = seeds_for(load_dataset(VALID), tmp_path / "seeds")
    monkeypatch.setenv("CLAIMMAP_SEEDS", str(seeds))
    engine = connect(filled_store(tmp_path / "s.sqlite", seeds=seeds))
    stored = load_store_dataset(engine)
    engine.dispose()
    files = load_dataset(VALID)
    assert (
        set(stored.documents)
        == set(files.documents)
        == {
            "tml-article",
            "noonpost-article",
            "amargi-article",
            "khamenei-article",
        }
    )
    for sid, document in files.documents.items():
        assert stored.documents[sid].sha256 == document.sha256
        assert stored.documents[sid].archived_by == "tester"


def test_an_empty_store_reads_as_an_empty_dataset(tmp_path: Path) -> None:
    engine = connect(new_store(tmp_path / "s.sqlite"))
    dataset = load_store_dataset(engine)
    engine.dispose()
    assert (len(dataset.places), len(dataset.claims), dataset.analysis.conflicts) == (0, 0, ())


def test_a_copied_data_dir_imports_into_the_same_store(tmp_path: Path) -> None:
    shutil.copytree(VALID, tmp_path / "copy")
    url = filled_store(tmp_path / "s.sqlite")
    engine = connect(url)
    report = import_dataset(
        engine, check_data_dir(tmp_path / "copy", quotes=False).dataset, who="t", seeds=tmp_path
    )
    engine.dispose()
    assert not report.changed
