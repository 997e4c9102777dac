"""Stories in the store: imported with the data, read back the same, dumped as stories.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.check import check_data_dir
from geo.dataset import load_dataset
from geo.store.dump import dump_store
from geo.store.engine import connect
from geo.store.importer import import_dataset
from geo.store.read import load_store_dataset
from tests.paths import FIXTURES, ROOT
from tests.store_factory import VALID, filled_store, rows


def test_the_store_reads_back_the_bundled_story(tmp_path: Path) -> None:
    engine = connect(filled_store(tmp_path / "s.sqlite", ROOT / "data"))
    stored = load_store_dataset(engine)
    engine.dispose()
    files = load_dataset(ROOT / "data")
    assert [s.model_dump() for s in stored.stories] == [s.model_dump() for s in files.stories]
    assert len(stored.stories[0].steps) >= 6


def test_dumped_stories_are_accepted_and_reimport_to_no_change(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "first.sqlite", ROOT / "data")
    engine = connect(url)
    dump_store(engine, tmp_path / "dump1")
    result = check_data_dir(tmp_path / "dump1", quotes=False)
    assert [s.id for s in result.dataset.stories] == ["militia-transfers-jan-2026"]
    report = import_dataset(engine, result.dataset, who="t", seeds=tmp_path / "none")
    engine.dispose()
    assert not report.changed
    assert "stories 0 new, 0 changed, 1 unchanged" in report.summary()
    second = connect(filled_store(tmp_path / "second.sqlite", tmp_path / "dump1"))
    dump_store(second, tmp_path / "dump2")
    second.dispose()
    first_text = (tmp_path / "dump1" / "stories.yaml").read_bytes()
    assert (tmp_path / "dump2" / "stories.yaml").read_bytes() == first_text


def test_a_changed_step_is_an_update_with_its_audit_entry(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    shutil.copy(FIXTURES / "stories" / "valid" / "stories.yaml", data)
    url = filled_store(tmp_path / "s.sqlite", data)
    story_file = data / "stories.yaml"
    text = story_file.read_text(encoding="utf-8")
    story_file.write_text(text.replace("A visit to Baghdad", "A visit to Baghdad, reported"))
    engine = connect(url)
    report = import_dataset(engine, load_dataset(data), who="editor", seeds=tmp_path / "none")
    stored = load_store_dataset(engine)
    engine.dispose()
    assert report.counts["story"].changed == 1
    assert stored.stories[0].steps[1].title == "A visit to Baghdad, reported"
    audit = rows(
        url, "SELECT who, action, entity, entity_id, field FROM audit WHERE entity='story'"
    )
    assert ("editor", "update", "story", "buses-and-fighters", "steps") in audit


def test_data_without_stories_dumps_no_stories_file(tmp_path: Path) -> None:
    engine = connect(filled_store(tmp_path / "s.sqlite", VALID))
    dump_store(engine, tmp_path / "dump")
    engine.dispose()
    assert not (tmp_path / "dump" / "stories.yaml").exists()
