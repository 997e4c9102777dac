"""Build steps pyproject.toml cannot express: the bundled data and the map assets in the wheel.

``data/`` (the design card keeps it at the top level) is installed as the package
``geo.bundled`` and read through ``importlib.resources``; the pinned front-end files
that ``scripts/fetch_assets.py`` puts in ``layers/static/vendor/`` ship as package
data. A build without them stops with one clear message instead of producing a wheel
whose maps cannot load.
"""

from __future__ import annotations

import json
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
VENDOR = ROOT / "layers" / "static" / "vendor"


def missing_assets() -> list[str]:
    """Return the pinned vendor files (layers/assets.json) that are not fetched yet."""
    manifest = json.loads((ROOT / "layers" / "assets.json").read_text(encoding="utf-8"))
    return [
        f"{package['name']}/{name}"
        for package in manifest["packages"]
        for name in package["files"]
        if not (VENDOR / package["name"] / name).is_file()
    ]


class BuildWithAssets(build_py):
    """``build_py`` that refuses to build a package without its map assets."""

    def run(self) -> None:
        """Check the assets (not for an editable install, which reads the checkout), then build."""
        missing = [] if getattr(self, "editable_mode", False) else missing_assets()
        if missing:
            raise SystemExit(
                f"claimmap: cannot build: {len(missing)} pinned map asset(s) missing from "
                f"layers/static/vendor/ (first: {missing[0]}); run `make setup` or "
                "`python scripts/fetch_assets.py` first"
            )
        super().run()


setup(
    packages=[*find_packages(include=["geo*", "layers*", "claimmap*"]), "geo.bundled"],
    package_dir={"geo.bundled": "data"},
    package_data={
        "geo.bundled": ["*.csv", "*.yaml"],
        "geo": [
            "store/migrations/*.py",
            "store/migrations/versions/*.py",
            "store/*.ini",
            "exports/icons/*.png",
        ],
        "layers": [
            "assets.json",
            "static/*.js",
            "static/*.css",
            "static/claimmap/*.js",
            "static/vendor/**/*",
        ],
        "claimmap": ["dashboard/*.toml", "dashboard/viewpanel_files/*.html"],
    },
    cmdclass={"build_py": BuildWithAssets},
)
