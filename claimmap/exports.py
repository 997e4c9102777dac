"""The export table: every format a user can take away, for ``claimmap export`` and the dashboard.

One row per format names it, says what it is for, and knows how to build it, so that
the command line and the dashboard's downloads offer the same formats made by the same
code. Builders import their libraries when called: reading this table is cheap.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from geo.exports.selection import ExportFilter


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Request:
    """What an export is asked for besides the claims: its filter and the map's options.

    Parameters
    ----------
    start, end : the date window the claims were selected with (the HTML map opens on it;
        the printed map's title states it).
    tiles : base-map tiles for the HTML map (None: offline borders only).
    as_of : "as known on": only claims from documents published by then.
    other : the other filters that selected the claims (the dashboard's), JSON-ready.
    exported_at : when the export is made (UTC; default: now).
    width_px, dpi : the PNG's size (and the SVG's, in inches); None for the defaults.
    total : how many claims the whole data set holds (the printed "38 of 116").
    stories : stories the PDF brief walks through (``geo.stories.Story``); the HTML map
        carries these, or every story of the data set when none is named.
    note : words on the filter beyond the window, for the printed map's subtitle.

    Every format records ``export_filter`` (the filter and the time): GeoJSON's
    ``claimmap`` member, KML's Document description, the HTML map's title box, CSV's
    last two columns.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    tiles: str | None = None
    as_of: dt.date | None = None
    other: Mapping[str, Any] = field(default_factory=dict)
    exported_at: dt.datetime = field(default_factory=_now)
    width_px: int | None = None
    dpi: int | None = None
    total: int | None = None
    stories: tuple = ()
    note: str | None = None

    @cached_property
    def export_filter(self) -> ExportFilter:
        """The filter and time recorded in the file (``geo.exports.ExportFilter``)."""
        from geo.exports.selection import ExportFilter

        return ExportFilter(
            start=self.start,
            end=self.end,
            as_of=self.as_of,
            other=self.other,
            exported_at=self.exported_at,
        )


@dataclass(frozen=True)
class Format:
    """One export format.

    Parameters
    ----------
    name : as ``--format`` takes it.
    label : its name for people.
    mime : its media type (for downloads).
    purpose : what it is for, in a few words.
    build : the file's content, in memory.
    write : the file written atomically to a path (an existing file is never left torn).
    """

    name: str
    label: str
    mime: str
    purpose: str
    build: Callable[[Dataset, Request], bytes]
    write: Callable[[Dataset, Path, Request], object]

    @property
    def suffix(self) -> str:
        """The file name's extension, with its dot."""
        return f".{self.name}"


def _utf8(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


def _build_geojson(dataset: Dataset, request: Request) -> bytes:
    from geo.exports.geojson import to_geojson

    return _utf8(to_geojson(dataset, request.export_filter))


def _write_geojson(dataset: Dataset, path: Path, request: Request) -> object:
    from geo.exports.geojson import write_geojson

    return write_geojson(dataset, path, request.export_filter)


def _build_csv(dataset: Dataset, request: Request) -> bytes:
    from geo.exports.csv import to_csv

    return _utf8(to_csv(dataset, request.export_filter))


def _write_csv(dataset: Dataset, path: Path, request: Request) -> object:
    from geo.exports.csv import write_csv

    return write_csv(dataset, path, request.export_filter)


def _build_kml(dataset: Dataset, request: Request) -> bytes:
    from geo.exports.kml import to_kml

    return _utf8(to_kml(dataset, request.export_filter))


def _write_kml(dataset: Dataset, path: Path, request: Request) -> object:
    from geo.exports.kml import write_kml

    return write_kml(dataset, path, request.export_filter)


def _html_stories(dataset: Dataset, request: Request) -> list[dict[str, Any]]:
    """Return the stories an HTML map carries: the request's, else the data set's."""
    from layers.payload import stories_payload

    return stories_payload(request.stories or dataset.stories, dataset)


def _build_html(dataset: Dataset, request: Request) -> bytes:
    from layers.features import layer_collections
    from layers.html import render_html

    page = render_html(
        layer_collections(dataset),
        tiles=request.tiles,
        export_filter=request.export_filter,
        stories=_html_stories(dataset, request),
    )
    return _utf8(page)


def _write_html(dataset: Dataset, path: Path, request: Request) -> object:
    from layers.features import layer_collections
    from layers.html import export_html

    return export_html(
        layer_collections(dataset),
        path,
        tiles=request.tiles,
        export_filter=request.export_filter,
        stories=_html_stories(dataset, request),
    )


def _build_kmz(dataset: Dataset, request: Request) -> bytes:
    from geo.exports.kml import to_kmz

    return to_kmz(dataset, request.export_filter)


def _write_kmz(dataset: Dataset, path: Path, request: Request) -> object:
    from geo.exports.kml import write_kmz

    return write_kmz(dataset, path, request.export_filter)


def _build_gpkg(dataset: Dataset, request: Request) -> bytes:
    from geo.exports.gpkg import to_gpkg

    return to_gpkg(dataset)


def _write_gpkg(dataset: Dataset, path: Path, request: Request) -> object:
    from geo.exports.gpkg import write_gpkg

    return write_gpkg(dataset, path)


def _print_options(request: Request) -> object:
    from layers.publish import PrintOptions

    sizes = {k: v for k, v in (("width_px", request.width_px), ("dpi", request.dpi)) if v}
    return PrintOptions(
        start=request.start,
        end=request.end,
        total=request.total,
        note=request.note,
        stories=tuple(request.stories),
        **sizes,
    )


def _static(fmt: str) -> tuple[Callable[..., bytes], Callable[..., object]]:
    """Return the builder and the writer of a printed format (png, svg, pdf)."""

    def build(dataset: Dataset, request: Request) -> bytes:
        from layers.publish import render_static

        return render_static(dataset, fmt, _print_options(request))

    def write(dataset: Dataset, path: Path, request: Request) -> object:
        from layers.publish import write_static

        return write_static(dataset, fmt, path, _print_options(request))

    return build, write


#: Every export format, in the order they are offered.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "geojson",
            "GeoJSON",
            "application/geo+json",
            "for QGIS and other GIS tools",
            _build_geojson,
            _write_geojson,
        ),
        Format(
            "html",
            "HTML map",
            "text/html",
            "a self-contained map that opens with no network",
            _build_html,
            _write_html,
        ),
        Format(
            "csv", "CSV", "text/csv", "one row per claim, for a spreadsheet", _build_csv, _write_csv
        ),
        Format(
            "kml",
            "KML",
            "application/vnd.google-earth.kml+xml",
            "for Google Earth",
            _build_kml,
            _write_kml,
        ),
        Format(
            "kmz",
            "KMZ",
            "application/vnd.google-earth.kmz",
            "for Google Earth, with its icons inside",
            _build_kmz,
            _write_kmz,
        ),
        Format(
            "gpkg",
            "GeoPackage",
            "application/geopackage+sqlite3",
            "claims and places layers for QGIS",
            _build_gpkg,
            _write_gpkg,
        ),
        Format(
            "png",
            "PNG map",
            "image/png",
            "a publication map: names, legend, scale, sources",
            *_static("png"),
        ),
        Format(
            "svg",
            "SVG map",
            "image/svg+xml",
            "the same map as editable vector graphics",
            *_static("svg"),
        ),
        Format(
            "pdf",
            "PDF brief",
            "application/pdf",
            "the map, then every claim in view with its source",
            *_static("pdf"),
        ),
    )
}


def export_format(name: str) -> Format:
    """Return the format called ``name``.

    Raises
    ------
    ValueError
        For an unknown name, listing the known ones.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None


def write(
    name: str, dataset: Dataset, path: str | os.PathLike[str], request: Request | None = None
) -> Path:
    """Write ``dataset``'s claims to ``path`` in format ``name``, atomically."""
    export_format(name).write(dataset, Path(path), request or Request())
    return Path(path)


def build(name: str, dataset: Dataset, request: Request | None = None) -> bytes:
    """Return ``dataset``'s claims in format ``name``, as bytes."""
    return export_format(name).build(dataset, request or Request())
