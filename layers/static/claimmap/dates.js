/*
 * dates.js: days, claim date spans, the date window and playback.
 */
(function (root, CM) {
  'use strict';

  var _ = CM._;
  var DAY_MS = _.DAY_MS;
  var words = _.words;
  var ClaimMapView = _.ClaimMapView;

  /** Days since 1970-01-01 (UTC) of an ISO date, or null. */
  function dayOf(iso) {
    if (typeof iso !== 'string') { return null; }
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m) { return null; }
    var t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return isNaN(t) ? null : Math.round(t / DAY_MS);
  }

  function isoOf(day) {
    return day === null || day === undefined ? '' : new Date(day * DAY_MS).toISOString().slice(0, 10);
  }


  function formatDates(claim) {
    var s = claim.event_start, e = claim.event_end;
    if (!s && !e) { return 'undated'; }
    var text = s === e || !e ? String(s) : String(s) + ' \u2013 ' + String(e);
    if (claim.date_precision && claim.date_precision !== 'day') {
      text += ' (' + words(claim.date_precision) + ')';
    }
    return text;
  }

  function spansOf(props) {
    // Cut to a budget (see layers.features.within_budget), a feature keeps every
    // claim's [start, end] in `spans` while carrying only its first claims.
    if (Array.isArray(props.spans)) {
      return props.spans.map(function (s) { return spanOf(s[0], s[1]); });
    }
    var claims = Array.isArray(props.claims) && props.claims.length ? props.claims : [props];
    return claims.map(function (c) { return spanOf(c.event_start, c.event_end); });
  }

  function claimIdsOf(props) {
    // The claim behind each span (null when unknown), so that a claim drawn at
    // several places is counted once in the status line.
    if (Array.isArray(props.spans)) {
      return props.spans.map(function (s) { return s.length > 2 ? s[2] : null; });
    }
    var claims = Array.isArray(props.claims) && props.claims.length ? props.claims : [];
    return claims.map(function (c) { return c.claim_id === undefined ? null : c.claim_id; });
  }

  function spanOf(start, end) {
    var s = dayOf(start), e = dayOf(end);
    if (s === null && e === null) { return null; }
    return [s === null ? e : s, e === null ? s : e];
  }

  /* ------------------------------------------------------------------ filter */

  ClaimMapView.prototype._initWindow = function () {
    this.win = { start: dayOf(this.opts.start), end: dayOf(this.opts.end),
      undated: this.opts.include_undated !== false };
  };

  ClaimMapView.prototype.domain = function () {
    if (this._domain !== undefined) { return this._domain; }
    var min = null, max = null;
    this.entries.forEach(function (entry) {
      entry.spans.forEach(function (s) {
        if (!s) { return; }
        if (min === null || s[0] < min) { min = s[0]; }
        if (max === null || s[1] > max) { max = s[1]; }
      });
    });
    this._domain = min === null ? null : { min: min, max: max };
    return this._domain;
  };

  function spanVisible(span, win) {
    if (!span) { return win.undated; }
    if (win.start !== null && span[1] < win.start) { return false; }
    if (win.end !== null && span[0] > win.end) { return false; }
    return true;
  }

  function entryVisible(entry, win) {
    for (var i = 0; i < entry.spans.length; i++) {
      if (spanVisible(entry.spans[i], win)) { return true; }
    }
    return false;
  }

  ClaimMapView.prototype._applyWindow = function (initial) {
    var self = this, win = this.win;
    this.order.forEach(function (name) {
      var group = self.groups[name];
      var entries = group._cmEntries;
      if (self.clustered[name]) {
        var add = [], remove = [];
        entries.forEach(function (entry) {
          var hidden = !entryVisible(entry, win);
          if (initial) { if (!hidden) { add.push(entry.main); } } else if (hidden !== entry.hidden) {
            (hidden ? remove : add).push(entry.main);
          }
          entry.hidden = hidden;
        });
        if (remove.length) { group.removeLayers(remove); }
        if (add.length) {
          self.loading[name] = true;  // cleared by chunkProgress, maybe at once
          group.addLayers(add);
        }
      } else {
        entries.forEach(function (entry) {
          var hidden = !entryVisible(entry, win);
          if (initial) {
            entry.hidden = hidden;
            entry.layers.forEach(function (layer) {
              layer._cmHidden = hidden;
              group.addLayer(layer);
            });
          } else if (hidden !== entry.hidden) {
            entry.hidden = hidden;
            entry.layers.forEach(function (layer) { layer._cmSetHidden(hidden); });
          }
        });
      }
    });
    if (!initial && this.popupEntry && this.popupEntry.hidden) { this.map.closePopup(this.popup); }
    this._syncControls();
    this._fireChange();
  };

  ClaimMapView.prototype._fireChange = function () {
    var detail = { start: isoOf(this.win.start) || null, end: isoOf(this.win.end) || null,
      includeUndated: this.win.undated, visible: this.visibleFeatureIds().length };
    var evt;
    try { evt = new CustomEvent('claimmap:window', { detail: detail }); } catch (e) { return; }
    this.map.getContainer().dispatchEvent(evt);
  };

  ClaimMapView.prototype.setWindow = function (start, end) {
    var s = start === null || start === undefined || start === '' ? null : dayOf(start);
    var e = end === null || end === undefined || end === '' ? null : dayOf(end);
    if (s !== null && e !== null && e < s) { var t = s; s = e; e = t; }
    this.win.start = s;
    this.win.end = e;
    this._applyWindow(false);
  };

  ClaimMapView.prototype.setIncludeUndated = function (flag) {
    this.win.undated = !!flag;
    this._applyWindow(false);
  };

  ClaimMapView.prototype.getWindow = function () {
    return { start: isoOf(this.win.start) || null, end: isoOf(this.win.end) || null,
      includeUndated: this.win.undated };
  };

  /* ------------------------------------------------------------------ playback */

  ClaimMapView.prototype.step = function (days) {
    var d = this.domain();
    if (!d) { return false; }
    var n = days === undefined ? 1 : days;
    var start = this.win.start === null ? d.min : this.win.start;
    var end = this.win.end === null ? d.max : this.win.end;
    // Forward while the window's end can still reach the last date, backward while its
    // start can reach the first (a window that begins before the first date still moves).
    if (n >= 0 ? end + n > d.max : start + n < d.min) { return false; }
    this.win.start = start + n;
    this.win.end = end + n;
    this._applyWindow(false);
    return true;
  };

  ClaimMapView.prototype.play = function () {
    var d = this.domain(), self = this;
    if (!d || this._timer) { return; }
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
    this._applyWindow(false);
    this._timer = root.setInterval(function () {
      if (!self.step(1)) { self.pause(); }
    }, this.opts.play_interval_ms || 900);
    this._syncControls();
  };

  ClaimMapView.prototype.pause = function () {
    if (this._timer) { root.clearInterval(this._timer); this._timer = null; }
    this._syncControls();
  };

  _.dayOf = dayOf;
  _.isoOf = isoOf;
  _.formatDates = formatDates;
  _.spansOf = spansOf;
  _.claimIdsOf = claimIdsOf;
  _.spanVisible = spanVisible;
  _.entryVisible = entryVisible;
}(window, window.ClaimMap));
