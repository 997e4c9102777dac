"""Publication outputs: a static map as PNG or SVG, and a PDF brief (map + one entry per claim).

Drawn offline with matplotlib (3.11+, whose libraqm layout shapes Arabic and
Persian) over Natural Earth, in the web map's colour-blind-safe palette. Why
matplotlib for the pages too: it is already the map's renderer, it shapes
right-to-left text, and it writes PNG, SVG and PDF from one drawing; reportlab
would lay out paragraphs by itself but does no Arabic shaping, so the place
names in the entries would need a second text pipeline.

``write_static(dataset, fmt, path, options)`` writes one file atomically
(``geo.atomic``): an existing file is either left as it was or replaced whole.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any

from layers.publish.mapfigure import PrintOptions

#: Formats ``write_static`` writes.
FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class Written:
    """What was written: the format, the pages (1 for an image) and the labels left out."""

    format: str
    pages: int
    dropped_labels: tuple[str, ...]


def _save_image(dataset: Any, fmt: str, path: Any, options: PrintOptions) -> Written:
    import matplotlib

    from layers.publish.captions import title
    from layers.publish.mapfigure import map_figure

    drawn = map_figure(dataset, options, generic_font=fmt == "svg")
    settings = {"svg.fonttype": "none", "svg.hashsalt": "claimmap"}
    metadata = {"Title": title(options.start, options.end, options.title)}
    if fmt == "png":
        metadata["Software"] = "claimmap"
    with matplotlib.rc_context(settings):
        drawn.figure.savefig(path, format=fmt, dpi=options.dpi, metadata=metadata)
    return Written(fmt, 1, tuple(drawn.dropped))


def _draw(dataset: Any, fmt: str, target: Any, options: PrintOptions) -> Written:
    """Draw ``fmt`` into ``target`` (a path or a binary file object)."""
    from layers.publish.fonts import find_fonts

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    find_fonts()  # fail before any work when no font can draw the local names
    with warnings.catch_warnings():
        # A character no font has (an emoji in a quote) is drawn as a box, not a failure.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        if fmt == "pdf":
            from layers.publish.brief import write_brief

            return Written("pdf", write_brief(dataset, target, options), ())
        return _save_image(dataset, fmt, target, options)


def write_static(
    dataset: Any, fmt: str, path: str | os.PathLike[str], options: PrintOptions | None = None
) -> Written:
    """Write the claims of ``dataset`` as a PNG or SVG map, or a PDF brief, at ``path``.

    Raises
    ------
    ValueError
        For a format outside :data:`FORMATS`.
    layers.publish.fonts.FontsMissing
        When no installed font covers Arabic script.
    OSError
        When the file cannot be written (``path`` is then untouched).
    """
    from geo.atomic import atomic_path

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    with atomic_path(path) as tmp:
        return _draw(dataset, fmt, tmp, options or PrintOptions())


def render_static(dataset: Any, fmt: str, options: PrintOptions | None = None) -> bytes:
    """Return the PNG, SVG or PDF of ``dataset`` as bytes (for a download); see ``write_static``."""
    import io

    buffer = io.BytesIO()
    _draw(dataset, fmt, buffer, options or PrintOptions())
    return buffer.getvalue()


__all__ = ["FORMATS", "PrintOptions", "Written", "render_static", "write_static"]
