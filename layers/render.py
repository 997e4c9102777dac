"""Claim layers -> a folium Map: the one code path for the HTML export and the dashboard.

The map itself is bare (no tiles unless asked, no folium CDN assets); a
:class:`~layers.claimlayer.ClaimLayer` carries the data and the drawing code.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import folium

from layers import basemap, style
from layers.claimlayer import AssetMode, ClaimLayer

TileChoice = Literal["OpenStreetMap"] | None

#: Tile sets the map can put over the offline borders (URL, attribution, max zoom).
TILES: dict[str, dict[str, Any]] = {
    "OpenStreetMap": {
        "name": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">'
        "OpenStreetMap</a> contributors",
        "max_zoom": 19,
    }
}

#: Above this many features, one canvas draws them all instead of SVG (see bench/).
LARGE_THRESHOLD = 5000
#: Above this many points (crossings and sites), they are drawn as counts per cell.
CLUSTER_THRESHOLD = 2000
#: Above this many routes or flights in a layer, lines crowded in view become flows.
FLOW_THRESHOLD = 300
MAX_ZOOM = 18
DEFAULT_TITLE = "claimmap: reported claims"


def _iso(value: dt.date | str | None, name: str) -> str | None:
    """Return a date (or YYYY-MM-DD text) as ISO text, None when empty; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from None


def _count_points(collections: Mapping[str, Mapping[str, Any]]) -> int:
    """Return how many point markers (crossings and sites) the map draws."""
    return sum(
        len(collections.get(name, {}).get("features", ())) for name in ("crossings", "sites")
    )


def build_map(
    collections: Mapping[str, Mapping[str, Any]],
    *,
    tiles: TileChoice = None,
    asset_mode: AssetMode = "inline",
    title: str = DEFAULT_TITLE,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    show_possible: bool = True,
    as_of: dt.date | str | None = None,
    filter_text: str | None = None,
    cluster: bool | Literal["auto"] = "auto",
    renderer: Literal["auto", "svg", "canvas"] = "auto",
    borders: Mapping[str, Any] | None = None,
    height: str | int = "100%",
    legend_collapsed: bool = False,
    layers_collapsed: bool = False,
    dates_collapsed: bool = False,
    stories: Sequence[Mapping[str, Any]] | None = None,
) -> folium.Map:
    """Build the claim map.

    Parameters
    ----------
    collections : layer name -> GeoJSON FeatureCollection (``layers.features``'
        ``layer_collections``); layers missing from it are drawn empty.
    tiles : ``None`` (default: only the offline borders) or ``"OpenStreetMap"``
        (tiles over the borders; the borders still show when tiles cannot load).
    asset_mode : ``"inline"`` for a self-contained page, ``"static"`` to link the
        vendor files served by Streamlit at ``/app/static/vendor/``.
    title : shown on the map and as the page title (empty: no title box on the map).
    start, end : the initial date window (inclusive); ``None`` leaves that end open.
    show_possible : whether claims that only possibly fall in the window are drawn
        (faint); a toggle on the map changes it.
    as_of : the initial "as known on" day: only claims from documents published by then.
    filter_text : what the map holds and when it was made, shown under the title
        (``geo.exports.ExportFilter.summary()``).
    cluster : draw the point layers as counts per cell that drill down on zoom (once
        more than a few thousand are in view); ``"auto"`` allows it above
        :data:`CLUSTER_THRESHOLD` points.
        Routes and flights become flows per pair of areas above
        :data:`FLOW_THRESHOLD` lines in view, whatever this says.
    renderer : ``"svg"`` (one pane per layer), ``"canvas"`` (one canvas), or
        ``"auto"`` (canvas above :data:`LARGE_THRESHOLD` features).
    borders : a FeatureCollection of country outlines; default: Natural Earth
        around the claims (``layers.basemap``).
    height : the map's CSS height.
    legend_collapsed : start with the legend folded (a click unfolds it).
    layers_collapsed : show the layer control as an icon that opens on hover or tap.
    dates_collapsed : start with the date panel folded to its title (a click unfolds it).
    stories : the stories the map walks through (``layers.payload.stories_payload``): a
        story panel, folded unless the page's address names a step
        (``#story=ID&step=N``). ``None`` (the dashboard): no panel; ``[]``: a panel
        that says the map carries no stories when an address names one.

    Returns
    -------
    folium.Map
        Render with ``m.get_root().render()`` or hand to ``st_folium``.

    Raises
    ------
    ValueError
        For an unknown tile set, asset mode or an unreadable date.
    """
    if tiles is not None and tiles not in TILES:
        raise ValueError(f"tiles must be None or one of {sorted(TILES)}, not {tiles!r}")
    start_iso, end_iso = _iso(start, "start"), _iso(end, "end")
    as_of_iso = _iso(as_of, "as_of")
    if start_iso and end_iso and end_iso < start_iso:
        raise ValueError(f"end {end_iso} is before start {start_iso}")
    layers = _ordered_layers(collections)
    use_cluster = _count_points(layers) > CLUSTER_THRESHOLD if cluster == "auto" else bool(cluster)
    m = _bare_map(title, height)
    options = {
        "title": title,
        "start": start_iso,
        "end": end_iso,
        "show_possible": bool(show_possible),
        "as_of": as_of_iso,
        "filter_text": filter_text,
        "tiles": TILES[tiles] if tiles else None,
        # "auto" (many points): counted per cell when crowded in view; True: always.
        "cluster": ("auto" if use_cluster else False) if cluster == "auto" else bool(cluster),
        "renderer": renderer,
        "legend_collapsed": bool(legend_collapsed),
        "collapse_layers": bool(layers_collapsed),
        "dates_collapsed": bool(dates_collapsed),
        **FIXED_OPTIONS,
    }
    if stories is not None:
        options["stories"] = [dict(story) for story in stories]
    ClaimLayer(
        layers,
        borders=dict(borders) if borders is not None else basemap.border_features(layers),
        styles=style.style_table(),
        options=options,
        asset_mode=asset_mode,
        cluster=use_cluster,
    ).add_to(m)
    return m


#: The map options that are the same on every map.
FIXED_OPTIONS = {
    "svg_limit": LARGE_THRESHOLD,
    "cluster_threshold": CLUSTER_THRESHOLD,
    "flow_threshold": FLOW_THRESHOLD,
    "center": [32.5, 48.0],
    "zoom": 5,
}


def _ordered_layers(collections: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every known layer in drawing order (empty when missing), then unknown ones by name."""
    layers = {
        name: dict(collections.get(name) or {"type": "FeatureCollection", "features": []})
        for name in style.LAYER_ORDER
    }
    for name in sorted(set(collections) - set(layers)):  # drawn above the known layers
        layers[name] = dict(collections[name])
    return layers


def _bare_map(title: str, height: str | int) -> folium.Map:
    """Return a folium map with no tiles and no CDN assets (the claim layer brings its own)."""
    m = folium.Map(
        location=None,
        tiles=None,
        zoom_control=True,
        control_scale=True,
        height=height,
        world_copy_jump=False,
    )
    # With no tile layer, the zoom range must be the map's own (markercluster needs it).
    m.options.update(max_zoom=MAX_ZOOM, min_zoom=2)
    # Fresh per-instance lists: no folium CDN assets, and no class-level list mutated.
    m.default_js = []
    m.default_css = []
    m.get_root().title = html.escape(title or DEFAULT_TITLE)
    return m
