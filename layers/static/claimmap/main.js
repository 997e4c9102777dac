/*
 * main.js: building a map, its public API and ClaimMap.init.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var now = _.now;
  var SHAPES = _.SHAPES;
  var isoOf = _.isoOf;
  var dayOf = _.dayOf;
  var safeUrl = _.safeUrl;
  var possibleRange = _.possibleRange;
  var windowMatch = _.windowMatch;

  ClaimMapView.prototype.build = function () {
    var self = this, map = this.map;
    this.timings = { init: now() };
    L.DomUtil.addClass(map.getContainer(), 'cm-map');
    if (!map.options.maxZoom) { map.options.maxZoom = 18; }  // clusters need a zoom range
    this._readPlaces();
    this._readClaims();
    var total = 0;
    this.order.forEach(function (name) {
      var cols = (self.data.layers || {})[name];
      total += cols ? cols.id.length : 0;
    });
    var rendererMode = this.opts.renderer || 'auto';
    this.large = rendererMode === 'canvas' || (rendererMode === 'auto' && total > (this.opts.svg_limit || 5000));
    this._buildBase();
    map.createPane('cm-bubbles').style.zIndex = 460;
    if (this.large) { this.sharedRenderer = L.canvas({ padding: 0.3, tolerance: 3 }); }
    this.timings.base = now();
    this.order.forEach(function (name, i) { self._buildLayer(name, i); });
    this.timings.features = now();
    this.focus = L.layerGroup().addTo(map);
    this.popup = L.popup({ maxWidth: 380, minWidth: 240, maxHeight: 340, autoPanPadding: [20, 20],
      className: 'cm-popup-wrap' });
    map.on('popupclose', function (e) { if (e.popup === self.popup) { self.focus.clearLayers(); } });
    this._buildLabels();
    this._buildControls();
    this._buildStory();  // story.js: only when the map carries stories (the export)
    this.timings.controls = now();
    this._fit();
    this.timings.fit = now();
    this._applyWindow(true);
    this._followTheView();
    this._openStoryFromHash();  // map.html#story=ID&step=N opens that step
    this.timings.added = now();
    this._built = true;
    this._checkReady();
  };

  /** Redraw what depends on the view: aggregates, a crossing's far side, the names. */
  ClaimMapView.prototype._followTheView = function () {
    var self = this, map = this.map;
    function refresh() {
      self.order.forEach(function (name) {
        if (self.modes[name] !== 'all') { self._refreshAggregate(name); }
      });
      self._zoomSides();
      self.placeLabels();
      L.DomUtil.removeClass(self.labelBox, 'cm-hidden');
    }
    map.on('moveend', refresh);
    map.on('zoomstart', function () { L.DomUtil.addClass(self.labelBox, 'cm-hidden'); });
    map.on('overlayadd overlayremove', refresh);
  };

  ClaimMapView.prototype._checkReady = function () {
    var self = this;
    if (this.ready || !this._built) { return; }
    this.ready = true;
    this.timings.ready = now();
    this.map.getContainer().setAttribute('data-claimmap-ready', '1');
    this._readyCallbacks.splice(0).forEach(function (cb) { cb(self.api); });
  };

  ClaimMapView.prototype.makeApi = function () {
    var self = this;
    this.api = {
      version: CM.version,
      map: this.map,
      get ready() { return self.ready; },
      whenReady: function (cb) { if (self.ready) { cb(self.api); } else { self._readyCallbacks.push(cb); } },
      setWindow: function (start, end) { self.pause(); self.setWindow(start, end); return self.getWindow(); },
      getWindow: function () { return self.getWindow(); },
      setShowPossible: function (flag) { self.setShowPossible(flag); return self.getWindow(); },
      setAsOf: function (date) { self.pause(); self.setAsOf(date); return self.getWindow(); },
      preset: function (name) { self.pause(); self.preset(name); return self.getWindow(); },
      setSpeed: function (speed) { self.setSpeed(speed); },
      setStepMode: function (mode) { self.setStepMode(mode); },
      setPlayMode: function (mode) { self.setPlayMode(mode); },
      /** How the window holds a feature now: 'certain', 'possible' or null (hidden). */
      matchOf: function (id) {
        var entry = self.entryById(id);
        return entry && !entry.hidden ? entry.match : null;
      },
      /** The look a feature is drawn with: 'certain', 'possible', with '-inferred' (or null). */
      lookOf: function (id) {
        var entry = self.entryById(id);
        return entry && !entry.hidden ? entry.look : null;
      },
      claimsInView: function () { return self.claimsInView(); },
      /** A point feature's symbol: its shape (by kind of place) and colour (by claim type). */
      symbolOf: function (id) {
        var entry = self.entryById(id);
        if (!entry || entry.line) { return null; }
        return { kind: entry.kind, shape: self.kindStyle(entry.kind).shape,
          color: self.typeStyle(entry.type).color };
      },
      visibleFeatureIds: function (layer) { return self.visibleFeatureIds(layer); },
      drawnCounts: function () { return self.drawnCounts(); },
      featureCount: function () { return self.entries.length; },
      layerNames: function () { return self.order.slice(); },
      domain: function () {
        var d = self.domain();
        return d ? { min: isoOf(d.min), max: isoOf(d.max), first: isoOf(d.first),
          last: isoOf(d.last), before: d.before, after: d.after } : null;
      },
      openPopup: function (id) { return self.openPopup(id); },
      closePopup: function () { self.map.closePopup(self.popup); },
      featureLatLng: function (id) {
        var entry = self.entryById(id);
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
        var modes = L.extend({}, self.modes);
        return { renderer: self.large ? 'canvas' : 'svg', modes: modes,
          clustered: self.order.some(function (n) { return modes[n] === 'clusters'; }) };
      },
      /** What is drawn aggregated now (clusters, flows) and how many features alone. */
      aggregation: function () { return self.aggregation(); },
      /** Click the n-th widest flow of a layer (as a reader would, to drill down). */
      clickFlow: function (layer, n) {
        var flows = (self.aggLayers[layer] || [])
          .filter(function (m) { return m.cmFlow; })
          .sort(function (a, b) { return b.cmFlow.flow.claims - a.cmFlow.flow.claims; });
        if (flows[n || 0]) { flows[n || 0].fire('click'); }
        return !!flows[n || 0];
      },
      /** The place names shown now: [{place, text, box: [left, top, right, bottom]}]. */
      labels: function () { return self.labelsOnScreen(); },
      setNames: function (mode) { self.setNames(mode); },
      /** Recompute the names for the view (as after a move; for tests). */
      placeLabels: function () { self.placeLabels(); return self.labelsOnScreen(); },
      /** Outline the features drawing these claim ids; returns the ids found on the map. */
      highlightClaims: function (ids) { return self.highlightClaims(ids); },
      /** The story panel: open(id, n), next(), previous(), end(), state(), highlighted(). */
      story: this.storyApi()
    };
    return this.api;
  };

  CM.shapes = Object.keys(SHAPES).concat(['circle']);

  /** Draw the claim map `data` on the Leaflet `map`; return its API. */
  CM.init = function (map, data) {
    var view = new ClaimMapView(map, data);
    var api = view.makeApi();
    root.claimmaps = root.claimmaps || {};
    root.claimmaps[map.getContainer().id || ('map' + Object.keys(root.claimmaps).length)] = api;
    root.claimmap = api;
    view.build();
    return api;
  };

  /**
   * The data of a map, from its <script type="application/json"> element. The claims'
   * details may sit in an element of their own (#id-details, after the map's script).
   */
  CM.readData = function (id) {
    var node = document.getElementById(id);
    if (!node) { throw new Error('claimmap: no data element #' + id); }
    var data = JSON.parse(node.textContent);
    if (data.claims && !data.claims.details) { data.claims.detailsElement = id + '-details'; }
    return data;
  };

  /** The date rule as geo.dates has it, on ISO dates (for tests against the same cases). */
  CM.dates = {
    possibleRange: function (eventStart, eventEnd, published, publishedEnd) {
      return possibleRange(eventStart, eventEnd, published, publishedEnd).map(function (d) {
        return d === null ? null : isoOf(d);
      });
    },
    windowMatch: function (range, start, end) {
      return windowMatch([dayOf(range[0]), dayOf(range[1])], dayOf(start), dayOf(end));
    }
  };

  CM._internal = { dayOf: dayOf, isoOf: isoOf, safeUrl: safeUrl };
}(window, window.ClaimMap));
