/*
 * dates.js: days, a claim's possible dates, the date-window rule and the window state.
 *
 * The rule is geo/dates.py's, written again for the browser and tested against the
 * same cases (tests/fixtures/window_cases.json): a claim's possible range is its
 * event range, or for an undated claim an open range ending at its document's
 * published_end (or published); a window certainly holds a range lying within it,
 * possibly holds one that only overlaps it. Days are integers (days since
 * 1970-01-01, UTC, as layers/payload.py sends them); null is an open end.
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

  function isDay(value) { return typeof value === 'number'; }

  /** geo.dates.possible_range on days: [earliest, latest] day of the event as reported. */
  function possibleRangeDays(eventStart, eventEnd, published, publishedEnd) {
    if (isDay(eventStart) && isDay(eventEnd)) { return [eventStart, eventEnd]; }
    if (isDay(publishedEnd)) { return [null, publishedEnd]; }
    return [null, isDay(published) ? published : null];
  }

  /** geo.dates.possible_range on ISO dates. */
  function possibleRange(eventStart, eventEnd, published, publishedEnd) {
    return possibleRangeDays(dayOf(eventStart), dayOf(eventEnd), dayOf(published), dayOf(publishedEnd));
  }

  /** geo.dates.window_match: 'certain', 'possible' or null (outside), null ends open. */
  function windowMatch(range, start, end) {
    var low = range[0], high = range[1];
    if (start !== null && high !== null && high < start) { return null; }
    if (end !== null && low !== null && low > end) { return null; }
    var startsInside = start === null || (low !== null && low >= start);
    var endsInside = end === null || (high !== null && high <= end);
    return startsInside && endsInside ? 'certain' : 'possible';
  }

  /**
   * The time of one claim on the map, from its days (payload columns):
   * {low, high} its possible range, pub (its document's first day), inferred, dated, id.
   */
  function spanOfDays(eventStart, eventEnd, published, publishedEnd, inferred, id, index) {
    var r = possibleRangeDays(eventStart, eventEnd, published, publishedEnd);
    return { low: r[0], high: r[1], pub: isDay(published) ? published : null, inferred: !!inferred,
      dated: isDay(eventStart), id: id === undefined ? null : id,
      index: index === undefined ? null : index };
  }

  /** The time of a claim from its properties (ISO dates), as in a popup. */
  function spanOfClaim(c) {
    return spanOfDays(dayOf(c.event_start), dayOf(c.event_end), dayOf(c.published),
      dayOf(c.published_end), c.date_inferred, c.claim_id);
  }

  /** How the window holds one claim: 'certain', 'possible' or null (also when not yet reported). */
  function spanMatch(span, win) {
    if (win.asOf !== null && (span.pub === null || span.pub > win.asOf)) { return null; }
    return windowMatch([span.low, span.high], win.start, win.end);
  }

  /**
   * How the window holds a feature: its best claim's match, and whether every claim
   * it shows has dates the analyst inferred. {match: 'certain'|'possible'|null, inferred}.
   */
  function entryMatch(entry, win) {
    var best = null, shown = 0, inferred = 0;
    for (var i = 0; i < entry.spans.length; i++) {
      var m = spanMatch(entry.spans[i], win);
      if (!m) { continue; }
      shown += 1;
      if (entry.spans[i].inferred) { inferred += 1; }
      if (m === 'certain') { best = m; } else if (!best) { best = m; }
    }
    return { match: best, inferred: shown > 0 && inferred === shown };
  }

  function formatDates(claim) {
    var s = claim.event_start, e = claim.event_end;
    if (!s && !e) {
      var bound = claim.published_end || claim.published;
      return bound ? 'not reported; no later than ' + bound + ' (the document\u2019s publication)' :
        'not reported';
    }
    var text = s === e || !e ? String(s) : String(s) + ' \u2013 ' + String(e);
    if (claim.date_precision && claim.date_precision !== 'day') {
      text += ' (' + words(claim.date_precision) + ')';
    }
    return text;
  }

  /* ------------------------------------------------------------------ window state */

  ClaimMapView.prototype._initWindow = function () {
    this.win = { start: dayOf(this.opts.start), end: dayOf(this.opts.end),
      possible: this.opts.show_possible !== false, asOf: dayOf(this.opts.as_of) };
  };

  /** Whether an entry is drawn in the window, and how (sets entry.hidden, match, inferred). */
  ClaimMapView.prototype._matchEntry = function (entry) {
    var state = entryMatch(entry, this.win);
    var hidden = !state.match || (state.match === 'possible' && !this.win.possible);
    var look = hidden ? null : state.match + (state.inferred ? '-inferred' : '');
    var changed = hidden !== entry.hidden || look !== entry.look;
    entry.hidden = hidden;
    entry.match = hidden ? null : state.match;
    entry.look = look;
    return changed;
  };

  ClaimMapView.prototype._applyWindow = function (initial) {
    var self = this;
    this.order.forEach(function (name) { self._applyToLayer(name, initial); });
    if (initial) { this.timings.layers = _.now(); }
    if (!initial && this.popupEntry && this.popupEntry.hidden) { this.map.closePopup(this.popup); }
    this.placeLabels();
    if (initial) { this.timings.labels = _.now(); }
    this._syncControls();
    this._fireChange();
  };

  ClaimMapView.prototype._fireChange = function () {
    var detail = this.getWindow();
    detail.visible = this.visibleFeatureIds().length;
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

  ClaimMapView.prototype.setShowPossible = function (flag) {
    this.win.possible = !!flag;
    this._applyWindow(false);
  };

  ClaimMapView.prototype.setAsOf = function (date) {
    this.win.asOf = date === null || date === undefined || date === '' ? null : dayOf(date);
    this._applyWindow(false);
  };

  ClaimMapView.prototype.getWindow = function () {
    return { start: isoOf(this.win.start) || null, end: isoOf(this.win.end) || null,
      showPossible: this.win.possible, asOf: isoOf(this.win.asOf) || null };
  };

  /** Distinct claims drawn now, certain and possible (a claim at several places once). */
  ClaimMapView.prototype.claimsInView = function () {
    var win = this.win, seen = new Uint8Array((this.claimSpans || []).length);
    var counts = { certain: 0, possible: 0 };
    this.entries.forEach(function (entry) {
      if (entry.hidden) { return; }
      entry.spans.forEach(function (span) {
        if (span.index !== null) {
          if (seen[span.index]) { return; }  // the same claim has the same match everywhere
          seen[span.index] = 1;
        }
        var m = spanMatch(span, win);
        if (m && (m === 'certain' || win.possible)) { counts[m] += 1; }
      });
    });
    return counts;
  };

  _.dayOf = dayOf;
  _.isoOf = isoOf;
  _.possibleRange = possibleRange;
  _.windowMatch = windowMatch;
  _.spanOfDays = spanOfDays;
  _.spanOfClaim = spanOfClaim;
  _.spanMatch = spanMatch;
  _.formatDates = formatDates;
}(window, window.ClaimMap));
