"""CSV export: one row per claim, mapped or not, for spreadsheets.

Columns: the ``geo.records.claim_properties`` names (the DESIGN.md contract
names first, then provenance and the document's ``published``/``published_end``),
``window_match`` (``certain`` or ``possible``, ``geo.dates``), then
``place_names``, ``precision_m``, ``lat``, ``lon`` and ``wkt``, and last
``export_filter`` (the filter as JSON) and ``exported_at`` (ISO 8601 UTC).

How the CSV records its filter: as those two last columns, repeated on every
row. The file stays a plain table that any spreadsheet or ``csv`` reader
opens (no comment lines, no second file), and a row copied elsewhere still
says which export it came from. An export with no claims keeps only the header.

``lat``/``lon`` are filled when the claim is drawn at a single point; ``wkt``
holds every mapped claim's geometry (``POINT``, ``MULTIPOINT`` for a claim at
several places, ``LINESTRING`` for a route); all three are empty for
a claim with no place. Lists and objects are JSON-encoded in their cells;
empty values are empty cells.

Plain UTF-8, RFC 4180 quoting (CRLF line ends). Text cells that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) get a leading ``'``; number cells (``lat``, ``lon``, counts)
are written as numbers and left alone, so negative coordinates stay numbers.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from geo.atomic import atomic_write
from geo.exports.selection import ExportFilter
from geo.geometry import claim_geometries, format_number, to_wkt
from geo.records import (
    CLAIM_FIELDS,
    DOCUMENT_FIELDS,
    EXPORT_FIELDS,
    claim_properties,
    document_properties,
)

#: The other ``claim_properties`` names, in its order: in the header even when
#: no claim is in the export, so an empty window has the same columns as a full one.
PROVENANCE_FIELDS = (*CLAIM_FIELDS[len(EXPORT_FIELDS) :], *DOCUMENT_FIELDS, "window_match")

#: Columns after the claim properties.
LOCATION_FIELDS = ("place_names", "precision_m", "lat", "lon", "wkt")

#: The last columns: what made the export and when (the same on every row).
EXPORT_INFO_FIELDS = ("export_filter", "exported_at")

#: First characters that make a spreadsheet treat a text cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Return ``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str:
    """Format one value for a CSV cell.

    None is empty; numbers are plain numbers; lists and dicts are JSON; text is
    neutralised (:func:`neutralise`).

    Raises
    ------
    ValueError
        For a NaN or infinite number, alone or inside a list (no valid cell for it).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a finite number: {value!r}")
        return format_number(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return neutralise(str(value))


def claim_row(
    dataset: Any, claim: Any, export_filter: ExportFilter | None = None
) -> dict[str, Any]:
    """Return one claim's row as raw values (before cell formatting)."""
    window = export_filter or ExportFilter()
    row = {**claim_properties(dataset, claim), **document_properties(dataset, claim)}
    row["window_match"] = window.match(dataset, claim)
    geoms = claim_geometries(claim, dataset.places)
    single = len(geoms) == 1 and geoms[0].geometry["type"] == "Point"
    row.update(
        {
            "place_names": [dataset.places[pid].name for pid in claim.places],
            "precision_m": max((g.precision_m for g in geoms), default=None),
            "lat": geoms[0].geometry["coordinates"][1] if single else None,
            "lon": geoms[0].geometry["coordinates"][0] if single else None,
            "wkt": to_wkt([g.geometry for g in geoms]) or None,
        }
    )
    return row


def columns(rows: list[dict[str, Any]]) -> list[str]:
    """Return the header: contract names, provenance, other properties as first seen, location."""
    names = [*EXPORT_FIELDS, *PROVENANCE_FIELDS]
    last = (*LOCATION_FIELDS, *EXPORT_INFO_FIELDS)
    for row in rows:
        names += [k for k in row if k not in names and k not in last]
    return names + list(last)


def iter_csv_rows(dataset: Any, export_filter: ExportFilter | None = None) -> Iterator[list[str]]:
    """Yield the header, then one row of formatted cells per claim, in dataset order."""
    window = export_filter or ExportFilter()
    info = {"export_filter": window.describe(), "exported_at": window.exported_at_text()}
    rows = [{**claim_row(dataset, claim, window), **info} for claim in dataset.claims]
    header = columns(rows)
    yield header
    for row in rows:
        yield [cell(row.get(name)) for name in header]


def write_rows(handle: TextIO, dataset: Any, export_filter: ExportFilter | None = None) -> None:
    """Write the CSV to an open text file (opened with ``newline=""``)."""
    writer = csv.writer(handle)
    for row in iter_csv_rows(dataset, export_filter):
        writer.writerow(row)


def to_csv(dataset: Any, export_filter: ExportFilter | None = None) -> str:
    """Return the export as CSV text."""
    import io

    buffer = io.StringIO(newline="")
    write_rows(buffer, dataset, export_filter)
    return buffer.getvalue()


def write_csv(
    dataset: Any, path: str | os.PathLike[str], export_filter: ExportFilter | None = None
) -> Path:
    """Write the export to ``path`` atomically (an existing file is never half-written)."""
    return atomic_write(path, lambda handle: write_rows(handle, dataset, export_filter), newline="")
