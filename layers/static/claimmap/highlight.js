/*
 * highlight.js: claims outlined on the map (a story's step), with the marks the
 * dashboard's linked views draw (claimmap/dashboard/page.py, highlight_group): a ring
 * around a place, a wide translucent band along a route or flight, a ring at a
 * country's badge. They sit in a pane of their own above the features, in SVG
 * whatever the map's renderer (a few marks), and catch no clicks.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;

  /** The colour of outlined claims (the dashboard's HIGHLIGHT): no claim type has it. */
  var HIGHLIGHT = '#e7298a';

  /** The layer group of the outlines (made, with its pane and renderer, when first asked). */
  ClaimMapView.prototype._highlightGroup = function () {
    if (!this.highlights) {
      var pane = this.map.createPane('cm-highlight');
      pane.style.zIndex = 455;
      pane.style.pointerEvents = 'none';
      this.highlightRenderer = L.svg({ pane: 'cm-highlight', padding: 0.3 });
      this.highlights = L.layerGroup().addTo(this.map);
    }
    return this.highlights;
  };

  /** The index of a claim id in the payload's claims, or -1 (not on this map). */
  ClaimMapView.prototype.claimIndexOf = function (id) {
    if (!this._claimIndex) {
      var index = this._claimIndex = Object.create(null);
      ((this.data.claims || {}).id || []).forEach(function (cid, i) {
        if (typeof cid === 'string' && !(cid in index)) { index[cid] = i; }
      });
    }
    var found = this._claimIndex[String(id)];
    return found === undefined ? -1 : found;
  };

  /** The map features that draw any of the claims (by index), in drawing order. */
  ClaimMapView.prototype.entriesWithClaims = function (indices) {
    var wanted = Object.create(null);
    indices.forEach(function (i) { wanted[i] = true; });
    return this.entries.filter(function (entry) {
      return entry.claims.some(function (c) { return wanted[c] === true; });
    });
  };

  /** The outline of one feature (Leaflet layers, not yet added). */
  ClaimMapView.prototype._outline = function (entry) {
    var ring = { renderer: this.highlightRenderer, pane: 'cm-highlight', interactive: false,
      className: 'cm-highlight', color: HIGHLIGHT };
    if (entry.line) {
      return entry.line.map(function (part) {
        return L.polyline(part, L.extend({ weight: 10, opacity: 0.45 }, ring));
      });
    }
    var at = entry.shape && entry.places.length ? this.placeLatLng(entry.places[0]) : entry.anchor;
    return [L.circleMarker(at, L.extend({ radius: 15, weight: 4, fill: false }, ring))];
  };

  /**
   * Outline the features that draw any of the claims `ids` (replacing any outline);
   * return the ids found on the map, in the order given.
   */
  ClaimMapView.prototype.highlightClaims = function (ids) {
    var self = this, group = this._highlightGroup(), indices = [], found = [];
    group.clearLayers();
    (ids || []).forEach(function (id) {
      var i = self.claimIndexOf(id);
      if (i >= 0) { indices.push(i); found.push(String(id)); }
    });
    this.entriesWithClaims(indices).forEach(function (entry) {
      self._outline(entry).forEach(function (layer) { group.addLayer(layer); });
    });
    this.highlighted = found;
    return found.slice();
  };

  _.HIGHLIGHT = HIGHLIGHT;
}(window, window.ClaimMap));
