"""The throw-away PostgreSQL server of tests/geo/store/pg, for the team dashboard in chromium."""

from tests.geo.store.pg.conftest import cluster, server, template  # noqa: F401
