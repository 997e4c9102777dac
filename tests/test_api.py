"""The thin public API of geo/ and layers/: every name resolves, lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

import geo
import layers


@pytest.mark.parametrize("package", [geo, layers], ids=["geo", "layers"])
def test_every_public_name_resolves(package) -> None:
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018


def test_importing_the_packages_loads_nothing_heavy() -> None:
    code = (
        "import sys, geo, layers\n"
        "heavy = {'pydantic', 'pandas', 'shapely', 'folium', 'streamlit', 'yaml'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_are_the_implementations() -> None:
    from geo.dataset import load_dataset
    from layers.render import build_map

    assert geo.load_dataset is load_dataset
    assert layers.build_map is build_map
