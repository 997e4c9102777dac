/*
 * playback.js: the dates the controls move over (outliers folded), presets, stepping
 * by day or by event, and playing the window (by event date) or the as-of day (by
 * reporting date: how the story grew).
 */
(function (root, CM) {
  'use strict';

  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;

  /** Most claims folded away at either end of the slider (a share of the dated ones).
   * geo.dates.date_span is the same rule in Python (the dashboard's slider). */
  var FOLD_SHARE = 0.1;
  /** A gap shorter than this many days never folds. */
  var FOLD_MIN_GAP = 7;

  /** The numbers ascending (a typed array sorts numbers natively, and fast). */
  function sortedNumbers(values) {
    return Array.prototype.slice.call(Float64Array.from(values).sort());
  }

  /**
   * The first day of the core: starts before a gap longer than the rest of the data
   * (and than a week) are folded, at most FOLD_SHARE of them. `lows` ascending.
   */
  function coreStart(lows, last) {
    var limit = Math.floor(lows.length * FOLD_SHARE), i = 0, start = lows[0];
    while (i < limit && i + 1 < lows.length) {
      var gap = lows[i + 1] - lows[i];
      if (gap > FOLD_MIN_GAP && gap > last - lows[i + 1]) { start = lows[i + 1]; }
      i += 1;
    }
    return start;
  }

  /**
   * The span of the dated claims: {min, max} the slider covers (outliers folded), {first,
   * last} every dated claim, the folded counts {before, after}, and `events` (the days a
   * dated claim starts or ends, ascending). Null when nothing is dated.
   */
  ClaimMapView.prototype.domain = function () {
    if (this._domain !== undefined) { return this._domain; }
    // Each claim once (a claim drawn at several places has one date).
    var lows = [], highs = [], seen = new Uint8Array((this.claimSpans || []).length);
    this.entries.forEach(function (entry) {
      entry.spans.forEach(function (s) {
        if (s.index !== null) { if (seen[s.index]) { return; } seen[s.index] = 1; }
        if (s.dated) { lows.push(s.low); highs.push(s.high); }
      });
    });
    if (!lows.length) { this._domain = null; return null; }
    lows = sortedNumbers(lows);
    highs = sortedNumbers(highs);
    var first = lows[0], last = highs[highs.length - 1];
    var min = coreStart(lows, last);
    var max = -coreStart(highs.map(function (h) { return -h; }).reverse(), -min);
    var isEvent = new Uint8Array(max - min + 1), events = [];
    [lows, highs].forEach(function (days) {
      days.forEach(function (day) { if (day >= min && day <= max) { isEvent[day - min] = 1; } });
    });
    isEvent.forEach(function (flag, i) { if (flag) { events.push(min + i); } });
    this._domain = {
      min: min, max: max, first: first, last: last,
      before: lows.filter(function (d) { return d < min; }).length,
      after: highs.filter(function (d) { return d > max; }).length,
      events: events
    };
    return this._domain;
  };

  /** The publication days of the claims' documents, ascending (for playing by reporting date). */
  ClaimMapView.prototype.reportDays = function () {
    if (this._reportDays) { return this._reportDays; }
    var days = {};
    this.entries.forEach(function (entry) {
      entry.spans.forEach(function (s) { if (s.pub !== null) { days[s.pub] = true; } });
    });
    this._reportDays = sortedNumbers(Object.keys(days).map(Number));
    return this._reportDays;
  };

  /** Preset windows: 'all' (every date), 'last-week' (the last seven days of the data). */
  ClaimMapView.prototype.preset = function (name) {
    var d = this.domain();
    if (name === 'last-week' && d) {
      this.win.start = d.max - 6;
      this.win.end = d.max;
    } else {
      this.win.start = null;
      this.win.end = null;
    }
    this._applyWindow(false);
  };

  /** The next event day after `day` (direction 1) or before it (-1), or null. */
  function nextEvent(events, day, direction) {
    if (direction > 0) {
      for (var i = 0; i < events.length; i++) { if (events[i] > day) { return events[i]; } }
    } else {
      for (var j = events.length - 1; j >= 0; j--) { if (events[j] < day) { return events[j]; } }
    }
    return null;
  }

  /**
   * Move the window by `n` days (stepMode 'day') or to the next event day (stepMode
   * 'event', n's sign giving the direction), keeping its width. False at the end.
   */
  ClaimMapView.prototype.step = function (n) {
    var d = this.domain();
    if (!d) { return false; }
    n = n === undefined ? 1 : n;
    var start = this.win.start === null ? d.min : this.win.start;
    var end = this.win.end === null ? d.max : this.win.end;
    var shift = n;
    if (this.stepMode === 'event') {
      var target = n >= 0 ? nextEvent(d.events, end, 1) : nextEvent(d.events, start, -1);
      if (target === null) { return false; }
      shift = n >= 0 ? target - end : target - start;
    } else if (n >= 0 ? end + n > d.max : start + n < d.min) {
      // Forward while the end can still reach the last date, backward while the start
      // can reach the first (a window that begins before the first date still moves).
      return false;
    }
    this.win.start = start + shift;
    this.win.end = end + shift;
    this._applyWindow(false);
    return true;
  };

  /** Move the as-of day to the next publication day (playing by reporting date). */
  ClaimMapView.prototype.stepReports = function () {
    var days = this.reportDays();
    var next = this.win.asOf === null ? days[0] : nextEvent(days, this.win.asOf, 1);
    if (next === undefined || next === null) { return false; }
    this.win.asOf = next;
    this._applyWindow(false);
    return true;
  };

  /** Put the window where playing by event date starts: the first dated claim. */
  ClaimMapView.prototype._playStart = function (d) {
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
  };

  /** Milliseconds between steps at the chosen speed (steps per second). */
  ClaimMapView.prototype.playInterval = function () {
    return Math.round((this.opts.play_interval_ms || 1000) / (this.speed || 1));
  };

  /** Play by event date ('events': the window moves) or by reporting date ('reports'). */
  ClaimMapView.prototype.play = function () {
    if (this._timer) { return; }
    if (this.playMode === 'reports') {
      if (!this.reportDays().length) { return; }
      this.win.asOf = this.reportDays()[0];
      this._applyWindow(false);
    } else {
      var d = this.domain();
      if (!d) { return; }
      this._playStart(d);
      this._applyWindow(false);
    }
    this._schedule();
    this._syncControls();
  };

  ClaimMapView.prototype._schedule = function () {
    var self = this;
    this._timer = root.setTimeout(function tick() {
      var moved = self.playMode === 'reports' ? self.stepReports() : self.step(1);
      if (!moved) { self._timer = null; self._syncControls(); return; }
      self._timer = root.setTimeout(tick, self.playInterval());
    }, this.playInterval());
  };

  ClaimMapView.prototype.setSpeed = function (speed) {
    this.speed = +speed > 0 ? +speed : 1;
    if (this._timer) { root.clearTimeout(this._timer); this._schedule(); }
    this._syncControls();
  };

  ClaimMapView.prototype.setStepMode = function (mode) {
    this.stepMode = mode === 'event' ? 'event' : 'day';
    this._syncControls();
  };

  ClaimMapView.prototype.setPlayMode = function (mode) {
    this.pause();
    this.playMode = mode === 'reports' ? 'reports' : 'events';
    this._syncControls();
  };

  ClaimMapView.prototype.pause = function () {
    if (this._timer) { root.clearTimeout(this._timer); this._timer = null; }
    this._syncControls();
  };
}(window, window.ClaimMap));
