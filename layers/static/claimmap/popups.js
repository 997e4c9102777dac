/*
 * popups.js: the tooltip and the popup of a feature, built from text nodes only.
 *
 * A popup shows at once what the map knows of the feature (its name, layer, places,
 * precision, claim count); the claims' words are decoded on demand (model.js) and
 * listed when they arrive (the popup's element then gets data-loaded).
 */
(function (root, CM) {
  'use strict';

  var L = root.L;
  var _ = CM._;
  var ClaimMapView = _.ClaimMapView;
  var el = _.el;
  var words = _.words;
  var safeUrl = _.safeUrl;
  var formatDistance = _.formatDistance;
  var swatch = _.swatch;
  var spanOfClaim = _.spanOfClaim;
  var spanMatch = _.spanMatch;
  var formatDates = _.formatDates;

  /** Most claims listed in one popup (a place with more says how many it has). */
  var POPUP_CLAIMS = 60;

  /** The badge of a claim that the window holds only possibly, or not at all. */
  var MATCH_BADGES = {
    possible: 'possibly within the selected dates',
    none: 'outside the selected dates'
  };

  ClaimMapView.prototype._entryOf = function (e) {
    var layer = e.propagatedFrom || e.layer || e.sourceTarget;
    return layer && layer._cmEntry;
  };

  ClaimMapView.prototype._onClick = function (e) {
    var entry = this._entryOf(e);
    if (entry) { this.openPopup(entry.id, entry.line ? e.latlng : null); }
  };

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  /** The tooltip of a feature, a cluster or a flow: built from text nodes only. */
  ClaimMapView.prototype.tooltipContent = function (layer) {
    var self = this;
    var entry = layer && layer._cmEntry;
    if (!entry) { return this.aggregateTooltip(layer || {}); }
    var box = el('div', 'cm-tooltip-body');
    el('strong', null, entry.label || entry.id, box);
    var kind = entry.kind && !entry.line ? this.kindStyle(entry.kind).label : null;
    var types = this.entryTypes(entry).map(function (t) { return self.typeStyle(t).label; });
    el('div', null, (kind ? kind + ' \u00b7 ' : '') + plural(entry.count, 'claim') +
      (types.length ? ' \u00b7 ' + types.join(', ') : ''), box);
    // Not shown; read by streamlit-folium (which reports the tooltip's text on a click).
    var id = el('span', 'cm-feature-id', entry.id, box);
    id.hidden = true;
    return box;
  };

  ClaimMapView.prototype.openPopup = function (featureId, latlng) {
    var self = this, entry = this.entryById(featureId);
    if (!entry) { return false; }
    this.popupEntry = entry;
    this.focus.clearLayers();
    if (entry.radius && !entry.line && entry.layer !== 'areas') {
      L.circle(entry.anchor, { radius: entry.radius, color: this.typeStyle(entry.type).color,
        weight: 1, dashArray: '2 4', fillOpacity: 0.08, interactive: false }).addTo(this.focus);
    }
    var box = this.popupContent(entry);
    this.popup.setLatLng(latlng || entry.anchor).setContent(box);
    this.map.openPopup(this.popup);
    var shown = entry.claims.slice(0, POPUP_CLAIMS);
    this.claimDetails(shown).then(function (details) {
      self._fillClaims(box, details);
    }, function (error) {
      el('p', 'cm-popup-error', 'The claims could not be read here: ' + error.message, box);
      box.setAttribute('data-loaded', 'error');
    });
    return true;
  };

  ClaimMapView.prototype._fillClaims = function (box, details) {
    var self = this, list = box.querySelector('.cm-claims'), listed = 0;
    details.forEach(function (c) { if (c) { list.appendChild(self.claimItem(c)); listed += 1; } });
    var total = this.popupEntry ? this.popupEntry.count : listed;
    if (total > listed) {
      box.querySelector('.cm-popup-count').textContent += ' (the first ' + listed + ' listed here)';
    }
    box.setAttribute('data-loaded', '1');
    if (this.popup.isOpen()) { this.popup.update(); }
  };

  /** Where the feature is and how precisely: its layer, places, other side, precision. */
  ClaimMapView.prototype._popupMeta = function (entry, box) {
    var meta = el('div', 'cm-popup-meta', null, box), places = this.places;
    el('div', 'cm-layer-name', this.layerStyle(entry.layer).label +
      (entry.kind && !entry.line ? ' \u00b7 ' + this.kindStyle(entry.kind).label : ''), meta);
    var names = entry.places.map(function (p) { return places.name[p]; });
    if (entry.layer === 'crossings') { names = names.slice(0, 1); }
    var joined = names.join(' \u2192 ');
    if (joined && joined !== entry.label) { el('div', 'cm-places', joined, meta); }
    if (entry.other) {
      el('div', 'cm-other-side', 'Other side of the border: ' + entry.other[0] +
        (entry.other[1] ? ' (' + entry.other[1] + ')' : ''), meta);
    }
    var dist = formatDistance(entry.radius);
    if (dist) {
      el('div', 'cm-precision', entry.layer === 'areas' ?
        'Area of uncertainty: the claim names a whole region (radius about ' + dist + ')' :
        'Location known to within about ' + dist, meta);
    }
  };

  ClaimMapView.prototype.popupContent = function (entry) {
    var box = el('div', 'cm-popup');
    box.setAttribute('data-feature-id', entry.id);
    var head = el('div', 'cm-popup-head', null, box);
    swatch('shape', { shape: this.kindStyle(entry.kind).shape, color: this.typeStyle(entry.type).color },
      head);
    el('h3', 'cm-popup-title', entry.label || entry.id, head);
    this._popupMeta(entry, box);
    var summary = el('div', 'cm-popup-summary', null, box);
    el('span', 'cm-popup-count', plural(entry.count, 'claim'), summary);
    if (entry.sources !== undefined && entry.sources !== null) {
      el('span', null, ' \u00b7 independent sources: ' + entry.sources, summary);
    }
    if (entry.conflict) { el('span', 'cm-badge cm-badge-conflict', 'sources conflict', summary); }
    el('ol', 'cm-claims', null, box);
    return box;
  };

  /** Who reports it and where: claimant, outlet (a link only for http(s)), groups named. */
  function attribution(c, item) {
    var attrib = el('div', 'cm-attrib', null, item);
    if (c.claimant) {
      attrib.appendChild(document.createTextNode('According to '));
      el('span', 'cm-claimant', c.claimant, attrib);
    }
    var outlet = el('div', 'cm-outlet', null, item);
    outlet.appendChild(document.createTextNode('Reported by '));
    var href = safeUrl(c.url);
    var label = c.outlet || c.source_id || 'unknown source';
    if (href) {
      var a = el('a', 'cm-source-link', label, outlet);
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    } else {
      el('span', 'cm-source-name', label, outlet);
      if (c.url) { el('span', 'cm-url-text', ' (' + c.url + ')', outlet); }
    }
    if (Array.isArray(c.actors) && c.actors.length) {
      el('div', 'cm-actors', 'Groups named: ' + c.actors.join(', '), item);
    }
  }

  /** When, as reported: the dates (inferred ones marked), the document's, the note. */
  function timing(c, item) {
    var dates = el('div', 'cm-dates' + (c.date_inferred ? ' cm-inferred' : ''),
      'Event date: ' + formatDates(c), item);
    if (c.date_inferred) { el('span', 'cm-badge cm-inferred-badge', 'inferred by the analyst', dates); }
    if (c.published) {
      el('div', 'cm-published', 'Document published: ' + c.published +
        (c.published_end && c.published_end !== c.published ? ' \u2013 ' + c.published_end : ''), item);
    }
    if (c.date_note) { el('div', 'cm-date-note', c.date_note, item); }
  }

  /** Figures, provenance, grading and conflicts, as reported. */
  function assessment(c, item) {
    if (Array.isArray(c.quantities) && c.quantities.length) {
      var ql = el('ul', 'cm-quantities', null, item);
      c.quantities.forEach(function (q) {
        el('li', null, (q.what ? words(q.what) + ': ' : '') + (q.text || ''), ql);
      });
    }
    var prov = [];
    if (c.independent_sources !== undefined && c.independent_sources !== null) {
      prov.push('independent sources: ' + c.independent_sources);
    }
    if (c.grade) { prov.push('grade ' + c.grade + (c.grading_note ? ' (' + c.grading_note + ')' : '')); }
    if (prov.length) { el('div', 'cm-provenance', prov.join(' \u00b7 '), item); }
    if (c.group_title) { el('div', 'cm-group', 'Reported claim: ' + c.group_title, item); }
    if (Array.isArray(c.conflicts) && c.conflicts.length) {
      var cl = el('ul', 'cm-conflicts', null, item);
      el('li', 'cm-conflicts-title', 'Sources differ:', cl);
      c.conflicts.forEach(function (text) { el('li', null, text, cl); });
    }
  }

  ClaimMapView.prototype.claimItem = function (c) {
    var ts = this.typeStyle(c.type);
    var match = spanMatch(spanOfClaim(c), this.win) || 'none';
    var item = el('li', 'cm-claim cm-match-' + match + (match === 'none' ? ' cm-out-of-window' : ''));
    if (c.claim_id !== undefined) { item.setAttribute('data-claim-id', String(c.claim_id)); }
    var top = el('div', 'cm-claim-type', null, item);
    swatch('type', ts, top);
    el('span', 'cm-type-label', ts.label || words(c.type), top);
    if (c.status) { el('span', 'cm-badge cm-status', words(c.status), top); }
    if (MATCH_BADGES[match]) { el('span', 'cm-badge cm-match', MATCH_BADGES[match], top); }
    if (c.statement) { el('p', 'cm-statement', c.statement, item); }
    if (c.quote) { el('blockquote', 'cm-quote', '\u201c' + c.quote + '\u201d', item); }
    attribution(c, item);
    timing(c, item);
    assessment(c, item);
    return item;
  };
}(window, window.ClaimMap));
