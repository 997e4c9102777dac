"""The schema: migrations create exactly the tables of geo.store.schema; versions are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from geo.store import schema
from geo.store.engine import connect
from geo.store.errors import BadStore
from geo.store.migrate import MIGRATIONS, check_schema, migrate
from tests.store_factory import execute, new_store, rows


def test_migrations_create_the_tables_of_the_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = sa.create_engine(new_store(tmp_path / "s.sqlite"))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, schema.metadata)
    engine.dispose()
    assert diff == []


def test_head_is_the_last_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == schema.HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(schema.REVISIONS)


def test_init_is_idempotent(tmp_path: Path) -> None:
    url = new_store(tmp_path / "s.sqlite")
    engine = connect(url)
    assert migrate(engine).revision == schema.HEAD
    assert migrate(engine).current
    engine.dispose()
    assert rows(url, "SELECT version_num FROM alembic_version") == [(schema.HEAD,)]


def test_indexes_for_the_date_window_type_and_review_status(tmp_path: Path) -> None:
    engine = sa.create_engine(new_store(tmp_path / "s.sqlite"))
    indexed = {tuple(i["column_names"]) for i in sa.inspect(engine).get_indexes("claims")}
    engine.dispose()
    assert {("event_start", "event_end"), ("type",), ("review_status",)} <= indexed


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    url = new_store(tmp_path / "s.sqlite")
    execute(url, "UPDATE alembic_version SET version_num = '0999'")
    engine = connect(url)
    with pytest.raises(BadStore, match="schema 0999, which this claimmap does not know"):
        check_schema(engine, upgrade=True)
    with pytest.raises(BadStore, match="newer than this claimmap"):
        migrate(engine)
    engine.dispose()


def test_an_empty_database_is_not_a_store(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'empty.sqlite'}", create=True)
    with pytest.raises(BadStore, match="is an empty database; create the store with"):
        check_schema(engine)
    engine.dispose()


def test_a_database_of_other_tables_is_left_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    engine = connect(url, create=True)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (x TEXT)")
    with pytest.raises(BadStore, match="holds other tables and no claimmap schema"):
        migrate(engine)
    engine.dispose()
    assert rows(url, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("notes",)]


def test_constraints_guard_what_validation_already_checks(tmp_path: Path) -> None:
    url = new_store(tmp_path / "s.sqlite")
    with pytest.raises(sa.exc.IntegrityError):
        execute(
            url,
            "INSERT INTO groups (id, position, title, reliability, credibility, grading_note, "
            "version) VALUES ('g', 0, 't', 'Z', 3, 'n', 1)",
        )
