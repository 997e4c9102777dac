"""Importing data files: new records inserted, changed ones audited, the rest untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.check import check_data_dir
from geo.store.audit import history
from geo.store.engine import connect
from geo.store.errors import StoreError
from geo.store.importer import import_dataset
from geo.store.read import load_store_dataset
from tests.store_factory import VALID, execute, filled_store, rows

NO_SEEDS = Path("/nonexistent-seeds")


def edited_copy(tmp_path: Path, *replacements: tuple[str, str, str]) -> Path:
    """A copy of the fixture data with text replaced in its files: (file, old, new)."""
    target = tmp_path / "edited"
    shutil.copytree(VALID, target)
    for name, old, new in replacements:
        path = target / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def import_dir(url: str, directory: Path, who: str = "editor"):
    engine = connect(url)
    try:
        dataset = check_data_dir(directory, quotes=False).dataset
        return import_dataset(engine, dataset, who=who, note="edit", seeds=NO_SEEDS)
    finally:
        engine.dispose()


def snapshot(url: str) -> dict[str, list[tuple]]:
    tables = ("places", "sources", "groups", "claims", "claim_places", "archives", "audit")
    return {t: rows(url, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}


NEW_CLAIM = """
- id: tml-extra
  group: qaani-visit
  source_id: tml-article
  origin: tml-article
  claimant: The Media Line
  type: statement
  statement: A new claim.
  quote: "A new quote."
  places: [baghdad]
"""


def test_changed_records_are_updated_with_one_audit_entry_per_field(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    before = snapshot(url)
    changed = edited_copy(
        tmp_path,
        ("claims.yaml", "status: unverified", "status: denied"),
        ("gazetteer.csv", "baghdad,Baghdad,city", "baghdad,Baghdad (city),city"),
    )
    with (changed / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_CLAIM)
    report = import_dir(url, changed)
    assert report.counts["claim"].new == 1 and report.counts["claim"].changed == 1
    assert report.counts["place"].changed == 1 and report.counts["group"].changed == 0

    engine = connect(url)
    stored = load_store_dataset(engine)
    claim_id = next(c.id for c in stored.claims if c.status == "denied")
    entries = history(engine, "claim", claim_id)
    assert [(e.action, e.field, e.before, e.after, e.who) for e in entries[:1]] == [
        ("update", "status", "unverified", "denied", "editor")
    ]
    assert stored.versions[claim_id] == 2
    assert stored.versions["tml-extra"] == 1
    assert stored.claims[-1].id == "tml-extra"  # file order
    assert stored.places["baghdad"].name == "Baghdad (city)"
    assert [(e.action, e.field) for e in history(engine, "place", "baghdad")][0] == (
        "update",
        "name",
    )
    new = history(engine, "claim", "tml-extra")
    engine.dispose()
    assert [(e.action, e.note) for e in new] == [("insert", "edit")]
    # records that did not change are untouched: same rows, no new audit entry
    after = snapshot(url)
    unchanged = {r[0] for r in before["claims"]} - {claim_id}
    assert [r for r in after["claims"] if r[0] in unchanged] == [
        r for r in before["claims"] if r[0] in unchanged
    ]
    assert len(after["audit"]) == len(before["audit"]) + 3  # status, name, the new claim


def test_reimporting_unchanged_files_writes_nothing(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    before = snapshot(url)
    report = import_dir(url, VALID)
    assert not report.changed
    assert report.summary().startswith("places 0 new, 0 changed, 6 unchanged")
    assert snapshot(url) == before


def test_a_record_without_review_status_keeps_the_stores(tmp_path: Path) -> None:
    from geo.store.edits import review

    url = filled_store(tmp_path / "s.sqlite")
    engine = connect(url)
    review(engine, "tml-buses", "needs_review", who="r")
    engine.dispose()
    assert not import_dir(url, VALID).changed  # the files say nothing of review
    assert rows(url, "SELECT review_status FROM claims WHERE id = 'tml-buses'") == [
        ("needs_review",)
    ]
    stated = edited_copy(
        tmp_path,
        ("claims.yaml", "status: unverified", "status: unverified\n  review_status: draft"),
    )
    report = import_dir(url, stated)
    assert report.counts["claim"].changed == 1


def test_a_changed_route_rewrites_the_claims_places(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    changed = edited_copy(
        tmp_path,
        (
            "claims.yaml",
            "places: [shalamcheh-post-iq, shalamcheh-crossing]",
            "places: [baghdad, shalamcheh-post-iq, shalamcheh-crossing]",
        ),
    )
    import_dir(url, changed)
    assert rows(
        url, "SELECT seq, place_id FROM claim_places WHERE claim_id = 'tml-buses' ORDER BY seq"
    ) == [(0, "baghdad"), (1, "shalamcheh-post-iq"), (2, "shalamcheh-crossing")]


def test_a_failed_import_changes_nothing(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    changed = edited_copy(tmp_path, ("claims.yaml", "status: unverified", "status: denied"))
    with (changed / "claims.yaml").open("a", encoding="utf-8") as handle:
        handle.write(NEW_CLAIM)
    # the files pass every check; the database refuses one row after others were written
    execute(
        url,
        "CREATE TRIGGER refuse BEFORE INSERT ON claims WHEN NEW.id = 'tml-extra' "
        "BEGIN SELECT RAISE(ABORT, 'injected refusal'); END",
    )
    before = snapshot(url)
    with pytest.raises(StoreError, match="injected refusal"):
        import_dir(url, changed)
    assert snapshot(url) == before


def test_records_only_in_the_store_are_kept(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "s.sqlite")
    smaller = edited_copy(tmp_path, ("claims.yaml", "status: unverified", "status: unverified"))
    text = (smaller / "claims.yaml").read_text(encoding="utf-8")
    (smaller / "claims.yaml").write_text(text + NEW_CLAIM, encoding="utf-8")
    import_dir(url, smaller)
    assert not import_dir(url, VALID).changed  # tml-extra stays, nothing else moves
    assert rows(url, "SELECT count(*) FROM claims") == [(7,)]
