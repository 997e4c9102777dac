"""A real PostgreSQL + PostGIS server for the team-store tests (no mocks).

One throw-away cluster per test session (``geo.store.pgcluster.LocalCluster``:
initdb and pg_ctl as the ``postgres`` user when run as root, a temporary folder,
a free port, the socket in the folder, every statement logged so that tests can
check what reached the server's log), stopped and removed at the end.

- ``template``: a database made once with ``claimmap db init`` and the fixture
  data imported (with seeds, so documents are archived), and the logins of
  LOGINS (roles are the cluster's: they exist for every database).
- ``server``: per test, a fresh copy of the template (CREATE DATABASE ...
  TEMPLATE, a fraction of a second), with URLs for the superuser and each login.

Every test here is in one xdist group (one worker, one cluster). Without
PostgreSQL the tests are skipped, except under CI=true where they fail.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.store.pgcluster import LocalCluster, bin_dir

#: Login -> (role, password). Passwords are made up for the tests.
LOGINS = {
    "ana": ("analyst", "ana-pass-31"),
    "bea": ("analyst", "bea-pass-47"),
    "rev": ("reviewer", "rev-pass-59"),
    "rita": ("reader", "rita-pass-73"),
}
TEMPLATE = "claimmap_template"
_numbers = itertools.count(1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.xdist_group("postgres"))


@pytest.fixture(scope="session")
def cluster() -> Iterator[LocalCluster]:
    if bin_dir() is None:
        message = "PostgreSQL is not installed (make test installs postgresql-15-postgis-3)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    started = LocalCluster.start(settings={"log_statement": "all"})
    try:
        yield started
    finally:
        started.stop()


@dataclass
class Server:
    """One test's database on the cluster."""

    cluster: LocalCluster
    database: str

    @property
    def admin(self) -> str:
        """The superuser's URL (with its password)."""
        return self.cluster.url(db=self.database)

    def url(self, user: str, password: str | None = None) -> str:
        """The URL of a login of LOGINS (its own password unless one is given)."""
        secret = LOGINS[user][1] if password is None else password
        return self.cluster.url(user, secret, self.database)

    def bare(self) -> str:
        """The server's URL with no user or password (what a login form is given)."""
        return f"postgresql+psycopg://127.0.0.1:{self.cluster.port}/{self.database}"

    def dsn(self, user: str | None = None) -> str:
        """A libpq connection string for a login (the superuser by default)."""
        from psycopg.conninfo import make_conninfo

        if user is None:
            return self.cluster.dsn(self.database)
        return make_conninfo(
            host="127.0.0.1",
            port=self.cluster.port,
            user=user,
            password=LOGINS[user][1],
            dbname=self.database,
        )


@pytest.fixture(scope="session")
def template(cluster: LocalCluster, tmp_path_factory: pytest.TempPathFactory) -> str:
    from geo.check import check_data_dir
    from geo.store.engine import connect
    from geo.store.importer import import_dataset
    from geo.store.migrate import migrate
    from geo.store.server import grant_login
    from tests.store_factory import VALID, fixture_dataset, seeds_for

    url = cluster.create_database(TEMPLATE)
    seeds = seeds_for(fixture_dataset(), tmp_path_factory.mktemp("pg-seeds"))
    engine = connect(url, create=True)
    try:
        migrate(engine)
        dataset = check_data_dir(VALID, seeds).dataset
        import_dataset(engine, dataset, who="ignored", note="test fill", seeds=seeds)
        for user, (role, password) in LOGINS.items():
            grant_login(engine, user, role, password)
    finally:
        engine.dispose()
    return TEMPLATE


@pytest.fixture
def server(cluster: LocalCluster, template: str) -> Server:
    name = f"t{next(_numbers)}"
    cluster.create_database(name, template)
    return Server(cluster, name)
