"""claimmap.exports: one table of formats for the CLI and the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimmap import exports
from claimmap.cli.export import FORMATS as CLI_FORMATS
from tests.dataset_factory import sample_dataset


def test_the_cli_offers_the_table() -> None:
    assert CLI_FORMATS is exports.FORMATS


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'shp'"):
        exports.write("shp", sample_dataset(), tmp_path / "x.shp")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["geojson", "csv", "kml", "html"])
def test_build_and_write_give_the_same_file(tmp_path: Path, name: str) -> None:
    dataset = sample_dataset()
    path = exports.write(name, dataset, tmp_path / f"out.{name}")
    built = exports.build(name, dataset)
    if name == "geojson":
        assert json.loads(path.read_bytes()) == json.loads(built)
    elif name != "html":  # the page carries ids of its own per render
        assert path.read_bytes() == built
    assert built


@pytest.mark.parametrize(
    ("name", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]
)
def test_printed_formats_build_and_write(tmp_path: Path, name: str, magic: bytes) -> None:
    dataset = sample_dataset()
    request = exports.Request(width_px=900, dpi=100, total=len(dataset.claims))
    path = exports.write(name, dataset, tmp_path / f"out.{name}", request)
    assert path.read_bytes().startswith(magic)
    assert exports.build(name, dataset, request).startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [f"out.{name}"]


def test_every_format_says_what_it_is_for() -> None:
    for name, fmt in exports.FORMATS.items():
        assert fmt.name == name and fmt.label and fmt.mime and fmt.purpose
