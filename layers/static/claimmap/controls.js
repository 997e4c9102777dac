/*
 * controls.js: the title box, the legend, the layer control and the date panel.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var escapeHtml = _.escapeHtml;
  var swatch = _.swatch;
  var isoOf = _.isoOf;
  var spanVisible = _.spanVisible;

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
}(window, window.ClaimMap));
