/*
 * datepanel.js: the date panel: the window's dates, presets, a slider over the dated
 * claims (outliers folded), playback (speed, step by day or event, by event or by
 * reporting date), the certain/possible toggle, "as known on", and a status line.
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var isoOf = _.isoOf;
  var foldable = _.foldable;

  var SPEEDS = [0.5, 1, 2, 4];

  function button(parent, cls, text, title) {
    var b = el('button', cls, text, parent);
    b.type = 'button';
    if (title) { b.title = title; b.setAttribute('aria-label', title); }
    return b;
  }

  function select(parent, cls, labelText, options) {
    var label = el('label', 'cm-field cm-select-field', null, parent);
    el('span', null, labelText, label);
    var node = el('select', cls, null, label);
    options.forEach(function (o) { el('option', null, o[1], node).value = o[0]; });
    return node;
  }

  function dateField(parent, cls, labelText, uid) {
    var label = el('label', 'cm-field', null, parent);
    el('span', null, labelText, label);
    var input = el('input', cls, null, label);
    input.type = 'date';
    input.id = uid + '-' + cls;
    return input;
  }

  /** The dates, presets and slider (ui.start, ui.end, ui.whole, ui.lastWeek, ui.slider). */
  ClaimMapView.prototype._windowFields = function (body, uid) {
    var ui = this.ui, d = this.domain();
    var dates = el('div', 'cm-row', null, body);
    ui.start = dateField(dates, 'cm-start', 'From', uid);
    ui.end = dateField(dates, 'cm-end', 'To', uid);
    if (d) {
      [ui.start, ui.end].forEach(function (i) { i.min = isoOf(d.first); i.max = isoOf(d.last); });
    }
    var presets = el('div', 'cm-row cm-presets', null, body);
    ui.whole = button(presets, 'cm-reset cm-preset-all', 'Whole period');
    ui.lastWeek = button(presets, 'cm-preset-week', 'Last week of data');
    ui.slider = el('input', 'cm-slider', null, body);
    ui.slider.type = 'range';
    ui.slider.id = uid + '-cm-slider';
    ui.slider.min = 0;
    ui.slider.step = 1;
    ui.slider.setAttribute('aria-label', 'Move the date window');
    ui.span = el('div', 'cm-span', null, body);
  };

  /** The playback row (ui.back, ui.play, ui.forward, ui.stepMode, ui.speed, ui.playMode). */
  ClaimMapView.prototype._playFields = function (body, uid) {
    var ui = this.ui;
    var row = el('div', 'cm-play-row', null, body);
    ui.back = button(row, 'cm-step-back', '\u25c0', 'Step back');
    ui.play = button(row, 'cm-play', '\u25b6 Play');
    ui.play.id = uid + '-cm-play';
    ui.forward = button(row, 'cm-step-forward', '\u25b6|', 'Step forward');
    var opts = el('div', 'cm-row', null, body);
    ui.stepMode = select(opts, 'cm-step-mode', 'Step by', [['day', 'day'], ['event', 'event']]);
    ui.speed = select(opts, 'cm-speed', 'Speed', SPEEDS.map(function (s) {
      return [String(s), s + (s === 1 ? ' step/s' : ' steps/s')];
    }));
    ui.playMode = select(body, 'cm-play-mode', 'Play', [['events', 'by event date'],
      ['reports', 'by reporting date (how the story grew)']]);
  };

  /** The certain/possible toggle and "as known on" (ui.possible, ui.asOf). */
  ClaimMapView.prototype._timeFields = function (body, uid) {
    var ui = this.ui;
    var label = el('label', 'cm-field cm-possible-field', null, body);
    ui.possible = el('input', 'cm-possible', null, label);
    ui.possible.type = 'checkbox';
    ui.possible.id = uid + '-cm-possible';
    el('span', null, ' show claims only possibly in these dates (faint)', label);
    ui.asOf = dateField(body, 'cm-as-of', 'As known on', uid);
    ui.asOf.title = 'Only claims from documents published by this day';
  };

  ClaimMapView.prototype._filter = function () {
    var self = this;
    var ctl = L.control({ position: 'bottomleft' });
    var uid = this.map.getContainer().id || 'claimmap';
    ctl.onAdd = function () {
      var box = el('div', 'cm-filter leaflet-bar');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var body = foldable(box, 'cm-filter-title cm-filter-toggle', 'Event dates',
        'cm-filter-body', !!self.opts.dates_collapsed);
      self.ui = self.ui || {};
      self._windowFields(body, uid);
      self._playFields(body, uid);
      self._timeFields(body, uid);
      self.ui.status = el('div', 'cm-status', null, body);
      self.ui.status.setAttribute('aria-live', 'polite');
      if (!self.domain()) {
        ['start', 'end', 'play', 'slider', 'back', 'forward', 'lastWeek'].forEach(function (n) {
          self.ui[n].disabled = true;
        });
      }
      self._bindDatePanel();
      return box;
    };
    return ctl;
  };

  ClaimMapView.prototype._bindDatePanel = function () {
    var self = this, ui = this.ui;
    function on(node, type, handler) { node.addEventListener(type, handler); }
    // Read the inputs before pause(), which writes the current window back into them.
    // A start after the end moves the end with it (and the other way round).
    on(ui.start, 'change', function () {
      var start = ui.start.value || null;
      var end = self.win.end === null ? null : isoOf(self.win.end);
      self.pause();
      self.setWindow(start, start && end && end < start ? start : end);
    });
    on(ui.end, 'change', function () {
      var end = ui.end.value || null;
      var start = self.win.start === null ? null : isoOf(self.win.start);
      self.pause();
      self.setWindow(start && end && start > end ? end : start, end);
    });
    on(ui.slider, 'input', function () {
      var dom = self.domain(), offset = +ui.slider.value;
      if (!dom) { return; }
      self.pause();
      var start = self.win.start === null ? dom.min : self.win.start;
      var end = self.win.end === null ? dom.max : self.win.end;
      self.win.start = dom.min + offset;
      self.win.end = self.win.start + Math.min(end - start, dom.max - dom.min);
      self._applyWindow(false);
    });
    on(ui.whole, 'click', function () { self.pause(); self.preset('all'); });
    on(ui.lastWeek, 'click', function () { self.pause(); self.preset('last-week'); });
    on(ui.play, 'click', function () { if (self._timer) { self.pause(); } else { self.play(); } });
    on(ui.back, 'click', function () { self.pause(); self.step(-1); });
    on(ui.forward, 'click', function () { self.pause(); self.step(1); });
    on(ui.stepMode, 'change', function () { self.setStepMode(ui.stepMode.value); });
    on(ui.speed, 'change', function () { self.setSpeed(ui.speed.value); });
    on(ui.playMode, 'change', function () { self.setPlayMode(ui.playMode.value); });
    on(ui.possible, 'change', function () { self.setShowPossible(ui.possible.checked); });
    on(ui.asOf, 'change', function () {
      var asOf = ui.asOf.value || null;
      self.pause();
      self.setAsOf(asOf);
    });
  };

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  /** "1 Oct 2025" (written out here: the browser's date formatting costs 50 ms to start). */
  function dayText(day) {
    var d = new Date(day * _.DAY_MS);
    return d.getUTCDate() + ' ' + MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear();
  }

  /** What the slider covers, and the claims folded out of it at either end. */
  function spanText(d) {
    var text = 'Slider: ' + dayText(d.min) + ' \u2013 ' + dayText(d.max);
    var folded = [];
    if (d.before) {
      folded.push(d.before + (d.before === 1 ? ' claim starts' : ' claims start') + ' earlier (from ' +
        dayText(d.first) + ')');
    }
    if (d.after) {
      folded.push(d.after + (d.after === 1 ? ' claim ends' : ' claims end') + ' later (to ' +
        dayText(d.last) + ')');
    }
    return folded.length ? text + '; ' + folded.join(', ') + ': shown by "Whole period"' : text;
  }

  ClaimMapView.prototype._syncControls = function () {
    var ui = this.ui;
    if (!ui) { return; }
    var d = this.domain();
    var start = this.win.start === null ? (d ? d.min : null) : this.win.start;
    var end = this.win.end === null ? (d ? d.max : null) : this.win.end;
    ui.start.value = isoOf(this.win.start === null && d ? d.first : start);
    ui.end.value = isoOf(this.win.end === null && d ? d.last : end);
    if (d) {
      var width = Math.max(0, Math.min(end - start, d.max - d.min));
      var max = Math.max(0, d.max - d.min - width);
      ui.slider.max = max;
      ui.slider.value = Math.min(max, Math.max(0, start - d.min));
      ui.slider.disabled = max === 0;
      ui.span.textContent = spanText(d);
    }
    ui.possible.checked = this.win.possible;
    ui.asOf.value = isoOf(this.win.asOf);
    ui.stepMode.value = this.stepMode || 'day';
    ui.speed.value = String(this.speed || 1);
    ui.playMode.value = this.playMode || 'events';
    ui.play.textContent = this._timer ? '\u275a\u275a Pause' : '\u25b6 Play';
    ui.play.setAttribute('aria-pressed', this._timer ? 'true' : 'false');
    ui.status.textContent = this.statusText();
  };

  /** "N of M map features shown (K claims: C certain, P possible)". */
  ClaimMapView.prototype.statusText = function () {
    var shown = this.entries.filter(function (entry) { return !entry.hidden; }).length;
    var c = this.claimsInView(), claims = c.certain + c.possible;
    var text = shown + ' of ' + this.entries.length + ' map features shown (' + claims +
      (claims === 1 ? ' claim' : ' claims');
    if (c.possible) { text += ': ' + c.certain + ' certain, ' + c.possible + ' possible'; }
    return text + ')';
  };
}(window, window.ClaimMap));
