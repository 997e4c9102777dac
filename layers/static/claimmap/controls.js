/*
 * controls.js: the title box, the legend and the layer control (the date panel: datepanel.js).
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var escapeHtml = _.escapeHtml;
  var swatch = _.swatch;

  ClaimMapView.prototype._buildControls = function () {
    var self = this, map = this.map, overlays = {};
    this.order.forEach(function (name) {
      var n = self.groups[name]._cmEntries.length;
      overlays[escapeHtml(self.layerStyle(name).label + ' (' + n + ')')] = self.groups[name];
    });
    this.layerControl = L.control.layers(this.baseLayers, overlays,
      { collapsed: !!this.opts.collapse_layers, position: 'topright' }).addTo(map);
    L.DomUtil.addClass(this.layerControl.getContainer(), 'cm-layers');
    if (this.opts.title || this.opts.filter_text) { this._titleControl().addTo(map); }
    this._legend().addTo(map);
    this._filter().addTo(map);
  };

  ClaimMapView.prototype._titleControl = function () {
    var title = this.opts.title, filterText = this.opts.filter_text;
    var ctl = L.control({ position: 'topleft' });
    ctl.onAdd = function () {
      var div = el('div', 'cm-title leaflet-bar');
      if (title) { el('div', 'cm-title-text', title, div); }
      // What the export holds and when it was made (ExportFilter.summary()).
      if (filterText) { el('div', 'cm-title-filter', filterText, div); }
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

  /** The kinds of place and the claim types drawn on this map, in the style table's order. */
  ClaimMapView.prototype._present = function () {
    var kinds = {}, types = {}, self = this;
    this.entries.forEach(function (entry) { if (entry.kind && !entry.line) { kinds[entry.kind] = true; } });
    this.claimTypes.forEach(function (t) { types[self.types[t]] = true; });
    return {
      kinds: Object.keys(this.styles.kinds || {}).filter(function (k) { return kinds[k]; }),
      types: Object.keys(this.styles.types || {}).filter(function (t) { return types[t]; })
    };
  };

  /** What a map's aggregates, if any, look like. */
  ClaimMapView.prototype._legendKeys = function () {
    var keys = [
      ['line', { color: '#444', weight: 3 }, 'solid line: ground route'],
      ['line', { color: '#444', weight: 2.5, dash: '5 3' }, 'dashed arc: flight'],
      ['area', {}, 'dashed area: claim known only to a province or country'],
      ['country', {}, 'dashed ring: claims about a whole country (click it)'],
      ['precision', {}, 'faint circle: how precisely a place is known'],
      ['conflict', {}, 'thick black outline: sources conflict'],
      ['possible', {}, 'faint: only possibly within the selected dates'],
      ['inferred', {}, 'dotted: dates inferred by the analyst, not stated']
    ];
    var modes = this.modes;
    if (this.order.some(function (n) { return modes[n] === 'clusters'; })) {
      keys.push(['cluster', {}, 'circle with a number: that many places; zoom in to see them']);
    }
    if (this.order.some(function (n) { return modes[n] === 'flows'; })) {
      keys.push(['flow', {}, 'thick line: many routes between two areas (wider: more claims)']);
    }
    return keys;
  };

  ClaimMapView.prototype._legendBody = function (body) {
    var self = this, present = this._present();
    el('div', 'cm-legend-title', 'Places (symbol: kind of place)', body);
    present.kinds.forEach(function (kind) {
      var row = el('div', 'cm-legend-row cm-legend-kind', null, body);
      row.setAttribute('data-kind', kind);
      swatch('shape', { shape: self.kindStyle(kind).shape, color: '#bbbbbb' }, row);
      el('span', null, self.kindStyle(kind).label, row);
    });
    el('div', 'cm-legend-title', 'Claim types (colour)', body);
    present.types.forEach(function (type) {
      var row = el('div', 'cm-legend-row cm-legend-type', null, body);
      row.setAttribute('data-type', type);
      swatch('type', self.typeStyle(type), row);
      el('span', null, self.typeStyle(type).label, row);
    });
    el('div', 'cm-legend-title', 'How to read it', body);
    this._legendKeys().forEach(function (k) {
      var row = el('div', 'cm-legend-row', null, body);
      swatch(k[0], k[1], row);
      el('span', null, k[2], row);
    });
    var label = el('label', 'cm-legend-row cm-names-field', null, body);
    el('span', null, 'Place names', label);
    this.ui = this.ui || {};
    var names = this.ui.names = el('select', 'cm-names', null, label);
    [['both', 'English and local script'], ['english', 'English'], ['local', 'local script']]
      .forEach(function (o) { el('option', null, o[1], names).value = o[0]; });
    names.value = this.nameMode;
    names.addEventListener('change', function () { self.setNames(names.value); });
    el('div', 'cm-legend-note', 'Everything shown is as reported; nothing here is verified by claimmap.', body);
  };

  ClaimMapView.prototype._legend = function () {
    var self = this;
    var ctl = L.control({ position: 'bottomright' });
    ctl.onAdd = function () {
      var div = el('div', 'cm-legend leaflet-bar');
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      self._legendBody(foldable(div, 'cm-legend-toggle', 'Legend', 'cm-legend-body',
        !!self.opts.legend_collapsed));
      return div;
    };
    return ctl;
  };

  _.foldable = foldable;
}(window, window.ClaimMap));
