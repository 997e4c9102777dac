/*
 * labels.js: place names on the map, most important first, none over another.
 *
 * After every move, zoom or change of the window, the places of what is drawn are
 * ranked (claims in view, certain ones counting double; the ends of routes and
 * flights too, and both sides of a crossing once they are drawn) and placed greedily
 * beside their symbol (right, left, above, below): a name that would cover another
 * name or a symbol waits for a closer zoom. The local-script name (Persian or Arabic,
 * from the gazetteer) stands beside the English one; setNames('english'|'local'|'both').
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;

  /** Most names tried per redraw (the best ranked), and the gap kept around each. */
  var MAX_CANDIDATES = 400;
  var PAD = 2;
  var FONT = '12px "DejaVu Sans", "Noto Sans", "Helvetica Neue", Arial, sans-serif';
  var FONT_BOLD = '600 ' + FONT;
  /** Pixels between a symbol's centre and its name. */
  var GAP = 12;
  var KIND_BONUS = { border_crossing: 3, airport: 2, city: 1 };
  /** A claim about a whole province or country ranks its name below a precise place's. */
  var KIND_FACTOR = { province: 0.6, country: 0.3 };
  var NAME_MODES = { both: true, english: true, local: true };

  ClaimMapView.prototype._buildLabels = function () {
    var pane = this.map.createPane('cm-place-labels');
    pane.style.zIndex = 450;
    pane.style.pointerEvents = 'none';
    this.labelBox = el('div', 'cm-place-labels', null, pane);
    this.nameMode = NAME_MODES[this.opts.names] ? this.opts.names : 'both';
    this._measure = document.createElement('canvas').getContext('2d');
    this._widths = {};
  };

  ClaimMapView.prototype._textWidth = function (text, font) {
    var key = font + '\u0000' + text;
    if (this._widths[key] === undefined) {
      this._measure.font = font;
      this._widths[key] = Math.ceil(this._measure.measureText(text).width);
    }
    return this._widths[key];
  };

  /** The English and local-script parts of a place's label, as the name switch wants them. */
  ClaimMapView.prototype._nameParts = function (place) {
    var name = this.places.name[place], local = this.places.local[place];
    if (this.nameMode === 'english' || !local) { return { name: name, local: null }; }
    if (this.nameMode === 'local') { return { name: null, local: local }; }
    return { name: name, local: local };
  };

  function addScore(scores, place, score, latlng) {
    var s = scores[place] || (scores[place] = { place: place, score: 0, latlng: latlng });
    s.score += score;
  }

  /** The places of what is drawn on its own now, with their rank. */
  ClaimMapView.prototype._labelCandidates = function () {
    var self = this, scores = {}, zoom = this.map.getZoom();
    var sides = zoom >= (this.opts.sides_zoom || 9);
    this.order.forEach(function (name) {
      if (!self.map.hasLayer(self.groups[name])) { return; }
      var flows = self.modes[name] === 'flows';
      self.groups[name]._cmEntries.forEach(function (entry) {
        if (entry.hidden || (!entry.drawn && !flows) || !entry.places.length) { return; }
        var weight = entry.count * (entry.match === 'certain' ? 2 : 1);
        var ends = entry.line ? [0, entry.places.length - 1] : (sides ? [0, 1] : [0]);
        entry.places.forEach(function (place, i) {
          var end = ends.indexOf(i) >= 0;
          if (!entry.line && !end) { return; }
          addScore(scores, place, end ? weight : weight / 2, self.placeLatLng(place));
        });
      });
    });
    var bounds = this.map.getBounds();
    return Object.keys(scores).map(function (k) { return scores[k]; }).filter(function (s) {
      return bounds.contains(s.latlng);
    }).map(function (s) {
      var kind = self.places.kind[s.place];
      s.score = s.score * (KIND_FACTOR[kind] || 1) + (KIND_BONUS[kind] || 0);
      return s;
    }).sort(function (a, b) { return b.score - a.score || a.place - b.place; })
      .slice(0, MAX_CANDIDATES);
  };

  /** Boxes (container pixels) of the symbols and count bubbles: names must not cover them. */
  ClaimMapView.prototype._symbolBoxes = function () {
    var map = this.map, boxes = [], bounds = map.getBounds(), self = this;
    this.order.forEach(function (name) {
      (self.aggLayers[name] || []).forEach(function (m) {
        if (!m.cmCluster) { return; }
        var p = map.latLngToContainerPoint(m.getLatLng()), r = m.cmCluster.size / 2 + 2;
        boxes.push([p.x - r, p.y - r, p.x + r, p.y + r]);
      });
    });
    this.entries.forEach(function (entry) {
      if (!entry.drawn || entry.hidden || entry.line || !bounds.contains(entry.anchor)) {
        return;
      }
      if (entry.layer === 'areas' && !entry.shape) { return; }  // a province's circle: may be covered
      var p = map.latLngToContainerPoint(entry.anchor);
      boxes.push([p.x - 9, p.y - 9, p.x + 9, p.y + 9]);
    });
    return boxes;
  };

  /** Top-left corners for a name of w x h beside a symbol at p: right, left, above, below. */
  function spotsAround(p, w, h) {
    return [[p.x + GAP, p.y - h / 2], [p.x - GAP - w, p.y - h / 2], [p.x - w / 2, p.y - GAP - h],
      [p.x - w / 2, p.y + GAP]];
  }

  function overlaps(box, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]) { return true; }
    }
    return false;
  }

  /** Size of a label: its parts' widths and height in pixels. */
  ClaimMapView.prototype._labelSize = function (parts) {
    var w = 0;
    if (parts.name) { w += this._textWidth(parts.name, FONT_BOLD); }
    if (parts.local) { w += this._textWidth(parts.local, FONT) + (parts.name ? 6 : 0); }
    return [w + 6, 17];
  };

  /** Rank, place and draw the names for the current view. */
  ClaimMapView.prototype.placeLabels = function () {
    if (!this.labelBox) { return; }
    var self = this, map = this.map, size = map.getSize();
    var placed = [], obstacles = this._symbolBoxes(), shown = [];
    this._labelCandidates().forEach(function (c) {
      var parts = self._nameParts(c.place), wh = self._labelSize(parts);
      var p = map.latLngToContainerPoint(c.latlng);
      var spots = spotsAround(p, wh[0], wh[1]);
      // Symbols all but on this place's own (an airport by its city) do not push its name away.
      var blocking = obstacles.filter(function (o) {
        return Math.abs((o[0] + o[2]) / 2 - p.x) >= GAP || Math.abs((o[1] + o[3]) / 2 - p.y) >= GAP;
      });
      for (var i = 0; i < spots.length; i++) {
        var x = spots[i][0], y = spots[i][1];
        var box = [x - PAD, y - PAD, x + wh[0] + PAD, y + wh[1] + PAD];
        if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) { continue; }
        if (overlaps(box, placed) || overlaps(box, blocking)) { continue; }
        placed.push(box);
        shown.push({ place: c.place, parts: parts, x: x, y: y });
        return;
      }
    });
    this._drawLabels(shown);
  };

  /** Draw the names; a name already in the same spot keeps its element (a pan moves few). */
  ClaimMapView.prototype._drawLabels = function (shown) {
    var self = this, map = this.map, box = this.labelBox, before = this._labelNodes || {}, now = {};
    shown.forEach(function (s) {
      var at = map.containerPointToLayerPoint([s.x, s.y]).round();
      var key = s.place + ':' + self.nameMode + ':' + at.x + ':' + at.y;
      if (before[key]) { now[key] = before[key]; return; }
      var div = el('div', 'cm-place-label', null, box);
      div.setAttribute('data-place', self.places.id[s.place]);
      if (s.parts.name) { el('span', 'cm-name', s.parts.name, div); }
      if (s.parts.local) {
        var local = el('span', 'cm-name-local', s.parts.local, div);
        local.setAttribute('dir', 'rtl');
        if (self.places.lang[s.place]) { local.setAttribute('lang', self.places.lang[s.place]); }
      }
      L.DomUtil.setPosition(div, at);
      now[key] = div;
    });
    Object.keys(before).forEach(function (k) { if (!now[k]) { box.removeChild(before[k]); } });
    this._labelNodes = now;
    this.labelsShown = shown.length;
  };

  /** The names on screen, with their boxes in page pixels (for tests and tools). */
  ClaimMapView.prototype.labelsOnScreen = function () {
    return Array.prototype.map.call(this.labelBox.querySelectorAll('.cm-place-label'), function (n) {
      var r = n.getBoundingClientRect();
      return { place: n.getAttribute('data-place'), text: n.textContent,
        box: [r.left, r.top, r.right, r.bottom] };
    });
  };

  ClaimMapView.prototype.setNames = function (mode) {
    this.nameMode = NAME_MODES[mode] ? mode : 'both';
    this.placeLabels();
    if (this.ui && this.ui.names) { this.ui.names.value = this.nameMode; }
  };
}(window, window.ClaimMap));
