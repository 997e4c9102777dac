/*
 * model.js: the payload (layers.payload.map_payload) read into places, claims and
 * entries (one per map feature), and claim details decoded on demand.
 *
 * An entry holds what drawing, filtering and labelling need: {index, id, layer, kind,
 * type, claims (claim indices), spans (the claims' times, shared), places (place
 * indices), anchor, line, shape, radius, count, sources, conflict}. Its Leaflet layers
 * are made when it is first drawn (draw.js). A claim's words stay compressed until a
 * popup asks for them.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var spanOfDays = _.spanOfDays;

  /** The places of the payload as columns, with Leaflet positions. */
  ClaimMapView.prototype._readPlaces = function () {
    var p = this.data.places || { id: [], xy: [] }, scale = this.data.scale || 1e5;
    var n = p.id.length, latlngs = new Array(n);
    for (var i = 0; i < n; i++) { latlngs[i] = L.latLng(p.xy[2 * i + 1] / scale, p.xy[2 * i] / scale); }
    this.places = { id: p.id, name: p.name || [], local: p.local || [], lang: p.lang || [],
      kind: p.kind || [], latlng: latlngs, byId: {} };
    for (var j = 0; j < n; j++) { this.places.byId[p.id[j]] = j; }
  };

  /** One time span per claim (dates.js), shared by every entry that draws the claim. */
  ClaimMapView.prototype._readClaims = function () {
    var c = this.data.claims || { id: [] }, n = c.id.length, spans = new Array(n);
    for (var i = 0; i < n; i++) {
      spans[i] = spanOfDays(c.es[i], c.ee[i], c.ps[i], c.pe[i], c.inferred[i], c.id[i]);
    }
    this.claimSpans = spans;
    this.claimTypes = c.type || [];
    this.types = this.data.types || [];
    this._chunks = {};
  };

  function latlngsOf(flat, scale) {
    var out = new Array(flat.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = L.latLng(flat[2 * i + 1] / scale, flat[2 * i] / scale); }
    return out;
  }

  /** The entries of one layer, in payload order (every layer's entries also in this.entries). */
  ClaimMapView.prototype._readLayer = function (name) {
    var cols = (this.data.layers || {})[name], scale = this.data.scale || 1e5;
    var entries = [];
    if (!cols) { return entries; }
    for (var i = 0; i < cols.id.length; i++) {
      var claims = cols.claims[i], spans = new Array(claims.length);
      for (var k = 0; k < claims.length; k++) { spans[k] = this.claimSpans[claims[k]]; }
      var line = cols.lines && cols.lines[i];
      var entry = {
        index: this.entries.length, id: String(cols.id[i]), layer: name, label: cols.label[i],
        kind: cols.kind[i], type: this.types[cols.type[i]], claims: claims, spans: spans,
        places: cols.places[i], radius: cols.radius[i], count: cols.count[i],
        sources: cols.sources[i], conflict: !!cols.conflict[i],
        anchor: L.latLng(cols.xy[2 * i + 1] / scale, cols.xy[2 * i] / scale),
        line: line ? line.map(function (part) { return latlngsOf(part, scale); }) : null,
        shape: cols.shapes ? cols.shapes[String(i)] || null : null,
        other: cols.other ? cols.other[String(i)] || null : null,
        layers: null, main: null, hidden: false, look: 'certain', drawn: false
      };
      if (!entry.label && entry.places.length) { entry.label = this.places.name[entry.places[0]]; }
      entries.push(entry);
      this.entries.push(entry);
      this.byId[entry.id] = entry;
    }
    return entries;
  };

  /** The claim types of an entry, most frequent first. */
  ClaimMapView.prototype.entryTypes = function (entry) {
    var counts = {}, self = this;
    entry.claims.forEach(function (c) {
      var t = self.types[self.claimTypes[c]];
      if (t) { counts[t] = (counts[t] || 0) + 1; }
    });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
  };

  function inflate(base64) {
    var bin = root.atob(base64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }

  /** A promise of the details of claims (their properties, or null when not carried). */
  ClaimMapView.prototype.claimDetails = function (indices) {
    var self = this, c = this.data.claims || {}, size = c.chunk || 256, wanted = {};
    indices.forEach(function (i) { wanted[Math.floor(i / size)] = true; });
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('this browser cannot read the claim details'));
    }
    var loads = Object.keys(wanted).map(function (k) {
      if (!self._chunks[k]) { self._chunks[k] = inflate(c.details[+k]); }
      return self._chunks[k];
    });
    return Promise.all(loads).then(function () {
      return Promise.all(indices.map(function (i) {
        return self._chunks[Math.floor(i / size)].then(function (rows) { return rows[i % size]; });
      }));
    });
  };
}(window, window.ClaimMap));
