"""The map of a store's view (``geo.store.query.View``): a small Leaflet page for large stores.

A view holds either one GeoJSON feature per claim (up to a few thousand) or the
claims counted per grid cell, both computed by the database. `view_map_html`
draws it on the offline country borders: claims as their type's colour (points,
routes, several places), cells as circles whose area grows with the count, each
with a tooltip; the map fits the view's extent. A click on a cell zooms in; a click
on a claim rings it and posts its id to the page around the map, if any (the
dashboard's ``viewpanel`` picks it), which may also ring a claim it picked
(``{cmSelect: id}``). Leaflet is linked from the files
Streamlit serves (``asset_mode="static"``) or inlined (``"inline"``). Every value
from the store reaches the page as JSON in a ``<script>`` element
(``layers.claimlayer.json_for_html``) and is shown with ``textContent``: nothing
from the data is parsed as HTML.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Literal

from layers import assets
from layers.claimlayer import json_for_html
from layers.style import style_for

if TYPE_CHECKING:
    from geo.store.query import View

#: Country outlines: kept within this margin (degrees) around the view, simplified so much.
BORDER_MARGIN, BORDER_TOLERANCE = 8.0, 0.02

_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("cm-view-data").textContent);
  var map = L.map("cm-view-map", {preferCanvas: true, minZoom: 2, maxZoom: 14});
  L.geoJSON(data.borders, {interactive: false,
    style: {color: "#8a8f98", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1}}).addTo(map);
  function tip(layer, text) {  // made when first shown: thousands of features stay cheap
    layer.bindTooltip(function () { var el = document.createElement("span");
      el.textContent = text(); return el; }); }
  var byId = {}, selected = [];
  function select(id) {  // ring a claim's features (the picked claim); null: none
    selected.forEach(function (l) {
      l.setStyle(l.cmPlain); if (l.setRadius) { l.setRadius(l.cmPlain.radius); } });
    selected = (id && byId[id]) || [];
    selected.forEach(function (l) {
      l.cmPlain = {color: l.options.color, weight: l.options.weight, radius: l.options.radius};
      l.setStyle({color: "#000", weight: l.setRadius ? 3 : 5}); l.bringToFront();
      if (l.setRadius) { l.setRadius(10); } });
    document.body.setAttribute("data-cm-selected", selected.length ? id : ""); }
  function pick(id) {  // the dashboard's frame hears a clicked claim (claimmap/dashboard/viewpanel)
    select(id);
    if (window.parent !== window) { window.parent.postMessage({cmPick: String(id)}, "*"); } }
  window.addEventListener("message", function (event) {  // the dashboard's picked claim
    var m = event.data;
    if (event.source === window.parent && m && typeof m === "object" && "cmSelect" in m) {
      select(typeof m.cmSelect === "string" ? m.cmSelect : null); } });
  var drawn = null;
  if (data.cells) {
    var top = Math.max.apply(null, data.cells.features.map(function (f) {
      return f.properties.count; }).concat([1]));
    drawn = L.geoJSON(data.cells, {pointToLayer: function (f, ll) {
      return L.circleMarker(ll, {radius: 3 + 17 * Math.sqrt(f.properties.count / top),
        color: "#3b4a6b", weight: 1, fillColor: "#5b6f9e", fillOpacity: 0.55}); },
      onEachFeature: function (f, layer) {
        tip(layer, function () { return f.properties.count.toLocaleString() + " claims"; });
        layer.on("click", function () {  // a cell: look closer
          map.setView(layer.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom())); });
      }}).addTo(map);
  } else if (data.features) {
    drawn = L.geoJSON(data.features, {
      style: function (f) { return {color: data.colors[f.properties.type] || data.unknown,
        weight: 2, opacity: 0.8}; },
      pointToLayer: function (f, ll) { return L.circleMarker(ll, {radius: 5, weight: 1,
        color: "#333", fillColor: data.colors[f.properties.type] || data.unknown,
        fillOpacity: f.properties.window_match === "possible" ? 0.35 : 0.9}); },
      onEachFeature: function (f, layer) { var p = f.properties;
        tip(layer, function () { return p.claim_id + " · " + p.type + " · " +
          (p.event_start || "undated") +
          (p.event_end && p.event_end !== p.event_start ? " to " + p.event_end : ""); });
        (byId[p.claim_id] = byId[p.claim_id] || []).push(layer);
        layer.on("click", function () { pick(p.claim_id); }); }
    }).addTo(map);
  }
  var e = data.extent;
  if (e) { map.fitBounds([[e[1], e[0]], [e[3], e[2]]], {padding: [20, 20], maxZoom: 9}); }
  else { map.setView([32.5, 48.0], 5); }
  window.cmView = {map: map, drawn: drawn};
  document.body.setAttribute("data-cm-view-ready", "1");
})();
"""


def view_payload(view: View, borders: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return what the page's script draws: the view's features or cells, borders, colours."""
    return {
        "features": None if view.aggregated else view.features,
        "cells": view.cells,
        "extent": list(view.extent) if view.extent else None,
        "borders": borders if borders is not None else view_borders(view),
        "colors": {t: style_for(t).color for t in _types(view)},
        "unknown": style_for(None).color,
    }


def view_borders(view: View) -> dict[str, Any]:
    """Return the country outlines around the view's extent (none without an extent)."""
    from geo.boundaries import outline_features

    if view.extent is None:
        return {"type": "FeatureCollection", "features": []}
    west, south, east, north = view.extent
    m = BORDER_MARGIN
    return outline_features((west - m, south - m, east + m, north + m), BORDER_TOLERANCE)


def view_map_html(
    view: View,
    *,
    borders: dict[str, Any] | None = None,
    title: str = "claimmap view",
    height_px: int = 560,
    asset_mode: Literal["static", "inline"] = "static",
) -> str:
    """Return a whole HTML page drawing ``view`` (see the module doc)."""
    if asset_mode == "static":
        head = "".join(f'<link rel="stylesheet" href="{html.escape(url)}">'
                       for _, url in assets.css_links(("leaflet",)))  # fmt: skip
        head += "".join(f'<script src="{html.escape(url)}"></script>'
                        for _, url in assets.js_links(("leaflet",)))  # fmt: skip
    elif asset_mode == "inline":
        head = "".join(f"<style>{text}</style>" for _, text in assets.inline_css(("leaflet",)))
        head += "".join(f"<script>{text}</script>" for _, text in assets.inline_js(("leaflet",)))
    else:
        raise ValueError(f"asset_mode must be 'static' or 'inline', not {asset_mode!r}")
    data = json_for_html(view_payload(view, borders))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"{head}<style>html,body{{margin:0}}#cm-view-map{{height:{int(height_px)}px;"
        "background:#dbe7ee}</style></head><body>"
        '<div id="cm-view-map"></div>'
        f'<script type="application/json" id="cm-view-data">{data}</script>'
        f"<script>{assets.script_text(_SCRIPT)}</script></body></html>"
    )


def _types(view: View) -> set[str]:
    features = (view.features or {}).get("features") or ()
    types = {str(f["properties"].get("type")) for f in features}
    return types | {day.type for day in view.days}
