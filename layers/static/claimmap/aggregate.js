/*
 * aggregate.js: drawing thousands of features readably and fast.
 *
 * Points (crossings, sites): when more than POINTS_IN_VIEW of a layer's features in the
 * date window are in view, they are counted per cell of a screen grid at the current
 * zoom, each count drawn at the middle of its points; a point alone in its cell is
 * drawn as itself, a click on a count zooms to its points (finer cells: drill-down).
 * No index is built: one pass over the layer per view (about 20 ms for 100,000 points),
 * where Supercluster's index took 250 ms of a 100,000-point page's first draw
 * (bench/bench_export.py).
 * Lines (routes, flights): above a few hundred in view, each line's legs are summed
 * per pair of grid cells at the current zoom (counts per origin-destination pair),
 * drawn as one flow whose width grows with its claims; when few enough lines cross
 * the view, they are drawn one by one. Only what is in view is drawn.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;

  /** Points in view drawn one by one up to this many; beyond it, counted per cell. */
  var POINTS_IN_VIEW = 1500;
  /** Size in pixels of the cells that points are counted in. */
  var POINT_CELL = 64;
  /** Lines in view drawn one by one up to this many; beyond it, as flows. */
  var LINES_IN_VIEW = 250;
  /** Size in pixels of the grid cells that a flow's ends are gathered in. */
  var FLOW_CELL = 48;
  /** The flows with the most claims drawn strong; the others as hairlines until zoomed in. */
  var STRONG_FLOWS = 30;

  /** Redraw an aggregated layer after the window changed (its positions read once). */
  ClaimMapView.prototype._aggregate = function (name) {
    if (this.modes[name] === 'clusters' && !this.positions[name]) {
      var entries = this.groups[name]._cmEntries, n = entries.length;
      var lng = new Float64Array(n), lat = new Float64Array(n);
      entries.forEach(function (entry, i) { var p = entry.lngLat(); lng[i] = p[0]; lat[i] = p[1]; });
      this.positions[name] = { lng: lng, lat: lat };
    }
    this._refreshAggregate(name);
  };

  /** Web Mercator pixel y at a zoom's scale (Leaflet's EPSG:3857, spherical). */
  function mercatorY(lat, scale) {
    var s = Math.sin(Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale;
  }

  /** The layer's points in the window and in view, and their counts per grid cell. */
  ClaimMapView.prototype._pointCells = function (name) {
    var entries = this.groups[name]._cmEntries, pos = this.positions[name], box = this._viewBox();
    var scale = 256 * Math.pow(2, this.map.getZoom()), cells = new Map(), inView = [];
    for (var i = 0; i < entries.length; i++) {
      var x = pos.lng[i], y = pos.lat[i];
      if (entries[i].hidden || x < box[0] || x > box[2] || y < box[1] || y > box[3]) { continue; }
      inView.push(i);
      var key = Math.floor((x + 180) / 360 * scale / POINT_CELL) * 1e7 +
        Math.floor(mercatorY(y, scale) / POINT_CELL);
      var cell = cells.get(key);
      if (!cell) {
        cell = { key: key, count: 0, lng: 0, lat: 0, first: i, w: x, e: x, s: y, n: y };
        cells.set(key, cell);
      }
      cell.count += 1;
      cell.lng += x;
      cell.lat += y;
      cell.w = Math.min(cell.w, x); cell.e = Math.max(cell.e, x);
      cell.s = Math.min(cell.s, y); cell.n = Math.max(cell.n, y);
    }
    return { inView: inView, cells: cells };
  };

  /** Redraw an aggregated layer for the current view (after a move, a zoom or a window change). */
  ClaimMapView.prototype._refreshAggregate = function (name) {
    if (!this.map.hasLayer(this.groups[name])) { return; }
    if (this.modes[name] === 'clusters') { this._drawClusters(name); } else { this._drawFlows(name); }
  };

  ClaimMapView.prototype._viewBox = function () {
    var b = this.map.getBounds().pad(0.2);
    return [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()),
      Math.min(85, b.getNorth())];
  };

  /** Show exactly `wanted` (entries by index) of a layer's entries alone; drop the others. */
  ClaimMapView.prototype._drawAlone = function (name, wanted) {
    var self = this, group = this.groups[name], alone = this.alone[name] || {};
    Object.keys(alone).forEach(function (i) {
      if (!wanted[i]) { self._dropEntry(self.entries[+i], group); }
    });
    Object.keys(wanted).forEach(function (i) { self._showEntry(self.entries[+i], group); });
    this.alone[name] = wanted;
  };

  function bubbleSize(count) { return Math.round(24 + 8 * Math.log10(Math.max(1, count))); }

  /** A count bubble: a DOM marker with the count as text, sized by it. */
  function bubble(latlng, count, className, pane) {
    var size = bubbleSize(count);
    var text = el('div', 'cm-bubble-text', count >= 10000 ? Math.round(count / 1000) + 'k' :
      String(count));
    return L.marker(latlng, { pane: pane, keyboard: false, icon: L.divIcon({ html: text,
      className: 'cm-bubble ' + className, iconSize: [size, size] }) });
  }

  ClaimMapView.prototype._drawClusters = function (name) {
    var self = this, entries = this.groups[name]._cmEntries, layer = this._aggLayer(name);
    var found = this._pointCells(name), zoom = this.map.getZoom(), wanted = {};
    // Asked for (cluster: true), points are counted however few; else above POINTS_IN_VIEW.
    var alone = this.opts.cluster === true ? 0 : this.opts.points_in_view || POINTS_IN_VIEW;
    if (found.inView.length <= alone) {
      found.inView.forEach(function (i) { wanted[entries[i].index] = true; });
    } else {
      found.cells.forEach(function (cell) {
        if (cell.count === 1) { wanted[entries[cell.first].index] = true; return; }
        layer.add(zoom + ':' + cell.key + ':' + cell.count, function () {
          var ll = L.latLng(cell.lat / cell.count, cell.lng / cell.count);
          var marker = bubble(ll, cell.count, 'cm-cluster', 'cm-bubbles');
          marker.cmCluster = { layer: name, count: cell.count, size: bubbleSize(cell.count) };
          marker.on('click', function () {
            self.map.fitBounds([[cell.s, cell.w], [cell.n, cell.e]], { padding: [40, 40],
              maxZoom: Math.max(zoom + 2, 10) });
          });
          return marker;
        });
      });
    }
    layer.done();
    this._drawAlone(name, wanted);
  };

  /**
   * The aggregate markers of a layer (clusters or flows) for a redraw: add(key, make)
   * keeps a marker drawn before under the same key (a pan redraws little), done() takes
   * the others away. They sit in the layer's own group (whose tooltip names them), not
   * in a group of their own: Leaflet's tooltip expects every child of a group with a
   * tooltip to be a drawn layer.
   */
  ClaimMapView.prototype._aggLayer = function (name) {
    var self = this, group = this.groups[name], before = this.aggKeyed[name] || {}, now = {};
    return {
      add: function (key, make) {
        var marker = before[key];
        if (!marker) { marker = make(); group.addLayer(marker); }
        now[key] = marker;
      },
      done: function () {
        Object.keys(before).forEach(function (k) { if (!now[k]) { group.removeLayer(before[k]); } });
        self.aggKeyed[name] = now;
        self.aggLayers[name] = Object.keys(now).map(function (k) { return now[k]; });
      }
    };
  };

  /** Whether a line (parts of latlngs) crosses a box of container pixels. */
  function crosses(map, line, box) {
    for (var i = 0; i < line.length; i++) {
      var prev = null;
      for (var j = 0; j < line[i].length; j++) {
        var p = map.latLngToContainerPoint(line[i][j]);
        if (box.contains(p) || (prev && L.LineUtil.clipSegment(prev, p, box, false, true))) {
          return true;
        }
        prev = p;
      }
    }
    return false;
  }

  /** The line entries of a layer in the window that cross the view (with a margin). */
  function linesInView(map, entries, view) {
    var size = map.getSize(), box = L.bounds([-size.x * 0.2, -size.y * 0.2], [size.x * 1.2, size.y * 1.2]);
    return entries.filter(function (entry) {
      if (entry.hidden) { return false; }
      if (!entry.bounds) {
        entry.bounds = L.latLngBounds([]);
        entry.line.forEach(function (part) { part.forEach(function (ll) { entry.bounds.extend(ll); }); });
      }
      return view.intersects(entry.bounds) && crosses(map, entry.line, box);
    });
  }

  /** The legs of an entry: its places in order, consecutive pairs (ends of a flight). */
  function legsOf(entry, view) {
    var stops = entry.places.length >= 2 ? entry.places : null;
    if (!stops) { return []; }
    var legs = [];
    for (var i = 0; i + 1 < stops.length; i++) {
      if (stops[i] !== stops[i + 1]) { legs.push([view.placeLatLng(stops[i]), view.placeLatLng(stops[i + 1])]); }
    }
    return legs;
  }

  /** Flows: legs summed per pair of grid cells (either direction), at the current zoom. */
  ClaimMapView.prototype._flows = function (entries) {
    var view = this, map = this.map, zoom = map.getZoom(), flows = {};
    function cell(ll) {
      var p = map.project(ll, zoom);
      return Math.floor(p.x / FLOW_CELL) + ':' + Math.floor(p.y / FLOW_CELL);
    }
    entries.forEach(function (entry) {
      legsOf(entry, view).forEach(function (leg) {
        var a = cell(leg[0]), b = cell(leg[1]);
        if (a === b) { return; }
        var key = a < b ? a + '|' + b : b + '|' + a;
        var flow = flows[key] || (flows[key] = { key: key, ends: a < b ? leg : [leg[1], leg[0]],
          claims: 0, features: 0, certain: 0, ids: {} });
        if (flow.ids[entry.index]) { return; }
        flow.ids[entry.index] = true;
        flow.features += 1;
        flow.claims += entry.count;
        if (entry.match === 'certain') { flow.certain += 1; }
      });
    });
    return Object.keys(flows).map(function (k) { return flows[k]; });
  };

  ClaimMapView.prototype._drawFlows = function (name) {
    var self = this, layer = this._aggLayer(name), box = this._viewBox();
    var view = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
    var inView = linesInView(this.map, this.groups[name]._cmEntries, view), wanted = {};
    if (inView.length <= (this.opts.lines_in_view || LINES_IN_VIEW)) {
      inView.forEach(function (entry) { wanted[entry.index] = true; });
      layer.done();
      this._drawAlone(name, wanted);
      return;
    }
    this._drawAlone(name, wanted);
    var zoom = this.map.getZoom();
    var flows = this._flows(inView).sort(function (a, b) { return a.claims - b.claims; });
    var ls = this.layerStyle(name), color = name === 'flights' ? '#2b7bb9' : '#3b3b6b';
    var most = flows.length ? flows[flows.length - 1].claims : 1;
    var strongFrom = Math.max(0, flows.length - (this.opts.strong_flows || STRONG_FLOWS));
    flows.forEach(function (flow, i) {
      // Width by the square root of its share of the largest flow (area-true), 1 to 12 px.
      var strong = i >= strongFrom;
      var weight = strong ? 1.5 + 10.5 * Math.sqrt(flow.claims / most) : 1;
      var opacity = (strong ? 0.7 : 0.22) * (flow.certain ? 1 : 0.5);
      var key = [flow.key, zoom, flow.claims, flow.features, weight.toFixed(1), opacity].join(':');
      layer.add(key, function () {
        var line = L.polyline(flow.ends, { renderer: self.renderers[name], color: color,
          weight: weight, opacity: opacity, dashArray: ls.dash, lineCap: 'round' });
        line.cmFlow = { layer: name, flow: flow };
        line.on('click', function () { self.map.fitBounds(L.latLngBounds(flow.ends).pad(0.3)); });
        return line;
      });
    });
    layer.done();
  };

  /** The tooltip of a cluster or a flow: how many features and claims, and what a click does. */
  ClaimMapView.prototype.aggregateTooltip = function (layer) {
    var box = el('div', 'cm-tooltip-body');
    if (layer.cmCluster) {
      el('strong', null, layer.cmCluster.count + ' map features here', box);
      el('div', null, 'Click or zoom in to see them one by one', box);
    } else if (layer.cmFlow) {
      var f = layer.cmFlow.flow;
      el('strong', null, f.claims + (f.claims === 1 ? ' claim' : ' claims') + ' on ' + f.features +
        (f.features === 1 ? ' line' : ' lines') + ' between these areas', box);
      el('div', null, 'Click or zoom in to see the lines', box);
    }
    return box;
  };

  /** What is drawn aggregated now: {layer: {clusters, flows, alone}}. */
  ClaimMapView.prototype.aggregation = function () {
    var self = this, out = {};
    this.order.forEach(function (name) {
      if (self.modes[name] === 'all') { return; }
      var markers = self.aggLayers[name] || [];
      var grouped = markers.reduce(function (n, m) {
        return n + (m.cmCluster ? m.cmCluster.count : m.cmFlow ? m.cmFlow.flow.features : 0);
      }, 0);
      out[name] = { mode: self.modes[name], markers: markers.length, grouped: grouped,
        alone: Object.keys(self.alone[name] || {}).length,
        flows: markers.filter(function (m) { return m.cmFlow; }).map(function (m) {
          var f = m.cmFlow.flow;
          return { ends: f.ends.map(function (ll) { return [ll.lat, ll.lng]; }), claims: f.claims,
            features: f.features };
        }) };
    });
    return out;
  };
}(window, window.ClaimMap));
