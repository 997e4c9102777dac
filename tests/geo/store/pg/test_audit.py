"""The audit trail on a server: written by triggers with session_user; the same as SQLite's."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from claimmap.cli import main
from geo.check import check_data_dir
from geo.models import Claim
from geo.store.edits import create_claim, edit_claim, grade, history, review
from geo.store.engine import connect
from geo.store.importer import import_dataset
from tests.geo.store.pg.conftest import Server
from tests.store_factory import VALID, filled_store, fixture_dataset, rows, seeds_for


def changed_data(folder: Path) -> Path:
    """The fixture data with a claim, a place and a group changed and a claim's places moved."""
    shutil.copytree(VALID, folder)
    claims = folder / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace(
        "statement: More than 60 buses of young men reportedly crossed",
        "statement: Over 60 buses of young men reportedly crossed",
    ).replace("places: [baghdad]", "places: [baghdad, iraq]", 1)
    claims.write_text(text, encoding="utf-8")
    groups = folder / "groups.yaml"
    groups.write_text(
        groups.read_text(encoding="utf-8").replace(
            "title: Number of Iraqi fighters sent to Iran", "title: Iraqi fighters sent to Iran"
        ),
        encoding="utf-8",
    )
    places = folder / "gazetteer.csv"
    places.write_text(
        places.read_text(encoding="utf-8").replace("Baghdad,city", "Baghdad city,city"),
        encoding="utf-8",
    )
    return folder


def _plain(value: Any) -> Any:
    """JSON values compared without absent-or-null differences (quantities keep only set keys)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def entries(engine) -> list[tuple]:
    found = [
        (e.action, e.entity, e.id, e.field, _plain(e.before), _plain(e.after), e.note)
        for e in history(engine)
    ]
    return sorted(found, key=repr)


def same_story(engine, who: str, data: Path) -> None:
    """The same changes, made through claimmap's API."""
    import_dataset(engine, check_data_dir(data, quotes=False).dataset, who=who, note="files v2")
    review(engine, "tml-buses", "needs_review", who=who)
    review(engine, "tml-buses", "accepted", who=who, note="two sources", expect_version=3)
    grade(engine, "qaani-visit", "B", 2, who=who, note="named witness")
    edit_claim(engine, "tml-buses", {"claimant": "Ali D."}, who=who, note="shorter")
    edit_claim(engine, "tml-qaani", {"places": ("iraq",)}, who=who)
    new = Claim.model_validate(
        {**fixture_dataset().claim("tml-qaani").model_dump(exclude={"line"}), "id": "tml-new"}
    )
    create_claim(engine, new, who=who, note="added by hand")


def test_the_server_writes_the_same_entries_as_the_embedded_store(server: Server, tmp_path) -> None:
    data = changed_data(tmp_path / "v2")
    seeds = seeds_for(fixture_dataset(), tmp_path / "seeds")
    local = connect(filled_store(tmp_path / "s.sqlite", seeds=seeds, who="rev"))
    remote = connect(server.url("rev"))
    try:
        before_local, before_remote = entries(local), entries(remote)
        assert before_local == before_remote  # the fill: inserts and archives
        same_story(local, "rev", data)
        same_story(remote, "whoever the app says", data)
        assert entries(local) == entries(remote)
        assert len(entries(remote)) > len(before_remote) + 8
    finally:
        local.dispose()
        remote.dispose()
    whos = rows(server.admin, "SELECT DISTINCT who FROM audit ORDER BY 1")
    assert whos == [("postgres",), ("rev",)]  # the fill by the superuser, the rest by rev


def test_log_json_names_the_database_user_and_as_is_ignored(server: Server, capsys) -> None:
    import json

    status = main(["--db", server.url("bea"), "--as", "someone-else", "review", "tml-buses",
                   "--status", "needs_review"])  # fmt: skip
    _, err = capsys.readouterr()
    assert status == 0
    assert err == (
        "claimmap review: warning: --as is ignored on a server: the audit trail records the "
        "database user\n"
    )
    assert main(["--db", server.url("rita"), "log", "--claim", "tml-buses", "--json"]) == 0
    out, _ = capsys.readouterr()
    newest = json.loads(out)[0]
    assert (newest["who"], newest["action"], newest["field"]) == ("bea", "review", "review_status")
    assert (newest["before"], newest["after"]) == ("draft", "needs_review")


def test_archiving_is_stamped_by_the_database(server: Server) -> None:
    from geo.store.archive import archive_document
    from geo.store.engine import writing

    engine = connect(server.url("ana"))
    try:
        with writing(engine) as conn:
            archive_document(conn, "iran-international", "Some text.", who="forged", note="n")
    finally:
        engine.dispose()
    assert rows(server.admin, "SELECT archived_by FROM archives WHERE source_id = "
                "'iran-international'") == [("ana",)]  # fmt: skip
    (entry,) = rows(
        server.admin,
        "SELECT who, action, field, note FROM audit WHERE entity_id = 'iran-international' "
        "AND action = 'archive'",
    )
    assert entry == ("ana", "archive", "archive", "n")


@pytest.mark.parametrize("user", ["ana", "rev", "rita", None])
def test_nobody_changes_the_trail(server: Server, user) -> None:
    import psycopg

    with psycopg.connect(server.dsn(user)) as conn, pytest.raises(psycopg.Error):
        conn.execute("UPDATE audit SET who = 'x' WHERE seq = 1")
    assert rows(server.admin, "SELECT who FROM audit WHERE seq = 1") == [("postgres",)]
