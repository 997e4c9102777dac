"""The one-way data flow of DESIGN.md, checked on the source files' imports.

data/ -> geo/ -> layers/ -> the faces (claimmap/ and app.py). geo/ imports neither
layers/ nor folium nor streamlit; layers/ never imports streamlit; nothing
imports the faces; only the dashboard's page modules (page.py, *page.py,
*panel.py, login.py, and cache.py with their Streamlit caches) call Streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.paths import ROOT  # noqa: E402

FORBIDDEN = {
    "geo": {"folium", "branca", "streamlit", "streamlit_folium", "layers", "app", "claimmap"},
    "layers": {"streamlit", "streamlit_folium", "app", "claimmap"},
    "claimmap": {"app"},
}


def imported_roots(path: Path) -> set[str]:
    """Top-level names of every module a Python file imports (absolute imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_the_data_flow(package: str) -> None:
    files = package_files(package)
    assert files, f"{package}/ has no Python files"
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in files
        if imported_roots(path) & FORBIDDEN[package]
    }
    assert offenders == {}


def test_nothing_imports_the_faces() -> None:
    sources = [p for p in ROOT.glob("*/**/*.py") if p.parts[len(ROOT.parts)] in FORBIDDEN]
    offenders = [str(p.relative_to(ROOT)) for p in sources if imported_roots(p) & {"app"}]
    assert offenders == []


#: The dashboard's page modules: the only ones that call Streamlit (the logic they call does not).
PAGE_MODULES = ("page.py", "*page.py", "*panel.py", "login.py", "cache.py")


def is_page_module(path: Path) -> bool:
    return path.parent == ROOT / "claimmap" / "dashboard" and any(
        path.match(pattern) for pattern in PAGE_MODULES
    )


def test_only_the_page_modules_call_streamlit() -> None:
    users = [
        p
        for p in package_files("claimmap")
        if imported_roots(p) & {"streamlit", "streamlit_folium"}
    ]
    assert (ROOT / "claimmap" / "dashboard" / "page.py") in users
    assert [str(p.relative_to(ROOT)) for p in users if not is_page_module(p)] == []


def test_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom streamlit import session_state\nimport folium.plugins\n")
    assert imported_roots(bad) == {"os", "streamlit", "folium"}
