/*
 * claimmap: draws a claim map in Leaflet from plain JSON.
 *
 * The code is split by concern into files under layers/static/claimmap/, which
 * layers/assets.py inlines in this order (CLAIMMAP_JS): core.js (the namespace,
 * DOM helpers and the view), shapes.js, leaflet-patches.js (every patch to Leaflet
 * internals), dates.js (days, the date window, playback), draw.js, popups.js,
 * controls.js, datepanel.js, highlight.js (claims outlined), story.js (the story panel
 * and #story=ID&step=N) and main.js (build, public API, ClaimMap.init). Each file adds to
 * ClaimMap._ (shared helpers) and to ClaimMap._.ClaimMapView.prototype.
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

  var CM = root.ClaimMap = { version: '2.0.0', _: {}, loadedAt: root.performance ? root.performance.now() : 0 };
  var _ = CM._;

  _.DAY_MS = 86400000;
  _.POINT_LAYERS = { crossings: true, sites: true };

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

  function now() { return root.performance ? root.performance.now() : Date.now(); }

  /** One map: its data, options, features by id and the state of its controls. */
  function ClaimMapView(map, data) {
    this.map = map;
    this.data = data || {};
    this.opts = this.data.options || {};
    this.styles = this.data.styles || { types: {}, layers: {}, order: [] };
    this.order = Object.keys(this.data.layers || {});
    this.entries = [];
    this.groups = {};
    this.renderers = {};
    this.modes = {};
    this.positions = {};
    this.aggLayers = {};
    this.aggKeyed = {};
    this.alone = {};
    this.mostClaims = {};
    this.ready = false;
    this._readyCallbacks = [];
    this._timer = null;
    this._initWindow();
  }

  ClaimMapView.prototype.typeStyle = function (type) {
    return (this.styles.types || {})[type] || this.styles.unknown ||
      { color: '#888888', shape: 'circle', glyph: '?', label: words(type) };
  };

  ClaimMapView.prototype.layerStyle = function (name) {
    return (this.styles.layers || {})[name] || { label: name, dash: null, weight: 2, fill_opacity: 0.1 };
  };

  _.el = el;
  _.svgEl = svgEl;
  _.escapeHtml = escapeHtml;
  _.safeUrl = safeUrl;
  _.words = words;
  _.formatDistance = formatDistance;
  _.now = now;
  _.ClaimMapView = ClaimMapView;
}(window));
