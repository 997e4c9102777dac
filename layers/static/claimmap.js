/*
 * claimmap.js: draws a claim map in Leaflet from plain JSON.
 *
 * ClaimMap.init(map, data) builds, from `data` ({layers, borders, styles, options}):
 * an offline base layer of country borders (under any tiles), one overlay per claim
 * layer (areas, routes, flights, crossings, sites), a legend, a layer control and a
 * date-range filter with playback. Every string from the data reaches the page
 * through textContent or an attribute set in code, never through innerHTML.
 *
 * Hooks for tests and the dashboard: window.claimmaps[mapId] and window.claimmap
 * (the last map initialised) expose setWindow(start, end), getWindow(),
 * setIncludeUndated(flag), visibleFeatureIds(layer), drawnCounts(), openPopup(id),
 * play(), pause(), isPlaying(), step(days), whenReady(callback) and `ready`.
 */
(function (root) {
  'use strict';

  var VERSION = '1.0.1';
  if (root.ClaimMap && root.ClaimMap.version === VERSION) { return; }
  var L = root.L;
  var DAY_MS = 86400000;
  var POINT_LAYERS = { crossings: true, sites: true };

  /* ------------------------------------------------------------------ helpers */

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function svgEl(tag, attrs, parent) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  /** Days since 1970-01-01 (UTC) of an ISO date, or null. */
  function dayOf(iso) {
    if (typeof iso !== 'string') { return null; }
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m) { return null; }
    var t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }

  function isoOf(day) {
    return day === null || day === undefined ? '' : new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /** The URL when it is an absolute http(s) URL, else null (no javascript:, data:, ...). */
  function safeUrl(url) {
    if (typeof url !== 'string' || !/^\s*https?:\/\//i.test(url)) { return null; }
    try {
      var parsed = new URL(url.trim());
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function words(value) {
    return String(value === null || value === undefined ? '' : value).replace(/_/g, ' ');
  }

  function formatDistance(metres) {
    if (!(metres > 0)) { return null; }
    if (metres < 1000) { return Math.round(metres) + ' m'; }
    var km = metres / 1000;
    return (km < 10 ? km.toFixed(1).replace(/\.0$/, '') : Math.round(km)) + ' km';
  }

  function formatDates(claim) {
    var s = claim.event_start, e = claim.event_end;
    if (!s && !e) { return 'undated'; }
    var text = s === e || !e ? String(s) : String(s) + ' \u2013 ' + String(e);
    if (claim.date_precision && claim.date_precision !== 'day') {
      text += ' (' + words(claim.date_precision) + ')';
    }
    return text;
  }

  /* ------------------------------------------------------------------ shapes */

  function regular(n, rotation, scale) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = rotation + 2 * Math.PI * i / n;
      pts.push([scale * Math.sin(a), -scale * Math.cos(a)]);
    }
    return pts;
  }

  function star(points, outer, inner) {
    var pts = [];
    for (var i = 0; i < 2 * points; i++) {
      var a = Math.PI * i / points, r = i % 2 ? inner : outer;
      pts.push([r * Math.sin(a), -r * Math.cos(a)]);
    }
    return pts;
  }

  function plus(size, arm) {
    var s = size, a = arm;
    return [[-a, -s], [a, -s], [a, -a], [s, -a], [s, a], [a, a], [a, s], [-a, s],
      [-a, a], [-s, a], [-s, -a], [-a, -a]];
  }

  function rotate(pts, angle) {
    var c = Math.cos(angle), s = Math.sin(angle);
    return pts.map(function (p) { return [p[0] * c - p[1] * s, p[0] * s + p[1] * c]; });
  }

  /** Unit outlines (radius 1 = the marker's radius); 'circle' is drawn as a circle. */
  var SHAPES = {
    square: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]],
    diamond: [[0, -1.2], [1.2, 0], [0, 1.2], [-1.2, 0]],
    triangle: regular(3, 0, 1.3).map(function (p) { return [p[0], p[1] + 0.2]; }),
    'triangle-down': regular(3, Math.PI, 1.3).map(function (p) { return [p[0], p[1] - 0.2]; }),
    pentagon: regular(5, 0, 1.1),
    hexagon: regular(6, Math.PI / 6, 1.05),
    star: star(5, 1.35, 0.6),
    plus: plus(1.15, 0.4),
    cross: rotate(plus(1.25, 0.38), Math.PI / 4)
  };

  function shapePath(shape, x, y, r) {
    var unit = SHAPES[shape];
    if (!unit) {
      return 'M' + (x - r) + ',' + y + 'a' + r + ',' + r + ' 0 1,0 ' + 2 * r + ',0' +
        'a' + r + ',' + r + ' 0 1,0 ' + -2 * r + ',0Z';
    }
    return unit.map(function (p, i) {
      return (i ? 'L' : 'M') + (x + p[0] * r).toFixed(1) + ',' + (y + p[1] * r).toFixed(1);
    }).join('') + 'Z';
  }

  function canvasVisible(renderer, layer) {
    return renderer._drawing && !layer._empty();
  }

  /* Vector layers that can be hidden by the date filter without leaving their renderer,
   * so that drawing order and hit-testing stay stable while the window moves. */
  var Hideable = {
    _cmHidden: false,
    _cmSetHidden: function (hidden) {
      if (this._cmHidden === hidden) { return; }
      this._cmHidden = hidden;
      if (this._renderer && this._map) { this.redraw(); }
    },
    _containsPoint: function (p) {
      return !this._cmHidden && this._cmBase._containsPoint.call(this, p);
    }
  };

  function hideableUpdate(base) {
    return function () {
      if (this._cmHidden) {
        if (this._renderer instanceof L.SVG) { this._renderer._setPath(this, 'M0 0'); }
        return;
      }
      base.prototype._updatePath.call(this);
    };
  }

  var ShapeMarker = L.CircleMarker.extend({
    options: { shape: 'circle' },
    _cmBase: L.CircleMarker.prototype,
    _updatePath: function () {
      var r = this._renderer, shape = this.options.shape;
      if (this._cmHidden) {
        if (r instanceof L.SVG) { r._setPath(this, 'M0 0'); }
        return;
      }
      if (!SHAPES[shape]) { r._updateCircle(this); return; }
      var p = this._point, radius = Math.max(this._radius, 1);
      if (r instanceof L.Canvas) {
        if (!canvasVisible(r, this)) { return; }
        var ctx = r._ctx, unit = SHAPES[shape];
        ctx.beginPath();
        for (var i = 0; i < unit.length; i++) {
          var x = p.x + unit[i][0] * radius, y = p.y + unit[i][1] * radius;
          if (i) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); }
        }
        ctx.closePath();
        r._fillStroke(ctx, this);
      } else {
        r._setPath(this, this._empty() ? 'M0 0' : shapePath(shape, p.x, p.y, radius));
      }
    }
  });
  ShapeMarker.include(Hideable);
  ShapeMarker.include({
    // Room for the pointed shapes (stars, triangles) that reach past the radius.
    _updateBounds: function () {
      var r = this._radius * 1.4, w = this._clickTolerance(), p = [r + w, r + w];
      this._pxBounds = new L.Bounds(this._point.subtract(p), this._point.add(p));
    }
  });

  var HCircle = L.Circle.extend({ _cmBase: L.Circle.prototype, _updatePath: hideableUpdate(L.Circle) });
  HCircle.include(Hideable);
  var HPolyline = L.Polyline.extend({ _cmBase: L.Polyline.prototype, _updatePath: hideableUpdate(L.Polyline) });
  HPolyline.include(Hideable);
  var HPolygon = L.Polygon.extend({ _cmBase: L.Polygon.prototype, _updatePath: hideableUpdate(L.Polygon) });
  HPolygon.include(Hideable);

  /** A small inline SVG swatch: a shape, a line or a circle. */
  function swatch(kind, style, parent) {
    var svg = svgEl('svg', { width: 22, height: 16, viewBox: '0 0 22 16', 'aria-hidden': 'true',
      'class': 'cm-swatch' }, parent);
    if (kind === 'shape') {
      svgEl('path', { d: shapePath(style.shape, 11, 8, 5.5), fill: style.color,
        'fill-opacity': 0.95, stroke: '#333', 'stroke-width': 1 }, svg);
    } else if (kind === 'line') {
      var line = { x1: 1, y1: 8, x2: 21, y2: 8, stroke: style.color || '#444',
        'stroke-width': style.weight || 3, 'stroke-linecap': 'round' };
      if (style.dash) { line['stroke-dasharray'] = style.dash; }
      svgEl('line', line, svg);
    } else if (kind === 'area') {
      svgEl('circle', { cx: 11, cy: 8, r: 7, fill: '#777', 'fill-opacity': 0.15, stroke: '#555',
        'stroke-width': 1.5, 'stroke-dasharray': '3 2' }, svg);
    } else if (kind === 'precision') {
      svgEl('circle', { cx: 11, cy: 8, r: 7, fill: '#777', 'fill-opacity': 0.08, stroke: '#777',
        'stroke-width': 1, 'stroke-dasharray': '1 2' }, svg);
      svgEl('circle', { cx: 11, cy: 8, r: 2.5, fill: '#555' }, svg);
    } else if (kind === 'conflict') {
      svgEl('path', { d: shapePath('circle', 11, 8, 5), fill: '#fff', stroke: '#000',
        'stroke-width': 2.5 }, svg);
    }
    return svg;
  }

  /* ------------------------------------------------------------------ the map */

  function ClaimMapView(map, data) {
    this.map = map;
    this.data = data || {};
    this.opts = this.data.options || {};
    this.styles = this.data.styles || { types: {}, layers: {}, order: [] };
    this.order = this.styles.order && this.styles.order.length ? this.styles.order :
      Object.keys(this.data.layers || {});
    this.entries = [];
    this.byId = {};
    this.groups = {};
    this.clustered = {};
    this.loading = {};
    this.ready = false;
    this._readyCallbacks = [];
    this._timer = null;
    this.win = { start: dayOf(this.opts.start), end: dayOf(this.opts.end),
      undated: this.opts.include_undated !== false };
  }

  ClaimMapView.prototype.typeStyle = function (type) {
    return (this.styles.types || {})[type] || this.styles.unknown ||
      { color: '#888888', shape: 'circle', glyph: '?', label: words(type) };
  };

  ClaimMapView.prototype.layerStyle = function (name) {
    return (this.styles.layers || {})[name] || { label: name, dash: null, weight: 2, fill_opacity: 0.1 };
  };

  function now() { return root.performance ? root.performance.now() : Date.now(); }

  ClaimMapView.prototype.build = function () {
    var self = this, map = this.map;
    this.timings = { init: now() };
    L.DomUtil.addClass(map.getContainer(), 'cm-map');
    if (!map.options.maxZoom) { map.options.maxZoom = 18; }  // clusters need a zoom range
    var total = 0, points = 0;
    this.order.forEach(function (name) {
      var fc = (self.data.layers || {})[name];
      var n = fc && fc.features ? fc.features.length : 0;
      total += n;
      if (POINT_LAYERS[name]) { points += n; }
    });
    var limit = this.opts.svg_limit || 5000;
    var rendererMode = this.opts.renderer || 'auto';
    this.large = rendererMode === 'canvas' || (rendererMode === 'auto' && total > limit);
    var clusterOpt = this.opts.cluster === undefined ? 'auto' : this.opts.cluster;
    this.useCluster = !!L.MarkerClusterGroup && (clusterOpt === true ||
      (clusterOpt === 'auto' && points > (this.opts.cluster_threshold || limit)));

    this._buildBase();
    if (this.large) { this.sharedRenderer = L.canvas({ padding: 0.3, tolerance: 3 }); }
    this.timings.base = now();
    this.order.forEach(function (name, i) { self._buildLayer(name, i); });
    this.timings.features = now();
    this.focus = L.layerGroup().addTo(map);
    this.popup = L.popup({ maxWidth: 380, minWidth: 240, maxHeight: 340, autoPanPadding: [20, 20],
      className: 'cm-popup-wrap' });
    map.on('popupclose', function (e) { if (e.popup === self.popup) { self.focus.clearLayers(); } });

    this._buildControls();
    this._fit();
    this._applyWindow(true);
    this.timings.added = now();
    this._built = true;
    this._checkReady();
  };

  /* Ready once built and every cluster group has added its last chunk. */
  ClaimMapView.prototype._checkReady = function () {
    var self = this;
    if (this.ready || !this._built) { return; }
    if (Object.keys(this.loading).some(function (n) { return self.loading[n]; })) { return; }
    this.ready = true;
    this.timings.ready = now();
    this.map.getContainer().setAttribute('data-claimmap-ready', '1');
    this._readyCallbacks.splice(0).forEach(function (cb) { cb(self.api); });
  };

  /* Offline borders in a pane below the tiles, so they show whenever tiles do not. */
  ClaimMapView.prototype._buildBase = function () {
    var map = this.map, self = this;
    var pane = map.createPane('cm-borders');
    pane.style.zIndex = 150;
    pane.style.pointerEvents = 'none';
    var borders = this.data.borders;
    if (borders && borders.features && borders.features.length) {
      this.borders = L.geoJSON(borders, {
        renderer: L.svg({ pane: 'cm-borders', padding: 0.5 }),
        pane: 'cm-borders',
        interactive: false,
        style: function () {
          return { color: '#8c8577', weight: 1, opacity: 0.9, fill: true, fillColor: '#f3efe6',
            fillOpacity: 1 };
        }
      }).addTo(map);
      this._countryLabels(borders.features);
    }
    this.baseLayers = {};
    var tiles = this.opts.tiles;
    if (tiles && tiles.url) {
      this.tileErrors = 0;
      this.tiles = L.tileLayer(tiles.url, { attribution: tiles.attribution || '',
        maxZoom: tiles.max_zoom || 19 });
      this.tiles.on('tileerror', function () { self.tileErrors += 1; });
      this.tiles.addTo(map);
      this.baseLayers[escapeHtml(tiles.name || 'Tiles')] = this.tiles;
      this.baseLayers['No tiles (offline borders)'] = L.layerGroup();
    } else {
      this.baseLayers['Offline borders'] = L.layerGroup().addTo(map);
    }
  };

  /* Country names on the offline base map, below the tiles like the borders. */
  ClaimMapView.prototype._countryLabels = function (features) {
    var pane = this.map.createPane('cm-labels');
    pane.style.zIndex = 160;
    pane.style.pointerEvents = 'none';
    var labels = L.layerGroup();
    features.forEach(function (f) {
      var p = f.properties || {}, at = p.label_point;
      if (!p.name || !Array.isArray(at) || at.length !== 2) { return; }
      labels.addLayer(L.marker([at[1], at[0]], {
        pane: 'cm-labels', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'cm-country-label', iconSize: null,
          html: el('span', null, p.name) })
      }));
    });
    this.countryLabels = labels.addTo(this.map);
  };

  ClaimMapView.prototype._buildLayer = function (name, index) {
    var self = this, map = this.map;
    var fc = (this.data.layers || {})[name] || { features: [] };
    var features = fc.features || [];
    var renderer = this.sharedRenderer;
    if (!renderer) {
      var pane = map.createPane('cm-' + name);
      pane.style.zIndex = 401 + index;
      renderer = L.svg({ pane: 'cm-' + name, padding: 0.3 });
    }
    var cluster = this.useCluster && POINT_LAYERS[name];
    var group = cluster ? L.markerClusterGroup({ chunkedLoading: true, chunkInterval: 200, chunkDelay: 1,
      showCoverageOnHover: false, disableClusteringAtZoom: 11, spiderfyOnMaxZoom: true,
      removeOutsideVisibleBounds: true }) : L.featureGroup();
    if (cluster) {
      group.options.chunkProgress = function (done, totalCount) {
        if (done >= totalCount) { self.loading[name] = false; self._checkReady(); }
      };
    }
    this.groups[name] = group;
    this.clustered[name] = !!cluster;
    var entries = [];
    if (name === 'areas') {
      // Larger areas first, so that smaller ones are drawn (and clicked) on top.
      features = features.slice().sort(function (a, b) { return areaRadius(b) - areaRadius(a); });
    }
    for (var i = 0; i < features.length; i++) {
      var entry = this._buildFeature(name, features[i], renderer, !!cluster);
      if (entry) { entries.push(entry); }
    }
    group.on('click', function (e) { self._onClick(e); });
    // One tooltip per layer, its content made for the feature under the mouse. Bound to
    // the group, it is also what streamlit-folium reports as the clicked object's tooltip.
    group.bindTooltip(function (layer) { return self.tooltipContent(layer); },
      { direction: 'top', offset: [0, -6], className: 'cm-tooltip', opacity: 0.95 });
    group._cmEntries = entries;
    group.addTo(map);
  };

  ClaimMapView.prototype._buildFeature = function (layerName, feature, renderer, clustered) {
    var props = feature.properties || {};
    var geom = feature.geometry;
    if (!geom || !geom.coordinates) { return null; }
    var id = String(props.feature_id === undefined ? layerName + '-' + this.entries.length : props.feature_id);
    var ts = this.typeStyle(props.primary_type);
    var ls = this.layerStyle(layerName);
    var conflict = !!props.conflict;
    var entry = { id: id, layer: layerName, props: props, spans: spansOf(props),
      claimIds: claimIdsOf(props), layers: [],
      main: null, anchor: null, hidden: false, radius: null };
    var common = { renderer: renderer, color: ts.color, fillColor: ts.color };
    if (geom.type === 'Point') {
      var ll = L.latLng(geom.coordinates[1], geom.coordinates[0]);
      entry.anchor = ll;
      var radius = +props.radius_m || +props.precision_m || 0;
      entry.radius = radius;
      if (layerName === 'areas') {
        // Fainter fill for larger areas: overlapping provinces and countries stay readable.
        var fade = Math.min(1, Math.max(0.25, 150000 / (radius || 150000)));
        entry.main = new HCircle(ll, L.extend({}, common, { radius: radius || 20000,
          weight: conflict ? 3 : ls.weight || 1.5, dashArray: ls.dash || '6 6',
          color: conflict ? '#000' : ts.color, opacity: 0.8,
          fillOpacity: (ls.fill_opacity || 0.12) * fade }));
      } else {
        entry.main = new ShapeMarker(ll, L.extend({}, common, { shape: ts.shape, radius: 7,
          color: conflict ? '#000' : '#333', weight: conflict ? 3 : 1, opacity: 1,
          fillOpacity: 0.95 }));
        if (!clustered && !this.large && radius > 0) {
          entry.circle = new HCircle(ll, L.extend({}, common, { radius: radius, weight: 1,
            dashArray: ls.dash || '2 4', opacity: 0.6, fillOpacity: ls.fill_opacity || 0.06,
            interactive: false }));
          entry.layers.push(entry.circle);
        }
      }
    } else if (geom.type === 'LineString' || geom.type === 'MultiLineString') {
      var lls = L.GeoJSON.coordsToLatLngs(geom.coordinates, geom.type === 'LineString' ? 0 : 1);
      entry.main = new HPolyline(lls, L.extend({}, common, { weight: ls.weight || 3,
        dashArray: ls.dash, opacity: 0.9, lineCap: 'round' }));
      if (conflict) { entry.main.setStyle({ weight: (ls.weight || 3) + 1.5 }); }
      var flat = geom.type === 'LineString' ? lls : lls[0];
      entry.anchor = flat[Math.floor(flat.length / 2)];
    } else if (geom.type === 'Polygon' || geom.type === 'MultiPolygon') {
      var pls = L.GeoJSON.coordsToLatLngs(geom.coordinates, geom.type === 'Polygon' ? 1 : 2);
      entry.main = new HPolygon(pls, L.extend({}, common, { weight: ls.weight || 1.5,
        dashArray: ls.dash || '6 6', opacity: 0.8,
        // A whole country: the faintest fill, so what lies inside it stays readable.
        fillOpacity: (ls.fill_opacity || 0.12) * 0.35 }));
      entry.anchor = entry.main.getBounds().getCenter();
    } else {
      return null;
    }
    entry.layers.unshift(entry.main);
    entry.main._cmEntry = entry;
    entry.clustered = clustered;
    this.entries.push(entry);
    this.byId[id] = entry;
    return entry;
  };

  function areaRadius(feature) {
    var p = feature.properties || {};
    return +p.radius_m || +p.precision_m || 0;
  }

  function spansOf(props) {
    // Cut to a budget (see layers.features.within_budget), a feature keeps every
    // claim's [start, end] in `spans` while carrying only its first claims.
    if (Array.isArray(props.spans)) {
      return props.spans.map(function (s) { return spanOf(s[0], s[1]); });
    }
    var claims = Array.isArray(props.claims) && props.claims.length ? props.claims : [props];
    return claims.map(function (c) { return spanOf(c.event_start, c.event_end); });
  }

  function claimIdsOf(props) {
    // The claim behind each span (null when unknown), so that a claim drawn at
    // several places is counted once in the status line.
    if (Array.isArray(props.spans)) {
      return props.spans.map(function (s) { return s.length > 2 ? s[2] : null; });
    }
    var claims = Array.isArray(props.claims) && props.claims.length ? props.claims : [];
    return claims.map(function (c) { return c.claim_id === undefined ? null : c.claim_id; });
  }

  function spanOf(start, end) {
    var s = dayOf(start), e = dayOf(end);
    if (s === null && e === null) { return null; }
    return [s === null ? e : s, e === null ? s : e];
  }

  function claimCount(props) {
    if (typeof props.claim_count === 'number') { return props.claim_count; }
    return Array.isArray(props.claims) ? props.claims.length : 0;
  }

  /* ------------------------------------------------------------------ filter */

  ClaimMapView.prototype.domain = function () {
    if (this._domain !== undefined) { return this._domain; }
    var min = null, max = null;
    this.entries.forEach(function (entry) {
      entry.spans.forEach(function (s) {
        if (!s) { return; }
        if (min === null || s[0] < min) { min = s[0]; }
        if (max === null || s[1] > max) { max = s[1]; }
      });
    });
    this._domain = min === null ? null : { min: min, max: max };
    return this._domain;
  };

  function spanVisible(span, win) {
    if (!span) { return win.undated; }
    if (win.start !== null && span[1] < win.start) { return false; }
    if (win.end !== null && span[0] > win.end) { return false; }
    return true;
  }

  function entryVisible(entry, win) {
    for (var i = 0; i < entry.spans.length; i++) {
      if (spanVisible(entry.spans[i], win)) { return true; }
    }
    return false;
  }

  ClaimMapView.prototype._applyWindow = function (initial) {
    var self = this, win = this.win;
    this.order.forEach(function (name) {
      var group = self.groups[name];
      var entries = group._cmEntries;
      if (self.clustered[name]) {
        var add = [], remove = [];
        entries.forEach(function (entry) {
          var hidden = !entryVisible(entry, win);
          if (initial) { if (!hidden) { add.push(entry.main); } } else if (hidden !== entry.hidden) {
            (hidden ? remove : add).push(entry.main);
          }
          entry.hidden = hidden;
        });
        if (remove.length) { group.removeLayers(remove); }
        if (add.length) {
          self.loading[name] = true;  // cleared by chunkProgress, maybe at once
          group.addLayers(add);
        }
      } else {
        entries.forEach(function (entry) {
          var hidden = !entryVisible(entry, win);
          if (initial) {
            entry.hidden = hidden;
            entry.layers.forEach(function (layer) {
              layer._cmHidden = hidden;
              group.addLayer(layer);
            });
          } else if (hidden !== entry.hidden) {
            entry.hidden = hidden;
            entry.layers.forEach(function (layer) { layer._cmSetHidden(hidden); });
          }
        });
      }
    });
    if (!initial && this.popupEntry && this.popupEntry.hidden) { this.map.closePopup(this.popup); }
    this._syncControls();
    this._fireChange();
  };

  ClaimMapView.prototype._fireChange = function () {
    var detail = { start: isoOf(this.win.start) || null, end: isoOf(this.win.end) || null,
      includeUndated: this.win.undated, visible: this.visibleFeatureIds().length };
    var evt;
    try { evt = new CustomEvent('claimmap:window', { detail: detail }); } catch (e) { return; }
    this.map.getContainer().dispatchEvent(evt);
  };

  ClaimMapView.prototype.setWindow = function (start, end) {
    var s = start === null || start === undefined || start === '' ? null : dayOf(start);
    var e = end === null || end === undefined || end === '' ? null : dayOf(end);
    if (s !== null && e !== null && e < s) { var t = s; s = e; e = t; }
    this.win.start = s;
    this.win.end = e;
    this._applyWindow(false);
  };

  ClaimMapView.prototype.setIncludeUndated = function (flag) {
    this.win.undated = !!flag;
    this._applyWindow(false);
  };

  ClaimMapView.prototype.getWindow = function () {
    return { start: isoOf(this.win.start) || null, end: isoOf(this.win.end) || null,
      includeUndated: this.win.undated };
  };

  ClaimMapView.prototype.visibleFeatureIds = function (layer) {
    return this.entries.filter(function (entry) {
      return !entry.hidden && (!layer || entry.layer === layer);
    }).map(function (entry) { return entry.id; });
  };

  /** Features actually on the map now, per layer (filter passed and overlay switched on). */
  ClaimMapView.prototype.drawnCounts = function () {
    var self = this, counts = {};
    this.order.forEach(function (name) {
      var group = self.groups[name];
      var on = self.map.hasLayer(group);
      counts[name] = !on ? 0 : group._cmEntries.filter(function (entry) {
        return self.clustered[name] ? group.hasLayer(entry.main) :
          !entry.hidden && self.map.hasLayer(entry.main);
      }).length;
    });
    return counts;
  };

  /* ------------------------------------------------------------------ playback */

  ClaimMapView.prototype.step = function (days) {
    var d = this.domain();
    if (!d) { return false; }
    var n = days === undefined ? 1 : days;
    var start = this.win.start === null ? d.min : this.win.start;
    var end = this.win.end === null ? d.max : this.win.end;
    // Forward while the window's end can still reach the last date, backward while its
    // start can reach the first (a window that begins before the first date still moves).
    if (n >= 0 ? end + n > d.max : start + n < d.min) { return false; }
    this.win.start = start + n;
    this.win.end = end + n;
    this._applyWindow(false);
    return true;
  };

  ClaimMapView.prototype.play = function () {
    var d = this.domain(), self = this;
    if (!d || this._timer) { return; }
    var start = this.win.start === null ? d.min : this.win.start;
    var end = this.win.end === null ? d.max : this.win.end;
    if (start <= d.min && end >= d.max) {
      end = d.min + Math.max(0, (this.opts.play_window_days || 1) - 1);  // play day by day
      start = d.min;
    } else if (end >= d.max || end < d.min) {
      // At the end, or wholly before the first date: the same width from the first day.
      end = d.min + (end - start);
      start = d.min;
    }
    this.win.start = start;
    this.win.end = end;
    this._applyWindow(false);
    this._timer = root.setInterval(function () {
      if (!self.step(1)) { self.pause(); }
    }, this.opts.play_interval_ms || 900);
    this._syncControls();
  };

  ClaimMapView.prototype.pause = function () {
    if (this._timer) { root.clearInterval(this._timer); this._timer = null; }
    this._syncControls();
  };

  /* ------------------------------------------------------------------ popups */

  ClaimMapView.prototype._entryOf = function (e) {
    var layer = e.propagatedFrom || e.layer || e.sourceTarget;
    return layer && layer._cmEntry;
  };

  ClaimMapView.prototype._onClick = function (e) {
    var entry = this._entryOf(e);
    if (entry) { this.openPopup(entry.id, entry.main instanceof HPolyline ? e.latlng : null); }
  };

  /** The tooltip of a feature (or of a cluster of them): built from text nodes only. */
  ClaimMapView.prototype.tooltipContent = function (layer) {
    var self = this;
    var box = el('div', 'cm-tooltip-body');
    var entry = layer && layer._cmEntry;
    if (!entry) {
      var n = layer && layer.getChildCount ? layer.getChildCount() : 0;
      el('div', null, n + ' map features here: zoom in or click to spread them', box);
      return box;
    }
    var p = entry.props, count = claimCount(p);
    el('strong', null, p.label || entry.id, box);
    var types = (p.types || []).map(function (t) { return self.typeStyle(t).label; }).join(', ');
    el('div', null, count + (count === 1 ? ' claim' : ' claims') + (types ? ' \u00b7 ' + types : ''), box);
    // Not shown; read by streamlit-folium (which reports the tooltip's text on a click).
    var id = el('span', 'cm-feature-id', entry.id, box);
    id.hidden = true;
    return box;
  };

  ClaimMapView.prototype.openPopup = function (featureId, latlng) {
    var entry = this.byId[String(featureId)];
    if (!entry) { return false; }
    this.popupEntry = entry;
    this.focus.clearLayers();
    if (entry.radius && !entry.circle && entry.layer !== 'areas') {
      var ts = this.typeStyle(entry.props.primary_type);
      L.circle(entry.anchor, { radius: entry.radius, color: ts.color, weight: 1, dashArray: '2 4',
        fillOpacity: 0.08, interactive: false }).addTo(this.focus);
    }
    this.popup.setLatLng(latlng || entry.anchor).setContent(this.popupContent(entry));
    this.map.openPopup(this.popup);
    return true;
  };

  ClaimMapView.prototype.popupContent = function (entry) {
    var self = this, p = entry.props;
    var box = el('div', 'cm-popup');
    box.setAttribute('data-feature-id', entry.id);
    var head = el('div', 'cm-popup-head', null, box);
    swatch('shape', this.typeStyle(p.primary_type), head);
    el('h3', 'cm-popup-title', p.label || entry.id, head);
    var meta = el('div', 'cm-popup-meta', null, box);
    el('div', 'cm-layer-name', this.layerStyle(entry.layer).label, meta);
    var names = Array.isArray(p.place_names) ? p.place_names.join(' \u2192 ') : '';
    if (names && names !== p.label) { el('div', 'cm-places', names, meta); }
    if (entry.layer === 'crossings' && p.other_side) {
      el('div', 'cm-other-side', 'Other side of the border: ' + p.other_side +
        (p.other_country ? ' (' + p.other_country + ')' : ''), meta);
    }
    var dist = formatDistance(+p.radius_m || +p.precision_m);
    if (dist) {
      el('div', 'cm-precision', entry.layer === 'areas' ?
        'Area of uncertainty: the claim names a whole region (radius about ' + dist + ')' :
        'Location known to within about ' + dist, meta);
    }
    var claims = Array.isArray(p.claims) ? p.claims : [];
    var total = claimCount(p);
    var summary = el('div', 'cm-popup-summary', total + (total === 1 ? ' claim' : ' claims') +
      (total > claims.length ? ' (the first ' + claims.length + ' listed here)' : '') +
      (p.independent_sources !== undefined && p.independent_sources !== null ?
        ' \u00b7 independent sources: ' + p.independent_sources : ''), box);
    if (p.conflict) { el('span', 'cm-badge cm-badge-conflict', 'sources conflict', summary); }
    var list = el('ol', 'cm-claims', null, box);
    claims.forEach(function (c) { list.appendChild(self.claimItem(c)); });
    return box;
  };

  ClaimMapView.prototype.claimItem = function (c) {
    var ts = this.typeStyle(c.type);
    var inWindow = spanVisible(spansOf(c)[0], this.win);
    var item = el('li', 'cm-claim' + (inWindow ? '' : ' cm-out-of-window'));
    if (c.claim_id !== undefined) { item.setAttribute('data-claim-id', String(c.claim_id)); }
    var top = el('div', 'cm-claim-type', null, item);
    swatch('shape', ts, top);
    el('span', 'cm-type-label', ts.label || words(c.type), top);
    if (c.status) { el('span', 'cm-badge cm-status', words(c.status), top); }
    if (!inWindow) { el('span', 'cm-badge', 'outside the selected dates', top); }
    if (c.statement) { el('p', 'cm-statement', c.statement, item); }
    if (c.quote) { el('blockquote', 'cm-quote', '\u201c' + c.quote + '\u201d', item); }
    var attrib = el('div', 'cm-attrib', null, item);
    if (c.claimant) { attrib.appendChild(document.createTextNode('According to ')); el('span', 'cm-claimant', c.claimant, attrib); }
    var outlet = el('div', 'cm-outlet', null, item);
    outlet.appendChild(document.createTextNode('Reported by '));
    var href = safeUrl(c.url);
    var label = c.outlet || c.source_id || 'unknown source';
    if (href) {
      var a = el('a', 'cm-source-link', label, outlet);
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    } else {
      el('span', 'cm-source-name', label, outlet);
      if (c.url) { el('span', 'cm-url-text', ' (' + c.url + ')', outlet); }
    }
    if (Array.isArray(c.actors) && c.actors.length) {
      el('div', 'cm-actors', 'Groups named: ' + c.actors.join(', '), item);
    }
    el('div', 'cm-dates', 'Event date: ' + formatDates(c), item);
    if (c.date_note) { el('div', 'cm-date-note', c.date_note, item); }
    if (Array.isArray(c.quantities) && c.quantities.length) {
      var ql = el('ul', 'cm-quantities', null, item);
      c.quantities.forEach(function (q) {
        el('li', null, (q.what ? words(q.what) + ': ' : '') + (q.text || ''), ql);
      });
    }
    var prov = [];
    if (c.independent_sources !== undefined && c.independent_sources !== null) {
      prov.push('independent sources: ' + c.independent_sources);
    }
    if (c.grade) { prov.push('grade ' + c.grade + (c.grading_note ? ' (' + c.grading_note + ')' : '')); }
    if (prov.length) { el('div', 'cm-provenance', prov.join(' \u00b7 '), item); }
    if (c.group_title) { el('div', 'cm-group', 'Reported claim: ' + c.group_title, item); }
    if (Array.isArray(c.conflicts) && c.conflicts.length) {
      var cl = el('ul', 'cm-conflicts', null, item);
      el('li', 'cm-conflicts-title', 'Sources differ:', cl);
      c.conflicts.forEach(function (text) { el('li', null, text, cl); });
    }
    return item;
  };

  /* ------------------------------------------------------------------ controls */

  ClaimMapView.prototype._buildControls = function () {
    var self = this, map = this.map, overlays = {};
    this.order.forEach(function (name) {
      var n = self.groups[name]._cmEntries.length;
      overlays[escapeHtml(self.layerStyle(name).label + ' (' + n + ')')] = self.groups[name];
    });
    this.layerControl = L.control.layers(this.baseLayers, overlays,
      { collapsed: !!this.opts.collapse_layers, position: 'topright' }).addTo(map);
    L.DomUtil.addClass(this.layerControl.getContainer(), 'cm-layers');
    if (this.opts.title) { this._titleControl().addTo(map); }
    this._legend().addTo(map);
    this._filter().addTo(map);
  };

  ClaimMapView.prototype._titleControl = function () {
    var title = this.opts.title;
    var ctl = L.control({ position: 'topleft' });
    ctl.onAdd = function () {
      var div = el('div', 'cm-title leaflet-bar');
      el('div', 'cm-title-text', title, div);
      return div;
    };
    return ctl;
  };

  /**
   * A titled panel body that its title button folds and unfolds (folded at first
   * where the map is small: the dashboard). Returns the body to fill.
   */
  function foldable(parent, toggleClass, title, bodyClass, folded) {
    var toggle = el('button', toggleClass, title, parent);
    toggle.type = 'button';
    var body = el('div', bodyClass, null, parent);
    function setFolded(value) {
      body.style.display = value ? 'none' : '';
      toggle.setAttribute('aria-expanded', value ? 'false' : 'true');
    }
    setFolded(folded);
    toggle.addEventListener('click', function () { setFolded(body.style.display !== 'none'); });
    return body;
  }

  ClaimMapView.prototype._legend = function () {
    var self = this;
    var ctl = L.control({ position: 'bottomright' });
    ctl.onAdd = function () {
      var div = el('div', 'cm-legend leaflet-bar');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var body = foldable(div, 'cm-legend-toggle', 'Legend', 'cm-legend-body',
        !!self.opts.legend_collapsed);
      el('div', 'cm-legend-title', 'Claim types', body);
      var present = {};
      self.entries.forEach(function (entry) {
        (entry.props.types || [entry.props.primary_type]).forEach(function (t) { present[t] = true; });
        present[entry.props.primary_type] = true;
      });
      Object.keys(self.styles.types || {}).forEach(function (type) {
        if (!present[type]) { return; }
        var row = el('div', 'cm-legend-row cm-legend-type', null, body);
        row.setAttribute('data-type', type);
        swatch('shape', self.typeStyle(type), row);
        el('span', null, self.typeStyle(type).label, row);
      });
      el('div', 'cm-legend-title', 'How to read it', body);
      var keys = [
        ['line', { color: '#444', weight: 3 }, 'solid line: ground route'],
        ['line', { color: '#444', weight: 2.5, dash: '5 3' }, 'dashed arc: flight'],
        ['area', {}, 'dashed area: claim known only to a province or country'],
        ['precision', {}, 'faint circle: how precisely a place is known'],
        ['conflict', {}, 'thick black outline: sources conflict']
      ];
      keys.forEach(function (k) {
        var row = el('div', 'cm-legend-row', null, body);
        swatch(k[0], k[1], row);
        el('span', null, k[2], row);
      });
      el('div', 'cm-legend-note', 'Everything shown is as reported; nothing here is verified by claimmap.', body);
      return div;
    };
    return ctl;
  };

  ClaimMapView.prototype._filter = function () {
    var self = this;
    var ctl = L.control({ position: 'bottomleft' });
    var uid = this.map.getContainer().id || 'claimmap';
    ctl.onAdd = function () {
      var box = el('div', 'cm-filter leaflet-bar');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var div = foldable(box, 'cm-filter-title cm-filter-toggle', 'Event dates',
        'cm-filter-body', !!self.opts.dates_collapsed);
      var d = self.domain();
      function dateInput(cls, labelText) {
        var label = el('label', 'cm-field', null, div);
        el('span', null, labelText, label);
        var input = el('input', cls, null, label);
        input.type = 'date';
        input.id = uid + '-' + cls;
        if (d) { input.min = isoOf(d.min); input.max = isoOf(d.max); }
        return input;
      }
      self.ui = {};
      self.ui.start = dateInput('cm-start', 'From');
      self.ui.end = dateInput('cm-end', 'To');
      var row = el('div', 'cm-play-row', null, div);
      self.ui.play = el('button', 'cm-play', '\u25b6 Play', row);
      self.ui.play.type = 'button';
      self.ui.play.id = uid + '-cm-play';
      self.ui.slider = el('input', 'cm-slider', null, row);
      self.ui.slider.type = 'range';
      self.ui.slider.id = uid + '-cm-slider';
      self.ui.slider.min = 0;
      self.ui.slider.step = 1;
      self.ui.slider.setAttribute('aria-label', 'Move the date window');
      var ulabel = el('label', 'cm-field cm-undated-field', null, div);
      self.ui.undated = el('input', 'cm-undated', null, ulabel);
      self.ui.undated.type = 'checkbox';
      self.ui.undated.id = uid + '-cm-undated';
      self.ui.undated.checked = self.win.undated;
      el('span', null, ' include undated claims (shown at every date)', ulabel);
      self.ui.reset = el('button', 'cm-reset', 'All dates', div);
      self.ui.reset.type = 'button';
      self.ui.status = el('div', 'cm-status', null, div);
      self.ui.status.setAttribute('aria-live', 'polite');
      if (!d) {
        [self.ui.start, self.ui.end, self.ui.play, self.ui.slider].forEach(function (n) { n.disabled = true; });
      }

      // Read the inputs before pause(), which writes the current window back into them.
      // A start after the end moves the end with it (and the other way round).
      self.ui.start.addEventListener('change', function () {
        var start = self.ui.start.value || null;
        var end = self.win.end === null ? null : isoOf(self.win.end);
        self.pause();
        self.setWindow(start, start && end && end < start ? start : end);
      });
      self.ui.end.addEventListener('change', function () {
        var end = self.ui.end.value || null;
        var start = self.win.start === null ? null : isoOf(self.win.start);
        self.pause();
        self.setWindow(start && end && start > end ? end : start, end);
      });
      self.ui.slider.addEventListener('input', function () {
        var dom = self.domain(), offset = +self.ui.slider.value;
        if (!dom) { return; }
        self.pause();
        var start = self.win.start === null ? dom.min : self.win.start;
        var end = self.win.end === null ? dom.max : self.win.end;
        var width = end - start;
        self.win.start = dom.min + offset;
        self.win.end = self.win.start + width;
        self._applyWindow(false);
      });
      self.ui.play.addEventListener('click', function () {
        if (self._timer) { self.pause(); } else { self.play(); }
      });
      self.ui.undated.addEventListener('change', function () {
        self.setIncludeUndated(self.ui.undated.checked);
      });
      self.ui.reset.addEventListener('click', function () {
        self.pause();
        self.setWindow(null, null);
      });
      return box;
    };
    return ctl;
  };

  ClaimMapView.prototype._syncControls = function () {
    var ui = this.ui;
    if (!ui) { return; }
    var d = this.domain();
    var start = this.win.start === null ? (d ? d.min : null) : this.win.start;
    var end = this.win.end === null ? (d ? d.max : null) : this.win.end;
    ui.start.value = isoOf(start);
    ui.end.value = isoOf(end);
    if (d) {
      var width = Math.max(0, end - start);
      var max = Math.max(0, d.max - d.min - width);
      ui.slider.max = max;
      ui.slider.value = Math.min(max, Math.max(0, start - d.min));
      ui.slider.disabled = max === 0;
    }
    ui.undated.checked = this.win.undated;
    ui.play.textContent = this._timer ? '\u275a\u275a Pause' : '\u25b6 Play';
    ui.play.setAttribute('aria-pressed', this._timer ? 'true' : 'false');
    var shown = 0, claims = 0, seen = {}, self = this;
    this.entries.forEach(function (entry) {
      if (entry.hidden) { return; }
      shown += 1;
      entry.spans.forEach(function (s, i) {
        if (!spanVisible(s, self.win)) { return; }
        var id = entry.claimIds[i];
        if (id === null || id === undefined) { claims += 1; return; }
        if (!Object.prototype.hasOwnProperty.call(seen, id)) { seen[id] = true; claims += 1; }
      });
    });
    ui.status.textContent = shown + ' of ' + this.entries.length + ' map features shown (' +
      claims + (claims === 1 ? ' claim' : ' claims') + ')';
  };

  ClaimMapView.prototype._fit = function () {
    // Fit to what is placed more precisely than a whole country; a country's
    // outline (an area of uncertainty) counts only when nothing else is drawn.
    var bounds = L.latLngBounds([]), areas = L.latLngBounds([]);
    this.entries.forEach(function (entry) {
      if (entry.main instanceof HPolygon) {
        areas.extend(entry.main.getBounds());
      } else if (entry.main instanceof HPolyline) {
        bounds.extend(entry.main.getBounds());
      } else if (entry.anchor) {
        bounds.extend(entry.anchor);
      }
    });
    if (!bounds.isValid()) { bounds = areas; }
    if (bounds.isValid()) {
      this.map.fitBounds(bounds.pad(0.08), { maxZoom: this.opts.fit_max_zoom || 8, animate: false });
    } else if (this.opts.center) {
      this.map.setView(this.opts.center, this.opts.zoom || 5, { animate: false });
    }
  };

  /* ------------------------------------------------------------------ public API */

  ClaimMapView.prototype.makeApi = function () {
    var self = this;
    this.api = {
      version: VERSION,
      map: this.map,
      get ready() { return self.ready; },
      whenReady: function (cb) { if (self.ready) { cb(self.api); } else { self._readyCallbacks.push(cb); } },
      setWindow: function (start, end) { self.pause(); self.setWindow(start, end); return self.getWindow(); },
      getWindow: function () { return self.getWindow(); },
      setIncludeUndated: function (flag) { self.setIncludeUndated(flag); return self.getWindow(); },
      visibleFeatureIds: function (layer) { return self.visibleFeatureIds(layer); },
      drawnCounts: function () { return self.drawnCounts(); },
      featureCount: function () { return self.entries.length; },
      layerNames: function () { return self.order.slice(); },
      domain: function () {
        var d = self.domain();
        return d ? { min: isoOf(d.min), max: isoOf(d.max) } : null;
      },
      openPopup: function (id) { return self.openPopup(id); },
      closePopup: function () { self.map.closePopup(self.popup); },
      featureLatLng: function (id) {
        var entry = self.byId[String(id)];
        return entry ? [entry.anchor.lat, entry.anchor.lng] : null;
      },
      play: function () { self.play(); },
      pause: function () { self.pause(); },
      isPlaying: function () { return !!self._timer; },
      step: function (days) { self.pause(); return self.step(days); },
      tileErrors: function () { return self.tileErrors || 0; },
      /** Milliseconds since navigation start at each step of drawing (init, base, features, added, ready). */
      timings: function () { return L.extend({}, self.timings); },
      rendering: function () {
        return { renderer: self.large ? 'canvas' : 'svg', clustered: self.useCluster };
      }
    };
    return this.api;
  };

  var ClaimMap = {
    version: VERSION,
    shapes: Object.keys(SHAPES).concat(['circle']),
    init: function (map, data) {
      var view = new ClaimMapView(map, data);
      var api = view.makeApi();
      root.claimmaps = root.claimmaps || {};
      root.claimmaps[map.getContainer().id || ('map' + Object.keys(root.claimmaps).length)] = api;
      root.claimmap = api;
      view.build();
      return api;
    },
    /** The data of a map, from its <script type="application/json"> element. */
    readData: function (id) {
      var node = document.getElementById(id);
      if (!node) { throw new Error('claimmap: no data element #' + id); }
      return JSON.parse(node.textContent);
    },
    _internal: { dayOf: dayOf, isoOf: isoOf, safeUrl: safeUrl, spansOf: spansOf, entryVisible: entryVisible }
  };
  root.ClaimMap = ClaimMap;
}(window));
