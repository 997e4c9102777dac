"""The standalone HTML map: one file, every script and style inside it.

It opens with no network and no server (base-map tiles aside, and they are off
by default): Leaflet, its stylesheet images, claimmap's code and the data are
all in the page. The file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from geo.atomic import atomic_write
from geo.exports.selection import ExportFilter
from layers.claimlayer import ClaimLayer
from layers.render import DEFAULT_TITLE, TileChoice, build_map

# What would make a page fetch something: a tag's src/srcset/poster/data (scripts,
# images, frames, media, objects), a <link> or <base> href, a meta refresh, CSS
# @import and a CSS url() that is not a data: URI or a fragment.
_EXTERNAL = re.compile(
    r"""<[a-z][a-z0-9]*\b[^>]*\s(?:src|srcset|poster|data)\s*="""
    r"""|<(?:link|base)\b[^>]*\bhref\s*="""
    r"""|<meta\b[^>]*\bhttp-equiv\s*=\s*["']?refresh"""
    r"""|@import\b"""
    r"""|\burl\(\s*["']?\s*(?!data:|#)(?:[a-z][a-z0-9+.-]*:|//)""",
    re.IGNORECASE,
)


class NotSelfContainedError(ValueError):
    """The rendered page still refers to an outside file (a bug, never written out)."""


def _render_parts(
    collections: Mapping[str, Mapping[str, Any]],
    *,
    tiles: TileChoice,
    title: str,
    start: dt.date | str | None,
    end: dt.date | str | None,
    export_filter: ExportFilter | None = None,
    **options: Any,
) -> tuple[str, str, str]:
    """Render the page as (before the data, the data, after it), checked self-contained.

    The exported page starts with its panels folded (legend, dates, layers), so that
    the map is what the reader sees first.
    """
    window = export_filter or ExportFilter()
    for panel in ("legend_collapsed", "dates_collapsed", "layers_collapsed"):
        options.setdefault(panel, True)
    m = build_map(
        collections,
        tiles=tiles,
        asset_mode="inline",
        title=title,
        start=window.start if start is None else start,
        end=window.end if end is None else end,
        as_of=options.pop("as_of", window.as_of),
        filter_text=window.summary(),
        **options,
    )
    (layer,) = [child for child in m._children.values() if isinstance(child, ClaimLayer)]
    layer.detach_details = True
    before, data, after = layer.render_split()
    # The data cannot refer to anything: its '<' are escaped (json_for_html).
    check_self_contained(before)
    check_self_contained(after)
    # The claims' words come last, after the script that draws the map: read (and
    # decoded) only when a popup asks for them.
    end = after.rindex("</html>")
    return before, data, after[:end] + layer.details_html() + after[end:]


def render_html(
    collections: Mapping[str, Mapping[str, Any]],
    *,
    tiles: TileChoice = None,
    title: str = DEFAULT_TITLE,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    export_filter: ExportFilter | None = None,
    **options: Any,
) -> str:
    """Return the self-contained page as a string (see :func:`export_html`)."""
    return "".join(
        _render_parts(
            collections,
            tiles=tiles,
            title=title,
            start=start,
            end=end,
            export_filter=export_filter,
            **options,
        )
    )


def check_self_contained(page: str) -> None:
    """Raise :class:`NotSelfContainedError` if the page would load another file.

    Looks for ``src``, ``srcset``, ``poster`` and ``data`` attributes (scripts,
    images, frames, media, objects), ``href`` on ``<link>`` and ``<base>``, a
    meta refresh, CSS ``@import`` and CSS ``url()`` to anything but a ``data:``
    URI or a fragment. Meant for the page around the data block (the export
    checks that part only): a claim's words may well mention ``url(https://...)``
    as text, which the JSON keeps inert.
    """
    found = _EXTERNAL.search(page)
    if found:
        near = page[found.start() :][:120]
        raise NotSelfContainedError(
            f"the rendered map still loads an outside resource near: {near!r}"
        )


def export_html(
    collections: Mapping[str, Mapping[str, Any]],
    path: str | os.PathLike[str],
    *,
    tiles: TileChoice = None,
    title: str = DEFAULT_TITLE,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    export_filter: ExportFilter | None = None,
    **options: Any,
) -> Path:
    """Write the standalone HTML map to ``path`` (atomically) and return the path.

    Parameters
    ----------
    collections : layer name -> GeoJSON FeatureCollection (``layer_collections``).
    path : the file to write; its directory must exist. An existing file is
        replaced only once the new page is complete.
    tiles : ``None`` (offline borders only) or ``"OpenStreetMap"``.
    title : the page and map title.
    start, end : the initial date window shown (the page can change it); default:
        the window of ``export_filter``.
    export_filter : what selected the claims and when; its summary is shown in the
        title box (default: no filter, exported now).
    **options : passed to :func:`layers.render.build_map` (``show_possible``,
        ``cluster``, ``renderer``, ``borders``, ``stories``: the story panel, opened
        at a step by ``map.html#story=ID&step=N``).

    Raises
    ------
    FileNotFoundError
        When the directory does not exist, or the vendor files have not been
        fetched (``make setup``).
    ValueError
        For bad dates or options.
    """
    parts = _render_parts(
        collections,
        tiles=tiles,
        title=title,
        start=start,
        end=end,
        export_filter=export_filter,
        **options,
    )

    def write(handle: IO[str]) -> None:
        for part in parts:  # written piece by piece: no copy of the data into one page
            handle.write(part)

    return atomic_write(path, write)
