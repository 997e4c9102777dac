/*
 * draw.js: the offline base map, the claim layers, the Leaflet layers of one entry (its
 * symbol by the kind of place, its colour by claim type), their look in the date window,
 * both sides of a crossing when zoomed in, and fitting the view.
 *
 * A layer is drawn whole ('all': every entry has its Leaflet layers), or aggregated
 * above a few thousand features (aggregate.js: points in clusters, lines as flows),
 * where an entry gets its Leaflet layers only when it is drawn on its own.
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

  /** Zoom from which both sides of a border crossing are drawn and named. */
  var SIDES_ZOOM = 9;
  /** Width in pixels of the invisible band along a line that catches the mouse. */
  var HIT_WIDTH = 14;
  var LINE_LAYERS = { routes: true, flights: true };

  /** How a layer is drawn: 'all', 'clusters' (points) or 'flows' (lines). */
  ClaimMapView.prototype._layerMode = function (name, count) {
    var o = this.opts;
    if (_.POINT_LAYERS[name]) {
      var cluster = o.cluster === undefined ? 'auto' : o.cluster;
      if (cluster === true || (cluster === 'auto' && count > (o.cluster_threshold || 2000))) {
        return 'clusters';
      }
    }
    if (LINE_LAYERS[name] && o.flows !== false && count > (o.flow_threshold || 300)) { return 'flows'; }
    return 'all';
  };

  ClaimMapView.prototype._buildLayer = function (name, index) {
    var self = this, map = this.map;
    var entries = this._readLayer(name);
    var pane = map.createPane('cm-' + name);
    pane.style.zIndex = 401 + index;
    var renderer = this.sharedRenderer || L.svg({ pane: 'cm-' + name, padding: 0.3 });
    var group = L.featureGroup();
    group.cmName = name;
    group._cmEntries = entries;
    this.groups[name] = group;
    this.renderers[name] = renderer;
    this.modes[name] = this._layerMode(name, entries.length);
    this.mostClaims[name] = entries.reduce(function (m, e) { return Math.max(m, e.count); }, 1);
    if (name === 'areas') {
      // Larger areas first, so that smaller ones are drawn (and clicked) on top.
      entries.sort(function (a, b) { return b.radius - a.radius; });
    }
    if (this.modes[name] === 'all') {
      entries.forEach(function (entry) { self._makeLayers(entry); });
    }
    group.on('click', function (e) { self._onClick(e); });
    // One tooltip per layer, its content made for the feature under the mouse. Bound to
    // the group, it is also what streamlit-folium reports as the clicked object's tooltip.
    group.bindTooltip(function (layer) { return self.tooltipContent(layer); },
      { direction: 'top', offset: [0, -6], className: 'cm-tooltip', opacity: 0.95, sticky: false });
    group.addTo(map);
  };

  /** The shape and size of a place's symbol: by its kind, the same under every filter. */
  ClaimMapView.prototype.kindStyle = function (kind) {
    return (this.styles.kinds || {})[kind] || { shape: 'circle', label: kind || 'place', radius: 7 };
  };

  function withEntry(layer, entry) {
    layer._cmEntry = entry;
    return layer;
  }

  /** A point feature: its symbol, its precision circle and, for a crossing, the other side. */
  ClaimMapView.prototype._pointLayers = function (entry, common) {
    var ks = this.kindStyle(entry.kind), conflict = entry.conflict, out = [];
    var marker = { shape: ks.shape, radius: ks.radius || 7, color: conflict ? '#000' : '#333',
      weight: conflict ? 3 : 1, opacity: 1, fillOpacity: 0.95 };
    entry.main = withEntry(new ShapeMarker(entry.anchor, L.extend({}, common, marker)), entry);
    out.push(entry.main);
    if (!this.large && entry.radius > 0) {
      out.push(new HCircle(entry.anchor, L.extend({}, common, { radius: entry.radius, weight: 1,
        dashArray: '2 4', opacity: 0.6, fillOpacity: 0.06, interactive: false })));
    }
    if (entry.layer === 'crossings' && entry.places.length > 1) {
      var other = this.placeLatLng(entry.places[1]);
      entry.sides = [
        new HPolyline([entry.anchor, other], L.extend({}, common, { color: '#333', weight: 1.5,
          dashArray: '2 3', opacity: 0.8, interactive: false })),
        withEntry(new ShapeMarker(other, L.extend({}, common, marker)), entry)
      ];
      out = out.concat(entry.sides);
    }
    return out;
  };

  /** An area: a province's circle of uncertainty, or a country's outline with a badge to click. */
  ClaimMapView.prototype._areaLayers = function (entry, common) {
    var ls = this.layerStyle('areas'), conflict = entry.conflict;
    var color = conflict ? '#000' : common.color;
    if (entry.shape) {
      // A whole country: the faintest fill, and only its badge catches the mouse, so
      // that the country never takes the hover from what is drawn inside it.
      var outline = new HPolygon(L.GeoJSON.coordsToLatLngs(entry.shape.coordinates,
        entry.shape.type === 'Polygon' ? 1 : 2), L.extend({}, common, { weight: ls.weight || 1.5,
        dashArray: ls.dash || '6 6', opacity: 0.8, color: color, interactive: false,
        fillOpacity: (ls.fill_opacity || 0.12) * 0.35 }));
      // The badge stands at the country's point in the gazetteer (the outline's middle
      // may be far from where its name is written).
      if (entry.places.length) { entry.anchor = this.placeLatLng(entry.places[0]); }
      entry.main = withEntry(new ShapeMarker(entry.anchor, L.extend({}, common, { shape: 'circle',
        radius: 8, color: color, weight: 2, dashArray: '3 2', fillColor: '#fff', fillOpacity: 0.9 })),
      entry);
      return [outline, entry.main];
    }
    // Fainter fill for larger areas: overlapping provinces stay readable.
    var fade = Math.min(1, Math.max(0.25, 150000 / (entry.radius || 150000)));
    entry.main = withEntry(new HCircle(entry.anchor, L.extend({}, common, {
      radius: entry.radius || 20000, weight: conflict ? 3 : ls.weight || 1.5,
      dashArray: ls.dash || '6 6', color: color, opacity: 0.8,
      fillOpacity: (ls.fill_opacity || 0.12) * fade })), entry);
    return [entry.main];
  };

  /** A route or flight: the line drawn, and a wider invisible band that catches the mouse. */
  ClaimMapView.prototype._lineLayers = function (entry, common) {
    // Wider with more claims (area-true: by the square root of its share of the layer's
    // largest count), wider still when sources conflict.
    var ls = this.layerStyle(entry.layer), most = this.mostClaims[entry.layer] || 1;
    var weight = (ls.weight || 3) + (most > 1 ? 5 * Math.sqrt((entry.count - 1) / (most - 1)) : 0) +
      (entry.conflict ? 1.5 : 0);
    var line = new HPolyline(entry.line, L.extend({}, common, { weight: weight, dashArray: ls.dash,
      opacity: 0.9, lineCap: 'round', interactive: false }));
    entry.main = withEntry(new HPolyline(entry.line, L.extend({}, common, { weight: HIT_WIDTH,
      opacity: 0, fill: false, lineCap: 'round' })), entry);
    entry.main.cmHit = true;
    return [line, entry.main];
  };

  /** Make an entry's Leaflet layers (once) and return them. */
  ClaimMapView.prototype._makeLayers = function (entry) {
    if (entry.layers) { return entry.layers; }
    var color = this.typeStyle(entry.type).color;
    var common = { renderer: this.renderers[entry.layer], color: color, fillColor: color,
      pane: 'cm-' + entry.layer };
    if (entry.line) {
      entry.layers = this._lineLayers(entry, common);
    } else if (entry.layer === 'areas') {
      entry.layers = this._areaLayers(entry, common);
    } else {
      entry.layers = this._pointLayers(entry, common);
    }
    entry.layers.forEach(keepBaseStyle);
    return entry.layers;
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

  /** Give an entry's layers the look of its match (certain, possible, inferred). */
  function restyle(entry) {
    entry.layers.forEach(function (layer) {
      if (!layer.cmHit) { layer.setStyle(lookStyle(layer, entry.look || 'certain')); }
    });
    entry.styled = entry.look;
  }

  /** Whether a layer of an entry is hidden: with the entry, or a crossing's far side zoomed out. */
  ClaimMapView.prototype._layerHidden = function (entry, layer) {
    return entry.hidden || (!!entry.sides && entry.sides.indexOf(layer) >= 0 &&
      this.map.getZoom() < (this.opts.sides_zoom || SIDES_ZOOM));
  };

  /** Put an entry's layers in its group (once), hidden or shown, in its look. */
  ClaimMapView.prototype._showEntry = function (entry, group) {
    var self = this;
    this._makeLayers(entry);
    if (entry.look && entry.styled !== entry.look && (entry.styled || entry.look !== 'certain')) {
      restyle(entry);
    }
    entry.layers.forEach(function (layer) {
      var hidden = self._layerHidden(entry, layer);
      if (!entry.drawn) { layer._cmHidden = hidden; group.addLayer(layer); } else { layer._cmSetHidden(hidden); }
    });
    entry.drawn = true;
  };

  /** Take an entry's layers off the map (aggregated layers, when it joins a cluster or flow). */
  ClaimMapView.prototype._dropEntry = function (entry, group) {
    if (!entry.drawn) { return; }
    entry.layers.forEach(function (layer) { group.removeLayer(layer); });
    entry.drawn = false;
  };

  /** Hide, show or restyle one layer's features for the current window. */
  ClaimMapView.prototype._applyToLayer = function (name) {
    var self = this, group = this.groups[name];
    group._cmEntries.forEach(function (entry) {
      var changed = self._matchEntry(entry);
      if (self.modes[name] === 'all' && (changed || !entry.drawn)) { self._showEntry(entry, group); }
      else if (entry.drawn && changed) { self._showEntry(entry, group); }
    });
    if (this.modes[name] !== 'all') { this._aggregate(name); }
  };

  /** Both sides of the crossings appear from SIDES_ZOOM on. */
  ClaimMapView.prototype._zoomSides = function () {
    var self = this, group = this.groups.crossings;
    if (!group) { return; }
    group._cmEntries.forEach(function (entry) {
      if (!entry.sides || !entry.drawn) { return; }
      entry.sides.forEach(function (layer) { layer._cmSetHidden(self._layerHidden(entry, layer)); });
    });
  };

  ClaimMapView.prototype.visibleFeatureIds = function (layer) {
    return this.entries.filter(function (entry) {
      return !entry.hidden && (!layer || entry.layer === layer);
    }).map(function (entry) { return entry.id; });
  };

  /** Features on the map now, per layer (in the window, overlay on; alone or aggregated). */
  ClaimMapView.prototype.drawnCounts = function () {
    var self = this, counts = {};
    this.order.forEach(function (name) {
      var group = self.groups[name];
      counts[name] = !self.map.hasLayer(group) ? 0 : group._cmEntries.filter(function (entry) {
        return !entry.hidden;
      }).length;
    });
    return counts;
  };

  ClaimMapView.prototype._fit = function () {
    // Fit to what is placed more precisely than a whole country; a country's
    // outline (an area of uncertainty) counts only when nothing else is drawn.
    var bounds = L.latLngBounds([]), areas = L.latLngBounds([]);
    var west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
    this.entries.forEach(function (entry) {
      if (entry.shape) {
        areas.extend(L.geoJSON(entry.shape).getBounds());
      } else if (entry.line) {
        entry.line.forEach(function (part) { part.forEach(function (ll) { bounds.extend(ll); }); });
      } else {
        var p = entry.lngLat();  // plain numbers: no LatLng made for every point
        west = Math.min(west, p[0]);
        south = Math.min(south, p[1]);
        east = Math.max(east, p[0]);
        north = Math.max(north, p[1]);
      }
    });
    if (west <= east) { bounds.extend([[south, west], [north, east]]); }
    if (!bounds.isValid()) { bounds = areas; }
    if (bounds.isValid()) {
      this.map.fitBounds(bounds.pad(0.08), { maxZoom: this.opts.fit_max_zoom || 8, animate: false });
    } else if (this.opts.center) {
      this.map.setView(this.opts.center, this.opts.zoom || 5, { animate: false });
    }
  };

  _.LINE_LAYERS = LINE_LAYERS;
}(window, window.ClaimMap));
