/*
 * draw.js: the offline base map, the claim layers and their features, fitting the view.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var escapeHtml = _.escapeHtml;
  var ShapeMarker = _.ShapeMarker;
  var HCircle = _.HCircle;
  var HPolyline = _.HPolyline;
  var HPolygon = _.HPolygon;
  var spansOf = _.spansOf;
  var POINT_LAYERS = _.POINT_LAYERS;

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
    var entry = { id: id, layer: layerName, props: props, spans: spansOf(props), layers: [],
      main: null, anchor: null, hidden: false, look: 'certain', radius: null };
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
    entry.layers.forEach(keepBaseStyle);
    entry.main._cmEntry = entry;
    entry.clustered = clustered;
    this.entries.push(entry);
    this.byId[id] = entry;
    return entry;
  };

  function keepBaseStyle(layer) {
    var o = layer.options;
    layer.cmBase = { opacity: o.opacity, fillOpacity: o.fillOpacity, dashArray: o.dashArray || null,
      weight: o.weight, lineCap: o.lineCap || 'round' };
  }

  /**
   * The style of a layer for a look: 'certain' as built; 'possible' (the claims only
   * possibly fall in the window) faint; '-inferred' (dates the analyst inferred) dotted.
   */
  function lookStyle(layer, look) {
    var base = layer.cmBase, possible = look.indexOf('possible') === 0;
    var inferred = look.indexOf('-inferred') > 0;
    return {
      opacity: base.opacity * (possible ? 0.45 : 1),
      fillOpacity: base.fillOpacity * (possible ? 0.3 : 1),
      dashArray: inferred ? '1 4' : base.dashArray,
      weight: inferred ? Math.max(base.weight, 2) : base.weight,
      lineCap: inferred ? 'round' : base.lineCap
    };
  }

  /** Hide, show or restyle one layer's features for the current window. */
  ClaimMapView.prototype._applyToLayer = function (name, initial) {
    var self = this, group = this.groups[name], entries = group._cmEntries;
    var add = [], remove = [];
    entries.forEach(function (entry) {
      var wasHidden = entry.hidden, oldLook = entry.look;
      var changed = self._matchEntry(entry);
      if (!initial && !changed) { return; }
      if (entry.look && entry.look !== (initial ? 'certain' : oldLook)) {
        entry.layers.forEach(function (layer) { layer.setStyle(lookStyle(layer, entry.look)); });
      }
      if (self.clustered[name]) {
        if (initial ? !entry.hidden : entry.hidden !== wasHidden) {
          (entry.hidden ? remove : add).push(entry.main);
        }
      } else if (initial) {
        entry.layers.forEach(function (layer) { layer._cmHidden = entry.hidden; group.addLayer(layer); });
      } else if (entry.hidden !== wasHidden) {
        entry.layers.forEach(function (layer) { layer._cmSetHidden(entry.hidden); });
      }
    });
    if (remove.length) { group.removeLayers(remove); }
    if (add.length) {
      this.loading[name] = true;  // cleared by chunkProgress, maybe at once
      group.addLayers(add);
    }
  };

  function areaRadius(feature) {
    var p = feature.properties || {};
    return +p.radius_m || +p.precision_m || 0;
  }

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
}(window, window.ClaimMap));
