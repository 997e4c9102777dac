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

  /** The places of the payload as columns; their Leaflet positions made when first asked. */
  ClaimMapView.prototype._readPlaces = function () {
    var p = this.data.places || { id: [], xy: [] }, scale = this.data.scale || 1e5;
    var kinds = this.data.kinds || [];
    this.places = { id: p.id, name: p.name || [], local: p.local || [], lang: p.lang || [],
      kind: (p.kind || []).map(function (k) { return k === null ? null : kinds[k]; }),
      xy: p.xy, scale: scale, latlngs: new Array(p.id.length) };
  };

  /** The position of a place (a Leaflet LatLng, made once). */
  ClaimMapView.prototype.placeLatLng = function (i) {
    var p = this.places;
    return p.latlngs[i] || (p.latlngs[i] = L.latLng(p.xy[2 * i + 1] / p.scale, p.xy[2 * i] / p.scale));
  };

  /** One time span per claim (dates.js), shared by every entry that draws the claim. */
  ClaimMapView.prototype._readClaims = function () {
    var c = this.data.claims || { id: [] }, n = c.id.length, spans = new Array(n), d0 = c.day0 || 0;
    function day(v) { return typeof v === 'number' ? v + d0 : null; }
    for (var i = 0; i < n; i++) {
      spans[i] = spanOfDays(day(c.es[i]), day(c.ee[i]), day(c.ps[i]), day(c.pe[i]), c.inferred[i],
        c.id[i], i);
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

  function asList(value) { return typeof value === 'number' ? [value] : value; }

  /**
   * One map feature. Made for every feature up front, so it holds only what filtering
   * and aggregating need; its position is made when first asked (a Leaflet LatLng).
   */
  function Entry(view, index, layer, cols, i) {
    var claims = asList(cols.claims[i]), own = asList(cols.places[i]), spans = new Array(claims.length);
    for (var k = 0; k < claims.length; k++) { spans[k] = view.claimSpans[claims[k]]; }
    this.view = view;
    this.index = index;
    this.layer = layer;
    this.i = i;
    this.cols = cols;
    // Said once in the payload: a point's id is layer:place, its label the place's name.
    this.id = cols.id[i] === null ? layer + ':' + view.places.id[own[0]] : String(cols.id[i]);
    this.label = cols.label[i] || (own.length ? view.places.name[own[0]] : null);
    this.kind = cols.kind[i] === null ? null : view.data.kinds[cols.kind[i]];
    this.type = view.types[cols.type[i]];
    this.claims = claims;
    this.spans = spans;
    this.places = own;
    this.radius = cols.radius[i];
    this.count = cols.count[i];
    this.sources = cols.sources[i];
    this.conflict = !!cols.conflict[i];
    this.line = cols.lines && cols.lines[i] ?
      cols.lines[i].map(function (part) { return latlngsOf(part, view.places.scale); }) : null;
    this.shape = cols.shapes ? cols.shapes[String(i)] || null : null;
    this.other = cols.other ? cols.other[String(i)] || null : null;
    this.layers = null;
    this.main = null;
    this.hidden = false;
    this.look = 'certain';
    this.drawn = false;
    this._anchor = null;
  }

  /** Where a feature is drawn (its place, or the middle of its line). */
  Object.defineProperty(Entry.prototype, 'anchor', {
    get: function () {
      if (!this._anchor) {
        var xy = this.cols.xy, s = this.view.places.scale;
        this._anchor = xy ? L.latLng(xy[2 * this.i + 1] / s, xy[2 * this.i] / s) :
          this.view.placeLatLng(this.places[0]);
      }
      return this._anchor;
    },
    set: function (latlng) { this._anchor = latlng; }
  });

  /** [lng, lat] of a feature's anchor, without making a LatLng. */
  Entry.prototype.lngLat = function () {
    if (this._anchor) { return [this._anchor.lng, this._anchor.lat]; }
    var xy = this.cols.xy, s = this.view.places.scale, j = 2 * this.i;
    if (!xy) { xy = this.view.places.xy; j = 2 * this.places[0]; }
    return [xy[j] / s, xy[j + 1] / s];
  };

  /** The entries of one layer, in payload order (every layer's entries also in this.entries). */
  ClaimMapView.prototype._readLayer = function (name) {
    var cols = (this.data.layers || {})[name], entries = [];
    if (!cols) { return entries; }
    for (var i = 0; i < cols.id.length; i++) {
      var entry = new Entry(this, this.entries.length, name, cols, i);
      entries.push(entry);
      this.entries.push(entry);
    }
    return entries;
  };

  /** The entry of a feature id (the index of ids is made when first asked). */
  ClaimMapView.prototype.entryById = function (id) {
    if (!this._byId) {
      var byId = this._byId = {};
      this.entries.forEach(function (entry) { byId[entry.id] = entry; });
    }
    return this._byId[String(id)] || null;
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

  /** The compressed chunks of claim details (read from their own element when detached). */
  ClaimMapView.prototype._detailChunks = function () {
    var c = this.data.claims || {};
    if (!c.details && c.detailsElement) {
      var node = document.getElementById(c.detailsElement);
      c.details = node ? JSON.parse(node.textContent) : [];
    }
    return c.details || [];
  };

  /** A promise of the details of claims (their properties, or null when not carried). */
  ClaimMapView.prototype.claimDetails = function (indices) {
    var self = this, c = this.data.claims || {}, size = c.chunk || 256, wanted = {};
    indices.forEach(function (i) { wanted[Math.floor(i / size)] = true; });
    if (typeof DecompressionStream === 'undefined') {
      return Promise.reject(new Error('this browser cannot read the claim details'));
    }
    var chunks = this._detailChunks();
    var loads = Object.keys(wanted).map(function (k) {
      if (!self._chunks[k]) { self._chunks[k] = inflate(chunks[+k]); }
      return self._chunks[k];
    });
    return Promise.all(loads).then(function () {
      return Promise.all(indices.map(function (i) {
        return self._chunks[Math.floor(i / size)].then(function (rows) { return rows[i % size]; });
      }));
    });
  };
}(window, window.ClaimMap));
