"""Real SQLite stores in temporary folders, for store and CLI tests (no mocks).

``new_store`` creates an empty store with the current schema; ``filled_store``
imports a data directory into one (checked first, as ``db import`` does);
``seeds_for`` writes seed articles holding a data set's quotes, so that
archiving and quote checks do not depend on ../shared/seeds.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from geo.check import check_data_dir
from geo.dataset import Dataset, load_dataset
from geo.store.engine import connect
from geo.store.importer import import_dataset
from geo.store.migrate import migrate
from tests.paths import FIXTURES

VALID = FIXTURES / "data"


def new_store(path: Path) -> str:
    """Create an empty store at ``path`` (schema only); return its URL."""
    url = f"sqlite:///{path}"
    engine = connect(url, create=True)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    return url


def seeds_for(dataset: Dataset, folder: Path) -> Path:
    """Write one seed file per document that names one, holding its claims' quotes."""
    texts: dict[str, list[str]] = {}
    for claim in dataset.claims:
        seed = dataset.source_of(claim).seed_file
        if seed:
            texts.setdefault(seed, [f"Article {seed}."]).append(claim.quote)
    folder.mkdir(parents=True, exist_ok=True)
    for seed, lines in texts.items():
        (folder / seed).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def filled_store(
    path: Path, data: Path = VALID, seeds: Path | None = None, who: str = "tester"
) -> str:
    """Create a store at ``path`` and import ``data`` (archiving from ``seeds``); return its URL.

    Without ``seeds``, quotes are not checked and no document is archived.
    """
    url = new_store(path)
    if seeds is None:
        dataset = check_data_dir(data, quotes=False).dataset
    else:
        dataset = check_data_dir(data, seeds).dataset
    engine = connect(url)
    try:
        import_dataset(
            engine, dataset, who=who, note="test fill", seeds=seeds or path.parent / "no-seeds"
        )
    finally:
        engine.dispose()
    return url


def rows(url: str, query: str, **params: object) -> list[tuple]:
    """Run one SQL query on the store and return its rows as tuples."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(query), params)]
    finally:
        engine.dispose()


def execute(url: str, *statements: str) -> None:
    """Run SQL statements on the store in one transaction (to tamper with it in tests)."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def fixture_dataset() -> Dataset:
    """The fixture data set as read from its files."""
    return load_dataset(VALID)
