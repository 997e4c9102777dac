"""The throw-away PostgreSQL server of tests/geo/store/pg, for the dashboard's login tests."""

from tests.geo.store.pg.conftest import cluster, server, template  # noqa: F401
