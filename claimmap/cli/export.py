"""``claimmap export``: write the claims as GeoJSON, an HTML map, CSV, KML, GPKG, PNG, SVG or PDF.

A claim is kept when its possible range overlaps [--start, --end] (both ends
inclusive; ``geo.dates``) and its document was published by --as-of. Each
export records that filter and the export time. The output replaces PATH
atomically: an existing file is never left half-written. Bad arguments and
data errors exit with status 2 and one line per problem on stderr; so does an
output path that is (or links to) a data file, the store or any SQLite
database. A read-only output file is refused with status 4; a failed write
exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from claimmap.cli.errors import DENIED
from claimmap.cli.options import add_as_of, add_window, load_or_report, window_problem
from claimmap.exports import FORMATS

EPILOG = """\
window: a claim is kept when its possible range overlaps [--start, --end], both
ends inclusive (a claim dated Jan 6-8 is kept for --start 2026-01-08 and for
--end 2026-01-06). A claim with no event date happened no later than its
document's publication: its range is open, ending at the document's
published_end (or published). Each claim gets window_match: certain (its range
lies within the window) or possible (it only overlaps it).

--as-of D: as known on D, only claims from documents published by D (a
document dated to a range of days counts from its first day).

every export names its filter and export time: GeoJSON in the top-level
"claimmap" member, KML in the Document's description, HTML in the map's title
box, CSV in its last two columns (export_filter, exported_at) on every row.

formats: geojson (RFC 7946, one Feature per claim geometry: a Point per place,
a LineString per route; claims with no place are left out), html (a standalone
map that works offline, with its own date filter and the data's stories: open
map.html#story=ID&step=N at a step; claims a step cites that the window left out
are listed as not in this view), csv (one row per claim,
mapped or not, with lat/lon or wkt), kml (Google Earth; a Placemark per claim
geometry named by its place, claims with no place left out; icons inside the
file as data: URIs), kmz (the same KML with its icons in the archive), gpkg
(GeoPackage for QGIS: a "claims" layer with the GeoJSON features and
properties, lists as JSON text, and a "places" layer with the gazetteer), png
and svg (a publication map: names in Latin and local script, legend, scale,
title with the filter, sources; --width pixels at --dpi, default 2400 at 200),
pdf (a brief: the map on an A4 page, then every claim in view with its source,
claimant, dates and figures; --story ID adds that story's steps).

output: PATH is replaced atomically (a temporary file beside it, then a
rename), so an existing file is never left half-written. A symbolic link is
followed: the file it points to is replaced and the link stays. A read-only
file is refused (exit 4); so are the data files and the store, and any SQLite
database, whatever the path that leads to them (exit 2).
"""

#: Bounds of --width (pixels), --dpi, and the map's width in inches they make.
WIDTH_PX, DPI, WIDTH_IN = (300, 20_000), (36, 1200), (3.0, 60.0)


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export claims as GeoJSON, HTML map, CSV, KML/KMZ, GeoPackage, PNG/SVG map or PDF",
        description="Export the claims whose event range overlaps the window.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format", required=True, choices=list(FORMATS), help="output format: %(choices)s"
    )
    add_window(
        parser,
        "keep claims that may have happened on or after this day",
        "keep claims that may have happened on or before this day",
    )
    add_as_of(parser)
    parser.add_argument("--width", type=int, metavar="PX", help="png/svg: width in pixels (2400)")
    parser.add_argument("--dpi", type=int, metavar="N", help="png/svg: dots per inch (200)")
    parser.add_argument("--story", metavar="ID", help="pdf: walk through this story's steps")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="file to write (replaced atomically, links followed, read-only files and the "
        "data files refused; its directory must exist)",
    )
    parser.set_defaults(run=run)


def _fail(message: str, status: int = 2) -> int:
    sys.stderr.write(f"claimmap export: error: {message}\n")
    return status


def check_arguments(args: argparse.Namespace) -> str | None:
    """Return what is wrong with the arguments in one line, or None."""
    if args.format not in FORMATS:
        return f"unknown format {args.format!r} (choose from {', '.join(FORMATS)})"
    window = window_problem(args) or size_problem(args)
    if window:
        return window
    if not str(args.output).strip():
        return "-o/--output is empty"
    output = Path(args.output)
    try:
        if output.is_dir():
            return f"output path is a directory: {output}"
        if not output.parent.is_dir():
            return f"output directory does not exist: {output.parent}"
    except OSError as exc:
        return f"bad output path {output}: {exc.strerror or exc}"
    from geo.atomic import refusal
    from geo.paths import protected_files

    return refusal(output, protected_files(getattr(args, "data", None)))


def size_problem(args: argparse.Namespace) -> str | None:
    """Return what is wrong with --width, --dpi and --story in one line, or None."""
    width, dpi = getattr(args, "width", None), getattr(args, "dpi", None)
    if (width is not None or dpi is not None) and args.format not in ("png", "svg"):
        return f"--width and --dpi apply to png and svg, not {args.format}"
    if getattr(args, "story", None) is not None and args.format != "pdf":
        return f"--story applies to the pdf brief, not {args.format}"
    for name, value, (low, high) in (("--width", width, WIDTH_PX), ("--dpi", dpi, DPI)):
        if value is not None and not low <= value <= high:
            return f"{name} {value} is out of range ({low} to {high})"
    inches = (width or 2400) / (dpi or 200)
    if not WIDTH_IN[0] <= inches <= WIDTH_IN[1]:
        return (
            f"--width {width or 2400} at --dpi {dpi or 200} makes a map {inches:.1f} in wide; "
            f"it must be {WIDTH_IN[0]:g} to {WIDTH_IN[1]:g} in"
        )
    return None


def run(args: argparse.Namespace) -> int:
    """Load the data, keep the claims in the window, write the file."""
    problem = check_arguments(args)
    if problem:
        return _fail(problem)
    from geo.atomic import check_replaceable

    try:
        check_replaceable(args.output)
    except PermissionError as exc:
        return _fail(f"{args.output}: {exc.strerror}", DENIED)

    from claimmap.exports import Request, write

    dataset = load_or_report(args)
    if isinstance(dataset, int):
        return dataset
    output = Path(args.output)
    stories = tuple(s for s in dataset.stories if s.id == getattr(args, "story", None))
    if getattr(args, "story", None) and not stories:
        known = ", ".join(s.id for s in dataset.stories) or "none"
        return _fail(f"unknown story {args.story!r} (stories: {known})")
    request = Request(
        start=args.start,
        end=args.end,
        as_of=args.as_of,
        width_px=getattr(args, "width", None),
        dpi=getattr(args, "dpi", None),
        total=len(dataset.claims),
        stories=stories,
    )
    selected = request.export_filter.select(dataset)
    from layers.publish.fonts import FontsMissing

    try:
        write(args.format, selected, output, request)
    except FontsMissing as exc:
        return _fail(str(exc), 1)
    except PermissionError as exc:
        return _fail(f"cannot write {output}: {exc.strerror or exc}", DENIED)
    except OSError as exc:
        return _fail(f"cannot write {output}: {exc.strerror or exc}", 1)
    except ValueError as exc:
        return _fail(f"cannot write {output}: {exc}", 1)
    mapped = sum(1 for claim in selected.claims if claim.places)
    sys.stderr.write(
        f"wrote {output} ({args.format}): {len(selected.claims)} of {len(dataset.claims)} "
        f"claims, {mapped} with a place\n"
    )
    return 0
